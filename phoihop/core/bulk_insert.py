"""Many rows into one table, without building a model instance per row.

An import writes tens of thousands of decisions, clocks and participations at once;
Django's ``bulk_create`` prepares each field of each instance in Python, which costs
more than the database's work. Here the caller gives plain values in the table's column
order: PostgreSQL takes them through COPY, SQLite through one prepared INSERT run for
every row. Only for rows whose ids the caller does not need (``bulk_create`` returns
them); JSON columns are given as Python values and encoded here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    table: str | None = None,
) -> int:
    """Insert ``rows`` (values in the order of ``columns``, the fields' column names) into
    the model's table (or ``table``, one of the same columns), inside the caller's
    transaction. Returns how many."""
    table = table or model._meta.db_table
    encoded = _json_columns(model, columns)
    moments = _moment_columns(model, columns) if connection.vendor == "sqlite" else set()
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_encoded(row, encoded))
                    count += 1
            return count
        # SQLite keeps a moment as text in UTC: Django's own adaptation, or the rows
        # would read back in another zone than those the ORM wrote.
        adapt = connection.ops.adapt_datetimefield_value
        values = [
            [adapt(v) if i in moments else v for i, v in enumerate(_encoded(row, encoded))]
            for row in rows
        ]
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", values
        )
        return len(values)


def _json_columns(model: type[models.Model], columns: Sequence[str]) -> set[int]:
    by_column = {f.column: f for f in model._meta.concrete_fields}
    return {i for i, c in enumerate(columns) if isinstance(by_column[c], models.JSONField)}


def _moment_columns(model: type[models.Model], columns: Sequence[str]) -> set[int]:
    by_column = {f.column: f for f in model._meta.concrete_fields}
    return {i for i, c in enumerate(columns) if isinstance(by_column[c], models.DateTimeField)}


def _encoded(row: Sequence[Any], json_columns: set[int]) -> Sequence[Any]:
    if not json_columns:
        return row
    return [
        json.dumps(value, ensure_ascii=False) if i in json_columns else value
        for i, value in enumerate(row)
    ]
