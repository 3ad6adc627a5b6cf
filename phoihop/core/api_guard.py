"""The API's addresses must be short enough and their query strings UTF-8 without NUL
bytes; what no route answers itself is answered in the API's error shape.

Django decodes a broken query string leniently (each bad byte becomes U+FFFD), which
suits a browser's address bar but would let an agency system send garbage and get an
answer as if it had asked something meaningful. For /api/ the raw query is checked
before anything else and refused with 400 in the API's error shape; an address longer
than any route's parameters can make is refused with 414 (gunicorn reads request lines
twice as long, and answers a longer one in the same shape: core/server_limits.py). A method a
route does not have is 405 with its Allow header, an address no route has is 404, both
in the error shape too; every 401 carries WWW-Authenticate."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse

from phoihop.core.api_errors import CHALLENGE, MAX_ADDRESS_BYTES

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
        elif response.status_code == 404 and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            # An address no route has (the routes answer their own 404s in JSON).
            response = JsonResponse(
                {
                    "code": "not_found",
                    "message": f"API không có địa chỉ {request.path}; các địa chỉ có trong "
                    "/api/v1/openapi.json.",
                    "field": None,
                },
                status=404,
            )
        if response.status_code == 401 and "WWW-Authenticate" not in response:
            # A 401 the API's own handlers did not make (a session still owing its
            # second factor) names the scheme too, as HTTP requires of every 401.
            response["WWW-Authenticate"] = CHALLENGE
        return response
