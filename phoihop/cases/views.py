"""Case pages. Views translate only: parse input, take `now` from core.clock, make
one service or selector call, turn domain errors into messages and 4xx statuses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.cases import exports, services, splitting
from phoihop.cases.corrections import Correction, case_event_withdraw, entered_by_agency_of
from phoihop.cases.derived import domain_events_of
from phoihop.cases.export_jobs import (
    CLASSIFIED,
    CLASSIFIED_CHOICES,
    EXPORT_LIMIT,
    export_cases,
    export_enqueue,
    export_goes_to_worker,
)
from phoihop.cases.forms import (
    AgencyAddForm,
    AssetForm,
    CaseCreateForm,
    CaseEditForm,
    DecisionDocumentForm,
    EventChangeForm,
    EventForm,
    PersonForm,
    SplitForm,
    case_filters,
)
from phoihop.cases.labels import STAGE_LABELS, event_label, stage_label
from phoihop.cases.models import AssetKind, Case, CaseAgency, CaseEvent, Person
from phoihop.cases.page_rows import clock_rows, timeline_rows
from phoihop.cases.participation import case_agency_add
from phoihop.cases.selectors import (
    CaseFilters,
    case_facts,
    case_get_for,
    case_list_count,
    case_list_for,
    facts_of,
    records_present,
)
from phoihop.clocks.selectors import case_clocks, case_clocks_read
from phoihop.coordination.selectors import case_coordination, coordination_records
from phoihop.core.calendar_service import current_calendar
from phoihop.core.clock import now, today
from phoihop.core.compiled import RowsByKey, as_prefetched
from phoihop.core.errors import NotFound
from phoihop.core.form_views import submit
from phoihop.core.pagination import CappedPaginator
from phoihop.domain.access.policy import (
    Action,
    allowed_actions,
    editable_case_fields,
    may_add_agency,
    may_create_case,
)
from phoihop.domain.organisation import OVERSIGHT_KINDS, AgencyKind
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.stages import PROGRESS, Stage
from phoihop.domain.procedure.timeline import allowed_events, inferable_next, replay
from phoihop.publicity.services import case_publicity, publicity_records
from phoihop.reports.risk import case_risk_facts, case_risks

# What a row of the list shows (cases/_case_rows.html), no more: not a case's texts.
LIST_COLUMNS = (
    "title",
    "national_code",
    "classification",
    "province__name",
    "stage",
    "category",
    "monitoring",
    "next_deadline",
    "last_event_on",
)


def case_list(request: HttpRequest) -> HttpResponse:
    form, filters = case_filters(request.GET)
    status = 200 if filters is not None else 400
    actor = actor_for(request.user)
    filters = filters or CaseFilters()
    cases = case_list_for(actor, filters, today=today()).only(*LIST_COLUMNS)
    # A search stops counting at a cap (its count is the slow part); a plain list counts.
    searched = bool(filters.q.strip())
    page = CappedPaginator(
        cases,
        25,
        capped=searched,
        counter=lambda: case_list_count(actor, filters, today=today()),
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        # The export form carries the filters shown, so it follows every change of them.
        "export_filters": [
            (name, value)
            for name, values in query.lists()
            if name != CLASSIFIED
            for value in values
        ],
        "can_create": may_create_case(actor),
        "today": today(),
    }
    template = "cases/_case_rows.html" if request.htmx else "cases/case_list.html"
    return render(request, template, context, status=status)


def recordable_events(request: HttpRequest, case: Case, events: list[Any]) -> list[EventType]:
    return _choices(request, events)[0]


def _choices(request: HttpRequest, events: list[Any]) -> tuple[list[EventType], bool]:
    """What the user's agency may record next on the decision form, and whether it may
    split the case, from one replay of the case. A decision reachable only with the ones
    before it entered as unrecorded is offered too; recording it without ticking "not
    recorded" names what is missing. A split opens a case: it has its own form."""
    if request.user.agency is None:
        return [], False
    timeline, kind = replay(events), AgencyKind(request.user.agency.kind)
    allowed = allowed_events(timeline, recorder_kind=kind)
    recordable = [
        *(e for e in allowed if e is not EventType.CASE_SPLIT),
        *inferable_next(timeline, recorder_kind=kind),
    ]
    return recordable, EventType.CASE_SPLIT in allowed


