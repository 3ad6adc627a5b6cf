"""Forms of the case pages: they parse and validate input, nothing more."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.models import CLASSIFICATION_CHOICES
from phoihop.agencies.models import Agency, Province
from phoihop.cases.labels import CATEGORY_LABELS, EVENT_LABELS, STAGE_LABELS
from phoihop.cases.models import AssetAction, Case, CaseKind, Monitoring, Person
from phoihop.cases.selectors import CaseFilters
from phoihop.cases.services import EventInput
from phoihop.core.clock import today
from phoihop.core.forms import DateInput, RowChoiceField, StyledForm
from phoihop.core.option_lists import REGISTRY
from phoihop.core.record_dates import validate_record_date
from phoihop.domain import crimes
from phoihop.domain.amounts import MAX_AMOUNT_VND, vnd_text
from phoihop.domain.errors import InvalidInput
from phoihop.domain.procedure.events import EventType

# Bodies that record decisions in a case; the oversight and inspection bodies see it.
HANDLING_KINDS = ["investigation", "procuracy", "court", "enforcement"]

STATUS_CHOICES = [
    ("", _("All")),
    ("active", _("In progress")),
    ("suspended", _("Suspended")),
    ("closed", _("Closed")),
]


class CaseFilterForm(StyledForm, forms.Form):
    once = False  # read with GET
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # Read on every page of the case list: the options as rows, not records.
    province = RowChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("All"),
        kept=REGISTRY,
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    agency = RowChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("All"),
        label_fields=("short_name", "name"),  # as Agency.__str__
        kept=REGISTRY,
    )
    monitoring = forms.ChoiceField(
        label=_("Monitoring"), required=False, choices=[("", _("All")), *Monitoring.choices]
    )
    classification = forms.TypedChoiceField(
        label=_("Classification"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All")), *CLASSIFICATION_CHOICES],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("All")),
            ("overdue", _("Overdue")),
            ("past_maximum", _("Past the legal maximum")),
            ("needs_update", _("Needs updating")),
            ("7", _("Due within 7 days")),
            ("10", _("Due within 10 days")),
            ("30", _("Due within 30 days")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Latest decision first")), ("deadline", _("Nearest deadline first"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on = today()
        self.fields["province"].queryset = Province.objects.valid_on(on)
        self.fields["agency"].queryset = Agency.objects.valid_on(on)
        self.fields["stage"].choices = [("", _("All")), *STAGE_LABELS.items()]


def case_filters(query: QueryDict) -> tuple[CaseFilterForm, CaseFilters | None]:
    """The case list's filters from a query string (the list's, or an export's kept
    with its job); None when they do not validate."""
    form = CaseFilterForm(query or None)
    if not form.is_bound:
        return form, CaseFilters()
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, CaseFilters(
        q=data["q"],
        province=data["province"].pk if data["province"] else None,
        stage=data["stage"],
        agency=data["agency"].pk if data["agency"] else None,
        monitoring=data["monitoring"],
        classification=data["classification"],
        status=data["status"],
        due=data["due"],
        sort=data["sort"],
    )


class ChargesField(forms.CharField):
    """Charged clauses typed as "353.3, 354.2"; cleaned to that canonical text, each
    clause checked against the Penal Code table so an unknown one is named."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            charges = crimes.parse_charges(text)
            for charge in charges:
                _ = charge.category
        except InvalidInput as error:
            raise forms.ValidationError(error.message, code="charges") from None
        return ", ".join(f"{c.article}.{c.clause}" if c.clause else str(c.article) for c in charges)


CATEGORY_CHOICES = [
    ("", _("From the clause charged")),
    *((category.value, label) for category, label in CATEGORY_LABELS.items()),
]


# A decision's note: as long as the API takes it (cases/api.py), so the page and an
# agency system's record agree.
NOTE_LIMIT = 2000


def note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def category_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Crime category"),
        required=False,
        choices=CATEGORY_CHOICES,
        help_text=_("Only for an article charged without its clause, e.g. 324."),
    )


