"""What the case exports and the periodic report's workbook share: the text written into
cells, and the way a sheet prints.

A cell that starts with =, +, - or @ (or a tab or carriage return) is read by a
spreadsheet as a formula; an exported case title could then run as one on an
official's machine (CSV/formula injection). A leading apostrophe keeps it text, and the
import takes it off again (``restore``), so an exported file re-imports as it was.

A sheet prints as an official reads a list: A4 landscape, every column on the page's
width (as many pages down as it takes), the table's title row again on each page, the
issuing body, the date (and a report's number, blank for the records office) at the
top of each page, "Trang 2/5" at the foot. A sheet that names a classified case carries
the state-secret mark of the highest level among them, bold and red, as the first line
of every page (``marks.SecretMark``)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from phoihop.documents.marks import MARK_COLOUR, SecretMark

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """A neutralised cell read back: the apostrophe ``neutralise`` put before a formula's
    first character taken off, so a title exported as "'=…" re-imports as "=…"."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


DATE_FORMAT = "dd/mm/yyyy"
# Excel keeps at most 255 characters of a header, its codes included; a longer one is
# cut or makes Excel repair the file.
HEADER_LIMIT = 255
BLACK = "000000"
PAGE_NUMBERS = "Trang &P/&N"
WIDEST = 40  # characters: a column holding longer text wraps it
LINE_HEIGHT_PT = 15  # a line of the default 11 pt font
# Inches, as the file stores them: room at the top for four lines of header.
MARGINS = PageMargins(left=0.4, right=0.4, top=1.2, bottom=0.7, header=0.3, footer=0.3)


@dataclass(frozen=True)
class PrintHeader:
    """The top of every printed page: the issuing body on the left (its superior body
    first, the body itself in bold), the sheet's title in the centre, the number and the
    date (in italics) on the right; the state-secret mark, when there is one, first of
    all, bold and red."""

    body: Sequence[str]  # ("TỈNH ỦY AN GIANG", "BAN NỘI CHÍNH"): the last in bold
    dated: Sequence[str]  # ("Số:        /BC-BNCTU", "An Giang, ngày 06 tháng 12 năm 2026")
    title: str = ""
    mark: SecretMark | None = None

    def sections(self) -> tuple[str, str, str]:
        """Left, centre and right, in the header's own codes (&B and &I bold and italic on
        and off, &K a colour), within Excel's limit: if the whole is too long the title
        goes first, then the superior body's name; the mark always stays."""
        body = [line for line in self.body if line.strip()]
        title = self.title
        while True:
            parts = self._parts(body, title)
            if sum(len(part) for part in parts) + len("&L&C&R") <= HEADER_LIMIT:
                return parts
            if title:
                title = ""
            elif len(body) > 1:
                body = body[1:]
            else:  # one body with a name of 200 characters: not in the registry
                return parts[0][: HEADER_LIMIT - len("&L&C&R")], "", ""

    def _parts(self, body: Sequence[str], title: str) -> tuple[str, str, str]:
        lines = [_escaped(line) for line in body]
        if lines:
            lines[-1] = f"&B{lines[-1]}&B"
        left = "\n".join(lines)
        if self.mark is not None:
            mark = f"&B&K{MARK_COLOUR}{_escaped(self.mark.text)}&B&K{BLACK}"
            left = f"{mark}\n{left}" if left else mark
        dated = [_escaped(line) for line in self.dated if line.strip()]
        if dated:  # the place and date in italics, as a document's date line
            dated[-1] = f"&I{dated[-1]}&I"
        return left, f"&B{_escaped(title)}&B" if title else "", "\n".join(dated)


def _escaped(text: str) -> str:
    return text.replace("&", "&&").replace("\n", " ")


class _HeaderLines(HeaderFooterItem):  # type: ignore[misc]
    """A header of several lines. openpyxl writes each line break as "_x000a_", which
    LibreOffice prints as it is; Excel and LibreOffice both read the character itself."""

    def to_tree(self, tagname: str) -> Any:
        element = super().to_tree(tagname)
        element.text = element.text.replace("_x000a_", "\n")
        return element


def print_setup(sheet: Any, header: PrintHeader, *, title_rows: str) -> None:
    """A4 landscape, fitted to the page's width and as many pages down as it takes, the
    rows ``title_rows`` ("1:1") printed again at the top of each page, ``header`` at the
    top and the page number at the foot of each. For a sheet written in openpyxl's
    write-only mode, call it before the first row."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = MARGINS
    sheet.print_title_rows = title_rows
    # In the sheet's own font: a font code costs some 25 of the header's 255 characters.
    left, centre, right = header.sections()
    sheet.HeaderFooter.oddHeader = _HeaderLines()
    sheet.oddHeader.left.text = left or None
    sheet.oddHeader.center.text = centre or None
    sheet.oddHeader.right.text = right or None
    sheet.oddFooter.center.text = PAGE_NUMBERS


def fitted_widths(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widest: float = WIDEST,
    narrowest: float = 6,
) -> list[float]:
    """Column widths (in characters) that fit what the columns hold: the longest value
    in ``rows``, and the title on three lines at most (a title row wraps between words),
    within ``narrowest`` and ``widest`` (a longer value wraps)."""
    longest = [
        max([len(word) for word in str(header).split()] + [math.ceil(len(str(header)) / 3)])
        for header in headers
    ]
    for row in rows:
        for index, value in enumerate(row[: len(longest)]):
            longest[index] = max(longest[index], _shown_length(value))
    return [min(widest, max(narrowest, length + 2)) for length in longest]


def fitted_height(values: Sequence[Any], widths: Sequence[float]) -> float | None:
    """The height (points) a row needs for its text to show whole in columns of these
    widths, when it wraps onto more than one line; None when one line is enough. Set
    explicitly: LibreOffice does not size a row to wrapped text it opens."""
    lines = max(
        (_lines(value, width) for value, width in zip(values, widths, strict=False)), default=1
    )
    return LINE_HEIGHT_PT * lines if lines > 1 else None


def _lines(value: Any, width: float) -> int:
    if not isinstance(value, str) or not value:
        return 1
    # Wrapping breaks between words: a line holds a little less than the width.
    room = max(1.0, width - 2)
    return sum(max(1, math.ceil(len(part) / room)) for part in value.splitlines() or [""])


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if hasattr(value, "strftime"):
        return len(DATE_FORMAT)
    if isinstance(value, int):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)
