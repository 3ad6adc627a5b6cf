"""Text out of a decision's file, offline: a .docx's paragraphs and tables, a PDF's
text layer, or a scan read by Tesseract (a PDF without a usable text layer is a scan).

The mirror of the documents this package writes, and like them Django-free: bytes in,
an `ExtractedText` or a `ReadingRefused` out. The caller passes the size limit (the
attachments' own) and hands the text to `phoihop.domain.reading.read_decision`.
"""

from phoihop.documents.reading.extract import document_text
from phoihop.documents.reading.extracted import (
    MAX_PAGES,
    MIN_DPI,
    REFUSED_BELOW_DPI,
    ExtractedText,
    Method,
    ReadingRefused,
    ReadingWarning,
)

__all__ = [
    "MAX_PAGES",
    "MIN_DPI",
    "REFUSED_BELOW_DPI",
    "ExtractedText",
    "Method",
    "ReadingRefused",
    "ReadingWarning",
    "document_text",
]
