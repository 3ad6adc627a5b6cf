"""Read replicas against a real PostgreSQL streaming standby (scripts/test-replica, which
CI and `make replica` start): the heavy reads are answered by the replica, a user who has
just written reads the primary, and a replica stopped or too far behind leaves the
primary to answer, never an error page.

The standby replays the whole primary cluster, the test database included: the tests
commit (transaction=True) and wait until the standby has replayed their writes, or
pause its replay to make it visibly stale."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections, router, transaction
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.settings.base import replica_databases
from phoihop.accounts.access import actor_for
from phoihop.cases.models import Case
from phoihop.cases.selectors import case_facts
from phoihop.core.replicas import reads_from_replica, replica_health_forget
from phoihop.domain.access.policy import editable_case_fields
from phoihop.jobs.models import Job, JobState
from tests.integration.publicity import test_public_page as public_page
from tests.integration.publicity.test_public_page import _draft, _move
from tests.jobs import run_queued_jobs
from tests.signin import sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's streaming replicas"),
]
world = public_page.world  # a published release and its case, as the public page's tests have

# The standby (CI starts it: every test machine can run one beside its PostgreSQL).
REPLICA_SERVER = os.environ.get("PHOIHOP_TEST_REPLICA_URL", "")
STANDBY = Path(__file__).resolve().parents[3] / "scripts" / "test-replica"
ALIAS = "replica_1"
# Far more than the tests take: a standby paused for a test is stale, not too late.
GENEROUS_LAG_SECONDS = 120


@pytest.fixture
def commission_leader(demo_users):  # type: ignore[no-untyped-def]
    return demo_users["lanhdao.noichinh.ag"]


def _standby(action: str) -> None:
    subprocess.run([str(STANDBY), action], check=True, capture_output=True, timeout=180)


@pytest.fixture
def replica(settings):  # type: ignore[no-untyped-def]
    """The standby as the site's one replica, reading the test database the primary
    made: a connection of its own, beside the test's databases (pytest-django creates
    and flushes databases only on the primary; a standby cannot be written)."""
    if not REPLICA_SERVER:
        pytest.skip("PHOIHOP_TEST_REPLICA_URL is not set: no standby to read (CI sets it)")
    _standby("start")  # up already but for a test that failed while it was stopped
    config = replica_databases([REPLICA_SERVER])[ALIAS]
    config["NAME"] = connection.settings_dict["NAME"]
    config = connections.configure_settings({DEFAULT_DB_ALIAS: {}, ALIAS: config})[ALIAS]
    connections[ALIAS] = load_backend(str(config["ENGINE"])).DatabaseWrapper(config, ALIAS)
    settings.PHOIHOP_REPLICAS = [ALIAS]
    settings.PHOIHOP_REPLICA_MAX_LAG_SECONDS = GENEROUS_LAG_SECONDS
    settings.PHOIHOP_REPLICA_CHECK_SECONDS = 0  # each request checks: the tests move it
    replica_health_forget()
    yield connections[ALIAS]
    replica_health_forget()
    connections[ALIAS].close()
    del connections[ALIAS]


def _replayed(replica: Any, within_seconds: float = 60) -> None:
    """Wait until the standby has replayed everything committed on the primary so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    deadline = time.monotonic() + within_seconds
    while True:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            (done,) = cursor.fetchone()
        if done:
            return
        assert time.monotonic() < deadline, f"the standby has not replayed {written}"
        time.sleep(0.05)


@contextmanager
def _replay_paused(replica: Any) -> Iterator[None]:
    """The standby keeps its data as it is now: whatever the primary commits meanwhile
    is missing from it."""
    _replayed(replica)
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
        while True:
            cursor.execute("SELECT pg_get_wal_replay_pause_state()")
            if cursor.fetchone()[0] == "paused":
                break
            time.sleep(0.05)
    try:
        yield
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def _stopped() -> Iterator[None]:
    _standby("stop")
    try:
        yield
    finally:
        _standby("start")


