"""Load: the national morning peak against gunicorn on PostgreSQL, on loopback only.

Plays a fixed number of requests at a fixed rate (default 160 a second for 300 seconds,
after a 15-second warm-up that is not counted) against ``gunicorn`` with two workers,
production settings and the province ten-year dataset of ``tests.bench.national``
(100,000 cases, reused with ``--keep``). The mix is the issue's: 75% page and API
reads, 15% writes (half through the pages' forms with their CSRF token, half through
the API with a bearer token), 5% searches, 5% overview dashboards. Every user is signed
in with both factors, as production requires of everyone.

    .venv/bin/python -m tests.bench.load [--rate 160] [--seconds 300] [--workers 2]

As in production (docs/deploy.md), nginx (Debian's) stands in front of gunicorn and
reads each request whole before passing it on: gunicorn's sync workers read a request
from the socket they accepted and wait for it, so a client that has opened a connection
and not yet sent (as wrk does between two requests of a thread, up to a second at these
rates) would hold a worker idle. nginx's CPU counts as the server's.

The requests are sent by Debian's ``wrk`` driven by ``load.lua``: a client that costs
little per request, so that on two cores the client's own CPU does not decide the
result. The plan is drawn here beforehand (the same every run) and written out as the
requests' bytes; each of wrk's threads sends its share, each request at its due time.
Latency is measured from the moment a request was due, not from when it was sent, so
a server falling behind shows in the figures (no coordinated omission).

The printed JSON gives requests a second, p50/p95/p99 overall and per kind, errors by
status, the CPU per request of the server (nginx's, gunicorn's and PostgreSQL's processes, read
from their own counters over the measured part) and of the client, and the audit check:
the rows the trail gained equal the rows the requests sent should have written (a
write, and every read of a classified case)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from tests.bench import national

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SEARCH_WORDS = ["tham nhũng", "tham nhung", "lừa đảo", "đấu thầu", "hối lộ", "đất đai"]
# kind → share of all requests; the first four together are the 75% of reads.
MIX = {
    "page_case": 0.25,
    "page_list": 0.10,
    "api_case": 0.15,
    "api_events": 0.10,
    "api_clocks": 0.15,
    "page_write": 0.075,
    "api_write": 0.075,
    "search": 0.05,
    "dashboard": 0.05,
}
# wrk's threads, one connection each: a thread sends every THREADS-th request of the
# plan, at its due time or, if its previous answer is late, as soon as it has come.
THREADS = 64
LUA = Path(__file__).with_name("load.lua")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Actor:
    username: str
    session: str
    csrf: str
    token: str
    case_ids: list[int] = field(default_factory=list)  # visible to this actor
    classified: set[int] = field(default_factory=set)


@dataclass
class Result:
    kind: str
    status: int
    latency: float  # seconds from the moment it was due
    service: float  # seconds from sending to the last byte
    audit_rows: int  # the audit rows this request should have written
    warm: bool  # in the warm-up: its rows are checked, its times not counted


def _log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The deployment's proxy (docs/deploy.md, section 6) without TLS: the load's requests say
# HTTPS and the user's address themselves (X-Forwarded-Proto, X-Forwarded-For), as nginx
# would after terminating TLS for users at many addresses (wrk connects from one).
NGINX_CONF = """daemon off;
user root;
worker_processes auto;
pid {var}/nginx.pid;
error_log {var}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {var}/nginx-body;
    proxy_temp_path {var}/nginx-proxy;
    fastcgi_temp_path {var}/nginx-fastcgi;
    uwsgi_temp_path {var}/nginx-uwsgi;
    scgi_temp_path {var}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 21m;
        large_client_header_buffers 4 8k;
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
            proxy_set_header X-Forwarded-For $http_x_forwarded_for;
            proxy_read_timeout 130s;
        }}
    }}
}}
"""


def _proxy(var_dir: str, port: int, upstream: int) -> subprocess.Popen[bytes]:
    """nginx on ``port`` in front of gunicorn on ``upstream``, in a process group of
    its own (its CPU is read from it)."""
    conf = Path(var_dir) / "nginx.conf"
    conf.write_text(NGINX_CONF.format(var=var_dir, port=port, upstream=upstream))
    return subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", var_dir, "-e", f"{var_dir}/nginx-error.log"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _server_env(var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHOIHOP_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        PHOIHOP_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"{national.SERVER}/{national.DATABASE}",
        PHOIHOP_ALLOWED_HOSTS="127.0.0.1",
        PHOIHOP_BEHIND_PROXY="1",
        PHOIHOP_TWO_FACTOR="all",
        PHOIHOP_VAR_DIR=var_dir,
        PHOIHOP_AUDIT_KEY_FILE=os.path.join(var_dir, "audit.key"),
    )
    return env


def _actors(per_province: int, cases_per_actor: int, seed: int) -> tuple[list[Actor], list[Actor]]:
    """Readers (each province's internal-affairs commission) and writers (officers of a
    case's handling investigation body), each with a session that passed both
    factors and an API token. Set up through the real models before the clock runs."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from phoihop.accounts.sessions import SEEN_AT, SIGNED_IN_AT
    from phoihop.accounts.tokens import token_create
    from phoihop.agencies.models import Agency
    from phoihop.cases.models import Case, CaseAgency
    from phoihop.core.clock import now
    from tests.signin import authenticator_for

    User = get_user_model()
    rng = random.Random(seed)

    def signed_in(user: Any) -> Actor:
        device = authenticator_for(user)
        session = SessionStore()
        stamp = time.time()
        session.update(
            {
                "_auth_user_id": str(user.pk),
                "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                "_auth_user_hash": user.get_session_auth_hash(),
                DEVICE_ID_SESSION_KEY: device.persistent_id,
                SIGNED_IN_AT: stamp,
                SEEN_AT: stamp,
            }
        )
        session.create()
        token = token_create(user=user, now=now(), name="load")
        return Actor(user.username, session.session_key or "", secrets.token_hex(16), token)

    def user(username: str, agency: Any, role: str) -> Any:
        account, created = User.objects.get_or_create(username=username)
        account.agency, account.role, account.clearance = agency, role, 3
        account.full_name = f"Cán bộ thử tải {username}"
        if created:
            # Once: a new unusable password changes the hash every session is signed
            # with, and would sign out the sessions of a run going on beside this one.
            account.set_unusable_password()
        account.save()
        return account

    readers: list[Actor] = []
    provinces = Case.objects.order_by("province_id").values_list("province_id", flat=True)
    for province_id in provinces.distinct():
        commissions = Agency.objects.filter(
            province_id=province_id, kind="internal_affairs", level="provincial"
        )
        commission = commissions.first()
        if commission is None:
            continue
        cases = list(
            Case.objects.filter(province_id=province_id)
            .order_by("?")
            .values_list("id", "classification")[:cases_per_actor]
        )
        for n in range(per_province):
            actor = signed_in(
                user(f"load.{commission.code.lower()}.{n}", commission, "coordinator")
            )
            actor.case_ids = [c for c, _ in cases]
            actor.classified = {c for c, level in cases if level > 0}
            readers.append(actor)
    writers: list[Actor] = []
    handled = (
        CaseAgency.objects.filter(role="handling", agency__kind="investigation")
        .select_related("agency")
        .order_by("?")[: 40 * cases_per_actor]
    )
    by_agency: dict[Any, list[Any]] = {}
    for link in handled:
        by_agency.setdefault(link.agency, []).append(link.case_id)
    for agency, case_ids in sorted(by_agency.items(), key=lambda kv: -len(kv[1]))[:40]:
        actor = signed_in(user(f"load.{agency.code.lower()}", agency, "officer"))
        levels = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "classification"))
        actor.case_ids = list(case_ids)
        actor.classified = {c for c, level in levels.items() if level > 0}
        writers.append(actor)
    rng.shuffle(readers)
    return readers, writers


