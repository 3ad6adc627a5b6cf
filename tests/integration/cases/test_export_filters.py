"""An export takes the list's filters: a filter the list would refuse is refused the same
way, a 400 with the list page and its message, never a server error."""

from __future__ import annotations

import pytest

from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("query", [{"province": "không-có"}, {"stage": "SAI"}, {"due": "x"}])
def test_a_bad_export_filter_is_refused_on_the_list_page(client, demo_users, open_case, fmt, query):
    open_case()
    sign_in(client, demo_users["dieutra.ag"])

    answer = client.get(f"/cases/export/cases.{fmt}", query)

    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("text/html")
    assert 'data-testid="filters"' in answer.content.decode()
