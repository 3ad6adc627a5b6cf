"""The periodic oversight report, built from the live record: a period × a scope (a
province, or every case the user may see) → ``ReportData`` for the three files.

Every count carries the cases behind it (the report's appendix). Counts follow the
access policy: a report shows only what its author may see, and says so."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Count, F, Q, QuerySet, Value, When, Window
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
from phoihop.clocks.models import Clock
from phoihop.clocks.selectors import needing_update_on, overdue_on, past_maximum_by
from phoihop.coordination.models import (
    Directive,
    Escalation,
    ObstacleCategory,
    RequestKind,
)
from phoihop.coordination.services.access import requests_visible_to
from phoihop.core.money import MoneySum, money_sum_function
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
from phoihop.domain.reporting.numbers import vietnamese_number
from phoihop.reports.figures import (
    awaiting_authority,
    median_days,
    open_requests,
    overdue_tasks,
    unresolved_obstacles,
)

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
    rows: int = 0  # the rows behind it (clocks, requests…), when it counts their cases


class _Appendix:
    """Which cases each figure lists: at most ``limit``, the most recently registered
    first (the highest id), read with the figure's count, never the whole set."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def draft(
        self, label: str, rows: QuerySet[Any], unit: str = "vụ", *, by_case: bool = False
    ) -> _Draft:
        """A figure counting ``rows``, listing the distinct cases of those rows; ``rows``
        must have a ``case_id``."""
        return self.drafts(rows, [(label, Q())], unit, by_case=by_case)[0]

    def drafts(
        self,
        rows: QuerySet[Any],
        parts: Sequence[tuple[str, Q]],
        unit: str,
        *,
        summed: str = "",
        by_case: bool = False,
    ) -> list[_Draft]:
        """One figure per (label, condition) over the same rows, read in one grouped
        query: the rows (or the sum of their ``summed`` field: money; or, ``by_case``,
        the cases they fall on, as the overview counts), their distinct cases, and the
        ``limit`` most recently registered of those."""
        flags: dict[str, Any] = {}
        for index, (_, where) in enumerate(parts):
            flags[f"rows{index}"] = Count("pk", filter=where)
            if summed:
                flags[f"sum{index}"] = MoneySum(summed, filter=where)
        # The rows any figure counts (an empty Q, all rows, stays empty when ORed).
        wanted = functools.reduce(operator.or_, [where for _, where in parts])
        grouped = rows.filter(wanted).order_by().values("case_id").annotate(**flags)
        found = self._ranked(grouped, len(parts), summed=bool(summed))
        drafts = []
        for index, (label, _) in enumerate(parts):
            totals, ids = found[index]
            rows_total, cases_total, sum_total = totals
            value = cases_total if by_case else sum_total if summed else rows_total
            drafts.append(_Draft(label, value, ids, unit, cases_total, rows_total))
        return drafts

    def _ranked(
        self, grouped: QuerySet[Any], count: int, *, summed: bool
    ) -> list[tuple[tuple[int, int, int], tuple[int, ...]]]:
        """For each of ``count`` figures of a query grouped by case (``rows<i>`` and
        ``sum<i>`` per case): its rows, cases and sum over every case, and its ``limit``
        highest case ids. The database ranks and sums (window functions over the grouped
        query), so what comes back is at most ``limit`` cases a figure, not one row for
        every case a national figure counts."""
        inner, params = grouped.query.get_compiler(using=grouped.db).as_sql()
        # One window, one sort: each figure's rank is the running count of its cases, the
        # highest id first; its totals, the window over every case.
        columns = []
        money_sum = money_sum_function(connections[grouped.db])
        for index in range(count):
            counted = f"CASE WHEN g.rows{index} > 0 THEN 1 ELSE 0 END"
            columns += [
                f"SUM(g.rows{index}) OVER () AS rows_total{index}",
                f"SUM({counted}) OVER () AS cases_total{index}",
                f"SUM({counted}) OVER newest AS rank{index}",
                f"{money_sum}(g.sum{index}) OVER () AS sum_total{index}"
                if summed
                else f"0 AS sum_total{index}",
            ]
        kept = " OR ".join(f"(rows{index} > 0 AND rank{index} <= %s)" for index in range(count))
        sql = (
            f"SELECT * FROM (SELECT g.*, {', '.join(columns)} FROM ({inner}) g "
            "WINDOW newest AS (ORDER BY g.case_id DESC ROWS UNBOUNDED PRECEDING)) r "
            f"WHERE {kept} ORDER BY case_id DESC"
        )
        with connections[grouped.db].cursor() as cursor:
            cursor.execute(sql, [*params, *[self.limit] * count])
            names = [column[0] for column in cursor.description]
            found_rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        first = found_rows[0] if found_rows else {}  # every row carries the totals

        def total(name: str) -> int:
            return int(first.get(name) or 0)

        return [
            (
                (total(f"rows_total{i}"), total(f"cases_total{i}"), total(f"sum_total{i}")),
                tuple(
                    row["case_id"]
                    for row in found_rows
                    if row[f"rows{i}"] and row[f"rank{i}"] <= self.limit
                ),
            )
            for i in range(count)
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
    appendix = _Appendix(appendix_limit)
    scope_name = (
        f"địa bàn tỉnh, thành phố {province.name}"
        if province
        else f"phạm vi theo dõi của {agency.name}"
    )
    # Each table counts as of the day its heading says (``_Dates``).
    dates = _Dates(period, today)
    drafted = _drafted(user, scope_query, followed, dates, scope_name, appendix)
    overdue_rows, overdue_total = _overdue(scope_query.values("pk"), dates.on, appendix_limit)
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
    overdue = _overdue_named(overdue_rows, refs, dates.on)
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
    # The report counts every case of its scope (the stage table, the figures at the
    # period's end) and its appendix may name any of them: it holds the highest state
    # secret among them.
    levels = scope_query.order_by().values_list("classification", flat=True).distinct()
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


def _day(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _n(value: int) -> str:
    """A count in a sentence, grouped the Vietnamese way (1.121), as the tables write it."""
    return vietnamese_number(value)


@dataclass(frozen=True)
class _Dates:
    """The days the report's tables count on, each named in its heading.

    A figure of the period counts what is dated within it: from its first day to its
    last, or to today for a period still running (``on``). A figure at a day counts
    what stood on ``on``, read from the dates the record keeps (a clock's start,
    deadline and end; a request's answer; each status an obstacle entered; a directive's
    issue; a task's completion); for a period that ends today it is the overview's
    figure. What the record keeps only as it stands now (a case's stage, who is
    accused) is counted on the day the report is drawn up, "đến ngày lập báo cáo"."""

    period: ReportPeriod
    today: dt.date

    @property
    def on(self) -> dt.date:
        return min(self.period.end, self.today)

    @property
    def during(self) -> str:
        return f"từ ngày {_day(self.period.start)} đến ngày {_day(self.on)}"

    @property
    def at_end(self) -> str:
        return f"đến ngày {_day(self.on)}"

    @property
    def at_report(self) -> str:
        return f"đến ngày lập báo cáo {_day(self.today)}"


def _drafted(
    user: Any,
    scope: QuerySet[Case],
    followed: QuerySet[Case],
    dates: _Dates,
    scope_name: str,
    appendix: _Appendix,
) -> list[tuple[str, Drafted]]:
    """Every section's figures, headed by what they count and as of when. The figures
    the overview also shows count every case of the scope, as it does; the period's
    own figures count the cases followed in the period."""
    in_scope = scope.values("pk")
    in_followed = followed.values("pk")
    listing = _followed(followed, dates, appendix.limit)
    return [
        (
            f"Tình hình chung trong kỳ ({dates.during})",
            _overview(listing, dates, scope_name),
        ),
        (
            f"Vụ án, vụ việc theo giai đoạn tố tụng ({dates.at_report})",
            _stages(scope, appendix.limit),
        ),
        (
            f"Vụ án, vụ việc mới và bị can mới khởi tố trong kỳ ({dates.during})",
            _new(listing, in_followed, dates, appendix),
        ),
        (f"Cán bộ, đảng viên liên quan ({dates.at_report})", _officials(in_followed, appendix)),
        (
            f"Thiệt hại và thu hồi tài sản trong kỳ ({dates.during})",
            _assets(in_followed, dates, appendix),
        ),
        (
            f"Thiệt hại và thu hồi tài sản, lũy kế ({dates.at_end})",
            _assets_to_date(in_scope, dates, appendix),
        ),
        (
            f"Vướng mắc về giám định, định giá tài sản và vướng mắc khác ({dates.at_end})",
            _bottlenecks(user, in_scope, dates, appendix),
        ),
        (
            f"Ý kiến khác nhau, kiến nghị và chỉ đạo trong kỳ ({dates.during})",
            _disagreements(in_followed, dates, appendix),
        ),
        (
            f"Chờ ý kiến chỉ đạo, nhiệm vụ chỉ đạo quá hạn ({dates.at_end})",
            _directions(in_scope, dates, appendix),
        ),
        (f"Thời hạn tố tụng ({dates.at_end})", _limits(in_scope, dates, appendix)),
    ]


@dataclass(frozen=True)
class _Followed:
    """The cases followed in the period, counted by stage, kind, whether opened in the
    period and whether closed by its last day; and of each such group the ``limit``
    most recently registered."""

    counts: dict[tuple[str, str, bool, bool], int]
    tops: list[tuple[int, str, str, bool, bool]]  # (id, stage, kind, new, closed)
    limit: int

    def draft(self, label: str, admits: Any) -> _Draft:
        value = sum(n for key, n in self.counts.items() if admits(*key))
        ids = tuple(pk for pk, *key in self.tops if admits(*key))[: self.limit]
        return _Draft(label, value, ids, "vụ", value)


def _followed(followed: QuerySet[Case], dates: _Dates, limit: int) -> _Followed:
    opened_in_period = DjangoCase(
        When(opened_on__range=(dates.period.start, dates.on), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    # Closed by the period's last day: its closing decision dated by then (the record
    # keeps the present stage and the day of the last decision, not each day's stage).
    closed_by_end = DjangoCase(
        When(stage__in=CLOSED_STAGES, last_event_on__lte=dates.on, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    grouped = followed.annotate(new=opened_in_period, closed=closed_by_end).order_by()
    counts = {
        (stage, kind, new, closed): n
        for stage, kind, new, closed, n in grouped.values_list(
            "stage", "kind", "new", "closed"
        ).annotate(n=Count("pk"))
    }
    # One pass: of each group its ``limit`` newest, from which every figure's newest
    # ``limit`` are picked (each figure is a union of such groups).
    ranked = grouped.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("stage"), F("kind"), F("new"), F("closed")],
            order_by=F("pk").desc(),
        )
    ).filter(rank__lte=limit)
    tops = sorted(ranked.values_list("pk", "stage", "kind", "new", "closed"), reverse=True)
    return _Followed(counts, tops, limit)


def _overview(listing: _Followed, dates: _Dates, scope_name: str) -> Drafted:
    drafts = [
        listing.draft("Vụ án, vụ việc theo dõi trong kỳ", lambda *_: True),
        listing.draft(
            "Trong đó: vụ án hình sự", lambda stage, kind, new, closed: kind == "criminal_case"
        ),
        listing.draft(
            f"Đang giải quyết (chưa kết thúc) đến ngày {_day(dates.on)}",
            lambda stage, kind, new, closed: not closed,
        ),
    ]
    followed, criminal, active = (draft.value for draft in drafts)
    paragraph = (
        f"Trong {dates.period.label}, trên {scope_name}, các cơ quan theo dõi, phối hợp xử lý "
        f"{_n(followed)} vụ án, vụ việc ({_n(criminal)} vụ án hình sự); đến ngày "
        f"{_day(dates.on)}, {_n(active)} vụ đang giải quyết."
    )
    return (paragraph,), drafts, False


def _stages(scope: QuerySet[Case], limit: int) -> Drafted:
    """Every case of the scope by its stage, as the overview counts them: the record
    keeps each case's present stage, so the table is as of the report's day."""
    cases = scope.order_by()
    counts = dict(cases.values_list("stage").annotate(n=Count("pk")))
    ranked = cases.annotate(
        rank=Window(RowNumber(), partition_by=[F("stage")], order_by=F("pk").desc())
    ).filter(rank__lte=limit)
    tops: dict[str, list[int]] = defaultdict(list)
    for pk, stage in sorted(ranked.values_list("pk", "stage"), reverse=True):
        tops[stage].append(pk)
    with translation.override("vi"):
        drafts = [
            _Draft(
                str(STAGE_LABELS[stage]),
                counts[stage.value],
                tuple(tops[stage.value]),
                "vụ",
                counts[stage.value],
            )
            for stage in Stage
            if counts.get(stage.value)
        ]
    paragraph = (
        f"Tổng số {_n(sum(counts.values()))} vụ án, vụ việc thuộc phạm vi báo cáo, theo giai "
        "đoạn tố tụng tại ngày lập báo cáo (hồ sơ ghi giai đoạn hiện tại của mỗi vụ án, "
        "không ghi giai đoạn tại từng ngày đã qua)."
    )
    return (paragraph,), drafts, True


def _new(
    listing: _Followed, in_followed: QuerySet[Any], dates: _Dates, appendix: _Appendix
) -> Drafted:
    charged = CaseEvent.objects.filter(
        case__in=in_followed,
        type=EventType.SUSPECT_CHARGED.value,
        date__range=(dates.period.start, dates.on),
    )
    return (
        (),
        [
            listing.draft("Vụ án, vụ việc mới", lambda stage, kind, new, closed: new),
            appendix.draft("Bị can bị khởi tố trong kỳ", charged, "người"),
        ],
        False,
    )


def _officials(in_followed: QuerySet[Any], appendix: _Appendix) -> Drafted:
    accused = Person.objects.filter(case__in=in_followed, role=PersonRole.ACCUSED)
    parts = [
        ("Bị can là cán bộ, công chức", Q(is_official=True)),
        ("Bị can là đảng viên", Q(is_party_member=True)),
    ]
    return (), appendix.drafts(accused, parts, "người"), False


def _share(recovered: int, damage: int) -> str:
    return f"{vietnamese_number(100 * recovered / damage, 1)}%" if damage else "—"


def _asset_drafts(
    actions: QuerySet[Any], appendix: _Appendix, suffix: str = ""
) -> tuple[list[_Draft], str]:
    """The sum of each kind of asset action and the cases behind it, with the share of
    the damage recovered."""
    with translation.override("vi"):
        parts = [(f"{kind.label}{suffix}", Q(kind=kind.value)) for kind in AssetKind]
    drafts = appendix.drafts(actions, parts, "đồng", summed="amount_vnd")
    totals = {kind.value: draft.value for kind, draft in zip(AssetKind, drafts, strict=True)}
    return drafts, _share(totals[AssetKind.RECOVERED.value], totals[AssetKind.DAMAGE.value])


def _assets(in_followed: QuerySet[Any], dates: _Dates, appendix: _Appendix) -> Drafted:
    actions = AssetAction.objects.filter(
        case__in=in_followed, date__range=(dates.period.start, dates.on)
    )
    drafts, share = _asset_drafts(actions, appendix)
    return (f"Tỷ lệ thu hồi so với thiệt hại xác định trong kỳ: {share}.",), drafts, False


def _assets_to_date(in_scope: QuerySet[Any], dates: _Dates, appendix: _Appendix) -> Drafted:
    """Every asset action of the scope dated by the period's last day: the overview's
    sums by kind, and its cases."""
    actions = AssetAction.objects.filter(case__in=in_scope, date__lte=dates.on)
    drafts, share = _asset_drafts(actions, appendix, " (lũy kế)")
    paragraph = f"Tỷ lệ thu hồi so với thiệt hại xác định, lũy kế đến ngày {_day(dates.on)}: "
    return (f"{paragraph}{share}.",), drafts, False


def _bottlenecks(user: Any, in_scope: QuerySet[Any], dates: _Dates, appendix: _Appendix) -> Drafted:
    """Expert requests unanswered on the period's last day (sent by then, not answered,
    declined or cancelled by then: the record keeps each day), the cases waiting on
    them and how long the requests had waited, as the overview counts them; then the
    cases with an obstacle not yet resolved, by its kind."""
    on = dates.on
    requests = requests_visible_to(user).filter(
        open_requests(on), case__in=in_scope, kind__in=[k.value for k in BOTTLENECK_KINDS]
    )
    drafts: list[_Draft] = []
    paragraphs: list[str] = []
    with translation.override("vi"):
        for kind in BOTTLENECK_KINDS:
            waiting = requests.filter(kind=kind.value)
            label = str(kind.label).lower()
            drafts.append(
                appendix.draft(f"Vụ án, vụ việc chờ kết quả {label}", waiting, by_case=True)
            )
            drafts.append(appendix.draft(f"Yêu cầu {label} chưa có kết quả", waiting, "yêu cầu"))
            drafts.append(
                appendix.draft(
                    f"Trong đó quá hạn trả lời ({label})",
                    waiting.filter(due_on__lt=on),
                    "yêu cầu",
                )
            )
            waited = [(on - sent_on).days for sent_on in waiting.values_list("sent_on", flat=True)]
            if waited:
                paragraphs.append(
                    f"Yêu cầu {label}: {_n(len(waited))} yêu cầu chưa có kết quả, đã chờ "
                    f"trung vị {_n(median_days(waited))} ngày."
                )
        stuck = unresolved_obstacles(on).filter(case__in=in_scope)
        drafts.append(
            appendix.draft("Vụ án, vụ việc có vướng mắc chưa được tháo gỡ", stuck, by_case=True)
        )
        present = set(stuck.order_by().values_list("category", flat=True).distinct())
        parts = [
            (f"Trong đó: vướng mắc về {str(category.label).lower()}", Q(category=category.value))
            for category in ObstacleCategory
            if category.value in present
        ]
        if parts:
            drafts += appendix.drafts(stuck, parts, "vụ", by_case=True)
    return tuple(paragraphs), drafts, False


def _disagreements(in_followed: QuerySet[Any], dates: _Dates, appendix: _Appendix) -> Drafted:
    during = (dates.period.start, dates.on)
    escalations = Escalation.objects.filter(case__in=in_followed, created_at__date__range=during)
    directives = Directive.objects.filter(case__in=in_followed, issued_on__range=during)
    return (
        (),
        [
            appendix.draft("Vụ việc xin ý kiến cấp có thẩm quyền trong kỳ", escalations, "lần"),
            appendix.draft("Ý kiến chỉ đạo ban hành trong kỳ", directives, "văn bản"),
        ],
        False,
    )


def _directions(in_scope: QuerySet[Any], dates: _Dates, appendix: _Appendix) -> Drafted:
    """What waited on the competent authority, and the directive tasks late, on the
    period's last day: the overview's figures on that day."""
    awaiting = awaiting_authority(dates.on).filter(case__in=in_scope)
    late_tasks = (
        overdue_tasks(dates.on)
        .filter(directive__case__in=in_scope)
        .annotate(case_id=F("directive__case_id"))
    )
    return (
        (),
        [
            appendix.draft("Vụ án, vụ việc đang chờ ý kiến chỉ đạo", awaiting, by_case=True),
            appendix.draft(
                "Vụ án, vụ việc có nhiệm vụ chỉ đạo quá hạn chưa hoàn thành",
                late_tasks,
                by_case=True,
            ),
            appendix.draft("Nhiệm vụ chỉ đạo quá hạn chưa hoàn thành", late_tasks, "nhiệm vụ"),
        ],
        False,
    )


def _limits(in_scope: QuerySet[Any], dates: _Dates, appendix: _Appendix) -> Drafted:
    """The statutory clocks on the period's last day, as the overview counts them: the
    cases with one overdue, with one that ran past the longest the law allows (and of
    those, past it within the period), and with an overdue one open only because a later
    decision was never entered, counted apart and in no other figure (``needing_update``)."""
    on = dates.on
    clocks = Clock.objects.filter(case__in=in_scope)
    overdue = overdue_on(on) & ~needing_update_on(on)
    past = past_maximum_by(on)
    # Past it at some day of the period: still past it on its last day, or ended in it.
    past_in_period = past & (Q(ended_on__isnull=True) | Q(ended_on__gte=dates.period.start))
    stale = overdue_on(on) & needing_update_on(on)
    parts = [
        ("Vụ án, vụ việc có thời hạn tố tụng quá hạn", overdue),
        ("Vụ án, vụ việc có thời hạn tố tụng vượt thời hạn tối đa luật định", past),
        (f"Trong đó: vượt thời hạn tối đa trong kỳ ({dates.during})", past_in_period),
        (
            "Vụ án, vụ việc có thời hạn cần cập nhật (quyết định tiếp theo chưa được ghi "
            "nhận, không tính là quá hạn)",
            stale,
        ),
    ]
    by_case = appendix.drafts(clocks, parts, "vụ", by_case=True)
    cases = by_case[0]  # its rows are the overdue clocks, listed in ``_overdue``
    late = dataclasses.replace(
        cases, label="Thời hạn tố tụng quá hạn", value=cases.rows, unit="thời hạn"
    )
    return (), [cases, late, *by_case[1:]], False


def _overdue(
    in_scope: QuerySet[Any], on: dt.date, limit: int
) -> tuple[list[tuple[int, str, dt.date, str]], int]:
    """The clocks overdue on ``on`` (the period's last day), the longest overdue first
    (at most ``limit``), with their handling agencies, and how many there are; those
    needing an update are counted in ``_limits`` instead."""
    clocks = (
        Clock.objects.filter(case__in=in_scope)
        .filter(overdue_on(on) & ~needing_update_on(on))
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
    rows: list[tuple[int, str, dt.date, str]], refs: dict[int, CaseRef], on: dt.date
) -> tuple[OverdueRow, ...]:
    """The overdue list's rows, their days overdue counted to ``on``, the day the list
    is as of (the period's last day)."""
    return tuple(
        OverdueRow(
            case=refs[case_id],
            clock=clock_label(code),
            deadline=deadline,
            days_overdue=(on - deadline).days,
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
