"""POST /api/v1/clocks/calc: the calculator over HTTP, the same JSON as the CLI."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router

from phoihop.clocks.calculator import MAX_ITEMS, calculate_many
from phoihop.core.api_errors import ApiError

router = Router(tags=["clocks"])


@router.post(
    "/calc",
    summary="Compute statutory deadlines",
    description=(
        "A list of calculator requests (or one request object); returns a list of results "
        "in the same order, each with the request's `id`. A request the law does not allow "
        "comes back with `error: {code, message, field}` in its place."
    ),
)
def calc(request: HttpRequest, payload: Any = Body(...)) -> list[dict[str, Any]]:  # noqa: B008
    items = payload if isinstance(payload, list) else [payload]
    if len(items) > MAX_ITEMS:
        raise ApiError(400, "input.too_many", f"Tối đa {MAX_ITEMS} yêu cầu mỗi lần.", "body")
    return calculate_many(items)
