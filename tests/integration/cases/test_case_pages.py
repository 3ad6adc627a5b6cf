"""Case pages over HTTP: 404 for what one may not see, field errors in Vietnamese."""

from __future__ import annotations

import pytest

from phoihop.cases.models import CaseEvent
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_a_case_of_another_province_answers_404_like_a_missing_one(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.hn"])

    hidden = client.get(f"/cases/{case.pk}/")
    missing = client.get("/cases/999999/")

    assert hidden.status_code == missing.status_code == 404
    assert _main(hidden.content) == _main(missing.content)
    assert case.title not in hidden.content.decode()


def _main(page: bytes) -> str:
    """What the page says, between the menu (which repeats the address for the language
    switch, and carries per-answer CSRF tokens) and the scripts."""
    text = page.decode()
    return text[text.index("<main") : text.index("</main>")]


def test_the_case_page_shows_header_progress_and_timeline(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["noichinh.ag"])

    body = client.get(f"/cases/{case.pk}/").content.decode()

    assert case.title in body
    assert "Khởi tố vụ án" in body
    assert 'aria-current="step"' in body
    assert "Ghi nhận quyết định" not in body  # the commission records no decision


def test_an_indictment_posted_during_investigation_is_refused_with_409_and_nothing_written(
    client, open_case, demo_users
):
    case = open_case()
    sign_in(client, demo_users["kiemsat.ag"])

    response = client.post(
        f"/cases/{case.pk}/events/",
        {"type": "indicted", "date": case.opened_on.isoformat(), "version": case.version},
    )

    assert response.status_code == 409
    assert "giai đoạn điều tra" in response.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_missing_date_is_named_in_vietnamese_with_400(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/cases/{case.pk}/events/",
        {"type": "expertise_requested", "date": "", "version": case.version},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Ngày quyết định: Trường này là bắt buộc." in body


def test_an_unknown_clause_is_named_in_the_error(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post(
        f"/cases/{case.pk}/events/",
        {
            "type": "charges_changed",
            "date": case.opened_on.isoformat(),
            "charges": "353.9",
            "version": case.version,
        },
    )

    assert response.status_code == 400
    assert "Điều 353 không có khoản 9" in response.content.decode()


def test_a_stale_form_is_told_the_record_changed(client, open_case, demo_users):
    case = open_case()
    sign_in(client, demo_users["dieutra.ag"])
    first = client.post(
        f"/cases/{case.pk}/events/",
        {
            "type": "expertise_requested",
            "date": case.opened_on.isoformat(),
            "version": case.version,
        },
    )

    second = client.post(
        f"/cases/{case.pk}/events/",
        {
            "type": "valuation_requested",
            "date": case.opened_on.isoformat(),
            "version": case.version,
        },
    )

    assert first.status_code == 302
    assert second.status_code == 409
    assert "đã được người khác thay đổi" in second.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 2
