"""Speed felt: the demo journey in Debian's Chromium against ``phoihop serve`` (gunicorn,
two workers) on the demo's SQLite database, as ``make demo`` serves it.

For each demo role it signs in, then opens the pages that role uses every day and reads
each page's time to its load event from the browser's own navigation timing. The
periodic report's generation is not a page: it is a download, shown with a spinner on
its button.

    .venv/bin/python -m tests.bench.pages [--cases 2000] [--keep DIR]

Prints JSON: the password step per role (the server's answer to the password, and the
time until the second step's page is shown), every page's load time, the slowest, and
the pages over the one-second budget (none expected)."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PHOIHOP = Path(sys.executable).parent / "phoihop"
BUDGET_MS = 1000
PASSWORD = "phoihop-demo"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHOIHOP_"))}
    env.update(PHOIHOP_VAR_DIR=var_dir, DATABASE_URL=f"sqlite:///{var_dir}/phoihop.sqlite3")
    return env


def _run(env: dict[str, str], *command: str) -> None:
    subprocess.run([str(PHOIHOP), *command], env=env, cwd=ROOT, check=True, capture_output=True)


# role → the addresses of its day (a case of its own province is found on the list).
JOURNEYS: dict[str, list[str]] = {
    "dieutra.ag": ["/", "{case}", "/coordination/inbox/", "/clocks/", "/clocks/calendar/"],
    "kiemsat.ag": ["/", "{case}", "/coordination/inbox/", "/clocks/?clock=investigation"],
    "toaan.ag": ["/", "{case}", "/coordination/inbox/"],
    "giamdinh.ag": ["/coordination/inbox/", "/"],
    "noichinh.ag": [
        "/overview/",
        "/",
        "{case}",
        "/coordination/meetings/",
        "/overview/risk/",
        "/overview/report/",
    ],
    "bcd.ag": ["/overview/", "/overview/risk/", "/"],
    "baochi.ag": ["/publicity/releases/", "/publicity/false-information/"],
    "noichinh.tw": ["/overview/", "/", "/overview/risk/"],
}


def _navigation_ms(page: Any) -> float:
    return float(
        page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return n.loadEventEnd - n.startTime; }"
        )
    )


def _journey(browser: Any, base: str, username: str, addresses: list[str]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from tests.signin import authenticator_for, current_code

    device = authenticator_for(get_user_model().objects.get(username=username))
    context = browser.new_context(
        base_url=base, locale="vi-VN", viewport={"width": 1366, "height": 768}
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    started = time.perf_counter()
    with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
        page.click("button[type=submit]")
    timing = posted.value.request.timing
    page.wait_for_url("**/accounts/two-factor/code/**")
    shown_ms = (time.perf_counter() - started) * 1000
    # The server's answer to the password: from the request sent to its first byte.
    password_ms = timing["responseStart"] - timing["requestStart"]
    page.fill("#id_code", current_code(device))
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    case = page.locator("[data-testid=case-row] a").first.get_attribute("href") or "/"
    pages = {}
    for address in addresses:
        url = address.format(case=case)
        page.goto(url)
        page.wait_for_load_state("load")
        pages[url if address != "{case}" else "/cases/<id>/"] = round(_navigation_ms(page))
    context.close()
    return {
        "password_step_ms": round(password_ms),
        "second_step_shown_ms": round(shown_ms),
        "pages_ms": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--keep", help="a folder to keep (and reuse) the demo database in")
    options = parser.parse_args()
    var_dir = options.keep or tempfile.mkdtemp(prefix="phoihop-bench-pages-")
    os.makedirs(var_dir, exist_ok=True)
    env = _env(var_dir)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("PHOIHOP_", "DATABASE_"))})
    if not os.path.exists(os.path.join(var_dir, "phoihop.sqlite3")):
        for command in (
            ("migrate", "--noinput", "-v", "0"),
            ("createcachetable",),
            ("load-registry",),
            ("demo-data", "--cases", str(options.cases)),
            ("sweep",),
        ):
            _run(env, *command)
    _run(env, "collectstatic", "--noinput", "-v", "0")
    port = _free_port()
    server = subprocess.Popen(
        [str(PHOIHOP), "serve", f"127.0.0.1:{port}"],
        env={**env, "PHOIHOP_SECRET_KEY": secrets.token_urlsafe(40)},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        import django

        # The demo's authenticators are read here to type each user's current code;
        # Playwright's sync API runs an event loop in this thread (the ORM calls stay
        # synchronous and safe).
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        django.setup()
        from playwright.sync_api import sync_playwright

        results: dict[str, Any] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu"],
            )
            for username, addresses in JOURNEYS.items():
                results[username] = _journey(browser, base, username, addresses)
            browser.close()
        loads = [(ms, who, url) for who, r in results.items() for url, ms in r["pages_ms"].items()]
        slowest = max(loads)
        print(
            json.dumps(
                {
                    "server": "phoihop serve (gunicorn, 2 workers), SQLite, demo data",
                    "cases": options.cases,
                    "roles": results,
                    "password_step_ms_max": max(r["password_step_ms"] for r in results.values()),
                    "slowest_page": {"ms": slowest[0], "role": slowest[1], "page": slowest[2]},
                    "over_budget": [
                        {"ms": ms, "role": who, "page": url}
                        for ms, who, url in loads
                        if ms > BUDGET_MS
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not options.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