@dataclass(frozen=True)
class Planned:
    kind: str
    method: str
    path: str
    api: bool
    body: Any
    audit_rows: int  # the audit rows it should write when it succeeds


def _request_of(kind: str, actor: Actor, args: dict[str, Any]) -> Planned:
    """What the request of ``kind`` sends, and the audit rows it should write: a
    write writes one (its own, the case not read first), and every read of a
    classified case one."""
    case = args.get("case")
    classified = 1 if case in actor.classified else 0
    person = {
        "full_name": f"Người liên quan {uuid.uuid4().hex[:6]}",
        "role": "other",
        "version": args.get("version"),
    }
    reads = {
        "page_case": (f"/cases/{case}/", False, classified),
        "page_list": ("/", False, 0),
        "search": (f"/?q={quote(args.get('q', ''))}", False, 0),
        "dashboard": ("/overview/", False, 0),
        "api_case": (f"/api/v1/cases/{case}", True, classified),
        "api_events": (f"/api/v1/cases/{case}/events", True, classified),
        "api_clocks": (f"/api/v1/cases/{case}/clocks", True, classified),
    }
    if kind in reads:
        path, api, rows = reads[kind]
        return Planned(kind, "GET", path, api, None, rows)
    if kind == "api_write":
        return Planned(kind, "POST", f"/api/v1/cases/{case}/persons", True, person, 1)
    if kind == "page_write":
        form = {f"person-{name}": value for name, value in person.items()}
        return Planned(kind, "POST", f"/cases/{case}/persons/", False, form, 1)
    raise ValueError(kind)