class EventForm(StyledForm, forms.Form):
    type = forms.ChoiceField(label=_("Decision"))
    date = forms.DateField(
        label=_("Decision date"), widget=DateInput(), validators=[validate_record_date]
    )
    doc_number = forms.CharField(label=_("Document number"), required=False, max_length=80)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    charges = ChargesField(
        label=_("Charged articles (article.clause)"),
        required=False,
        help_text=_("For example 353.3, 354.2 — only when the decision sets or changes charges."),
    )
    category = category_field()
    date_known = forms.ChoiceField(
        label=_("The date is known"),
        choices=[
            ("day", _("to the day")),
            ("month", _("to the month only")),
            ("before", _("as on or before this day")),
        ],
        initial="day",
        required=False,
    )
    title = forms.CharField(
        label=_("What the decision or act was"),
        required=False,
        max_length=300,
        help_text=_("For an other procedural decision or act, as its document names it."),
    )
    to_agency = RowChoiceField(
        label=_("Transferred to"),
        required=False,
        queryset=Agency.objects.none(),
        label_fields=("short_name", "name"),  # as Agency.__str__
        kept=REGISTRY,
        help_text=_("For a transfer of the case (Art. 169): the body receiving it."),
    )
    received_on = forms.DateField(
        label=_("File received on"),
        required=False,
        widget=DateInput(),
        validators=[validate_record_date],
        help_text=_("Where the law counts from the day the file or request was received."),
    )
    force_majeure = forms.BooleanField(
        label=_("Force majeure or an objective obstacle (hearing within 30 days, Art. 277(3))"),
        required=False,
    )
    infer_unrecorded = forms.BooleanField(
        label=_("The decisions the law puts before this one were made but are not recorded"),
        required=False,
    )
    months = forms.IntegerField(label=_("Months"), required=False, min_value=1, max_value=12)
    days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=90)
    note = note_field()
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args: Any, allowed: list[EventType], case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(t.value, EVENT_LABELS.get(t, t.value)) for t in allowed]
        self.fields["person"].choices = [
            ("", "—"),
            *case.persons.values_list("pk", "full_name"),
        ]
        self.fields["to_agency"].queryset = handling_agencies_on(today())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("months") and data.get("days"):
            self.add_error("days", _("Give the length in months or in days, not both."))
        if data.get("to_agency") and data.get("type") != "case_transferred":
            self.add_error("to_agency", _("Only a transfer of the case names a receiving body."))
        if data.get("title") and data.get("type") != "other_decision":
            self.add_error("title", _("Only an other procedural decision or act is named here."))
        if data.get("force_majeure") and data.get("type") != "trial_scheduled":
            self.add_error(
                "force_majeure", _("Only a decision to bring the case to trial states this.")
            )
        return data

    def event_input(self, *, person_required: bool = False) -> EventInput:
        """The decision as the record service takes it, from the form's cleaned data."""
        data = self.cleaned_data
        return EventInput(
            type=data["type"],
            date=data["date"],
            doc_number=data["doc_number"],
            note=data["note"],
            person_id=data["person"],
            params=self.event_params(),
            infer_unrecorded=data["infer_unrecorded"],
            person_required=person_required,
        )

    def event_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name in ("charges", "category", "months", "days", "title"):
            if self.cleaned_data.get(name):
                params[name] = self.cleaned_data[name]
        if self.cleaned_data.get("date_known") in ("month", "before"):
            params["date_known"] = self.cleaned_data["date_known"]
        if self.cleaned_data.get("to_agency"):
            params["to"] = self.cleaned_data["to_agency"].pk
        if self.cleaned_data.get("received_on"):
            params["received_on"] = self.cleaned_data["received_on"].isoformat()
        if self.cleaned_data.get("force_majeure"):
            params["variant"] = "FORCE_MAJEURE"
        return params


