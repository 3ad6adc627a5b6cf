"""Reading back what Word would render: the effective typeface of a run follows
run → character style → paragraph style → table style → document defaults, and at
each level a theme attribute (asciiTheme, …) beats the explicit font name."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_SLOTS = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme",
               "cs": "cstheme"}  # fmt: skip


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def story_roots(document: Any) -> Iterator[tuple[str, Any]]:
    """The body and every header and footer, as (name, root element)."""
    yield "document", document.part.element
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            yield str(rel.target_part.partname), rel.target_part.element


def xml_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.endswith(".xml")}


class StyleSheet:
    def __init__(self, styles_root: Any) -> None:
        self.by_id = {s.get(w("styleId")): s for s in styles_root.findall(w("style"))}
        self.defaults: dict[str, str | None] = {}
        for style in styles_root.findall(w("style")):
            if style.get(w("default")) in ("1", "true"):
                self.defaults[style.get(w("type"))] = style.get(w("styleId"))
        self.doc_defaults = styles_root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")

    def chain(self, style_id: str | None) -> Iterator[Any]:
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style.find(w("rPr"))
            based_on = style.find(w("basedOn"))
            style_id = based_on.get(w("val")) if based_on is not None else None


def _value(rpr: Any, slot: str) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(w("rFonts"))
    if fonts is None:
        return None
    theme = fonts.get(w(THEME_SLOTS[slot]))
    if theme is not None:
        return f"theme:{theme}"
    value: str | None = fonts.get(w(slot))
    return value


def _levels(element: Any, own_rpr: Any, sheet: StyleSheet) -> list[Any]:
    paragraph = next((a for a in element.iterancestors(w("p"))), element)
    levels = [own_rpr]
    if own_rpr is not None:
        char_style = own_rpr.find(w("rStyle"))
        if char_style is not None:
            levels.extend(sheet.chain(char_style.get(w("val"))))
    ppr = paragraph.find(w("pPr"))
    pstyle = ppr.find(w("pStyle")) if ppr is not None else None
    para_id = pstyle.get(w("val")) if pstyle is not None else sheet.defaults.get("paragraph")
    levels.extend(sheet.chain(para_id))
    table = next(iter(element.iterancestors(w("tbl"))), None)
    if table is not None:
        tstyle = table.find(f"{w('tblPr')}/{w('tblStyle')}")
        table_id = tstyle.get(w("val")) if tstyle is not None else sheet.defaults.get("table")
        levels.extend(sheet.chain(table_id))
    levels.append(sheet.doc_defaults)
    return levels


def effective_fonts(element: Any, own_rpr: Any, sheet: StyleSheet) -> dict[str, str | None]:
    levels = _levels(element, own_rpr, sheet)
    result: dict[str, str | None] = {}
    for slot in SLOTS:
        result[slot] = next(
            (value for value in (_value(level, slot) for level in levels) if value), None
        )
    return result


def runs_with_fonts(data: bytes) -> Iterator[tuple[str, str, dict[str, str | None]]]:
    """(story, run text, effective fonts) for every run, including field runs."""
    document = open_docx(data)
    sheet = StyleSheet(document.styles.element)
    for story, root in story_roots(document):
        for run in root.iter(w("r")):
            text = "".join(t.text or "" for t in run.iter(w("t")))
            yield story, text, effective_fonts(run, run.find(w("rPr")), sheet)


def paragraph_marks_with_fonts(data: bytes) -> Iterator[tuple[str, dict[str, str | None]]]:
    document = open_docx(data)
    sheet = StyleSheet(document.styles.element)
    for story, root in story_roots(document):
        for paragraph in root.iter(w("p")):
            ppr = paragraph.find(w("pPr"))
            own = ppr.find(w("rPr")) if ppr is not None else None
            yield story, effective_fonts(paragraph, own, sheet)


def all_text(data: bytes) -> str:
    """Every paragraph of the body, its tables and the headers, one per line."""
    document = open_docx(data)
    lines = []
    for _, root in story_roots(document):
        for paragraph in root.iter(w("p")):
            lines.append("".join(t.text or "" for t in paragraph.iter(w("t"))))
    return "\n".join(lines)
