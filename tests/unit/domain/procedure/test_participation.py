"""Which bodies a decision brings into a case (BLTTHS Art. 154(2), 159-160, 240, 268)."""

from __future__ import annotations

from phoihop.domain.organisation import AgencyKind as K
from phoihop.domain.organisation import AgencyLevel as L
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.participation import (
    Body,
    bodies_joining,
    counterpart,
    implied_params,
)

AN_GIANG, HA_NOI = 1, 2
VKSTC = Body(10, K.PROCURACY, L.CENTRAL, None)
VKSCC_HN = Body(11, K.PROCURACY, L.CENTRAL, None, parent_id=10)  # before July 2025
TATC = Body(12, K.COURT, L.CENTRAL, None)
VKSTC_CQDT = Body(13, K.INVESTIGATION, L.CENTRAL, None, parent_id=10)
BCA_CSDT = Body(14, K.INVESTIGATION, L.CENTRAL, None)
AG_CSDT = Body(20, K.INVESTIGATION, L.PROVINCIAL, AN_GIANG)
AG_VKS = Body(21, K.PROCURACY, L.PROVINCIAL, AN_GIANG, parent_id=10)
AG_TA = Body(22, K.COURT, L.PROVINCIAL, AN_GIANG, parent_id=12)
AG_VKSKV1 = Body(23, K.PROCURACY, L.REGIONAL, AN_GIANG, parent_id=21)
AG_VKSKV2 = Body(24, K.PROCURACY, L.REGIONAL, AN_GIANG, parent_id=21)
HN_VKS = Body(31, K.PROCURACY, L.PROVINCIAL, HA_NOI, parent_id=10)
REGISTRY = [VKSTC, VKSCC_HN, TATC, AG_VKS, AG_TA, AG_VKSKV1, AG_VKSKV2, HN_VKS]


def test_a_provincial_police_body_is_supervised_by_the_procuracy_of_its_province() -> None:
    assert counterpart(AG_CSDT, K.PROCURACY, REGISTRY) == AG_VKS


def test_a_central_investigation_body_is_supervised_by_the_supreme_procuracy() -> None:
    # The high-level procuracies of before July 2025 hang under it: not a second choice.
    assert counterpart(BCA_CSDT, K.PROCURACY, REGISTRY) == VKSTC


def test_the_supreme_procuracys_own_investigation_body_is_supervised_by_its_parent() -> None:
    assert counterpart(VKSTC_CQDT, K.PROCURACY, REGISTRY) == VKSTC


def test_a_provincial_indictment_goes_to_the_provincial_court() -> None:
    assert counterpart(AG_VKS, K.COURT, REGISTRY) == AG_TA


def test_where_the_registry_names_no_single_body_nobody_is_chosen() -> None:
    regional_police = Body(40, K.INVESTIGATION, L.REGIONAL, AN_GIANG)

    assert counterpart(regional_police, K.PROCURACY, REGISTRY) is None
    assert counterpart(VKSTC, K.COURT, REGISTRY) is None  # Art. 268: a provincial court


def test_an_investigation_decision_brings_in_the_procuracy_unless_one_handles_the_case() -> None:
    alone = bodies_joining(AG_CSDT, EventType.CASE_INITIATED, [], REGISTRY)
    named = bodies_joining(AG_CSDT, EventType.CASE_INITIATED, [K.PROCURACY], REGISTRY)

    assert alone == [AG_VKS]
    assert named == []


def test_the_indictment_brings_in_the_court_and_other_procuracy_decisions_do_not() -> None:
    indicted = bodies_joining(AG_VKS, EventType.INDICTED, [K.INVESTIGATION], REGISTRY)
    extended = bodies_joining(AG_VKS, EventType.INVESTIGATION_EXTENDED, [], REGISTRY)

    assert indicted == [AG_TA]
    assert extended == []


def test_an_appeal_accepted_by_a_central_court_runs_on_the_supreme_periods() -> None:
    high_court_2024 = Body(15, K.COURT, L.CENTRAL, None, parent_id=12)

    assert implied_params(EventType.APPEAL_ACCEPTED, TATC) == {"variant": "SUPREME"}
    assert implied_params(EventType.APPEAL_ACCEPTED, high_court_2024) == {"variant": "SUPREME"}
    assert implied_params(EventType.APPEAL_ACCEPTED, AG_TA) == {"variant": "PROVINCIAL"}
    assert implied_params(EventType.TRIAL_SCHEDULED, TATC) == {}
