"""The API's addresses must be short enough and their query strings UTF-8 without NUL
bytes; what no route answers itself is answered in the API's error shape.

Django decodes a broken query string leniently (each bad byte becomes U+FFFD), which
suits a browser's address bar but would let an agency system send garbage and get an
answer as if it had asked something meaningful. For /api/ the raw query is checked
before anything else and refused with 400 in the API's error shape; an address longer
than any route's parameters can make is refused with 414 (gunicorn reads up to twice
as long, so this answer, not its plain-text one, is what a client gets). A method a
route does not have is 405 with its Allow header, in the error shape too."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse

from phoihop.core.api_errors import MAX_ADDRESS_BYTES

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
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        if len(request.path.encode()) + len(query) > MAX_ADDRESS_BYTES:
            return JsonResponse(
                {
                    "code": "uri.too_long",
                    "message": f"Địa chỉ yêu cầu dài quá {MAX_ADDRESS_BYTES} byte.",
                    "field": "query",
                },
                status=414,
            )
        problem = _query_problem(query)
        if problem is not None:
            return JsonResponse(
                {"code": "input.invalid", "message": problem, "field": "query"}, status=400
            )
        response = self.get_response(request)
        if response.status_code == 405 and "Allow" in response:
            allowed = response["Allow"]
            response = JsonResponse(
                {
                    "code": "method.not_allowed",
                    "message": f"Địa chỉ này không nhận phương thức {request.method}; "
                    f"chỉ nhận: {allowed}.",
                    "field": None,
                },
                status=405,
            )
            response["Allow"] = allowed
        return response
