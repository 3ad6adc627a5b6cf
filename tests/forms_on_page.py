"""The forms of a rendered page, read as a browser reads them: each form's action and
the values it would send as it stands (inputs, chosen options, text areas)."""

from __future__ import annotations

import html as html_escapes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageForm:
    action: str
    method: str
    values: dict[str, list[str]] = field(default_factory=dict)

    def data(self, **overrides: object) -> dict[str, object]:
        """What the form sends, with ``overrides`` typed in (a list for a multiple choice)."""
        sent: dict[str, object] = {
            name: values if len(values) != 1 else values[0] for name, values in self.values.items()
        }
        sent.update(overrides)
        return sent


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._select: tuple[str, bool] | None = None  # name, multiple
        self._select_first: str | None = None
        self._select_chosen: list[str] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = PageForm(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.values.setdefault(name, []).append(a.get("value", default))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a)
            self._select_first, self._select_chosen = None, []
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._select_chosen.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = self._select_chosen or ([] if multiple else [self._select_first or ""])
            self._form.values[name] = chosen
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.values[self._textarea] = [self._text.removeprefix("\n")]
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_on(html: str) -> list[PageForm]:
    reader = _Reader()
    reader.feed(html)
    return reader.forms


def form_posting_to(html: str, action: str) -> PageForm:
    """The page's POST form sending to ``action`` (or to the page itself, action "")."""
    found = [f for f in forms_on(html) if f.method == "post" and f.action in (action, "")]
    assert found, f"no form posting to {action!r} on the page"
    return found[0] if action == "" else next((f for f in found if f.action == action), found[0])


# A part of a page that comes when the user opens it: a <details> asking htmx for its
# content on its first "toggle" (the case page's form to add a handling agency).
_OPENED = re.compile(r'<details[^>]*\bhx-get="([^"]+)"[^>]*\bhx-trigger="toggle once"')


def with_opened_parts(html: str, get: Callable[[str], str]) -> str:
    """The page as the user has it once every such part is opened: each part's content,
    fetched with ``get`` (its address, asked as htmx asks), added to the page."""
    parts = [get(html_escapes.unescape(url)) for url in _OPENED.findall(html)]
    return html + "".join(parts)
