"""Inter-agency meetings: agenda, each agency's position, outcomes, escalation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency
from phoihop.audit.services import audit_record
from phoihop.cases.models import ParticipationRole
from phoihop.coordination.models import (
    AgendaItem,
    Escalation,
    Meeting,
    MeetingDelegate,
    Position,
)
from phoihop.coordination.services.access import (
    case_for,
    join_case,
    meeting_get_for,
    require_writer,
)
from phoihop.core.errors import StaleRecord
from phoihop.domain.coordination import meetings as rules
from phoihop.domain.coordination.authority import AuthorityRef
from phoihop.domain.coordination.inputs import required_text
from phoihop.domain.errors import InvalidInput
from phoihop.domain.organisation import AgencyKind, AgencyLevel


def _pure(meeting: Meeting) -> rules.Meeting:
    """The record as the domain's value, for its checks."""
    agenda = list(meeting.agenda.all())
    return rules.Meeting(
        status=rules.MeetingStatus(meeting.status),
        chair_agency_id=meeting.chair_agency_id,
        participant_agency_ids=frozenset(meeting.participants.values_list("pk", flat=True)),
        agenda=tuple(
            rules.AgendaCase(a.case_id, rules.CaseOutcome(a.outcome), a.conclusion) for a in agenda
        ),
        positions=tuple(
            rules.Position(p.agency_id, p.agenda_item.case_id, p.text)
            for p in Position.objects.filter(agenda_item__meeting=meeting).select_related(
                "agenda_item"
            )
        ),
    )


def _lock(meeting: Meeting, expected_version: int | None) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecord(
            "Cuộc họp đã được người khác cập nhật. Hãy tải lại trang.", field="version"
        )
    return locked


def meeting_create(
    *,
    user: Any,
    title: str,
    chair_name: str,
    held_on: dt.date,
    start_time: dt.time | None,
    place: str,
    sites: Sequence[str],
    participant_ids: Sequence[int],
    case_ids: Sequence[int],
    now: dt.datetime,
    chair_title: str = "",
) -> Meeting:
    """Call a meeting: the caller's agency chairs it; every participating agency is
    invited to the cases on the agenda (and so sees them). ``place`` is where it sits
    (the main site), ``sites`` the other sites joined online."""
    actor = actor_for(user)
    agency_id = require_writer(actor)
    title = required_text(title, field="title", what="tên cuộc họp")
    rules.check_meeting_times(start_time, None)
    if not case_ids:
        raise InvalidInput("Cần chọn ít nhất một vụ án đưa vào chương trình họp.", field="cases")
    participants = list(Agency.objects.filter(pk__in=set(participant_ids) - {agency_id}))
    if not participants:
        raise InvalidInput("Cần mời ít nhất một cơ quan khác dự họp.", field="participants")
    with transaction.atomic():
        cases = [case_for(user, case_id) for case_id in dict.fromkeys(case_ids)]
        meeting = Meeting.objects.create(
            title=title,
            chair_agency_id=agency_id,
            chair_name=chair_name.strip() or user.full_name or user.username,
            chair_title=chair_title.strip(),
            held_on=held_on,
            start_time=start_time,
            place=place.strip(),
            sites="\n".join(s.strip() for s in sites if s.strip()),
            created_by=user,
        )
        meeting.participants.set(participants)
        for case in cases:
            AgendaItem.objects.create(meeting=meeting, case=case)
            for agency in [*participants, user.agency]:
                join_case(case, agency.pk, timezone.localdate(now), role=ParticipationRole.INVITED)
        audit_record(
            actor=user,
            action="meeting.created",
            at=now,
            target=meeting,
            data={"cases": [c.pk for c in cases], "participants": [a.code for a in participants]},
        )
    return meeting


def meeting_hold(
    *, user: Any, meeting_id: int, expected_version: int | None, now: dt.datetime
) -> Meeting:
    require_writer(actor_for(user))
    with transaction.atomic():
        meeting = _lock(meeting_get_for(user, meeting_id), expected_version)
        rules.meeting_transition(_pure(meeting), rules.MeetingStatus.HELD, agency_id=user.agency_id)
        meeting.status = rules.MeetingStatus.HELD.value
        meeting.version += 1
        meeting.save()
        audit_record(
            actor=user,
            action="meeting.outcome.recorded",
            at=now,
            target=meeting,
            data={"status": meeting.status},
        )
    return meeting


