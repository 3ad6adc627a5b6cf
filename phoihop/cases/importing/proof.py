"""The proof of rows written by sets.

A row written through the services has its own audit entry; an import's rows written a
chunk at a time share one (``cases.import.written``). That entry names every row it
wrote, as ranges of ids, and carries the SHA-256 of their contents, so the audit chain
proves each row as it proves the entry: ``phoihop audit verify`` reads the rows again and
fails where one was altered or removed without a trace.

Only what the record never changes is proved: a decision's content (its place in the
record moves when an earlier one is found late), a case's kind, province and creator
(its header is edited, each edit audited), an agency's number for it. A decision
withdrawn or corrected leaves the record for WithdrawnEvent, which keeps its content;
the proof finds it there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models

from phoihop.cases.models import Case, CaseEvent, CaseReference, WithdrawnEvent

EVENT_FIELDS = (
    "case_id",
    "type",
    "date",
    "agency_id",
    "doc_number",
    "params",
    "person_id",
    "note",
    "entered_by_id",
    "entered_at",
)
PROVED: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "cases": (Case, ("kind", "province_id", "created_by_id")),
    "events": (CaseEvent, EVENT_FIELDS),
    "references": (CaseReference, ("case_id", "agency_id", "external_id")),
}


def rows_proof(case_ids: Sequence[int]) -> dict[str, Any]:
    """What the chunk's audit entry carries for the new cases it wrote, with all their
    decisions and numbers: the ids as ranges, and the digest of the rows as the database
    now holds them (read back, so that writing and verifying read the same values; each
    table once, the rows' ids with their contents)."""
    ids: dict[str, list[int]] = {}
    digests: list[str] = []
    for kind, key in (("cases", "pk"), ("events", "case_id"), ("references", "case_id")):
        model, fields = PROVED[kind]
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(case_ids), 5000):  # under SQLite's limit on parameters
            chunk = case_ids[start : start + 5000]
            # Unordered: the digest sorts the rows, and a decision's default order
            # would join every case to read its latest decision's date. The ids' range
            # beside the list: new cases' ids are past what the table's statistics
            # know, so PostgreSQL reads them by the index, where the list alone, on
            # statistics not yet refreshed after earlier imports, read the whole table.
            found = model._default_manager.filter(
                **{f"{key}__in": chunk, f"{key}__gte": min(chunk), f"{key}__lte": max(chunk)}
            ).order_by()
            rows += found.values_list("pk", *fields)
        ids[kind] = [row[0] for row in rows]
        digests += [_row_digest(kind, row[1:]) for row in rows]
    return {**{kind: id_ranges(found) for kind, found in ids.items()}, "sha256": _digest(digests)}


def rows_altered(data: dict[str, Any], at: dt.datetime) -> str:
    """Why the rows an entry names no longer match it ("" when they do)."""
    digests: list[str] = []
    missing: dict[str, int] = {}
    for kind in PROVED:
        ids = ids_of(data.get(kind, []))
        found = _values(kind, ids)
        digests += [_row_digest(kind, values) for values in found]
        if len(found) < len(ids):
            missing[kind] = len(ids) - len(found)
    if missing.get("events"):
        withdrawn = _withdrawn(ids_of(data.get("cases", [])), at)
        digests += withdrawn
        if len(withdrawn) >= missing["events"]:  # each gone by a withdrawal, kept there
            del missing["events"]
    if missing:
        return "rows written by an import are missing: " + ", ".join(
            f"{count} {kind}" for kind, count in missing.items()
        )
    if _digest(digests) != data.get("sha256"):
        return "content of rows written by an import altered"
    return ""


def _withdrawn(case_ids: list[int], at: dt.datetime) -> list[str]:
    """The decisions of the chunk's cases entered by the import (at the moment of its
    entry) that were withdrawn or corrected since: their content, as kept."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(case_ids), 5000):
        rows += WithdrawnEvent.objects.filter(
            case_id__in=case_ids[start : start + 5000], entered_at=at
        ).values_list(*EVENT_FIELDS)
    return [_row_digest("events", values) for values in rows]


def _values(kind: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    model, fields = PROVED[kind]
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 5000):  # under SQLite's limit on query parameters
        found = model._default_manager.filter(pk__in=ids[start : start + 5000]).order_by()
        rows += found.values_list(*fields)
    return rows


def _row_digest(kind: str, values: Iterable[Any]) -> str:
    canonical = json.dumps(
        [kind, *(_plain(value) for value in values)],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _digest(row_digests: list[str]) -> str:
    # Sorted by content, so the proof holds whatever order the rows are read in.
    return hashlib.sha256("\n".join(sorted(row_digests)).encode("ascii")).hexdigest()


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """[3, 4, 5, 9] → [[3, 5], [9, 9]]: rows written together have consecutive ids."""
    ranges: list[list[int]] = []
    for pk in sorted(ids):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def ids_of(ranges: Iterable[Sequence[int]]) -> list[int]:
    return [pk for first, last in ranges for pk in range(first, last + 1)]
