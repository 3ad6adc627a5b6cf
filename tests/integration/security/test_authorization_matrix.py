"""The authorization matrix (issue 7, item 3): every URL pattern and every API
operation, requested by every kind of user — signed out, viewer, officer, leader,
coordinator, agency administrator, system administrator, in An Giang, Hà Nội and the
centre — against a case they may see, a case of another province and a case above
their clearance. Each answer must be the policy's (allowed; 404 for what must not be
seen and for what the role may not do; sign-in for the signed out), a refused write
changes nothing, and no answer carries a canary word of a record the user may not see.

A route the resolver or the OpenAPI description knows and the matrix does not fails
the first test: a new page or operation needs its entry in routes.py."""

from __future__ import annotations

import copy
import io
import json
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.template.base import Template
from django.test import Client
from django.test.utils import _TestState
from django.urls import URLResolver, get_resolver

from phoihop.audit.models import AuditEvent
from phoihop.cases.exports import to_csv
from phoihop.cases.importing.columns import COLUMNS
from phoihop.core.api import api
from phoihop.reports.models import ComparableCurve
from tests.integration.security import routes
from tests.integration.security.routes import Expect, Probe, Who
from tests.integration.security.scenario import (
    BUNDLES,
    MATRIX_USERS,
    VISIBLE_CASES,
    Scenario,
    build,
)
from tests.jobs import run_queued_jobs
from tests.signin import authenticator_for, sign_in, signing_form

SUMMARY = pytest.StashKey[list[str]]()
SIGN_IN_PAGES = ("/accounts/login/", "/admin/login/")
# A write answered so must have changed nothing (signing out writes its audit entry; a
# superuser's admin pages are the admin's own business).
WATCHED = frozenset(
    {Expect.HIDDEN, Expect.REFUSED, Expect.SIGN_IN, Expect.BOUNCE, Expect.TAKEN, Expect.METHOD}
)


# What exists -------------------------------------------------------------------------


def _patterns(resolver: Any, prefix: str = "", namespace: str = "") -> list[tuple[str, str, Any]]:
    """(key, pattern, callback) of every URL pattern, recursively; the key is the
    pattern's qualified name, or the pattern itself when it has none."""
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += _patterns(entry, prefix + str(entry.pattern), inner)
        else:
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            found.append((name or pattern, pattern, entry.callback))
    return found


def existing_routes() -> tuple[dict[str, str], set[str]]:
    """The URL patterns (key → pattern) and the API operations ("METHOD /path"), from
    Django's resolver and the API's own OpenAPI description — never a hand list."""
    patterns = {key: pattern for key, pattern, _ in _patterns(get_resolver())}
    operations = {
        f"{method.upper()} {path}"
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
    }
    return patterns, operations


def _operation_patterns() -> dict[str, str]:
    """The URL patterns django-ninja made for API operations → their OpenAPI path."""
    found = {}
    for key, pattern, callback in _patterns(get_resolver()):
        if getattr(callback, "__module__", "").startswith("ninja.operation"):
            found[key] = "/" + pattern.replace("<", "{").replace(">", "}")
    return found


def coverage() -> dict[str, Any]:
    patterns, operations = existing_routes()
    covered = routes.covered_keys()
    by_path = _operation_patterns()
    # A pattern django-ninja made is covered when every operation on its path is.
    ops_on = {
        path: {op for op in operations if op.split(" ", 1)[1] == path} for path in by_path.values()
    }
    missing_patterns = sorted(
        key
        for key in patterns
        if not (
            key in covered
            or (key in by_path and ops_on[by_path[key]] and ops_on[by_path[key]] <= covered)
        )
    )
    missing_operations = sorted(operations - covered)
    routes_existing = len(patterns) - len(by_path) + len(operations)
    stale = sorted(covered - set(patterns) - operations)
    return {
        "patterns": len(patterns),
        "patterns_covered": len(patterns) - len(missing_patterns),
        "operations": len(operations),
        "operations_covered": len(operations) - len(missing_operations),
        "routes_existing": routes_existing,
        "routes_covered": routes_existing
        - len(missing_operations)
        - len([k for k in missing_patterns if k not in by_path]),
        "missing": missing_patterns + missing_operations,
        "stale": stale,
    }


def _figures(cover: dict[str, Any]) -> list[str]:
    return [
        f"routes covered / routes existing: {cover['routes_covered']} / {cover['routes_existing']}",
        f"  URL patterns: {cover['patterns_covered']} / {cover['patterns']}"
        f" (django-ninja's count as covered with their operations)",
        f"  API operations: {cover['operations_covered']} / {cover['operations']}",
    ]


