"""The CLI, the API, the web page and the case page give the same dates for the same
inputs: they are faces of one calculator."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from phoihop.clocks.calculator import calculate_many
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

REQUESTS = [
    {"id": "a", "clock": "INVESTIGATION", "start": "2026-06-30", "category": "RNT"},
    {"id": "b", "clock": "DENUNCIATION", "start": "2026-04-10"},
    {"id": "c", "clock": "INVESTIGATION", "start": "2025-12-31", "category": "NT",
     "extensions": [{"months": 3}, {"months": 2}]},
    {"id": "d", "clock": "DETENTION", "variant": "INVESTIGATION", "start": "2026-03-01",
     "category": "ITN", "deduct_days": 2},
    {"id": "e", "clock": "CUSTODY", "start": "2026-03-01T10:00"},
    {"id": "f", "clock": "CIVIL_ENFORCEMENT", "start": "2026-02-12"},
    {"id": "g", "clock": "INVESTIGATION", "start": "2026-01-05", "category": "NT",
     "extensions": [{"months": 3}, {"months": 2}, {"months": 1}]},
]  # fmt: skip


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{settings['NAME']}"


def _cli(stdin: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("phoihop")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    return subprocess.run(
        [str(script), "clocks", "calc"],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_acceptance_examples_hold():
    results = {r["id"]: r for r in calculate_many(REQUESTS)}

    assert results["a"]["deadline"] == "2026-10-30"
    assert results["b"]["deadline"] == "2026-05-04"
    assert results["a"]["basis"] == "BLTTHS 2015, Điều 172 khoản 1"


def test_a_third_extension_for_a_serious_crime_is_an_error_naming_the_article():
    result = calculate_many([REQUESTS[-1]])[0]

    assert result["error"]["code"].startswith("clock.extension")
    assert "172" in result["error"]["message"]


@pytest.mark.django_db(transaction=True)
def test_the_cli_gives_the_library_results_in_the_same_order(tmp_path):
    expected = calculate_many(REQUESTS)

    as_list = _cli(json.dumps(REQUESTS))
    as_lines = _cli("\n".join(json.dumps(r) for r in REQUESTS))

    assert as_list.returncode == 0, as_list.stderr
    assert json.loads(as_list.stdout) == expected
    assert json.loads(as_lines.stdout) == expected
    assert [r["id"] for r in expected] == [r["id"] for r in REQUESTS]


@pytest.mark.django_db(transaction=True)
def test_the_cli_refuses_malformed_json_with_a_vietnamese_message():
    result = _cli("{not json")

    assert result.returncode != 0
    assert "JSON hợp lệ" in result.stderr


def test_the_api_gives_the_library_results(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post("/api/v1/clocks/calc", REQUESTS, content_type="application/json")

    assert response.status_code == 200
    assert response.json() == calculate_many(REQUESTS)


def test_the_api_answers_401_without_a_session(client):
    response = client.post("/api/v1/clocks/calc", REQUESTS, content_type="application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "auth.required"


def test_the_api_answers_400_for_a_body_that_is_not_json(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    response = client.post("/api/v1/clocks/calc", "{oops", content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "field"}


def test_the_openapi_description_lists_the_calculator(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    schema = client.get("/api/v1/openapi.json").json()

    assert "/api/v1/clocks/calc" in schema["paths"]


@pytest.mark.parametrize("request_item", REQUESTS[:6], ids=lambda r: r["id"])
def test_the_web_page_shows_the_library_deadline(client, demo_users, request_item):
    sign_in(client, demo_users["dieutra.ag"])
    expected = calculate_many([request_item])[0]
    start = dt.datetime.fromisoformat(request_item["start"])
    query = {k: v for k, v in request_item.items() if k in {"clock", "category"}}
    query["start"] = f"{start:%d/%m/%Y}"
    if "T" in request_item["start"]:
        query["start_time"] = f"{start:%H:%M}"
    if "variant" in request_item:
        query["variant"] = f"{request_item['clock']}:{request_item['variant']}"
    for number, extension in enumerate(request_item.get("extensions", []), start=1):
        ((unit, amount),) = extension.items()
        query |= {f"extension_{number}_amount": amount, f"extension_{number}_unit": unit}
    query["deduct_days"] = request_item.get("deduct_days", "")

    response = client.get("/clocks/", query)

    body = response.content.decode()
    assert response.status_code == 200
    found = re.search(r'data-testid="deadline">(\d{2}/\d{2}/\d{4})', body)
    assert found is not None
    assert (
        dt.datetime.strptime(found.group(1), "%d/%m/%Y").date().isoformat()
        == (expected["deadline"])
    )


def test_the_web_page_names_the_field_of_an_error(client, demo_users):
    sign_in(client, demo_users["dieutra.ag"])

    response = client.get("/clocks/", {"clock": "INVESTIGATION", "start": "2026-01-05"})

    assert response.status_code == 400
    assert "category" in response.content.decode() or "Loại tội phạm" in response.content.decode()


def test_the_case_page_shows_the_calculator_deadline_for_the_investigation(
    client, open_case, demo_users, now
):
    initiated = now.date() - dt.timedelta(days=45)
    case = open_case(initiated_on=initiated, charges="353.2")  # RNT
    expected = calculate_many(
        [{"id": "x", "clock": "INVESTIGATION", "start": initiated.isoformat(), "category": "RNT"}]
    )[0]
    sign_in(client, demo_users["noichinh.ag"])

    body = client.get(f"/cases/{case.pk}/").content.decode()

    assert f'data-code="INVESTIGATION" data-deadline="{expected["deadline"]}"' in body
    case.refresh_from_db()
    assert case.next_deadline.isoformat() == expected["deadline"]


def test_the_openapi_description_needs_a_session(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 401
    assert response.json()["code"] == "auth.required"
