"""The periodic oversight report, built from the live record: a period × a scope (a
province, or every case the user may see) → ``ReportData`` for the three files.

Every count carries the cases behind it (the report's appendix). Counts follow the
access policy: a report shows only what its author may see, and says so."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models import Case as DjangoCase
from django.db.models.functions import RowNumber
from django.utils import timezone, translation

from phoihop.accounts.access import actor_for
from phoihop.agencies.issuer import issuer_for
from phoihop.agencies.models import Province
from phoihop.agencies.signing import Signing
from phoihop.cases.labels import STAGE_LABELS
from phoihop.cases.models import (
    AssetAction,
    AssetKind,
    Case,
    CaseAgency,
    CaseEvent,
    Person,
    PersonRole,
)
from phoihop.cases.selectors import CLOSED_STAGES, visible_cases
from phoihop.clocks.models import Clock, ClockStatus
from phoihop.clocks.selectors import needing_update, past_maximum
from phoihop.coordination.models import (
    OPEN_REQUEST_STATUSES,
    Directive,
    Escalation,
    RequestKind,
    Task,
)
from phoihop.coordination.services.access import requests_visible_to
from phoihop.documents.layout import Signer
from phoihop.documents.marks import SecretMark
from phoihop.documents.report_data import (
    CaseRef,
    Figure,
    OverdueRow,
    Period,
    ReportData,
    Section,
)
from phoihop.domain.access.classification import Classification
from phoihop.domain.clocks.derive import clock_label
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.reporting import ReportPeriod

REPORT_TITLE = "Kết quả theo dõi, đôn đốc, phối hợp xử lý các vụ án, vụ việc"
BOTTLENECK_KINDS = (RequestKind.EXPERTISE, RequestKind.VALUATION)
# Cases listed in the appendix for each figure (the count is always whole): enough for
# any province's report; a national one lists the most recently registered and says
# how many there are (``Figure.cases_total``).
APPENDIX_LIMIT = 1000


@dataclass(frozen=True)
class _Draft:
    """A figure before its cases are named: every figure's ids are named in one query."""

    label: str
    value: int
    ids: tuple[int, ...] = ()
    unit: str = "vụ"
    cases_total: int = 0


