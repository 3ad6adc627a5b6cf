"""Every text field has a limit, the model's or the long-text one, said by the server
with the count (the browser no longer cuts a pasted text silently): a 100,000-character
obstacle description is refused, not stored to overflow its card."""

from __future__ import annotations

import re

import pytest

from phoihop.coordination.models import Obstacle
from phoihop.core.forms import LONG_TEXT_LIMIT
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _refusal(html: str, field: str) -> str:
    found = re.search(rf'data-field="{field}">([^<]*)<', html)
    assert found is not None, f"no message under {field}"
    return found.group(1)


def test_a_description_past_the_long_text_limit_is_refused_with_its_count(
    client, open_case, demo_users
):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    answer = client.post(
        f"/coordination/cases/{case.pk}/obstacles/new/",
        {"category": "expertise", "description": "x" * 100_000},
    )

    assert answer.status_code == 400
    message = _refusal(answer.content.decode(), "description")
    assert message.startswith("Nội dung: ")
    assert "100000" in message.replace(".", "")
    assert str(LONG_TEXT_LIMIT) in message.replace(".", "")
    assert not Obstacle.objects.exists()


def test_the_pages_fields_announce_their_limit_instead_of_cutting(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    html = client.get("/cases/new/").content.decode()

    title = re.search(r'<input[^>]*name="title"[^>]*>', html)
    assert title is not None
    assert 'data-maxlength="300"' in title.group(0)
    assert "maxlength=" not in title.group(0).replace("data-maxlength=", "")
    summary = re.search(r'<textarea[^>]*name="summary"[^>]*>', html)
    assert summary is not None
    assert f'data-maxlength="{LONG_TEXT_LIMIT}"' in summary.group(0)
