"""Benchmark: import a template file of N rows (default 10,000) into a fresh database,
then import the same file again. Two shapes of file, each as .xlsx and as .csv:
"pairs", cases of two decisions each (an agency's new cases of the week), and
"register", cases of ten decisions each (an investigation body's register brought in
whole, ``sheets.registers``). Prints one JSON object with the times, and beside them
the floor: the same decisions written again as plain rows (COPY on PostgreSQL, one
prepared INSERT on SQLite) into a copy of their table.

Then the rate by the file's size (``by_size``): files of 1,000, 2,000, 4,000 and 16,000
rows (``--sizes``; of each size as many files as make the largest, the sizes played
interleaved so that the machine's drift falls on all alike) of new cases
("pairs", "register", written by sets), and files of a new
decision for each of as many cases already in the record ("known", through the services
row by row, at a quarter of those sizes: it is the slow path). An import's cost per row
must not grow with the file: the rates of one shape stay within a fifth of each other.

    DJANGO_SETTINGS_MODULE=config.settings.test python -m tests.bench.imports --rows 10000

Runs on the test settings' database (SQLite under a temporary folder, or PostgreSQL
when PHOIHOP_TEST_DATABASE_URL is set), created and destroyed here."""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--sizes",
        default="1000,2000,4000,16000",
        help="rows of the files by size, comma-separated",
    )
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("PHOIHOP_VAR_DIR", tempfile.mkdtemp(prefix="phoihop-bench-"))
    import django

    django.setup()
    from django.db import connection

    from phoihop.agencies.services import registry_load
    from phoihop.cases.models import Case, CaseEvent
    from phoihop.demo.users import demo_users_create
    from tests.integration.imports import sheets

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        registry_load()
        demo_users_create()
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="dieutra.ag")
        shapes = {
            "pairs": lambda prefix: sheets.cases(options.rows // 2, prefix=prefix),
            "register": lambda prefix: sheets.registers(
                options.rows // len(sheets.REGISTER), prefix=prefix
            ),
        }
        result: dict[str, Any] = {"benchmark": "import", "database": connection.vendor}
        for shape, rows_of in shapes.items():
            for kind, write in (("xlsx", sheets.xlsx), ("csv", sheets.csv_bytes)):
                # Each file its own case numbers: it opens its cases beside the others'.
                content = write(rows_of(f"{shape[0]}{kind}".upper()))
                seconds, outcome = _timed_import(user, content, kind)
                again, second = _timed_import(user, content, kind)
                if outcome.errors or second.cases_created + second.decisions_recorded:
                    raise SystemExit(f"{shape} {kind}: {outcome.errors[:3]}, again {second}")
                result[f"{shape}_{kind}"] = {
                    "rows": outcome.rows,
                    "cases_created": outcome.cases_created,
                    "file_bytes": len(content),
                    "seconds": round(seconds, 2),
                    "rows_per_second": round(outcome.rows / seconds),
                    "second_import_seconds": round(again, 2),
                    "second_import_rows_per_second": round(second.rows / again),
                }
        result["plain_decision_rows_per_second"] = _plain_rows_per_second()
        sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
        result["by_size"] = _by_size(user, sizes, today=_today())
        result["cases"] = Case.objects.count()
        result["decisions"] = CaseEvent.objects.count()
        print(json.dumps(result))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _today() -> Any:
    from django.utils import timezone

    from phoihop.core.clock import now

    return timezone.localdate(now())


def _by_size(user: Any, sizes: list[int], *, today: Any) -> dict[str, dict[str, float]]:
    """Rows a second by the file's size, for each shape: the cost per row must not grow
    with the file (an import's transaction must not slow as it holds more)."""
    import datetime as dt

    from tests.integration.imports import sheets

    start = today - dt.timedelta(days=320)
    rates: dict[str, dict[str, float]] = {"pairs": {}, "register": {}, "known": {}}
    largest = max(sizes)
    # As many files of each size as make the largest one: each size's rate is over the
    # same number of rows (a file of 1,000 rows takes a fifth of a second, too short to
    # time once), each file an import of its own with its fixed costs. The files of all
    # sizes are played interleaved, each size's spread evenly over the run (the 16,000
    # rows in its middle): this machine's speed drifts by a fifth within minutes, and
    # sizes played one after the other would differ by the drift, not by the import.
    played = sorted(
        (
            ((number + 0.5) / (largest // size), shape, size, number)
            for size in sizes
            for number in range(largest // size)
            for shape in ("pairs", "register")
        ),
    )
    rows_done: dict[tuple[str, int], int] = {}
    seconds: dict[tuple[str, int], float] = {}
    for _, shape, size, number in played:
        prefix = f"B{shape[0].upper()}{size}-{number}"
        rows = (
            sheets.cases(size // 2, start=start, prefix=prefix)
            if shape == "pairs"
            else sheets.registers(size // len(sheets.REGISTER), prefix=prefix)
        )
        took, outcome = _timed_import(user, sheets.csv_bytes(rows), "csv")
        _check(shape, outcome)
        rows_done[shape, size] = rows_done.get((shape, size), 0) + outcome.rows
        seconds[shape, size] = seconds.get((shape, size), 0.0) + took
    for shape, size in sorted(rows_done, key=lambda key: key[1]):
        rates[shape][str(size)] = round(rows_done[shape, size] / seconds[shape, size], 1)
    for size in sizes:
        known = size // 4
        prefix = f"BK{size}"
        _timed_import(
            user, sheets.csv_bytes(sheets.cases(known, start=start, prefix=prefix)), "csv"
        )
        later = [
            sheets.row(
                external_id=f"{prefix}-{number:06d}",
                title=f"Vụ án vi phạm quy định về đấu thầu số {number}",
                charges="",
                decision="Yêu cầu định giá tài sản",
                date=(today - dt.timedelta(days=10)).strftime("%d/%m/%Y"),
                doc_number=f"{number}/YC-ĐG",
            )
            for number in range(known)
        ]
        took, outcome = _timed_import(user, sheets.csv_bytes(later), "csv")
        _check("known", outcome)
        rates["known"][str(known)] = round(outcome.rows / took, 1)
    for figures in rates.values():
        if figures:
            figures["spread"] = round(max(figures.values()) / min(figures.values()), 2)
    return rates


def _check(shape: str, outcome: Any) -> None:
    if outcome.errors or not outcome.written:
        raise SystemExit(f"by size, {shape}: {outcome.errors[:3]}")


def _timed_import(user: Any, content: bytes, kind: str) -> tuple[float, Any]:
    from phoihop.cases.importing.apply import import_file
    from phoihop.core.clock import now

    started = time.perf_counter()
    _, outcome = import_file(
        user=user, stream=io.BytesIO(content), name=f"bench.{kind}", partial=False, now=now()
    )
    return time.perf_counter() - started, outcome


def _plain_rows_per_second() -> int:
    """The decisions just imported, written again as plain rows into a scratch copy of
    their table: what the database alone costs."""
    from django.db import connection, transaction

    from phoihop.cases.importing.batch import EVENT_COLUMNS
    from phoihop.cases.models import CaseEvent
    from phoihop.core.bulk_insert import insert_rows

    rows = list(CaseEvent.objects.values_list(*EVENT_COLUMNS))
    table = CaseEvent._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE scratch AS SELECT * FROM {table} WHERE 1 = 0")
        started = time.perf_counter()
        insert_rows(CaseEvent, EVENT_COLUMNS, rows, table="scratch")
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return round(len(rows) / seconds)


if __name__ == "__main__":
    main()