def _signed_in(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _edited(client: Client, case: Case, user: Any, title: str) -> int:
    """The case's title changed through its edit page; returns the answer's status."""
    fields = editable_case_fields(actor_for(user), case_facts(case))
    data = {name: "" if getattr(case, name) is None else getattr(case, name) for name in fields}
    response = client.post(
        f"/cases/{case.pk}/edit/", {**data, "title": title, "version": case.version}
    )
    return response.status_code


def test_the_case_list_is_read_from_the_replica(replica, open_case, demo_users):
    case = open_case("Vụ án đọc từ bản sao tại Sở Xây dựng tỉnh An Giang")
    client = _signed_in(demo_users["noichinh.ag"])
    _replayed(replica)

    with CaptureQueriesContext(replica) as on_replica:
        response = client.get("/")

    assert response.status_code == 200
    assert case.title in response.content.decode()
    assert any("cases_case" in query["sql"] for query in on_replica.captured_queries)


HEAVY_PAGES = (
    "/",
    "/overview/",
    "/overview/cases/stage/investigation/",
    "/overview/risk/",
    "/overview/report/",
    "/public/",
    "/cases/export/cases.csv?classified=include",  # last: it audits, and so pins its user
)


def test_every_heavy_page_reads_the_replica(replica, open_case, demo_users):
    """A page that wrote as it answered would read the primary: each of them reads."""
    open_case()
    client = _signed_in(demo_users["noichinh.ag"])
    _replayed(replica)
    answers = {}

    for page in HEAVY_PAGES:
        with CaptureQueriesContext(replica) as on_replica:
            status = client.get(page).status_code
        answers[page] = (status, len(on_replica.captured_queries) > 0)

    assert answers == dict.fromkeys(HEAVY_PAGES, (200, True))


def test_a_user_who_has_just_written_reads_the_primary_while_others_read_the_replica(
    replica, open_case, demo_users
):
    writer, overseer = demo_users["dieutra.ag"], demo_users["noichinh.ag"]
    case = open_case("Vụ án tham nhũng tại Sở Tài chính tỉnh An Giang")
    theirs, mine = _signed_in(overseer), _signed_in(writer)

    with _replay_paused(replica):
        edited = _edited(mine, case, writer, "Vụ án tham ô tại Sở Tài chính tỉnh An Giang")
        seen_by_writer = mine.get("/").content.decode()
        seen_by_overseer = theirs.get("/").content.decode()

    assert edited == 302
    assert "tham ô tại Sở Tài chính" in seen_by_writer
    assert "tham nhũng tại Sở Tài chính" not in seen_by_writer
    assert "tham nhũng tại Sở Tài chính" in seen_by_overseer  # the replica, not yet replayed
    assert "tham ô tại Sở Tài chính" not in seen_by_overseer


def test_a_replica_further_behind_than_the_bound_is_not_read(
    replica, settings, open_case, demo_users
):
    settings.PHOIHOP_REPLICA_MAX_LAG_SECONDS = 1
    client = _signed_in(demo_users["noichinh.ag"])

    with _replay_paused(replica):
        case = open_case("Vụ án mới tại Ban Quản lý dự án huyện Châu Thành")
        time.sleep(1.5)
        with CaptureQueriesContext(replica) as on_replica:
            response = client.get("/")

    assert response.status_code == 200
    assert case.title in response.content.decode()
    assert not any("cases_case" in query["sql"] for query in on_replica.captured_queries)


def test_a_stopped_replica_leaves_the_primary_to_answer(replica, open_case, demo_users):
    client = _signed_in(demo_users["noichinh.ag"])

    _lists_what_is_written_while_stopped(
        client, open_case, "Vụ án ghi khi bản sao đã dừng tại xã Mỹ Hòa Hưng"
    )


def _lists_what_is_written_while_stopped(client, open_case, title: str) -> None:  # type: ignore[no-untyped-def]
    """With the replica stopped, a case opened on the primary is on the list at once."""
    with _stopped():
        case = open_case(title)
        response = client.get("/")

    assert response.status_code == 200
    assert case.title in response.content.decode()


def test_a_replica_that_stops_between_checks_costs_no_error_page(
    replica, settings, open_case, demo_users
):
    settings.PHOIHOP_REPLICA_CHECK_SECONDS = 3600  # still thought up when it is not
    client = _signed_in(demo_users["noichinh.ag"])
    _replayed(replica)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/").status_code == 200
    assert on_replica.captured_queries, "the first list was not read from the replica"

    _lists_what_is_written_while_stopped(
        client, open_case, "Vụ án ghi khi bản sao vừa dừng tại xã Mỹ Hòa Hưng"
    )


def test_a_publication_shows_on_the_public_page_before_the_replica_replays_it(
    replica, world, demo_users, now, django_capture_on_commit_callbacks
):
    press, leader = demo_users["baochi.ag"], demo_users["lanhdao.noichinh.ag"]
    client = Client()

    with _replay_paused(replica):
        before = client.get("/public/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            second = _draft(press, world["case"], now, "Thông tin bổ sung", "Đang xử lý.")
            _move(second, press, now, "in_review")
            _move(second, leader, now, "approved", "published")
        after = client.get("/public/").content.decode()

    assert "Thông tin bổ sung" not in before
    assert "Thông tin bổ sung" in after


@pytest.fixture
def export_queued(replica, settings, open_case, demo_users):  # type: ignore[no-untyped-def]
    """An export of the case list queued for the worker by its owner's request."""
    settings.PHOIHOP_EXPORT_INLINE_CASES = 0
    open_case("Vụ án xuất danh sách tại Sở Tài chính tỉnh An Giang")
    client = _signed_in(demo_users["noichinh.ag"])
    assert client.post("/cases/export/cases.csv?classified=include").status_code == 302
    _replayed(replica)


def test_a_workers_export_reads_the_replica_once_its_owners_pin_has_passed(replica, export_queued):
    cache.clear()  # the pin its request left, gone as after pin_seconds()

    with CaptureQueriesContext(replica) as on_replica:
        ran = run_queued_jobs()

    assert (ran, Job.objects.get().state) == (1, JobState.DONE)
    assert any("cases_case" in query["sql"] for query in on_replica.captured_queries)


def test_a_workers_export_queued_by_a_user_just_pinned_reads_the_primary(replica, export_queued):
    with CaptureQueriesContext(replica) as on_replica:
        ran = run_queued_jobs()

    assert (ran, Job.objects.get().state) == (1, JobState.DONE)
    assert on_replica.captured_queries == []


def test_reads_in_a_transaction_go_to_the_primary(replica):
    with reads_from_replica():
        outside = router.db_for_read(Case)
        with transaction.atomic():
            inside = router.db_for_read(Case)

    assert (outside, inside) == (ALIAS, DEFAULT_DB_ALIAS)


def test_a_block_that_has_written_reads_the_primary(replica, open_case):
    case = open_case()

    with reads_from_replica():
        before = router.db_for_read(Case)
        Case.objects.filter(pk=case.pk).update(summary="Đã cập nhật.")
        after = router.db_for_read(Case)

    assert (before, after) == (ALIAS, DEFAULT_DB_ALIAS)


def test_who_is_asking_is_read_from_the_primary(replica, demo_users):
    with reads_from_replica():
        users = router.db_for_read(type(demo_users["noichinh.ag"]))

    assert users == DEFAULT_DB_ALIAS
