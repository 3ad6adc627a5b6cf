"""The case import against whatever a file can hold: random bytes, any Unicode in any
cell (control characters, NUL, lone surrogates, right-to-left marks), spreadsheet
formulas, huge cells, many columns, empty files, wrong encodings and damaged or
oversized workbooks. The import reads, checks and reports; the one way it may refuse a
file is its own, in Vietnamese: ``FileRefused`` for the file, or a list of row errors.
Any other exception fails the test, and so does a row error that carries a control
character, a control character that is not named by its row and column, or an error
report (or rejects file) that cannot be written or holds a live formula.

The reading, the checks and the reports need no database: the lookups are a small
registry of their own, and today is a fixed day. Bounded (a fixed number of examples,
derandomised) so that a failure is reproducible run after run."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import random
import re
import unicodedata
import zipfile
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from phoihop.cases.importing import report
from phoihop.cases.importing.columns import COLUMNS
from phoihop.cases.importing.parse import Lookups, RowError, decision_names, parse_table
from phoihop.cases.importing.reader import Cell, FileRefused, Table, read_table
from phoihop.cases.importing.size import data_rows
from phoihop.core.search import fold
from phoihop.documents.spreadsheet import FORMULA_STARTS
from phoihop.domain.text import forbidden_character
from tests.integration.imports import sheets

pytestmark = pytest.mark.fuzz

MAX_BYTES = 4 * 1024 * 1024
MAX_ROWS = 200
TODAY = dt.date(2026, 3, 2)
HEADERS = [column.header for column in COLUMNS]
BOUNDED = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Letters only Vietnamese writes: every message of the import has some.
VIETNAMESE = re.compile(
    "[ăâđêôơưạảãáàằắẳẵặầấẩẫậẹẻẽéèềếểễệịỉĩíìọỏõóòồốổỗộờớởỡợụủũúùừứửữựỵỷỹýỳ]", re.I
)
FORMULAS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","x")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "'=1+1",
    "\t=1+1",
    "=1+1\r",
)
ODD_TEXT = (
    "\u200fمرحبا\u200e",  # right-to-left and left-to-right marks
    "\u202eVụ án\u202c",  # right-to-left override
    "\x00",
    "Vụ\x00án",
    "\x1b[31mđỏ\x1b[0m",  # a terminal's escape sequence
    "\x85",  # NEL: a control character Python strips as white space
    "\ufeffHS-1",
    "\ufffe\uffff",
    "Nguye\u0302\u0303n",  # decomposed
    "_x0001_",  # OOXML's escape, read as it is written
    "",
    " ",
)


@functools.cache
def _lookups() -> Lookups:
    return Lookups(
        provinces={"AG": 1, fold("An Giang"): 1, "HN": 2, fold("Hà Nội"): 2},
        agencies={"AG-VKS": 10, "AG-TA": 11, "AG-CA": 12},
        decisions=decision_names(report.decision_labels()),
        today=TODAY,
    )


_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_CELL = st.one_of(
    _ANY_TEXT,
    st.sampled_from(FORMULAS),
    st.sampled_from(ODD_TEXT),
    st.sampled_from([*sheets.row(external_id="HS-1"), "HS-1", "HS-2", "#1", "05/01/2026"]),
    st.builds(lambda a, b, c: a + b + c, _ANY_TEXT, st.sampled_from(ODD_TEXT), _ANY_TEXT),
)
_ROW = st.lists(_CELL, max_size=len(COLUMNS) + 3)
_ROWS = st.lists(_ROW, max_size=6)


def _note(what: str, value: str) -> None:
    """What the examples came to, for --hypothesis-show-statistics."""
    if currently_in_test_context():
        event(what, value)


def _is_vietnamese(message: str) -> bool:
    return bool(VIETNAMESE.search(message)) and forbidden_character(message) is None


def _read(content: bytes, name: str) -> Table | None:
    """The file read, or None when it was refused as a whole, in Vietnamese."""
    assert data_rows(content, name, up_to=MAX_ROWS + 1) >= 0
    try:
        return read_table(io.BytesIO(content), name, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except FileRefused as refused:
        message = refused.message
    assert _is_vietnamese(message), message
    _note("file refused", message[:40])
    return None


def _checked(table: Table) -> list[RowError]:
    """The rows checked and the reports written, as the import does before it writes."""
    rows, errors = parse_table(table, _lookups())
    _note("rows read, refused", f"{len(table.rows)}, {len({e.row for e in errors})}")
    _note("a cell refused for a control character", str(bool(table.refused)))
    for error in errors:
        assert error.row >= 2
        assert _is_vietnamese(error.reason), error
        assert forbidden_character(error.column + error.value) is None, error
    for row in rows:  # what would be written to the record
        texts = [row.external_id, row.doc_number, row.note, row.national_code or ""]
        texts += [v for v in row.case.values() if isinstance(v, str)]
        assert all(forbidden_character(text) is None for text in texts), row
    _reports_written(table, errors)
    return errors


def _reports_written(table: Table, errors: Sequence[RowError]) -> None:
    """The error report (xlsx and csv) and the rejects file are written whatever the
    errors say, and open again with no cell a formula."""
    for content in (report.report_xlsx(errors), report.rejects_xlsx(table, errors)):
        for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS))
    lines = report.report_csv(errors).decode("utf-8-sig")
    cells = [
        cell for line in csv.reader(io.StringIO(lines, newline=""), delimiter=";") for cell in line
    ]
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)


def _named(errors: Sequence[RowError]) -> set[tuple[int, str]]:
    return {(error.row, error.column) for error in errors}


def _control_cells(rows: Sequence[Sequence[str]], first_row: int) -> set[tuple[int, str]]:
    """Where a template column's cell holds a control character, by row and column."""
    return {
        (number, HEADERS[position])
        for number, cells in enumerate(rows, start=first_row)
        for position, text in enumerate(cells[: len(HEADERS)])
        if forbidden_character(text) is not None
    }