def meeting_record_of(meeting: Meeting) -> rules.MeetingRecord:
    """The record the minutes are drawn from, as the domain's value."""
    return rules.MeetingRecord(
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        chair_name=meeting.chair_name,
        chair_title=meeting.chair_title,
        secretary_name=meeting.secretary_name,
        secretary_title=meeting.secretary_title,
        secretary_agency_id=meeting.secretary_agency_id,
        delegates=tuple(
            rules.Delegate(d.agency_id, d.name, d.title) for d in meeting.delegates.all()
        ),
    )


def meeting_details_record(
    *,
    user: Any,
    meeting_id: int,
    expected_version: int | None,
    start_time: dt.time | None,
    end_time: dt.time | None,
    chair_name: str,
    chair_title: str,
    secretary_name: str,
    secretary_title: str,
    secretary_agency_id: int | None,
    delegates: Sequence[rules.Delegate],
    now: dt.datetime,
) -> Meeting:
    """The chair's agency records what the minutes state: the times, the chair, the
    secretary and the delegates of each agency (the list replaces the one before)."""
    require_writer(actor_for(user))
    with transaction.atomic():
        meeting = _lock(meeting_get_for(user, meeting_id), expected_version)
        record = rules.record_meeting_details(
            _pure(meeting),
            rules.MeetingRecord(
                start_time=start_time,
                end_time=end_time,
                chair_name=chair_name,
                chair_title=chair_title,
                secretary_name=secretary_name,
                secretary_title=secretary_title,
                secretary_agency_id=secretary_agency_id,
                delegates=tuple(delegates),
            ),
            agency_id=user.agency_id,
        )
        meeting.start_time = record.start_time
        meeting.end_time = record.end_time
        meeting.chair_name = record.chair_name
        meeting.chair_title = record.chair_title
        meeting.secretary_name = record.secretary_name
        meeting.secretary_title = record.secretary_title
        meeting.secretary_agency_id = record.secretary_agency_id
        meeting.version += 1
        meeting.save()
        MeetingDelegate.objects.filter(meeting=meeting).delete()
        MeetingDelegate.objects.bulk_create(
            MeetingDelegate(meeting=meeting, agency_id=d.agency_id, name=d.name, title=d.title)
            for d in record.delegates
        )
        audit_record(
            actor=user,
            action="meeting.details.recorded",
            at=now,
            target=meeting,
            data={
                "start_time": f"{record.start_time:%H:%M}" if record.start_time else None,
                "end_time": f"{record.end_time:%H:%M}" if record.end_time else None,
                "secretary": bool(record.secretary_name),
                "delegates": len(record.delegates),
            },
        )
    return meeting


def position_record(*, user: Any, agenda_item_id: int, text: str, now: dt.datetime) -> Position:
    actor = actor_for(user)
    agency_id = require_writer(actor)
    with transaction.atomic():
        item = AgendaItem.objects.select_related("meeting").filter(pk=agenda_item_id).first()
        if item is None:
            raise InvalidInput("Vụ án không có trong chương trình họp.", field="agenda_item")
        meeting = _lock(meeting_get_for(user, item.meeting_id), None)
        case_for(user, item.case_id)
        rules.record_position(_pure(meeting), agency_id=agency_id, case_id=item.case_id, text=text)
        position, _ = Position.objects.update_or_create(
            agenda_item=item,
            agency_id=agency_id,
            defaults={"text": text.strip(), "recorded_by": user, "at": now},
        )
        meeting.version += 1
        meeting.save(update_fields=["version"])
        audit_record(
            actor=user,
            action="meeting.position.recorded",
            at=now,
            target=meeting,
            data={"case": item.case_id, "agency": user.agency.code},
        )
    return position