class DecisionReviewForm(EventForm):
    """The decision form of a document's review (cases/reading_views.py): the case
    page's, and the body that made the decision, read from the document's header. Only
    here: the case page's own form asks no query of the registry for it."""

    issuer = forms.TypedChoiceField(
        label=_("Issuing body"),
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _(
                "Choose your agency or one of the bodies it succeeded, from the list: only "
                "their decisions are entered here."
            )
        },
    )
    field_order = ["type", "date", "doc_number", "issuer"]  # the header's fields together

    def __init__(self, *args: Any, issuers: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(issuers) > 1:
            self.fields["issuer"].choices = list(issuers)
        else:
            del self.fields["issuer"]  # the recording agency alone: nothing to choose

    def event_input(self, *, person_required: bool = False) -> EventInput:
        event = super().event_input(person_required=person_required)
        return dataclasses.replace(event, issuer_id=self.cleaned_data.get("issuer"))


class EventChangeForm(StyledForm, forms.Form):
    """Correct or withdraw a decision the user's agency recorded: the reason always;
    for a correction, the date, number, note and length as they should read."""

    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    date = forms.DateField(
        label=_("Decision date"), widget=DateInput(), validators=[validate_record_date]
    )
    doc_number = forms.CharField(label=_("Document number"), required=False, max_length=80)
    months = forms.IntegerField(label=_("Months"), required=False, min_value=1, max_value=12)
    days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=90)
    note = note_field()
    action = forms.ChoiceField(
        choices=[("correct", _("Correct")), ("withdraw", _("Withdraw"))],
        widget=forms.HiddenInput(),
    )
    version = forms.IntegerField(widget=forms.HiddenInput())

    @classmethod
    def for_record(cls, record: Any, version: int) -> EventChangeForm:
        return cls(
            prefix=f"change-{record.sequence}",
            initial={
                "date": record.date,
                "doc_number": record.doc_number,
                "note": record.note,
                "months": record.params.get("months"),
                "days": record.params.get("days"),
                "action": "correct",
                "version": version,
            },
        )

    def length_params(self) -> dict[str, int]:
        return {k: self.cleaned_data[k] for k in ("months", "days") if self.cleaned_data.get(k)}


class CaseEditForm(StyledForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput())

    class Meta:
        model = Case
        fields = ["title", "national_code", "summary", "field", "classification", "monitoring"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, editable: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "version" and name not in editable:
                del self.fields[name]


class CaseCreateForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    national_code = forms.CharField(label=_("National case code"), required=False, max_length=40)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none())
    charges = ChargesField(label=_("Charged articles (article.clause)"), required=False)
    category = category_field()
    classification = forms.TypedChoiceField(
        label=_("Classification"), coerce=int, choices=CLASSIFICATION_CHOICES
    )
    monitoring = forms.ChoiceField(label=_("Monitoring"), choices=Monitoring.choices)
    first_event = forms.ChoiceField(
        label=_("First decision"),
        choices=[
            (EventType.CRIME_REPORT_RECEIVED.value, EVENT_LABELS[EventType.CRIME_REPORT_RECEIVED]),
            (EventType.CASE_INITIATED.value, EVENT_LABELS[EventType.CASE_INITIATED]),
        ],
    )
    date = forms.DateField(
        label=_("Decision date"), widget=DateInput(), validators=[validate_record_date]
    )
    doc_number = forms.CharField(label=_("Document number"), required=False, max_length=80)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Other agencies handling the case"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_(
            "Leave empty and the procuracy supervising an investigating body joins by itself."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Today's provinces, then the former ones, for a case of their time (kept under
        # the province holding its cases now).
        on = today()
        field = self.fields["province"]
        field.queryset = Province.objects.order_by(F("valid_to").asc(nulls_first=True), "name")
        # Outside the f-string: makemessages does not read inside one.
        former = _("former")
        field.label_from_instance = lambda p: (
            p.name if p.valid_to is None or p.valid_to >= on else f"{p.name} ({former})"
        )
        self.fields["agencies"].queryset = handling_agencies_on(on)


