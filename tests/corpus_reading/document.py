"""The document model a form is written into, and its text renderings.

A renderer (text now; .docx, PDF and a scanned image later) takes the same model: the
header's two columns (the issuing body on the left, the national motto on the right),
the number and the place-and-date under them, the title, the signer's authority, the
legal bases, the body, and the signature block with its recipients.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class FormDocument:
    form: str  # the form followed, e.g. "Thông tư 119/2021/TT-BCA, mẫu khởi tố vụ án"
    issuer_lines: tuple[str, ...]  # top left, in capitals
    number_line: str  # "Số: 123/QĐ-CSĐT" or "Bản án số: 08/2025/HS-ST"
    place_date_line: str  # under the motto; "" when the form puts the date elsewhere
    left_extra: tuple[str, ...]  # under the number (a judgment's "Ngày: 20-5-2025")
    title: tuple[str, ...]  # ("QUYẾT ĐỊNH", "KHỞI TỐ VỤ ÁN HÌNH SỰ"); () for a judgment
    preamble: tuple[str, ...]  # the authority line(s), or a judgment's "NHÂN DANH …"
    legal_bases: tuple[str, ...]
    body: tuple[str, ...]
    recipients: tuple[str, ...]
    signature: tuple[str, ...]


class Layout(StrEnum):
    COLUMNS = "columns"  # a .docx table read cell by cell: left column, then right
    SIDE_BY_SIDE = "side_by_side"  # a PDF text layer: both columns on each line


def render_text(document: FormDocument, layout: Layout) -> str:
    left = [*document.issuer_lines, "-------", document.number_line, *document.left_extra]
    right = [*MOTTO, "---------------"]
    if document.place_date_line:
        right.append(document.place_date_line)
    if layout is Layout.COLUMNS:
        head = [*left, *right]
    else:
        # the number sits on the row of the place and date
        while len(left) - len(document.left_extra) < len(right):
            left.insert(len(document.issuer_lines), "")
        rows = max(len(left), len(right))
        head = []
        for row in range(rows):
            cells = (left[row] if row < len(left) else "", right[row] if row < len(right) else "")
            head.append(f"{cells[0]:<48}    {cells[1]}".rstrip())
    parts = [
        *head,
        "",
        *document.title,
        "",
        *document.preamble,
        *document.legal_bases,
        *document.body,
        "",
        *document.signature,
        "",
        *document.recipients,
    ]
    return "\n".join(parts) + "\n"


@dataclass(frozen=True)
class DecisionTruth:
    """The fields the document carries, as the reader should give them."""

    event_type: str
    doc_number: str
    signed_on: dt.date
    place: str | None
    issuer: str
    legal_basis: tuple[int, ...]
    persons: tuple[tuple[str, int | None], ...]
    charges: tuple[tuple[int, int | None], ...]
    months: int | None
    days: int | None
    detention_from: dt.date | None
    detention_to: dt.date | None
    case_title: str | None
