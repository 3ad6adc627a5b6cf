"""Public information on case results and the false-information register: every step
checked against the rules of phoihop.domain.publicity, written with its audit entry in
one transaction."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from phoihop.accounts.access import actor_for
from phoihop.audit.services import audit_record
from phoihop.cases.labels import stage_label
from phoihop.cases.models import AssetKind, Case
from phoihop.cases.selectors import case_facts, case_get_for, visible_cases
from phoihop.core.errors import NotFound, StaleRecord
from phoihop.core.money import MoneySum
from phoihop.domain.access.policy import Actor, may_view
from phoihop.domain.coordination.inputs import required_text
from phoihop.domain.errors import AccessDenied, InvalidInput
from phoihop.domain.publicity.access import may_approve_release, may_draft_release
from phoihop.domain.publicity.false_reports import (
    FalseReportStatus,
    MonthCount,
    Verdict,
    false_report_transition,
    monthly_figures,
)
from phoihop.domain.publicity.figures import Contradiction, RecordFigures, contradictions
from phoihop.domain.publicity.names import NameRule, names_not_allowed, shown_name
from phoihop.domain.publicity.releases import ReleaseStatus, release_transition
from phoihop.publicity.models import FalseReport, PressRelease
from phoihop.publicity.public import public_changed

_NOT_FOUND = "Không tìm thấy thông tin."


def record_figures(case: Case) -> RecordFigures:
    """The figures a release about ``case`` may state: its accused, and its damage
    assessed and amounts recovered (the sums of its asset actions)."""
    sums = dict(
        case.asset_actions.filter(kind__in=[AssetKind.DAMAGE, AssetKind.RECOVERED])
        .values_list("kind")
        .annotate(total=MoneySum("amount_vnd"))
    )
    return RecordFigures(
        accused=case.persons.filter(role="accused").count(),
        damage_vnd=int(sums.get(AssetKind.DAMAGE, 0) or 0),
        recovered_vnd=int(sums.get(AssetKind.RECOVERED, 0) or 0),
    )


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def draft_text(case: Case, rule: NameRule) -> str:
    """The release's first text, from the record: stage, accused, damage, recovery."""
    figures = record_figures(case)
    accused = [
        shown_name(name, rule)
        for name in case.persons.filter(role="accused").values_list("full_name", flat=True)
    ]
    named = [name for name in accused if name]
    lines = [
        f"{case.title}.",
        f"Giai đoạn tố tụng hiện nay: {stage_label(case.stage)}.",
        f"Số bị can: {figures.accused}" + (f" ({', '.join(named)})." if named else "."),
    ]
    if figures.damage_vnd:
        lines.append(f"Hành vi gây thiệt hại {_money(figures.damage_vnd)}.")
    if figures.recovered_vnd:
        lines.append(f"Đến nay đã thu hồi {_money(figures.recovered_vnd)}.")
    return "\n".join(lines)


@dataclass(frozen=True)
class ReleaseCheck:
    """What a reviewer must see before approving: figures the record contradicts, and
    names the release's rule forbids."""

    contradictions: list[Contradiction]
    forbidden_names: list[str]

    @property
    def clean(self) -> bool:
        return not self.contradictions and not self.forbidden_names


def release_check(release: PressRelease) -> ReleaseCheck:
    text = f"{release.title}\n{release.body}"
    names = release.case.persons.filter(role="accused").values_list("full_name", flat=True)
    return ReleaseCheck(
        contradictions=contradictions(text, record_figures(release.case)),
        forbidden_names=names_not_allowed(text, list(names), NameRule(release.name_rule)),
    )


def _require_drafter(user: Any) -> int:
    actor = actor_for(user)
    if not may_draft_release(actor) or actor.agency_id is None:
        raise AccessDenied("Tài khoản của bạn không được soạn thông tin công bố.")
    return actor.agency_id


