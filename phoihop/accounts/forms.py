from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from phoihop.agencies.models import Agency
from phoihop.core.forms import StyledForm

User = get_user_model()


class UserForm(StyledForm, forms.ModelForm):
    """An agency admin creates and edits the users of their own agency."""

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Leave empty to keep the current password."),
    )
    reset_two_factor = forms.BooleanField(
        label=_("Reset two-step sign-in"),
        required=False,
        help_text=_(
            "For a lost or replaced phone: the user enrols a new authenticator at the "
            "next sign-in, and the old backup codes stop working."
        ),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "title",
            "email",
            "agency",
            "role",
            "clearance",
            "is_active",
        ]

    def __init__(self, *args: Any, admin_user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.admin_user = admin_user
        agencies = Agency.objects.all()
        if not admin_user.is_superuser:
            agencies = agencies.filter(pk=admin_user.agency_id)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].required = True
        if self.instance.pk is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""
            del self.fields["reset_two_factor"]

    def clean_clearance(self) -> int:
        clearance = int(self.cleaned_data["clearance"])
        if not self.admin_user.is_superuser and clearance > self.admin_user.clearance:
            raise forms.ValidationError(
                _("You cannot grant a clearance higher than your own."), code="clearance"
            )
        return clearance

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if password:
            password_validation.validate_password(password, self.instance)
        return password

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user
