"""The case search's word index, read the same way on both databases.

Each database cuts ``Case.search_text`` (already folded: ``search_text_for``) into
words itself, so every writer (the services, the demo loader, bulk writes, COPY) keeps
the index in step without knowing it exists (migration 0008):

- PostgreSQL: a generated column ``search_words``, the ``tsvector`` of the text with
  every character that is neither letter nor digit made a space (the ``simple``
  configuration: no stemming, no stop words; the spaces keep its parser from reading
  "1.5" or "a-b" as one word). Two GIN indexes: one over the words, for a search of
  every province; one over the words each marked with the case's province
  (``#34#tham``, ``phoihop_province_words``), so that a province's search reads only
  its own cases' entries, however common its words are in the rest of the nation.
  Prefix queries (``word:*``), and phrases (``<->``) for numbers and codes.
- SQLite: an FTS5 table (unicode61, diacritics kept since the text is folded), kept by
  triggers on ``cases_case``. A migration that rebuilds ``cases_case`` (SQLite's ALTER
  makes Django copy the table) drops them: run ``SQLITE_TRIGGERS`` again after it; a
  test fails until then.

The words and what a typed query asks for are ``phoihop.domain.text.search_words`` and
``search_terms``; a test runs one table of queries on both databases.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F, Subquery

from phoihop.domain.text import search_terms

Terms = tuple[tuple[str, ...], ...]

# Only the beginning of a very long text is indexed: PostgreSQL refuses a tsvector over
# 1 MB, which 100,000 characters cannot reach. Both databases cut at the same place.
INDEXED_CHARACTERS = 100_000

# Migration 0008's function: each word of search_words as "#<province id>#<word>".
POSTGRESQL_PROVINCE_WORDS = "phoihop_province_words({province}, {words})"
SQLITE_TABLE = "cases_case_words"


def _lexeme(word: str, province: int | None = None) -> str:
    # Words are letters and digits only: nothing to escape inside the quotes.
    return f"'#{province}#{word}'" if province is not None else f"'{word}'"


def tsquery(terms: Terms, province: int | None = None) -> str:
    """``search_terms`` as a PostgreSQL tsquery: ``'tham':* & '01' <-> '2024':*``; with
    ``province``, over the words marked with it, where a phrase is only its words
    (``phoihop_province_words`` keeps no positions): ``'#34#01' & '#34#2024':*``."""
    between = " & " if province is not None else " <-> "
    return " & ".join(
        between.join(
            [*(_lexeme(w, province) for w in term[:-1]), _lexeme(term[-1], province) + ":*"]
        )
        for term in terms
    )


def fts5_query(terms: Terms) -> str:
    """``search_terms`` as an FTS5 query: ``"tham"* "01 2024"*`` (a phrase's star marks
    its last word as a beginning)."""
    return " ".join('"' + " ".join(term) + '"*' for term in terms)


class WordsMatch(Expression):
    """True for the cases whose text holds every term of ``query`` (``search_terms``;
    built only for a query that has one).

    On PostgreSQL it reads the words' index over the nation; ``indexed=False`` checks
    each row it is given and reads no index: for rows another condition has found
    (``ProvinceWords``, a list of ids), where the nation's entries of a common word
    would cost more than the rows.
    """

    conditional = True

    def __init__(self, query: str, *, indexed: bool = True) -> None:
        super().__init__(output_field=BooleanField())
        self.terms = search_terms(query)
        assert self.terms, "a search without words filters nothing"
        self.indexed = indexed
        self.case_id: Any = F("pk")
        self.text: Any = F("search_text")

    def get_source_expressions(self) -> list[Any]:
        return [self.case_id, self.text]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.case_id, self.text = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError(f"No word index on {connection.vendor}.")

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        words = _words_column(compiler, connection, self.text)
        # ts_match_vq is @@ as a function, which no index answers.
        template = "{} @@ %s::tsquery" if self.indexed else "ts_match_vq({}, %s::tsquery)"
        return template.format(words), [tsquery(self.terms)]

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return _fts5_match(compiler, self.case_id, self.terms)


class ProvinceWords(Expression):
    """True for the cases of ``province`` whose text holds every word of ``query``, read
    on PostgreSQL from the province's own index entries (a marked word says its
    province): the same number of entries whatever the rest of the nation holds. A
    phrase's words are not checked in order (the marked words keep no positions): pair
    it with ``WordsMatch(query, indexed=False)``."""

    conditional = True

    def __init__(self, query: str, province: int) -> None:
        super().__init__(output_field=BooleanField())
        self.terms = search_terms(query)
        assert self.terms, "a search without words filters nothing"
        self.province = province
        self.case_id: Any = F("pk")
        self.case_province: Any = F("province_id")
        self.text: Any = F("search_text")

    def get_source_expressions(self) -> list[Any]:
        return [self.case_id, self.case_province, self.text]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.case_id, self.case_province, self.text = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError(f"No word index on {connection.vendor}.")

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        words = _words_column(compiler, connection, self.text)
        province, params = compiler.compile(self.case_province)
        marked = POSTGRESQL_PROVINCE_WORDS.format(province=province, words=words)
        return f"{marked} @@ %s::tsquery", [*params, tsquery(self.terms, self.province)]

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        province, params = compiler.compile(self.case_province)
        found, found_params = _fts5_match(compiler, self.case_id, self.terms)
        return f"({province} = %s AND {found})", [*params, self.province, *found_params]


def _words_column(compiler: Any, connection: Any, text: Any) -> str:
    """The generated ``search_words`` beside the ``search_text`` column ``text``."""
    table = compiler.quote_name_unless_alias(text.alias)
    return f"{table}.{connection.ops.quote_name('search_words')}"


def _fts5_match(compiler: Any, case_id: Any, terms: Terms) -> tuple[str, list[Any]]:
    sql, params = compiler.compile(case_id)
    found = f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s"
    return f"{sql} IN ({found})", [*params, fts5_query(terms)]


class AmongIds(Expression):
    """``id IN (subquery)``, which PostgreSQL reads through the primary key when asked as
    ``id = ANY(ARRAY(subquery))``: computed once, it can join the word index's rows in
    one bitmap (an IN is checked row by row)."""

    conditional = True

    def __init__(self, ids: Any) -> None:
        super().__init__(output_field=BooleanField())
        self.case_id: Any = F("pk")
        self.ids: Any = Subquery(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.case_id, self.ids]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.case_id, self.ids = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        case_id, params = compiler.compile(self.case_id)
        ids, id_params = compiler.compile(self.ids)
        return f"{case_id} IN {ids}", [*params, *id_params]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        case_id, params = compiler.compile(self.case_id)
        ids, id_params = compiler.compile(self.ids)
        return f"{case_id} = ANY(ARRAY{ids})", [*params, *id_params]


def _cut(value: str) -> str:
    return f"substr({value}, 1, {INDEXED_CHARACTERS})"


SQLITE_TRIGGERS = {
    f"{SQLITE_TABLE}_inserted": (
        f"CREATE TRIGGER {SQLITE_TABLE}_inserted AFTER INSERT ON cases_case BEGIN "
        f"INSERT INTO {SQLITE_TABLE}(rowid, search_text) "
        f"VALUES (new.id, {_cut('new.search_text')}); END"
    ),
    # A contentless table forgets a row only when told the words it indexed.
    f"{SQLITE_TABLE}_deleted": (
        f"CREATE TRIGGER {SQLITE_TABLE}_deleted AFTER DELETE ON cases_case BEGIN "
        f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text) "
        f"VALUES ('delete', old.id, {_cut('old.search_text')}); END"
    ),
    f"{SQLITE_TABLE}_updated": (
        f"CREATE TRIGGER {SQLITE_TABLE}_updated AFTER UPDATE OF id, search_text ON cases_case "
        f"WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text BEGIN "
        f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text) "
        f"VALUES ('delete', old.id, {_cut('old.search_text')}); "
        f"INSERT INTO {SQLITE_TABLE}(rowid, search_text) "
        f"VALUES (new.id, {_cut('new.search_text')}); END"
    ),
}
