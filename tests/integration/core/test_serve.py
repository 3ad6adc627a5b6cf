"""`phoihop serve` runs the site under gunicorn: the sign-in page and its stylesheet are
served, the process is gunicorn's master with the workers asked for, and SIGTERM (what
`systemctl stop` sends) stops it cleanly; with `--with-worker` (the demo) the background
worker runs beside it and ends with it, even when the server is killed."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PHOIHOP = str(Path(sys.executable).with_name("phoihop"))
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _get(url: str):  # type: ignore[no-untyped-def]
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def _wait_for(url: str, server: subprocess.Popen[bytes], logs: Path):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"serve exited with {server.returncode}:\n{logs.read_text()}")
        try:
            return _get(url)
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"no answer from {url} within {STARTUP_SECONDS} s:\n{logs.read_text()}")


@pytest.fixture
def environment(tmp_path):  # type: ignore[no-untyped-def]
    """A server's environment over a migrated SQLite database of its own: none of the
    test run's variables. The test settings serve static files from the finders; the
    demo's and production's hashed copies take minutes of `collectstatic`."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHOIHOP_"))}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PHOIHOP_VAR_DIR": str(tmp_path),
        # The file the test settings use under PHOIHOP_VAR_DIR (they read no DATABASE_URL).
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "PHOIHOP_WORKERS": "1",
    }
    subprocess.run(
        [PHOIHOP, "migrate", "--noinput", "-v", "0"], env=env, cwd=tmp_path, check=True, timeout=120
    )
    return env


def test_serve_runs_gunicorn_and_stops_cleanly_on_sigterm(environment, tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    out, err = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        # --noreload is runserver's old flag: accepted and ignored.
        server = subprocess.Popen(
            [PHOIHOP, "serve", f"127.0.0.1:{port}", "--noreload"],
            env=environment,
            cwd=tmp_path,
            stdout=stdout,
            stderr=stderr,
        )
    try:
        status, headers, page = _wait_for(f"{base}/accounts/login/", server, err)
        stylesheet = re.search(rb'href="([^"]*/phoihop\.css)"', page)
        assert stylesheet is not None
        css_status, css_headers, css = _get(base + stylesheet.group(1).decode())
        master = _command_line(server.pid)
        workers = _children(server.pid)

        server.send_signal(signal.SIGTERM)
        exit_code = server.wait(timeout=40)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    assert status == 200
    assert headers["Server"] == "gunicorn"
    assert "Content-Security-Policy" in headers
    assert css_status == 200
    assert css_headers["Content-Type"].startswith("text/css")
    assert b".navbar-phoihop" in css
    # `phoihop serve` became gunicorn's master (exec, not a child), with the one worker
    # PHOIHOP_WORKERS asks for.
    assert "-m gunicorn config.wsgi:application" in master
    assert len(workers) == 1
    assert exit_code == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    assert "GET /accounts/login/" in out.read_text()  # the access log, on stdout


def _gone(pid: int) -> bool:
    """Ended: no such process, or a zombie no one has reaped yet."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_serve_with_worker_runs_the_worker_beside_it_and_it_ends_with_the_server(
    environment, tmp_path
):
    port = _free_port()
    with (tmp_path / "stderr.log").open("wb") as stderr:
        server = subprocess.Popen(
            [PHOIHOP, "serve", f"127.0.0.1:{port}", "--with-worker"],
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    children: dict[int, str] = {}
    try:
        _wait_for(f"http://127.0.0.1:{port}/accounts/login/", server, tmp_path / "stderr.log")
        children = {pid: _command_line(pid) for pid in _children(server.pid)}
        workers = [pid for pid, line in children.items() if "phoihop.cli worker" in line]

        server.send_signal(signal.SIGKILL)  # the worst end: the master stops nothing itself
        server.wait(timeout=40)
        deadline = time.monotonic() + 40
        while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [pid for pid in workers if not _gone(pid)]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for pid in children:  # gunicorn's own worker notices its master's end later
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)

    assert len(children) == 2  # the background worker and gunicorn's one
    assert len(workers) == 1
    assert left == []


def _ask(port: int, method: str, target: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """One request over a connection of its own: the status, the headers, the JSON."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            method,
            target,
            body=b"{}" if method != "GET" else None,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read())
    finally:
        connection.close()


def test_the_api_answers_its_own_errors_under_gunicorn_whatever_the_size(environment, tmp_path):
    """Past the API's 4,000 bytes, Django answers 414; past gunicorn's 8,190 bytes of a
    request line or a header field, gunicorn's worker does, in the same JSON shape rather
    than its HTML (core/server_limits.py). A write without credentials, through the real
    middleware and its CSRF check, is 401 with its challenge."""
    port = _free_port()
    with (tmp_path / "stderr.log").open("wb") as stderr:
        server = subprocess.Popen(
            [PHOIHOP, "serve", f"127.0.0.1:{port}"],
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        _wait_for(f"http://127.0.0.1:{port}/accounts/login/", server, tmp_path / "stderr.log")
        five_kb = _ask(port, "GET", "/api/v1/cases?q=" + "a" * 5000)
        nine_kb = _ask(port, "GET", "/api/v1/cases?q=" + "a" * 9000)
        big_header = _ask(port, "GET", "/api/v1/cases", {"X-Padding": "a" * 9000})
        write = _ask(port, "POST", "/api/v1/cases/1/assets")
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=40)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    for status, headers, body in (five_kb, nine_kb, big_header, write):
        assert headers["Content-Type"].startswith("application/json"), (status, body)
        assert set(body) == {"code", "message", "field"}
    assert (five_kb[0], five_kb[2]["code"]) == (414, "uri.too_long")
    assert "4000 byte" in five_kb[2]["message"]
    assert (nine_kb[0], nine_kb[2]["code"]) == (414, "uri.too_long")
    assert "8190 byte" in nine_kb[2]["message"]
    assert (big_header[0], big_header[2]["code"]) == (431, "headers.too_large")
    assert (write[0], write[2]["code"]) == (401, "auth.required")
    assert write[1]["WWW-Authenticate"] == 'Bearer realm="phoihop"'