def _authority_agency(ref: AuthorityRef, case_province_id: int, today: dt.date) -> Agency:
    """The Steering Committee of the level, or, when the registry lacks it, its standing
    body (the Internal Affairs Commission)."""
    for kind in (ref.kind, ref.standing_body_kind):
        found = Agency.objects.valid_on(today).filter(kind=kind, level=ref.level.value)
        if ref.level is AgencyLevel.PROVINCIAL:
            found = found.filter(province_id=case_province_id)
        agency: Agency | None = found.order_by("pk").first()
        if agency is not None:
            return agency
    raise InvalidInput("Danh mục không có cơ quan có thẩm quyền cho vụ án này.", field="authority")


def agenda_conclude(
    *,
    user: Any,
    agenda_item_id: int,
    agreed: bool,
    text: str,
    now: dt.datetime,
) -> AgendaItem:
    """The chair records the outcome of one agenda case: agreed (with the conclusion)
    or not agreed (with the question), which escalates to the competent authority."""
    require_writer(actor_for(user))
    with transaction.atomic():
        item = AgendaItem.objects.select_related("case").filter(pk=agenda_item_id).first()
        if item is None:
            raise InvalidInput("Vụ án không có trong chương trình họp.", field="agenda_item")
        meeting = _lock(meeting_get_for(user, item.meeting_id), None)
        case_for(user, item.case_id)
        pure = _pure(meeting)
        if agreed:
            result = rules.conclude_agreed(
                pure, agency_id=user.agency_id, case_id=item.case_id, conclusion=text
            )
        else:
            result = rules.conclude_not_agreed(
                pure,
                agency_id=user.agency_id,
                case_id=item.case_id,
                question=text,
                case_monitoring=item.case.monitoring,
                province_id=item.case.province_id,
            )
        item.outcome = result.agenda_case.outcome.value
        item.conclusion = result.agenda_case.conclusion
        item.save()
        if result.escalation is not None:
            draft = result.escalation
            authority = _authority_agency(
                draft.authority, item.case.province_id, timezone.localdate(now)
            )
            codes = dict(
                Agency.objects.filter(pk__in=[a for a, _ in draft.positions]).values_list(
                    "pk", "name"
                )
            )
            escalation = Escalation.objects.create(
                agenda_item=item,
                case=item.case,
                authority=authority,
                question=draft.question,
                positions=[
                    {"agency": codes[a], "agency_id": a, "position": t} for a, t in draft.positions
                ],
                created_at=now,
            )
            join_case(
                item.case, authority.pk, timezone.localdate(now), role=ParticipationRole.AUTHORITY
            )
            audit_record(
                actor=user,
                action="meeting.escalated",
                at=now,
                target=escalation,
                data={"case": item.case_id, "authority": authority.code},
            )
        meeting.version += 1
        meeting.save(update_fields=["version"])
        audit_record(
            actor=user,
            action="meeting.outcome.recorded",
            at=now,
            target=meeting,
            data={"case": item.case_id, "outcome": item.outcome},
        )
    return item


def meeting_close(
    *, user: Any, meeting_id: int, expected_version: int | None, now: dt.datetime
) -> Meeting:
    require_writer(actor_for(user))
    with transaction.atomic():
        meeting = _lock(meeting_get_for(user, meeting_id), expected_version)
        rules.meeting_transition(
            _pure(meeting), rules.MeetingStatus.CLOSED, agency_id=user.agency_id
        )
        meeting.status = rules.MeetingStatus.CLOSED.value
        meeting.version += 1
        meeting.save()
        audit_record(actor=user, action="meeting.closed", at=now, target=meeting, data={})
    return meeting


def is_authority_member(user: Any, escalation: Escalation) -> bool:
    """Whether the user belongs to the authority the escalation went to (or its
    standing body of the same level and province)."""
    agency = user.agency
    if agency is None:
        return False
    authority = escalation.authority
    ref = AuthorityRef(AgencyLevel(authority.level), authority.province_id)
    return agency.pk == authority.pk or ref.includes(
        AgencyKind(agency.kind), AgencyLevel(agency.level), agency.province_id
    )
