"""The rate counts kept unlogged on PostgreSQL: every API request writes its count, and a
logged table would make each of those a write-ahead log record flushed at commit (and
sent to every replica). A count is worth nothing after a crash: PostgreSQL empties an
unlogged table then, and every caller starts a new window. The replicas have none of
its rows; the counts are read and written on the primary only (core/rate_limit.py)."""

from django.db import migrations


def _set(logged: bool):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite has no write-ahead log per table
        table = schema_editor.quote_name(apps.get_model("core", "RateWindow")._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} SET {'LOGGED' if logged else 'UNLOGGED'}")

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0003_ratewindow")]

    operations = [migrations.RunPython(_set(logged=False), _set(logged=True))]
