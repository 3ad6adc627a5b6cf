"""The part of a document's form that says who signs it, under which authority, who
receives it, and whether classified cases are left out: one set of fields for the
report, the letters, the minutes and the releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.agencies.issuer import issuer_for, signers_of
from phoihop.documents.issuers import AUTHORITY_LABELS, Authority, Issuer, signature
from phoihop.documents.layout import DocumentInputError, Signer
from phoihop.domain.text import forbidden_character


@dataclass(frozen=True)
class Signing:
    """What the form decided: the body, the signature block, the recipients, and
    whether the document leaves classified cases out."""

    issuer: Issuer
    signer: Signer
    signer_account: Any
    authority: Authority
    recipients: tuple[str, ...]
    without_classified: bool


class SignerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.full_name or obj.username
        return f"{name} — {obj.title}" if obj.title else name


class SigningFields(forms.Form):
    """Mixed into a document's form; the view passes ``agency`` (the issuing body)."""

    offers_without_classified = True  # False where the document is about one case

    signer = SignerChoice(label=_("Signer"), queryset=None, empty_label=None)
    authority = forms.ChoiceField(label=_("Signing authority"))
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; “Lưu: VT” is added."),
    )
    without_classified = forms.BooleanField(
        label=_("Leave out classified cases"),
        required=False,
        help_text=_(
            "The file then names and counts no case marked Mật or above, and carries "
            "no state-secret mark; the choice is kept in the audit trail."
        ),
    )

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issuer = issuer_for(agency)
        signer = self.fields["signer"]
        authority = self.fields["authority"]
        recipients = self.fields["recipients"]
        assert isinstance(signer, forms.ModelChoiceField)
        assert isinstance(authority, forms.ChoiceField)
        signer.queryset = signers_of(agency)
        authority.choices = [(a.value, AUTHORITY_LABELS[a]) for a in self.issuer.authorities]
        authority.initial = Authority.HEAD.value
        recipients.initial = "\n".join(self.issuer.usual_recipients)
        if not self.offers_without_classified:
            del self.fields["without_classified"]

    def clean_recipients(self) -> list[str]:
        text = self.cleaned_data.get("recipients") or ""
        if forbidden_character(text) is not None:
            raise forms.ValidationError(
                _("Contains control characters that a document cannot hold.")
            )
        lines = [
            line.strip().lstrip("-").strip().rstrip(";.").strip() for line in text.splitlines()
        ]
        return [line for line in lines if line and not line.startswith("Lưu:")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        account, authority = data.get("signer"), data.get("authority")
        if account is not None and authority:
            try:
                self._signature = signature(
                    self.issuer,
                    Authority(authority),
                    account.full_name or account.username,
                    "" if authority == Authority.HEAD else account.title,
                )
            except DocumentInputError as error:
                self.add_error("authority", str(error))
        return data

    def signing(self, *, extra_recipients: Sequence[str] = ()) -> Signing:
        data = self.cleaned_data
        return Signing(
            issuer=self.issuer,
            signer=self._signature,
            signer_account=data["signer"],
            authority=Authority(data["authority"]),
            recipients=tuple(dict.fromkeys([*extra_recipients, *data["recipients"]])),
            without_classified=bool(data.get("without_classified")),
        )
