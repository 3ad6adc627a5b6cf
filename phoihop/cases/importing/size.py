"""How many rows a file holds, counted without parsing it: enough to decide whether an
import is done within the request or by the worker. Parsing a workbook of 50,000 rows
takes openpyxl tens of seconds, counting its row tags a fraction of one; a csv's lines
are its rows. The count may be high (blank rows, a line break inside a quoted cell),
never low, so a large file is never kept in the request; the import itself reads the
file properly, and refuses it with its reasons."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

# A row of a sheet's XML, whatever the namespace prefix: <row r="2">, <x:row …>.
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CHUNK = 256 * 1024
# Longer than any row tag a sheet holds ("<x:row ", a namespace prefix of a few letters).
_TAG_ROOM = 256
# Unpacking stops here: a file that holds more is not one to keep in the request.
_MOST_UNPACKED = 512 * 1024 * 1024


def data_rows(data: bytes, name: str, *, up_to: int) -> int:
    """The rows below the header, counted up to ``up_to`` (then ``up_to``); 0 for a
    file that is neither csv nor a readable xlsx, which the import refuses at once."""
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
        return min(max(0, lines - 1), up_to)
    if suffix == "xlsx":
        try:
            return min(max(0, _sheet_rows(data, up_to + 1) - 1), up_to)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
            return 0
    return 0


def _sheet_rows(data: bytes, most: int) -> int:
    """The row tags of the workbook's largest sheet, up to ``most``."""
    book = zipfile.ZipFile(io.BytesIO(data))
    sheets = [
        part
        for part in book.infolist()
        if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
    ]
    # What the sheets say they unpack to (zipfile unpacks no more): past the bound, the
    # answer is the one the loop would give after unpacking that much.
    if sum(part.file_size for part in sheets) >= _MOST_UNPACKED:
        return most
    found, unpacked = 0, 0
    for part in sheets:
        rows, carry = 0, b""
        with book.open(part) as stream:
            while rows < most and unpacked < _MOST_UNPACKED:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                unpacked += len(chunk)
                # A tag cut at the chunk's end is counted with the next chunk: the last
                # bytes are read again with it, a tag's length of them and no more (kept
                # from the last "<", a sheet of spaces after its last tag was carried
                # whole from chunk to chunk: minutes for a file of 400 KB).
                text = carry + chunk
                kept = max(0, len(text) - _TAG_ROOM)
                # The tags that start before the kept bytes: no tag holds two "<".
                rows += len(_ROW_TAG.findall(text)) - len(_ROW_TAG.findall(text, kept))
                carry = text[kept:]
            rows += len(_ROW_TAG.findall(carry + b" "))
        found = max(found, rows)
        if found >= most or unpacked >= _MOST_UNPACKED:
            return most
    return found
