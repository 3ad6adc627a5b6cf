"""What reading a file gives (its text, how it was read, how many pages) and the reasons
a file is refused, each with a stable code and its Vietnamese message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from phoihop.domain.errors import DomainError

# A procedural decision runs to a few pages; a judgment or an indictment to a few tens.
# Past this a file is not one decision, and its OCR would hold the worker for minutes.
MAX_PAGES = 30
# A .docx has no pages until it is laid out: its text is held to what 30 pages of the
# official layout (14 pt Times New Roman on A4) hold, about 3,000 characters a page.
MAX_DOCX_CHARACTERS = MAX_PAGES * 3_000
# A scan below this is read with many errors; the user is told to scan again at 300 dpi.
MIN_DPI = 150
# Below this a scan is refused: Tesseract reads little of 8-10 pt type at such sizes.
REFUSED_BELOW_DPI = 100


class Method(StrEnum):
    DOCX = "docx"
    PDF_TEXT = "pdf_text"  # the PDF's own text layer
    OCR = "ocr"  # a scan, or a PDF without a usable text layer


class ReadingWarning(StrEnum):
    LOW_RESOLUTION = "reading.low_resolution"


WARNING_MESSAGES = {
    ReadingWarning.LOW_RESOLUTION: (
        "Ảnh quét có độ phân giải thấp (dưới {min_dpi} dpi): chữ đọc được có thể sai, "
        "hãy kiểm tra kỹ hoặc quét lại ở 300 dpi."
    ),
}


@dataclass(frozen=True)
class ExtractedText:
    """The text of a file, normalised to NFC. ``pages`` is None for a .docx (it has no
    pages until laid out). For OCR, ``ocr_confidence`` is Tesseract's mean word
    confidence in [0, 1] and ``ocr_seconds_per_page`` the time it took."""

    text: str
    method: Method
    pages: int | None
    ocr_confidence: float | None = None
    ocr_seconds_per_page: float | None = None
    dpi: int | None = None  # the scan's resolution, as found or estimated
    # Spans of ``text`` OCR read with little confidence: a field read from them is unsure
    # (`phoihop.domain.reading.doubted`).
    doubtful: tuple[tuple[int, int], ...] = ()
    warnings: tuple[ReadingWarning, ...] = ()


class ReadingRefused(DomainError):
    """The file cannot be read as a decision; ``code`` says why."""

    code = "reading.refused"


def refused(code: str, **params: object) -> ReadingRefused:
    return ReadingRefused(REFUSALS[code].format(**params), code=code, params=params)


REFUSALS = {
    "reading.too_large": "Tệp lớn hơn giới hạn {max_megabytes} MB.",
    "reading.wrong_type": (
        "Chỉ đọc được quyết định dạng .docx, PDF hoặc ảnh quét (PNG, JPEG, TIFF); "
        "nội dung tệp này không phải các dạng đó."
    ),
    "reading.type_mismatch": (
        "Tên tệp có đuôi .{suffix} nhưng nội dung là {found}; hãy kiểm tra lại tệp."
    ),
    "reading.old_word": (
        "Tệp Word cũ (.doc) không đọc được; hãy lưu lại thành .docx hoặc PDF rồi gửi lại."
    ),
    "reading.damaged": "Tệp bị hỏng hoặc không đúng định dạng nên không đọc được.",
    "reading.encrypted": (
        "Tệp PDF được đặt mật khẩu nên không đọc được; hãy gửi bản không đặt mật khẩu."
    ),
    "reading.too_many_pages": (
        "Tệp có {pages} trang, quá giới hạn {max_pages} trang của một văn bản tố tụng."
    ),
    "reading.too_long": (
        "Văn bản dài hơn khoảng {max_pages} trang, quá giới hạn của một văn bản tố tụng."
    ),
    "reading.no_text": ("Không tìm thấy chữ trong tệp: ảnh không có chữ, hoặc chữ quá mờ để đọc."),
    "reading.low_resolution": (
        "Ảnh quét có độ phân giải khoảng {dpi} dpi, dưới mức tối thiểu {min_dpi} dpi; "
        "hãy quét lại ở 300 dpi."
    ),
    "reading.ocr_failed": "Không nhận dạng được chữ trong ảnh quét (lỗi của bộ nhận dạng).",
}