def _raw(planned: Planned, actor: Actor, port: int) -> bytes:
    """The request as it goes on the wire, as nginx would pass it on: HTTPS said by
    X-Forwarded-Proto, a session cookie (and CSRF token) or a bearer token."""
    origin = f"https://127.0.0.1:{port}"
    headers = {
        "Host": f"127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "10.20.0.1",
    }
    data = b""
    if planned.api:
        headers["Authorization"] = f"Bearer {actor.token}"
        if planned.body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(planned.body).encode()
    else:
        headers["Cookie"] = f"sessionid={actor.session}; csrftoken={actor.csrf}"
        if planned.body is not None:
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": actor.csrf,
                    "Origin": origin,
                    "Referer": origin + planned.path,
                }
            )
            data = urlencode(planned.body).encode()
    if planned.method == "POST":
        headers["Content-Length"] = str(len(data))
    head = f"{planned.method} {planned.path} HTTP/1.1\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    return head.encode() + b"\r\n" + data


def _plan(
    count: int, readers: list[Actor], writers: list[Actor], seed: int, only: str = ""
) -> list[tuple[str, Actor, dict[str, Any]]]:
    """The requests, drawn once from a seeded generator: the same run every time; with
    ``only``, requests of that kind alone (what one kind costs in the real server)."""
    from phoihop.cases.models import Case

    rng = random.Random(seed)
    kinds, weights = zip(*({only: 1.0} if only else MIX).items(), strict=True)
    plan: list[tuple[str, Actor, dict[str, Any]]] = []
    fresh = {id(w): list(w.case_ids) for w in writers}  # a case is written once
    versions = dict(
        Case.objects.filter(pk__in={c for w in writers for c in w.case_ids}).values_list(
            "pk", "version"
        )
    )
    for kind in rng.choices(kinds, weights=weights, k=count):
        if kind in ("page_write", "api_write"):
            writer = rng.choice([w for w in writers if fresh[id(w)]])
            case_id = fresh[id(writer)].pop()
            plan.append((kind, writer, {"case": case_id, "version": versions[case_id]}))
        else:
            reader = rng.choice(readers)
            plan.append(
                (kind, reader, {"case": rng.choice(reader.case_ids), "q": rng.choice(SEARCH_WORDS)})
            )
    return plan