def _name_transfers(records: list[Any]) -> None:
    """The body each transfer on the page went to, read in one query."""
    ids = {r.params["to"] for r in records if isinstance(r.params.get("to"), int)}
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for record in records:
        record.transfer_to_name = names.get(record.params.get("to"), "")


def _records_around(case: Case) -> dict[str, QuerySet[Any]]:
    """The page's lists of records about the case, for ``records_present``."""
    return {
        "assets": case.asset_actions.all(),
        "withdrawn": case.withdrawn_events.all(),
        **coordination_records(case),
        **publicity_records(case),
    }


# The case page's reads by the case's key, each compiled once a process
# (core/compiled.py): the page is a quarter of all requests.
_CASE_DECISIONS = RowsByKey(
    lambda case_id: (
        CaseEvent.objects.filter(case_id=case_id)
        # The decision's document, if it was read from one: its name for the link, in the
        # same query (not its text).
        .select_related("agency", "person", "entered_by", "document")
        .defer("document__text", "document__reading")
        .order_by("sequence")
    )
)
_CASE_AGENCIES = RowsByKey(
    lambda case_id: (
        CaseAgency.objects.filter(case_id=case_id).select_related("agency").order_by("since", "pk")
    )
)
_CASE_PERSONS = RowsByKey(lambda case_id: Person.objects.filter(case_id=case_id))


def case_page_context(
    request: HttpRequest,
    case: Case,
    event_form: EventForm | None = None,
    change_forms: dict[int, EventChangeForm] | None = None,
) -> dict[str, Any]:
    change_forms = change_forms or {}
    # Read once for the page: the clocks' explanations and the coordination's plan
    # read the decisions through the case too.
    records = _CASE_DECISIONS.all(case.pk)
    as_prefetched(case, "events", records)
    domain_events = domain_events_of(records)
    _name_transfers(records)
    # The user's access and the case's facts once for the page: every part asks them.
    actor = actor_for(request.user)
    agencies = _CASE_AGENCIES.all(case.pk)
    facts = facts_of(case, [(link.agency_id, link.role) for link in agencies])
    actions = allowed_actions(actor, facts)
    recordable, may_split = (
        _choices(request, domain_events) if Action.RECORD_EVENT in actions else ([], False)
    )
    if recordable and event_form is None:
        event_form = EventForm(
            allowed=recordable, case=case, initial={"version": case.version, "date": today()}
        )
    on = today()
    # Which of the page's lists have anything, in one query: most cases have no
    # request, meeting, release or withdrawn decision, and each list read is a query.
    present = records_present(case, _records_around)
    # One query for the list and every total.
    assets = list(case.asset_actions.all()) if "assets" in present else []
    # The clocks and the coordination's records once for the page: the clocks' table,
    # the suspension hints and the early warning weigh the same rows.
    clocks = case_clocks_read(case)
    coordination = case_coordination(request.user, case, today=on, clocks=clocks, present=present)
    facts_for_risk = case_risk_facts(
        events=records,
        requests=coordination["requests"],
        obstacles=coordination["obstacles"],
        escalations=coordination["escalations"],
        today=on,
    )

    def change_form(record: Any) -> EventChangeForm | None:
        """The form to correct or withdraw a decision, for its own agency's writers."""
        if (
            Action.RECORD_EVENT not in actions
            or not entered_by_agency_of(record, request.user.agency_id)
            or record.type in ("case_split", "case_transferred")
        ):
            return None
        return change_forms.get(record.sequence) or EventChangeForm.for_record(record, case.version)

    stage = Stage(case.stage)
    progress_index = PROGRESS.index(stage) if stage in PROGRESS else -1
    return {
        "case": case,
        "stage_label": stage_label(case.stage),
        "progress": [
            {
                "label": STAGE_LABELS.get(s, s.value),
                "done": i < progress_index,
                "current": s == stage,
            }
            for i, s in enumerate(PROGRESS)
        ],
        "events": timeline_rows(case.pk, reversed(records), change_form),
        "withdrawn": case.withdrawn_events.select_related("agency", "replaced_by").order_by(
            "-withdrawn_at"
        )
        if "withdrawn" in present
        else [],
        "persons": _CASE_PERSONS.all(case.pk),
        "assets": assets,
        "asset_totals": {
            kind.label: sum(a.amount_vnd for a in assets if a.kind == kind) for kind in AssetKind
        },
        "agencies": agencies,
        # Its list of every handling body is a sixth of the page's rendering: it comes
        # when the user opens it (case_add_agency), unless it is back with errors.
        "agency_form": None,
        "may_add_agency": may_add_agency(actor, facts),
        "event_form": event_form,
        "reading_form": DecisionDocumentForm() if recordable else None,
        "clocks": clock_rows(
            case_clocks(case, today=on, calendar=current_calendar(), clocks=clocks),
            role=request.user.role,
        ),
        "coordination": coordination,
        "publicity": case_publicity(request.user, case, present=present),
        "risks": case_risks(request.user, case, today=on, clocks=clocks, facts=facts_for_risk),
        "is_overseer": actor.agency_kind in OVERSIGHT_KINDS,
        "today": on,
        "can_edit": bool(editable_case_fields(actor, facts)),
        "person_form": PersonForm(
            prefix="person", initial={"version": case.version, "role": "accused"}
        )
        if Action.RECORD_EVENT in actions
        else None,
        "asset_form": AssetForm(prefix="asset", initial={"version": case.version})
        if Action.RECORD_EVENT in actions
        else None,
        "split_form": SplitForm(prefix="split", initial={"version": case.version, "date": on})
        if may_split
        else None,
    }


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = services.case_open_for(user=request.user, case_id=pk, now=now())
    except NotFound:
        raise Http404 from None
    return render(request, "cases/case_detail.html", case_page_context(request, case))


