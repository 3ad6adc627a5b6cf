"""Read replicas: PostgreSQL streaming standbys (``PHOIHOP_REPLICA_URLS``) take the heavy
reads off the primary, and nothing else.

A read goes to a replica only when all of these hold, and to the primary otherwise:

- it runs inside ``reads_from_replica()`` (views: ``@heavy_read``). The views choose:
  the overview, the reports, the exports, the lists and the public page, whose answers
  may be a few seconds old. A case page, a form, a permission check, never;
- it is not inside a transaction: what a transaction reads decides what it writes;
- the request (or the block, outside a request) has written nothing so far: a request
  reads back what it wrote;
- the user has not written in the last few seconds (read-your-writes): a request that
  wrote pins its user to the primary for ``pin_seconds()``, in the site's shared cache,
  so every app server and every tab of theirs sees the pin;
- no pin named by the block is set: the public page names the one every publication
  sets, so its cache is never filled from a replica that has not seen the release;
- the table is not one that says who is asking or what is shared between processes
  (sessions, accounts, authenticators, lockouts, the cache, the task queue): a user
  disabled a second ago, a lockout, a rate count must never be read stale;
- a replica is reachable and has replayed the primary's log to within
  ``PHOIHOP_REPLICA_MAX_LAG_SECONDS``, as last checked (at most every
  ``PHOIHOP_REPLICA_CHECK_SECONDS``, per process).

A replica that fails during a heavy-read view (stopped, its connection lost, a query
cancelled by a recovery conflict) costs no error page: the view runs again on the
primary, and the replica is set aside until the next check."""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# Tables read on the primary always, and whose writes do not pin a user: who is asking
# and what every process shares. A write to them (a session touched, a login attempt
# counted) changes nothing a heavy read shows.
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "accounts",
        "auth",
        "otp_totp",
        "otp_static",
        "axes",
        "django_cache",
        "django_tasks_database",
    }
)
# The same for single tables of other apps: the day's comparable durations
# (reports.ComparableCurve) are kept computations, as the cache is, written by whichever
# page first weighs a clock's risk.
PRIMARY_ONLY_MODELS = frozenset({"reports.comparablecurve"})
# A replica found unreachable is not tried again for this many checks: each try may
# wait for a connection timeout, and a dead standby does not come back in seconds.
_UNREACHABLE_CHECKS = 5

Reader = TypeVar("Reader", bound=Callable[..., Any])


@dataclass
class _Scope:
    """One request's (or, outside a request, one block's) routing state."""

    who: Callable[[], Any]  # whose pin applies: read only when a heavy read asks
    depth: int = 0  # nested heavy-read blocks open
    pins: tuple[str, ...] = ()  # pins named by the open blocks
    wrote: bool = False
    primary_only: bool = False  # a replica failed during this scope
    replica: str | None = None  # the replica chosen for this scope ("" for none)
    known_pins: dict[str, bool] = field(default_factory=dict)


_scope: ContextVar[_Scope | None] = ContextVar("phoihop_replica_scope", default=None)


@dataclass(frozen=True)
class _Health:
    usable: bool
    until: float  # time.monotonic()


# Per process, on purpose: a health check per process every few seconds costs two tiny
# queries, and sharing it would need a store of its own. Nothing a user sees depends on
# it but which copy of the same data answers.
_health: dict[str, _Health] = {}


def replicas() -> list[str]:
    return list(settings.PHOIHOP_REPLICAS)


def pin_seconds() -> int:
    """How long a writer reads the primary: past it, a replica the router would still use
    has replayed the write (it lagged at most the bound when last checked, at most one
    check ago). Whole seconds, rounded up: Redis keeps no fraction of one."""
    bound = settings.PHOIHOP_REPLICA_MAX_LAG_SECONDS + settings.PHOIHOP_REPLICA_CHECK_SECONDS
    return max(1, math.ceil(bound))


def pin_to_primary(name: str) -> None:
    """Send the heavy reads that name ``name`` (a user's ``user:<pk>``, or a block's pin)
    to the primary for ``pin_seconds()``."""
    if not replicas():
        return
    try:
        cache.set(_pin_key(name), True, pin_seconds())
    except Exception:  # the cache down: its own errors show elsewhere, the write stands
        logger.warning("could not pin %s to the primary", name, exc_info=True)


