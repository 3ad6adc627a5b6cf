"""Sums of money that cannot overflow, on either database.

An amount is a 64-bit integer of đồng (at most 10^15 an entry, 10^18 of one kind on one
case: phoihop.domain.amounts), but a sum over a province's or the nation's cases is not
bounded by either. PostgreSQL sums a bigint column as numeric, exact at any size.
SQLite sums integers in 64 bits and stops with "integer overflow" past 2^63; there the
sum is this module's own aggregate, in Python integers, exact at any size too.

``MoneySum`` is the ORM's ``Sum`` for such columns, always answering a Python int;
``money_sum_function`` names the same aggregate for raw SQL (a window's ``OVER ()``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

SQLITE_MONEY_SUM = "PHOIHOP_MONEY_SUM"
_INT64 = range(-(2**63), 2**63)


class _ExactSum:
    """SQLite's aggregate (and window function): the sum of integers, of integers
    written as text (a sum past 64 bits, which SQLite cannot hold as a number) and of
    reals, as a Python int; NULL when there was nothing to add, like SUM."""

    def __init__(self) -> None:
        self.total = 0
        self.count = 0

    def step(self, value: Any) -> None:
        if value is not None:
            self.total += int(value)
            self.count += 1

    def inverse(self, value: Any) -> None:
        if value is not None:
            self.total -= int(value)
            self.count -= 1

    def value(self) -> int | str | None:
        if not self.count:
            return None
        # SQLite holds a 64-bit integer; a larger sum travels as its decimal digits.
        return self.total if self.total in _INT64 else str(self.total)

    def finalize(self) -> int | str | None:
        return self.value()


def _register_on_sqlite(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_window_function(SQLITE_MONEY_SUM, 1, _ExactSum)


# Connected when the app is ready (phoihop.core.apps), before any connection opens.
connection_created.connect(_register_on_sqlite, dispatch_uid="phoihop.core.money")


def money_sum_function(connection: BaseDatabaseWrapper) -> str:
    """The SQL aggregate that sums money exactly on ``connection``'s database."""
    return SQLITE_MONEY_SUM if connection.vendor == "sqlite" else "SUM"


class MoneySum(models.Sum):
    """``Sum`` of an amount of đồng that neither overflows nor rounds: a Python int
    (PostgreSQL's numeric and the SQLite aggregate's text are turned into one), None
    over no rows."""

    output_field = models.BigIntegerField()  # read as an int, whatever its size

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sqlite(compiler, connection, function=SQLITE_MONEY_SUM, **extra_context)
