"""The corpus's documents as files: a .docx in the official layout (Times New Roman), a
PDF printed by WeasyPrint from the same layout's HTML, and a simulated scan (the PDF
drawn by pdftoppm at 200-300 dpi, turned a little, blurred, with noise, as JPEG, PNG or
an image-only PDF). Seeded: one seed, the same files."""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell
from PIL import Image, ImageChops, ImageFilter

from phoihop.documents.html_layout import escape, page_css, pdf_from_html, rule
from phoihop.documents.layout import (
    LEFT_COLUMN_MM,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    RIGHT_COLUMN_MM,
    STATE_SIZES,
    TEXT_WIDTH_MM,
    enforce_times_new_roman,
)
from tests.corpus_reading.document import MOTTO, FormDocument

# ---- .docx -----------------------------------------------------------------------------


def render_docx(document: FormDocument) -> bytes:
    """The header and closing as two-column tables without borders, as the official
    layout draws them; rules are drawn, not typed, so no hyphens in the text."""
    docx = Document()
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    sizes = STATE_SIZES
    docx.styles["Normal"].font.size = Pt(sizes.body)

    header = docx.add_table(rows=2, cols=2)
    header.columns[0].width, header.columns[1].width = Mm(LEFT_COLUMN_MM), Mm(RIGHT_COLUMN_MM)
    issuer = document.issuer_lines
    cells = header.rows[0].cells
    for index, line in enumerate(issuer):
        last = index == len(issuer) - 1
        _cell_line(cells[0], line, size=sizes.issuing_agency, bold=last, first=index == 0)
    _cell_line(cells[1], MOTTO[0], size=sizes.national_title, bold=True, first=True)
    _cell_line(cells[1], MOTTO[1], size=sizes.motto, bold=True)
    cells = header.rows[1].cells
    for index, line in enumerate((document.number_line, *document.left_extra)):
        _cell_line(cells[0], line, size=sizes.number, first=index == 0)
    _cell_line(cells[1], document.place_date_line, size=sizes.place_date, italic=True, first=True)

    for index, line in enumerate(document.title):
        size = sizes.type_name if index == 0 else sizes.summary
        _paragraph(docx, line, size=size, bold=True, centred=True, before=18 if index == 0 else 0)
    for line in document.preamble:
        _paragraph(docx, line, size=sizes.body, bold=True, centred=True, before=6)
    for line in document.legal_bases:
        _paragraph(docx, line, size=sizes.body, italic=True, before=6)
    for line in document.body:
        _paragraph(docx, line, size=sizes.body, bold=line.isupper(), before=6)

    closing = docx.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    for index, line in enumerate(document.recipients):
        size = sizes.recipients_label if index == 0 else sizes.recipients_item
        _cell_line(left, line, size=size, bold=index == 0, italic=index == 0, first=index == 0)
    for index, line in enumerate(document.signature):
        _cell_line(right, line, size=sizes.signature, bold=True, first=index == 0, centred=True)
    enforce_times_new_roman(docx)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _cell_line(
    cell: _Cell,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    first: bool = False,
    centred: bool = True,
) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic


def _paragraph(
    docx: object,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    centred: bool = False,
    before: float = 0,
) -> None:
    paragraph = docx.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_before = Pt(before)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic


# ---- PDF -------------------------------------------------------------------------------


