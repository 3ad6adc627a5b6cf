"""A release's way from draft to the public page.

draft → in review → approved → published; a reviewer may send it back to draft. A
leader approves. A release about a classified case is published only once a leader has
confirmed that it carries no classified field: the figures check cannot know what the
case file marks secret, a person who has read it can."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from phoihop.domain.errors import AccessDenied, RuleViolation, TransitionNotAllowed


class ReleaseStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"


RELEASE_STATUS_LABELS_VI: Mapping[ReleaseStatus, str] = MappingProxyType(
    {
        ReleaseStatus.DRAFT: "Dự thảo",
        ReleaseStatus.IN_REVIEW: "Đang trình duyệt",
        ReleaseStatus.APPROVED: "Đã duyệt",
        ReleaseStatus.PUBLISHED: "Đã công bố",
    }
)

_R = ReleaseStatus
RELEASE_TRANSITIONS: Mapping[ReleaseStatus, frozenset[ReleaseStatus]] = MappingProxyType(
    {
        _R.DRAFT: frozenset({_R.IN_REVIEW}),
        _R.IN_REVIEW: frozenset({_R.DRAFT, _R.APPROVED}),
        _R.APPROVED: frozenset({_R.PUBLISHED, _R.DRAFT}),
        _R.PUBLISHED: frozenset(),
    }
)


# The steps only a leader takes.
LEADER_STEPS = frozenset({_R.APPROVED, _R.PUBLISHED})


def release_steps(status: ReleaseStatus, *, by_leader: bool) -> list[ReleaseStatus]:
    """The statuses the actor may move a release to from ``status``, in the order of
    the way a release goes."""
    return [
        to
        for to in ReleaseStatus
        if to in RELEASE_TRANSITIONS[status] and (by_leader or to not in LEADER_STEPS)
    ]


def release_transition(
    status: ReleaseStatus,
    to: ReleaseStatus,
    *,
    by_leader: bool,
    classified: bool,
    classified_fields_excluded: bool,
) -> ReleaseStatus:
    """The new status, or the rule that refuses it."""
    if to not in RELEASE_TRANSITIONS[status]:
        raise TransitionNotAllowed(
            f"Thông tin đang ở trạng thái «{RELEASE_STATUS_LABELS_VI[status]}», không thể "
            f"chuyển sang «{RELEASE_STATUS_LABELS_VI[to]}».",
            code="release.transition.not_allowed",
            field="status",
            params={"status": status.value, "to": to.value},
        )
    if to in LEADER_STEPS and not by_leader:
        # What a role may not do is refused like what may not be seen (DESIGN §5).
        raise AccessDenied(
            "Chỉ lãnh đạo được duyệt và công bố thông tin.",
            code="release.leader_only",
            field="status",
        )
    if to is _R.PUBLISHED and classified and not classified_fields_excluded:
        raise RuleViolation(
            "Vụ án có độ mật: lãnh đạo phải xác nhận thông tin không chứa nội dung thuộc "
            "bí mật nhà nước trước khi công bố.",
            code="release.classified_unconfirmed",
            field="classified_fields_excluded",
        )
    return to
