"""What a file is, from its first bytes: its name may say anything."""

from __future__ import annotations

import io
import zipfile
from enum import StrEnum

from phoihop.documents.reading.extracted import refused


class FileKind(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    IMAGE = "image"  # PNG, JPEG or TIFF: a scan


_SUFFIXES = {
    "docx": FileKind.DOCX,
    "pdf": FileKind.PDF,
    "png": FileKind.IMAGE,
    "jpg": FileKind.IMAGE,
    "jpeg": FileKind.IMAGE,
    "tif": FileKind.IMAGE,
    "tiff": FileKind.IMAGE,
}
_FOUND = {FileKind.DOCX: "tệp .docx", FileKind.PDF: "tệp PDF", FileKind.IMAGE: "ảnh"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc) and other OLE files


def file_kind(data: bytes, name: str) -> FileKind:
    """The kind the content is; refused when it is none we read, or when the name's
    suffix names another kind we read (a renamed file is worth a second look)."""
    kind = _by_content(data)
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    named = _SUFFIXES.get(suffix)
    if named is not None and named is not kind:
        raise refused("reading.type_mismatch", suffix=suffix, found=_FOUND[kind])
    return kind


def _by_content(data: bytes) -> FileKind:
    if data.startswith(b"%PDF-"):
        return FileKind.PDF
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return FileKind.IMAGE
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return FileKind.DOCX
    if data.startswith(_OLE):
        raise refused("reading.old_word")
    raise refused("reading.wrong_type")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
