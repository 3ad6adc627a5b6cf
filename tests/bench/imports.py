"""Benchmark: import a template file of N rows (default 10,000: 5,000 cases with two
decisions each) into a fresh database, then import the same file again. Prints one
JSON object with both times, and beside them the floor: the same decisions written
again as plain rows (COPY on PostgreSQL, one prepared INSERT on SQLite) into a copy of
their table.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("PHOIHOP_VAR_DIR", tempfile.mkdtemp(prefix="phoihop-bench-"))
    import django

    django.setup()
    from django.db import connection

    from phoihop.agencies.services import registry_load
    from phoihop.cases.importing.apply import import_file
    from phoihop.cases.models import Case, CaseEvent
    from phoihop.core.clock import now
    from phoihop.demo.users import demo_users_create
    from tests.integration.imports import sheets

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        registry_load()
        demo_users_create()
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="dieutra.ag")
        content = sheets.xlsx(sheets.cases(options.rows // 2))
        timings = []
        outcomes = []
        for _ in range(2):
            started = time.perf_counter()
            _, outcome = import_file(
                user=user, stream=io.BytesIO(content), name="bench.xlsx", partial=False, now=now()
            )
            timings.append(time.perf_counter() - started)
            outcomes.append(outcome)
        floor = _plain_rows_per_second()
        print(
            json.dumps(
                {
                    "benchmark": "import",
                    "database": connection.vendor,
                    "rows": outcomes[0].rows,
                    "file_bytes": len(content),
                    "first_import_seconds": round(timings[0], 2),
                    "rows_per_second": round(outcomes[0].rows / timings[0]),
                    "cases_created": outcomes[0].cases_created,
                    "decisions_recorded": outcomes[0].decisions_recorded,
                    "errors": len(outcomes[0].errors),
                    "second_import_seconds": round(timings[1], 2),
                    "second_import_rows_per_second": round(outcomes[1].rows / timings[1]),
                    "plain_decision_rows_per_second": floor,
                    "second_import_changed": outcomes[1].cases_created
                    + outcomes[1].cases_updated
                    + outcomes[1].decisions_recorded,
                    "cases": Case.objects.count(),
                    "decisions": CaseEvent.objects.count(),
                }
            )
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


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
