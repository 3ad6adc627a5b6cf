"""Where the load's CPU goes: each request kind of the morning peak, one at a time.

Replays the load benchmark's own plan (``tests.bench.load``: the same actors, the same
mix, production settings, the province dataset on PostgreSQL) inside this process
through Django's test client, and for each kind reports what one request costs:

- ``queries``: SQL statements sent;
- ``python_ms``: CPU of this process (the request's Python: middleware, views,
  templates, the database driver);
- ``templates_ms``: wall time inside template rendering (outermost render only), a part
  of the above;
- ``db_wall_ms``: wall time waiting on the database, and ``db_cpu_ms``: CPU of the
  PostgreSQL backend serving this connection, read from its own counters
  (``/proc/<backend pid>/stat``), so the database's share is not guessed.

    .venv/bin/python -m tests.bench.profile_mix [--per-kind 40] [--cases 100000]

No load client, no network: a request's cost here is the server's alone. The figures
are medians over ``--per-kind`` requests after one warm-up request of each kind."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from tests.bench import load

ROOT = Path(__file__).resolve().parents[2]


def _backend_cpu(pid: int) -> float:
    """CPU seconds a PostgreSQL backend has run, from the scheduler's own counter
    (nanoseconds; /proc/<pid>/stat counts in ticks of 10 ms, too coarse for one query)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


class Meter:
    """Counts queries and their wall time on the default connection, and template time."""

    def __init__(self) -> None:
        self.queries = 0
        self.db_wall = 0.0
        self.templates = 0.0
        self._depth = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.db_wall += time.perf_counter() - started
            self.queries += 1

    @contextmanager
    def template(self) -> Iterator[None]:
        self._depth += 1
        started = time.perf_counter()
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self.templates += time.perf_counter() - started


def _time_templates(meter: Meter) -> None:
    """Measure template rendering where every template is rendered: the Django backend's
    ``Template.render`` (pages, and form widgets through the form renderer)."""
    from django.template.backends.django import Template

    original = Template.render

    def render(self: Any, context: Any = None, request: Any = None) -> Any:
        with meter.template():
            return original(self, context, request)

    Template.render = render  # type: ignore[method-assign]


def _request(client: Any, kind: str, actor: load.Actor, args: dict[str, Any]) -> int:
    """The load client's request of this kind, sent through the test client."""
    case = int(args["case"])
    secure = {"secure": True, "headers": {"X-Forwarded-For": "10.20.0.1"}}
    bearer = {"secure": True, "headers": {"Authorization": f"Bearer {actor.token}"}}
    client.cookies.clear()  # the API is called with its token alone, as agencies' systems do
    if not kind.startswith("api_"):
        client.cookies["sessionid"] = actor.session
        client.cookies["csrftoken"] = actor.csrf
    person = {"full_name": f"Người liên quan {time.perf_counter_ns() % 10**9}", "role": "other"}
    paths = {
        "page_case": f"/cases/{case}/",
        "page_list": "/",
        "search": f"/?q={quote(args.get('q', ''))}",
        "dashboard": "/overview/",
        "api_case": f"/api/v1/cases/{case}",
        "api_events": f"/api/v1/cases/{case}/events",
        "api_clocks": f"/api/v1/cases/{case}/clocks",
    }
    if kind in paths:
        options = bearer if kind.startswith("api_") else secure
        return int(client.get(paths[kind], **options).status_code)
    version = args["version"]
    if kind == "api_write":
        body = json.dumps({**person, "version": version})
        return int(
            client.post(
                f"/api/v1/cases/{case}/persons", body, content_type="application/json", **bearer
            ).status_code
        )
    if kind == "page_write":
        form = {f"person-{name}": value for name, value in {**person, "version": version}.items()}
        origin = "https://127.0.0.1"
        headers = {"X-CSRFToken": actor.csrf, "Origin": origin, "Referer": origin + "/"}
        return int(
            client.post(
                f"/cases/{case}/persons/",
                urlencode(form),
                content_type="application/x-www-form-urlencoded",
                secure=True,
                headers=headers,
            ).status_code
        )
    raise ValueError(kind)


def _version(case_id: int) -> int:
    from phoihop.cases.models import Case

    return int(Case.objects.values_list("version", flat=True).get(pk=case_id))


def _profile(per_kind: int, seed: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    readers, writers = load._actors(per_province=1, cases_per_actor=400, seed=seed)
    plan = load._plan(per_kind * len(load.MIX) * 4, readers, writers, seed)
    meter = Meter()
    _time_templates(meter)
    client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = int(cursor.fetchone()[0])
    figures: dict[str, list[dict[str, float]]] = {kind: [] for kind in load.MIX}
    warmed: set[str] = set()
    for kind, actor, args in plan:
        if len(figures[kind]) >= per_kind:
            continue
        if kind not in warmed:
            warmed.add(kind)
            _request(client, kind, actor, args)
            continue
        if kind.endswith("_write"):  # read before the meter: the load client knows it
            args = {**args, "version": _version(args["case"])}
        meter.queries, meter.db_wall, meter.templates = 0, 0.0, 0.0
        with connection.execute_wrapper(meter):
            db_before = _backend_cpu(backend)
            cpu_before = time.process_time()
            status = _request(client, kind, actor, args)
            cpu = time.process_time() - cpu_before
            db_cpu = _backend_cpu(backend) - db_before
        # A page read answers 200; a redirect is the sign-in page, not the page measured.
        if status >= 400 or (status != 200 and not kind.endswith("_write")):
            raise SystemExit(f"{kind} answered {status}")
        figures[kind].append(
            {
                "queries": meter.queries,
                "python_ms": cpu * 1000,
                "templates_ms": meter.templates * 1000,
                "db_wall_ms": meter.db_wall * 1000,
                "db_cpu_ms": db_cpu * 1000,
            }
        )
    by_kind = {
        kind: {
            "n": len(rows),
            **{
                name: round(statistics.median(row[name] for row in rows), 2)
                for name in ("queries", "python_ms", "templates_ms", "db_wall_ms", "db_cpu_ms")
            },
        }
        for kind, rows in figures.items()
        if rows
    }
    weighted = {
        name: round(sum(load.MIX[k] * v[name] for k, v in by_kind.items()), 2)
        for name in ("queries", "python_ms", "db_cpu_ms")
    }
    return {"by_kind": by_kind, "mix_weighted_mean_of_medians": weighted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-kind", type=int, default=40, help="requests measured per kind")
    parser.add_argument("--cases", type=int, default=100_000, help="the dataset's size")
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    load.prepare(options.cases)
    report = {
        "benchmark": "profile_mix",
        "settings": "config.settings.prod, PostgreSQL, in-process test client",
        "dataset_cases": options.cases,
        "per_kind": options.per_kind,
        **_profile(options.per_kind, options.seed),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
