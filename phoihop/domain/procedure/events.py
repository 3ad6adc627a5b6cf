"""Procedural decisions recorded on a case, and which kind of agency makes each.

A case's stage is never stored as truth: it is derived by replaying these events in
order (timeline.replay). Article numbers are those of the Criminal Procedure Code 2015
(BLTTHS) as amended in 2021; LEGAL.md §1.11 lists each decision's effect on the clocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TypeAlias

from phoihop.domain.errors import InvalidInput
from phoihop.domain.organisation import AgencyKind

if TYPE_CHECKING:
    from phoihop.domain.procedure.stages import Stage


class EventType(StrEnum):
    # Sources of crime information (145–149)
    CRIME_REPORT_RECEIVED = "crime_report_received"
    REPORT_SETTLEMENT_PROLONGED = "report_settlement_prolonged"  # 147(2): head of the body
    REPORT_SETTLEMENT_EXTENDED = "report_settlement_extended"  # 147(2): VKS, once
    REPORT_SETTLEMENT_SUSPENDED = "report_settlement_suspended"  # 148
    REPORT_SUSPENSION_ANNULLED = "report_suspension_annulled"  # 148(2): VKS
    REPORT_SETTLEMENT_RESUMED = "report_settlement_resumed"  # 149
    CASE_NOT_INITIATED = "case_not_initiated"  # 157, 158
    # Initiation and investigation (153–179, 228–235)
    CASE_INITIATED = "case_initiated"
    SUSPECT_CHARGED = "suspect_charged"  # 179
    # 179(4): within 3 days of receiving the charging decision the procuracy approves it or
    # annuls it (the annulled suspect's charges leave the case).
    SUSPECT_CHARGING_APPROVED = "suspect_charging_approved"
    SUSPECT_CHARGING_ANNULLED = "suspect_charging_annulled"
    CHARGES_CHANGED = "charges_changed"  # 156, 180
    CASES_JOINED = "cases_joined"  # 170, 242
    # 170, 242: part of the case (a suspect, a crime) goes on as a case of its own, opened
    # by the service with its own history and linked both ways (PARAM_SPLIT_CASE here,
    # PARAM_SPLIT_FROM on the new case's initiation). It moves no stage of this case.
    CASE_SPLIT = "case_split"
    # 169: the case goes to another body of the same kind (a higher investigating body,
    # another province's), named by PARAM_TRANSFER_TO; it handles the case from that day,
    # the sender no more. No clock restarts: the periods run on.
    CASE_TRANSFERRED = "case_transferred"
    INVESTIGATION_EXTENDED = "investigation_extended"  # 172
    INVESTIGATION_SUSPENDED = "investigation_suspended"  # 229
    # 231: the suspect has absconded or cannot be found; usually before the suspension of
    # 229(1)(a). It moves no stage and starts no clock.
    WANTED_NOTICE = "wanted_notice"
    INVESTIGATION_RESUMED = "investigation_resumed"  # 235
    INVESTIGATION_TERMINATED = "investigation_terminated"  # 230
    INVESTIGATION_CONCLUDED = "investigation_concluded"  # 232, 233: proposes prosecution
    RETURNED_FOR_ADDITIONAL_INVESTIGATION = "returned_for_additional_investigation"  # 245, 280
    ADDITIONAL_INVESTIGATION_CONCLUDED = "additional_investigation_concluded"  # 174(2)
    # Prosecution (239–249)
    PROSECUTION_EXTENDED = "prosecution_extended"  # 240
    INDICTED = "indicted"  # 243
    CASE_SUSPENDED = "case_suspended"  # 247 (VKS), 281 (court)
    CASE_RESUMED = "case_resumed"  # 249 (VKS), 283 (court)
    CASE_TERMINATED = "case_terminated"  # 248 (VKS), 282 (court)
    # First instance (276–286, 326–329)
    CASE_ACCEPTED_FOR_TRIAL = "case_accepted_for_trial"  # thụ lý
    TRIAL_PREPARATION_EXTENDED = "trial_preparation_extended"  # 277(1)
    TRIAL_SCHEDULED = "trial_scheduled"  # 277(1)(a), 255
    # 277(3): the hearing must open within 15 days (30 for force majeure) of the decision
    # to bring the case to trial; the judgment may come days or weeks later (long trials).
    HEARING_OPENED = "hearing_opened"
    # 297: the hearing is postponed (to be reopened within 30 days and tried again from
    # the start); 352(2) applies the same to the appellate hearing.
    HEARING_POSTPONED = "hearing_postponed"
    FIRST_INSTANCE_JUDGMENT = "first_instance_judgment"
    # Appeal (331–359)
    APPEALED = "appealed"  # 331–333: received by the first-instance court
    PROTESTED = "protested"  # 336, 337
    APPEAL_ACCEPTED = "appeal_accepted"  # 346: thụ lý phúc thẩm
    APPELLATE_TRIAL_SCHEDULED = "appellate_trial_scheduled"  # 346(2)
    APPELLATE_HEARING_OPENED = "appellate_hearing_opened"  # 346(1), (3)
    APPELLATE_HEARING_POSTPONED = "appellate_hearing_postponed"  # 352(2) → 297(2)
    APPELLATE_JUDGMENT = "appellate_judgment"  # 355(2): effective on pronouncement
    JUDGMENT_QUASHED_FOR_REINVESTIGATION = "judgment_quashed_for_reinvestigation"  # 355(1)(c), 358
    # Added to the brief's list: the appellate court may also quash for a new first-instance
    # trial without reinvestigation (355(1)(c), 358(2)); the case goes back to FIRST_INSTANCE,
    # which neither APPELLATE_JUDGMENT (enforcement) nor reinvestigation express.
    JUDGMENT_QUASHED_FOR_RETRIAL = "judgment_quashed_for_retrial"
    JUDGMENT_FINAL = "judgment_final"  # 343; also 348 when every appeal is withdrawn
    # Enforcement (363–364; Law on Civil Judgment Enforcement 36)
    EXECUTION_DECIDED = "execution_decided"  # 364: Chief Judge of the first-instance court
    ENFORCEMENT_STARTED = "enforcement_started"  # THADS 36: ex-officio enforcement decision
    CASE_CLOSED = "case_closed"  # enforcement completed: the record is closed
    # Per person or running in parallel: these never move the stage
    CUSTODY_ORDERED = "custody_ordered"  # 117, 118
    CUSTODY_EXTENDED = "custody_extended"  # 118(2)
    DETENTION_ORDERED = "detention_ordered"  # 119, 173, 241, 278, 329, 347
    DETENTION_EXTENDED = "detention_extended"  # 173
    PERSON_RELEASED = "person_released"
    EXPERTISE_REQUESTED = "expertise_requested"  # 205, 206
    EXPERTISE_CONCLUDED = "expertise_concluded"  # 213
    VALUATION_REQUESTED = "valuation_requested"  # 215
    VALUATION_CONCLUDED = "valuation_concluded"  # 221
    ASSET_MEASURE_RECORDED = "asset_measure_recorded"  # 128, 129: seizure, freezing, recovery
    # Any other procedural act a real record reports and the clocks do not read: a search,
    # an exit ban (124), a mutual legal assistance request (491), a withdrawn appeal (342),
    # an adjournment (251), a supplementary initiation (156). Named by its "title".
    OTHER_DECISION = "other_decision"


# Decisions made about one person. Entered on the case page, each names whom it
# concerns, or a charge or a detention would stand against nobody. What agency systems
# send (the API, an import of a registry's rows) often names no person, and a decision
# brought in as unrecorded has none: those are kept without one, and the timeline reads
# such a charge as a suspect of its own.
PERSON_DECISIONS: frozenset[EventType] = frozenset(
    {
        EventType.SUSPECT_CHARGED,
        EventType.SUSPECT_CHARGING_APPROVED,
        EventType.SUSPECT_CHARGING_ANNULLED,
        EventType.WANTED_NOTICE,
        EventType.CUSTODY_ORDERED,
        EventType.CUSTODY_EXTENDED,
        EventType.DETENTION_ORDERED,
        EventType.DETENTION_EXTENDED,
        EventType.PERSON_RELEASED,
    }
)

# Decisions that never move the stage: those about one person (but the charging itself,
# which the stage machine reads) and those running in parallel with the stages.
PARALLEL_EVENTS: frozenset[EventType] = (PERSON_DECISIONS - {EventType.SUSPECT_CHARGED}) | {
    EventType.EXPERTISE_REQUESTED,
    EventType.EXPERTISE_CONCLUDED,
    EventType.VALUATION_REQUESTED,
    EventType.VALUATION_CONCLUDED,
    EventType.ASSET_MEASURE_RECORDED,
    EventType.OTHER_DECISION,
    EventType.CASE_SPLIT,
    EventType.CASE_TRANSFERRED,
}

# Parameters the stage machine reads; the clocks read others (lengths, received_on...).
PARAM_CHARGES: Final = "charges"  # "353.3, 354.2" or a tuple of such strings
PARAM_CATEGORY: Final = "category"  # stated CrimeCategory for charges without a clause table
PARAM_PERSON: Final = "person"  # whose charges SUSPECT_CHARGED / CHARGES_CHANGED set
PARAM_FIRST_INITIATED_ON: Final = "first_initiated_on"  # CASES_JOINED: the other case's
PARAM_TRANSFER_TO: Final = "to"  # CASE_TRANSFERRED: the registry id of the receiving body
PARAM_SPLIT_CASE: Final = "split_case"  # CASE_SPLIT: the id of the case split off
PARAM_SPLIT_FROM: Final = "split_from"  # the split case's initiation: the case it left
PARAM_TITLE: Final = "title"  # OTHER_DECISION: what the act was, as its document names it
# How the date is known (DateKnown); absent: to the day.
PARAM_DATE_KNOWN: Final = "date_known"
# True on a decision the law puts before one that was recorded, known to have been made
# but never entered (its date is the later decision's, known as BEFORE).
PARAM_UNRECORDED: Final = "unrecorded"


class DateKnown(StrEnum):
    """How well a decision's date is known. Reports often give the month only, or say a
    step "has been" taken by the day of the report: the date recorded is then the latest
    the decision can have been made (the month's last day, or the day of the report)."""

    DAY = "day"
    MONTH = "month"
    BEFORE = "before"


# Values as stored (JSON) or built in code; "charges" may be a string, a list of strings
# or a list of rows {"article": 353, "clause": 3} (crimes.parse_charges reads all three).
ParamValue: TypeAlias = (
    str | int | bool | dt.date | Sequence[str] | Sequence[Mapping[str, object]] | None
)


@dataclass(frozen=True)
class Event:
    """One procedural decision as replayed: the pure value behind a CaseEvent row.

    ``sequence`` is the order of recording within the case (1, 2, ...); 0 means "not yet
    numbered" and `check_next` numbers it after the last one.
    """

    type: EventType
    date: dt.date
    params: Mapping[str, ParamValue] = field(default_factory=dict, hash=False)
    sequence: int = 0

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "type", EventType(self.type))
        except ValueError:
            raise InvalidInput(
                f"Loại quyết định không hợp lệ: «{self.type}».",
                field="type",
                params={"type": str(self.type)},
            ) from None
        if isinstance(self.date, dt.datetime) or not isinstance(self.date, dt.date):
            raise InvalidInput("Ngày của quyết định không hợp lệ.", field="date")
        if self.sequence < 0:
            raise InvalidInput("Số thứ tự của quyết định không hợp lệ.", field="sequence")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


