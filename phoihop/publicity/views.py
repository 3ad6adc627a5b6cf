"""The public-information pages of the signed-in product: releases drafted from a
case, checked, approved and published; the false-information register and its
monthly figures. Every page answers 404 to a user who does not draft releases."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.access import actor_for
from phoihop.cases.selectors import case_get_for
from phoihop.core.clock import now, today
from phoihop.core.errors import NotFound
from phoihop.core.form_views import submit
from phoihop.domain.publicity.access import may_approve_release, may_draft_release
from phoihop.domain.publicity.false_reports import (
    FALSE_REPORT_STATUS_LABELS_VI,
    FALSE_REPORT_TRANSITIONS,
    FalseReportStatus,
)
from phoihop.domain.publicity.releases import (
    RELEASE_STATUS_LABELS_VI,
    ReleaseStatus,
    release_steps,
)
from phoihop.publicity import documents, forms, services
from phoihop.publicity.models import FalseReport, PressRelease


def _drafter_only(request: HttpRequest) -> None:
    if not may_draft_release(actor_for(request.user)):
        raise Http404


def _case(request: HttpRequest, case_id: int) -> Any:
    try:
        return case_get_for(actor_for(request.user), case_id)
    except NotFound:
        raise Http404 from None


def _release(request: HttpRequest, pk: int) -> PressRelease:
    try:
        return services.release_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None


def release_list(request: HttpRequest) -> HttpResponse:
    _drafter_only(request)
    status = request.GET.get("status", "")
    releases = services.releases_visible_to(request.user).select_related("case", "agency")
    if status in set(ReleaseStatus):
        releases = releases.filter(status=status)
    return render(
        request,
        "publicity/release_list.html",
        {
            "releases": releases[:200],
            "statuses": [(s.value, RELEASE_STATUS_LABELS_VI[s]) for s in ReleaseStatus],
            "status": status,
        },
    )


def release_new(request: HttpRequest, case_id: int) -> HttpResponse:
    _drafter_only(request)
    case = _case(request, case_id)
    form = forms.ReleaseNewForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: services.release_draft(
            user=request.user, case_id=case.pk, name_rule=data["name_rule"], now=now()
        ),
        success=_("A draft was written from the case record. Check it and edit it."),
        redirect_to=lambda release: redirect("publicity:release", pk=release.pk),
        template="publicity/release_new.html",
        context=lambda: {"form": form, "case": case, "figures": services.record_figures(case)},
    )


# Each step's button: its words and its Bootstrap style.
_STEP_BUTTONS = {
    ReleaseStatus.DRAFT: (gettext_lazy("Send back to draft"), "outline-secondary"),
    ReleaseStatus.IN_REVIEW: (gettext_lazy("Send for review"), "primary"),
    ReleaseStatus.APPROVED: (gettext_lazy("Approve"), "success"),
    ReleaseStatus.PUBLISHED: (gettext_lazy("Publish"), "danger"),
}


def _errors(form: forms.ReleaseEditForm | forms.ReleaseMoveForm | None) -> list[str]:
    if form is None or not form.is_bound:
        return []
    return [str(error) for errors in form.errors.values() for error in errors]


def _release_page(
    request: HttpRequest,
    release: PressRelease,
    edit_form: forms.ReleaseEditForm | None = None,
    move_form: forms.ReleaseMoveForm | None = None,
) -> dict[str, Any]:
    release.refresh_from_db()
    status = ReleaseStatus(release.status)
    leader = may_approve_release(actor_for(request.user))
    initial = {"version": release.version}
    if status is ReleaseStatus.DRAFT and edit_form is None:
        edit_form = forms.ReleaseEditForm(
            initial={
                "title": release.title,
                "body": release.body,
                "name_rule": release.name_rule,
                **initial,
            }
        )
    moves = [(to.value, *_STEP_BUTTONS[to]) for to in release_steps(status, by_leader=leader)]
    shown_edit = edit_form if status is ReleaseStatus.DRAFT else None
    # A refusal is said above the buttons, and an edit's there too once the edit form
    # is no longer shown (the release left the draft meanwhile).
    refusals = _errors(move_form) + ([] if shown_edit is not None else _errors(edit_form))
    return {
        "refusals": refusals,
        "release": release,
        "case": release.case,
        "status_label": RELEASE_STATUS_LABELS_VI[status],
        "check": services.release_check(release),
        "figures": services.record_figures(release.case),
        "edit_form": shown_edit,
        "move_form": move_form or forms.ReleaseMoveForm(initial=initial),
        "moves": moves,
        "asks_confirmation": leader
        and status is ReleaseStatus.APPROVED
        and release.case.classification > 0
        and not release.classified_fields_excluded,
        "rebutting": release.rebutted_reports.all(),
    }


def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release(request, pk)
    form = forms.ReleaseEditForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: services.release_edit(
            user=request.user,
            release_id=release.pk,
            expected_version=data["version"],
            title=data["title"],
            body=data["body"],
            name_rule=data["name_rule"],
            now=now(),
        ),
        success=_("The draft was saved."),
        redirect_to=lambda saved: redirect("publicity:release", pk=saved.pk),
        template="publicity/release_detail.html",
        context=lambda: _release_page(request, release, edit_form=form if form.is_bound else None),
    )


def release_move(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release(request, pk)
    if request.method != "POST":
        return redirect("publicity:release", pk=release.pk)
    form = forms.ReleaseMoveForm(request.POST)
    return submit(
        request,
        form,
        lambda data: services.release_move(
            user=request.user,
            release_id=release.pk,
            expected_version=data["version"],
            to=data["to"],
            classified_fields_excluded=data["classified_fields_excluded"],
            now=now(),
        ),
        success=_("The release was updated."),
        redirect_to=lambda moved: redirect("publicity:release", pk=moved.pk),
        template="publicity/release_detail.html",
        context=lambda: _release_page(request, release, move_form=form),
    )


def false_report_list(request: HttpRequest) -> HttpResponse:
    _drafter_only(request)
    this_year = today().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year + 1)
    status = request.GET.get("status", "")
    reports = services.false_reports_visible_to(request.user).prefetch_related("cases")
    if status in set(FalseReportStatus):
        reports = reports.filter(status=status)
    months = services.false_report_months(request.user, year=year)
    return render(
        request,
        "publicity/false_report_list.html",
        {
            "reports": reports.order_by("-first_seen_on", "-id")[:200],
            "statuses": [(s.value, FALSE_REPORT_STATUS_LABELS_VI[s]) for s in FalseReportStatus],
            "status": status,
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
            "months": [
                {
                    "month": m.month,
                    "platform": m.platform,
                    "status": FALSE_REPORT_STATUS_LABELS_VI[m.status],
                    "count": m.count,
                }
                for m in months
            ],
            "total": sum(m.count for m in months),
        },
    )


def false_report_new(request: HttpRequest, case_id: int) -> HttpResponse:
    _drafter_only(request)
    case = _case(request, case_id)
    form = forms.FalseReportForm(request.POST or None, initial={"first_seen_on": today()})
    return submit(
        request,
        form,
        lambda data: services.false_report_record(
            user=request.user,
            platform=data["platform"],
            address=data["address"],
            first_seen_on=data["first_seen_on"],
            reach=data["reach"],
            claim=data["claim"],
            case_ids=[case.pk, *services.cases_by_codes(request.user, data["other_cases"])],
            now=now(),
        ),
        success=_("The false information was recorded."),
        redirect_to=lambda report: redirect("publicity:false_report", pk=report.pk),
        template="publicity/false_report_new.html",
        context=lambda: {"form": form, "case": case},
    )


# The inputs each step asks for: the assessment first; then the fact that refutes the
# claim and the release that rebuts it, or the agency it is referred to.
_MOVE_FIELDS = {
    FalseReportStatus.NEW: {"verdict"},
    FalseReportStatus.ASSESSED: {"verdict", "refuting_fact", "rebuttal", "referred_to"},
    FalseReportStatus.REBUTTAL_DRAFTED: {"referred_to"},
    FalseReportStatus.REBUTTED: set(),
    FalseReportStatus.REFERRED: set(),
    FalseReportStatus.CLOSED: set(),
}


def _false_report(request: HttpRequest, pk: int) -> FalseReport:
    found: FalseReport | None = (
        services.false_reports_visible_to(request.user).filter(pk=pk).first()
    )
    if found is None:
        raise Http404
    return found


def false_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _false_report(request, pk)
    rebuttals = [
        (r.pk, f"{r.title} ({RELEASE_STATUS_LABELS_VI[ReleaseStatus(r.status)]})")
        for r in services.releases_visible_to(request.user).filter(
            case__in=report.cases.values("pk")
        )
    ]
    form = forms.FalseReportMoveForm(
        request.POST or None,
        rebuttals=rebuttals,
        initial={
            "version": report.version,
            "verdict": report.verdict,
            "refuting_fact": report.refuting_fact,
        },
    )

    def page() -> dict[str, Any]:
        report.refresh_from_db()
        status = FalseReportStatus(report.status)
        return {
            "form": form,
            "report": report,
            "cases": report.cases.all(),
            "status_label": FALSE_REPORT_STATUS_LABELS_VI[status],
            "fields": _MOVE_FIELDS[status],
            "moves": [
                (to.value, FALSE_REPORT_STATUS_LABELS_VI[to])
                for to in FalseReportStatus
                if to in FALSE_REPORT_TRANSITIONS[status]
            ],
        }

    return submit(
        request,
        form,
        lambda data: services.false_report_move(
            user=request.user,
            report_id=report.pk,
            expected_version=data["version"],
            to=data["to"],
            verdict=data["verdict"],
            refuting_fact=data["refuting_fact"],
            rebuttal_id=data["rebuttal"],
            referred_to=data["referred_to"],
            now=now(),
        ),
        success=_("The entry was updated."),
        redirect_to=lambda moved: redirect("publicity:false_report", pk=moved.pk),
        template="publicity/false_report_detail.html",
        context=page,
    )


def release_document(request: HttpRequest, pk: int) -> HttpResponse:
    """A published release as the document its body signs: the form, then the file."""
    release = _release(request, pk)
    if release.status != ReleaseStatus.PUBLISHED:
        raise Http404
    form = forms.ReleaseDocumentForm(request.POST or None, agency=release.agency)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            fmt = form.cleaned_data["format"]
            content = documents.release_file(
                release,
                signing=form.signing(),
                number=form.cleaned_data["number"],
                fmt=fmt,
                user=request.user,
                on=today(),
                at=now(),
            )
            response = HttpResponse(content, content_type=documents.CONTENT_TYPES[fmt])
            name = f"thong-cao-bao-chi-{release.pk}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(
        request,
        "publicity/release_document.html",
        {"form": form, "release": release, "case": release.case},
        status=status,
    )
