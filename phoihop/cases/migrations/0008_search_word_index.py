"""The case search by word beginnings (phoihop/cases/search.py), filled from the cases
already there. On PostgreSQL, a generated column of the folded text's words (the table
is rewritten once) with two GIN indexes, one over the words and one over the words
marked with the case's province, in place of the trigram index; on SQLite an FTS5 table
kept by triggers. The expressions are written out here as the code read them when this
migration was made; phoihop/cases/search.py repeats them and a test holds the two
together."""

from django.db import migrations

WORDS = (
    "to_tsvector('simple'::regconfig, regexp_replace(left(search_text, 100000), "
    "'[^[:alnum:]]+', ' ', 'g'))"
)
# Each word as "#<province id>#<word>": no typed word begins with "#", so the national
# search never meets these; positions are dropped (a phrase is checked in search_words).
# Built-in string functions only (about 13 µs a row; a subquery over the words took 70):
# PostgreSQL inlines it, and a plan that checks it row by row stays cheap. The words are
# letters and digits, so the vector's text form is its words in quotes.
PROVINCE_WORDS = (
    "CREATE FUNCTION phoihop_province_words(province bigint, words tsvector) "
    "RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT array_to_tsvector(string_to_array("
    "'#' || province::text || '#' || replace(replace(strip(words)::text, '''', ''), "
    "' ', ' #' || province::text || '#'), ' ')) $$"
)
POSTGRESQL = [
    PROVINCE_WORDS,
    f"ALTER TABLE cases_case ADD COLUMN search_words tsvector GENERATED ALWAYS AS ({WORDS}) STORED",
    "CREATE INDEX cases_case_words ON cases_case USING gin (search_words)",
    "CREATE INDEX cases_case_province_words ON cases_case "
    "USING gin (phoihop_province_words(province_id, search_words))",
    "DROP INDEX IF EXISTS cases_case_search_trgm",
]
POSTGRESQL_BACK = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS cases_case_search_trgm ON cases_case "
    "USING gin (search_text gin_trgm_ops)",
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS search_words",  # and its indexes
    "DROP FUNCTION IF EXISTS phoihop_province_words(bigint, tsvector)",
]
TABLE = "cases_case_words"
CUT = "substr({}, 1, 100000)"
TRIGGERS = [
    f"CREATE TRIGGER {TABLE}_inserted AFTER INSERT ON cases_case BEGIN "
    f"INSERT INTO {TABLE}(rowid, search_text) "
    f"VALUES (new.id, {CUT.format('new.search_text')}); END",
    f"CREATE TRIGGER {TABLE}_deleted AFTER DELETE ON cases_case BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) "
    f"VALUES ('delete', old.id, {CUT.format('old.search_text')}); END",
    f"CREATE TRIGGER {TABLE}_updated AFTER UPDATE OF id, search_text ON cases_case "
    f"WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, search_text) "
    f"VALUES ('delete', old.id, {CUT.format('old.search_text')}); "
    f"INSERT INTO {TABLE}(rowid, search_text) "
    f"VALUES (new.id, {CUT.format('new.search_text')}); END",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            for statement in POSTGRESQL:
                cursor.execute(statement)
        elif vendor == "sqlite":
            # Contentless: the words only, the text stays in cases_case.
            cursor.execute(
                f"CREATE VIRTUAL TABLE {TABLE} USING fts5(search_text, content='', "
                "tokenize='unicode61 remove_diacritics 0')"
            )
            for statement in TRIGGERS:
                cursor.execute(statement)
            cursor.execute(
                f"INSERT INTO {TABLE}(rowid, search_text) "
                f"SELECT id, {CUT.format('search_text')} FROM cases_case"
            )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            for statement in POSTGRESQL_BACK:
                cursor.execute(statement)
        elif vendor == "sqlite":
            for name in ("inserted", "deleted", "updated"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_transfer")]

    operations = [migrations.RunPython(forward, backward)]