def test_every_route_has_a_matrix_entry(request, tmp_path):
    cover = coverage()
    figures = _figures(cover)
    (tmp_path / "authorization-matrix-coverage.txt").write_text("\n".join(figures) + "\n")
    request.config.stash.setdefault(SUMMARY, []).extend(figures)
    print("\n".join(figures))

    assert not cover["missing"], (
        "Routes without an entry in tests/integration/security/routes.py (say who may "
        "use each, and how to build its address): " + ", ".join(cover["missing"])
    )
    assert not cover["stale"], "Matrix entries for routes that do not exist: " + ", ".join(
        cover["stale"]
    )


# Asking ------------------------------------------------------------------------------


class Fingerprint:
    """Rows, highest id and the sum of versions of every table a write could touch, in
    one query. Reading a classified case is itself audited (case.viewed), before any
    refusal of what the user then asked: those entries are a view, not a write. The
    day's comparable durations (``ComparableCurve``) are computed by whichever page
    first weighs a clock's risk, a refused one too: kept computations, not a write."""

    def __init__(self) -> None:
        quote = connection.ops.quote_name
        labels = ("cases", "coordination", "clocks", "audit", "accounts", "reports", "publicity")
        self.names: list[str] = []
        measures = []
        models = [m for label in labels for m in apps.get_app_config(label).get_models()]
        for model in [m for m in models if m is not ComparableCurve]:
            table = quote(model._meta.db_table)
            where = ""
            if model is AuditEvent:
                where = f" WHERE {quote(model._meta.get_field('action').column)} <> 'case.viewed'"
            columns = {f.name: f.column for f in model._meta.concrete_fields}
            parts = [("rows", "COUNT(*)"), ("top", f"MAX({quote(model._meta.pk.column)})")]
            if "version" in columns:
                parts.append(("versions", f"SUM({quote(columns['version'])})"))
            for what, measure in parts:
                self.names.append(f"{model.__name__} ({what})")
                measures.append(f"(SELECT {measure} FROM {table}{where})")
        self.sql = "SELECT " + ", ".join(measures)

    def take(self) -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return tuple(cursor.fetchone())

    @staticmethod
    def writes() -> int:
        """Rows written so far, by the database's own count: one cheap query, where
        ``take`` reads every table (6 ms on PostgreSQL, thousands of times a run). The
        transaction's counters on PostgreSQL, the connection's on SQLite; a write rolled
        back still counts, so an unchanged count means nothing was written."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
                    "FROM pg_stat_xact_user_tables"
                )
            else:
                cursor.execute("SELECT total_changes()")
            return int(cursor.fetchone()[0])

    def changed(self, before: tuple[Any, ...], after: tuple[Any, ...]) -> list[str]:
        return [n for n, b, a in zip(self.names, before, after, strict=True) if b != a]


def _content(response: Any) -> bytes:
    """The body as the user receives it, the parts of a .docx or .xlsx unpacked."""
    # Reading a streamed body to its end closes it, as the test client arranges (a
    # second close would end the test's database connection).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            body = b"\n".join(package.read(name) for name in package.namelist())
    return body.lower()


def _send(client: Client, probe: Probe) -> Any:
    if probe.api and not probe.multipart:
        body = json.dumps(probe.data) if probe.data is not None else ""
        return client.generic(probe.method, probe.url, body, content_type="application/json")
    if probe.method == "GET":
        return client.get(probe.url)
    return client.post(probe.url, probe.data or {})


def _to_sign_in(response: Any) -> bool:
    return response.status_code in (301, 302, 303) and urlsplit(
        response.get("Location", "")
    ).path.startswith(SIGN_IN_PAGES)


def answer_matches(expect: Expect, probe: Probe, response: Any) -> bool:
    status = response.status_code
    to_sign_in = _to_sign_in(response)
    if expect is Expect.OK:
        # A write refused for its content or the record's state (400, 409, 422) passed
        # the access check; a refusal of access is 404 (DESIGN §5) or 403.
        return (
            200 <= status < 300
            or (300 <= status < 400 and not to_sign_in)
            or (status in (400, 409, 422))
        )
    if expect is Expect.HIDDEN:
        return status == 404
    if expect is Expect.REFUSED:
        return status in (403, 404)
    if expect is Expect.SIGN_IN:
        return status == 401 if probe.api else to_sign_in
    if expect is Expect.SIGNED_OUT:
        return to_sign_in
    if expect is Expect.STAFF:
        return status < 500 and not to_sign_in
    if expect is Expect.BOUNCE:
        return status == 302 and not to_sign_in
    if expect is Expect.TAKEN:
        return status == 409
    return status == 405


class Run:
    """Every probe of the matrix for one user, each in a transaction rolled back."""

    def __init__(self, scenario: Scenario, log: list[str]) -> None:
        self.scenario = scenario
        self.fingerprint = Fingerprint()
        self.log = log
        self.mismatches: list[str] = []
        self.leaks: list[str] = []
        self.changes: list[str] = []
        self.deviations: list[str] = []
        self.emitted: set[str] = set()
        # Canaries no answer has shown yet, to anyone: one that no page, file or API
        # answer ever shows would prove nothing by its absence.
        self.unshown = {c.token.encode() for c in scenario.canaries}
        self.requests = 0
        self.by_route: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.by_expectation: Counter[str] = Counter()
        self.writes_done = 0
        self.standing: tuple[Any, ...] = ()

    def client(self, username: str | None) -> Client:
        client = Client(raise_request_exception=False)
        if username is not None:
            sign_in(client, self.scenario.users[username])
        return client

    def user(self, username: str | None) -> None:
        who = Who(self.scenario, username)
        for bundle in self.scenario.bundles.values():
            assert who.sees(bundle.case) == (bundle.key in VISIBLE_CASES[username]), (
                f"the policy and the scenario's design differ: {username} / {bundle.key}"
            )
        hidden = [token.encode() for token in who.canaries_hidden()]
        client = self.client(username)
        # Every probe is rolled back: the record stands as it is now before each one.
        self.standing = self.fingerprint.take()
        planned: list[tuple[str, str, Probe]] = []
        for builder in routes.ONCE:
            planned += [
                (key, "", probe) for key, probes in builder(who).items() for probe in probes
            ]
        for bundle in self.scenario.bundles.values():
            for each in routes.EACH:
                planned += [
                    (key, bundle.key, probe)
                    for key, probes in each(who, bundle).items()
                    for probe in probes
                ]
        self.emitted |= {key for key, _, _ in planned}
        for key, bundle_key, probe in planned:
            expect = probe.expect
            if who.anonymous and key not in routes.PUBLIC:
                expect = Expect.SIGN_IN
            self.ask(who, client, key, bundle_key, probe, expect, hidden)

    def ask(
        self,
        who: Who,
        client: Client,
        key: str,
        bundle_key: str,
        probe: Probe,
        expect: Expect,
        hidden: list[bytes],
    ) -> None:
        watch = probe.method != "GET" and expect in WATCHED
        started = time.perf_counter()
        # Signing out deletes the session row; rolled back, the row is there again, and
        # the client gets back the cookie that names it.
        cookies = copy.deepcopy(client.cookies) if key in routes.ENDS_SESSION else None
        with transaction.atomic():
            written = self.fingerprint.writes() if watch else None
            response = _send(client, probe)
            body = _content(response)
            # Read whole only when something was written (a classified case's view is
            # audited, and the fingerprint leaves that entry out).
            wrote = watch and self.fingerprint.writes() != written
            before = self.standing if wrote else None
            after = self.fingerprint.take() if wrote else None
            transaction.set_rollback(True)
        if cookies is not None:
            client.cookies = cookies
        self.seconds[key] += time.perf_counter() - started
        self.seconds[f"user {who.username}"] += time.perf_counter() - started
        self.requests += 1
        self.by_route[key] += 1
        self.by_expectation[expect.value] += 1
        where = f"{who.username or '(signed out)':12} {probe.method:5} {probe.url}"
        where += f"  [{key}{' · ' + bundle_key if bundle_key else ''}]"
        status = response.status_code
        self.log.append(f"{where}: expected {expect.value}, got {status}")
        if probe.deviation is not None:
            self.deviations.append(
                f"{where}: the policy says {expect.value}, the product answers {status}"
                f" — {probe.deviation.finding}"
            )
            if status != probe.deviation.status:
                self.mismatches.append(
                    f"{where}: a known deviation answers {status} now, not"
                    f" {probe.deviation.status}: update its entry in routes.py"
                )
        elif not answer_matches(expect, probe, response):
            detail = f" → {response.get('Location')}" if 300 <= status < 400 else ""
            why = f" ({probe.why})" if probe.why and expect is Expect.OK else ""
            self.mismatches.append(f"{where}: expected {expect.value}{why}, got {status}{detail}")
        if expect is Expect.OK and probe.method != "GET" and status < 400:
            self.writes_done += 1
        if before is not None and after is not None and before != after:
            changed = self.fingerprint.changed(before, after)
            self.changes.append(f"{where}: refused, yet changed {', '.join(changed)}")
        self.unshown -= {token for token in self.unshown if token in body}
        shown = [token.decode() for token in hidden if token in body]
        if shown:
            self.leaks.append(f"{where} ({status}): shows {', '.join(shown)}")


def _import_file_for(scenario: Scenario) -> str:
    """A report file of a failed import by the Hà Nội officer, through the import page:
    only its importer may fetch it."""
    client = Client()
    sign_in(client, scenario.users[scenario.import_file_owner])
    rows = to_csv([c.header for c in COLUMNS], [["x"] * len(COLUMNS)])
    response = client.post(
        "/cases/import/", {"file": SimpleUploadedFile("nhap.csv", rows, "text/csv")}
    )
    return response.context["outcome"]["files"]["report_csv"]


def _job_for(scenario: Scenario) -> str:
    """A year's report, which the worker makes: its job's page, the file made."""
    owner = scenario.users[scenario.job_owner]
    client = Client()
    sign_in(client, owner)
    form = {"period": str(scenario.today.year), "format": "xlsx", **signing_form(owner.agency)}
    response = client.post("/overview/report/", form)
    assert response.status_code == 302, response.content[:2000]
    assert run_queued_jobs() == 1
    return str(response["Location"])


def _plain_template_rendering(monkeypatch: Any) -> None:
    """The test environment copies every template's context for the test client to
    show, down to each <option> of a select of the registry's 400 agencies: over
    thousands of pages that is most of the matrix's time. It reads bodies only."""
    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