def _csv(rows: Sequence[Sequence[str]], delimiter: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


@BOUNDED
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.builds(lambda tail: b"PK\x03\x04" + tail, st.binary(max_size=3000)),
        st.builds(lambda tail: _csv([], ",")[:200] + tail, st.binary(max_size=1000)),
    ),
    suffix=st.sampled_from(["csv", "xlsx", "CSV", "xls", ""]),
)
def test_any_bytes_are_read_or_refused_in_vietnamese(content: bytes, suffix: str) -> None:
    table = _read(content, f"tep.{suffix}")

    if table is not None:
        _checked(table)


@BOUNDED
@given(rows=_ROWS, delimiter=st.sampled_from([",", ";"]))
def test_a_control_character_in_any_csv_cell_is_named_by_its_row_and_column(
    rows: list[list[str]], delimiter: str
) -> None:
    table = _read(_csv(rows, delimiter), "tep.csv")

    if table is not None:
        assert _control_cells(rows, 2) <= _named(_checked(table))


def _sheet(rows: Sequence[Sequence[str]]) -> bytes:
    """A workbook whose sheet holds ``rows`` below the template's titles, written as XML
    (openpyxl would refuse to write a control character): what XML cannot hold (most
    control characters) makes it a damaged file, the others reach the reader."""
    return sheets.with_parts({}, sheet=sheets.sheet_xml(dict(enumerate([HEADERS, *rows], 1))))


def _xml_legal(text: str) -> str:
    """``text`` with what XML cannot hold made what it can: each C0 control character
    its C1 twin (U+0001 → U+0081), a control character still; U+FFFE and U+FFFF out."""
    return "".join(
        chr(ord(c) + 0x80) if ord(c) < 0x20 and c not in "\t\n\r" else c
        for c in text
        if c not in "\ufffe\uffff"
    )


@BOUNDED
@given(rows=_ROWS, legal=st.booleans())
def test_a_control_character_in_any_workbook_cell_is_named_or_the_file_refused(
    rows: list[list[str]], legal: bool
) -> None:
    if legal:
        rows = [[_xml_legal(text) for text in cells] for cells in rows]

    table = _read(_sheet(rows), "tep.xlsx")

    if table is not None:
        # Blank cells are left out of the sheet: the others keep their columns.
        assert _control_cells(rows, 2) <= _named(_checked(table))


_ANY_CELL = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=30),  # lone surrogates too
    _CELL,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)


@BOUNDED
@given(
    rows=st.lists(
        st.dictionaries(st.sampled_from([c.key for c in COLUMNS]), _ANY_CELL, max_size=8),
        max_size=6,
    )
)
def test_the_checks_refuse_any_text_a_table_may_carry(rows: list[dict[str, Cell]]) -> None:
    table = Table(columns=COLUMNS, rows=list(enumerate(rows, start=2)))

    errors = _checked(table)

    header = {c.key: c.header for c in COLUMNS}
    bad = {
        (number, header[key])
        for number, values in table.rows
        for key, value in values.items()
        if isinstance(value, str) and forbidden_character(value) is not None
    }
    # A row refused for another reason may leave a cell unread: the row is named.
    assert {number for number, _ in bad} <= {error.row for error in errors}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, content in parts.items():
            book.writestr(name, content)
    return out.getvalue()


