"""The shared case record. A CaseEvent's content is never edited (a correction moves the
original to WithdrawnEvent): the stage and other cached columns of Case are derived by
replaying events (phoihop.domain.procedure) and refreshed in the same transaction as each
change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.models import CLASSIFICATION_CHOICES
from phoihop.domain.amounts import MAX_AMOUNT_VND


class CaseKind(models.TextChoices):
    CRIMINAL_CASE = "criminal_case", _("Criminal case")
    MATTER = "matter", _("Matter")


class Monitoring(models.TextChoices):
    NONE = "none", _("Not monitored")
    PROVINCIAL = "provincial", _("Provincial Steering Committee")
    CENTRAL = "central", _("Central Steering Committee")


class Case(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices)
    national_code = models.CharField(
        _("national case code"), max_length=40, null=True, blank=True, unique=True
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    province = models.ForeignKey(
        "agencies.Province",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("province"),
    )
    field = models.CharField(_("field"), max_length=32, blank=True)
    # [{"article": 353, "clause": 3}, ...]; the heaviest clause gives the category.
    charges = models.JSONField(_("charged articles"), default=list, blank=True)
    category = models.CharField(_("crime category"), max_length=4, blank=True)
    national_security = models.BooleanField(_("national security"), default=False)
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=CLASSIFICATION_CHOICES, default=0
    )
    monitoring = models.CharField(
        _("monitoring level"), max_length=16, choices=Monitoring.choices, default=Monitoring.NONE
    )
    agencies: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "agencies.Agency", through="CaseAgency", related_name="cases", verbose_name=_("agencies")
    )

    # Caches, refreshed with every event.
    stage = models.CharField(_("stage"), max_length=32, db_index=True)
    opened_on = models.DateField(_("opened on"))
    last_event_on = models.DateField(_("last decision on"))
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    search_text = models.TextField(editable=False, default="")

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-last_event_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["province", "stage"]),
            models.Index(fields=["classification"]),
            # The case list's order: its first page is read from the index, stopping
            # at 25 matches, instead of sorting every match.
            models.Index(fields=["-last_event_on", "-id"], name="case_latest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(classification__lte=3), name="case_classification_range"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="case_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category_determined(self) -> bool:
        """False when an article is charged without its clause or a stated category: the
        category, and every clock that depends on it, then follow the article's heaviest
        clause until the clause is known."""
        return all(row.get("clause") or row.get("category") for row in self.charges)


class ParticipationRole(models.TextChoices):
    HANDLING = "handling", _("Handling")
    REQUESTED = "requested", _("Asked to help")
    INVITED = "invited", _("Invited to a meeting")
    AUTHORITY = "authority", _("Competent authority")
    TASKED = "tasked", _("Assigned a task")
    # Handled the case until it was transferred (Art. 169): sees it, records no more.
    TRANSFERRED = "transferred", _("Handled it until the transfer")


class CaseAgency(models.Model):
    """An agency taking part in a case: handling it (it records decisions), or asked
    to help, invited, asked for a directive, or tasked (it sees the case, no more)."""

    # Looked up by the unique (case, agency) index, which leads with the case.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="participations", db_index=False
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=ParticipationRole.choices,
        default=ParticipationRole.HANDLING,
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)  # a transfer's date

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "agency"], name="case_agency_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.case_id}"


class PersonRole(models.TextChoices):
    ACCUSED = "accused", _("Accused")
    SUSPECT = "suspect", _("Person under verification")
    VICTIM = "victim", _("Victim")
    OTHER = "other", _("Other party")


class Person(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=16, choices=PersonRole.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    is_official = models.BooleanField(_("official"), default=False)
    is_party_member = models.BooleanField(_("party member"), default=False)
    position = models.CharField(_("position"), max_length=255, blank=True)
    charges = models.JSONField(_("charged articles"), default=list, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name


class CaseEvent(models.Model):
    """One procedural decision, entered by the agency that made it. Its content is never
    updated: a correction replaces it (WithdrawnEvent keeps the original). Its place,
    ``sequence``, follows the dates: a decision found late moves the later ones on."""

    # Looked up by the unique (case, sequence) index, which leads with the case.
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", db_index=False)
    sequence = models.PositiveIntegerField()
    type = models.CharField(_("decision"), max_length=48)
    date = models.DateField(_("decision date"))
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issuing agency"),
    )
    doc_number = models.CharField(_("document number"), max_length=80, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "sequence"]
        verbose_name = _("procedural decision")
        verbose_name_plural = _("procedural decisions")
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="case_event_sequence_unique"),
        ]
        # The periodic report's "charged in the period": one kind of decision in a range
        # of days, out of every decision on record.
        indexes = [models.Index(fields=["type", "date"], name="case_event_type_date")]

    def __str__(self) -> str:
        return f"{self.type} {self.date}"


class WithdrawnEvent(models.Model):
    """A decision its agency withdrew or corrected, kept as it was recorded, with why.
    It leaves the live record (CaseEvent), so every replay, clock and figure reads only
    decisions in force; the case page shows it struck through beside its correction."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="withdrawn_events")
    sequence = models.PositiveIntegerField(_("place in the record when withdrawn"))
    type = models.CharField(_("decision"), max_length=48)
    date = models.DateField(_("decision date"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    doc_number = models.CharField(_("document number"), max_length=80, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    entered_at = models.DateTimeField()
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField()
    reason = models.TextField(_("reason"))
    replaced_by = models.ForeignKey(
        CaseEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="corrects"
    )

    class Meta:
        ordering = ["case", "withdrawn_at"]
        verbose_name = _("withdrawn decision")
        verbose_name_plural = _("withdrawn decisions")

    def __str__(self) -> str:
        return f"{self.type} {self.date} (withdrawn)"


class AssetKind(models.TextChoices):
    DAMAGE = "damage", _("Damage assessed")
    FROZEN = "frozen", _("Frozen")
    SEIZED = "seized", _("Seized")
    RECOVERED = "recovered", _("Recovered")


class AssetAction(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="asset_actions")
    kind = models.CharField(_("kind"), max_length=16, choices=AssetKind.choices)
    # At most 10^15 đồng an entry (phoihop.domain.amounts: the services and the API
    # check it; the validator holds the admin's form to it too).
    amount_vnd = models.BigIntegerField(
        _("amount (VND)"), validators=[MaxValueValidator(MAX_AMOUNT_VND)]
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("asset action")
        verbose_name_plural = _("asset actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_vnd__gte=0), name="asset_amount_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_vnd} VND"


class CaseReference(models.Model):
    """An agency's own number for a case (its file number in its own software). Agency
    systems and spreadsheets name cases this way; with the national case code it is the
    key that makes a repeated upload update the case instead of opening a second one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="references")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    external_id = models.CharField(_("agency's own case number"), max_length=80)

    class Meta:
        verbose_name = _("agency case number")
        verbose_name_plural = _("agency case numbers")
        constraints = [
            models.UniqueConstraint(fields=["agency", "external_id"], name="case_reference_unique"),
            models.UniqueConstraint(
                fields=["case", "agency"], name="case_reference_one_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.external_id}"


class DecisionDocument(models.Model):
    """A decision's own document (a .docx, a PDF or a scan) an officer gave to be read,
    with the text read from it. Kept outside the web root like every attachment and
    shown only through the case's access check, so it carries the case's
    classification. ``event`` is the decision it was confirmed as; until the officer
    confirms, none is: reading records nothing."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decision_documents")
    # One document, one decision. A withdrawn decision leaves its document on the case,
    # confirmed (``recorded_at``) but no longer linked.
    event = models.OneToOneField(
        CaseEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="document"
    )
    file = models.FileField(_("document"), upload_to="decisions/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    text = models.TextField(_("text read"))
    # How it was read: method, pages, the OCR's mean confidence and seconds a page, the
    # scan's resolution, the spans OCR doubted and any warning (documents.reading).
    reading = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "uploaded_at"]
        verbose_name = _("decision document")
        verbose_name_plural = _("decision documents")

    def __str__(self) -> str:
        return self.name
