"""Every text a request brings, cleaned at the door.

Vietnamese typed on different systems arrives composed (NFC) or decomposed (NFD):
"Nguyễn" in both forms looks the same and compares unequal, so a search, a duplicate
check or a sort would silently miss. Every query and form value is brought to NFC
here, once, before any form or view sees it.

Control characters (NUL above all, which PostgreSQL cannot store) have no business in
a case record, and where one is refused decides what the user sees:

- a form sent with POST reaches its form, which shows the page again with everything
  typed, the character taken out and a message under the field, by its label
  (``core/forms.StyledForm``; every form of the site is one). The few values a page
  reads outside a form (the language switch's) are refused here;
- an address (GET) is read without the character and the page is shown as it would
  be, with a 400 and a message naming the field: a search keeps its results and box;
- the API refuses with a 400 naming the field (JSON bodies are cleaned by the API's
  string type, phoihop.core.api_types.CleanStr).

Nothing is written in any of these cases: a form with an error calls no service, and
an address is a read."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.domain.text import forbidden_character, without_forbidden

# The values of an address or a form that no form reads; a control character in one
# is refused before the view.
_READ_OUTSIDE_FORMS = frozenset({"next", "language"})

# The names the pages' addresses use, by what the user sees beside the box.
_ADDRESS_LABELS = {
    "q": gettext_lazy("Search"),
    "page": gettext_lazy("Page"),
    "province": gettext_lazy("Province"),
    "status": gettext_lazy("Status"),
    "level": gettext_lazy("Level"),
    "year": gettext_lazy("Year"),
    "case": gettext_lazy("Case"),
}


def _is_secret(name: str) -> bool:
    # Passwords and codes are compared as typed: normalising one would change a
    # password set before this rule existed.
    return "password" in name or name == "code"


def _cleaned(data: QueryDict, *, strip: bool) -> tuple[QueryDict, tuple[str, str] | None]:
    """``data`` in NFC, and its first control character (field, character). With
    ``strip``, the characters are taken out; otherwise left for the form to refuse."""
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    first: tuple[str, str] | None = None
    for name, values in data.lists():
        if (bad := forbidden_character(name)) is not None:
            return data, (name, bad)
        for value in values:
            bad = forbidden_character(value)
            if bad is not None:
                first = first or (name, bad)
                if strip:
                    value = without_forbidden(value)
            cleaned.appendlist(
                name, value if _is_secret(name) else unicodedata.normalize("NFC", value)
            )
    cleaned._mutable = False
    return cleaned, first


class InputHygieneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith("/api/")
        request.GET, in_address = _cleaned(request.GET, strip=not api)  # type: ignore[assignment]
        if in_address is not None and (api or forbidden_character(in_address[0])):
            return self._refusal(request, *in_address)
        if request.method == "POST" and not api:
            request.POST, in_form = _cleaned(request.POST, strip=False)  # type: ignore[assignment]
            if in_form is not None and (
                in_form[0] in _READ_OUTSIDE_FORMS or forbidden_character(in_form[0])
            ):
                return self._refusal(request, *in_form)
        if in_address is None:
            return self.get_response(request)
        if request.htmx:
            return self._refusal(request, *in_address)
        messages.error(request, self._message(*in_address, taken_out=True))
        response = self.get_response(request)
        if 200 <= response.status_code < 300:
            response.status_code = 400
        return response

    @staticmethod
    def _message(field: str, char: str, *, taken_out: bool = False) -> str:
        label = _ADDRESS_LABELS.get(field)
        named = f"«{label}»" if label else _("the page's address")
        text = _(
            "%(field)s contained an invisible control character (U+%(code)s), which is not allowed."
        ) % {"field": named, "code": f"{ord(char):04X}"}
        if taken_out:
            text += " " + _("It was left out: what is shown is without it.")
        else:
            text += " " + _("Take it out and send again.")
        return text[0].upper() + text[1:]

    @classmethod
    def _refusal(cls, request: HttpRequest, field: str, char: str) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            message = (
                f"Trường «{field}» chứa ký tự điều khiển không hợp lệ "
                f"(U+{ord(char):04X}): hãy xóa ký tự này rồi gửi lại."
            )
            return JsonResponse(
                {"code": "input.control_character", "message": message, "field": field},
                status=400,
            )
        message = cls._message(field, char)
        if request.htmx:
            return render(request, "error_fragment.html", {"message": message}, status=400)
        return render(request, "bad_input.html", {"message": message}, status=400)
