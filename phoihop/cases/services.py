"""Writes to the case record. Each runs fetch-and-authorize → domain check → write →
refresh derived data → audit, in one transaction (CONVENTIONS §2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency, Province
from phoihop.agencies.selectors import province_successors
from phoihop.audit.services import audit_record
from phoihop.cases.derived import domain_events_of, search_text_for
from phoihop.cases.issuers import check_authority, inferred_issuer, issuing_agency
from phoihop.cases.models import AssetAction, AssetKind, Case, CaseEvent, CaseReference, Person
from phoihop.cases.participation import (
    body_of,
    join_by_law,
    join_handling,
    transfer_handling,
    transfer_receiver,
)
from phoihop.cases.selectors import case_facts, case_get_for
from phoihop.cases.writing import case_locked_at
from phoihop.clocks.services import clocks_refresh
from phoihop.core.errors import NotFound, StaleRecord
from phoihop.core.money import MoneySum
from phoihop.domain.access.policy import (
    Actor,
    CaseFacts,
    editable_case_fields,
    may_create_case,
    may_record_events,
)
from phoihop.domain.amounts import check_amount, check_case_total
from phoihop.domain.crimes import Charge
from phoihop.domain.errors import AccessDenied, InvalidInput, TransitionNotAllowed
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import (
    PARAM_PERSON,
    PARAM_SPLIT_CASE,
    PARAM_TRANSFER_TO,
    PERSON_DECISIONS,
    Event,
    EventType,
)
from phoihop.domain.procedure.participation import implied_params
from phoihop.domain.procedure.timeline import Timeline, check_insert, check_next, replay
from phoihop.domain.record_dates import check_record_date
from phoihop.reports.tallies import marks_refresh


@dataclass(frozen=True)
class EventInput:
    type: str
    date: dt.date
    doc_number: str = ""
    note: str = ""
    person_id: int | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    # A decision learnt without the ones the law puts before it: those are entered too,
    # marked unrecorded (timeline.check_insert).
    infer_unrecorded: bool = False
    # The body that made the decision, when it is not the recording agency: a body the
    # 2025 reform replaced, whose decisions its successor enters (issuing_agency).
    issuer_id: int | None = None
    # Entered on the case page, a decision about one person names that person
    # (PERSON_DECISIONS); what agency systems send may not.
    person_required: bool = False


def refresh_derived(case: Case, timeline: Timeline, events: list[Event]) -> None:
    """Derived columns, recomputed from the events (never edited by hand)."""
    assert timeline.stage is not None
    case.stage = timeline.stage.value
    case.opened_on = events[0].date
    case.last_event_on = events[-1].date
    if timeline.charges:
        case.charges = [_charge_row(c) for c in timeline.charges]
    if timeline.category is not None:
        case.category = timeline.category.value
    case.national_security = timeline.national_security
    case.search_text = search_text_for(case, _person_names(case))


def _charge_row(charge: Charge) -> dict[str, Any]:
    """As stored and shown: an article charged without its clause (0) keeps the category
    stated for it; without one, the case's category is not determined."""
    row: dict[str, Any] = {"article": charge.article, "clause": charge.clause}
    if charge.clause == 0 and charge.stated_category is not None:
        row["category"] = charge.stated_category.value
    return row


def _person_names(case: Case) -> str:
    return " ".join(case.persons.values_list("full_name", flat=True)) if case.pk else ""


def _case_for_writing(
    actor: Actor,
    case_id: int,
    expected_version: int | None,
    *,
    fields: frozenset[str] = frozenset(),
) -> Case:
    """Fetch and authorize, then lock the row and check the version the user saw.
    Must run inside the write's transaction. With ``fields``, the actor must be allowed
    to change each of them (header edits); otherwise to record on the case at all."""
    visible = case_get_for(actor, case_id)
    facts = case_facts(visible)
    if fields:
        refused = fields - editable_case_fields(actor, facts)
        if refused:
            raise AccessDenied(
                f"Bạn không được sửa các trường: {', '.join(sorted(refused))}.",
                field=sorted(refused)[0],
            )
    elif not may_record_events(actor, facts):
        raise AccessDenied("Cơ quan của bạn không tham gia giải quyết vụ án này.")
    return case_locked_at(visible.pk, expected_version)


