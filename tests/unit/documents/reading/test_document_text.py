"""Text out of a decision's file: the corpus's decisions written as .docx, as PDF and as a
scan, read back to their true fields; and each file the platform cannot read, refused
with its code and a Vietnamese message that names the reason."""

from __future__ import annotations

import io
import random

import pytest
from django.conf import settings
from PIL import Image, ImageDraw
from pypdf import PdfWriter

from phoihop.documents.reading import (
    MAX_PAGES,
    Method,
    ReadingRefused,
    document_text,
)
from phoihop.documents.reading.ocr import skew_angle
from tests.corpus_reading.files import drawn, render_docx, render_pdf, render_scan
from tests.corpus_reading.forms import BUILDERS, Sample, corpus
from tests.corpus_reading.measure import measure

MAX_BYTES = settings.PHOIHOP_ATTACHMENT_MAX_BYTES


def _misses(samples: list[Sample], texts: list[str]) -> list[str]:
    accuracy = measure(samples, texts)
    return [f"{name}: read {got!r}, true {want!r}" for name, _, got, want in accuracy.misses]


def test_a_docx_of_each_kind_of_decision_reads_back_to_its_true_fields():
    samples = corpus(seed=7, count=len(BUILDERS))

    read = [document_text(render_docx(s.document), "qd.docx", max_bytes=MAX_BYTES) for s in samples]

    assert {r.method for r in read} == {Method.DOCX}
    assert _misses(samples, [r.text for r in read]) == []


def test_the_two_column_header_of_a_docx_comes_out_one_column_after_the_other():
    sample = corpus(seed=7, count=1)[0]

    text = document_text(render_docx(sample.document), "qd.docx", max_bytes=MAX_BYTES).text

    lines = text.splitlines()
    issuer_end = lines.index(sample.document.issuer_lines[-1])
    assert lines[issuer_end + 1] == sample.document.number_line
    assert lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") > issuer_end


def test_a_text_pdf_reads_back_to_its_true_fields_from_its_text_layer():
    # a police, a procuracy and a court decision, and a judgment (another head)
    samples = [corpus(seed=7, count=len(BUILDERS))[i] for i in (0, 4, 9, 12)]

    read = [document_text(render_pdf(s.document), "qd.pdf", max_bytes=MAX_BYTES) for s in samples]

    assert {r.method for r in read} == {Method.PDF_TEXT}
    assert all(r.pages is not None and r.pages >= 1 for r in read)
    assert _misses(samples, [r.text for r in read]) == []


# OCR takes seconds: run in the SQLite suite only, not beside itself in the PostgreSQL
# suite (one OCR at a time on the machine).
@pytest.mark.ocr
def test_a_scan_tilted_blurred_and_noisy_is_read_by_ocr_to_its_true_fields():
    sample = corpus(seed=7, count=len(BUILDERS))[5]  # a one-page extension of detention
    scan = render_scan(render_pdf(sample.document), random.Random(11))  # JPEG, 240 dpi, 1.46°

    read = document_text(scan.data, scan.name, max_bytes=MAX_BYTES)

    assert read.method is Method.OCR
    assert read.pages == 1
    assert read.ocr_confidence is not None
    assert read.ocr_confidence > 0.8
    assert read.ocr_seconds_per_page is not None
    assert abs(scan.angle) > 1
    assert scan.blur > 0
    assert scan.noise > 0
    assert _misses([sample], [read.text]) == []


def _refusal(data: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> ReadingRefused:
    with pytest.raises(ReadingRefused) as refused:
        document_text(data, name, max_bytes=max_bytes)
    return refused.value


def test_a_pdf_that_needs_a_password_is_refused():
    writer = PdfWriter(clone_from=io.BytesIO(render_pdf(corpus(seed=7, count=1)[0].document)))
    writer.encrypt(user_password="bi-mat", owner_password="chu-so-huu", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)

    refused = _refusal(buffer.getvalue(), "qd.pdf")

    assert refused.code == "reading.encrypted"
    assert "đặt mật khẩu" in refused.message


def test_a_pdf_longer_than_the_page_limit_is_refused():
    writer = PdfWriter()
    for _ in range(MAX_PAGES + 1):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)

    refused = _refusal(buffer.getvalue(), "qd.pdf")

    assert refused.code == "reading.too_many_pages"
    assert f"{MAX_PAGES + 1} trang" in refused.message
    assert f"giới hạn {MAX_PAGES} trang" in refused.message


def test_a_file_over_the_attachments_size_limit_is_refused_before_it_is_opened():
    refused = _refusal(b"%PDF-1.7\n" + b"0" * MAX_BYTES, "qd.pdf")

    assert refused.code == "reading.too_large"
    assert f"{MAX_BYTES // (1024 * 1024)} MB" in refused.message


@pytest.mark.parametrize(
    ("data", "name", "code", "says"),
    [
        (b"MZ\x90\x00 an executable", "qd.pdf", "reading.wrong_type", ".docx, PDF hoặc ảnh"),
        (b"Quyet dinh khoi to", "qd.txt", "reading.wrong_type", ".docx, PDF hoặc ảnh"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "qd.doc", "reading.old_word", ".doc"),
        (b"%PDF-1.7\n%%EOF", "qd.docx", "reading.type_mismatch", "đuôi .docx"),
        (b"%PDF-1.7\nnot a pdf at all", "qd.pdf", "reading.damaged", "bị hỏng"),
    ],
)
def test_a_file_of_another_kind_than_it_claims_or_of_none_we_read_is_refused(
    data: bytes, name: str, code: str, says: str
):
    refused = _refusal(data, name)

    assert refused.code == code
    assert says in refused.message


def _page_image(width: int, height: int, dpi: int) -> Image.Image:
    """A sheet with a frame and a stamp-like disc, no letters, lightly grey."""
    image = Image.new("L", (width, height), 235)
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 10, height // 10, width * 9 // 10, height * 9 // 10), outline=40)
    draw.ellipse((width // 3, height // 3, width // 2, height // 2), outline=60, width=6)
    image.info["dpi"] = (dpi, dpi)
    return image


@pytest.mark.ocr
def test_an_image_without_text_is_refused_as_no_text_found():
    buffer = io.BytesIO()
    _page_image(1654, 2339, 200).save(buffer, "PNG", dpi=(200, 200))

    refused = _refusal(buffer.getvalue(), "anh.png")

    assert refused.code == "reading.no_text"
    assert "Không tìm thấy chữ" in refused.message


def test_a_scan_below_100_dpi_is_refused_before_it_is_read():
    page = drawn(render_pdf(corpus(seed=7, count=len(BUILDERS))[5].document), 72)[0]
    low = io.BytesIO()
    page.save(low, "PNG", dpi=(72, 72))

    refused = _refusal(low.getvalue(), "scan.png")

    assert refused.code == "reading.low_resolution"
    assert "72 dpi" in refused.message


def test_a_page_fed_askew_is_found_turned_by_its_angle_to_a_tenth_of_a_degree():
    page = drawn(render_pdf(corpus(seed=7, count=1)[0].document), 150)[0]
    turned = page.rotate(1.6, resample=Image.Resampling.BICUBIC, fillcolor=255)

    angle = skew_angle(turned)

    assert abs(angle + 1.6) <= 0.1