@pytest.mark.django_db
def test_every_answer_matches_the_policy_and_nothing_leaks(
    request, demo_users, registry, now, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.VAR_DIR = tmp_path
    started = time.monotonic()
    scenario = build(demo_users, registry, now)
    scenario.import_file_url = _import_file_for(scenario)
    scenario.job_url = _job_for(scenario)
    _plain_template_rendering(monkeypatch)
    for username in MATRIX_USERS:
        if username is not None:
            authenticator_for(scenario.users[username])
    log: list[str] = []
    run = Run(scenario, log)

    for username in MATRIX_USERS:
        run.user(username)

    cover = coverage()
    asked = set(run.by_route)
    never_asked = sorted(routes.covered_keys() - asked)
    figures = [
        *_figures(cover),
        f"users: {len(MATRIX_USERS)}, cases: {len(BUNDLES)}, requests made: {run.requests}"
        f" ({run.writes_done} allowed writes done and rolled back)",
        "answers expected: "
        + ", ".join(f"{name} {count}" for name, count in sorted(run.by_expectation.items())),
        f"mismatches: {len(run.mismatches)}, refused writes that changed something:"
        f" {len(run.changes)}, leaks found: {len(run.leaks)}",
        f"known deviations from the policy (routes.Deviation): {len(run.deviations)}",
        f"time: {time.monotonic() - started:.1f} s",
    ]
    slowest = [f"  {key}: {seconds:.1f} s" for key, seconds in run.seconds.most_common(30)]

    report = Path(tmp_path) / "authorization-matrix.txt"
    report.write_text(
        "\n".join(
            [
                *figures,
                "time by user and by route, the longest:",
                *slowest,
                "",
                *run.mismatches,
                *run.changes,
                *run.leaks,
                "",
                "Known deviations:",
                *run.deviations,
                "",
                *log,
            ]
        )
        + "\n"
    )
    request.config.stash.setdefault(SUMMARY, []).extend([*figures, f"full log: {report}"])
    print("\n".join(figures))

    problems = [*run.mismatches, *run.changes, *run.leaks]
    assert run.emitted <= routes.covered_keys(), "Probes under keys no route has: " + ", ".join(
        sorted(run.emitted - routes.covered_keys())
    )
    assert not run.unshown, "Canaries no answer showed even to those who may see them: " + (
        ", ".join(sorted(t.decode() for t in run.unshown))
    )
    assert not never_asked, "Matrix entries that asked nothing: " + ", ".join(never_asked)
    assert not problems, f"{len(problems)} answers break the policy:\n" + "\n".join(problems)
