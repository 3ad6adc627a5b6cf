"""Stages of a criminal case and the one table of what each decision does to them.

LEGAL.md §1.11 is the source: every row of TRANSITIONS is a decision of BLTTHS 2015 that
is possible in a stage, and where it leads. Rules that need more than the stage (how many
times the file was returned, whether the court has accepted the case) are guards in
timeline.py; they read the counts the timeline keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType

from phoihop.domain.organisation import AgencyKind
from phoihop.domain.procedure.events import RECORDED_BY, EventType, recorder_kinds


class Stage(StrEnum):
    VERIFICATION = "verification"  # kiểm tra, xác minh nguồn tin (145–147)
    VERIFICATION_SUSPENDED = "verification_suspended"  # 148
    INVESTIGATION = "investigation"  # 172; also re-investigation after a quashed judgment
    INVESTIGATION_SUSPENDED = "investigation_suspended"  # 229
    ADDITIONAL_INVESTIGATION = "additional_investigation"  # 174(2): file returned
    PROSECUTION = "prosecution"  # 239–249
    FIRST_INSTANCE = "first_instance"  # trial preparation and first-instance trial
    APPEAL = "appeal"  # appeal/protest periods once appealed, appellate trial
    SUSPENDED = "suspended"  # case suspended by the procuracy (247) or the court (281)
    ENFORCEMENT = "enforcement"  # judgment in force: execution, asset recovery
    CLOSED = "closed"  # not initiated, terminated, or enforcement completed


STAGE_LABELS_VI: Mapping[Stage, str] = MappingProxyType(
    {
        Stage.VERIFICATION: "Kiểm tra, xác minh nguồn tin",
        Stage.VERIFICATION_SUSPENDED: "Tạm đình chỉ giải quyết nguồn tin",
        Stage.INVESTIGATION: "Điều tra",
        Stage.INVESTIGATION_SUSPENDED: "Tạm đình chỉ điều tra",
        Stage.ADDITIONAL_INVESTIGATION: "Điều tra bổ sung",
        Stage.PROSECUTION: "Truy tố",
        Stage.FIRST_INSTANCE: "Chuẩn bị xét xử và xét xử sơ thẩm",
        Stage.APPEAL: "Phúc thẩm",
        Stage.SUSPENDED: "Tạm đình chỉ vụ án",
        Stage.ENFORCEMENT: "Thi hành án",
        Stage.CLOSED: "Đã kết thúc",
    }
)

# The steps of a progress bar, in order. Suspended and returned stages show as the step
# they belong to (PROGRESS_STEP); a suspended case shows where it was suspended
# (Timeline.progress_stage).
PROGRESS: tuple[Stage, ...] = (
    Stage.VERIFICATION,
    Stage.INVESTIGATION,
    Stage.PROSECUTION,
    Stage.FIRST_INSTANCE,
    Stage.APPEAL,
    Stage.ENFORCEMENT,
    Stage.CLOSED,
)

PROGRESS_STEP: Mapping[Stage, Stage] = MappingProxyType(
    {
        **{stage: stage for stage in PROGRESS},
        Stage.VERIFICATION_SUSPENDED: Stage.VERIFICATION,
        Stage.INVESTIGATION_SUSPENDED: Stage.INVESTIGATION,
        Stage.ADDITIONAL_INVESTIGATION: Stage.INVESTIGATION,
        Stage.SUSPENDED: Stage.PROSECUTION,  # refined by Timeline.progress_stage
    }
)


class Remembered(StrEnum):
    """Targets that depend on where the case came from, kept by the timeline."""

    # CASE_RESUMED: the stage the case was suspended (or terminated) in: PROSECUTION or
    # FIRST_INSTANCE (249, 283: resumption restarts that stage's full period).
    RESUME_STAGE = "resume_stage"
    # ADDITIONAL_INVESTIGATION_CONCLUDED: back to the body that returned the file: the
    # procuracy (PROSECUTION) or the court (FIRST_INSTANCE, 15 days to bring to trial).
    RETURN_STAGE = "return_stage"


Target = Stage | Remembered

_S = Stage
_E = EventType

# The first decision of a case record. A case may open with its initiation when the
# competent body discovers the crime itself or the offender surrenders (143(5)–(6)).
OPENING_EVENTS: Mapping[EventType, Stage] = MappingProxyType(
    {
        _E.CRIME_REPORT_RECEIVED: _S.VERIFICATION,
        _E.CASE_INITIATED: _S.INVESTIGATION,
    }
)

_LIVE = frozenset(Stage) - {Stage.CLOSED}
_REQUESTING = frozenset(
    {
        _S.VERIFICATION,  # 147(3): expertise and valuation are allowed while verifying
        _S.INVESTIGATION,
        _S.ADDITIONAL_INVESTIGATION,
        _S.PROSECUTION,
        _S.FIRST_INSTANCE,
        _S.APPEAL,
    }
)
# 148(3), 229, 247: expertise and valuation continue while the proceedings are suspended.
_AWAITING = _REQUESTING | {_S.VERIFICATION_SUSPENDED, _S.INVESTIGATION_SUSPENDED, _S.SUSPENDED}
_HOLDING_PERSONS = frozenset(
    {
        _S.VERIFICATION,  # urgent arrest before initiation (110, 117)
        _S.INVESTIGATION,
        _S.INVESTIGATION_SUSPENDED,  # a wanted suspect is arrested
        _S.ADDITIONAL_INVESTIGATION,
        _S.PROSECUTION,
        _S.SUSPENDED,
        _S.FIRST_INSTANCE,
        _S.APPEAL,
    }
)
_INVESTIGATING_STAGES = frozenset(
    {_S.INVESTIGATION, _S.INVESTIGATION_SUSPENDED, _S.ADDITIONAL_INVESTIGATION}
)
_DETAINING = frozenset(
    {
        _S.INVESTIGATION,
        _S.ADDITIONAL_INVESTIGATION,
        _S.PROSECUTION,
        _S.FIRST_INSTANCE,
        _S.APPEAL,
    }
)

# Where each per-person or parallel decision may be recorded; it never moves the stage.
PARALLEL_STAGES: Mapping[EventType, frozenset[Stage]] = MappingProxyType(
    {
        # 179(4): the procuracy answers a charging decision of the investigating body.
        _E.SUSPECT_CHARGING_APPROVED: _INVESTIGATING_STAGES,
        _E.SUSPECT_CHARGING_ANNULLED: _INVESTIGATING_STAGES,
        _E.WANTED_NOTICE: _INVESTIGATING_STAGES,
        _E.CUSTODY_ORDERED: _HOLDING_PERSONS,
        _E.CUSTODY_EXTENDED: _HOLDING_PERSONS,
        # 329(3), 347(3): detention ordered at pronouncement to secure execution (45 days).
        _E.DETENTION_ORDERED: _DETAINING | {_S.ENFORCEMENT},
        _E.DETENTION_EXTENDED: _DETAINING,
        _E.PERSON_RELEASED: _LIVE,  # 363: acquittal and the like release at pronouncement
        _E.EXPERTISE_REQUESTED: _REQUESTING,
        _E.EXPERTISE_CONCLUDED: _AWAITING,
        _E.VALUATION_REQUESTED: _REQUESTING,
        _E.VALUATION_CONCLUDED: _AWAITING,
        _E.ASSET_MEASURE_RECORDED: _LIVE,
        _E.OTHER_DECISION: _LIVE,
        _E.CASE_SPLIT: _INVESTIGATING_STAGES | {_S.PROSECUTION},
        _E.CASE_TRANSFERRED: _INVESTIGATING_STAGES | {_S.PROSECUTION},
    }
)

_STAGE_MOVES: dict[tuple[Stage, EventType], Target] = {
    # Verification of crime information (147–149). Prolongation to 2 months, then one VKS
    # extension; suspension only after expiry; after annulment or resumption 1 month, no
    # extension (guards in timeline.py).
    (_S.VERIFICATION, _E.REPORT_SETTLEMENT_PROLONGED): _S.VERIFICATION,
    (_S.VERIFICATION, _E.REPORT_SETTLEMENT_EXTENDED): _S.VERIFICATION,
    (_S.VERIFICATION, _E.REPORT_SETTLEMENT_SUSPENDED): _S.VERIFICATION_SUSPENDED,
    (_S.VERIFICATION, _E.CASE_NOT_INITIATED): _S.CLOSED,
    (_S.VERIFICATION, _E.CASE_INITIATED): _S.INVESTIGATION,
    (_S.VERIFICATION_SUSPENDED, _E.REPORT_SUSPENSION_ANNULLED): _S.VERIFICATION,
    (_S.VERIFICATION_SUSPENDED, _E.REPORT_SETTLEMENT_RESUMED): _S.VERIFICATION,
    # Investigation (172, 229, 230, 232)
    (_S.INVESTIGATION, _E.SUSPECT_CHARGED): _S.INVESTIGATION,
    (_S.INVESTIGATION, _E.CHARGES_CHANGED): _S.INVESTIGATION,
    (_S.INVESTIGATION, _E.CASES_JOINED): _S.INVESTIGATION,
    (_S.INVESTIGATION, _E.INVESTIGATION_EXTENDED): _S.INVESTIGATION,
    (_S.INVESTIGATION, _E.INVESTIGATION_SUSPENDED): _S.INVESTIGATION_SUSPENDED,
    (_S.INVESTIGATION, _E.INVESTIGATION_TERMINATED): _S.CLOSED,
    (_S.INVESTIGATION, _E.INVESTIGATION_CONCLUDED): _S.PROSECUTION,
    (_S.INVESTIGATION_SUSPENDED, _E.INVESTIGATION_RESUMED): _S.INVESTIGATION,
    # 230(1): e.g. the limitation period runs out while the investigation is suspended.
    (_S.INVESTIGATION_SUSPENDED, _E.INVESTIGATION_TERMINATED): _S.CLOSED,
    # Additional investigation (174(2)): 2 months after a VKS return, 1 after a court return
    (_S.ADDITIONAL_INVESTIGATION, _E.SUSPECT_CHARGED): _S.ADDITIONAL_INVESTIGATION,
    (_S.ADDITIONAL_INVESTIGATION, _E.CHARGES_CHANGED): _S.ADDITIONAL_INVESTIGATION,
    (_S.ADDITIONAL_INVESTIGATION, _E.ADDITIONAL_INVESTIGATION_CONCLUDED): (Remembered.RETURN_STAGE),
    # Prosecution (240–249). VKS returns at most twice (174(2), 245).
    (_S.PROSECUTION, _E.SUSPECT_CHARGED): _S.PROSECUTION,
    (_S.PROSECUTION, _E.CHARGES_CHANGED): _S.PROSECUTION,
    (_S.PROSECUTION, _E.CASES_JOINED): _S.PROSECUTION,
    (_S.PROSECUTION, _E.PROSECUTION_EXTENDED): _S.PROSECUTION,
    (_S.PROSECUTION, _E.INDICTED): _S.FIRST_INSTANCE,
    (_S.PROSECUTION, _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION): _S.ADDITIONAL_INVESTIGATION,
    (_S.PROSECUTION, _E.CASE_SUSPENDED): _S.SUSPENDED,
    (_S.PROSECUTION, _E.CASE_TERMINATED): _S.CLOSED,
    # Trial preparation and first instance (277–283). The presiding judge returns at most
    # once before the trial decision, the trial panel once at trial (174(2), 280).
    (_S.FIRST_INSTANCE, _E.CASE_ACCEPTED_FOR_TRIAL): _S.FIRST_INSTANCE,
    (_S.FIRST_INSTANCE, _E.TRIAL_PREPARATION_EXTENDED): _S.FIRST_INSTANCE,
    (_S.FIRST_INSTANCE, _E.TRIAL_SCHEDULED): _S.FIRST_INSTANCE,
    (_S.FIRST_INSTANCE, _E.HEARING_OPENED): _S.FIRST_INSTANCE,
    # After a court return and the supplementary investigation, the procuracy sends a new
    # indictment replacing the one the court holds (guard in timeline.py).
    (_S.FIRST_INSTANCE, _E.INDICTED): _S.FIRST_INSTANCE,
    (_S.FIRST_INSTANCE, _E.HEARING_POSTPONED): _S.FIRST_INSTANCE,
    (_S.FIRST_INSTANCE, _E.FIRST_INSTANCE_JUDGMENT): _S.FIRST_INSTANCE,
    (_S.FIRST_INSTANCE, _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION): _S.ADDITIONAL_INVESTIGATION,
    (_S.FIRST_INSTANCE, _E.CASE_SUSPENDED): _S.SUSPENDED,
    (_S.FIRST_INSTANCE, _E.CASE_TERMINATED): _S.CLOSED,
    (_S.FIRST_INSTANCE, _E.APPEALED): _S.APPEAL,
    (_S.FIRST_INSTANCE, _E.PROTESTED): _S.APPEAL,
    (_S.FIRST_INSTANCE, _E.JUDGMENT_FINAL): _S.ENFORCEMENT,  # 343: no appeal, no protest
    # Appeal (342–358)
    (_S.APPEAL, _E.APPEALED): _S.APPEAL,
    (_S.APPEAL, _E.PROTESTED): _S.APPEAL,
    (_S.APPEAL, _E.APPEAL_ACCEPTED): _S.APPEAL,
    (_S.APPEAL, _E.APPELLATE_TRIAL_SCHEDULED): _S.APPEAL,
    (_S.APPEAL, _E.APPELLATE_HEARING_OPENED): _S.APPEAL,
    (_S.APPEAL, _E.APPELLATE_HEARING_POSTPONED): _S.APPEAL,
    (_S.APPEAL, _E.APPELLATE_JUDGMENT): _S.ENFORCEMENT,  # 355(2): effective on pronouncement
    (_S.APPEAL, _E.JUDGMENT_QUASHED_FOR_REINVESTIGATION): _S.INVESTIGATION,  # 174(3)
    (_S.APPEAL, _E.JUDGMENT_QUASHED_FOR_RETRIAL): _S.FIRST_INSTANCE,
    (_S.APPEAL, _E.JUDGMENT_FINAL): _S.ENFORCEMENT,  # 348: every appeal/protest withdrawn
    # Suspended case (247–249, 281–283)
    (_S.SUSPENDED, _E.CASE_RESUMED): Remembered.RESUME_STAGE,
    (_S.SUSPENDED, _E.CASE_TERMINATED): _S.CLOSED,
    # Enforcement (364; THADS 36)
    (_S.ENFORCEMENT, _E.EXECUTION_DECIDED): _S.ENFORCEMENT,
    (_S.ENFORCEMENT, _E.ENFORCEMENT_STARTED): _S.ENFORCEMENT,
    (_S.ENFORCEMENT, _E.CASE_CLOSED): _S.CLOSED,
    # A closed case reopens only when the decision that closed it is annulled; the timeline
    # checks which decision that was (guards in timeline.py).
    (_S.CLOSED, _E.CASE_INITIATED): _S.INVESTIGATION,  # refusal to initiate annulled, 153(2)
    (_S.CLOSED, _E.INVESTIGATION_RESUMED): _S.INVESTIGATION,  # termination annulled, 235
    (_S.CLOSED, _E.CASE_RESUMED): Remembered.RESUME_STAGE,  # termination annulled, 249, 283
}


def _with_parallel(
    moves: Mapping[tuple[Stage, EventType], Target],
) -> dict[tuple[Stage, EventType], Target]:
    table = dict(moves)
    for event_type, stages in PARALLEL_STAGES.items():
        for stage in stages:
            table[(stage, event_type)] = stage
    return table


# (stage, decision) → next stage. A decision that leaves the stage as it is maps to the
# stage itself; a decision absent from the table is not possible in that stage.
TRANSITIONS: Mapping[tuple[Stage, EventType], Target] = MappingProxyType(
    _with_parallel(_STAGE_MOVES)
)

# What must already be on the record before a case enters a stage (any time earlier).
STAGE_REQUIREMENTS: Mapping[Stage, frozenset[EventType]] = MappingProxyType(
    {
        # 232, 233: the conclusion proposes prosecution of named suspects.
        Stage.PROSECUTION: frozenset({EventType.SUSPECT_CHARGED}),
        Stage.FIRST_INSTANCE: frozenset({EventType.INDICTED}),
        Stage.APPEAL: frozenset({EventType.FIRST_INSTANCE_JUDGMENT}),
        Stage.ENFORCEMENT: frozenset({EventType.FIRST_INSTANCE_JUDGMENT}),
    }
)


# --- who records a decision, by the stage whose body holds the file -----------------

_I = AgencyKind.INVESTIGATION
_P = AgencyKind.PROCURACY
_C = AgencyKind.COURT

_VERIFYING = (_S.VERIFICATION, _S.VERIFICATION_SUSPENDED)
_INVESTIGATING = (_S.INVESTIGATION, _S.INVESTIGATION_SUSPENDED, _S.ADDITIONAL_INVESTIGATION)
_TRYING = (_S.FIRST_INSTANCE, _S.APPEAL)


def _by_stage(
    *rows: tuple[Iterable[Stage], Iterable[AgencyKind]],
) -> dict[Stage, frozenset[AgencyKind]]:
    return {stage: frozenset(kinds) for stages, kinds in rows for stage in stages}


def _requester_rows(*, extra: AgencyKind | None = None) -> dict[Stage, frozenset[AgencyKind]]:
    add = (extra,) if extra is not None else ()
    return _by_stage(
        ((*_VERIFYING, *_INVESTIGATING), (_I, _P, *add)),
        ((_S.PROSECUTION,), (_P, *add)),
        (_TRYING, (_C, *add)),
    )


_STAGE_AWARE: dict[EventType, dict[Stage, frozenset[AgencyKind]]] = {
    # 245 (procuracy) / 280 (court): the body holding the file returns it.
    _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION: _by_stage(
        ((_S.PROSECUTION,), (_P,)), ((_S.FIRST_INSTANCE,), (_C,))
    ),
    # 247–249 (procuracy) / 281–283 (court)
    _E.CASE_SUSPENDED: _by_stage(((_S.PROSECUTION,), (_P,)), ((_S.FIRST_INSTANCE,), (_C,))),
    _E.CASE_RESUMED: _by_stage(((_S.PROSECUTION,), (_P,)), ((_S.FIRST_INSTANCE,), (_C,))),
    _E.CASE_TERMINATED: _by_stage(((_S.PROSECUTION,), (_P,)), ((_S.FIRST_INSTANCE,), (_C,))),
    # 179 (investigating body, or the procuracy when it initiates), 243 (prosecution)
    _E.SUSPECT_CHARGED: _by_stage((_INVESTIGATING, (_I, _P)), ((_S.PROSECUTION,), (_P,))),
    _E.CHARGES_CHANGED: _by_stage((_INVESTIGATING, (_I, _P)), ((_S.PROSECUTION,), (_P,))),
    _E.CASES_JOINED: _by_stage((_INVESTIGATING, (_I,)), ((_S.PROSECUTION,), (_P,))),
    _E.CASE_SPLIT: _by_stage((_INVESTIGATING, (_I,)), ((_S.PROSECUTION,), (_P,))),
    _E.CASE_TRANSFERRED: _by_stage((_INVESTIGATING, (_I,)), ((_S.PROSECUTION,), (_P,))),
    # 119, 173, 241, 278, 329, 347: who orders and extends detention at each stage
    _E.DETENTION_ORDERED: _by_stage(
        (_INVESTIGATING, (_I, _P)),
        ((_S.PROSECUTION,), (_P,)),
        ((*_TRYING, _S.ENFORCEMENT), (_C,)),
    ),
    _E.DETENTION_EXTENDED: _by_stage(((*_INVESTIGATING, _S.PROSECUTION), (_P,)), (_TRYING, (_C,))),
    _E.PERSON_RELEASED: _by_stage(
        ((*_VERIFYING, *_INVESTIGATING), (_I, _P)),
        ((_S.PROSECUTION,), (_P,)),
        ((*_TRYING, _S.ENFORCEMENT), (_C,)),
    ),
    # 205, 215: the body conducting the proceedings requests; the expert body concludes.
    _E.EXPERTISE_REQUESTED: _requester_rows(),
    _E.EXPERTISE_CONCLUDED: _requester_rows(extra=AgencyKind.EXPERTISE),
    _E.VALUATION_REQUESTED: _requester_rows(),
    _E.VALUATION_CONCLUDED: _requester_rows(extra=AgencyKind.VALUATION),
    _E.ASSET_MEASURE_RECORDED: {
        **_requester_rows(),
        _S.ENFORCEMENT: frozenset({AgencyKind.ENFORCEMENT}),
    },
}

# (decision, holding stage) → kinds, where the body depends on the stage. Each value is a
# subset of events.RECORDED_BY[decision]; events.recorder_kinds reads it.
RECORDED_BY_STAGE: Mapping[tuple[EventType, Stage], frozenset[AgencyKind]] = MappingProxyType(
    {
        (event_type, stage): kinds
        for event_type, rows in _STAGE_AWARE.items()
        for stage, kinds in rows.items()
    }
)


__all__ = [
    "OPENING_EVENTS",
    "PARALLEL_STAGES",
    "PROGRESS",
    "PROGRESS_STEP",
    "RECORDED_BY",
    "RECORDED_BY_STAGE",
    "STAGE_LABELS_VI",
    "STAGE_REQUIREMENTS",
    "TRANSITIONS",
    "Remembered",
    "Stage",
    "Target",
    "recorder_kinds",
]
