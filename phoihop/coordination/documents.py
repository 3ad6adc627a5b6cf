"""Official documents from coordination records: the minutes of an inter-agency
meeting and the follow-up letter (văn bản đôn đốc) for an overdue task or clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from phoihop.accounts.access import actor_for
from phoihop.agencies.issuer import issuer_for
from phoihop.agencies.signing import Signing
from phoihop.audit.services import audit_record
from phoihop.cases.selectors import visible_cases
from phoihop.clocks.models import OPEN_STATUSES, Clock
from phoihop.coordination.forms import FollowUpLetterForm
from phoihop.coordination.models import AgendaItem, CaseOutcome
from phoihop.coordination.services.access import case_for, meeting_get_for
from phoihop.coordination.services.directives import task_get_for
from phoihop.coordination.services.meetings import meeting_record_of
from phoihop.coordination.views import meeting_context
from phoihop.core.clock import now, today
from phoihop.core.errors import NotFound
from phoihop.documents import letters, minutes
from phoihop.documents.layout import DocumentVariant, Signer
from phoihop.documents.marks import SecretMark
from phoihop.domain.clocks.rules import LegalBasis
from phoihop.domain.coordination.followup import responsible_kind
from phoihop.domain.coordination.followup_wording import LAW_TITLES, follow_up_wording
from phoihop.domain.coordination.meetings import minutes_missing
from phoihop.domain.organisation import Role

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _not_ready_for_minutes(meeting: Any, items: Any) -> str:
    """Why the minutes cannot be drawn up yet, naming what to fill in: they state when
    the meeting began and ended and are signed by its secretary, and they state each
    agency's position and the outcome of every case, so a gap would be misreported."""
    reasons = []
    missing = minutes_missing(meeting_record_of(meeting))
    if missing:
        reasons.append(
            "chưa ghi " + ", ".join(missing) + " (mục «Thời gian, thành phần» của cuộc họp)"
        )
    for item in items:
        if item.outcome == CaseOutcome.PENDING:
            reasons.append(
                f"vụ án «{item.case.title}» chưa có kết quả (thống nhất hoặc chưa thống nhất)"
            )
        elif not item.positions.all():
            reasons.append(f"vụ án «{item.case.title}» chưa có ý kiến của cơ quan nào")
    return f"Chưa lập được biên bản: {'; '.join(reasons)}." if reasons else ""


def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        meeting = meeting_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    chair = meeting.chair_agency
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("case")
        .prefetch_related("positions__agency")
    )
    # The minutes carry every agenda case: only a user who may see all of them gets
    # them (a classified case above one's clearance answers 404, as everywhere).
    visible = set(visible_cases(actor_for(request.user)).values_list("pk", flat=True))
    if any(item.case_id not in visible for item in items):
        raise Http404
    unready = _not_ready_for_minutes(meeting, items)
    if unready:
        messages.warning(request, unready)
        return render(
            request,
            "coordination/meeting_detail.html",
            meeting_context(request, meeting),
            status=409,
        )
    cases = []
    for item in items:
        escalated = getattr(item, "escalation", None)
        cases.append(
            minutes.AgendaCase(
                title=item.case.title,
                code=item.case.national_code,
                positions=[minutes.Position(p.agency.name, p.text) for p in item.positions.all()],
                outcome=minutes.Outcome.NOT_AGREED
                if item.outcome == CaseOutcome.NOT_AGREED
                else minutes.Outcome.AGREED,
                conclusion=item.conclusion or "Chưa có kết luận.",
                escalated_to=escalated.authority.name if escalated else None,
            )
        )
    participants = list(meeting.participants.all())
    delegates = list(meeting.delegates.all())
    secretary = meeting.secretary_agency
    issuer = issuer_for(chair)
    document = minutes.MeetingMinutes(
        issuing_agency=issuer.name,
        superior_agency=issuer.superior,
        party_document=issuer.variant is DocumentVariant.PARTY,
        number=issuer.number("BB"),
        place=issuer.place,
        date=meeting.held_on,
        title=meeting.title,
        chair=minutes.Attendee(meeting.chair_name, chair.name, meeting.chair_title),
        secretary=minutes.Attendee(
            meeting.secretary_name, secretary.name if secretary else "", meeting.secretary_title
        ),
        started_at=meeting.start_time,
        ended_at=meeting.end_time,
        venue=meeting.place,
        bridge_sites=meeting.sites.splitlines(),
        participants=[
            minutes.Participant(
                agency.name,
                [minutes.Delegate(d.name, d.title) for d in delegates if d.agency_id == agency.pk],
            )
            for agency in [chair, *participants]
        ],
        cases=cases,
        recipients=[a.name for a in meeting.participants.all()],
        signers=[
            Signer(title="THƯ KÝ", name=meeting.secretary_name),
            Signer(title="CHỦ TRÌ", name=meeting.chair_name),
        ],
        # The minutes state each agenda case's positions: they hold the highest
        # state secret among those cases.
        secret_mark=SecretMark.highest(item.case.classification for item in items),
        drafter=meeting.secretary_name,
    )
    content = minutes.meeting_minutes_docx(document)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="meeting.minutes.issued",
            at=now(),
            target=meeting,
            data={"secret_mark": document.secret_mark.text if document.secret_mark else None},
        )
    return _docx(content, f"bien-ban-hop-{meeting.pk}.docx")