def release_draft(*, user: Any, case_id: int, name_rule: str, now: dt.datetime) -> PressRelease:
    agency_id = _require_drafter(user)
    try:
        rule = NameRule(name_rule)
    except ValueError:
        raise InvalidInput("Cách nêu tên bị can không hợp lệ.", field="name_rule") from None
    with transaction.atomic():
        case = case_get_for(actor_for(user), case_id)
        release = PressRelease.objects.create(
            case=case,
            agency_id=agency_id,
            title=f"Thông tin về kết quả xử lý {case.title}"[:300],
            body=draft_text(case, rule),
            name_rule=rule.value,
            drafted_by=user,
            created_at=now,
        )
        audit_record(
            actor=user, action="release.drafted", at=now, target=release, data={"case": case.pk}
        )
    return release


def releases_visible_to(user: Any) -> QuerySet[PressRelease]:
    """Releases about cases the user may see, for a user who drafts them."""
    actor = actor_for(user)
    if not may_draft_release(actor):
        return PressRelease.objects.none()
    return PressRelease.objects.filter(case__in=visible_cases(actor).values("pk"))


def publicity_records(case: Case) -> dict[str, QuerySet[Any]]:
    """Each kind of record of the public-information card about the case, unfiltered,
    for ``cases.selectors.records_present``."""
    return {
        "releases": PressRelease.objects.filter(case=case),
        "false_reports": FalseReport.objects.filter(cases=case),
    }


def case_publicity(
    user: Any, case: Case, *, present: Collection[str] | None = None
) -> dict[str, Any] | None:
    """The case page's public-information card: its releases and the register entries
    about it, for a user who drafts releases; None for anyone else. ``present``, when
    the caller knows it, the kinds of ``publicity_records`` the case has any of: the
    others are not asked."""
    actor = actor_for(user)
    if not may_draft_release(actor):
        return None
    return {
        "releases": list(case.releases.order_by("-created_at", "-id"))
        if present is None or "releases" in present
        else [],
        "false_reports": _false_reports_about(actor, case)
        if present is None or "false_reports" in present
        else [],
    }


def _false_reports_about(actor: Actor, case: Case) -> list[FalseReport]:
    """``false_reports_visible_to`` for one case: the entries naming it whose every case
    the actor may see. Asked from the entries' side (few name a given case): the
    register's whole filter compared them with every case the actor may not see,
    nearly all of the nation's, on each view of a case page."""
    entries = list(FalseReport.objects.filter(cases=case))
    if not entries:
        return []
    named = FalseReport.cases.through.objects.filter(falsereport__in=entries)
    pairs = list(named.values_list("falsereport_id", "case_id"))
    seen = set(
        visible_cases(actor)
        .filter(pk__in={case_id for _, case_id in pairs})
        .values_list("pk", flat=True)
    )
    hidden = {entry for entry, case_id in pairs if case_id not in seen}
    return [entry for entry in entries if entry.pk not in hidden]


def cases_by_codes(user: Any, codes: str) -> list[int]:
    """The cases named by their national codes (separated by commas, semicolons or
    lines), each one the user may see."""
    wanted = [code for code in re.split(r"[,;\s]+", codes) if code]
    found = dict(
        visible_cases(actor_for(user))
        .filter(national_code__in=wanted)
        .values_list("national_code", "pk")
    )
    missing = [code for code in wanted if code not in found]
    if missing:
        raise InvalidInput(f"Không tìm thấy vụ án có mã {', '.join(missing)}.", field="other_cases")
    return [found[code] for code in wanted]


def release_get_for(user: Any, release_id: Any) -> PressRelease:
    """A release of a case the user may see, whose drafting they take part in."""
    try:
        release = PressRelease.objects.select_related("case").get(pk=int(release_id))
    except (PressRelease.DoesNotExist, ValueError, TypeError):
        raise NotFound(_NOT_FOUND) from None
    actor = actor_for(user)
    if not may_draft_release(actor) or not may_view(actor, case_facts(release.case)):
        raise NotFound(_NOT_FOUND)
    return release


def _locked(user: Any, release_id: int, expected_version: int | None) -> PressRelease:
    release = release_get_for(user, release_id)
    release = PressRelease.objects.select_for_update().select_related("case").get(pk=release.pk)
    if expected_version is not None and release.version != expected_version:
        raise StaleRecord("Thông tin vừa được người khác sửa; hãy tải lại trang.")
    return release


