"""Every request of the load mix (``tests/bench/load.py``) runs a fixed number of SQL
queries, however much data its user sees.

Each request is measured on a small world: an unclassified and a classified case of An
Giang with one of each record their page and the API show, and a case of the province
in each state the overview names an agency for (due soon, overdue, past its maximum).
The world then grows around the same users: thirty more cases in the list and the
search, ten more decisions of nine types on each measured case (and so more clocks),
more persons, asset actions, coordination requests with attached files, obstacles,
meetings, agencies and users. Each request is measured again and must run as many
queries: a count that grows with the data is an N+1 the load test would find only at
scale. A test checks that the growth reached what each request reads (the list counts
more cases, the case page shows more decisions, ...), so that an equal count means
something.

Both counts are of the steady state. The same request is made once just before it is
measured: that first one fills the ContentType cache and the site's shared cache, and
writes the session's last-seen stamp and the token's last use, each kept to the minute.
Both requests run at one frozen instant, so that no such once-a-minute write falls
between them.

``MOST`` is each request's count today, on SQLite and PostgreSQL alike. It is there so
that a change adding a query to a request of the mix, even one that does not grow with
the data, fails here: its author then raises the bound on purpose, saying why.

Building and growing the world through the services takes seconds, and every request
can be measured on the same one, so it is measured once per run, by whichever test
comes first; each request still has its own tests, so that a failure names it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from phoihop.accounts.tokens import token_create
from phoihop.cases import services
from phoihop.cases.models import Case
from phoihop.cases.participation import case_agency_add
from phoihop.coordination.services import meetings, obstacles
from phoihop.coordination.services import requests as request_services
from tests.records import detain, initiated_nearest_deadline, record, record_fill, suspect_charge
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

# Each request's number of queries today: see the module's docstring. An API request's
# include its rate count, one statement on the database's table (phoihop/core/rate_limit.py):
# the suite's per-process cache is not one the counts may be kept in.
MOST = {
    # The case page asks in one query which of its lists have anything, and reads only
    # those: this world's cases have requests, obstacles and meetings, no escalation,
    # directive, plan, release or withdrawn decision.
    "page_case": 15,
    "page_case_classified": 18,
    "page_list": 7,
    "search": 7,
    "search_without_diacritics": 7,
    "dashboard": 11,
    "api_case": 3,
    "api_case_classified": 6,
    "api_events": 4,
    "api_clocks": 6,
    "api_write": 14,
    "page_write": 15,
}

MORE_CASES = 30
FIRST_SUSPECT = "Nguyễn Văn An"


@dataclass(frozen=True)
class Probe:
    """One request of the mix, named as in ``MOST``."""

    name: str
    kind: str
    classified: bool = False
    q: str = ""


PROBES = [
    Probe("page_case", "page_case"),
    Probe("page_case_classified", "page_case", classified=True),
    Probe("page_list", "page_list"),
    Probe("search", "search", q="tham nhũng"),
    Probe("search_without_diacritics", "search", q="tham nhung"),
    Probe("dashboard", "dashboard"),
    Probe("api_case", "api_case"),
    Probe("api_case_classified", "api_case", classified=True),
    Probe("api_events", "api_events"),
    Probe("api_clocks", "api_clocks"),
    Probe("api_write", "api_write"),
    Probe("page_write", "page_write"),
]
NAMES = [probe.name for probe in PROBES]


@dataclass
class World:
    """The cases measured and the users of the mix: the provincial commission's
    coordinator reads (pages and API), the handling police officer writes."""

    cases: dict[bool, Case]  # by whether the case is classified
    reader: Any
    writer: Any
    reader_browser: Client
    writer_browser: Client
    api: Client  # no session: a system calling with its bearer token only
    reader_token: str
    writer_token: str


@dataclass(frozen=True)
class Measure:
    """One request on the small world and on the grown one: its queries, and how much
    of the world it read."""

    small: list[dict[str, str]]
    grown: list[dict[str, str]]
    read_small: dict[str, int]
    read_grown: dict[str, int]


def _ago(days: int, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=days)


@pytest.fixture
def world(open_case, demo_users, registry, settings, tmp_path, now, today):  # type: ignore[no-untyped-def]
    """The small world, through the real services."""
    settings.MEDIA_ROOT = tmp_path
    police, procuracy, commission = (
        demo_users["dieutra.ag"],
        demo_users["kiemsat.ag"],
        demo_users["noichinh.ag"],
    )
    open_case("Vụ án sắp hết hạn", initiated_on=initiated_nearest_deadline(today, charges="353.3"))
    open_case("Vụ án quá hạn", initiated_on=_ago(150, today))
    open_case("Vụ án quá thời hạn tối đa", initiated_on=_ago(300, today), charges="353.1")
    cases = {
        classified: open_case(
            f"Vụ án tham nhũng tại Ban Quản lý dự án số {int(classified) + 1} tỉnh An Giang",
            initiated_on=_ago(60, today),
            classification=int(classified),
        )
        for classified in (False, True)
    }
    for case in cases.values():
        suspect_charge(case, police, now, FIRST_SUSPECT, on=_ago(58, today), charges="353.3")
        record_fill(case, police, now, amounts=(("frozen", 1_000_000_000),))
        _request_with_file(case, police, registry["AG-PY"], "expertise", now, n=0)
        _obstacle(case, police, now, n=0)
        _meeting(case, commission, [police, procuracy], now, today, n=0)
    writer_browser = Client(enforce_csrf_checks=True)
    sign_in(writer_browser, police)
    writer_browser.get(f"/cases/{cases[False].pk}/")  # sets the CSRF cookie its form sends
    reader_browser = Client()
    sign_in(reader_browser, commission)
    return World(
        cases=cases,
        reader=commission,
        writer=police,
        reader_browser=reader_browser,
        writer_browser=writer_browser,
        api=Client(),
        reader_token=token_create(user=commission, now=now, name="mix"),
        writer_token=token_create(user=police, now=now, name="mix"),
    )


def _request_with_file(
    case: Case, police: Any, to: Any, kind: str, now: dt.datetime, *, n: int
) -> None:
    """A coordination request from the police, and a message with a file attached."""
    sent = request_services.request_send(
        user=police,
        case_id=case.pk,
        kind=kind,
        to_agency_id=to.pk,
        subject=f"Yêu cầu phối hợp số {n + 1}",
        variant="NINE_DAYS" if kind == "expertise" else None,
        agreed_due_on=None if kind == "expertise" else now.date() + dt.timedelta(days=10 + n),
        now=now,
    )
    request_services.request_message_add(
        user=police,
        request_id=sent.pk,
        text="Gửi kèm quyết định.",
        upload=SimpleUploadedFile(f"quyết định {n + 1}.pdf", b"%PDF-1.4 ...", "application/pdf"),
        now=now,
    )


def _obstacle(case: Case, police: Any, now: dt.datetime, *, n: int) -> None:
    obstacles.obstacle_raise(
        user=police,
        case_id=case.pk,
        category="valuation" if n % 2 else "expertise",
        description=f"Vướng mắc số {n + 1}: chưa có kết luận giám định, định giá.",
        now=now,
    )


def _meeting(
    case: Case, chair: Any, others: list[Any], now: dt.datetime, today: dt.date, *, n: int
) -> None:
    meetings.meeting_create(
        user=chair,
        title=f"Họp liên ngành lần {n + 1}",
        chair_name="Trần Minh Khoa",
        held_on=today,
        start_time=dt.time(8, 30),
        place="Trụ sở Ban Nội chính Tỉnh ủy An Giang",
        sites=[],
        participant_ids=[user.agency_id for user in others],
        case_ids=[case.pk],
        now=now,
    )


@pytest.fixture
def grow(open_case, demo_users, registry, now, today):  # type: ignore[no-untyped-def]
    """Grow the world around its users, through the real services."""
    police, procuracy = demo_users["dieutra.ag"], demo_users["kiemsat.ag"]

    def more_on(case: Case, commission: Any) -> None:
        # Ten decisions of nine types: the detentions and the expertise start clocks of
        # their own.
        first = case.persons.get(full_name=FIRST_SUSPECT)
        second = suspect_charge(
            case, police, now, "Trần Thị Bình", on=_ago(50, today), charges="353.2"
        )
        detain(case, police, now, first, on=_ago(57, today))
        detain(case, police, now, second, on=_ago(49, today))
        services.case_record_event(
            user=procuracy,
            case_id=case.pk,
            expected_version=None,
            event=services.EventInput(
                type="suspect_charging_approved", date=_ago(48, today), person_id=second.pk
            ),
            now=now,
        )
        record(police, case, "expertise_requested", _ago(45, today), now)
        record(police, case, "valuation_requested", _ago(44, today), now)
        record(police, case, "wanted_notice", _ago(40, today), now)
        record(police, case, "expertise_concluded", _ago(30, today), now)
        record(
            police,
            case,
            "other_decision",
            _ago(25, today),
            now,
            title="Lệnh cấm đi khỏi nơi cư trú",
        )
        record(procuracy, case, "investigation_extended", _ago(5, today), now, months=2)
        record_fill(
            case,
            police,
            now,
            accused=("Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"),
            amounts=(("seized", 2_000_000_000), ("recovered", 500_000_000)),
        )
        for n, (to, kind) in enumerate(
            [("AG-HDDG", "valuation"), ("AG-VKS", "documents"), ("AG-KTHS", "expertise")], start=1
        ):
            _request_with_file(case, police, registry[to], kind, now, n=n)
        for n in range(1, 3):
            _obstacle(case, police, now, n=n)
            _meeting(case, commission, [police, procuracy], now, today, n=n)
        for code in ("AG-ANDT", "AG-VKSKV1"):
            case_agency_add(
                user=police,
                case_id=case.pk,
                expected_version=None,
                agency_id=registry[code].pk,
                since=_ago(3, today),
                now=now,
            )

    def more(world: World) -> None:
        for n in range(MORE_CASES):
            open_case(
                f"Vụ án tham nhũng số {n + 1} tại xã Mỹ Hòa Hưng",
                initiated_on=_ago(30 + 9 * n, today),  # running, due soon and overdue
                classification=(n // 10) % 3,  # each level within the coordinator's clearance
            )
        for case in world.cases.values():
            more_on(case, world.reader)
        for n in range(5):
            for colleague in (police, world.reader):
                get_user_model().objects.create_user(
                    f"{colleague.username}.{n}",
                    agency=colleague.agency,
                    role="officer",
                    clearance=1,
                )

    return more


def _request_of(probe: Probe, world: World) -> tuple[Callable[[], Any], int]:
    """The request, ready to send (what it needs is read before it is measured), and
    the status it must answer."""
    case_id, browser = world.cases[probe.classified].pk, world.reader_browser
    reader = {"Authorization": f"Bearer {world.reader_token}"}
    if probe.kind == "page_case":
        return lambda: browser.get(f"/cases/{case_id}/"), 200
    if probe.kind == "page_list":
        return lambda: browser.get("/"), 200
    if probe.kind == "search":
        return lambda: browser.get("/", {"q": probe.q}), 200
    if probe.kind == "dashboard":
        return lambda: browser.get("/overview/"), 200
    if probe.kind == "api_case":
        return lambda: world.api.get(f"/api/v1/cases/{case_id}", headers=reader), 200
    if probe.kind == "api_events":
        return lambda: world.api.get(f"/api/v1/cases/{case_id}/events", headers=reader), 200
    if probe.kind == "api_clocks":
        return lambda: world.api.get(f"/api/v1/cases/{case_id}/clocks", headers=reader), 200
    version = Case.objects.values_list("version", flat=True).get(pk=case_id)
    person = {"full_name": "Người liên quan", "role": "other", "version": version}
    if probe.kind == "api_write":
        body = json.dumps(person)
        writer = {"Authorization": f"Bearer {world.writer_token}"}
        url = f"/api/v1/cases/{case_id}/persons"
        return lambda: world.api.post(url, body, "application/json", headers=writer), 201
    if probe.kind == "page_write":
        form = {f"person-{name}": value for name, value in person.items()}
        csrf = {"X-CSRFToken": world.writer_browser.cookies["csrftoken"].value}
        url = f"/cases/{case_id}/persons/"
        return lambda: world.writer_browser.post(url, form, headers=csrf), 302
    raise ValueError(probe.kind)


def _read(probe: Probe, world: World, response: Any) -> dict[str, int]:
    """How much of the world the request read: each figure grows with the world."""
    if probe.kind == "page_case":
        context = response.context
        coordination = context["coordination"]
        return {
            "decisions": len(context["events"]),
            "persons": len(context["persons"]),
            "assets": len(context["assets"]),
            "agencies": len(context["agencies"]),
            "clocks": len(context["clocks"]),
            "requests": len(coordination["requests"]),
            "obstacles": len(coordination["obstacles"]),
            "meetings": len(coordination["meetings"]),
        }
    if probe.kind in ("page_list", "search"):
        return {"cases": response.context["page"].paginator.count}
    if probe.kind == "dashboard":
        return {"cases": response.context["board"].total}
    if probe.kind == "api_case":
        return {"version": response.json()["version"]}  # one more for every record added
    if probe.kind in ("api_events", "api_clocks"):
        return {"items": len(response.json())}
    # A write answers with what it wrote; what it worked on is the case's record.
    case = world.cases[probe.classified]
    return {"decisions": case.events.count(), "persons": case.persons.count()}


def _measure(
    probe: Probe, world: World, now: dt.datetime
) -> tuple[list[dict[str, str]], dict[str, int]]:
    """The queries of the request in the steady state, and how much it read."""
    with time_machine.travel(now, tick=False):
        send, status = _request_of(probe, world)
        assert send().status_code == status, probe.name  # the first, which fills the caches
        send, status = _request_of(probe, world)
        with CaptureQueriesContext(connection) as captured:
            response = send()
        # Copied now: the list is a window on the connection's log, which later requests reuse.
        queries = list(captured.captured_queries)
    assert response.status_code == status, (probe.name, response.content[:2000])
    return queries, _read(probe, world, response)


# The measures on this run's database, made by the first test that needs them; or the
# test in which making them failed, so that the others say so at once.
_MEASURES: dict[str, dict[str, Measure] | str] = {}


@pytest.fixture
def measures(request, now) -> dict[str, Measure]:  # type: ignore[no-untyped-def]
    vendor = connection.vendor
    if vendor not in _MEASURES:
        _MEASURES[vendor] = f"the measures failed in {request.node.nodeid}"
        world: World = request.getfixturevalue("world")
        small = {probe.name: _measure(probe, world, now) for probe in PROBES}
        request.getfixturevalue("grow")(world)
        grown = {probe.name: _measure(probe, world, now) for probe in PROBES}
        _MEASURES[vendor] = {
            name: Measure(small[name][0], grown[name][0], small[name][1], grown[name][1])
            for name in NAMES
        }
    made = _MEASURES[vendor]
    if isinstance(made, str):
        pytest.fail(made)
    return made


def _listing(title: str, queries: list[dict[str, str]]) -> str:
    lines = [f"{n:3}. {query['sql']}" for n, query in enumerate(queries, 1)]
    return "\n".join([f"{title} ({len(queries)} queries):", *lines])


@pytest.mark.parametrize("name", NAMES)
def test_the_grown_world_reaches_what_the_request_reads(
    measures: dict[str, Measure], name: str
) -> None:
    measure = measures[name]

    kept = {what for what, n in measure.read_grown.items() if n <= measure.read_small[what]}

    assert not kept, (
        f"{name} read as much after growing: {measure.read_small} → {measure.read_grown}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_request_runs_as_many_queries_on_the_grown_world_as_on_the_small_one(
    measures: dict[str, Measure], name: str
) -> None:
    measure = measures[name]

    assert len(measure.grown) == len(measure.small), "\n\n".join(
        [_listing(f"{name}, small world", measure.small), _listing("grown world", measure.grown)]
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_request_runs_no_more_queries_than_today(
    measures: dict[str, Measure], name: str
) -> None:
    most = max(len(measures[name].small), len(measures[name].grown))

    assert most <= MOST[name], _listing(
        f"{name}, more than today's {MOST[name]}", measures[name].grown
    )
