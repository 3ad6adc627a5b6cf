"""Scans read by Tesseract with its Vietnamese model (Debian's tesseract-ocr-vie), run
as a program on this machine: nothing leaves it. Pages are straightened first (a sheet
is rarely fed quite straight) and brought to the resolution Tesseract reads best."""

from __future__ import annotations

import csv
import itertools
import os
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFilter, ImageOps

from phoihop.documents.reading.extracted import refused

LANGUAGE = "vie"
# Tesseract's models are trained on text of about 10-12 pt at 300 dpi; a page scanned
# lower is enlarged to this before it is read.
OCR_DPI = 300
# Fewer than this many letters read with confidence on all pages: no text was found
# (a photo, a blank page, noise read as stray marks).
_MIN_LETTERS = 20
_SURE_WORD = 50  # Tesseract's word confidence, 0-100
_PAGE_SECONDS = 120
# A word Tesseract reads below this (0-100) is doubtful: a field read from it is shown as
# unsure, whatever the reader's own rule says (an "L" read as "U", an 8 read as 6).
DOUBTFUL_WORD = 90
# Vietnamese has no eth: an Ð (U+00D0) is a Đ (U+0110) the model confused with it, and
# beside a Đ it is the same letter read twice ("QĐÐ" for "QĐ"). Nor does it print a
# spacing accent: one is a tone mark read apart from its letter, or a speck.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"} | dict.fromkeys("ˆ˜´ˊˋ`¨ˇ˘˙¸˛˝", None))
_TWICE = re.compile("ĐÐ|ÐĐ|ÐÐ")


def _unconfused(text: str) -> str:
    return _TWICE.sub("Đ", unicodedata.normalize("NFC", text)).translate(_LOOKALIKES)


# A sheet fed askew by a few degrees; the angle is found to a twentieth of a degree.
_MAX_SKEW_DEGREES = 4.0
_COARSE_STEP = 0.25
_FINE_STEP = 0.05
_SKEW_SAMPLE_PIXELS = 1200


@dataclass(frozen=True)
class OcrText:
    text: str
    confidence: float  # mean word confidence, 0-1
    pages: int
    doubtful: tuple[tuple[int, int], ...]  # spans in ``text`` of the doubtful words


def ocr_pages(pages: list[Image.Image], *, dpi: int) -> OcrText:
    texts: list[str] = []
    confidences: list[float] = []
    doubtful: list[tuple[int, int]] = []
    letters, offset = 0, 0
    with tempfile.TemporaryDirectory(prefix="phoihop-ocr-") as folder:
        for number, page in enumerate(pages, start=1):
            image, page_dpi = prepared(page, dpi=dpi)
            # uncompressed: a noisy page takes seconds to compress as PNG
            path = Path(folder) / f"page-{number}.tif"
            image.save(path, dpi=(page_dpi, page_dpi))
            text, words = _tesseract(path, page_dpi)
            doubtful += [(offset + a, offset + b) for a, b in _doubtful_spans(text, words)]
            texts.append(text)
            offset += len(text) + 1
            confidences += [conf for _, conf in words]
            letters += sum(c.isalpha() for word, conf in words if conf >= _SURE_WORD for c in word)
    if letters < _MIN_LETTERS:
        raise refused("reading.no_text")
    return OcrText(
        text="\n".join(texts),
        confidence=round(sum(confidences) / len(confidences) / 100, 3),
        pages=len(pages),
        doubtful=tuple(doubtful),
    )


def _doubtful_spans(text: str, words: list[tuple[str, float]]) -> list[tuple[int, int]]:
    """Where the doubtful words stand in the page's text (Tesseract lists them in the
    order it writes them)."""
    spans, at = [], 0
    for word, conf in words:
        found = text.find(word, at)
        if found < 0:
            continue
        at = found + len(word)
        if conf < DOUBTFUL_WORD:
            spans.append((found, at))
    return spans


def prepared(page: Image.Image, *, dpi: int) -> tuple[Image.Image, int]:
    """Grey, at least `OCR_DPI`, straightened."""
    image = ImageOps.exif_transpose(page).convert("L")
    if dpi < OCR_DPI:
        scale = OCR_DPI / dpi
        image = image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
        )
        dpi = OCR_DPI
    angle = skew_angle(image)
    if abs(angle) >= _FINE_STEP:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return image, dpi


def skew_angle(image: Image.Image) -> float:
    """The rotation that makes the lines of text level: the angle at which the rows of
    the page differ most from their neighbours (ink on the lines, paper between them)."""
    sample = image.copy()
    sample.thumbnail((_SKEW_SAMPLE_PIXELS, _SKEW_SAMPLE_PIXELS))
    ink = sample.filter(ImageFilter.MedianFilter(3)).point(lambda v: 255 if v < 160 else 0)

    def score(angle: float) -> float:
        rotated = ink.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)
        rows = rotated.resize((1, rotated.height), Image.Resampling.BOX).tobytes()
        return float(sum((a - b) ** 2 for a, b in itertools.pairwise(rows)))

    best = max(_steps(-_MAX_SKEW_DEGREES, _MAX_SKEW_DEGREES, _COARSE_STEP), key=score)
    return max(_steps(best - _COARSE_STEP, best + _COARSE_STEP, _FINE_STEP), key=score)


def _steps(low: float, high: float, step: float) -> Iterator[float]:
    count = round((high - low) / step)
    return (round(low + i * step, 3) for i in range(count + 1))


def _tesseract(path: Path, dpi: int) -> tuple[str, list[tuple[str, float]]]:
    """The page's text as Tesseract lays it out, and each word with its confidence."""
    base = path.with_suffix("")
    # One thread: the platform runs one OCR at a time beside the web workers, and
    # Tesseract's own threads gain little on a page and compete with them.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = ["tesseract", str(path), str(base), "-l", LANGUAGE, "--dpi", str(dpi)]
    try:
        subprocess.run(
            # The header's two columns stay apart by the spaces between them, as the
            # reader expects of a page printed side by side.
            [*command, "--psm", "3", "-c", "preserve_interword_spaces=1", "txt", "tsv"],
            check=True,
            capture_output=True,
            timeout=_PAGE_SECONDS,
            env=env,
        )
    except (OSError, subprocess.SubprocessError):
        raise refused("reading.ocr_failed") from None
    text = _unconfused(base.with_suffix(".txt").read_text(encoding="utf-8"))
    words = []
    with base.with_suffix(".tsv").open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE):
            word, conf = _unconfused((row.get("text") or "").strip()), float(row.get("conf") or -1)
            if word and conf >= 0:
                words.append((word, conf))
    return text, words