def render_pdf(document: FormDocument) -> bytes:
    """Printed by WeasyPrint with the official layout's CSS; the fonts are the machine's
    own (Liberation Serif stands for Times New Roman), nothing is fetched."""
    sizes = STATE_SIZES
    *superior, issuing = document.issuer_lines
    left = [f'<div class="superior">{escape(line)}</div>' for line in superior]
    left.append(f'<div class="issuing">{escape(issuing)}</div>')
    left.append(rule(LEFT_COLUMN_MM * 0.35, LEFT_COLUMN_MM))
    right = (
        f'<div class="national">{escape(MOTTO[0])}</div>'
        f'<div class="motto">{escape(MOTTO[1])}</div>' + rule(60, RIGHT_COLUMN_MM)
    )
    number = "".join(
        f'<div class="number">{escape(line)}</div>'
        for line in (document.number_line, *document.left_extra)
    )
    date = f'<div class="date">{escape(document.place_date_line)}</div>'
    head = (
        '<table class="header">'
        f'<colgroup><col style="width: {LEFT_COLUMN_MM}mm">'
        f'<col style="width: {RIGHT_COLUMN_MM}mm"></colgroup>'
        f"<tr><td>{''.join(left)}</td><td>{right}</td></tr>"
        f"<tr><td>{number}</td><td>{date}</td></tr></table>"
    )
    title = "".join(
        f'<p class="{"type-name" if i == 0 else "summary"}">{escape(line)}</p>'
        for i, line in enumerate(document.title)
    )
    preamble = "".join(
        f'<p class="centred"><b>{escape(line)}</b></p>' for line in document.preamble
    )
    bases = "".join(f"<p><i>{escape(line)}</i></p>" for line in document.legal_bases)
    body = "".join(
        f"<p><b>{escape(line)}</b></p>" if line.isupper() else f"<p>{escape(line)}</p>"
        for line in document.body
    )
    label, *items = document.recipients
    recipients = f'<div class="recipients-label">{escape(label)}</div>' + "".join(
        f'<div class="recipient">{escape(line)}</div>' for line in items
    )
    signature = "".join(f"<div>{escape(line)}</div>" for line in document.signature)
    closing = (
        '<table class="closing">'
        f'<colgroup><col style="width: {TEXT_WIDTH_MM - RIGHT_COLUMN_MM}mm">'
        f'<col style="width: {RIGHT_COLUMN_MM}mm"></colgroup>'
        f'<tr><td>{recipients}</td><td><div class="signature">{signature}</div></td></tr>'
        "</table>"
    )
    html = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<style>{page_css(sizes)}</style></head><body>"
        f'{head}{title}<div class="body">{preamble}{bases}{body}</div>{closing}</body></html>'
    )
    return pdf_from_html(html)


# ---- scans -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    data: bytes
    name: str
    dpi: int
    angle: float  # degrees, counter-clockwise
    blur: float  # Gaussian radius in pixels
    noise: float  # standard deviation of the grey noise, 0-255


def render_scan(pdf: bytes, rng: random.Random) -> Scan:
    """The PDF as a scanner gives it back."""
    dpi = rng.choice((200, 240, 300))
    angle = round(rng.uniform(-2, 2), 2)
    blur = round(rng.uniform(0.3, 1.0), 2)
    noise = round(rng.uniform(6, 18), 1)
    pages = [_scanned(page, rng, angle=angle, blur=blur, noise=noise) for page in drawn(pdf, dpi)]
    buffer = io.BytesIO()
    form = rng.choice(("jpeg", "png", "pdf")) if len(pages) == 1 else "pdf"
    if form == "pdf":
        pages[0].save(
            buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=80
        )
    elif form == "jpeg":
        pages[0].save(buffer, "JPEG", quality=rng.randint(60, 90), dpi=(dpi, dpi))
    else:
        pages[0].save(buffer, "PNG", dpi=(dpi, dpi))
    suffix = {"jpeg": "jpg", "png": "png", "pdf": "pdf"}[form]
    return Scan(buffer.getvalue(), f"scan.{suffix}", dpi, angle, blur, noise)


def drawn(pdf: bytes, dpi: int) -> list[Image.Image]:
    with tempfile.TemporaryDirectory(prefix="corpus-scan-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), f"{folder}/page"],
            check=True,
            capture_output=True,
        )
        pages = []
        for path in sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem[5:])):
            with Image.open(path) as page:
                pages.append(page.convert("L"))
    return pages


def _scanned(
    page: Image.Image, rng: random.Random, *, angle: float, blur: float, noise: float
) -> Image.Image:
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    blurred = turned.filter(ImageFilter.GaussianBlur(blur))
    # Seeded noise: uniform bytes from the corpus's generator, made Gaussian through the
    # inverse of the normal distribution (Pillow's own noise is not seeded).
    normal = NormalDist(0, noise)
    curve = [max(0, min(255, round(128 + normal.inv_cdf((i + 0.5) / 256)))) for i in range(256)]
    grain = Image.frombytes("L", page.size, rng.randbytes(page.width * page.height)).point(curve)
    return ImageChops.add(blurred, grain, scale=1.0, offset=-128)
