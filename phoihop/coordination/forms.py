"""Forms of the coordination pages: input shape only; the rules are the domain's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.agencies.models import Agency
from phoihop.coordination.models import ObstacleCategory, RequestKind
from phoihop.coordination.selectors import InboxKind, InboxState
from phoihop.core.clock import today
from phoihop.core.forms import DateInput, StyledForm
from phoihop.domain.procedure.stages import PROGRESS

EXPERTISE_VARIANTS = [
    ("", "—"),
    ("NINE_DAYS", _("9 days (age, injury, drugs, money, precious metals…)")),
    ("DEATH_OR_POLLUTION", _("1 month (cause of death, pollution)")),
    ("PSYCHIATRIC", _("3 months (mental state)")),
    ("OTHER", _("Other: 3 months")),
    ("OTHER_COMPLEX", _("Other, complex: 4 months")),
]


def _agencies() -> Any:
    return (
        Agency.objects.valid_on(today())
        .select_related("province")
        .order_by("level", "province__name", "name")
    )


class RequestForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices)
    to_agency = forms.ModelChoiceField(label=_("To"), queryset=Agency.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    variant = forms.ChoiceField(
        label=_("Expertise type"), required=False, choices=EXPERTISE_VARIANTS
    )
    due_on = forms.DateField(
        label=_("Agreed due date"),
        required=False,
        widget=DateInput(),
        help_text=_("Required except for expertise, whose period the law sets."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = _agencies()


class RequestMoveForm(StyledForm, forms.Form):
    to = forms.CharField(widget=forms.HiddenInput())
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput())


class InboxFilterForm(StyledForm, forms.Form):
    once = False  # read with GET
    q = forms.CharField(
        label=_("Case, subject or agency"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *InboxKind.choices]
    )
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *InboxState.choices]
    )


class MessageForm(StyledForm, forms.Form):
    text = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)


class ObstacleForm(StyledForm, forms.Form):
    category = forms.ChoiceField(
        label=pgettext_lazy("obstacle", "Category"), choices=ObstacleCategory.choices
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))


class ObstacleMoveForm(StyledForm, forms.Form):
    to = forms.CharField(widget=forms.HiddenInput())
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput())


class CasePickField(forms.TypedMultipleChoiceField):
    """Cases chosen by searching for them: the page asks the API (/api/v1/cases, which
    finds with or without diacritics) as the user types, and only the chosen cases are
    options, labelled by the view from what the user may see. Any case number is a
    valid choice here; the service refuses a case the user may not see."""

    widget = forms.SelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, **kwargs)
        self.widget.attrs.update({"data-picker-source": "/api/v1/cases"})

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()


class MeetingForm(StyledForm, forms.Form):
    title = forms.CharField(label=pgettext_lazy("meeting", "Title"), max_length=300)
    chair_name = forms.CharField(label=_("Chair"), max_length=150)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    sites = forms.CharField(
        label=_("Sites joined online"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating agencies"),
        queryset=Agency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    cases = CasePickField(label=_("Cases on the agenda"))

    def __init__(
        self, *args: Any, case_choices: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _agencies()
        self.fields["cases"].choices = case_choices or []


class PositionForm(StyledForm, forms.Form):
    text = forms.CharField(
        label=_("Our agency's position"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ConcludeForm(StyledForm, forms.Form):
    agreed = forms.TypedChoiceField(
        label=_("Outcome"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Agreed")), ("no", _("Not agreed: escalate"))],
    )
    text = forms.CharField(
        label=_("Conclusion, or the question for the authority"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DirectiveForm(StyledForm, forms.Form):
    doc_number = forms.CharField(label=_("Document number"), max_length=80)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    content = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 3}))
    task_agency = forms.ModelChoiceField(label=_("Task: agency"), queryset=Agency.objects.none())
    task_description = forms.CharField(
        label=_("Task: what"), widget=forms.Textarea(attrs={"rows": 2})
    )
    task_due_on = forms.DateField(label=_("Task: due on"), widget=DateInput())
    task2_agency = forms.ModelChoiceField(
        label=_("Second task: agency"), queryset=Agency.objects.none(), required=False
    )
    task2_description = forms.CharField(
        label=_("Second task: what"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    task2_due_on = forms.DateField(
        label=_("Second task: due on"), required=False, widget=DateInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task_agency"].queryset = _agencies()
        self.fields["task2_agency"].queryset = _agencies()


class TaskReportForm(StyledForm, forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 2}))
    done = forms.BooleanField(label=_("The task is done"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput())


class PlanTargetForm(StyledForm, forms.Form):
    stage = forms.ChoiceField(
        label=_("Finish the stage"), choices=[(s.value, s.value) for s in PROGRESS]
    )
    target_on = forms.DateField(label=_("By"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from phoihop.cases.labels import STAGE_LABELS

        self.fields["stage"].choices = [(s.value, STAGE_LABELS.get(s, s.value)) for s in PROGRESS]