def _may_issue_letters(user: Any) -> bool:
    return user.role in (Role.LEADER, Role.COORDINATOR)


def _letter(
    signing: Signing,
    *,
    user: Any,
    recipient: str,
    case: Any,
    due_item: str,
    due_on: dt.date,
    **extra: Any,
) -> bytes:
    issuer = signing.issuer
    on = today()
    return letters.follow_up_letter_docx(
        letters.FollowUpLetter(
            issuing_agency=issuer.name,
            superior_agency=issuer.superior,
            party_document=issuer.variant is DocumentVariant.PARTY,
            sender_name=issuer.full_name or None,  # the running text names the body in full
            number=issuer.number(None),
            place=issuer.place,
            date=on,
            recipient_agency=recipient,
            case=letters.CaseReference(title=case.title, code=case.national_code),
            due_item=due_item,
            due_date=due_on,
            days_overdue=(on - due_on).days,
            report_by=on + dt.timedelta(days=5),
            signer=signing.signer,
            recipients=[r for r in signing.recipients if r != recipient],
            secret_mark=SecretMark.highest([case.classification]),
            drafter=user.full_name or user.username,
            **extra,
        )
    )


def _letter_page(
    request: HttpRequest, make: Callable[[Signing], bytes], *, filename: str, audit: dict[str, Any]
) -> HttpResponse:
    """The letter's form (signer, authority, recipients), then the file; one audit entry
    per letter issued, naming the signer and the mark."""
    form = FollowUpLetterForm(request.POST or None, agency=request.user.agency)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            signing = form.signing()
            content = make(signing)
            with transaction.atomic():
                audit_record(
                    actor=request.user,
                    action="followup.letter.issued",
                    at=now(),
                    target=audit.pop("target"),
                    data={
                        **audit,
                        "signer": signing.signer.name,
                        "authority": signing.authority.value,
                    },
                )
            return _docx(content, filename)
    return render(
        request,
        "coordination/letter_form.html",
        {"form": form, "target": audit.get("label", "")},
        status=status,
    )


def _cited(basis: LegalBasis) -> letters.StatutoryBasis:
    """A provision of the catalogue as a letter cites it, under the law's full title."""
    return letters.StatutoryBasis(
        law=LAW_TITLES.get(basis.code, basis.code),
        article=basis.article,
        clause=basis.clause,
        point=basis.point,
        article_suffix=basis.article_suffix,
    )


def task_letter(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        task = task_get_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    if not _may_issue_letters(request.user) or task.done_on or task.due_on >= today():
        raise Http404
    directive = task.directive
    return _letter_page(
        request,
        lambda signing: _letter(
            signing,
            user=request.user,
            recipient=task.agency.name,
            case=directive.case,
            due_item=task.description,  # made a clause of the letter's sentence there
            due_on=task.due_on,
            directive=letters.DirectiveReference(
                number=directive.doc_number,
                issued_on=directive.issued_on,
                issuer=directive.issuing_agency.name,
            ),
        ),
        filename=f"don-doc-nhiem-vu-{task.pk}.docx",
        audit={"target": task, "task": task.pk, "label": task.description},
    )


def clock_letter(request: HttpRequest, pk: int) -> HttpResponse:
    clock = (
        Clock.objects.select_related("case", "person")
        .filter(pk=pk, status__in=OPEN_STATUSES)
        .first()
    )
    if clock is None or clock.deadline is None:
        raise Http404
    try:
        case = case_for(request.user, clock.case_id)
    except NotFound:
        raise Http404 from None
    if not _may_issue_letters(request.user) or clock.deadline >= today():
        raise Http404
    if clock.needs_update(case.stage, today()):
        raise Http404  # nobody is urged about a decision that was only never entered
    kind = responsible_kind(clock.code, clock.variant)
    responsible = case.participations.filter(agency__kind=kind).select_related("agency").first()
    if responsible is None:
        raise Http404
    wording = follow_up_wording(
        clock.code, clock.variant, person_name=clock.person.full_name if clock.person else None
    )
    if wording is None or wording.limit_basis is None:
        raise Http404  # a period given to the parties (appeal, protest): nobody to urge
    limit_basis, deadline = wording.limit_basis, clock.deadline
    return _letter_page(
        request,
        lambda signing: _letter(
            signing,
            user=request.user,
            recipient=responsible.agency.name,
            case=case,
            due_item=wording.request,
            due_on=deadline,
            legal_basis=_cited(limit_basis),
            limit=letters.TimeLimit(
                name=wording.subject,
                awaited=wording.awaited,
                request_basis=[_cited(basis) for basis in wording.request_basis],
                extension=wording.extension,
                extension_request=wording.extension_request,
                extension_lead_days=wording.extension_lead_days,
                maximum=clock.max_deadline,
            ),
            accused=wording.person,
            summary=f"V/v đôn đốc {wording.summary}",
        ),
        filename=f"don-doc-thoi-han-{clock.pk}.docx",
        audit={"target": case, "clock": clock.pk, "label": wording.subject},
    )


app_name = "documents"
urlpatterns = [
    path("meetings/<int:pk>/minutes.docx", meeting_minutes, name="minutes"),
    path("tasks/<int:pk>/letter/", task_letter, name="task_letter"),
    path("clocks/<int:pk>/letter/", clock_letter, name="clock_letter"),
]
