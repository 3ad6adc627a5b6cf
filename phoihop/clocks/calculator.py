"""The one calculator behind the CLI, the API and the web page: the domain's
``calculate`` with today's official calendar (data files + admin days)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from phoihop.core.calendar_service import current_calendar
from phoihop.domain.clocks import calculate
from phoihop.domain.errors import InvalidInput

MAX_ITEMS = 10_000


def calculate_many(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Each item computed in order, its ``id`` kept; a bad item gives an error object
    in its place and never stops the others."""
    calendar = current_calendar()
    return [calculate(item, calendar) for item in items]


def parse_requests(text: str) -> list[Any]:
    """A JSON list, one JSON object, or one object per line (JSON Lines)."""
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("Không có yêu cầu nào: đầu vào trống.", field="input")
    try:
        parsed = json.loads(stripped)
    except json.JSONDecodeError:
        parsed = None
        lines = [line for line in stripped.splitlines() if line.strip()]
        try:
            parsed = [json.loads(line) for line in lines]
        except json.JSONDecodeError as error:
            raise InvalidInput(
                f"Dữ liệu vào không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno}).",
                field="input",
            ) from None
    items = parsed if isinstance(parsed, list) else [parsed]
    if len(items) > MAX_ITEMS:
        raise InvalidInput(f"Tối đa {MAX_ITEMS} yêu cầu mỗi lần.", field="input")
    return items
