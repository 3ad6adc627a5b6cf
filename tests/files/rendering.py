"""Documents laid out on real pages: a .pdf read page by page with Debian's
poppler-utils, a .docx or .xlsx first printed to PDF by LibreOffice (Debian's
libreoffice-writer-nogui and libreoffice-calc-nogui, installed by ``make test``), as an
official would print it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: Debian's packages of TEST_DEBS (make test installs them)")
    return path


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, in reading order."""
    result = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def docx_to_pdf(documents: Sequence[bytes], folder: Path) -> list[Path]:
    """Print each .docx to PDF with LibreOffice, in one run of it."""
    return office_to_pdf(documents, folder, suffix="docx")


def office_to_pdf(documents: Sequence[bytes], folder: Path, *, suffix: str) -> list[Path]:
    """Print each file (a .docx with Writer, an .xlsx with Calc: Debian's
    libreoffice-calc-nogui) to PDF with LibreOffice, in one run of it."""
    sources = []
    for index, data in enumerate(documents):
        source = folder / f"document-{index:03d}.{suffix}"
        source.write_bytes(data)
        sources.append(source)
    profile = folder / "profile"
    subprocess.run(
        [
            tool("soffice"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        capture_output=True,
        check=True,
        timeout=600,
    )
    return [source.with_suffix(".pdf") for source in sources]


def png_of_first_page(pdf: Path, folder: Path, *, dpi: int = 60) -> Path:
    stem = folder / f"{pdf.stem}-page"
    subprocess.run(
        [tool("pdftoppm"), "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
         str(pdf), str(stem)],
        check=True,
        timeout=120,
    )  # fmt: skip
    return stem.with_suffix(".png")


def flat(text: str) -> str:
    return " ".join(text.split())