def user_pin(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return f"user:{user.pk}"


@contextmanager
def reads_from_replica(*, user: Any = None, pins: Sequence[str] = ()) -> Iterator[_Scope]:
    """The reads of the block may go to a replica (see the module's docstring).
    Outside a request the block is a scope of its own: ``user`` names whose pin
    applies (a job's owner)."""
    scope = _scope.get()
    token = None
    if scope is None:
        scope = _Scope(who=lambda: user)
        token = _scope.set(scope)
    saved = scope.pins
    scope.depth += 1
    scope.pins = (*saved, *pins)
    try:
        yield scope
    finally:
        scope.depth -= 1
        scope.pins = saved
        if token is not None:
            _scope.reset(token)


def heavy_read(
    read: Reader, *, pins: Sequence[str] = (), user_of: Callable[..., Any] | None = None
) -> Reader:
    """A view (or a job's work, whose owner ``user_of`` names from its arguments) whose
    reads may go to a replica; if the replica fails under it before it wrote anything, it
    runs again on the primary."""

    @wraps(read)
    def heavy(*args: Any, **kwargs: Any) -> Any:
        user = user_of(*args, **kwargs) if user_of else None
        with reads_from_replica(user=user, pins=pins) as scope:
            try:
                return read(*args, **kwargs)
            except Error:
                failed = scope.replica
                if not failed or scope.wrote:
                    raise
                logger.warning("replica %s failed, the primary answers", failed, exc_info=True)
                _set_aside(failed, checks=1, close=True)
                scope.primary_only = True
            # Still in the scope: a job's owner's scope ends with its work.
            return read(*args, **kwargs)

    return heavy  # type: ignore[return-value]


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        scope = _scope.get()
        if (
            scope is None
            or not scope.depth
            or scope.wrote
            or scope.primary_only
            or _primary_only(model)
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
            or not replicas()
        ):
            # Said, not left to Django: its fallback is the hinted instance's database,
            # which for a row read in a heavy block is the replica.
            return DEFAULT_DB_ALIAS
        if _pinned(scope):
            return DEFAULT_DB_ALIAS
        if scope.replica is None:
            scope.replica = _choose() or ""
        return scope.replica or DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None and not _primary_only(model):
            scope.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # a replica holds the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db in replicas() else None  # replicas follow the primary's log


class ReplicaScopeMiddleware:
    """One routing scope per request; after a request that wrote, its user reads the
    primary for a few seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replicas():
            return self.get_response(request)
        # The user as the request ends up knowing it: the API's token sets it after us.
        scope = _Scope(who=lambda: getattr(request, "user", None))
        token = _scope.set(scope)
        try:
            response = self.get_response(request)
        finally:
            _scope.reset(token)
        pin = user_pin(getattr(request, "user", None)) if scope.wrote else None
        if pin:
            pin_to_primary(pin)
        return response


def replica_health_forget() -> None:
    """Check every replica again at the next heavy read (tests, after a replica moved)."""
    _health.clear()


def _primary_only(model: Any) -> bool:
    return model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label_lower in (
        PRIMARY_ONLY_MODELS
    )


def _pin_key(name: str) -> str:
    return f"replica-pin:{name}"


def _pinned(scope: _Scope) -> bool:
    names = [*scope.pins, user_pin(scope.who())]
    asked = [name for name in names if name and name not in scope.known_pins]
    if asked:
        try:
            found = cache.get_many([_pin_key(name) for name in asked])
        except Exception:  # no way to know who wrote: the primary is always right
            logger.warning("could not read the replica pins", exc_info=True)
            return True
        for name in asked:
            scope.known_pins[name] = _pin_key(name) in found
    return any(scope.known_pins.get(name, False) for name in names if name)


def _choose() -> str | None:
    candidates = replicas()
    for alias in random.sample(candidates, len(candidates)):
        if _usable(alias):
            return alias
    return None


def _usable(alias: str) -> bool:
    moment = time.monotonic()
    known = _health.get(alias)
    if known is not None and moment < known.until:
        return known.usable
    reason = _problem(alias)
    if reason is None:
        _health[alias] = _Health(True, moment + settings.PHOIHOP_REPLICA_CHECK_SECONDS)
        return True
    if known is None or known.usable:
        logger.warning("replica %s set aside: %s", alias, reason)
    unreachable = reason == "unreachable"
    _set_aside(alias, checks=_UNREACHABLE_CHECKS if unreachable else 1, close=unreachable)
    return False


def _set_aside(alias: str, *, checks: int, close: bool) -> None:
    until = time.monotonic() + checks * settings.PHOIHOP_REPLICA_CHECK_SECONDS
    _health[alias] = _Health(False, until)
    if close:  # a connection that failed is not reused: the next check connects afresh
        with suppress(Error):
            connections[alias].close()


def _problem(alias: str) -> str | None:
    """Why the replica cannot answer now, or None.

    Fresh means: it has replayed everything the primary had written when asked, or the
    last transaction it replayed committed within the bound. The replay timestamp alone
    would do neither: it stops moving while the primary is idle, and a replica that
    has replayed everything is not late however old its last commit."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (written,) = cursor.fetchone()
    except Error:
        return "the primary's log position is unknown"
    replica = connections[alias]
    try:
        replica.close_if_health_check_failed()
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn, "
                "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())",
                [written],
            )
            standby, caught_up, behind_seconds = cursor.fetchone()
    except Error:
        return "unreachable"
    if not standby:  # promoted: no longer follows this primary
        return "not a standby"
    if caught_up:
        return None
    if behind_seconds is None or behind_seconds > settings.PHOIHOP_REPLICA_MAX_LAG_SECONDS:
        return f"behind by {behind_seconds} s"
    return None