def case_record_event(
    *, user: Any, case_id: int, expected_version: int | None, event: EventInput, now: dt.datetime
) -> CaseEvent:
    actor = actor_for(user)

    def refuse_a_second_copy() -> None:
        """A numbered decision is entered once: the same type, date and number again is
        a resubmission (a retried upload, a double click), not a second decision."""
        if event.doc_number.strip() and same_decision(case_id, event).exists():
            raise TransitionNotAllowed(
                f"Quyết định số {event.doc_number} ngày {event.date:%d/%m/%Y} đã được ghi "
                "nhận trong hồ sơ vụ án này; không ghi nhận lại lần nữa.",
                code="event.duplicate",
                field="doc_number",
            )

    with transaction.atomic():
        try:
            case = _case_for_writing(actor, case_id, expected_version)
        except StaleRecord:
            # Authorized and locked by then. A resubmission carries the version seen
            # before its first copy was saved: name the copy, not a stale page.
            refuse_a_second_copy()
            raise
        refuse_a_second_copy()
        try:
            event_type = EventType(event.type)
        except ValueError:
            raise InvalidInput("Loại quyết định không hợp lệ.", field="type") from None
        if event_type is EventType.CASE_SPLIT and PARAM_SPLIT_CASE not in event.params:
            raise InvalidInput(
                "Tách vụ án mở một vụ án mới: hãy dùng chức năng «Tách vụ án» trên trang vụ "
                "án (API: POST /api/v1/cases/{id}/split).",
                field="type",
            )
        event = latest_possible(event, timezone.localdate(now))
        issuer = issuing_agency(user.agency, event.issuer_id, event.date)
        params = {**implied_params(event_type, body_of(issuer)), **event.params}
        person = None
        if event.person_id is not None:
            person = case.persons.filter(pk=event.person_id).first()
            if person is None:
                raise InvalidInput("Người được chọn không thuộc vụ án này.", field="person")
            params[PARAM_PERSON] = str(person.pk)
        receiver = None
        if event_type is EventType.CASE_TRANSFERRED:
            receiver = transfer_receiver(issuer, params.get(PARAM_TRANSFER_TO), event.date)
            params[PARAM_TRANSFER_TO] = receiver.pk
        history = domain_events_of(case.events.all())
        placed = check_insert(
            history,
            Event(type=event_type, date=event.date, params=params),
            today=timezone.localdate(now),
            recorder_kind=AgencyKind(issuer.kind),
            infer_unrecorded=event.infer_unrecorded,
        )
        check_authority(placed, event_type, timezone.localdate(now))
        if person is None and event_type in PERSON_DECISIONS and event.person_required:
            raise InvalidInput(
                "Quyết định này áp dụng với một người cụ thể: hãy chọn người đó."
                if case.persons.exists()
                else "Quyết định này áp dụng với một người cụ thể, nhưng vụ án chưa có người "
                "nào: hãy thêm người ở mục «Người liên quan» trước.",
                field="person",
            )
        _make_room(case, placed.sequence - len(placed.unrecorded), by=len(placed.unrecorded) + 1)
        for inferred in placed.unrecorded:
            CaseEvent.objects.create(
                case=case,
                sequence=inferred.sequence,
                type=inferred.type.value,
                date=inferred.date,
                agency=inferred_issuer(case, issuer, inferred.type),
                params=dict(inferred.params),
                entered_by=user,
                entered_at=now,
            )
        record = CaseEvent.objects.create(
            case=case,
            sequence=placed.sequence,
            type=event_type.value,
            date=event.date,
            agency=issuer,
            doc_number=event.doc_number,
            params=params,
            person=person,
            note=event.note,
            entered_by=user,
            entered_at=now,
        )
        join_handling(case, user.agency, event.date)
        if issuer != user.agency:
            join_handling(case, issuer, event.date)
        join_by_law(case, issuer, event_type, event.date)
        if receiver is not None:
            transfer_handling(case, {issuer, user.agency}, receiver, event.date)
        events = list(placed.events)
        refresh_derived(case, placed.timeline, events)
        case.version += 1
        case.save()
        clocks_refresh(case, events=events, today=timezone.localdate(now))
        data: dict[str, Any] = {
            "event": record.pk,
            "type": event_type.value,
            "date": event.date.isoformat(),
        }
        if placed.sequence <= len(history) + len(placed.unrecorded):
            data["placed_before"] = len(history) + len(placed.unrecorded) - placed.sequence + 1
        if placed.unrecorded:
            data["unrecorded"] = [e.type.value for e in placed.unrecorded]
        if issuer != user.agency:
            data["issuer"] = issuer.code
        audit_record(actor=user, action="case.event.recorded", at=now, target=case, data=data)
        # Last, after the audit entry: every writer takes the case, then the audit
        # chain, then the tallies, so none waits on another in the opposite order.
        marks_refresh([case.pk])
    return record