def release_edit(
    *,
    user: Any,
    release_id: int,
    expected_version: int | None,
    title: str,
    body: str,
    name_rule: str,
    now: dt.datetime,
) -> PressRelease:
    _require_drafter(user)
    try:
        rule = NameRule(name_rule)
    except ValueError:
        raise InvalidInput("Cách nêu tên bị can không hợp lệ.", field="name_rule") from None
    with transaction.atomic():
        release = _locked(user, release_id, expected_version)
        if release.status != ReleaseStatus.DRAFT:
            raise InvalidInput("Chỉ sửa được thông tin ở trạng thái dự thảo.", field="status")
        release.title = required_text(title, field="title", what="tiêu đề")[:300]
        release.body = required_text(body, field="body", what="nội dung thông tin")
        release.name_rule = rule.value
        release.version += 1
        release.save(update_fields=["title", "body", "name_rule", "version"])
        audit_record(actor=user, action="release.edited", at=now, target=release)
    return release


def release_move(
    *,
    user: Any,
    release_id: int,
    expected_version: int | None,
    to: str,
    classified_fields_excluded: bool = False,
    now: dt.datetime,
) -> PressRelease:
    """Send for review, send back, approve, publish. Approval is refused while the
    check finds a contradicted figure or a forbidden name; publishing a classified
    case's release needs the leader's confirmation, given here."""
    actor = actor_for(user)
    try:
        target = ReleaseStatus(to)
    except ValueError:
        raise InvalidInput("Trạng thái không hợp lệ.", field="status") from None
    with transaction.atomic():
        release = _locked(user, release_id, expected_version)
        leader = may_approve_release(actor)
        confirmed = release.classified_fields_excluded or (leader and classified_fields_excluded)
        release_transition(
            ReleaseStatus(release.status),
            target,
            by_leader=leader,
            classified=release.case.classification > 0,
            classified_fields_excluded=confirmed,
        )
        if target is ReleaseStatus.APPROVED:
            check = release_check(release)
            if not check.clean:
                problems = [c.message for c in check.contradictions] + [
                    f"Nêu họ tên «{name}» trái với cách nêu tên đã chọn."
                    for name in check.forbidden_names
                ]
                raise InvalidInput(" ".join(problems), field="body")
            release.approved_by = user
        release.status = target.value
        release.classified_fields_excluded = confirmed
        if target is ReleaseStatus.PUBLISHED:
            release.published_at = now
            release.public_ref = secrets.token_hex(6)
        release.version += 1
        release.save()
        audit_record(
            actor=user,
            action="release.moved",
            at=now,
            target=release,
            data={"to": target.value, "classified_fields_excluded": confirmed},
        )
        if target is ReleaseStatus.PUBLISHED:
            _rebutted(user, release, now)
            transaction.on_commit(public_changed)
    return release


def _rebutted(user: Any, release: PressRelease, now: dt.datetime) -> None:
    """A published rebuttal moves the register entries it answers to "rebutted"."""
    for report in release.rebutted_reports.select_for_update().filter(
        status=FalseReportStatus.REBUTTAL_DRAFTED
    ):
        report.status = false_report_transition(
            FalseReportStatus(report.status),
            FalseReportStatus.REBUTTED,
            verdict=Verdict(report.verdict),
        ).value
        report.version += 1
        report.save(update_fields=["status", "version"])
        audit_record(
            actor=user,
            action="false_report.moved",
            at=now,
            target=report,
            data={"to": report.status, "release": release.pk},
        )


