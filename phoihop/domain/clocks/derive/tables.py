"""What each decision does to the clocks (LEGAL.md §1.11): which decisions end, extend
or suspend which clock, and which clocks lapse on their own."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from phoihop.domain.procedure.events import EventType

from .valuation import VALUATION

_E = EventType

_DENUNCIATION_ENDS = frozenset(
    {_E.CASE_INITIATED, _E.CASE_NOT_INITIATED, _E.REPORT_SETTLEMENT_SUSPENDED}
)
# 229, 230, 232: conclusion, termination or suspension of the investigation.
_INVESTIGATION_ENDS = frozenset(
    {_E.INVESTIGATION_CONCLUDED, _E.INVESTIGATION_TERMINATED, _E.INVESTIGATION_SUSPENDED}
)
# 240, 245, 247, 248: indictment, return, suspension or termination by the procuracy.
_PROSECUTION_ENDS = frozenset(
    {
        _E.INDICTED,
        _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION,
        _E.CASE_SUSPENDED,
        _E.CASE_TERMINATED,
    }
)
# 277(1), 280–282: bringing to trial, return, suspension or termination by the court.
_TRIAL_PREPARATION_ENDS = frozenset(
    {
        _E.TRIAL_SCHEDULED,
        _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION,
        _E.CASE_SUSPENDED,
        _E.CASE_TERMINATED,
    }
)

# The decisions that end each clock. Per-person clocks (CUSTODY, DETENTION) end only by a
# decision about the same person; EXPERTISE and VALUATION end by the conclusion that
# answers the request. CASE_CLOSED ends whatever is still running (except LAPSING).
ENDED_BY: Mapping[str, frozenset[EventType]] = MappingProxyType(
    {
        "DENUNCIATION": _DENUNCIATION_ENDS,
        "DENUNCIATION_PROLONGED": _DENUNCIATION_ENDS,
        "DENUNCIATION_AFTER_ANNULMENT": _DENUNCIATION_ENDS,  # 148(2): "as DEN-BASE"
        "DENUNCIATION_AFTER_RESUMPTION": _DENUNCIATION_ENDS,
        "INVESTIGATION": _INVESTIGATION_ENDS,
        "INVESTIGATION_RESUMED": _INVESTIGATION_ENDS,  # 174(1): "as INVESTIGATION"
        "REINVESTIGATION": _INVESTIGATION_ENDS,  # 174(3)
        "SUPPLEMENTARY_INVESTIGATION": frozenset({_E.ADDITIONAL_INVESTIGATION_CONCLUDED}),
        "PROSECUTION": _PROSECUTION_ENDS,
        "TRIAL_PREPARATION": _TRIAL_PREPARATION_ENDS,
        "TRIAL_PREPARATION_AFTER_RETURN": _TRIAL_PREPARATION_ENDS,
        # 277(3) asks the hearing to open: the decision that records it, or, where it was
        # not recorded, the judgment as the first proof that it did; a return by the trial
        # panel (280) or a suspension/termination also settles the hearing question.
        # 297(2): reopened within 30 days of the postponement; a new postponement starts
        # a new period.
        "HEARING_REOPENING": frozenset(
            {
                _E.HEARING_OPENED,
                _E.HEARING_POSTPONED,
                _E.FIRST_INSTANCE_JUDGMENT,
                _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION,
                _E.CASE_SUSPENDED,
                _E.CASE_TERMINATED,
            }
        ),
        "APPELLATE_HEARING_REOPENING": frozenset(
            {
                _E.APPELLATE_HEARING_OPENED,
                _E.APPELLATE_HEARING_POSTPONED,
                _E.APPELLATE_JUDGMENT,
                _E.JUDGMENT_QUASHED_FOR_REINVESTIGATION,
                _E.JUDGMENT_QUASHED_FOR_RETRIAL,
                _E.JUDGMENT_FINAL,
            }
        ),
        # AMBIGUITY: a postponement is decided by the trial panel at a hearing that was
        # called (297); read as the hearing having opened for 277(3).
        "HEARING_OPENING": frozenset(
            {
                _E.HEARING_OPENED,
                _E.HEARING_POSTPONED,
                _E.FIRST_INSTANCE_JUDGMENT,
                _E.RETURNED_FOR_ADDITIONAL_INVESTIGATION,
                _E.CASE_SUSPENDED,
                _E.CASE_TERMINATED,
            }
        ),
        # 346(2): bring to appellate trial, or end the appeal (348: every appeal withdrawn,
        # recorded as JUDGMENT_FINAL).
        "APPELLATE_DECISION": frozenset({_E.APPELLATE_TRIAL_SCHEDULED, _E.JUDGMENT_FINAL}),
        # 346(1): the appellate hearing opens; failing that record, its judgment (355) is
        # the first proof it did.
        "APPELLATE_HEARING": frozenset(
            {
                _E.APPELLATE_HEARING_OPENED,
                _E.APPELLATE_HEARING_POSTPONED,
                _E.APPELLATE_JUDGMENT,
                _E.JUDGMENT_QUASHED_FOR_REINVESTIGATION,
                _E.JUDGMENT_QUASHED_FOR_RETRIAL,
                _E.JUDGMENT_FINAL,
            }
        ),
        "EXECUTION_DECISION": frozenset({_E.EXECUTION_DECIDED}),  # 364(2)
        "CIVIL_ENFORCEMENT": frozenset({_E.ENFORCEMENT_STARTED}),  # THADS 36(2)
        # 118: custody ends by release or by detention; a new custody order supersedes.
        "CUSTODY": frozenset({_E.PERSON_RELEASED, _E.DETENTION_ORDERED, _E.CUSTODY_ORDERED}),
        # A new order for the same person supersedes the old one (TTLT 04/2018 Art.18–19);
        # detention after a judgment (329(3), 347(3)) ends when the judgment is executed
        # (364).
        "DETENTION": frozenset({_E.PERSON_RELEASED, _E.DETENTION_ORDERED, _E.EXECUTION_DECIDED}),
        "EXPERTISE": frozenset({_E.EXPERTISE_CONCLUDED}),  # 213
        VALUATION: frozenset({_E.VALUATION_CONCLUDED}),  # 221
    }
)

# Periods that end on their own at their deadline instead of by a decision, and are MET
# when they do. APPEAL and PROTEST (333, 337) are periods given to the parties and the
# procuracy: nobody misses a duty when they run out, the judgment simply takes effect
# (343). JUDGMENT_DELIVERY (262) is the court's duty, but no decision records the
# delivery, so the record cannot tell met from missed: the clock warns while it runs and
# lapses afterwards (its steps say so).
LAPSING: frozenset[str] = frozenset({"APPEAL", "PROTEST", "JUDGMENT_DELIVERY"})

# The clocks each extension decision extends (the latest one still running).
EXTENDED_BY: Mapping[EventType, tuple[str, ...]] = MappingProxyType(
    {
        _E.REPORT_SETTLEMENT_EXTENDED: ("DENUNCIATION_PROLONGED",),  # 147(2), VKS once
        _E.INVESTIGATION_EXTENDED: ("INVESTIGATION", "INVESTIGATION_RESUMED", "REINVESTIGATION"),
        _E.PROSECUTION_EXTENDED: ("PROSECUTION",),  # 240(1)
        # 277(2) allows no extension of the 15 days after a return; the engine refuses it
        # and the refusal is reported rather than silently dropped.
        _E.TRIAL_PREPARATION_EXTENDED: ("TRIAL_PREPARATION", "TRIAL_PREPARATION_AFTER_RETURN"),
        _E.CUSTODY_EXTENDED: ("CUSTODY",),  # 118(2)
        _E.DETENTION_EXTENDED: ("DETENTION",),  # 173, 241, 278
    }
)

_PER_PERSON = frozenset({"CUSTODY", "DETENTION"})
_ANSWERED = frozenset({"EXPERTISE", VALUATION})  # ended by the conclusion answering them
_AFTER_JUDGMENT = frozenset({"AFTER_SENTENCE", "AFTER_APPEAL"})
_SUSPENSION_BEFORE_EXPIRY = MappingProxyType(
    {
        _E.REPORT_SETTLEMENT_SUSPENDED: (
            "Điều 148 khoản 1 chỉ cho tạm đình chỉ việc giải quyết nguồn tin khi đã hết thời "
            "hạn giải quyết."
        ),
        _E.INVESTIGATION_SUSPENDED: (
            "Trước khi hết thời hạn điều tra chỉ được tạm đình chỉ khi bị can bị bệnh tâm thần "
            "hoặc bệnh hiểm nghèo (Điều 229 khoản 1 điểm b)."
        ),
        _E.CASE_SUSPENDED: (
            "Trước khi hết thời hạn chỉ được tạm đình chỉ vụ án khi bị can, bị cáo bị bệnh tâm "
            "thần hoặc bệnh hiểm nghèo (Điều 247 khoản 1 điểm a, Điều 281)."
        ),
    }
)

_SUSPENDABLE = frozenset(
    {
        "DENUNCIATION",
        "DENUNCIATION_PROLONGED",
        "DENUNCIATION_AFTER_ANNULMENT",
        "DENUNCIATION_AFTER_RESUMPTION",
        "INVESTIGATION",
        "INVESTIGATION_RESUMED",
        "REINVESTIGATION",
        "PROSECUTION",
        "TRIAL_PREPARATION",
        "TRIAL_PREPARATION_AFTER_RETURN",
    }
)
