"""Text comes in as Unicode NFC, and a control character is refused with a 400 naming
the field, on pages and on the API alike, with nothing written. A page keeps the user
in the application: a form comes back with what was typed (the character taken out)
and the message under the field, by its label; a search keeps its results."""

from __future__ import annotations

import re
import unicodedata

import pytest

from phoihop.cases.models import Person
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

DECOMPOSED = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")


def _add_person(client, case, full_name: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/cases/{case.pk}/persons/",
        {
            "person-full_name": full_name,
            "person-role": "accused",
            "person-birth_year": "1975",
            "person-version": case.version,
        },
    )


def test_a_name_typed_decomposed_is_stored_composed_and_found_either_way(
    client, open_case, demo_users
):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])
    assert DECOMPOSED != "Nguyễn Thị Hồng"

    assert _add_person(client, case, DECOMPOSED).status_code == 302

    stored = Person.objects.get(case=case).full_name
    assert stored == "Nguyễn Thị Hồng"
    assert unicodedata.is_normalized("NFC", stored)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_a_form_is_refused_naming_the_field(
    client, open_case, demo_users, char
):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = _add_person(client, case, f"Lê Văn{char}Tám")

    body = response.content.decode()
    assert response.status_code == 400
    error = re.search(r'data-field="full_name">([^<]*)<', body)
    assert error is not None, "the message is under the name field"
    assert error.group(1).startswith("Họ và tên: ")
    assert f"U+{ord(char):04X}" in error.group(1)
    # What was typed is kept, without the invisible character, and the rest of the
    # form too; the page is the case's, with its menu.
    assert 'value="Lê VănTám"' in body
    assert 'value="1975"' in body
    assert 'data-testid="whoami"' in body
    assert not Person.objects.filter(case=case).exists()


def test_line_breaks_and_tabs_are_text_not_control(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/cases/{case.pk}/persons/",
        {
            "person-full_name": "Lê Văn Tám",
            "person-role": "accused",
            "person-position": "Trưởng phòng\r\n\tKế hoạch",
            "person-version": case.version,
        },
    )

    assert response.status_code == 302


def test_a_search_with_a_control_character_is_refused(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    page = client.get("/", {"q": "tham\x00nhũng"})
    api = client.get("/api/v1/cases", {"q": "tham\x01nhũng"})

    body = page.content.decode()
    assert page.status_code == 400
    assert "«Tìm kiếm»" in body
    assert "U+0000" in body
    # The list, with its search box holding the query without the character.
    assert 'value="thamnhũng"' in body
    assert 'data-testid="filters"' in body
    assert api.status_code == 400
    assert api.json()["field"] == "q"


def test_the_api_stores_text_composed(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/api/v1/cases/{case.pk}/persons",
        {"full_name": DECOMPOSED, "role": "accused", "version": case.version},
        content_type="application/json",
    )

    assert response.status_code in (200, 201), response.content
    assert Person.objects.get(case=case).full_name == "Nguyễn Thị Hồng"
