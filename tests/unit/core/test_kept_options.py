"""The registry's option lists are written once and kept under the registry's
generation (core/option_lists.py): what is kept must be what would be written afresh,
the user's choice marked on it, and any change to the registry seen at once."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.agencies.models import Agency
from phoihop.agencies.services import registry_load
from phoihop.core import generations
from phoihop.core.forms import RowChoiceField, StyledForm
from phoihop.core.option_lists import REGISTRY, with_chosen

pytestmark = pytest.mark.django_db


class _KeptForm(StyledForm, forms.Form):
    once = False
    agency = RowChoiceField(
        queryset=Agency.objects.order_by("pk"),
        required=False,
        empty_label="Tất cả",
        label_fields=("short_name", "name"),
        kept=REGISTRY,
    )
    agencies = RowChoiceField(
        queryset=Agency.objects.order_by("pk"),
        required=False,
        label_fields=("short_name", "name"),
        kept=REGISTRY,
        widget=forms.SelectMultiple,
    )


class _WrittenForm(_KeptForm):
    """The same fields written afresh every time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("agency", "agencies"):
            self.fields[name].kept = None  # type: ignore[attr-defined]


@pytest.mark.parametrize("chosen", [None, "", "first", "named", "unknown"])
def test_kept_options_are_those_written_afresh_with_the_choice_marked(
    registry: Any, chosen: Any
) -> None:
    agencies = list(Agency.objects.order_by("pk"))
    named = next(a for a in agencies if a.short_name and a.short_name != a.name)
    value = {"first": str(agencies[0].pk), "named": str(named.pk), "unknown": "999999"}
    data = None if chosen is None else {"agency": value.get(chosen, chosen)}

    str(_KeptForm(data)["agency"])  # kept by the first page
    kept, written = _KeptForm(data), _WrittenForm(data)

    assert str(kept["agency"]) == str(written["agency"])
    # No value chooses the empty option, as Django's; an unknown one none.
    assert str(kept["agency"]).count(" selected") == (chosen != "unknown")


def test_a_multiple_choice_marks_every_option_chosen(registry: Any) -> None:
    pks = [str(pk) for pk in Agency.objects.order_by("pk").values_list("pk", flat=True)[:3]]
    str(_KeptForm()["agencies"])
    form = _KeptForm(data={"agencies": pks})
    html = str(form["agencies"])

    assert html == str(_WrittenForm(data={"agencies": pks})["agencies"])
    assert html.count(" selected") == 3


def test_the_kept_options_read_nothing_from_the_registry_until_it_changes(
    registry: Any, django_capture_on_commit_callbacks: Any
) -> None:
    agency = Agency.objects.order_by("pk").first()
    assert agency is not None
    str(_KeptForm()["agency"])
    with CaptureQueriesContext(connection) as read:
        again = str(_KeptForm()["agency"])
    assert not [q for q in read.captured_queries if "agencies_agency" in q["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        agency.short_name = "Cơ quan đổi tên"
        agency.save()

    with CaptureQueriesContext(connection) as read:
        renamed = str(_KeptForm()["agency"])
    assert [q for q in read.captured_queries if "agencies_agency" in q["sql"]]
    assert "Cơ quan đổi tên" in renamed
    assert "Cơ quan đổi tên" not in again


def test_the_registrys_load_gives_it_one_new_generation(
    registry: Any, django_capture_on_commit_callbacks: Any
) -> None:
    before = generations.generation(REGISTRY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registry_load()

    assert generations.generation(REGISTRY) != before
    assert len(callbacks) == 1  # not one per record saved


def test_a_value_is_not_taken_for_a_longer_one() -> None:
    options = '<option value="12">Mười hai</option><option value="1">Một</option>'

    marked = with_chosen(options, ["1"], multiple=False)

    assert marked == '<option value="12">Mười hai</option><option value="1" selected>Một</option>'
