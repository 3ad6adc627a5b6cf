"""The access policy for one case, over a grid of actors and cases."""

from itertools import product

import pytest

from phoihop.domain.access.classification import Classification
from phoihop.domain.access.policy import (
    Action,
    Actor,
    CaseFacts,
    allowed_actions,
    case_scope,
    editable_case_fields,
    may_create_case,
    may_record_events,
    may_view,
)
from phoihop.domain.organisation import AgencyKind, AgencyLevel, Role

AN_GIANG, HA_NOI = 1, 2


def actor(
    kind,
    level=AgencyLevel.PROVINCIAL,
    province=AN_GIANG,
    agency=10,
    role=Role.OFFICER,
    clearance=Classification.SECRET,
):
    return Actor(
        user_id=1,
        agency_id=agency,
        agency_kind=kind,
        agency_level=level,
        province_id=None if level == AgencyLevel.CENTRAL else province,
        role=role,
        clearance=clearance,
    )


def case(province=AN_GIANG, classification=Classification.NONE, participants=(10,)):
    return CaseFacts(province, classification, frozenset(participants))


def test_a_handling_agency_sees_its_case():
    assert may_view(actor(AgencyKind.INVESTIGATION), case())


def test_an_agency_of_another_province_sees_nothing_of_it():
    police_hn = actor(AgencyKind.INVESTIGATION, province=HA_NOI, agency=20)

    assert not may_view(police_hn, case())


def test_the_provincial_commission_oversees_every_case_of_its_province_only():
    commission = actor(AgencyKind.INTERNAL_AFFAIRS, agency=30)

    assert may_view(commission, case(participants=()))
    assert not may_view(commission, case(province=HA_NOI, participants=()))


def test_the_central_commission_oversees_every_province():
    central = actor(
        AgencyKind.INTERNAL_AFFAIRS,
        level=AgencyLevel.CENTRAL,
        agency=40,
        clearance=Classification.TOP_SECRET,
    )

    assert may_view(central, case(province=HA_NOI, participants=()))


def test_a_central_handling_body_sees_only_the_cases_it_takes_part_in():
    supreme_procuracy = actor(AgencyKind.PROCURACY, level=AgencyLevel.CENTRAL, agency=50)

    assert not may_view(supreme_procuracy, case(participants=(10,)))
    assert may_view(supreme_procuracy, case(participants=(10, 50)))


@pytest.mark.parametrize(
    ("clearance", "classification", "visible"),
    [(c, k, c >= k) for c, k in product(list(Classification), list(Classification))],
)
def test_clearance_must_reach_the_classification(clearance, classification, visible):
    officer = actor(AgencyKind.INVESTIGATION, clearance=clearance)

    assert may_view(officer, case(classification=classification)) is visible


def test_an_overseer_records_no_procedural_decision():
    commission = actor(AgencyKind.INTERNAL_AFFAIRS, agency=30, role=Role.COORDINATOR)

    assert may_view(commission, case())
    assert not may_record_events(commission, case())
    assert allowed_actions(commission, case()) == frozenset({Action.VIEW})


def test_a_viewer_of_a_handling_agency_cannot_write():
    viewer = actor(AgencyKind.INVESTIGATION, role=Role.VIEWER)

    assert not may_record_events(viewer, case())


def test_a_user_without_an_agency_sees_nothing():
    nobody = Actor(1, None, None, None, None, Role.VIEWER, Classification.TOP_SECRET)

    assert case_scope(nobody).sees_nothing
    assert not may_view(nobody, case(participants=()))


@pytest.mark.parametrize(
    ("kind", "role", "allowed"),
    [
        (AgencyKind.INVESTIGATION, Role.OFFICER, True),
        (AgencyKind.PROCURACY, Role.OFFICER, True),
        (AgencyKind.COURT, Role.OFFICER, False),
        (AgencyKind.INTERNAL_AFFAIRS, Role.COORDINATOR, True),
        (AgencyKind.INTERNAL_AFFAIRS, Role.LEADER, False),
        (AgencyKind.INVESTIGATION, Role.VIEWER, False),
    ],
)
def test_who_may_open_a_case(kind, role, allowed):
    assert may_create_case(actor(kind, role=role)) is allowed


def test_only_a_leader_of_a_handling_agency_changes_the_classification():
    handling = case(participants=(10,))
    handling = CaseFacts(
        handling.province_id, handling.classification, frozenset({10}), frozenset({10})
    )

    officer_fields = editable_case_fields(actor(AgencyKind.INVESTIGATION), handling)
    leader_fields = editable_case_fields(
        actor(AgencyKind.INVESTIGATION, role=Role.LEADER), handling
    )

    assert "summary" in officer_fields
    assert "classification" not in officer_fields
    assert "classification" in leader_fields
    assert "monitoring" not in leader_fields


def test_only_the_oversight_bodies_set_the_monitoring_level():
    commission = actor(AgencyKind.INTERNAL_AFFAIRS, agency=30, role=Role.COORDINATOR)

    fields = editable_case_fields(commission, case(participants=()))

    assert fields == frozenset({"monitoring"})


def test_an_agency_asked_to_help_sees_the_case_but_records_nothing():
    asked = CaseFacts(AN_GIANG, Classification.NONE, frozenset({10, 20}), frozenset({10}))
    hanoi_police = actor(AgencyKind.INVESTIGATION, province=HA_NOI, agency=20)

    assert may_view(hanoi_police, asked)
    assert not may_record_events(hanoi_police, asked)
