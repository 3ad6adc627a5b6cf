"""Rows read by a key, with the rows they point to, through a statement compiled once a
process.

The reads every request makes (an API token with its user and the user's agency, a
case with its province, the case page's decisions with their agencies) are one
statement each, the same every time but for the key. The ORM builds and compiles it
anew on each read, which cost several times what the database takes to answer (an API
token: 0.9 ms of Python, 0.1 of PostgreSQL; the case page's decisions with four joined
tables: about 3 ms). Here the ORM compiles it once, for a stand-in key, and each read
sends it with the real key; the instances are made as the ORM's own ``ModelIterable``
makes them (``Model.from_db``, and Django's ``RelatedPopulator`` for each row reached
through ``select_related``). A test holds what it reads equal, field by field, to the
ORM's own read."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet

# Django's own maker of the instances a row holds through select_related (what
# ModelIterable uses); not in the documented API, so test_compiled_reads holds the
# instances equal to the ORM's on every Django this project pins.
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# Keys no row has: the statement is compiled with one in the key's place.
_STAND_INS: dict[type, Any] = {int: -7_301_002, str: "\x00stand-in\x00"}


class RowsByKey(Generic[M]):
    """The rows ``rows_for(key)`` gives, for any key: ``rows_for`` builds the queryset
    (filters, ``select_related``, ``defer``, ``order_by``) in which the key is the only
    value that changes from one read to the next."""

    def __init__(self, rows_for: Callable[[Any], QuerySet[M]], *, key_type: type = int):
        self.rows_for = rows_for
        self.stand_in = _STAND_INS[key_type]

    @functools.cached_property
    def model(self) -> type[M]:
        return self.rows_for(self.stand_in).model

    def all(self, value: Any) -> list[M]:
        alias = router.db_for_read(self.model)
        statement = self._statement(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute(statement.sql, statement.sent(value, self.stand_in))
            fetched = cursor.fetchall()
        return statement.instances(fetched, alias)

    def first(self, value: Any) -> M | None:
        alias = router.db_for_read(self.model)
        statement = self._statement(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute(statement.sql, statement.sent(value, self.stand_in))
            fetched = cursor.fetchone()
        if fetched is None:
            return None
        found: M = statement.instances([fetched], alias)[0]
        return found

    @functools.cache  # noqa: B019 - one per statement, which lives as long as the process
    def _statement(self, alias: str) -> _Statement:
        rows = self.rows_for(self.stand_in)
        compiler = rows.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()  # fills select and klass_info, as a read would
        if self.stand_in not in params:
            raise ValueError("the rows asked do not depend on the key")
        select, klass_info = compiler.select, compiler.klass_info
        if compiler.annotation_col_map or rows._known_related_objects:
            raise ValueError("annotations and related managers' reads are not compiled")
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Statement(
            sql=sql,
            params=tuple(params),
            compiler=compiler,
            converters=compiler.get_converters([column[0] for column in select]),
            model=klass_info["model"],
            names=[column[0].target.attname for column in select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, select, alias),
        )


class ReadByKey(Generic[M]):
    """``model``'s row whose ``key`` is the value asked, with the rows reached through
    the foreign keys ``related`` names (as ``select_related`` names them: "user",
    "user__agency")."""

    def __init__(self, model: type[M], key: str, *, related: str = "", key_type: type = int):
        def rows_for(value: Any) -> QuerySet[M]:
            rows = model._base_manager.filter(**{key: value})
            return rows.select_related(related) if related else rows

        self._rows = RowsByKey(rows_for, key_type=key_type)

    def get(self, value: Any) -> M | None:
        return self._rows.first(value)


@dataclass(frozen=True)
class _Statement:
    """The SQL, its parameters with the stand-in key, its compiler and the converters of
    its columns; the model read, its columns' names and where they lie in a row; and
    the makers of the rows reached through ``select_related``."""

    sql: str
    params: tuple[Any, ...]
    compiler: SQLCompiler
    converters: dict[int, Any]
    model: type[Model]
    names: list[str]
    start: int
    end: int
    populators: list[Any]

    def sent(self, value: Any, stand_in: Any) -> list[Any]:
        return [value if param == stand_in else param for param in self.params]

    def instances(self, fetched: list[Any], alias: str) -> list[Any]:
        # The columns' values as the ORM gives them to the model (JSON decoded, times
        # made aware…), by the compiler's own converters.
        rows = (
            self.compiler.apply_converters(fetched, self.converters) if self.converters else fetched
        )
        made = []
        for row in rows:
            instance = self.model.from_db(alias, self.names, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, instance)
            made.append(instance)
        return made


def as_prefetched(instance: Model, name: str, rows: list[Any]) -> None:
    """``instance.<name>.all()`` (a reverse foreign key) answers ``rows`` from now on,
    without a query, as Django's ``prefetch_related_objects`` leaves it: the related
    manager's queryset with its results in place, kept in the instance's prefetch cache.
    Each row points back to ``instance`` without a query, as a prefetch leaves it too."""
    manager = getattr(instance, name)
    back = manager.field  # the foreign key on the rows' model that points to instance
    for row in rows:
        back.set_cached_value(row, instance)
    queryset = manager.get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[back.remote_field.cache_name] = queryset
