"""A PDF's own text layer, read with pypdf; whether it is worth reading or the pages
must go to OCR; and the resolution of the scans a scanned PDF carries."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image
from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError
from pypdf.generic import DictionaryObject

from phoihop.documents.reading.extracted import MAX_PAGES, refused

# A page of a decision has a thousand letters and more. A scanned PDF has none, or the
# few a scanner stamps on it (a date, a page number): under this many letters a page,
# the text layer is not the document's text and the pages are read by OCR.
_MIN_LETTERS_PER_PAGE = 80


@dataclass(frozen=True)
class PdfText:
    pages: int
    text: str | None  # None: no usable text layer
    scan_dpi: int | None  # the lowest resolution of the page-sized images, if any
    # A scanner's PDF: one image a page, taken as it is (drawing it again at another
    # resolution is slow and blurs it). None: the pages must be drawn.
    scans: tuple[Image.Image, ...] | None = None


def pdf_text(data: bytes) -> PdfText:
    try:
        reader = PdfReader(io.BytesIO(data))
        _open(reader)
        pages = len(reader.pages)
    except PdfReadError:
        raise refused("reading.damaged") from None
    if pages > MAX_PAGES:
        raise refused("reading.too_many_pages", pages=pages, max_pages=MAX_PAGES)
    try:
        texts = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, KeyError, ValueError):
        texts = []
    letters = sum(char.isalpha() for text in texts for char in text)
    text = "\n".join(texts) if pages and letters >= _MIN_LETTERS_PER_PAGE * pages else None
    if text is not None:
        return PdfText(pages=pages, text=text, scan_dpi=None)
    return PdfText(pages=pages, text=None, scan_dpi=_scan_dpi(reader), scans=_scans(reader))


def _scans(reader: PdfReader) -> tuple[Image.Image, ...] | None:
    found = []
    try:
        for page in reader.pages:
            images = page.images
            if len(images) != 1:
                return None
            found.append(images[0].image)
    except (PdfReadError, KeyError, ValueError, OSError):
        return None
    return tuple(image for image in found if image is not None) or None


def _open(reader: PdfReader) -> None:
    """A PDF that needs a password is refused; one encrypted only to restrict printing
    or copying (an empty user password) is read."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError, PdfReadError):
        raise refused("reading.encrypted") from None
    if not opened:
        raise refused("reading.encrypted")


def _scan_dpi(reader: PdfReader) -> int | None:
    """From each page's largest image: its pixels over the page's width in inches. The
    image's declared size is read, not its data."""
    found = []
    for page in reader.pages:
        resources = page.get("/Resources")
        objects = resources.get_object().get("/XObject") if resources else None
        if not objects:
            continue
        widths = []
        for ref in objects.get_object().values():
            image = ref.get_object()
            if isinstance(image, DictionaryObject) and image.get("/Subtype") == "/Image":
                widths.append(int(image.get("/Width", 0)))
        page_inches = float(page.mediabox.width) / 72
        if widths and page_inches > 0:
            found.append(round(max(widths) / page_inches))
    return min(found) if found else None
