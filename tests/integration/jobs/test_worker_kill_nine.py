"""Crash safety of the worker: a real `phoihop worker` is killed with SIGKILL in the
middle of a web import it runs (rows written and not committed). The record is whole
(the import all or nothing, the audit chain verifying, nothing of the file there), the
job's page and the next worker to start call the job failed, and that worker runs the
same file again to the end.

The kill is not timed by guessing: it comes once the worker has told rows done and the
database shows its write open and uncommitted (SQLite: the write lock held; PostgreSQL:
a transaction holding the lock of an insert into the cases table). The server, the
database, the record's check and the sign-in are the web crash test's
(tests/integration/crash/test_kill_nine.py); on SQLite, and on PostgreSQL when
PHOIHOP_TEST_DATABASE_URL names a server."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from phoihop.jobs.services import WORKER_DIED
from tests.integration.crash.test_kill_nine import (  # noqa: F401 (fixtures)
    BIN,
    DEMO_CASES,
    ROOT,
    SECONDS,
    Server,
    Site,
    _import_form,
    _running_in_group,
    _signed_in,
    _until,
    prepared,
    site,
)
from tests.integration.imports import sheets

IMPORT_CASES = 1000  # two decisions each: 2,000 rows, a few seconds of writing
INLINE_ROWS = 10  # any file over this goes to the worker


class WorkerSite(Site):
    @property
    def env(self) -> dict[str, str]:
        return {**super().env, "PHOIHOP_IMPORT_INLINE_ROWS": str(INLINE_ROWS)}


class Worker:
    """`phoihop worker`, as systemd runs it, in a process group of its own."""

    def __init__(self, host: Site, number: int) -> None:
        self.log = host.var / f"worker-{number}.log"
        self.process = subprocess.Popen(
            [str(BIN / "phoihop"), "worker"],
            cwd=ROOT,
            env={**host.env, "PYTHONUNBUFFERED": "1"},
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def started(self) -> bool:
        """It has failed what a dead worker left and is taking jobs."""
        assert self.process.poll() is None, f"the worker exited:\n{self.tail()}"
        return "Starting worker" in self.tail()

    def kill_nine(self) -> None:
        group = self.process.pid
        os.killpg(group, signal.SIGKILL)
        self.process.wait(timeout=SECONDS)
        _until(lambda: not _running_in_group(group), "the worker has died")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=SECONDS)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


@pytest.fixture
def worker_site(site: Site) -> Iterator[WorkerSite]:  # noqa: F811 (the fixture imported above)
    ours = WorkerSite(site.database, site.var, list(site.tokens), site.servers)
    try:
        yield ours
    finally:
        if ours.probe is not None:
            ours.probe.close()


@pytest.fixture
def workers(worker_site: WorkerSite) -> Iterator[list[Worker]]:
    started: list[Worker] = []
    try:
        yield started
    finally:
        for worker in started:
            if worker.process.poll() is None:
                worker.kill_nine()


def _upload(browser: requests.Session, server: Server, content: bytes) -> requests.Response:
    """The import page's form with the file; the answer is the job's page."""
    token = _import_form(browser, server)
    page = browser.post(
        f"{server.url}/cases/import/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("ho-so-chuyen-sang.xlsx", content)},
        timeout=SECONDS,
    )
    assert page.status_code == 200, page.text[-2000:]
    assert re.search(r"/jobs/[0-9a-f-]{36}/$", page.url), page.url
    return page


def _state(page: requests.Response) -> str:
    found = re.search(r'data-testid="job" data-state="(\w+)"', page.text)
    assert found is not None, page.text[-2000:]
    return found[1]


def _wait_for_state(
    browser: requests.Session, url: str, states: set[str], *, seconds: float
) -> requests.Response:
    """The job's page, asked every half second (as a person would reload it) until its
    state is one of ``states``. On SQLite a request that must write (the session's
    last-seen stamp, once a minute) waits while the import holds the write lock, and
    may fail: it is asked again."""
    deadline = time.monotonic() + seconds
    while True:
        page = browser.get(url, timeout=SECONDS)
        if page.status_code == 200 and _state(page) in states:
            return page
        assert time.monotonic() < deadline, f"waited {seconds} s for the job to be {states}"
        time.sleep(0.5)


def _told(host: Site, job_url: str) -> int:
    """Rows the worker has told done for the job (its progress file)."""
    job = job_url.rstrip("/").rsplit("/", 1)[1].replace("-", "")
    try:
        return int(json.loads((host.var / "jobs" / f"{job}.progress").read_text())["done"])
    except (OSError, ValueError, KeyError):
        return 0


def _job_row(host: Site, job_url: str) -> dict[str, Any]:
    job = job_url.rstrip("/").rsplit("/", 1)[1]
    script = (
        "import json; from phoihop.jobs.models import Job; "
        f"j = Job.objects.get(pk={job!r}); "
        "print(json.dumps({'state': j.state, 'failure': j.failure}))"
    )
    row: dict[str, Any] = json.loads(host.phoihop("shell", "-c", script).strip().splitlines()[-1])
    return row


def test_a_worker_killed_mid_import_leaves_nothing_and_its_job_failed(
    worker_site: WorkerSite, workers: list[Worker]
) -> None:
    web = worker_site
    from phoihop.core.clock import today

    rows = sheets.cases(IMPORT_CASES, start=today() - dt.timedelta(days=230))
    content = sheets.xlsx(rows)
    numbers = {row[1] for row in rows}
    server = web.serve()
    browser = _signed_in(server)
    queued = _upload(browser, server, content)
    assert _state(queued) == "queued"

    workers.append(Worker(web, 0))
    _until(
        lambda: _told(web, queued.url) > 0 and web.write_open("cases_case"),
        "the worker's import has rows written and not committed",
    )
    workers[0].kill_nine()

    assert _job_row(web, queued.url)["state"] == "running"  # as the dead worker left it
    workers.append(Worker(web, 1))
    _until(workers[1].started, "the next worker has started")
    assert _job_row(web, queued.url) == {"state": "failed", "failure": WORKER_DIED}
    page = browser.get(queued.url, timeout=SECONDS)
    assert _state(page) == "failed"
    assert "Bộ xử lý nền đã dừng" in page.text
    web.phoihop("audit", "verify")
    after_crash = web.check()
    assert after_crash["problems"] == []
    assert after_crash["facts"]["imports"] == []
    assert numbers.isdisjoint(after_crash["facts"]["references"])
    assert after_crash["facts"]["cases"] == DEMO_CASES
    assert not list(Path(web.var, "jobs").glob("*.input.*"))  # the dead job's file is gone

    again = _upload(browser, server, content)
    finished = _wait_for_state(browser, again.url, {"done", "failed"}, seconds=300)

    assert _state(finished) == "done", finished.text[-3000:]
    assert 'data-outcome="imported"' in finished.text
    done = web.check()
    assert done["problems"] == []
    assert numbers <= set(done["facts"]["references"])
    assert done["facts"]["cases"] == DEMO_CASES + IMPORT_CASES
    assert [(i["rows"], i["created"], i["recorded"]) for i in done["facts"]["imports"]] == [
        (len(rows), IMPORT_CASES, len(rows))
    ]
