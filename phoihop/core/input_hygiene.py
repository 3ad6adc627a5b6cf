"""Every text a request brings, cleaned at the door.

Vietnamese typed on different systems arrives composed (NFC) or decomposed (NFD):
"Nguyễn" in both forms looks the same and compares unequal, so a search, a duplicate
check or a sort would silently miss. Every query and form value is brought to NFC
here, once, before any form or view sees it. Control characters (NUL above all,
which PostgreSQL cannot store) have no business in a case record: a request carrying
one is refused with a 400 naming the field, and changes nothing. JSON bodies are
cleaned the same way by the API's string type (phoihop.core.api_types.CleanStr)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render

from phoihop.domain.text import forbidden_character


def _is_secret(name: str) -> bool:
    # Passwords and codes are compared as typed: normalising one would change a
    # password set before this rule existed.
    return "password" in name or name == "code"


def _cleaned(data: QueryDict) -> tuple[QueryDict, tuple[str, str] | None]:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for name, values in data.lists():
        for value in values:
            bad = forbidden_character(name) or forbidden_character(value)
            if bad is not None:
                return data, (name, bad)
            cleaned.appendlist(
                name, value if _is_secret(name) else unicodedata.normalize("NFC", value)
            )
    cleaned._mutable = False
    return cleaned, None


class InputHygieneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET, refused = _cleaned(request.GET)  # type: ignore[assignment]
        if (
            refused is None
            and request.method == "POST"
            and not request.path_info.startswith("/api/")
        ):
            request.POST, refused = _cleaned(request.POST)  # type: ignore[assignment]
        if refused is not None:
            return self._refusal(request, *refused)
        return self.get_response(request)

    @staticmethod
    def _refusal(request: HttpRequest, field: str, char: str) -> HttpResponse:
        message = (
            f"Trường «{field}» chứa ký tự điều khiển không hợp lệ "
            f"(U+{ord(char):04X}): hãy xóa ký tự này rồi gửi lại."
        )
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"code": "input.control_character", "message": message, "field": field},
                status=400,
            )
        return render(request, "bad_input.html", {"message": message}, status=400)
