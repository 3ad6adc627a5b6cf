"""Recording procedural decisions through the service: stage machine, access, atomicity."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.audit.models import AuditEvent
from phoihop.cases import services
from phoihop.cases.models import Case, CaseEvent
from phoihop.core.errors import NotFound, StaleRecord
from phoihop.domain.errors import AccessDenied, InvalidInput, TransitionNotAllowed

pytestmark = pytest.mark.django_db


def _snapshot(case: Case) -> tuple:
    case.refresh_from_db()
    return (
        case.stage,
        case.version,
        CaseEvent.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
    )


def test_opening_a_case_derives_stage_category_and_search_text(open_case):
    case = open_case(charges="353.3, 354.2")

    assert case.stage == "investigation"
    assert case.category == "DBNT"
    assert "tham nhung" in case.search_text
    assert case.participations.count() == 3


def test_an_indictment_on_a_case_still_under_investigation_is_refused_and_writes_nothing(
    open_case, demo_users, now
):
    case = open_case()
    before = _snapshot(case)

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.case_record_event(
            user=demo_users["kiemsat.ag"],
            case_id=case.pk,
            expected_version=case.version,
            event=services.EventInput(type="indicted", date=now.date()),
            now=now,
        )

    assert "điều tra" in refusal.value.message
    assert "Các quyết định có thể ghi nhận" in refusal.value.message
    assert _snapshot(case) == before


def test_a_decision_of_the_right_agency_moves_the_stage_and_is_audited(open_case, demo_users, now):
    case = open_case()
    suspect = services.case_add_person(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=None,
        person={"full_name": "Nguyễn Văn Bình", "role": "accused"},
        now=now,
    )
    services.case_record_event(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="suspect_charged",
            date=now.date() - dt.timedelta(days=20),
            person_id=suspect.pk,
            params={"charges": "353.3"},
        ),
        now=now,
    )

    services.case_record_event(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(type="investigation_concluded", date=now.date()),
        now=now,
    )

    case.refresh_from_db()
    assert case.stage == "prosecution"
    assert (
        AuditEvent.objects.filter(action="case.event.recorded", target_id=str(case.pk)).count() == 2
    )


def test_the_police_cannot_record_a_procuracy_decision(open_case, demo_users, now):
    case = open_case()
    before = _snapshot(case)

    with pytest.raises(AccessDenied):
        services.case_record_event(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=None,
            event=services.EventInput(
                type="investigation_extended", date=now.date(), params={"months": 2}
            ),
            now=now,
        )

    assert _snapshot(case) == before


@pytest.mark.parametrize("days", [-1, 40])
def test_a_decision_dated_in_the_future_or_before_the_previous_one_is_refused(
    open_case, demo_users, now, days
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=30))
    before = _snapshot(case)
    date = now.date() - dt.timedelta(days=days)  # -1: tomorrow; 40: before the initiation

    with pytest.raises(InvalidInput) as refusal:
        services.case_record_event(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=None,
            event=services.EventInput(type="expertise_requested", date=date),
            now=now,
        )

    assert refusal.value.field == "date"
    assert _snapshot(case) == before


def test_a_user_of_another_province_gets_not_found_for_the_case(open_case, demo_users, now):
    case = open_case()

    with pytest.raises(NotFound):
        services.case_record_event(
            user=demo_users["dieutra.hn"],
            case_id=case.pk,
            expected_version=None,
            event=services.EventInput(type="expertise_requested", date=now.date()),
            now=now,
        )


def test_a_stale_version_is_told_the_record_changed_and_the_first_edit_is_kept(
    open_case, demo_users, now
):
    case = open_case()
    loaded_version = case.version  # both officers opened the page at this version
    services.case_edit(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=loaded_version,
        changes={"summary": "Bổ sung tình tiết mới"},
        now=now,
    )

    with pytest.raises(StaleRecord) as refusal:
        services.case_edit(
            user=demo_users["kiemsat.ag"],
            case_id=case.pk,
            expected_version=loaded_version,
            changes={"summary": "Một nội dung khác"},
            now=now,
        )

    case.refresh_from_db()
    assert "thay đổi" in refusal.value.message
    assert case.summary == "Bổ sung tình tiết mới"
    assert case.version == loaded_version + 1


def test_a_stale_version_also_stops_a_decision(open_case, demo_users, now):
    case = open_case()
    stale = case.version
    services.case_edit(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=stale,
        changes={"summary": "x"},
        now=now,
    )

    with pytest.raises(StaleRecord):
        services.case_record_event(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=stale,
            event=services.EventInput(type="expertise_requested", date=now.date()),
            now=now,
        )

    assert not CaseEvent.objects.filter(case=case, type="expertise_requested").exists()


def test_raising_the_classification_above_ones_clearance_is_refused(open_case, demo_users, now):
    case = open_case()

    with pytest.raises(InvalidInput) as refusal:
        services.case_edit(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=case.version,
            changes={"classification": 3},
            now=now,
        )

    assert refusal.value.field == "classification"


def test_viewing_a_classified_case_is_audited_and_an_open_one_is_not(open_case, demo_users, now):
    secret = open_case(classification=1)
    plain = open_case(title="Vụ án lừa đảo chiếm đoạt tài sản")

    services.case_open_for(user=demo_users["noichinh.ag"], case_id=secret.pk, now=now)
    services.case_open_for(user=demo_users["noichinh.ag"], case_id=plain.pk, now=now)

    viewed = AuditEvent.objects.filter(action="case.viewed")
    assert [e.target_id for e in viewed] == [str(secret.pk)]


def test_a_decision_found_late_is_placed_by_its_date_and_the_case_is_derived_again(
    open_case, demo_users, now
):
    from phoihop.clocks.models import Clock

    case = open_case(initiated_on=now.date() - dt.timedelta(days=150), charges="353.2")
    services.case_record_event(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="expertise_requested", date=now.date() - dt.timedelta(days=5)
        ),
        now=now,
    )
    before = Clock.objects.get(case=case, code="INVESTIGATION")

    services.case_record_event(
        user=demo_users["kiemsat.ag"],
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="investigation_extended",
            date=now.date() - dt.timedelta(days=40),
            params={"months": 3},
        ),
        now=now,
    )

    order = list(case.events.order_by("sequence").values_list("type", flat=True))
    assert order == ["case_initiated", "investigation_extended", "expertise_requested"]
    after = Clock.objects.get(case=case, code="INVESTIGATION")
    assert after.extensions_used == 1
    assert after.deadline > before.deadline
    audit = AuditEvent.objects.filter(action="case.event.recorded").latest("id")
    assert audit.data["placed_before"] == 1


def test_an_insertion_that_breaks_a_later_decision_is_refused_and_writes_nothing(
    open_case, demo_users, now
):
    case = open_case(initiated_on=now.date() - dt.timedelta(days=150))
    services.case_record_event(
        user=demo_users["dieutra.ag"],
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="investigation_suspended", date=now.date() - dt.timedelta(days=5)
        ),
        now=now,
    )
    before = _snapshot(case)

    with pytest.raises(TransitionNotAllowed) as refusal:
        services.case_record_event(
            user=demo_users["dieutra.ag"],
            case_id=case.pk,
            expected_version=None,
            event=services.EventInput(
                type="investigation_terminated", date=now.date() - dt.timedelta(days=20)
            ),
            now=now,
        )

    assert refusal.value.code == "event.breaks_history"
    assert "Tạm đình chỉ điều tra" in refusal.value.message
    assert _snapshot(case) == before


def test_a_case_charged_under_article_324_alone_with_its_category_stated_gets_that_clock(
    demo_users, now
):
    from phoihop.clocks.models import Clock

    officer = demo_users["dieutra.ag"]
    initiated_on = dt.date(2026, 1, 5)  # NT: 3 months → 05/04/2026, a Sunday → 06/04
    case = services.case_create(
        user=officer,
        data=services.CaseInput(
            kind="criminal_case",
            title="Vụ án rửa tiền qua các công ty bình phong",
            province_id=officer.agency.province_id,
            first_event=services.EventInput(
                type="case_initiated",
                date=initiated_on,
                params={"charges": "324", "category": "NT"},
            ),
        ),
        now=now,
    )
    undetermined = services.case_create(
        user=officer,
        data=services.CaseInput(
            kind="criminal_case",
            title="Vụ án rửa tiền chưa rõ khoản",
            province_id=officer.agency.province_id,
            first_event=services.EventInput(
                type="case_initiated", date=initiated_on, params={"charges": "Điều 324"}
            ),
        ),
        now=now,
    )

    assert case.category == "NT"
    assert case.category_determined
    assert Clock.objects.get(case=case, code="INVESTIGATION").deadline == dt.date(2026, 4, 6)
    assert undetermined.category == "RNT"  # the article's heaviest clause, 10–15 years
    assert not undetermined.category_determined
    assert Clock.objects.get(case=undetermined, code="INVESTIGATION").deadline == dt.date(
        2026, 5, 5
    )