def _oversized_sheet(megabytes: int) -> bytes:
    """A workbook whose sheet unpacks to ``megabytes`` of white space: a few hundred kB."""
    source = zipfile.ZipFile(io.BytesIO(sheets.xlsx([])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if not item.filename.startswith("xl/worksheets/sheet"):
                target.writestr(item, source.read(item.filename))
                continue
            with target.open(item.filename, "w") as sheet:
                sheet.write(sheets.sheet_xml({1: HEADERS}).replace(b"</sheetData>", b""))
                for _ in range(megabytes * 4):
                    sheet.write(b" " * (256 * 1024))
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _cp1258(text: str) -> bytes:
    """As Windows' Vietnamese code page writes it: the tone marks apart from their
    letters; what it has no byte for, a question mark."""
    return unicodedata.normalize("NFD", text).encode("cp1258", errors="replace")


WORKBOOK = sheets.xlsx([sheets.row(external_id="HS-1")])
# Words in no order, as a long text is: a repeated one would be refused as a zip bomb.
_WORDS = ("vụ", "án", "tham", "nhũng", "đấu", "thầu", "đất", "đai", "Sở", "Y", "tế", "tỉnh")
MEGABYTE_TEXT = " ".join(random.Random(21).choices(_WORDS, k=260_000))[: 1024 * 1024]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(b"", "tep.csv", id="empty csv"),
        pytest.param(b"", "tep.xlsx", id="empty xlsx"),
        pytest.param(b"\xef\xbb\xbf", "tep.csv", id="a byte-order mark alone"),
        pytest.param(_csv([], ","), "tep.csv", id="csv header only"),
        pytest.param(sheets.xlsx([]), "tep.xlsx", id="xlsx header only"),
        pytest.param(",".join(HEADERS).encode("utf-16"), "tep.csv", id="utf-16"),
        pytest.param(",".join(HEADERS).encode("utf-16-le"), "tep.csv", id="utf-16 no bom"),
        pytest.param(
            "Ma vu an quoc gia,Ngay\r\n1,2\r\n".encode("utf-16-le"),
            "tep.csv",
            id="utf-16 no bom, unaccented",
        ),
        pytest.param(
            _cp1258(_csv([sheets.row(external_id="HS-1")], ",").decode("utf-8-sig")),
            "tep.csv",
            id="cp1258",
        ),
        pytest.param(
            _csv([sheets.row(external_id="HS-1", title=MEGABYTE_TEXT)], ","),
            "tep.csv",
            id="a 1 MB csv cell",
        ),
        pytest.param(
            sheets.with_parts(
                {},
                sheet=sheets.sheet_xml(
                    {1: HEADERS, 2: sheets.row(external_id="HS-1", title=MEGABYTE_TEXT)}
                ),
            ),
            "tep.xlsx",
            id="a 1 MB workbook cell",
        ),
        pytest.param(
            _csv([], ",").rstrip(b"\r\n") + b"," * 20_000 + b"\r\n",
            "tep.csv",
            id="20000 blank columns",
        ),
        pytest.param(
            ",".join(f"Cột {n}" for n in range(20_000)).encode(), "tep.csv", id="20000 titles"
        ),
        pytest.param(
            _csv([sheets.row(external_id="HS-1") + ["x"] * 20_000], ","),
            "tep.csv",
            id="20000 cells past the titles",
        ),
        *(
            pytest.param(WORKBOOK[:cut], "tep.xlsx", id=f"xlsx cut {where}")
            for where, cut in {
                "after its signature": 4,
                "in its first header": 30,
                "in half": len(WORKBOOK) // 2,
                "in its directory's end": len(WORKBOOK) - 12,
                "by one byte": len(WORKBOOK) - 1,
            }.items()
        ),
        pytest.param(_zip({"a.txt": b"x"}), "tep.xlsx", id="a zip with no workbook"),
        pytest.param(
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            "tep.xlsx",
            id="a workbook with no sheet",
        ),
        pytest.param(
            sheets.with_parts({}, sheet=b'<worksheet><sheetData><row><c t="s"><v>99</v></c>'),
            "tep.xlsx",
            id="a broken sheet",
        ),
        pytest.param(_oversized_sheet(64), "tep.xlsx", id="a sheet of 64 MB unpacked"),
        pytest.param(
            _csv(
                [[cell] for cell in FORMULAS]
                + [sheets.row(external_id=f, title=f) for f in FORMULAS],
                ",",
            ),
            "tep.csv",
            id="formulas",
        ),
    ],
)
def test_an_odd_file_is_read_or_refused_in_vietnamese(content: bytes, name: str) -> None:
    table = _read(content, name)

    if table is not None:
        _checked(table)
