"""The site's selects write their options in Python: the HTML must be Django's own,
option for option, for every shape of choice (groups, an empty choice, a choice
selected or several, labels that need escaping, a record's full name to search by)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.agencies.models import Agency
from phoihop.core.forms import FastSelect, FastSelectMultiple, RowChoiceField, StyledForm

pytestmark = pytest.mark.django_db

CHOICES: list[Any] = [
    ("", "---------"),
    ("a", 'Cơ quan <An Giang> & "Cà Mau"'),
    (
        "Tỉnh",
        [("1", "Một"), (2, "Hai")],
    ),
    (3, "Ba"),
]


def _tags(html: str) -> list[str]:
    """The tags and texts in order, whitespace between tags dropped: the browser's view."""
    return [part for part in re.split(r"(<[^>]+>)", html) if part.strip()]


@pytest.mark.parametrize(
    ("multiple", "value", "selected"),
    # No value selects the empty choice, as Django does.
    [(False, None, 1), (False, "a", 1), (False, "2", 1), (True, ["1", "3"], 2), (True, [], 0)],
)
def test_options_are_djangos_own(multiple: bool, value: Any, selected: int) -> None:
    django_widget = (forms.SelectMultiple if multiple else forms.Select)(
        attrs={"class": "form-select", "data-x": "1"}, choices=CHOICES
    )
    fast = (FastSelectMultiple if multiple else FastSelect)(
        attrs={"class": "form-select", "data-x": "1"}, choices=CHOICES
    )
    expected = django_widget.render("pick", value, attrs={"id": "id_pick"})
    got = fast.render("pick", value, attrs={"id": "id_pick"})
    assert _tags(got) == _tags(expected)
    assert got.count(" selected") == selected


class _AgencyForm(StyledForm, forms.Form):
    once = False
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False)
    agencies = forms.ModelMultipleChoiceField(queryset=Agency.objects.none(), required=False)
    level = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.order_by("pk")  # type: ignore[attr-defined]
        self.fields["agencies"].queryset = Agency.objects.order_by("pk")  # type: ignore[attr-defined]


def test_a_records_choice_is_searchable_by_its_full_name_and_reads_back(demo_users: Any) -> None:
    agencies = list(Agency.objects.order_by("pk")[:3])
    form = _AgencyForm(
        data={
            "agency": str(agencies[0].pk),
            "agencies": [str(a.pk) for a in agencies[1:]],
            "level": "b",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agency"] == agencies[0]
    assert list(form.cleaned_data["agencies"]) == agencies[1:]
    html = str(form["agency"]) + str(form["agencies"]) + str(form["level"])
    assert html.count("<option") == 2 * (Agency.objects.count() + 1) - 1 + 2
    assert f'<option value="{agencies[0].pk}" selected' in html
    named = [a for a in Agency.objects.all() if a.short_name and a.short_name != a.name]
    assert named, "the registry lists agencies by a short name"
    assert f'data-search="{named[0].name}"' in html
    assert 'class="form-select"' in html
    assert "multiple" in html
    assert '<option value="b" selected>B</option>' in html


class _RecordsForm(StyledForm, forms.Form):
    once = False
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("pk"), required=False, empty_label="Tất cả"
    )


class _RowsForm(StyledForm, forms.Form):
    once = False
    agency = RowChoiceField(
        queryset=Agency.objects.order_by("pk"),
        required=False,
        empty_label="Tất cả",
        label_fields=("short_name", "name"),
    )


@pytest.mark.parametrize("chosen", [None, "first", "named"])
def test_options_read_as_rows_are_those_read_as_records(demo_users: Any, chosen: Any) -> None:
    agencies = list(Agency.objects.order_by("pk"))
    named = next(a for a in agencies if a.short_name and a.short_name != a.name)
    data = {"first": {"agency": str(agencies[0].pk)}, "named": {"agency": str(named.pk)}}

    rows, records = _RowsForm(data.get(chosen)), _RecordsForm(data.get(chosen))

    assert str(rows["agency"]) == str(records["agency"])
    assert f'data-search="{named.name}"' in str(rows["agency"])


def test_a_choice_read_as_rows_is_the_record_and_its_options_one_query(demo_users: Any) -> None:
    agency = Agency.objects.order_by("pk").last()
    assert agency is not None

    form = _RowsForm({"agency": str(agency.pk)})
    valid = form.is_valid()
    with CaptureQueriesContext(connection) as read:
        html = str(form["agency"])

    assert valid, form.errors
    assert form.cleaned_data["agency"] == agency
    assert len(read) == 1
    assert html.count("<option") == Agency.objects.count() + 1
    assert f'<option value="{agency.pk}" selected' in html
