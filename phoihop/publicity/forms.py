"""Forms of the public-information pages: input shape only; the rules are the domain's."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.agencies.signing import SigningFields
from phoihop.core.forms import DateInput, StyledForm
from phoihop.domain.publicity.false_reports import Verdict
from phoihop.domain.publicity.names import NameRule

NAME_RULES = [
    (NameRule.INITIALS.value, _("Initials only (N.V.A.)")),
    (NameRule.NONE.value, _("No name: by role only")),
    (NameRule.FULL.value, _("Full name")),
]
VERDICTS = [
    ("", "—"),
    (Verdict.FALSE.value, _("False")),
    (Verdict.PARTLY_FALSE.value, _("Partly false, distorted")),
    (Verdict.TRUE.value, _("True")),
]


class ReleaseNewForm(StyledForm, forms.Form):
    name_rule = forms.ChoiceField(label=_("Naming of the accused"), choices=NAME_RULES)


class ReleaseEditForm(StyledForm, forms.Form):
    title = forms.CharField(label=pgettext_lazy("release", "Title"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Write figures in digits: they are checked against the case record."),
    )
    name_rule = forms.ChoiceField(label=_("Naming of the accused"), choices=NAME_RULES)
    version = forms.IntegerField(widget=forms.HiddenInput())


class ReleaseMoveForm(StyledForm, forms.Form):
    to = forms.CharField(widget=forms.HiddenInput())
    classified_fields_excluded = forms.BooleanField(
        label=_("I confirm that this text contains no content classified as a state secret."),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput())


class FalseReportForm(StyledForm, forms.Form):
    platform = forms.CharField(
        label=_("Platform"),
        max_length=100,
        help_text=_("Where the claim appeared: a network, a site, a newspaper."),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        required=False,
        help_text=_("As text: nothing is opened or fetched."),
    )
    first_seen_on = forms.DateField(label=_("First seen on"), widget=DateInput())
    reach = forms.CharField(
        label=_("Reach as reported"),
        max_length=200,
        required=False,
        help_text=_("E.g. 12,000 views, 300 shares."),
    )
    claim = forms.CharField(label=_("The claim in brief"), widget=forms.Textarea(attrs={"rows": 3}))
    other_cases = forms.CharField(
        label=_("Other cases it concerns"),
        required=False,
        help_text=_("Their case codes, separated by commas."),
    )


class FalseReportMoveForm(StyledForm, forms.Form):
    to = forms.CharField(widget=forms.HiddenInput())
    verdict = forms.ChoiceField(label=_("Assessment"), choices=VERDICTS, required=False)
    refuting_fact = forms.CharField(
        label=_("The fact of the record that refutes it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rebuttal = forms.TypedChoiceField(
        label=_("Rebuttal release"), required=False, coerce=int, empty_value=None
    )
    referred_to = forms.CharField(label=_("Referred to"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args: Any, rebuttals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["rebuttal"]).choices = [("", "—"), *rebuttals]


# Who receives a release: the press and the body's own site.
RELEASE_RECIPIENTS = ("Các cơ quan báo chí", "Cổng thông tin điện tử của cơ quan")


class ReleaseDocumentForm(StyledForm, SigningFields):
    """The published release as a signed document: its number, if the records office
    gave one, the signer, the recipients, the file."""

    once = False  # a download: it writes nothing but the audit entry
    offers_without_classified = False  # a published release holds nothing classified

    number = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Left blank, the document keeps the blank the records office fills in."),
    )
    format = forms.ChoiceField(
        label=_("File"),
        choices=[("docx", "Word (.docx)"), ("pdf", "PDF")],
        widget=forms.RadioSelect,
        initial="docx",
    )
    field_order = ("number", "signer", "authority", "recipients", "format")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipients = self.fields["recipients"]
        recipients.initial = "\n".join(RELEASE_RECIPIENTS)