def same_decision(case_id: int, event: EventInput) -> QuerySet[CaseEvent]:
    """The decisions of the case that are ``event`` again: the same type, number and
    date; for a date known to the month, the same month (its day is the month's last,
    or the day it was entered in the current month)."""
    rows = CaseEvent.objects.filter(case_id=case_id, type=event.type, doc_number=event.doc_number)
    if event.params.get("date_known") == "month":
        return rows.filter(
            date__year=event.date.year,
            date__month=event.date.month,
            params__date_known="month",
        )
    return rows.filter(date=event.date)


def latest_possible(event: EventInput, today: dt.date) -> EventInput:
    """A decision known only by its month is dated the latest day it can have been made,
    the month's last (today, in the current month), so the record's order and every
    clock it ends stay on the safe side; the clocks it starts count from the earliest."""
    if event.params.get("date_known") != "month":
        return event
    following = (event.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = following - dt.timedelta(days=1)
    if event.date > today:
        return event  # refused as a date after today
    return dataclasses.replace(event, date=min(last, today))


def _make_room(case: Case, sequence: int, *, by: int = 1) -> None:
    """Move the decisions from ``sequence`` on ``by`` places later, last first, so the
    sequence stays unique at every step: the record's order is the order of the dates."""
    for later in case.events.filter(sequence__gte=sequence).order_by("-sequence"):
        later.sequence += by
        later.save(update_fields=["sequence"])


def _check_national_code(code: str | None, *, case_id: int | None) -> None:
    """A national case code names one case in the whole country. Saying it is taken
    reveals that it exists, not which case or where: the code is the national registry's,
    not a secret of the case."""
    taken = Case.objects.filter(national_code=code)
    if case_id is not None:
        taken = taken.exclude(pk=case_id)
    if code and taken.exists():
        raise InvalidInput(
            "Mã vụ án quốc gia này đã được dùng cho một hồ sơ khác.", field="national_code"
        )


@dataclass(frozen=True)
class CaseInput:
    kind: str
    title: str
    province_id: int
    first_event: EventInput
    summary: str = ""
    national_code: str | None = None
    field: str = ""
    classification: int = 0
    monitoring: str = "none"
    agency_ids: list[int] = dataclasses.field(default_factory=list)


def case_create(*, user: Any, data: CaseInput, now: dt.datetime) -> Case:
    """Open a case with its first decision (the crime report received, or the
    initiation of the case), entered by the user's agency."""
    actor = actor_for(user)
    if not may_create_case(actor):
        raise AccessDenied("Bạn không có quyền mở hồ sơ vụ án.")
    if data.classification > actor.clearance:
        raise InvalidInput(
            "Độ mật của vụ án cao hơn độ mật bạn được tiếp cận.", field="classification"
        )
    with transaction.atomic():
        _check_national_code(data.national_code, case_id=None)
        province = Province.objects.filter(pk=data.province_id).first()
        if province is None:
            raise InvalidInput("Tỉnh, thành phố không có trong danh mục.", field="province")
        if province.merged_into_id is not None:
            # A case of a former province is kept under the province holding its cases now.
            province = Province.objects.get(pk=province_successors()[province.pk])
        try:
            first_type = EventType(data.first_event.type)
        except ValueError:
            raise InvalidInput("Loại quyết định không hợp lệ.", field="type") from None
        given = latest_possible(data.first_event, timezone.localdate(now))
        issuer = issuing_agency(user.agency, given.issuer_id, given.date)
        first = Event(type=first_type, date=given.date, params=dict(given.params), sequence=1)
        timeline = check_next(
            replay([]),
            first,
            today=timezone.localdate(now),
            recorder_kind=AgencyKind(issuer.kind),
        )
        case = Case.objects.create(
            kind=data.kind,
            national_code=data.national_code or None,
            title=data.title,
            summary=data.summary,
            province=province,
            field=data.field,
            classification=data.classification,
            monitoring=data.monitoring,
            stage=timeline.stage.value,
            opened_on=first.date,
            last_event_on=first.date,
            created_by=user,
        )
        for agency in Agency.objects.filter(pk__in={user.agency_id, issuer.pk, *data.agency_ids}):
            join_handling(case, agency, first.date)
        join_by_law(case, issuer, first.type, first.date)
        CaseEvent.objects.create(
            case=case,
            sequence=1,
            type=first.type.value,
            date=first.date,
            agency=issuer,
            doc_number=given.doc_number,
            params=dict(first.params),
            note=given.note,
            entered_by=user,
            entered_at=now,
        )
        refresh_derived(case, timeline, [first])
        case.save()
        clocks_refresh(case, events=[first], today=timezone.localdate(now))
        audit_record(
            actor=user, action="case.created", at=now, target=case, data={"title": case.title}
        )
        marks_refresh([case.pk])
    return case


EDITABLE_FIELDS = ("title", "summary", "national_code", "field", "classification", "monitoring")


@dataclass(frozen=True)
class UpsertResult:
    case: Case
    created: bool
    changed: bool


def unknown_record_message(case_id: int) -> str:
    # The same words for a number no case has and for a case the user may not see.
    return f"Không có vụ án #{case_id} trong hồ sơ dùng chung mà bạn được xem."


def case_find_by_key(
    *, user: Any, national_code: str | None, external_id: str, case_id: int | None = None
) -> Case | None:
    """The case an agency names by the national case code or by its own case number,
    or (a case already in the record, as an export names it) by its number there. Keys
    naming two different cases are a contradiction, refused; a key that names a case the
    user may not see is refused as taken, without saying more. A number in the record
    counts only for a case the user sees: of any other, whether it exists is not said."""
    keys = Q(pk__in=[])
    if national_code:
        keys |= Q(national_code=national_code)
    if external_id:
        keys |= Q(references__agency_id=user.agency_id, references__external_id=external_id)
    if case_id is not None:
        try:
            case_get_for(actor_for(user), case_id)
        except (NotFound, AccessDenied):
            raise TransitionNotAllowed(
                unknown_record_message(case_id), code="case.key_taken", field="record"
            ) from None
        keys |= Q(pk=case_id)
    found = list(Case.objects.filter(keys).values_list("pk", flat=True).distinct()[:2])
    if len(found) > 1:
        named = [
            *([f"mã vụ án quốc gia {national_code}"] if national_code else []),
            *([f"số hồ sơ {external_id} của cơ quan"] if external_id else []),
            *([f"số hồ sơ dùng chung #{case_id}"] if case_id is not None else []),
        ]
        sentence = " và ".join([", ".join(named[:-1]), named[-1]] if len(named) > 2 else named)
        raise TransitionNotAllowed(
            f"{sentence[:1].upper()}{sentence[1:]} chỉ hai vụ án khác nhau.",
            code="case.key_conflict",
            field="external_id",
        )
    if not found:
        return None
    try:
        return case_get_for(actor_for(user), found[0])
    except (NotFound, AccessDenied):
        raise TransitionNotAllowed(
            "Mã vụ án quốc gia này đã được dùng cho một hồ sơ khác.",
            code="case.key_taken",
            field="national_code",
        ) from None


HEADER_FIELDS = ("title", "summary", "field", "classification", "monitoring")


def case_upsert(
    *,
    user: Any,
    data: CaseInput,
    external_id: str = "",
    case_id: int | None = None,
    expected_version: int | None = None,
    given: frozenset[str] | None = None,
    now: dt.datetime,
) -> UpsertResult:
    """Open the case an agency names, or bring its header up to date when it exists.
    The key is the national case code, else the agency's own case number. Sending the
    same data again changes nothing: no write, no new version, no audit entry. For an
    existing case the first decision is not replayed (decisions are recorded by
    ``case_record_event``, once each).

    On an existing case only the header fields in ``given`` (default: all) are
    compared, and of those only the ones the caller may edit: a supervisor's monitoring
    level or a raised classification is not undone by an agency re-sending its own
    copy. The classification is never lowered here — lowering it is a deliberate edit
    of the case (the edit page, PATCH), checked and audited as such.

    ``case_id`` names a case already in the record (an export's "#1234"): it finds the
    case, and never opens one."""
    if not data.national_code and not external_id and case_id is None:
        raise InvalidInput(
            "Cần mã vụ án quốc gia hoặc số hồ sơ của cơ quan để nhận biết vụ án.",
            field="external_id",
        )
    with transaction.atomic():
        case = case_find_by_key(
            user=user, national_code=data.national_code, external_id=external_id, case_id=case_id
        )
        if case is None:
            try:
                with transaction.atomic():
                    case = case_create(user=user, data=data, now=now)
                    _remember_reference(user, case, external_id, now=now, opened=True)
            except IntegrityError:
                # Another upload of the same key committed first (the unique
                # constraints decide): this one is a copy, not a second case.
                raise TransitionNotAllowed(
                    "Vụ án này vừa được tạo bởi một lần gửi khác; hãy gửi lại để cập nhật.",
                    code="case.key_taken",
                    field="external_id",
                ) from None
            return UpsertResult(case=case, created=True, changed=True)
        changes = header_changes(actor_for(user), case, case_facts(case), data, given)
        if changes:
            case = case_edit(
                user=user,
                case_id=case.pk,
                expected_version=expected_version,
                changes=changes,
                now=now,
            )
        elif expected_version is not None and case.version != expected_version:
            raise StaleRecord(
                "Hồ sơ vụ án đã được người khác thay đổi; hãy đọc lại phiên bản mới.",
                field="version",
            )
        referenced = _remember_reference(user, case, external_id, now=now)
        return UpsertResult(case=case, created=False, changed=bool(changes) or referenced)


def header_changes(
    actor: Actor,
    case: Case,
    facts: CaseFacts,
    data: CaseInput,
    given: frozenset[str] | None = None,
) -> dict[str, Any]:
    """What an upsert of ``data`` changes in the header of an existing case: of the
    fields ``given`` (default all), those the actor may edit and that differ; never a
    lowered classification."""
    editable = editable_case_fields(actor, facts)
    fields = set(HEADER_FIELDS if given is None else given & set(HEADER_FIELDS))
    wanted = {name: getattr(data, name) for name in fields & editable}
    if wanted.get("classification", case.classification) < case.classification:
        del wanted["classification"]
    if data.national_code and "national_code" in editable:
        wanted["national_code"] = data.national_code
    return {name: value for name, value in wanted.items() if getattr(case, name) != value}


def _remember_reference(
    user: Any, case: Case, external_id: str, *, now: dt.datetime, opened: bool = False
) -> bool:
    """Record the agency's own number for the case: a write like any other, by an
    agency that handles the case (``opened``: it has just opened it), audited."""
    if not external_id:
        return False
    existing = CaseReference.objects.filter(case=case, agency_id=user.agency_id).first()
    if existing is not None:
        if existing.external_id != external_id:
            raise TransitionNotAllowed(
                f"Vụ án này đã mang số hồ sơ {existing.external_id} của cơ quan bạn.",
                code="case.key_conflict",
                field="external_id",
            )
        return False
    if not opened and not may_record_events(actor_for(user), case_facts(case)):
        raise AccessDenied(
            "Cơ quan của bạn không giải quyết vụ án này nên không gắn số hồ sơ riêng cho vụ án.",
            field="external_id",
        )
    CaseReference.objects.create(case=case, agency_id=user.agency_id, external_id=external_id)
    audit_record(
        actor=user,
        action="case.reference.recorded",
        at=now,
        target=case,
        data={"external_id": external_id},
    )
    return True


def case_edit(
    *,
    user: Any,
    case_id: int,
    expected_version: int | None,
    changes: Mapping[str, Any],
    now: dt.datetime,
) -> Case:
    """Change the case's header. A stale `expected_version` is refused, never merged
    silently: the second of two concurrent editors is told the record changed. (None
    skips the check: an upsert by key that sent no version writes what it was sent.)

    Values equal to the record's are no change: when nothing differs, nothing is
    written, the version stays and no audit entry is made; otherwise the entry names
    only the fields that changed."""
    actor = actor_for(user)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"Trường không được phép sửa: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        if int(changes.get("classification", 0)) > actor.clearance:
            raise InvalidInput(
                "Độ mật của vụ án cao hơn độ mật bạn được tiếp cận.", field="classification"
            )
        case = _case_for_writing(actor, case_id, expected_version, fields=frozenset(changes))
        if "national_code" in changes:
            _check_national_code(changes["national_code"], case_id=case.pk)
        changed = {name: value for name, value in changes.items() if getattr(case, name) != value}
        if not changed:
            return case
        before = {name: getattr(case, name) for name in changed}
        for name, value in changed.items():
            setattr(case, name, value)
        case.search_text = search_text_for(case, _person_names(case))
        case.version += 1
        case.save()
        audit_record(
            actor=user,
            action="case.edited",
            at=now,
            target=case,
            data={"before": before, "after": changed},
        )
        marks_refresh([case.pk])
    return case


def case_add_person(
    *,
    user: Any,
    case_id: int,
    expected_version: int | None,
    person: Mapping[str, Any],
    now: dt.datetime,
) -> Person:
    actor = actor_for(user)
    year = person.get("birth_year")
    if year is not None and not 1900 <= int(year) <= timezone.localdate(now).year:
        raise InvalidInput("Năm sinh phải từ 1900 đến năm nay.", field="birth_year")
    with transaction.atomic():
        case = _case_for_writing(actor, case_id, expected_version)
        created = Person.objects.create(case=case, **person)
        case.search_text = search_text_for(case, _person_names(case))
        case.version += 1
        case.save(update_fields=["search_text", "version", "updated_at"])
        audit_record(
            actor=user, action="case.person.added", at=now, target=case, data={"person": created.pk}
        )
    return created


def case_record_asset(
    *,
    user: Any,
    case_id: int,
    expected_version: int | None,
    asset: Mapping[str, Any],
    now: dt.datetime,
) -> AssetAction:
    actor = actor_for(user)
    if asset.get("kind") not in AssetKind.values:
        raise InvalidInput("Loại khoản tiền không hợp lệ.", field="kind")
    amount = int(asset.get("amount_vnd", 0))
    check_amount(amount, field="amount_vnd", label="Số tiền")
    if asset.get("date"):
        check_record_date(
            asset["date"], today=timezone.localdate(now), field="date", label="Ngày của khoản tiền"
        )
    with transaction.atomic():
        case = _case_for_writing(actor, case_id, expected_version)
        # Read under the case's row lock: two entries at once cannot both pass the bound.
        held = case.asset_actions.filter(kind=asset["kind"]).aggregate(
            total=MoneySum("amount_vnd")
        )["total"]
        with translation.override("vi"):
            kind_label = str(AssetKind(asset["kind"]).label)
        check_case_total(held or 0, amount, kind_label=kind_label, field="amount_vnd")
        created = AssetAction.objects.create(case=case, entered_by=user, entered_at=now, **asset)
        case.version += 1
        case.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=user,
            action="case.asset.recorded",
            at=now,
            target=case,
            data={"asset": created.pk, "kind": created.kind, "amount_vnd": created.amount_vnd},
        )
        marks_refresh([case.pk])
    return created


