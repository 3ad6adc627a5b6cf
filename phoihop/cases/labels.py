"""User-facing labels for the domain's enums (translated through gettext)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.procedure.events import EventType
from phoihop.domain.procedure.stages import Stage

STAGE_LABELS = {
    Stage.VERIFICATION: _("Crime report verification"),
    Stage.VERIFICATION_SUSPENDED: _("Verification suspended"),
    Stage.INVESTIGATION: _("Investigation"),
    Stage.INVESTIGATION_SUSPENDED: _("Investigation suspended"),
    Stage.ADDITIONAL_INVESTIGATION: _("Additional investigation"),
    Stage.PROSECUTION: _("Prosecution"),
    Stage.FIRST_INSTANCE: _("First-instance trial"),
    Stage.APPEAL: _("Appeal"),
    Stage.SUSPENDED: _("Case suspended"),
    Stage.ENFORCEMENT: _("Judgment enforcement"),
    Stage.CLOSED: _("Closed"),
}

EVENT_LABELS = {
    EventType.CRIME_REPORT_RECEIVED: _("Crime report received"),
    EventType.REPORT_SETTLEMENT_PROLONGED: _("Report settlement prolonged"),
    EventType.REPORT_SETTLEMENT_EXTENDED: _("Report settlement extended"),
    EventType.REPORT_SETTLEMENT_SUSPENDED: _("Report settlement suspended"),
    EventType.REPORT_SUSPENSION_ANNULLED: _("Suspension of report settlement annulled"),
    EventType.REPORT_SETTLEMENT_RESUMED: _("Report settlement resumed"),
    EventType.CASE_NOT_INITIATED: _("Decision not to initiate a case"),
    EventType.CASE_INITIATED: _("Case initiated"),
    EventType.SUSPECT_CHARGED: _("Suspect charged"),
    EventType.SUSPECT_CHARGING_APPROVED: _("Charging of the suspect approved"),
    EventType.SUSPECT_CHARGING_ANNULLED: _("Charging of the suspect annulled"),
    EventType.CHARGES_CHANGED: _("Charges changed"),
    EventType.CASES_JOINED: _("Cases joined"),
    EventType.INVESTIGATION_EXTENDED: _("Investigation extended"),
    EventType.INVESTIGATION_SUSPENDED: _("Investigation suspended"),
    EventType.WANTED_NOTICE: _("Wanted notice for the suspect"),
    EventType.INVESTIGATION_RESUMED: _("Investigation resumed"),
    EventType.INVESTIGATION_TERMINATED: _("Investigation terminated"),
    EventType.INVESTIGATION_CONCLUDED: _("Investigation concluded, prosecution proposed"),
    EventType.RETURNED_FOR_ADDITIONAL_INVESTIGATION: _("Returned for additional investigation"),
    EventType.ADDITIONAL_INVESTIGATION_CONCLUDED: _("Additional investigation concluded"),
    EventType.PROSECUTION_EXTENDED: _("Prosecution period extended"),
    EventType.INDICTED: _("Indictment"),
    EventType.CASE_SUSPENDED: _("Case suspended"),
    EventType.CASE_RESUMED: _("Case resumed"),
    EventType.CASE_TERMINATED: _("Case terminated"),
    EventType.CASE_ACCEPTED_FOR_TRIAL: _("Case accepted for trial"),
    EventType.TRIAL_PREPARATION_EXTENDED: _("Trial preparation extended"),
    EventType.TRIAL_SCHEDULED: _("Decision to bring the case to trial"),
    EventType.HEARING_OPENED: _("First-instance hearing opened"),
    EventType.HEARING_POSTPONED: _("First-instance hearing postponed"),
    EventType.FIRST_INSTANCE_JUDGMENT: _("First-instance judgment"),
    EventType.APPEALED: _("Appeal lodged"),
    EventType.PROTESTED: _("Protest by the procuracy"),
    EventType.APPEAL_ACCEPTED: _("Appeal accepted"),
    EventType.APPELLATE_TRIAL_SCHEDULED: _("Appellate trial scheduled"),
    EventType.APPELLATE_HEARING_OPENED: _("Appellate hearing opened"),
    EventType.APPELLATE_HEARING_POSTPONED: _("Appellate hearing postponed"),
    EventType.APPELLATE_JUDGMENT: _("Appellate judgment"),
    EventType.JUDGMENT_QUASHED_FOR_REINVESTIGATION: _("Judgment quashed for re-investigation"),
    EventType.JUDGMENT_QUASHED_FOR_RETRIAL: _("Judgment quashed for a new trial"),
    EventType.JUDGMENT_FINAL: _("Judgment took effect"),
    EventType.EXECUTION_DECIDED: _("Decision to execute the judgment"),
    EventType.ENFORCEMENT_STARTED: _("Enforcement started"),
    EventType.CASE_CLOSED: _("Case closed"),
    EventType.CUSTODY_ORDERED: _("Custody ordered"),
    EventType.CUSTODY_EXTENDED: _("Custody extended"),
    EventType.DETENTION_ORDERED: _("Detention ordered"),
    EventType.DETENTION_EXTENDED: _("Detention extended"),
    EventType.PERSON_RELEASED: _("Person released"),
    EventType.EXPERTISE_REQUESTED: _("Expertise requested"),
    EventType.EXPERTISE_CONCLUDED: _("Expertise concluded"),
    EventType.VALUATION_REQUESTED: _("Asset valuation requested"),
    EventType.VALUATION_CONCLUDED: _("Asset valuation concluded"),
    EventType.ASSET_MEASURE_RECORDED: _("Asset measure recorded"),
    EventType.CASE_SPLIT: _("Case split"),
    EventType.CASE_TRANSFERRED: _("Case transferred to another body"),
    EventType.OTHER_DECISION: _("Other procedural decision or act"),
}


# The crime categories of the Penal Code (Art. 9): their names, and the abbreviations a
# table uses, spelled with their diacritics; a page that shows an abbreviation shows
# what it stands for (``category_legend``).
CATEGORY_LABELS = {
    CrimeCategory.ITN: _("Less serious"),
    CrimeCategory.NT: _("Serious"),
    CrimeCategory.RNT: _("Very serious"),
    CrimeCategory.DBNT: _("Especially serious"),
}
CATEGORY_ABBREVIATIONS = {
    CrimeCategory.ITN: "ÍNT",
    CrimeCategory.NT: "NT",
    CrimeCategory.RNT: "RNT",
    CrimeCategory.DBNT: "ĐBNT",
}


def category_label(value: str) -> str:
    try:
        return str(CATEGORY_LABELS[CrimeCategory(value)])
    except ValueError:
        return value


def category_abbreviation(value: str) -> str:
    try:
        return CATEGORY_ABBREVIATIONS[CrimeCategory(value)]
    except ValueError:
        return value


def stage_label(value: str) -> str:
    try:
        return str(STAGE_LABELS.get(Stage(value), value))
    except ValueError:
        return value


def event_label(value: str) -> str:
    try:
        return str(EVENT_LABELS.get(EventType(value), value))
    except ValueError:
        return value
