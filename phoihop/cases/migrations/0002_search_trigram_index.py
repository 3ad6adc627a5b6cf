"""On PostgreSQL, a trigram index makes the diacritic-blind search (LIKE '%word%' on the
folded search_text) an index scan at national scale. SQLite has no such index; the
embedded default stays a scan, which is fast enough for a province."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS cases_case_search_trgm ON cases_case "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS cases_case_search_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
