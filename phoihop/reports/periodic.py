"""The periodic oversight report, built from the live record: a period × a scope (a
province, or every case the user may see) → ``ReportData`` for the three files.

Every count carries the cases behind it (the report's appendix). Counts follow the
access policy: a report shows only what its author may see, and says so."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Sum
from django.utils import translation

from phoihop.accounts.access import actor_for
from phoihop.agencies.issuer import document_variant, issuing_place, symbol_code
from phoihop.agencies.models import Province
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
from phoihop.coordination.models import (
    OPEN_REQUEST_STATUSES,
    Directive,
    Escalation,
    RequestKind,
    Task,
)
from phoihop.coordination.services.access import requests_visible_to
from phoihop.documents.layout import DocumentNumber, Signer
from phoihop.documents.report_data import (
    CaseRef,
    Figure,
    OverdueRow,
    Period,
    ReportData,
    Section,
)
from phoihop.domain.clocks.derive import clock_label
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.stages import Stage
from phoihop.domain.reporting import ReportPeriod

REPORT_TITLE = "Kết quả theo dõi, đôn đốc, phối hợp xử lý các vụ án, vụ việc"
BOTTLENECK_KINDS = (RequestKind.EXPERTISE, RequestKind.VALUATION)


def _ref(case: Case) -> CaseRef:
    return CaseRef(
        key=case.national_code or f"#{case.pk}", title=case.title, province=case.province.name
    )


def _refs(cases: Iterable[Case]) -> tuple[CaseRef, ...]:
    return tuple(_ref(case) for case in cases)


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
) -> ReportData:
    agency = user.agency
    scope_query = visible_cases(actor_for(user))
    if province is not None:
        scope_query = scope_query.filter(province=province)
    # Followed in the period: opened by its end and not closed before it began.
    followed = list(
        scope_query.filter(opened_on__lte=period.end)
        .exclude(stage__in=CLOSED_STAGES, last_event_on__lt=period.start)
        .select_related("province")
        .order_by("opened_on", "pk")
        .distinct()
    )
    ids = [case.pk for case in followed]
    by_id = {case.pk: case for case in followed}

    def cases_of(case_ids: Iterable[int]) -> tuple[CaseRef, ...]:
        return _refs(by_id[pk] for pk in sorted(set(case_ids)) if pk in by_id)

    scope_name = (
        f"địa bàn tỉnh, thành phố {province.name}"
        if province
        else f"phạm vi theo dõi của {agency.name}"
    )
    sections = [
        _overview(followed, period, scope_name, cases_of),
        _stages(followed, cases_of),
        _new(followed, ids, period, cases_of),
        _officials(ids, cases_of),
        _assets(ids, period, cases_of),
        _bottlenecks(user, ids, period, today, cases_of),
        _disagreements(ids, period, today, cases_of),
    ]
    overdue = _overdue(ids, by_id, today)
    with translation.override("vi"):
        return ReportData(
            variant=document_variant(agency),
            superior_agency=None,
            issuing_agency=agency.name,
            number=DocumentNumber(agency_code=symbol_code(agency), type_code="BC"),
            place=issuing_place(agency),
            issued_on=today,
            title=f"{REPORT_TITLE} {period.label}",
            scope=scope_name,
            period=Period(start=period.start, end=period.end, label=period.label),
            sections=sections,
            overdue=overdue,
            proposals=tuple(p for p in proposals if p.strip()),
            signer=Signer(
                title=signer_title or "THỦ TRƯỞNG CƠ QUAN",
                name=signer_name or user.full_name or user.username,
            ),
            recipients=("Như trên", "Lưu: VT"),
            generated_at=generated_at,
            notes=(
                f"Số liệu lấy từ hồ sơ dùng chung lúc {generated_at:%H:%M ngày %d/%m/%Y}, "
                "trong phạm vi vụ án người lập báo cáo được tiếp cận.",
            ),
        )


def _overview(
    followed: list[Case], period: ReportPeriod, scope_name: str, cases_of: Any
) -> Section:
    active = [c for c in followed if c.stage not in CLOSED_STAGES]
    criminal = [c for c in followed if c.kind == "criminal_case"]
    return Section(
        heading="Tình hình chung",
        paragraphs=(
            f"Trong {period.label}, trên {scope_name}, các cơ quan theo dõi, phối hợp xử lý "
            f"{len(followed)} vụ án, vụ việc ({len(criminal)} vụ án hình sự); "
            f"{len(active)} vụ đang giải quyết.",
        ),
        figures=(
            Figure("Vụ án, vụ việc theo dõi trong kỳ", len(followed), _refs(followed)),
            Figure("Trong đó: vụ án hình sự", len(criminal), _refs(criminal)),
            Figure("Đang giải quyết (chưa kết thúc)", len(active), _refs(active)),
        ),
    )


def _stages(followed: list[Case], cases_of: Any) -> Section:
    by_stage: dict[str, list[Case]] = defaultdict(list)
    for case in followed:
        by_stage[case.stage].append(case)
    with translation.override("vi"):
        figures = tuple(
            Figure(
                str(STAGE_LABELS[stage]), len(by_stage[stage.value]), _refs(by_stage[stage.value])
            )
            for stage in Stage
            if by_stage.get(stage.value)
        )
    return Section(
        heading="Vụ án, vụ việc theo giai đoạn tố tụng (tại thời điểm lập báo cáo)",
        figures=figures,
        chart=True,
    )


def _new(followed: list[Case], ids: list[int], period: ReportPeriod, cases_of: Any) -> Section:
    opened = [c for c in followed if period.start <= c.opened_on <= period.end]
    charged = CaseEvent.objects.filter(
        case_id__in=ids,
        type=EventType.SUSPECT_CHARGED.value,
        date__range=(period.start, period.end),
    ).values_list("case_id", flat=True)
    charged_cases = list(charged)
    return Section(
        heading="Vụ án, vụ việc mới và bị can mới khởi tố trong kỳ",
        figures=(
            Figure("Vụ án, vụ việc mới", len(opened), _refs(opened)),
            Figure(
                "Bị can bị khởi tố trong kỳ", len(charged_cases), cases_of(charged_cases), "người"
            ),
        ),
    )


def _officials(ids: list[int], cases_of: Any) -> Section:
    accused = Person.objects.filter(case_id__in=ids, role=PersonRole.ACCUSED)
    officials = list(accused.filter(is_official=True).values_list("case_id", flat=True))
    members = list(accused.filter(is_party_member=True).values_list("case_id", flat=True))
    return Section(
        heading="Cán bộ, đảng viên liên quan",
        figures=(
            Figure("Bị can là cán bộ, công chức", len(officials), cases_of(officials), "người"),
            Figure("Bị can là đảng viên", len(members), cases_of(members), "người"),
        ),
    )


def _assets(ids: list[int], period: ReportPeriod, cases_of: Any) -> Section:
    rows = (
        AssetAction.objects.filter(case_id__in=ids, date__range=(period.start, period.end))
        .values("kind")
        .annotate(total=Sum("amount_vnd"))
    )
    totals = {row["kind"]: int(row["total"] or 0) for row in rows}
    case_ids: dict[str, list[int]] = defaultdict(list)
    for kind, case_id in AssetAction.objects.filter(
        case_id__in=ids, date__range=(period.start, period.end)
    ).values_list("kind", "case_id"):
        case_ids[kind].append(case_id)
    with translation.override("vi"):
        figures = [
            Figure(
                str(kind.label), totals.get(kind.value, 0), cases_of(case_ids[kind.value]), "đồng"
            )
            for kind in AssetKind
        ]
    damage = totals.get(AssetKind.DAMAGE.value, 0)
    recovered = totals.get(AssetKind.RECOVERED.value, 0)
    share = f"{100 * recovered / damage:.1f}%".replace(".", ",") if damage else "—"
    return Section(
        heading="Thiệt hại và thu hồi tài sản trong kỳ",
        paragraphs=(f"Tỷ lệ thu hồi so với thiệt hại xác định trong kỳ: {share}.",),
        figures=tuple(figures),
    )


def _bottlenecks(
    user: Any, ids: list[int], period: ReportPeriod, today: dt.date, cases_of: Any
) -> Section:
    """Expert requests still unanswered, as the record stands now, measured up to the
    end of the period or today when the period is still running (a request due next
    month is not late yet). A request answered since the period ended counts as
    answered: the record keeps the answer's date, not each day's status."""
    until = min(period.end, today)
    requests = requests_visible_to(user).filter(
        case_id__in=ids, kind__in=[k.value for k in BOTTLENECK_KINDS], sent_on__lte=until
    )
    figures: list[Figure] = []
    paragraphs: list[str] = []
    with translation.override("vi"):
        for kind in BOTTLENECK_KINDS:
            of_kind = requests.filter(kind=kind.value)
            open_at_end = list(
                of_kind.filter(status__in=OPEN_REQUEST_STATUSES).values_list(
                    "case_id", "sent_on", "due_on"
                )
            )
            late = [case_id for case_id, _, due_on in open_at_end if due_on < until]
            waited = [(until - sent_on).days for _, sent_on, _ in open_at_end]
            label = str(kind.label).lower()
            figures.append(
                Figure(
                    f"Yêu cầu {label} chưa có kết quả",
                    len(open_at_end),
                    cases_of(case_id for case_id, _, _ in open_at_end),
                    "yêu cầu",
                )
            )
            figures.append(
                Figure(f"Trong đó quá hạn trả lời ({label})", len(late), cases_of(late), "yêu cầu")
            )
            if waited:
                paragraphs.append(
                    f"Yêu cầu {label}: {len(open_at_end)} yêu cầu chưa có kết quả, đã chờ "
                    f"trung vị {statistics.median(waited):.0f} ngày."
                )
    return Section(
        heading="Vướng mắc về giám định, định giá tài sản",
        paragraphs=tuple(paragraphs),
        figures=tuple(figures),
    )


def _disagreements(ids: list[int], period: ReportPeriod, today: dt.date, cases_of: Any) -> Section:
    escalated = list(
        Escalation.objects.filter(
            case_id__in=ids, created_at__date__range=(period.start, period.end)
        ).values_list("case_id", flat=True)
    )
    awaiting = list(
        Escalation.objects.filter(case_id__in=ids, directive__isnull=True).values_list(
            "case_id", flat=True
        )
    )
    directives = list(
        Directive.objects.filter(
            case_id__in=ids, issued_on__range=(period.start, period.end)
        ).values_list("case_id", flat=True)
    )
    late_tasks = list(
        Task.objects.filter(
            directive__case_id__in=ids, done_on__isnull=True, due_on__lt=today
        ).values_list("directive__case_id", flat=True)
    )
    return Section(
        heading="Ý kiến khác nhau, kiến nghị và chỉ đạo",
        figures=(
            Figure(
                "Vụ việc xin ý kiến cấp có thẩm quyền trong kỳ",
                len(escalated),
                cases_of(escalated),
                "lần",
            ),
            Figure("Đang chờ ý kiến chỉ đạo", len(awaiting), cases_of(awaiting), "lần"),
            Figure(
                "Ý kiến chỉ đạo ban hành trong kỳ", len(directives), cases_of(directives), "văn bản"
            ),
            Figure(
                "Nhiệm vụ chỉ đạo quá hạn chưa hoàn thành",
                len(late_tasks),
                cases_of(late_tasks),
                "nhiệm vụ",
            ),
        ),
    )


def _overdue(ids: list[int], by_id: dict[int, Case], today: dt.date) -> tuple[OverdueRow, ...]:
    clocks = (
        Clock.objects.filter(case_id__in=ids, status=ClockStatus.OVERDUE, deadline__isnull=False)
        .order_by("deadline", "pk")
        .values_list("case_id", "code", "deadline")
    )
    handling: dict[int, list[str]] = defaultdict(list)
    for case_id, name in (
        CaseAgency.objects.filter(case_id__in=ids, role="handling")
        .order_by("agency__name")
        .values_list("case_id", "agency__short_name")
    ):
        handling[case_id].append(name)
    return tuple(
        OverdueRow(
            case=_ref(by_id[case_id]),
            clock=clock_label(code),
            deadline=deadline,
            days_overdue=(today - deadline).days,
            agencies=", ".join(handling[case_id]),
        )
        for case_id, code, deadline in clocks
        if deadline is not None  # filtered in the query; for the type checker
    )


def count_check(data: ReportData) -> dict[str, int]:
    """Each case-counted figure and how many distinct cases its appendix lists."""
    return {
        figure.label: len({ref.key for ref in figure.cases})
        for section in data.sections
        for figure in section.figures
        if figure.unit == "vụ"
    }
