"""Crash safety (issue 7): a real server — gunicorn, one worker — on a database of its
own is killed with SIGKILL, master and worker together, in the middle of a large web
import and in the middle of a stream of decisions written through the API. Restarted,
the record is whole: the import is all or nothing, every decision the client saw
acknowledged is there with its audit entry and nothing is there without one, the
derived data are what rederiving them gives, the audit chain verifies, and the same
work done again completes.

The kill is not timed by guessing: it comes once the database shows the write open and
uncommitted — SQLite: the write lock held and, for the import, uncommitted pages in the
write-ahead log; PostgreSQL: a transaction of the server holding the lock of an insert
into the cases (decisions) table and, for the import, the database grown by a MiB —
while the client is still waiting for its answer.

On SQLite (a file here) and, when PHOIHOP_TEST_DATABASE_URL names a PostgreSQL server
(`make test-postgres`), on a fresh PostgreSQL database created and dropped here."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from tests.integration.imports import sheets

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
OFFICER = "dieutra.ag"  # An Giang's investigation police: imports and records decisions
PASSWORD = "phoihop-demo"  # settings.PHOIHOP_DEMO_PASSWORD, which the demo accounts get
TOTP_KEY = "3132333435363738393031323334353637383930"  # the officer's authenticator
WRITERS = 4  # API clients, each writing decisions on its own case
IMPORT_CASES = 3000  # two decisions each: 6,000 rows, written by sets in six chunks
DEMO_CASES = 20
SECONDS = 30  # the longest any one wait may take

# Run in the server's environment before the first start: the officer's authenticator,
# one API token per writer, and a static files manifest naming each file as itself.
# DEBUG is off, as in production, so pages need the manifest that collectstatic writes;
# collecting (and compressing) every vendored file takes minutes, and these tests never
# fetch a static file.
_PREPARE = f"""
import json
from pathlib import Path
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django_otp.plugins.otp_totp.models import TOTPDevice
from phoihop.accounts.tokens import token_create
from phoihop.core.clock import now