class _Appendix:
    """Which cases each figure lists: at most ``limit``, the most recently registered
    first (the highest id), read with the figure's count, never the whole set."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def draft(self, label: str, rows: QuerySet[Any], unit: str = "vụ") -> _Draft:
        """A figure counting ``rows``, listing the distinct cases of those rows; ``rows``
        must have a ``case_id``."""
        return self.drafts(rows, [(label, Q())], unit)[0]

    def drafts(
        self, rows: QuerySet[Any], parts: Sequence[tuple[str, Q]], unit: str, *, summed: str = ""
    ) -> list[_Draft]:
        """One figure per (label, condition) over the same rows, read in one grouped
        query: the rows (or the sum of their ``summed`` field: money), their distinct
        cases, and the ``limit`` most recently registered of those."""
        flags: dict[str, Any] = {}
        for index, (_, where) in enumerate(parts):
            flags[f"rows{index}"] = Count("pk", filter=where)
            if summed:
                flags[f"sum{index}"] = Sum(summed, filter=where)
        # The rows any figure counts (an empty Q, all rows, stays empty when ORed).
        wanted = functools.reduce(operator.or_, [where for _, where in parts])
        grouped = (
            rows.filter(wanted).order_by().values("case_id").annotate(**flags).order_by("-case_id")
        )
        values = [0] * len(parts)
        cases = [0] * len(parts)
        ids: list[list[int]] = [[] for _ in parts]
        for row in grouped:
            for index in range(len(parts)):
                if not row[f"rows{index}"]:
                    continue
                values[index] += (row[f"sum{index}"] or 0) if summed else row[f"rows{index}"]
                cases[index] += 1
                if len(ids[index]) < self.limit:
                    ids[index].append(row["case_id"])
        return [
            _Draft(label, int(values[index]), tuple(ids[index]), unit, cases[index])
            for index, (label, _) in enumerate(parts)
        ]

    def named(self, drafts: Iterable[_Draft], refs: dict[int, CaseRef]) -> tuple[Figure, ...]:
        return tuple(
            Figure(
                draft.label,
                draft.value,
                tuple(refs[pk] for pk in draft.ids),
                draft.unit,
                draft.cases_total if draft.cases_total > len(draft.ids) else None,
            )
            for draft in drafts
        )


def _refs(ids: set[int]) -> dict[int, CaseRef]:
    refs = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 5000):
        rows = Case.objects.filter(pk__in=ordered[start : start + 5000]).values_list(
            "pk", "national_code", "title", "province__name"
        )
        for pk, code, title, province in rows:
            refs[pk] = CaseRef(key=code or f"#{pk}", title=title, province=province)
    return refs


def report_data(
    *,
    user: Any,
    period: ReportPeriod,
    province: Province | None,
    today: dt.date,
    generated_at: dt.datetime,
    proposals: Sequence[str] = (),
    signer_title: str = "",
    signer_name: str = "",
    appendix_limit: int = APPENDIX_LIMIT,
    signing: Signing | None = None,
) -> ReportData:
    """The report, read from the record with grouped counts: nothing is loaded case by
    case, so a national report over a million cases reads in seconds."""
    # The moment the figures were read, as the reader's clock on the wall says it: in
    # Vietnam's time, whatever zone the server keeps.
    generated_at = timezone.localtime(generated_at)
    agency = user.agency
    scope_query = visible_cases(actor_for(user))
    if province is not None:
        scope_query = scope_query.filter(province=province)
    if signing is not None and signing.without_classified:
        scope_query = scope_query.filter(classification=Classification.NONE)
    # Followed in the period: opened by its end and not closed before it began.
    followed = scope_query.filter(opened_on__lte=period.end).exclude(
        stage__in=CLOSED_STAGES, last_event_on__lt=period.start
    )
    in_scope = followed.values("pk")
    appendix = _Appendix(appendix_limit)
    scope_name = (
        f"địa bàn tỉnh, thành phố {province.name}"
        if province
        else f"phạm vi theo dõi của {agency.name}"
    )
    listing = _followed(followed, period, appendix_limit)
    drafted = [
        ("Tình hình chung", _overview(listing, period, scope_name)),
        (
            "Vụ án, vụ việc theo giai đoạn tố tụng (tại thời điểm lập báo cáo)",
            _stages(listing),
        ),
        (
            "Vụ án, vụ việc mới và bị can mới khởi tố trong kỳ",
            _new(listing, in_scope, period, appendix),
        ),
        ("Cán bộ, đảng viên liên quan", _officials(in_scope, appendix)),
        ("Thiệt hại và thu hồi tài sản trong kỳ", _assets(in_scope, period, appendix)),
        (
            "Vướng mắc về giám định, định giá tài sản",
            _bottlenecks(user, in_scope, period, today, appendix),
        ),
        (
            "Ý kiến khác nhau, kiến nghị và chỉ đạo",
            _disagreements(in_scope, period, today, appendix),
        ),
        ("Thời hạn tố tụng vượt mức tối đa", _limits(in_scope, period, today, appendix)),
    ]
    overdue_rows, overdue_total = _overdue(in_scope, today, appendix_limit)
    wanted = {pk for _, (_, drafts, _) in drafted for draft in drafts for pk in draft.ids}
    wanted.update(case_id for case_id, *_ in overdue_rows)
    refs = _refs(wanted)
    sections = [
        Section(
            heading=heading,
            paragraphs=paragraphs,
            figures=appendix.named(drafts, refs),
            chart=chart,
        )
        for heading, (paragraphs, drafts, chart) in drafted
    ]
    overdue = _overdue_named(overdue_rows, refs, today)
    issuer = signing.issuer if signing is not None else issuer_for(agency)
    signer = (
        signing.signer
        if signing is not None
        else Signer(
            title=signer_title or issuer.head_title,
            name=signer_name or user.full_name or user.username,
        )
    )
    recipients = signing.recipients if signing is not None else issuer.usual_recipients
    # The report counts every followed case and its appendix may name any of them: it
    # holds the highest state secret among them.
    levels = followed.order_by().values_list("classification", flat=True).distinct()
    with translation.override("vi"):
        return ReportData(
            variant=issuer.variant,
            superior_agency=issuer.superior,
            issuing_agency=issuer.name,
            number=issuer.number("BC"),
            place=issuer.place,
            issued_on=today,
            title=f"{REPORT_TITLE} {period.label}",
            scope=scope_name,
            period=Period(start=period.start, end=period.end, label=period.label),
            sections=sections,
            overdue=overdue,
            proposals=tuple(p for p in proposals if p.strip()),
            signer=signer,
            recipients=recipients,
            generated_at=generated_at,
            notes=(
                "Số liệu lấy từ hồ sơ dùng chung, trong phạm vi vụ án người lập báo cáo "
                "được tiếp cận"
                + (
                    ", không gồm vụ án, vụ việc có độ mật."
                    if signing and signing.without_classified
                    else "."
                ),
            ),
            overdue_total=overdue_total if overdue_total > len(overdue) else None,
            secret_mark=SecretMark.highest(levels),
            drafter=user.full_name or user.username,
        )


Drafted = tuple[tuple[str, ...], list[_Draft], bool]  # paragraphs, figures, drawn as a chart


@dataclass(frozen=True)
class _Followed:
    """The cases followed in the period, counted by stage, kind and whether opened in
    the period; and of each such group the ``limit`` most recently registered."""

    counts: dict[tuple[str, str, bool], int]
    tops: list[tuple[int, str, str, bool]]  # (id, stage, kind, opened in the period)
    limit: int

    def draft(self, label: str, admits: Any) -> _Draft:
        value = sum(n for key, n in self.counts.items() if admits(*key))
        ids = tuple(pk for pk, *key in self.tops if admits(*key))[: self.limit]
        return _Draft(label, value, ids, "vụ", value)


def _followed(followed: QuerySet[Case], period: ReportPeriod, limit: int) -> _Followed:
    opened_in_period = DjangoCase(
        When(opened_on__range=(period.start, period.end), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    grouped = followed.annotate(new=opened_in_period).order_by()
    counts = {
        (stage, kind, new): n
        for stage, kind, new, n in grouped.values_list("stage", "kind", "new").annotate(
            n=Count("pk")
        )
    }
    # One pass: of each (stage, kind, new) group its ``limit`` newest, from which every
    # figure's newest ``limit`` are picked (each figure is a union of such groups).
    ranked = grouped.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("stage"), F("kind"), F("new")],
            order_by=F("pk").desc(),
        )
    ).filter(rank__lte=limit)
    tops = sorted(ranked.values_list("pk", "stage", "kind", "new"), reverse=True)
    return _Followed(counts, tops, limit)


def _overview(listing: _Followed, period: ReportPeriod, scope_name: str) -> Drafted:
    drafts = [
        listing.draft("Vụ án, vụ việc theo dõi trong kỳ", lambda stage, kind, new: True),
        listing.draft("Trong đó: vụ án hình sự", lambda stage, kind, new: kind == "criminal_case"),
        listing.draft(
            "Đang giải quyết (chưa kết thúc)", lambda stage, kind, new: stage not in CLOSED_STAGES
        ),
    ]
    followed, criminal, active = (draft.value for draft in drafts)
    paragraph = (
        f"Trong {period.label}, trên {scope_name}, các cơ quan theo dõi, phối hợp xử lý "
        f"{followed} vụ án, vụ việc ({criminal} vụ án hình sự); {active} vụ đang giải quyết."
    )
    return (paragraph,), drafts, False


def _stages(listing: _Followed) -> Drafted:
    present = {stage for stage, _, _ in listing.counts}
    with translation.override("vi"):
        drafts = [
            listing.draft(
                str(STAGE_LABELS[stage]), lambda at, kind, new, stage=stage: at == stage.value
            )
            for stage in Stage
            if stage.value in present
        ]
    return (), [draft for draft in drafts if draft.value], True


def _new(
    listing: _Followed, in_scope: QuerySet[Any], period: ReportPeriod, appendix: _Appendix
) -> Drafted:
    charged = CaseEvent.objects.filter(
        case__in=in_scope,
        type=EventType.SUSPECT_CHARGED.value,
        date__range=(period.start, period.end),
    )
    return (
        (),
        [
            listing.draft("Vụ án, vụ việc mới", lambda stage, kind, new: new),
            appendix.draft("Bị can bị khởi tố trong kỳ", charged, "người"),
        ],
        False,
    )


def _officials(in_scope: QuerySet[Any], appendix: _Appendix) -> Drafted:
    accused = Person.objects.filter(case__in=in_scope, role=PersonRole.ACCUSED)
    parts = [
        ("Bị can là cán bộ, công chức", Q(is_official=True)),
        ("Bị can là đảng viên", Q(is_party_member=True)),
    ]
    return (), appendix.drafts(accused, parts, "người"), False


def _assets(in_scope: QuerySet[Any], period: ReportPeriod, appendix: _Appendix) -> Drafted:
    actions = AssetAction.objects.filter(case__in=in_scope, date__range=(period.start, period.end))
    with translation.override("vi"):
        parts = [(str(kind.label), Q(kind=kind.value)) for kind in AssetKind]
    drafts = appendix.drafts(actions, parts, "đồng", summed="amount_vnd")
    totals = {kind.value: draft.value for kind, draft in zip(AssetKind, drafts, strict=True)}
    damage = totals[AssetKind.DAMAGE.value]
    recovered = totals[AssetKind.RECOVERED.value]
    share = f"{100 * recovered / damage:.1f}%".replace(".", ",") if damage else "—"
    return (f"Tỷ lệ thu hồi so với thiệt hại xác định trong kỳ: {share}.",), drafts, False


def _bottlenecks(
    user: Any, in_scope: QuerySet[Any], period: ReportPeriod, today: dt.date, appendix: _Appendix
) -> Drafted:
    """Expert requests still unanswered, as the record stands now, measured up to the
    end of the period or today when the period is still running (a request due next
    month is not late yet). A request answered since the period ended counts as
    answered: the record keeps the answer's date, not each day's status."""
    until = min(period.end, today)
    requests = requests_visible_to(user).filter(
        case__in=in_scope, kind__in=[k.value for k in BOTTLENECK_KINDS], sent_on__lte=until
    )
    drafts: list[_Draft] = []
    paragraphs: list[str] = []
    with translation.override("vi"):
        for kind in BOTTLENECK_KINDS:
            open_at_end = requests.filter(kind=kind.value, status__in=OPEN_REQUEST_STATUSES)
            label = str(kind.label).lower()
            drafts.append(
                appendix.draft(f"Yêu cầu {label} chưa có kết quả", open_at_end, "yêu cầu")
            )
            drafts.append(
                appendix.draft(
                    f"Trong đó quá hạn trả lời ({label})",
                    open_at_end.filter(due_on__lt=until),
                    "yêu cầu",
                )
            )
            waited = [
                (until - sent_on).days for sent_on in open_at_end.values_list("sent_on", flat=True)
            ]
            if waited:
                paragraphs.append(
                    f"Yêu cầu {label}: {len(waited)} yêu cầu chưa có kết quả, đã chờ "
                    f"trung vị {statistics.median(waited):.0f} ngày."
                )
    return tuple(paragraphs), drafts, False


def _disagreements(
    in_scope: QuerySet[Any], period: ReportPeriod, today: dt.date, appendix: _Appendix
) -> Drafted:
    escalations = Escalation.objects.filter(case__in=in_scope)
    late_tasks = Task.objects.filter(
        directive__case__in=in_scope, done_on__isnull=True, due_on__lt=today
    ).annotate(case_id=F("directive__case_id"))
    return (
        (),
        [
            appendix.draft(
                "Vụ việc xin ý kiến cấp có thẩm quyền trong kỳ",
                escalations.filter(created_at__date__range=(period.start, period.end)),
                "lần",
            ),
            appendix.draft(
                "Đang chờ ý kiến chỉ đạo", escalations.filter(directive__isnull=True), "lần"
            ),
            appendix.draft(
                "Ý kiến chỉ đạo ban hành trong kỳ",
                Directive.objects.filter(
                    case__in=in_scope, issued_on__range=(period.start, period.end)
                ),
                "văn bản",
            ),
            appendix.draft("Nhiệm vụ chỉ đạo quá hạn chưa hoàn thành", late_tasks, "nhiệm vụ"),
        ],
        False,
    )


def _limits(
    in_scope: QuerySet[Any], period: ReportPeriod, today: dt.date, appendix: _Appendix
) -> Drafted:
    """Clocks that ran past the longest the law allows (ended so in the period, or still
    open past it), and the overdue clocks open only because a later decision was never
    entered, counted apart and left out of the overdue list (``needing_update``)."""
    until = min(period.end, today)
    clocks = Clock.objects.filter(case__in=in_scope)
    stale = clocks.filter(needing_update(today))
    past = clocks.filter(past_maximum(period.start, until)).exclude(needing_update(today))
    drafts = [
        appendix.draft("Thời hạn tố tụng vượt thời hạn tối đa luật định", past, "thời hạn"),
        appendix.draft(
            "Thời hạn cần cập nhật (quyết định tiếp theo chưa được ghi nhận, không tính là "
            "quá hạn)",
            stale,
            "thời hạn",
        ),
    ]
    return (), drafts, False


def _overdue(
    in_scope: QuerySet[Any], today: dt.date, limit: int
) -> tuple[list[tuple[int, str, dt.date, str]], int]:
    """The longest overdue clocks (at most ``limit``) with their handling agencies, and
    how many there are; those needing an update are counted in ``_limits`` instead."""
    clocks = (
        Clock.objects.filter(case__in=in_scope, status=ClockStatus.OVERDUE, deadline__isnull=False)
        .exclude(needing_update(today))
        .annotate(total=Window(Count("pk")))  # how many, read with the first ``limit``
    )
    listed = list(
        clocks.order_by("deadline", "pk").values_list("case_id", "code", "deadline", "total")[
            :limit
        ]
    )
    total = listed[0][3] if listed else 0
    rows = [(case_id, code, deadline) for case_id, code, deadline, _ in listed]
    handling: dict[int, list[str]] = defaultdict(list)
    for case_id, name in (
        CaseAgency.objects.filter(case_id__in={case_id for case_id, _, _ in rows}, role="handling")
        .order_by("agency__name")
        .values_list("case_id", "agency__short_name")
    ):
        handling[case_id].append(name)
    return [
        (case_id, code, deadline, ", ".join(handling[case_id]))
        for case_id, code, deadline in rows
        if deadline is not None  # filtered in the query; for the type checker
    ], total


def _overdue_named(
    rows: list[tuple[int, str, dt.date, str]], refs: dict[int, CaseRef], today: dt.date
) -> tuple[OverdueRow, ...]:
    return tuple(
        OverdueRow(
            case=refs[case_id],
            clock=clock_label(code),
            deadline=deadline,
            days_overdue=(today - deadline).days,
            agencies=agencies,
        )
        for case_id, code, deadline, agencies in rows
    )


def count_check(data: ReportData) -> dict[str, int]:
    """Each case-counted figure and how many distinct cases its appendix lists."""
    return {
        figure.label: len({ref.key for ref in figure.cases})
        for section in data.sections
        for figure in section.figures
        if figure.unit == "vụ"
    }
