"""The API's query strings must be UTF-8 without NUL bytes.

Django decodes a broken query string leniently (each bad byte becomes U+FFFD), which
suits a browser's address bar but would let an agency system send garbage and get an
answer as if it had asked something meaningful. For /api/ the raw query is checked
before anything else and refused with 400 in the API's error shape."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


def _query_problem(raw: str) -> str | None:
    # Raw (not percent-encoded) bytes that were not UTF-8 reach us already replaced
    # by U+FFFD; percent-encoded ones are decoded strictly here.
    if "\ufffd" in raw:
        return "Tham số truy vấn không phải Unicode (UTF-8) hợp lệ."
    try:
        decoded = unquote_to_bytes(raw.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        return "Tham số truy vấn không phải Unicode (UTF-8) hợp lệ."
    if "\x00" in decoded:
        return "Tham số truy vấn chứa ký tự NUL không hợp lệ."
    return None


class ApiQueryGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            problem = _query_problem(request.META.get("QUERY_STRING", ""))
            if problem is not None:
                return JsonResponse(
                    {"code": "input.invalid", "message": problem, "field": "query"}, status=400
                )
        return self.get_response(request)
