"""What every form of the site does alike: Bootstrap classes on each widget, fields
with errors marked for screen readers, control characters refused on the field they
were typed in, length limits the user is told of, and a one-time token on the forms
that write (``core/form_views.submit`` claims it)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Collection, Hashable
from typing import Any

from django import forms
from django.core import validators
from django.db import DEFAULT_DB_ALIAS
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from phoihop.core.option_lists import kept_html, with_chosen
from phoihop.domain.text import forbidden_character, without_forbidden

# The name of the one-time token's hidden field (with the form's prefix, if any).
ONCE_FIELD = "once"
# A text field the model leaves unbounded (a TextField) takes at most this much: a
# description, a position, a note. Longer text is an attachment, not a field.
LONG_TEXT_LIMIT = 10_000


def _escaped(text: Any) -> str:
    """Django's ``conditional_escape`` without its lazy-string wrapper, which cost more
    than the escaping on a list of hundreds of options."""
    if hasattr(text, "__html__"):
        return str(text.__html__())
    return html.escape(str(text), quote=True)


class FastSelect(forms.Select):
    """A select whose options are written in Python, not through a template each.

    Django renders every ``<option>`` through two included templates; the agency lists
    (hundreds of options, several on a page) made that the largest part of the case
    page's and the case list's time. The HTML is Django's own, option for option
    (``tests/unit/core/test_fast_select.py`` compares the two)."""

    template_name = "core/widgets/select.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # The base widget's context, not ChoiceWidget's: its option dictionaries, one
        # per option, are what this widget saves.
        context: dict[str, Any] = forms.Widget.get_context(self, name, value, attrs)
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True
        context["widget"]["options"] = self.options_html(context["widget"]["value"])
        return context

    def options_html(self, values: list[str]) -> SafeString:
        kept = self.choices.kept_as() if isinstance(self.choices, RowChoiceIterator) else None
        if kept is None:
            return mark_safe(self._options(values))
        name, key = kept
        options = kept_html(name, (type(self).__name__, *key), lambda: self._options(()))
        chosen = [_escaped(value) for value in values]
        return mark_safe(with_chosen(options, chosen, multiple=self.allow_multiple_selected))

    def _options(self, values: Collection[str]) -> str:
        chosen = set(values)
        parts: list[str] = []
        has_selected = False
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, list | tuple)
            if grouped:
                parts.append(f'<optgroup label="{_escaped(group_value)}">')
            for value, label in group_label if grouped else [(group_value, group_label)]:
                value = "" if value is None else value
                selected = (not has_selected or self.allow_multiple_selected) and (
                    str(value) in chosen
                )
                has_selected |= selected
                extra = "".join(
                    f' {name}="{_escaped(text)}"'
                    for name, text in self.option_attrs(value, label).items()
                )
                parts.append(
                    f'<option value="{_escaped(value)}"{" selected" if selected else ""}'
                    f"{extra}>{_escaped(label)}</option>"
                )
            if grouped:
                parts.append("</optgroup>")
        return "".join(parts)

    def option_attrs(self, value: Any, label: Any) -> dict[str, str]:
        return {}


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    pass


class SearchableSelect(FastSelect):
    """An option of a record's choice carries the record's full name for the picker's
    search (``data-search``): an agency is listed by its short name ("VKSND tỉnh An
    Giang") and found by either ("vien kiem sat an giang")."""

    def option_attrs(self, value: Any, label: Any) -> dict[str, str]:
        full = getattr(value, "search", None)
        if full is None:
            full = getattr(getattr(value, "instance", None), "name", None)
        return {"data-search": full} if isinstance(full, str) and full != str(label) else {}


class RowChoiceValue:
    """An option of a ``RowChoiceField``: the record's key, and the full name it is
    searched by, with no record behind it (else as Django's ModelChoiceIteratorValue)."""

    __slots__ = ("search", "value")

    def __init__(self, value: Any, search: str) -> None:
        self.value = value
        self.search = search

    def __str__(self) -> str:
        return str(self.value)

    def __hash__(self) -> int:
        return hash(self.value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowChoiceValue | ModelChoiceIteratorValue):
            other = other.value
        return bool(self.value == other)


class RowChoiceIterator(ModelChoiceIterator):
    """The options read as rows of the few values they show, in one statement: Django's
    own iterator builds a record per option and reads them through a server-side cursor
    (three statements): for the hundreds of agencies of the case list's filter, the
    largest part of that page's Python. Still read only when the options are written:
    a list's rows answered alone (htmx) do not read them."""

    field: RowChoiceField

    def __iter__(self) -> Any:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        # A list kept for every later page is read from the primary: a replica behind
        # it would keep the registry as it was under the new generation.
        rows = self.queryset.using(DEFAULT_DB_ALIAS) if field.kept else self.queryset
        for pk, *names in rows.values_list("pk", *field.label_fields):
            label = next((name for name in names if name), "")
            # The last of the label's fields is the full name (``SearchableSelect``).
            yield (RowChoiceValue(pk, names[-1]), label)

    def kept_as(self) -> tuple[str, tuple[Hashable, ...]] | None:
        """The generation the written options are kept under (``option_lists``) and what
        else they depend on: the rows asked for, and the language of the empty label."""
        field = self.field
        if field.kept is None:
            return None
        sql, params = field.queryset.query.sql_with_params()
        key = (sql, tuple(params), field.label_fields, str(field.empty_label), get_language())
        return field.kept, key


class RowChoiceField(forms.ModelChoiceField):
    """A choice of a record whose options are read as rows, not records; what is
    chosen is still the record (``clean`` reads it, when one is chosen).

    ``label_fields``: the option shows the first that is not empty, as the model's
    ``__str__`` does ("short_name", "name": the short name, else the name); the last is
    the full name the picker also searches by.

    ``kept``: the generation (``core/generations.py``) whose change is the only thing
    that changes the options (``option_lists.REGISTRY`` for the provinces and
    agencies): the options are then written once and kept under it."""

    iterator = RowChoiceIterator

    def __init__(
        self,
        *args: Any,
        label_fields: tuple[str, ...] = ("name",),
        kept: str | None = None,
        **kwargs: Any,
    ):
        self.label_fields = label_fields
        self.kept = kept
        super().__init__(*args, **kwargs)


class SearchableSelectMultiple(SearchableSelect, FastSelectMultiple):
    pass


_FAST: dict[type[forms.Widget], type[forms.Widget]] = {
    forms.Select: FastSelect,
    forms.SelectMultiple: FastSelectMultiple,
}
_SEARCHABLE: dict[type[forms.Widget], type[forms.Widget]] = {
    forms.Select: SearchableSelect,
    forms.SelectMultiple: SearchableSelectMultiple,
}


class StyledForm(forms.BaseForm):
    """Mix into a Form or ModelForm before it.

    ``once``: the form writes something, so it carries a one-time token and a second
    submission of the same page (a double click, a resubmitted tab) is answered with
    what the first one did instead of being done again. Forms read with GET (filters,
    the calculator) set it to False."""

    once = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.once:
            self.fields[ONCE_FIELD] = forms.CharField(
                required=False, max_length=64, widget=forms.HiddenInput()
            )
            self.initial.setdefault(ONCE_FIELD, uuid.uuid4().hex)
        for field in self.fields.values():
            self._style(field)
        self._controls = self._take_out_control_characters()

    @staticmethod
    def _style(field: forms.Field) -> None:
        if type(field.widget) in _FAST:
            searchable = isinstance(field, forms.ModelChoiceField)
            kind = (_SEARCHABLE if searchable else _FAST)[type(field.widget)]
            fast = kind(attrs=field.widget.attrs)
            fast.choices = field.widget.choices
            fast.is_required = field.widget.is_required
            field.widget = fast
        widget = field.widget
        if isinstance(
            widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if isinstance(field, forms.DateField) and isinstance(widget, DateInput):
            field.input_formats = DATE_INPUT_FORMATS
        if isinstance(field, forms.CharField) and not isinstance(widget, forms.HiddenInput):
            if field.max_length is None:
                field.max_length = LONG_TEXT_LIMIT
                field.validators.append(validators.MaxLengthValidator(LONG_TEXT_LIMIT))
            # The browser's maxlength would cut a pasted text silently; the page counts
            # instead (phoihop.js) and the server says how much is too much.
            widget.attrs.pop("maxlength", None)
            widget.attrs["data-maxlength"] = str(field.max_length)
            # Django's own refusal of NUL says less than ours, which names the character.
            field.validators = [
                v
                for v in field.validators
                if not isinstance(v, validators.ProhibitNullCharactersValidator)
            ]

    def _take_out_control_characters(self) -> dict[str, str]:
        """A value pasted with an invisible control character is shown again without
        it, with a message on its field; the form is invalid, so nothing is written."""
        if not self.is_bound:
            return {}
        found: dict[str, str] = {}
        data = self.data.copy()
        for name in self.fields:
            key = self.add_prefix(name)
            if not hasattr(data, "getlist"):
                break
            values = data.getlist(key)
            for value in values:
                if isinstance(value, str) and (char := forbidden_character(value)):
                    found.setdefault(name, char)
            if name in found:
                data.setlist(key, [without_forbidden(v) for v in values])
        if found:
            self.data = data
        return found

    def full_clean(self) -> None:
        super().full_clean()
        for name, char in self._controls.items():
            if name in self.fields and name not in self.errors:
                self.add_error(
                    name,
                    _(
                        "It contained an invisible control character (U+%(code)s), which "
                        "was taken out: check the text and send it again."
                    )
                    % {"code": f"{ord(char):04X}"},
                )
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"

    def once_token(self) -> str:
        """The token this submission carried ('' without one)."""
        if not self.once or not hasattr(self, "cleaned_data"):
            return ""
        return str(self.cleaned_data.get(ONCE_FIELD) or "")


# Dates are typed and shown day first in every language: a browser's own date field
# follows the browser's language (mm/dd/yyyy in an English one) while every document
# and page of the site says dd/mm/yyyy. ISO dates are read too (pasted, or from a link).
DATE_FORMAT = "%d/%m/%Y"
DATE_INPUT_FORMATS = [DATE_FORMAT, "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """The one date widget: dd/mm/yyyy typed, with the format shown in the field."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-date": "",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format=DATE_FORMAT, **kwargs)