def false_report_record(
    *,
    user: Any,
    platform: str,
    address: str,
    first_seen_on: dt.date,
    reach: str,
    claim: str,
    case_ids: list[int],
    now: dt.datetime,
) -> FalseReport:
    agency_id = _require_drafter(user)
    if first_seen_on > timezone.localdate(now):
        raise InvalidInput("Ngày phát hiện không được sau hôm nay.", field="first_seen_on")
    with transaction.atomic():
        cases = [case_get_for(actor_for(user), case_id) for case_id in case_ids]
        report = FalseReport.objects.create(
            agency_id=agency_id,
            platform=required_text(platform, field="platform", what="nơi đăng tải")[:100],
            address=address.strip()[:500],
            first_seen_on=first_seen_on,
            reach=reach.strip()[:200],
            claim=required_text(claim, field="claim", what="nội dung thông tin"),
            recorded_by=user,
            created_at=now,
        )
        report.cases.set(cases)
        audit_record(
            actor=user,
            action="false_report.recorded",
            at=now,
            target=report,
            data={"cases": [c.pk for c in cases], "platform": report.platform},
        )
    return report


def false_reports_visible_to(user: Any) -> Any:
    """Entries for a user who drafts public information, and only when every case
    they name is one the user may see: an entry tells what is said about its cases."""
    actor = actor_for(user)
    if not may_draft_release(actor):
        return FalseReport.objects.none()
    hidden = Case.objects.exclude(pk__in=visible_cases(actor).values("pk"))
    return FalseReport.objects.exclude(cases__in=hidden.values("pk")).distinct()


def false_report_move(
    *,
    user: Any,
    report_id: int,
    expected_version: int | None,
    to: str,
    verdict: str = "",
    refuting_fact: str = "",
    rebuttal_id: int | None = None,
    referred_to: str = "",
    now: dt.datetime,
) -> FalseReport:
    _require_drafter(user)
    try:
        target = FalseReportStatus(to)
        given = Verdict(verdict) if verdict else None
    except ValueError:
        raise InvalidInput(
            "Trạng thái hoặc kết quả đánh giá không hợp lệ.", field="status"
        ) from None
    with transaction.atomic():
        # Seen first, then locked: FOR UPDATE cannot take the visibility's DISTINCT.
        if not false_reports_visible_to(user).filter(pk=report_id).exists():
            raise NotFound(_NOT_FOUND)
        report = FalseReport.objects.select_for_update().get(pk=report_id)
        if expected_version is not None and report.version != expected_version:
            raise StaleRecord("Thông tin vừa được người khác sửa; hãy tải lại trang.")
        verdict_now = given or (Verdict(report.verdict) if report.verdict else None)
        fact = refuting_fact.strip() or report.refuting_fact
        false_report_transition(
            FalseReportStatus(report.status), target, verdict=verdict_now, refuting_fact=fact
        )
        if target is FalseReportStatus.REBUTTAL_DRAFTED:
            if rebuttal_id is None:
                raise InvalidInput("Cần chọn thông tin phản bác đã soạn.", field="rebuttal")
            release = release_get_for(user, rebuttal_id)
            if release.case_id not in set(report.cases.values_list("pk", flat=True)):
                raise InvalidInput(
                    "Thông tin phản bác phải về một vụ án mà thông tin sai sự thật nêu.",
                    field="rebuttal",
                )
            report.rebuttal = release
        if target is FalseReportStatus.REBUTTED and (
            report.rebuttal is None or report.rebuttal.status != ReleaseStatus.PUBLISHED
        ):
            raise InvalidInput(
                "Thông tin phản bác chưa được công bố: mục này chuyển sang «đã công bố "
                "thông tin phản bác» khi lãnh đạo công bố thông tin đó.",
                field="status",
            )
        if target is FalseReportStatus.REFERRED:
            report.referred_to = required_text(
                referred_to, field="referred_to", what="cơ quan có thẩm quyền"
            )[:300]
        report.status = target.value
        report.verdict = verdict_now.value if verdict_now else ""
        report.refuting_fact = fact
        report.version += 1
        report.save()
        audit_record(
            actor=user,
            action="false_report.moved",
            at=now,
            target=report,
            data={"to": target.value},
        )
    return report


def false_report_months(user: Any, *, year: int) -> list[MonthCount]:
    """The year's entries the user may see, by month of first sighting, platform and
    current status."""
    rows = (
        false_reports_visible_to(user)
        .filter(first_seen_on__year=year)
        .values_list("first_seen_on", "platform", "status")
    )
    return monthly_figures(
        (seen_on, platform, FalseReportStatus(status)) for seen_on, platform, status in rows
    )