officer = get_user_model().objects.get(username={OFFICER!r})
TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True, key={TOTP_KEY!r})
tokens = [token_create(user=officer, now=now(), name=f"writer {{n}}") for n in range({WRITERS})]
ignored = apps.get_app_config("staticfiles").ignore_patterns
names = {{
    str(Path(getattr(storage, "prefix", None) or "", path))
    for finder in finders.get_finders()
    for path, storage in finder.list(ignored)
}}
static = Path(settings.STATIC_ROOT)
static.mkdir(parents=True, exist_ok=True)
manifest = {{"version": "1.1", "hash": "", "paths": {{n: n for n in sorted(names)}}}}
(static / "staticfiles.json").write_text(json.dumps(manifest))
print(json.dumps(tokens))
"""


# ---------------------------------------------------------------------------------------
# The database: a SQLite file, or a PostgreSQL database on the test run's server


@dataclass
class Database:
    url: str
    sqlite: Path | None = None  # the file, on SQLite

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def _postgres_server() -> str | None:
    url = os.environ.get("PHOIHOP_TEST_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _on_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _postgres(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _postgres_create(server: str, *, template: str | None = None) -> Database:
    base = urlsplit(server).path.lstrip("/") or "phoihop"
    name = f"{base}_kill9_{uuid.uuid4().hex[:8]}"
    with _postgres(_on_database(server, "postgres")) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return Database(_on_database(server, name))


def _postgres_drop(server: str, database: Database) -> None:
    with _postgres(_on_database(server, "postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


# ---------------------------------------------------------------------------------------
# A site: a database, a var/ folder and the server's environment


@dataclass
class Site:
    database: Database
    var: Path
    tokens: list[str] = field(default_factory=list)
    servers: list[Server] = field(default_factory=list)
    probe: Any = None  # a connection of the test's own, on PostgreSQL

    @property
    def env(self) -> dict[str, str]:
        # A server's environment: none of the test run's own variables.
        inherited = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "PHOIHOP_", "GUNICORN_")) and k != "DATABASE_URL"
        }
        return {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": self.database.url,
            "PHOIHOP_VAR_DIR": str(self.var),
            "PHOIHOP_API_RATE": "100000/min",  # the writers are one client hammering on purpose
            # The import below runs in the request, as a small file's does; the worker's
            # own crash is tested with the worker (tests/integration/jobs).
            "PHOIHOP_IMPORT_INLINE_ROWS": "1000000",
        }

    def phoihop(self, *command: str, timeout: int = 120) -> str:
        result = subprocess.run(
            [str(BIN / "phoihop"), *command],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"phoihop {command[0]}: {result.stdout}{result.stderr}"
        return result.stdout

    def check(self) -> dict[str, Any]:
        """The record's problems (none, when whole) and facts, from outside the server."""
        result = subprocess.run(
            [sys.executable, "-m", "tests.integration.crash.consistency"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return report

    def serve(self) -> Server:
        server = Server(self, len(self.servers))
        self.servers.append(server)
        server.start()
        return server

    # The evidence that a write is open and not yet committed.

    def watch(self, query: str, *parameters: str) -> Any:
        if self.probe is None:
            self.probe = _postgres(self.database.url)
        return self.probe.execute(query, parameters).fetchone()[0]

    def write_open(self, table: str) -> bool:
        """A transaction of the server has written ``table`` (PostgreSQL) or holds the
        write lock (SQLite, whose lock is the whole file's) and has not committed."""
        if self.database.sqlite is not None:
            probe = sqlite3.connect(self.database.sqlite, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    raise
                return True
            finally:
                probe.close()
        return bool(
            self.watch(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() "
                "AND a.backend_xid IS NOT NULL AND l.granted AND l.mode = 'RowExclusiveLock' "
                "AND l.relation = %s::regclass",
                table,
            )
        )

    def written(self) -> int:
        """Bytes on disk, committed or not: SQLite's write-ahead log (a transaction's
        pages spill into it once the page cache is full), PostgreSQL's files (a table
        grows with the rows inserted, before they are committed)."""
        if self.database.sqlite is not None:
            wal = self.database.sqlite.with_name(self.database.sqlite.name + "-wal")
            return wal.stat().st_size if wal.exists() else 0
        return int(self.watch("SELECT pg_database_size(current_database())"))


class Server:
    """gunicorn, as production runs it: a master and one worker (four threads)."""

    def __init__(self, site: Site, number: int) -> None:
        self.site = site
        self.log = site.var / f"gunicorn-{number}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.url = ""

    def start(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                    "--threads",
                    "4",
                    "--timeout",  # the whole import, on a busy machine, outlasts the 30 s default
                    "120",
                    "--no-control-socket",  # gunicorn's default is one path per machine user
                ],
                cwd=ROOT,
                env=self.site.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: master and worker
            )
        _until(self._answers, f"the server answers at {self.url}\n{self.tail()}")

    def _answers(self) -> bool:
        assert self.process is not None
        assert self.process.poll() is None, f"the server exited:\n{self.tail()}"
        try:
            return requests.get(f"{self.url}/accounts/login/", timeout=5).status_code == 200
        except requests.ConnectionError:
            return False

    def kill_nine(self) -> None:
        """SIGKILL to the master and its worker at once, then wait until neither runs."""
        assert self.process is not None
        group = self.process.pid
        os.killpg(group, signal.SIGKILL)
        self.process.wait(timeout=SECONDS)
        _until(lambda: not _running_in_group(group), "every process of the server has died")
        with pytest.raises(ConnectionRefusedError):  # no worker left holding the socket
            socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
        self.process = None

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def _running_in_group(group: int) -> bool:
    """Whether a process of the group is left: running, or a zombie whose other threads
    are still exiting and holding its files (its socket, its database connection)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _parent, process_group = stat.read_text().rsplit(")", 1)[1].split()[:3]
            if int(process_group) != group:
                continue
            threads = len(list(stat.parent.glob("task/[0-9]*")))
        except (OSError, ValueError):
            continue
        if state != "Z" or threads > 1:
            return True
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _until(condition: Callable[[], bool], what: str, *, seconds: float = SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for: {what}"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A site migrated, with the registry and the demo accounts and cases, made once
    with the commands an operator runs; each test works on a copy."""
    folder = tmp_path_factory.mktemp("kill-nine")
    server = _postgres_server()
    if server:
        database = _postgres_create(server)
    else:
        database = Database(f"sqlite:///{folder / 'phoihop.sqlite3'}", folder / "phoihop.sqlite3")
    site = Site(database, folder)
    try:
        site.phoihop("migrate", "--noinput", "-v", "0")
        site.phoihop("createcachetable")  # as `make setup` and docs/deploy.md do
        site.phoihop("load-registry")
        site.phoihop("demo-data", "--cases", str(DEMO_CASES))
        site.tokens = json.loads(site.phoihop("shell", "-c", _PREPARE).strip().splitlines()[-1])
        yield site
    finally:
        if server:
            _postgres_drop(server, database)


@pytest.fixture
def site(prepared: Site, tmp_path: Path) -> Iterator[Site]:
    var = tmp_path / "var"
    shutil.copytree(prepared.var, var)  # the SQLite file (no process has it open) with it
    server = _postgres_server()
    if server:
        database = _postgres_create(server, template=prepared.database.name)
    else:
        path = var / "phoihop.sqlite3"
        database = Database(f"sqlite:///{path}", path)
    copy = Site(database, var, list(prepared.tokens))
    try:
        yield copy
    finally:
        try:
            for running in copy.servers:
                if running.process is not None:
                    running.kill_nine()
        finally:
            if copy.probe is not None:
                copy.probe.close()
            if server:
                _postgres_drop(server, database)


# ---------------------------------------------------------------------------------------
# Clients


def _csrf(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found is not None, f"no CSRF token on {page.url}"
    return found[1]


def _totp_now() -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(TOTP_KEY)).token():06d}"


def _signed_in(server: Server) -> requests.Session:
    """The officer signed in through the pages: password, then the authenticator's code."""
    browser = requests.Session()
    login = browser.get(f"{server.url}/accounts/login/", timeout=SECONDS)
    code_page = browser.post(
        login.url,
        data={"username": OFFICER, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(login)},
        timeout=SECONDS,
    )
    assert "/accounts/two-factor/code/" in code_page.url, code_page.url
    home = browser.post(
        code_page.url,
        data={"code": _totp_now(), "csrfmiddlewaretoken": _csrf(code_page)},
        timeout=SECONDS,
    )
    assert home.status_code == 200, home.status_code
    assert "/accounts/" not in home.url, home.url
    return browser


def _import_form(browser: requests.Session, server: Server) -> str:
    """The import page's CSRF token (its visit writes the session: done before)."""
    page = browser.get(f"{server.url}/cases/import/", timeout=SECONDS)
    assert page.status_code == 200, page.status_code
    return _csrf(page)


def _import(
    browser: requests.Session, server: Server, token: str, content: bytes
) -> requests.Response:
    return browser.post(
        f"{server.url}/cases/import/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("ho-so-chuyen-sang.xlsx", content)},
        timeout=120,
    )


def _today_in_vietnam() -> dt.date:
    from phoihop.core.clock import today

    return today()


def _problems(report: dict[str, Any]) -> list[str]:
    return list(report["problems"])


# ---------------------------------------------------------------------------------------
# A large import


def test_an_import_killed_mid_write_leaves_nothing_and_then_imports_whole(site: Site) -> None:
    rows = sheets.cases(IMPORT_CASES, start=_today_in_vietnam() - dt.timedelta(days=230))
    content = sheets.xlsx(rows)
    numbers = {row[1] for row in rows}  # the agency's case numbers in the file
    server = site.serve()
    browser = _signed_in(server)
    token = _import_form(browser, server)
    before = site.written()
    answer: dict[str, Any] = {}

    def upload() -> None:
        try:
            answer["response"] = _import(browser, server, token, content)
        except requests.ConnectionError as error:
            answer["error"] = error

    uploading = threading.Thread(target=upload)
    uploading.start()
    # Some way in: SQLite's first spill of the import's pages comes about half way
    # through; on PostgreSQL the whole import takes some 5 MiB.
    growth = 0 if site.database.sqlite else 1024 * 1024
    _until(
        lambda: site.written() > before + growth and site.write_open("cases_case"),
        "the import's rows written and not committed",
    )
    assert uploading.is_alive(), answer
    server.kill_nine()
    uploading.join(SECONDS)

    assert "error" in answer, f"the import answered before the kill: {answer}"
    server = site.serve()
    site.phoihop("audit", "verify")
    after_crash = site.check()
    assert _problems(after_crash) == []
    assert after_crash["facts"]["imports"] == []
    assert numbers.isdisjoint(after_crash["facts"]["references"])
    assert after_crash["facts"]["cases"] == DEMO_CASES
    assert after_crash["facts"]["events"] == []  # the demo's are loaded without an enterer

    # The same session: it outlived the crash with the database.
    again = _import(browser, server, _import_form(browser, server), content)

    assert again.status_code == 200, again.text[-2000:]
    done = site.check()
    assert _problems(done) == []
    facts = done["facts"]
    assert numbers <= set(facts["references"])
    assert facts["cases"] == DEMO_CASES + IMPORT_CASES
    assert len(facts["events"]) == len(rows)
    assert [(i["rows"], i["created"], i["recorded"]) for i in facts["imports"]] == [
        (len(rows), IMPORT_CASES, len(rows))
    ]


# ---------------------------------------------------------------------------------------
# Decisions written through the API


@dataclass
class Writer:
    """One agency system recording decisions on one case, each with an Idempotency-Key,
    one after another, until its request fails."""

    url: str
    token: str
    case: int
    version: int
    day: dt.date
    acknowledged: list[str] = field(default_factory=list)  # document numbers answered 201
    refused: list[str] = field(default_factory=list)
    unanswered: tuple[str, bytes] | None = None  # the key and body of the request lost

    def request(self, number: int) -> tuple[str, bytes]:
        body = {
            "type": "expertise_requested" if number % 2 else "valuation_requested",
            "date": self.day.isoformat(),
            "doc_number": self.doc_number(number),
            "version": self.version,
        }
        return f"kill-nine-{self.case}-{number}", json.dumps(body).encode()

    def doc_number(self, number: int) -> str:
        return f"{self.case}-{number}/QĐ-TCGĐ"

    def send(self, key: str, body: bytes) -> requests.Response:
        return requests.post(
            f"{self.url}/api/v1/cases/{self.case}/events",
            data=body,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
            timeout=60,
        )

    def run(self) -> None:
        number = 0
        while True:
            number += 1
            key, body = self.request(number)
            try:
                answer = self.send(key, body)
            # Killed before its answer, or while the answer's body was on its way (its
            # status line sent, the rest lost): unanswered either way.
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                self.unanswered = (key, body)
                return
            if answer.status_code != 201:
                self.refused.append(f"{answer.status_code} {answer.text}")
                return
            self.acknowledged.append(self.doc_number(number))
            self.version += 1


def _open_case(server: Server, token: str, number: int) -> dict[str, Any]:
    answer = requests.post(
        f"{server.url}/api/v1/cases",
        json={
            "kind": "criminal_case",
            "title": f"Vụ án vi phạm quy định về đấu thầu số {number}",
            "province": "AG",
            "external_id": f"KILL9-{number}",
            "first_event": {
                "type": "case_initiated",
                "date": (_today_in_vietnam() - dt.timedelta(days=40)).isoformat(),
                "doc_number": f"{number}/QĐ-CSĐT",
            },
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=SECONDS,
    )
    assert answer.status_code == 201, answer.text
    case: dict[str, Any] = answer.json()
    return case


def test_decisions_killed_mid_write_keep_every_acknowledged_one_and_nothing_half_done(
    site: Site,
) -> None:
    server = site.serve()
    day = _today_in_vietnam() - dt.timedelta(days=1)  # never after the server's today
    writers = [
        Writer(server.url, token, case["id"], case["version"], day)
        for n, token in enumerate(site.tokens)
        for case in [_open_case(server, token, n)]
    ]
    threads = [threading.Thread(target=writer.run) for writer in writers]
    for thread in threads:
        thread.start()
    _until(
        lambda: (
            (
                all(len(w.acknowledged) >= 5 for w in writers)
                and sum(len(w.acknowledged) for w in writers) >= 40
            )
            or any(w.refused for w in writers)
        ),
        "forty decisions acknowledged, five or more on every case",
    )
    assert [w.refused for w in writers] == [[]] * WRITERS
    _until(lambda: site.write_open("cases_caseevent"), "a decision written, not yet committed")
    server.kill_nine()
    for thread in threads:
        thread.join(SECONDS)

    assert all(w.unanswered for w in writers), "every writer was cut off mid-stream"
    server = site.serve()
    site.phoihop("audit", "verify")
    after_crash = site.check()
    assert _problems(after_crash) == []
    numbers_by_case: dict[int, list[str]] = {}
    for event in after_crash["facts"]["events"]:
        numbers_by_case.setdefault(event["case"], []).append(event["doc_number"])
    for writer in writers:
        assert writer.unanswered is not None
        lost = json.loads(writer.unanswered[1])["doc_number"]
        recorded = numbers_by_case[writer.case][1:]  # after the case's first decision
        # Those acknowledged, in order; then the lost one only if it had committed.
        assert recorded[: len(writer.acknowledged)] == writer.acknowledged
        assert recorded[len(writer.acknowledged) :] in ([], [lost])
        assert after_crash["facts"]["versions"][str(writer.case)] == 1 + len(recorded)

    # Each lost request sent again with its key: written now, or answered as it had been.
    for writer in writers:
        writer.url = server.url
    retried = [writer.send(*writer.unanswered) for writer in writers if writer.unanswered]
    later = []
    for writer in writers:
        writer.version = len(writer.acknowledged) + 2  # the first, those, the lost one
        later.append(writer.send(*writer.request(10_000)))

    assert [answer.status_code for answer in retried + later] == [201] * 2 * WRITERS
    done = site.check()
    assert _problems(done) == []
    numbers = [event["doc_number"] for event in done["facts"]["events"]]
    for writer in writers:
        assert writer.unanswered is not None
        lost = json.loads(writer.unanswered[1])["doc_number"]
        assert numbers.count(lost) == 1
        assert numbers.count(writer.doc_number(10_000)) == 1
        assert done["facts"]["versions"][str(writer.case)] == len(writer.acknowledged) + 3