def date_known(event: Event) -> DateKnown:
    value = event.params.get(PARAM_DATE_KNOWN)
    if not value:
        return _TO_THE_DAY  # the usual case, asked for every decision walked
    try:
        return DateKnown(str(value))
    except ValueError:
        raise InvalidInput(
            f"Cách biết ngày «{value}» không hợp lệ: day, month hoặc before.",
            field="date_known",
        ) from None


_TO_THE_DAY = DateKnown.DAY


def is_unrecorded(event: Event) -> bool:
    return event.params.get(PARAM_UNRECORDED) is True


_I = AgencyKind.INVESTIGATION
_P = AgencyKind.PROCURACY
_C = AgencyKind.COURT
_X = AgencyKind.EXPERTISE
_V = AgencyKind.VALUATION
_E = AgencyKind.ENFORCEMENT


def _kinds(*kinds: AgencyKind) -> frozenset[AgencyKind]:
    return frozenset(kinds)


# Every kind that may record each decision in some stage. Where the procuracy and the
# court (or the investigating body) share a decision, stages.RECORDED_BY_STAGE narrows it
# to the body holding the file; `stages.recorder_kinds` answers for one stage.
RECORDED_BY: Mapping[EventType, frozenset[AgencyKind]] = MappingProxyType(
    {
        EventType.CRIME_REPORT_RECEIVED: _kinds(_I),
        EventType.REPORT_SETTLEMENT_PROLONGED: _kinds(_I),
        EventType.REPORT_SETTLEMENT_EXTENDED: _kinds(_P),
        EventType.REPORT_SETTLEMENT_SUSPENDED: _kinds(_I),
        EventType.REPORT_SUSPENSION_ANNULLED: _kinds(_P),
        EventType.REPORT_SETTLEMENT_RESUMED: _kinds(_I),
        EventType.CASE_NOT_INITIATED: _kinds(_I),
        # 153(2): the procuracy initiates when it annuls a refusal to initiate, or when the
        # trial panel asks it to.
        EventType.CASE_INITIATED: _kinds(_I, _P),
        EventType.SUSPECT_CHARGED: _kinds(_I, _P),  # 179, 243
        EventType.SUSPECT_CHARGING_APPROVED: _kinds(_P),
        EventType.SUSPECT_CHARGING_ANNULLED: _kinds(_P),
        EventType.CHARGES_CHANGED: _kinds(_I, _P),
        EventType.CASES_JOINED: _kinds(_I, _P),  # 170 (investigation), 242 (prosecution)
        EventType.CASE_SPLIT: _kinds(_I, _P),  # 170 (investigation), 242 (prosecution)
        EventType.CASE_TRANSFERRED: _kinds(_I, _P),  # 169
        EventType.INVESTIGATION_EXTENDED: _kinds(_P),
        EventType.INVESTIGATION_SUSPENDED: _kinds(_I),
        EventType.WANTED_NOTICE: _kinds(_I),
        EventType.INVESTIGATION_RESUMED: _kinds(_I),
        EventType.INVESTIGATION_TERMINATED: _kinds(_I),
        EventType.INVESTIGATION_CONCLUDED: _kinds(_I),
        EventType.RETURNED_FOR_ADDITIONAL_INVESTIGATION: _kinds(_P, _C),
        # 246: on a court return the procuracy may investigate itself or keep its indictment.
        EventType.ADDITIONAL_INVESTIGATION_CONCLUDED: _kinds(_I, _P),
        EventType.PROSECUTION_EXTENDED: _kinds(_P),
        EventType.INDICTED: _kinds(_P),
        EventType.CASE_SUSPENDED: _kinds(_P, _C),
        EventType.CASE_RESUMED: _kinds(_P, _C),
        EventType.CASE_TERMINATED: _kinds(_P, _C),
        EventType.CASE_ACCEPTED_FOR_TRIAL: _kinds(_C),
        EventType.TRIAL_PREPARATION_EXTENDED: _kinds(_C),
        EventType.TRIAL_SCHEDULED: _kinds(_C),
        EventType.HEARING_OPENED: _kinds(_C),
        EventType.HEARING_POSTPONED: _kinds(_C),
        EventType.FIRST_INSTANCE_JUDGMENT: _kinds(_C),
        EventType.APPEALED: _kinds(_C),
        EventType.PROTESTED: _kinds(_P),
        EventType.APPEAL_ACCEPTED: _kinds(_C),
        EventType.APPELLATE_TRIAL_SCHEDULED: _kinds(_C),
        EventType.APPELLATE_HEARING_OPENED: _kinds(_C),
        EventType.APPELLATE_HEARING_POSTPONED: _kinds(_C),
        EventType.APPELLATE_JUDGMENT: _kinds(_C),
        EventType.JUDGMENT_QUASHED_FOR_REINVESTIGATION: _kinds(_C),
        EventType.JUDGMENT_QUASHED_FOR_RETRIAL: _kinds(_C),
        EventType.JUDGMENT_FINAL: _kinds(_C),
        EventType.EXECUTION_DECIDED: _kinds(_C),
        EventType.ENFORCEMENT_STARTED: _kinds(_E),
        # Closing the record when nothing is left to enforce: the enforcement office, or the
        # court where the judgment has no civil part.
        EventType.CASE_CLOSED: _kinds(_E, _C),
        EventType.CUSTODY_ORDERED: _kinds(_I),  # 110(2), 117: heads of investigating bodies
        EventType.CUSTODY_EXTENDED: _kinds(_I),  # 118(2): the ordering body, VKS approving
        EventType.DETENTION_ORDERED: _kinds(_I, _P, _C),
        EventType.DETENTION_EXTENDED: _kinds(_P, _C),
        EventType.PERSON_RELEASED: _kinds(_I, _P, _C),
        EventType.EXPERTISE_REQUESTED: _kinds(_I, _P, _C),  # 205
        # The expertise body issues the conclusion; the requester may record its receipt.
        EventType.EXPERTISE_CONCLUDED: _kinds(_X, _I, _P, _C),
        EventType.VALUATION_REQUESTED: _kinds(_I, _P, _C),  # 215
        EventType.VALUATION_CONCLUDED: _kinds(_V, _I, _P, _C),
        EventType.ASSET_MEASURE_RECORDED: _kinds(_I, _P, _C, _E),
        EventType.OTHER_DECISION: _kinds(_I, _P, _C),
    }
)


