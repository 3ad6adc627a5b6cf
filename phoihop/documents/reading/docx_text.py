"""The text of a .docx: its paragraphs and tables in the order they stand (the header
and footer, which carry only page numbers in the official layout, are left out)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from phoihop.documents.reading.extracted import MAX_DOCX_CHARACTERS, MAX_PAGES, refused

# A zip states what each part unpacks to: a part unpacking to far more than the file
# (a zip bomb) shows in its directory before anything is unpacked.
_UNPACKED_FACTOR = 10
# The official forms' header and closing are two-column tables without borders, of one
# to three rows: read column by column, the issuing body, its number and the place and
# date come out in the order of the form (left column, then right), as a reader of the
# page takes them. Any other table is read row by row.
_LAYOUT_TABLE_MAX_ROWS = 3


def docx_text(data: bytes, *, max_bytes: int) -> str:
    _check_unpacked(data, max_bytes)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise refused("reading.damaged") from None
    text = "\n".join(_lines(document.iter_inner_content()))
    if len(text) > MAX_DOCX_CHARACTERS:
        raise refused("reading.too_long", max_pages=MAX_PAGES)
    return text


def _check_unpacked(data: bytes, max_bytes: int) -> None:
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise refused("reading.damaged") from None
    if sum(part.file_size for part in parts) > _UNPACKED_FACTOR * max_bytes:
        raise refused("reading.too_large", max_megabytes=max_bytes // (1024 * 1024))


def _lines(blocks: Iterable[Paragraph | Table]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from _table_lines(block)


def _table_lines(table: Table) -> Iterator[str]:
    rows = [_distinct(row.cells) for row in table.rows]
    if rows and len(rows) <= _LAYOUT_TABLE_MAX_ROWS and all(len(row) == 2 for row in rows):
        for column in range(2):
            for row in rows:
                yield from _lines(row[column].iter_inner_content())
        return
    for row in rows:
        cells = ["\n".join(_lines(cell.iter_inner_content())).strip() for cell in row]
        yield "\t".join(cell.replace("\n", " ") for cell in cells)


def _distinct(cells: Iterable[_Cell]) -> list[_Cell]:
    """A merged cell is listed once per grid column it spans; keep it once."""
    seen: set[Any] = set()
    distinct = []
    for cell in cells:
        if cell._tc not in seen:
            seen.add(cell._tc)
            distinct.append(cell)
    return distinct