def _cpu_seconds(pids: list[int]) -> float:
    """CPU (user + system) of these processes and of their children already ended
    and waited for (a worker replaced, a database backend gone), from the kernel."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended since listed: its time is in its parent's children's
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / TICKS


def _processes(server_group: int, proxy_group: int) -> dict[str, list[int]]:
    """The server's processes by part: gunicorn and nginx (each its process group) and
    PostgreSQL (every process of the database server, its background writers included)."""
    found: dict[str, list[int]] = {"gunicorn": [], "nginx": [], "postgresql": []}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        group = int(stat.rsplit(")", 1)[1].split()[2])
        if group == server_group:
            found["gunicorn"].append(int(entry.name))
        elif group == proxy_group:
            found["nginx"].append(int(entry.name))
        elif name == "postgres":
            found["postgresql"].append(int(entry.name))
    return found


def _play(
    port: int,
    plan: list[tuple[str, Actor, dict[str, Any]]],
    rate: float,
    warmup: int,
    server_group: int,
    proxy_group: int,
) -> tuple[list[Result], float, dict[str, float], str]:
    """Send the plan with wrk (Debian's), each request at its due time, and read the
    server's CPU from its processes' own counters over the measured part."""
    folder = Path(tempfile.mkdtemp(prefix="phoihop-wrk-"))
    planned = [_request_of(kind, actor, args) for kind, actor, args in plan]
    for thread in range(THREADS):
        with open(folder / f"plan-{thread}.txt", "wb") as out:
            for index in range(thread, len(plan), THREADS):
                raw = _raw(planned[index], plan[index][1], port)
                out.write(b"%d\t%s\n" % (index, raw.replace(b"\r\n", b"\x01")))
    start = time.time() + 2.0
    measured_from = start + warmup / rate
    seconds = len(plan) / rate
    options = [f"--threads={THREADS}", f"--connections={THREADS}", "--timeout=60s"]
    options += [f"--duration={int(seconds) + 20}s", f"--script={LUA}"]
    script_args = [str(folder), repr(start), repr(rate)]
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = open(folder / "wrk.txt", "wb")  # noqa: SIM115 - wrk writes it until it ends
    wrk = subprocess.Popen(
        ["wrk", *options, f"http://127.0.0.1:{port}/", "--", *script_args], stdout=summary
    )
    time.sleep(max(0.0, measured_from - time.time()))
    parts = _processes(server_group, proxy_group)
    before = {part: _cpu_seconds(pids) for part, pids in parts.items()}
    answered = _wait_for_answers(folder, len(plan), wrk, deadline=start + seconds + 20)
    elapsed = time.time() - measured_from
    cpu = {part: _cpu_seconds(pids) - before[part] for part, pids in parts.items()}
    wrk.terminate()
    wrk.wait(timeout=30)
    summary.close()
    # wrk's own count of the connections that failed (a request lost on one is never
    # answered): "Socket errors: connect 0, read 1, write 0, timeout 0".
    errors = re.search(r"Socket errors: (.*)", (folder / "wrk.txt").read_text())
    socket_errors = errors.group(1) if errors else "none"
    client = resource.getrusage(resource.RUSAGE_CHILDREN)
    # wrk's whole run, warm-up included: its share per request is over every request.
    cpu["load_client"] = (
        (client.ru_utime + client.ru_stime - client_before.ru_utime - client_before.ru_stime)
        * (len(plan) - warmup)
        / len(plan)
    )
    results = []
    for index, request in enumerate(planned):
        due = start + index / rate
        status, sent, done = answered.get(index, (599, due, start + seconds + 20))
        ok = 200 <= status < 400
        rows = request.audit_rows if ok else 0
        results.append(Result(request.kind, status, done - due, done - sent, rows, index < warmup))
    return results, elapsed, cpu, socket_errors


def _wait_for_answers(
    folder: Path, expected: int, wrk: subprocess.Popen[bytes], deadline: float
) -> dict[int, tuple[int, float, float]]:
    """Each answered request's status and times, as the script wrote them: wait until
    all are answered, wrk ends or the deadline passes."""
    answered: dict[int, tuple[int, float, float]] = {}
    while True:
        answered = {}
        for log in folder.glob("done-*.txt"):
            for line in log.read_text().splitlines():
                fields = line.split()
                if len(fields) == 4:
                    answered[int(fields[0])] = (int(fields[1]), float(fields[2]), float(fields[3]))
        if len(answered) >= expected or wrk.poll() is not None or time.time() > deadline:
            return answered
        time.sleep(1.0)


def _percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:  # a short run may send a kind once, or never
        return {"max_ms": round(values[0] * 1000, 1)} if values else {}
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _audit_count() -> int:
    from phoihop.audit.models import AuditEvent

    return AuditEvent.objects.count()


def prepare(cases: int) -> tuple[str, dict[str, str]]:
    """The province dataset (built once, then reused), production settings in this
    process, and the site's cache table and static files: what the server needs."""
    _log("dataset: tests.bench.national --prepare-only --keep")
    national_bench = [sys.executable, "-m", "tests.bench.national", "--keep"]
    subprocess.run(
        [*national_bench, "--prepare-only", f"--cases={cases}"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    var_dir = tempfile.mkdtemp(prefix="phoihop-load-")
    env = _server_env(var_dir)
    os.environ.update(env)
    import django

    django.setup()
    for command in (["createcachetable", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([str(BIN / "phoihop"), *command], env=env, cwd=ROOT, check=True)
    return var_dir, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=160.0, help="requests a second")
    parser.add_argument("--seconds", type=int, default=300, help="measured duration")
    parser.add_argument("--warmup", type=int, default=15, help="seconds not counted")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--cases", type=int, default=100_000, help="the dataset's size")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--only", choices=sorted(MIX), default="", help="one kind of request instead of the mix"
    )
    options = parser.parse_args()

    var_dir, env = prepare(options.cases)
    readers, writers = _actors(per_province=2, cases_per_actor=400, seed=options.seed)
    warmup = int(options.warmup * options.rate)
    count = warmup + int(options.seconds * options.rate)
    plan = _plan(count, readers, writers, options.seed, options.only)
    _log(f"{len(readers)} readers, {len(writers)} writers, {count} requests planned")

    port = _free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(os.path.join(var_dir, "gunicorn.log"), "w"),  # noqa: SIM115
    )
    front = _free_port()
    proxy = _proxy(var_dir, front, port)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("HEAD", "/")
                http.client.HTTPConnection("127.0.0.1", front, timeout=1).request("HEAD", "/")
                break
            except OSError:
                time.sleep(0.2)
        audit_before = _audit_count()
        _log(f"playing {options.rate:g}/s for {options.warmup}+{options.seconds} s")
        played, elapsed, cpu, socket_errors = _play(
            front, plan, options.rate, warmup, server.pid, proxy.pid
        )
        audit_after = _audit_count()
    finally:
        for process in (proxy, server):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)

    expected_rows = sum(r.audit_rows for r in played)
    results = [r for r in played if not r.warm]
    statuses: dict[str, int] = {}
    for r in results:
        statuses[str(r.status)] = statuses.get(str(r.status), 0) + 1
    errors = sum(1 for r in results if r.status >= 400)
    answered = sum(1 for r in results if r.status != 599)
    server_cpu = cpu["gunicorn"] + cpu["nginx"] + cpu["postgresql"]
    by_kind = {
        kind: {
            "count": sum(1 for r in results if r.kind == kind),
            **_percentiles([r.latency for r in results if r.kind == kind]),
            "service_p50_ms": _percentiles([r.service for r in results if r.kind == kind]).get(
                "p50_ms"
            ),
        }
        for kind in MIX
    }
    report = {
        "benchmark": "load",
        "target": "160 requests a second for 5 minutes, p95 under 500 ms, no error, "
        "no audit row missing",
        "server": f"nginx, gunicorn with {options.workers} workers, config.settings.prod, "
        "PostgreSQL",
        "dataset_cases": options.cases,
        "requests_of": options.only or "the mix",
        "rate_asked": options.rate,
        "requests": len(results),
        "seconds": round(elapsed, 1),
        "requests_per_second": round(answered / elapsed, 1),
        "cpu_ms_per_request": {
            "server": round(server_cpu * 1000 / max(answered, 1), 2),
            **{part: round(seconds * 1000 / max(answered, 1), 2) for part, seconds in cpu.items()},
        },
        "cpu_cores_busy": {part: round(seconds / elapsed, 2) for part, seconds in cpu.items()},
        "latency_from_due": _percentiles([r.latency for r in results]),
        "service_time": _percentiles([r.service for r in results]),
        "errors": errors,
        "client_socket_errors": socket_errors,
        "statuses": statuses,
        "by_kind": by_kind,
        "audit": {
            "rows_written": audit_after - audit_before,
            "rows_expected": expected_rows,
            "missing": expected_rows - (audit_after - audit_before),
        },
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
