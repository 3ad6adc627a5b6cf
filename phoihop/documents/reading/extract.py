"""`document_text`: the text of a decision's file, whatever form it came in."""

from __future__ import annotations

import io
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from phoihop.documents.reading.docx_text import docx_text
from phoihop.documents.reading.extracted import (
    MAX_PAGES,
    MIN_DPI,
    REFUSED_BELOW_DPI,
    ExtractedText,
    Method,
    ReadingWarning,
    refused,
)
from phoihop.documents.reading.kinds import FileKind, file_kind
from phoihop.documents.reading.ocr import OCR_DPI, OcrText, ocr_pages
from phoihop.documents.reading.pdf_text import pdf_text

_A4_SHORT_SIDE_INCHES = 210 / 25.4
_RENDER_SECONDS_PER_PAGE = 30


def document_text(data: bytes, name: str, *, max_bytes: int) -> ExtractedText:
    """The text of the file ``data`` (a .docx, a PDF, or a scan as PNG, JPEG or TIFF),
    in NFC. Its kind is read from its content; ``name`` only has to agree with it.
    Refused with `ReadingRefused` (a code and a Vietnamese message) when the file is
    over ``max_bytes``, of another kind, damaged, encrypted, longer than `MAX_PAGES`
    pages, scanned below `REFUSED_BELOW_DPI` or without any text. Runs no network."""
    if len(data) > max_bytes:
        raise refused("reading.too_large", max_megabytes=max_bytes // (1024 * 1024))
    kind = file_kind(data, name)
    if kind is FileKind.DOCX:
        return _extracted(docx_text(data, max_bytes=max_bytes), Method.DOCX, pages=None)
    started = time.monotonic()
    if kind is FileKind.PDF:
        found = pdf_text(data)
        if found.text is not None:
            return _extracted(found.text, Method.PDF_TEXT, pages=found.pages)
        warnings = _resolution_warnings(found.scan_dpi)
        if found.scans is not None and len(found.scans) == found.pages:
            read = ocr_pages(list(found.scans), dpi=found.scan_dpi or OCR_DPI)
        else:
            read = ocr_pages(_rendered_pages(data, found.pages), dpi=OCR_DPI)
        return _from_ocr(read, started, dpi=found.scan_dpi, warnings=warnings)
    pages, dpi = _image_pages(data)
    warnings = _resolution_warnings(dpi)
    return _from_ocr(ocr_pages(pages, dpi=dpi), started, dpi=dpi, warnings=warnings)


def _extracted(text: str, method: Method, *, pages: int | None) -> ExtractedText:
    return ExtractedText(text=unicodedata.normalize("NFC", text), method=method, pages=pages)


def _from_ocr(
    read: OcrText, started: float, *, dpi: int | None, warnings: tuple[ReadingWarning, ...]
) -> ExtractedText:
    """``started``: when the file's pages began to be opened or drawn; the time a page
    takes counts them too."""
    seconds = time.monotonic() - started
    return ExtractedText(
        text=read.text,  # NFC already: the doubtful spans point into it
        method=Method.OCR,
        pages=read.pages,
        ocr_confidence=read.confidence,
        ocr_seconds_per_page=round(seconds / read.pages, 2),
        dpi=dpi,
        warnings=warnings,
        doubtful=read.doubtful,
    )


def _resolution_warnings(dpi: int | None) -> tuple[ReadingWarning, ...]:
    if dpi is None:
        return ()
    if dpi < REFUSED_BELOW_DPI:
        raise refused("reading.low_resolution", dpi=dpi, min_dpi=REFUSED_BELOW_DPI)
    return (ReadingWarning.LOW_RESOLUTION,) if dpi < MIN_DPI else ()


def _image_pages(data: bytes) -> tuple[list[Image.Image], int]:
    """The frames of a scan (a TIFF may hold several pages) and its resolution: the one
    the file declares when it fits a sheet of paper, else the one an A4 sheet gives."""
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_PAGES:
            raise refused("reading.too_many_pages", pages=frames, max_pages=MAX_PAGES)
        pages = []
        for index in range(frames):
            image.seek(index)
            pages.append(image.copy())
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise refused("reading.damaged") from None
    first = pages[0]
    short_side = min(first.size)
    declared = first.info.get("dpi")
    estimated = round(short_side / _A4_SHORT_SIDE_INCHES)
    dpi = estimated
    if declared and declared[0]:
        inches = short_side / float(declared[0])
        if 5 <= inches <= 12:  # from a postcard to A3: a sheet of paper
            dpi = round(float(declared[0]))
    return pages, dpi


def _rendered_pages(data: bytes, pages: int) -> list[Image.Image]:
    """The PDF's pages drawn in grey at `OCR_DPI` by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory(prefix="phoihop-pdf-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(data)
        try:
            subprocess.run(
                ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", str(source), f"{folder}/page"],
                check=True,
                capture_output=True,
                timeout=_RENDER_SECONDS_PER_PAGE * max(pages, 1),
            )
        except (OSError, subprocess.SubprocessError):
            raise refused("reading.damaged") from None
        drawn = []
        for path in sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem[5:])):
            with Image.open(path) as page:
                drawn.append(page.copy())
    if not drawn:
        raise refused("reading.no_text")
    return drawn
