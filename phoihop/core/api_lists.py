"""Lists of the JSON API: pages shaped {count, page, pages, items}."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(25, ge=1, le=100)


def page_of(items: QuerySet[Any] | Sequence[Any], query: PageQuery) -> dict[str, Any]:
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (query.page - 1) * query.page_size
    return {
        "count": count,
        "page": query.page,
        "pages": max(1, -(-count // query.page_size)),
        "items": list(items[start : start + query.page_size]),
    }
