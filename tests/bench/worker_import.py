"""Benchmark: a file of N rows (default 200,000: 100,000 cases with two decisions each)
through the import page of a real server (gunicorn, as `phoihop serve` runs it) to the
end of its job in a real `phoihop worker`, the job's page asked every second as the
browser asks it. Prints one JSON object: the upload's answer time, the seconds from the
upload to the outcome on the job's page, rows a second, and the progress the page
showed along the way.

    python -m tests.bench.worker_import --rows 200000

On SQLite under a temporary folder, or on a PostgreSQL database created and dropped
here when PHOIHOP_TEST_DATABASE_URL names a server. The site is made as the crash
tests make theirs (tests/integration/crash/test_kill_nine.py), with the import's row
limit raised to the file's (PHOIHOP_IMPORT_MAX_ROWS)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from tests.integration.crash import test_kill_nine as crash

    rows = max(2, options.rows - options.rows % 2)

    class BenchSite(crash.Site):
        @property
        def env(self) -> dict[str, str]:
            return {
                **super().env,
                "PHOIHOP_IMPORT_MAX_ROWS": str(rows),
                "PHOIHOP_IMPORT_INLINE_ROWS": "500",  # the default: the crash site's is higher
                "PYTHONUNBUFFERED": "1",
            }

    folder = Path(tempfile.mkdtemp(prefix="phoihop-bench-worker-"))
    server_url = crash._postgres_server()
    if server_url:
        database = crash._postgres_create(server_url)
    else:
        database = crash.Database(
            f"sqlite:///{folder / 'phoihop.sqlite3'}", folder / "phoihop.sqlite3"
        )
    site = BenchSite(database, folder)
    worker: subprocess.Popen[bytes] | None = None
    try:
        site.phoihop("migrate", "--noinput", "-v", "0", timeout=600)
        site.phoihop("load-registry")
        site.phoihop("demo-data", "--cases", str(crash.DEMO_CASES))
        site.phoihop("shell", "-c", crash._PREPARE)
        server = site.serve()
        browser = crash._signed_in(server)
        with (folder / "worker.log").open("ab") as log:
            worker = subprocess.Popen(
                [str(crash.BIN / "phoihop"), "worker"],
                cwd=crash.ROOT,
                env=site.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        from tests.integration.imports import sheets

        made = time.perf_counter()
        start = crash._today_in_vietnam() - dt.timedelta(days=230)
        content = sheets.xlsx(sheets.cases(rows // 2, start=start))
        file_seconds = time.perf_counter() - made
        token = crash._import_form(browser, server)

        def job_row(job: str) -> dict[str, Any]:
            printed = site.phoihop("shell", "-c", _JOB_ROW.format(job=job))
            row: dict[str, Any] = json.loads(printed.strip().splitlines()[-1])
            return row

        result = _through_the_page(browser, server.url, token, content, job_row)
        print(
            json.dumps(
                {
                    "benchmark": "web import in the worker",
                    "database": "postgresql" if server_url else "sqlite",
                    "rows": rows,
                    "file_bytes": len(content),
                    "file_made_seconds": round(file_seconds, 1),
                    **result,
                }
            )
        )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        for running in site.servers:
            if running.process is not None:
                running.kill_nine()
        if site.probe is not None:
            site.probe.close()
        if server_url:
            crash._postgres_drop(server_url, database)


_JOB_ROW = """
import json
from phoihop.jobs.models import Job
job = Job.objects.get(pk={job!r})
seconds = lambda a, b: round((b - a).total_seconds(), 1) if a and b else None
print(json.dumps({{
    "state": job.state,
    "queued_seconds": seconds(job.created_at, job.started_at),
    "run_seconds": seconds(job.started_at, job.finished_at),
}}))
"""


def _through_the_page(
    browser: Any, url: str, token: str, content: bytes, job_row: Any
) -> dict[str, Any]:
    """Upload, then ask the job's page every second until it shows the outcome. On
    SQLite a request that must write (the session's last-seen stamp) waits while the
    import holds the write lock and may fail, and a session not written for 15 minutes
    ends: the job's own row (read every 30 s) then says when it is done."""
    started = time.perf_counter()
    page = browser.post(
        f"{url}/cases/import/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("ho-so.xlsx", content)},
        timeout=300,
    )
    answered = time.perf_counter() - started
    assert re.search(r"/jobs/[0-9a-f-]{36}/$", page.url), page.url
    job = page.url.rstrip("/").rsplit("/", 1)[1]
    samples: list[tuple[float, int, int]] = []
    state, text, unreadable, asked_row = "queued", "", 0, time.perf_counter()
    while state not in ("done", "failed"):
        time.sleep(1)
        polled = browser.get(page.url, headers={"HX-Request": "true"}, timeout=120)
        found = re.search(r'data-state="(\w+)"', polled.text)
        if polled.status_code == 200 and found:
            state, text = found[1], polled.text
            bar = re.search(r'<progress [^>]*value="(\d+)" max="(\d+)"', text)
            if bar:
                samples.append((round(time.perf_counter() - started, 1), int(bar[1]), int(bar[2])))
        else:
            unreadable += 1
        if time.perf_counter() - asked_row > 30:
            state, asked_row = job_row(job)["state"], time.perf_counter()
    finished = time.perf_counter() - started
    counts = dict(re.findall(r'data-count="(\w+)">\s*(\d+)', text))
    step = max(1, len(samples) // 10)
    return {
        "state": state,
        "upload_answered_seconds": round(answered, 2),
        "upload_to_outcome_seconds": round(finished, 1),
        **{f"job_{key}": value for key, value in job_row(job).items() if key != "state"},
        "rows_per_second": round(int(counts.get("rows", 0)) / finished) if counts else None,
        "outcome": counts,
        "page_answers_unreadable": unreadable,
        "progress_seen": [list(sample) for sample in samples[::step]],
    }


if __name__ == "__main__":
    main()
