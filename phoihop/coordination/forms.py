"""Forms of the coordination pages: input shape only; the rules are the domain's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phoihop.agencies.models import Agency
from phoihop.agencies.signing import SigningFields
from phoihop.coordination.models import ObstacleCategory, RequestKind
from phoihop.coordination.selectors import InboxKind, InboxState
from phoihop.core.clock import today
from phoihop.core.forms import DateInput, StyledForm
from phoihop.domain.coordination.meetings import Delegate
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


# "08:30", "8:30", and "08h30" as Vietnamese write it.
TIME_INPUT_FORMATS = ["%H:%M", "%Hh%M", "%HH%M", "%Hh"]


class TimeField(forms.TimeField):
    """A time of day typed as hh:mm (or 08h30)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TimeInput(
                format="%H:%M",
                attrs={"placeholder": "hh:mm", "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        super().__init__(input_formats=TIME_INPUT_FORMATS, **kwargs)


class MeetingForm(StyledForm, forms.Form):
    title = forms.CharField(label=pgettext_lazy("meeting", "Title"), max_length=300)
    chair_name = forms.CharField(label=_("Chair"), max_length=150)
    chair_title = forms.CharField(
        label=_("Chair's title"),
        required=False,
        max_length=150,
        help_text=_("As the minutes name it: Deputy Head, Deputy Director…"),
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = TimeField(label=_("Start time"))
    place = forms.CharField(
        label=_("Place"), max_length=200, help_text=_("Where the meeting sits: the main site.")
    )
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


def delegates_text(delegates: Any) -> str:
    """The delegates of one agency as the record form shows them: "name, title" a line."""
    return "\n".join(f"{d.name}, {d.title}" if d.title else d.name for d in delegates)


class MeetingRecordForm(StyledForm, forms.Form):
    """What the minutes state besides the agenda, kept by the chair's agency: the times,
    the chair, the secretary and, for each agency of the meeting, its delegates (one
    field per agency, "name, title" a line)."""

    start_time = TimeField(label=_("Start time"))
    end_time = TimeField(
        label=_("End time"), required=False, help_text=_("Once the meeting has ended.")
    )
    chair_name = forms.CharField(label=_("Chair"), max_length=150)
    chair_title = forms.CharField(label=_("Chair's title"), required=False, max_length=150)
    secretary_name = forms.CharField(
        label=_("Secretary"),
        required=False,
        max_length=150,
        help_text=_("Who keeps the minutes and signs them with the chair; not the chair."),
    )
    secretary_title = forms.CharField(label=_("Secretary's title"), required=False, max_length=150)
    secretary_agency = forms.ModelChoiceField(
        label=_("Secretary's agency"), queryset=Agency.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        agencies = [meeting.chair_agency, *meeting.participants.all()]
        delegates: dict[int, list[Any]] = {agency.pk: [] for agency in agencies}
        for delegate in meeting.delegates.all():
            delegates.setdefault(delegate.agency_id, []).append(delegate)
        kwargs.setdefault(
            "initial",
            {
                "start_time": meeting.start_time,
                "end_time": meeting.end_time,
                "chair_name": meeting.chair_name,
                "chair_title": meeting.chair_title,
                "secretary_name": meeting.secretary_name,
                "secretary_title": meeting.secretary_title,
                "secretary_agency": meeting.secretary_agency_id or meeting.chair_agency_id,
                "version": meeting.version,
                **{
                    self.delegates_field(pk): delegates_text(people)
                    for pk, people in delegates.items()
                },
            },
        )
        kwargs.setdefault("prefix", "record")
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        self.fields["secretary_agency"].queryset = Agency.objects.filter(
            pk__in=[a.pk for a in agencies]
        ).order_by("name")
        for agency in agencies:
            field = forms.CharField(
                label=_("Delegates of %(agency)s") % {"agency": agency.short_name or agency.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("One per line: full name, title."),
            )
            self._style(field)
            self.fields[self.delegates_field(agency.pk)] = field
        # The agencies' fields came after StyledForm looked for control characters.
        self._controls = self._take_out_control_characters()

    @staticmethod
    def delegates_field(agency_id: int) -> str:
        return f"delegates_{agency_id}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        delegates = []
        for agency in self.agencies:
            for line in (data.get(self.delegates_field(agency.pk)) or "").splitlines():
                name, _comma, title = line.partition(",")
                if name.strip() or title.strip():
                    delegates.append(Delegate(agency.pk, name.strip(), title.strip()))
        data["delegates"] = delegates
        return data


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


class FollowUpLetterForm(StyledForm, SigningFields):
    """Who signs a follow-up letter, and who receives it besides its addressee."""

    once = False  # a download: it writes nothing but the audit entry
    offers_without_classified = False  # the letter is about one case: it carries its mark
