"""The register of false or distorted claims (thông tin sai sự thật, luận điệu xuyên
tạc): how an entry moves from first seen to closed.

new → assessed (false, partly false, or true) → rebuttal drafted → rebutted (its
release published), or referred to the competent agency at any point after
assessment → closed. A claim assessed true has nothing to rebut: it is closed, or
referred. Nothing is ever fetched from where the claim appeared: its platform and
address are text an officer typed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from phoihop.domain.errors import InvalidInput, TransitionNotAllowed


class Verdict(StrEnum):
    FALSE = "false"  # sai sự thật
    PARTLY_FALSE = "partly_false"  # sai một phần, xuyên tạc
    TRUE = "true"  # đúng sự thật


VERDICT_LABELS_VI: Mapping[Verdict, str] = MappingProxyType(
    {
        Verdict.FALSE: "Sai sự thật",
        Verdict.PARTLY_FALSE: "Sai một phần, xuyên tạc",
        Verdict.TRUE: "Đúng sự thật",
    }
)


class FalseReportStatus(StrEnum):
    NEW = "new"
    ASSESSED = "assessed"
    REBUTTAL_DRAFTED = "rebuttal_drafted"
    REBUTTED = "rebutted"  # the rebuttal was published as a release
    REFERRED = "referred"  # to the competent agency for handling
    CLOSED = "closed"


FALSE_REPORT_STATUS_LABELS_VI: Mapping[FalseReportStatus, str] = MappingProxyType(
    {
        FalseReportStatus.NEW: "Mới phát hiện",
        FalseReportStatus.ASSESSED: "Đã đánh giá",
        FalseReportStatus.REBUTTAL_DRAFTED: "Đã dự thảo thông tin phản bác",
        FalseReportStatus.REBUTTED: "Đã công bố thông tin phản bác",
        FalseReportStatus.REFERRED: "Đã chuyển cơ quan có thẩm quyền xử lý",
        FalseReportStatus.CLOSED: "Đã kết thúc",
    }
)

_F = FalseReportStatus
FALSE_REPORT_TRANSITIONS: Mapping[FalseReportStatus, frozenset[FalseReportStatus]] = (
    MappingProxyType(
        {
            _F.NEW: frozenset({_F.ASSESSED}),
            _F.ASSESSED: frozenset({_F.REBUTTAL_DRAFTED, _F.REFERRED, _F.CLOSED}),
            _F.REBUTTAL_DRAFTED: frozenset({_F.REBUTTED, _F.REFERRED}),
            _F.REBUTTED: frozenset({_F.CLOSED}),
            _F.REFERRED: frozenset({_F.CLOSED}),
            _F.CLOSED: frozenset(),
        }
    )
)


def false_report_transition(
    status: FalseReportStatus,
    to: FalseReportStatus,
    *,
    verdict: Verdict | None,
    refuting_fact: str = "",
) -> FalseReportStatus:
    """The new status; the verdict is needed from assessment on, and a rebuttal needs
    a claim found false at least in part and the fact of the record that refutes it."""
    if to not in FALSE_REPORT_TRANSITIONS[status]:
        raise TransitionNotAllowed(
            f"Thông tin sai sự thật đang ở trạng thái «{FALSE_REPORT_STATUS_LABELS_VI[status]}», "
            f"không thể chuyển sang «{FALSE_REPORT_STATUS_LABELS_VI[to]}».",
            code="false_report.transition.not_allowed",
            field="status",
            params={"status": status.value, "to": to.value},
        )
    if to is _F.ASSESSED and verdict is None:
        raise InvalidInput("Cần chọn kết quả đánh giá thông tin.", field="verdict")
    if to is _F.REBUTTAL_DRAFTED:
        if verdict is Verdict.TRUE:
            raise InvalidInput(
                "Thông tin được đánh giá là đúng sự thật: không có gì để phản bác.",
                field="verdict",
            )
        if not refuting_fact.strip():
            raise InvalidInput(
                "Cần nêu sự thật trong hồ sơ vụ án bác bỏ thông tin này.",
                field="refuting_fact",
            )
    return to


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day of the month
    platform: str
    status: FalseReportStatus
    count: int


def monthly_figures(
    entries: Iterable[tuple[date, str, FalseReportStatus]],
) -> list[MonthCount]:
    """Entries first seen each month, by platform and current status; months in order,
    then platforms, then statuses in the order of the way an entry moves.

    Platforms are typed by hand: " facebook " and "Facebook" are one platform (spaces
    and case folded), named by the spelling that sorts first ("Facebook")."""
    order = {status: i for i, status in enumerate(FalseReportStatus)}
    counts: dict[tuple[date, str, FalseReportStatus], int] = {}
    spelling: dict[str, str] = {}
    for seen_on, platform, status in entries:
        typed = " ".join(platform.split())
        folded = typed.casefold()
        spelling[folded] = min(spelling.get(folded, typed), typed)
        key = (seen_on.replace(day=1), folded, status)
        counts[key] = counts.get(key, 0) + 1
    return [
        MonthCount(month, spelling[platform], status, count)
        for (month, platform, status), count in sorted(
            counts.items(), key=lambda item: (item[0][0], item[0][1], order[item[0][2]])
        )
    ]