def case_record_event(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("cases:detail", pk=pk)
    try:
        case = case_get_for(actor_for(request.user), pk)
    except NotFound:
        raise Http404 from None
    recordable = recordable_events(request, case, domain_events_of(case.events.all()))
    if not recordable:
        raise Http404
    form = EventForm(request.POST, allowed=list(EventType), case=case)

    def page() -> dict[str, Any]:
        case.refresh_from_db()
        form.fields["type"].choices = [(t.value, event_label(t.value)) for t in recordable]
        return case_page_context(request, case, form)

    return submit(
        request,
        form,
        lambda data: services.case_record_event(
            user=request.user,
            case_id=case.pk,
            expected_version=data["version"],
            event=form.event_input(person_required=True),
            now=now(),
        ),
        success=_("The decision was recorded."),
        redirect_to=lambda _: redirect(reverse("cases:detail", args=[case.pk]) + "#timeline"),
        template="cases/case_detail.html",
        context=page,
    )


def case_change_event(request: HttpRequest, pk: int, sequence: int) -> HttpResponse:
    """Correct or withdraw one decision of the user's agency (the form under it)."""
    if request.method != "POST":
        return redirect("cases:detail", pk=pk)
    try:
        case = case_get_for(actor_for(request.user), pk)
    except NotFound:
        raise Http404 from None
    form = EventChangeForm(request.POST, prefix=f"change-{sequence}")

    def change(data: dict[str, Any]) -> Any:
        correction = None
        if data["action"] == "correct":
            correction = Correction(
                date=data["date"],
                doc_number=data["doc_number"],
                note=data["note"],
                params=form.length_params(),
            )
        case_event_withdraw(
            user=request.user,
            case_id=case.pk,
            expected_version=data["version"],
            sequence=sequence,
            reason=data["reason"],
            correction=correction,
            now=now(),
        )
        return data["action"]

    def page() -> dict[str, Any]:
        case.refresh_from_db()
        context = case_page_context(request, case, change_forms={sequence: form})
        # A decision no longer on the record has no form to say the refusal under: it
        # is said at the top of the page instead.
        if not any(item["change_form"] is form for item in context["events"]):
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
        return context

    return submit(
        request,
        form,
        change,
        success=None,
        redirect_to=lambda action: _changed(request, case.pk, action),
        template="cases/case_detail.html",
        context=page,
    )


def _changed(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    done = (
        _("The decision was corrected.")
        if action == "correct"
        else _("The decision was withdrawn.")
    )
    messages.success(request, done)
    return redirect(reverse("cases:detail", args=[pk]) + "#timeline")


def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = case_get_for(actor_for(request.user), pk)
    except NotFound:
        raise Http404 from None
    editable = editable_case_fields(actor_for(request.user), case_facts(case))
    if not editable:
        raise Http404
    form = CaseEditForm(
        request.POST or None, instance=case, initial={"version": case.version}, editable=editable
    )
    return submit(
        request,
        form,
        lambda data: services.case_edit(
            user=request.user,
            case_id=case.pk,
            expected_version=data["version"],
            changes={name: data[name] for name in form.changed_data if name != "version"},
            now=now(),
        ),
        success=_("The case was saved."),
        redirect_to=lambda _: redirect("cases:detail", pk=case.pk),
        template="cases/case_edit.html",
        context=lambda: {"form": form, "case": case},
    )


def case_create(request: HttpRequest) -> HttpResponse:
    if not may_create_case(actor_for(request.user)):
        raise Http404
    form = CaseCreateForm(
        request.POST or None,
        initial={"date": today(), "province": request.user.agency.province_id},
    )
    return submit(
        request,
        form,
        lambda data: services.case_create(
            user=request.user,
            data=services.CaseInput(
                kind=data["kind"],
                title=data["title"],
                province_id=data["province"].pk,
                summary=data["summary"],
                national_code=data["national_code"] or None,
                classification=data["classification"],
                monitoring=data["monitoring"],
                agency_ids=[agency.pk for agency in data["agencies"]],
                first_event=services.EventInput(
                    type=data["first_event"],
                    date=data["date"],
                    doc_number=data["doc_number"],
                    params={
                        k: data[k] for k in ("charges", "category") if data["charges"] and data[k]
                    },
                ),
            ),
            now=now(),
        ),
        success=_("The case was opened."),
        redirect_to=lambda case: redirect("cases:detail", pk=case.pk),
        template="cases/case_create.html",
        context=lambda: {"form": form},
    )


def _record_form_view(
    request: HttpRequest, pk: int, form_class: type, service: Any, message: str
) -> HttpResponse:
    """Shared shape of the small forms on the case page (persons, assets): validate,
    call the service with the version the user saw, or show the page with errors."""
    if request.method != "POST":
        return redirect("cases:detail", pk=pk)
    form = form_class(request.POST, prefix=form_class.prefix)

    def page() -> dict[str, Any]:
        # Read only to show the page again: the service finds the case in the user's
        # scope itself (a case outside it is a 404 either way, from ``submit``).
        context = case_page_context(request, case_get_for(actor_for(request.user), pk))
        context[f"{form_class.prefix}_form"] = form
        return context

    return submit(
        request,
        form,
        lambda data: service(
            request.user,
            pk,
            data["version"],
            {k: v for k, v in data.items() if k != "version"},
        ),
        success=message,
        redirect_to=lambda _: redirect("cases:detail", pk=pk),
        template="cases/case_detail.html",
        context=page,
    )


def case_add_agency(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET" and request.htmx:
        return _agency_form(request, pk)
    return _record_form_view(
        request,
        pk,
        AgencyAddForm,
        lambda user, case_id, version, values: case_agency_add(
            user=user,
            case_id=case_id,
            expected_version=version,
            agency_id=values["agency"].pk,
            since=values["since"],
            now=now(),
        ),
        _("The agency was added."),
    )


def _agency_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The form to add a handling agency, asked when the user opens it on the case
    page; its version is the one the page showed, so that an edit made since is
    caught when it is sent."""
    actor = actor_for(request.user)
    try:
        case = case_get_for(actor, pk)
    except NotFound:
        raise Http404 from None
    if not may_add_agency(actor, case_facts(case)):
        raise Http404
    try:
        version = int(request.GET.get("version", case.version))
    except ValueError:
        version = case.version
    form = AgencyAddForm(prefix="agency", initial={"since": today(), "version": version})
    return render(request, "cases/_agency_form.html", {"case": case, "agency_form": form})


def case_split(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form_view(
        request,
        pk,
        SplitForm,
        lambda user, case_id, version, values: splitting.case_split(
            user=user,
            case_id=case_id,
            expected_version=version,
            split=splitting.SplitInput(**values),
            now=now(),
        ),
        _("The case was split; the new case is linked in the timeline."),
    )


def case_add_person(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form_view(
        request,
        pk,
        PersonForm,
        lambda user, case_id, version, values: services.case_add_person(
            user=user, case_id=case_id, expected_version=version, person=values, now=now()
        ),
        _("The person was added."),
    )


def case_record_asset(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form_view(
        request,
        pk,
        AssetForm,
        lambda user, case_id, version, values: services.case_record_asset(
            user=user, case_id=case_id, expected_version=version, asset=values, now=now()
        ),
        _("The asset action was recorded."),
    )


@require_http_methods(["GET", "POST"])
def case_export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    """The filtered case list, or the open clocks of those cases, as xlsx or csv.

    A file naming a classified case carries the mark of the highest level among them:
    the workbook at the top of every printed page, the CSV (which has no such place) in
    its file name; the audit entry records the mark and whether the classified cases
    were left out. A list longer than the request can write is offered to the worker
    (export_jobs.py): the page asks first, and the worker's job is queued by a POST."""
    if fmt not in exports.CONTENT_TYPES or what not in exports.SHEET_NAMES:
        raise Http404
    query = request.GET
    if query.get(CLASSIFIED, "") not in CLASSIFIED_CHOICES:
        messages.error(request, _("Choose whether the export includes the classified cases."))
        refused = case_list(request)
        refused.status_code = 400
        return refused
    cases = export_cases(user=request.user, query=query, on=today())
    if cases is None:  # the list's own answer: the filters with their messages, a 400
        return case_list(request)
    count = cases.count()
    if count > EXPORT_LIMIT:
        messages.error(
            request,
            _("Too many cases to export (%(count)s); narrow the filters to %(limit)s at most.")
            % {"count": count, "limit": EXPORT_LIMIT},
        )
        return redirect(reverse("cases:list") + "?" + query.urlencode())
    if export_goes_to_worker(count):
        if request.method == "POST":
            job = export_enqueue(
                user=request.user,
                query=query,
                what=what,
                fmt=fmt,
                count=count,
                today=today(),
                now=now(),
            )
            return redirect("jobs:job", job.pk)
        return render(
            request,
            "cases/export_in_worker.html",
            {"count": count, "what": exports.SHEET_NAMES[what], "fmt": fmt, "query": query},
        )
    if request.method == "POST":  # a list that shrank since the page asked
        return redirect(request.get_full_path())
    without_classified = query.get(CLASSIFIED, "") == "exclude"
    made = exports.export_file(
        agency=request.user.agency,
        cases=cases,
        what=what,
        fmt=fmt,
        without_classified=without_classified,
        on=today(),
    )
    services.case_export_record(
        user=request.user,
        cases=cases,
        what=what,
        fmt=fmt,
        without_classified=without_classified,
        mark=made.mark.text if made.mark else "",
        now=now(),
    )
    response = HttpResponse(made.content, content_type=made.content_type)
    # The mark travels with the file: in its name, the one place a CSV has for it.
    response["Content-Disposition"] = content_disposition_header(True, made.name) or ""
    return response