def recorder_kinds(event_type: EventType, stage: Stage | None) -> frozenset[AgencyKind]:
    """The agency kinds that may record ``event_type`` while the file is held in ``stage``.

    Pass the holding stage (Timeline.holding_stage): for a suspended case, the stage it was
    suspended in, since the procuracy resumes what it suspended and the court what it did.
    For a stage that does not settle it (SUSPENDED itself), every possible kind is returned.
    """
    # stages.py builds its tables from EventType, so it is read here, not imported above.
    from phoihop.domain.procedure.stages import RECORDED_BY_STAGE

    if stage is not None and (event_type, stage) in RECORDED_BY_STAGE:
        return RECORDED_BY_STAGE[(event_type, stage)]
    return RECORDED_BY[event_type]


EVENT_LABELS_VI: Mapping[EventType, str] = MappingProxyType(
    {
        EventType.CRIME_REPORT_RECEIVED: (
            "Tiếp nhận tố giác, tin báo về tội phạm, kiến nghị khởi tố"
        ),
        EventType.REPORT_SETTLEMENT_PROLONGED: "Kéo dài thời hạn giải quyết nguồn tin",
        EventType.REPORT_SETTLEMENT_EXTENDED: "Gia hạn thời hạn giải quyết nguồn tin",
        EventType.REPORT_SETTLEMENT_SUSPENDED: "Tạm đình chỉ việc giải quyết nguồn tin",
        EventType.REPORT_SUSPENSION_ANNULLED: "Hủy quyết định tạm đình chỉ giải quyết nguồn tin",
        EventType.REPORT_SETTLEMENT_RESUMED: "Phục hồi giải quyết nguồn tin",
        EventType.CASE_NOT_INITIATED: "Không khởi tố vụ án",
        EventType.CASE_INITIATED: "Khởi tố vụ án",
        EventType.SUSPECT_CHARGED: "Khởi tố bị can",
        EventType.SUSPECT_CHARGING_APPROVED: "Phê chuẩn quyết định khởi tố bị can",
        EventType.SUSPECT_CHARGING_ANNULLED: "Hủy bỏ quyết định khởi tố bị can",
        EventType.CHARGES_CHANGED: "Thay đổi, bổ sung quyết định khởi tố",
        EventType.CASES_JOINED: "Nhập vụ án",
        EventType.CASE_SPLIT: "Tách vụ án",
        EventType.CASE_TRANSFERRED: "Chuyển vụ án",
        EventType.INVESTIGATION_EXTENDED: "Gia hạn thời hạn điều tra",
        EventType.INVESTIGATION_SUSPENDED: "Tạm đình chỉ điều tra",
        EventType.WANTED_NOTICE: "Quyết định truy nã bị can",
        EventType.INVESTIGATION_RESUMED: "Phục hồi điều tra",
        EventType.INVESTIGATION_TERMINATED: "Đình chỉ điều tra",
        EventType.INVESTIGATION_CONCLUDED: "Kết luận điều tra đề nghị truy tố",
        EventType.RETURNED_FOR_ADDITIONAL_INVESTIGATION: "Trả hồ sơ để điều tra bổ sung",
        EventType.ADDITIONAL_INVESTIGATION_CONCLUDED: "Kết luận điều tra bổ sung",
        EventType.PROSECUTION_EXTENDED: "Gia hạn thời hạn quyết định việc truy tố",
        EventType.INDICTED: "Truy tố (cáo trạng)",
        EventType.CASE_SUSPENDED: "Tạm đình chỉ vụ án",
        EventType.CASE_RESUMED: "Phục hồi vụ án",
        EventType.CASE_TERMINATED: "Đình chỉ vụ án",
        EventType.CASE_ACCEPTED_FOR_TRIAL: "Thụ lý vụ án",
        EventType.TRIAL_PREPARATION_EXTENDED: "Gia hạn thời hạn chuẩn bị xét xử",
        EventType.TRIAL_SCHEDULED: "Quyết định đưa vụ án ra xét xử",
        EventType.HEARING_OPENED: "Mở phiên tòa sơ thẩm",
        EventType.HEARING_POSTPONED: "Hoãn phiên tòa sơ thẩm",
        EventType.FIRST_INSTANCE_JUDGMENT: "Tuyên án sơ thẩm",
        EventType.APPEALED: "Kháng cáo",
        EventType.PROTESTED: "Kháng nghị",
        EventType.APPEAL_ACCEPTED: "Thụ lý vụ án phúc thẩm",
        EventType.APPELLATE_TRIAL_SCHEDULED: "Quyết định đưa vụ án ra xét xử phúc thẩm",
        EventType.APPELLATE_HEARING_OPENED: "Mở phiên tòa phúc thẩm",
        EventType.APPELLATE_HEARING_POSTPONED: "Hoãn phiên tòa phúc thẩm",
        EventType.APPELLATE_JUDGMENT: "Tuyên án phúc thẩm",
        EventType.JUDGMENT_QUASHED_FOR_REINVESTIGATION: "Hủy bản án để điều tra lại",
        EventType.JUDGMENT_QUASHED_FOR_RETRIAL: "Hủy bản án để xét xử lại",
        EventType.JUDGMENT_FINAL: "Bản án có hiệu lực pháp luật",
        EventType.EXECUTION_DECIDED: "Quyết định thi hành án hình sự",
        EventType.ENFORCEMENT_STARTED: "Quyết định thi hành án dân sự",
        EventType.CASE_CLOSED: "Kết thúc vụ án sau thi hành án",
        EventType.CUSTODY_ORDERED: "Tạm giữ",
        EventType.CUSTODY_EXTENDED: "Gia hạn tạm giữ",
        EventType.DETENTION_ORDERED: "Tạm giam",
        EventType.DETENTION_EXTENDED: "Gia hạn tạm giam",
        EventType.PERSON_RELEASED: "Trả tự do",
        EventType.EXPERTISE_REQUESTED: "Trưng cầu giám định",
        EventType.EXPERTISE_CONCLUDED: "Kết luận giám định",
        EventType.VALUATION_REQUESTED: "Yêu cầu định giá tài sản",
        EventType.VALUATION_CONCLUDED: "Kết luận định giá tài sản",
        EventType.ASSET_MEASURE_RECORDED: "Biện pháp đối với tài sản (kê biên, phong tỏa, thu hồi)",
        EventType.OTHER_DECISION: "Quyết định, hoạt động tố tụng khác",
    }
)

# Used by the access messages; organisation.AgencyKind carries no labels of its own.
AGENCY_KIND_LABELS_VI: Mapping[AgencyKind, str] = MappingProxyType(
    {
        AgencyKind.STEERING: "Ban Chỉ đạo",
        AgencyKind.INTERNAL_AFFAIRS: "Ban Nội chính",
        AgencyKind.INVESTIGATION: "Cơ quan điều tra",
        AgencyKind.PROCURACY: "Viện kiểm sát",
        AgencyKind.COURT: "Tòa án",
        AgencyKind.INSPECTION: "Ủy ban Kiểm tra, Thanh tra",
        AgencyKind.EXPERTISE: "Tổ chức giám định tư pháp",
        AgencyKind.VALUATION: "Hội đồng định giá tài sản",
        AgencyKind.ENFORCEMENT: "Cơ quan thi hành án dân sự",
    }
)