def handling_agencies_on(day: Any) -> Any:
    """The agencies that can handle a case (not the overseeing ones), as they stood on
    ``day``: central bodies first, then by province."""
    return (
        Agency.objects.valid_on(day)
        .filter(kind__in=HANDLING_KINDS)
        .select_related("province")
        .order_by("province__name", "level", "name")
    )


class AgencyAddForm(StyledForm, forms.Form):
    prefix = "agency"
    agency = RowChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        label_fields=("short_name", "name"),  # as Agency.__str__
        kept=REGISTRY,
    )
    since = forms.DateField(label=_("Handling since"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = handling_agencies_on(today())


class SplitForm(StyledForm, forms.Form):
    """Part of the case going on as a case of its own (Art. 170, 242)."""

    prefix = "split"
    date = forms.DateField(
        label=_("Decision date"), widget=DateInput(), validators=[validate_record_date]
    )
    title = forms.CharField(label=_("Title of the new case"), max_length=300)
    charges = ChargesField(
        label=_("Charged articles (article.clause)"),
        required=False,
        help_text=_("What the new case is initiated for, if stated."),
    )
    doc_number = forms.CharField(label=_("Document number"), required=False, max_length=80)
    note = note_field()
    version = forms.IntegerField(widget=forms.HiddenInput())


class PersonForm(StyledForm, forms.ModelForm):
    prefix = "person"
    version = forms.IntegerField(widget=forms.HiddenInput())

    class Meta:
        model = Person
        fields = ["full_name", "role", "birth_year", "position", "is_official", "is_party_member"]

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= today().year:
            raise forms.ValidationError(
                _("The year of birth must be between 1900 and this year."), code="range"
            )
        return year


class AssetForm(StyledForm, forms.ModelForm):
    prefix = "asset"
    version = forms.IntegerField(widget=forms.HiddenInput())
    # The bound of one entry (phoihop.domain.amounts), checked in clean_amount_vnd so
    # that the refusal says what the maximum is; the browser is told it too.
    amount_vnd = forms.IntegerField(
        label=_("Amount (VND)"),
        min_value=0,
        widget=forms.NumberInput(attrs={"max": MAX_AMOUNT_VND}),
    )

    class Meta:
        model = AssetAction
        fields = ["kind", "amount_vnd", "date", "note"]
        widgets = {"date": DateInput()}

    def clean_amount_vnd(self) -> int:
        amount: int = self.cleaned_data["amount_vnd"]
        if amount > MAX_AMOUNT_VND:
            raise forms.ValidationError(
                _(
                    "The amount cannot be more than %(maximum)s VND (a million billion) "
                    "in one entry: check the number of digits."
                ),
                code="input.amount_too_large",
                params={"maximum": vnd_text(MAX_AMOUNT_VND)},
            )
        return amount

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        validate_record_date(date)
        return date


class ImportForm(StyledForm, forms.Form):
    """The import page: a template file and the choice to import the valid rows alone.
    The file's content is checked by the import itself (format, size, rows)."""

    # Its answer is the outcome page, not a redirect: an import sent twice finds its
    # rows already there (by the external id) and changes nothing the second time.
    once = False

    file = forms.FileField(
        label=_("File"),
        help_text=_("An .xlsx or .csv file filled in from the template."),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    partial = forms.BooleanField(
        label=_("Import the valid rows, skip the rows with errors"), required=False
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One file or several (Django's own recipe): the cleaned value is always a list."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(one, initial) for one in data]
        return [single(data, initial)]


class DecisionDocumentForm(StyledForm, forms.Form):
    """A decision's own document, to be read into the decision form; or several, a
    batch read by the worker (cases/reading_batch.py). Reading records nothing: there
    is nothing to do twice, so no one-time token."""

    once = False

    document = MultipleFileField(
        label=_("The decision's document"),
        help_text=_(
            ".docx, PDF or a scanned image; choose several to read a case's history at "
            "once, in the background. Nothing is recorded until you check the fields read "
            "and confirm."
        ),
        widget=MultipleFileInput(attrs={"accept": ".docx,.pdf,.png,.jpg,.jpeg,.tif,.tiff"}),
    )