def case_open_for(*, user: Any, case_id: Any, now: dt.datetime) -> Case:
    """The case for its page; a view of a classified case is itself audited."""
    case = case_get_for(actor_for(user), case_id)
    case_view_record(user=user, case=case, now=now)
    return case


def case_view_record(*, user: Any, case: Case, now: dt.datetime, via: str = "case") -> None:
    """Audit a view of a classified case, from its own page or from a page that shows
    it (a request, a meeting, a directive…)."""
    if case.classification > 0:
        audit_record(
            actor=user,
            action="case.viewed",
            at=now,
            target=case,
            data={"classification": case.classification, "via": via},
        )


def case_export_record(
    *,
    user: Any,
    cases: Any,
    what: str,
    now: dt.datetime,
    fmt: str = "",
    without_classified: bool = False,
    mark: str = "",
) -> None:
    """One audit entry per export, naming the classified cases it carried, whether the
    user asked for the file without classified cases, and the state-secret mark the file
    carries ("" for none)."""
    classified = list(cases.filter(classification__gt=0).values_list("pk", flat=True)[:10_000])
    audit_record(
        actor=user,
        action="cases.exported",
        at=now,
        data={
            "what": what,
            "format": fmt,
            "count": cases.count(),
            "classified": classified,
            "without_classified": without_classified,
            "mark": mark,
        },
    )
