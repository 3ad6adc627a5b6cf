"""Checking each row of an import against the template and the registries, before
anything is written. Every problem is named by row, column, value and reason, in
Vietnamese, so the sender can correct the sheet they already have."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from phoihop.cases.importing.columns import (
    BY_KEY,
    CASE_COLUMNS,
    CLASSIFICATION_WORDS,
    COLUMNS,
    DATE_KNOWN_WORDS,
    KEY_COLUMNS,
    KIND_WORDS,
    MONITORING_WORDS,
    RECORD_PREFIX,
)
from phoihop.cases.importing.reader import (
    Cell,
    Table,
    control_character_reason,
    forbidden_in,
    shown,
)
from phoihop.core.search import fold
from phoihop.domain import crimes
from phoihop.domain.errors import InvalidInput
from phoihop.domain.fields import CASE_FIELDS
from phoihop.domain.organisation import AgencyKind
from phoihop.domain.record_dates import record_date_message, record_date_problem
from phoihop.domain.text import without_forbidden


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column's header, or "" for the row as a whole
    value: str
    reason: str


@dataclass(frozen=True)
class Lookups:
    """What the registries allow, folded for matching typed text."""

    provinces: Mapping[str, int]  # code and folded name → id
    agencies: Mapping[str, int]  # code (upper case) → id
    decisions: Mapping[str, str]  # code and folded Vietnamese label → code
    today: dt.date
    # The registry as the planner reads it too (``batch.Planner``), read once with the above.
    successors: Mapping[int, int] = field(default_factory=dict)  # province → one holding it now
    kinds: Mapping[int, AgencyKind] = field(default_factory=dict)  # agency id → its kind


@dataclass
class ParsedRow:
    row: int
    national_code: str | None
    external_id: str
    record_id: int | None  # the case's number in the record, for a case already there
    case: dict[str, Any]  # header columns given on this row, parsed
    decision: str
    date: dt.date
    doc_number: str
    note: str
    params: dict[str, Any] = field(default_factory=dict)
    issuer_id: int | None = None  # the body that made the decision, when not the importer
    # The case's first row, when it was refused: this row's header columns were not
    # checked as a first row's, so it cannot open the case (only add to one that exists).
    first_refused: int | None = None

    @property
    def group(self) -> tuple[str, str]:
        if self.external_id:
            return ("external_id", self.external_id)
        if self.national_code:
            return ("national_code", self.national_code)
        return ("record", str(self.record_id or ""))


def _words(words: Mapping[Any, str], **aliases: Any) -> dict[str, Any]:
    """The template's words (columns.py), folded, with the codes and other spellings
    accepted for them."""
    accepted = {fold(word): value for value, word in words.items()}
    accepted.update({str(value): value for value in words})
    accepted.update({fold(alias.replace("_", " ")): value for alias, value in aliases.items()})
    return accepted


DATE_KNOWN = _words(DATE_KNOWN_WORDS, ngay="day")
KINDS = _words(KIND_WORDS)
CLASSIFICATIONS = {"": 0, **_words(CLASSIFICATION_WORDS, khong_mat=0)}
MONITORING = {"": "none", **_words(MONITORING_WORDS, cap_tinh="provincial", trung_uong="central")}
MAX_LENGTHS = {
    "national_code": 40,
    "external_id": 80,
    "title": 300,
    "field": 32,
    "doc_number": 80,
    "note": 2000,
}
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class _Bad(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_table(table: Table, lookups: Lookups) -> tuple[list[ParsedRow], list[RowError]]:
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    first_of_case: dict[tuple[str, str], ParsedRow] = {}
    first_rows: dict[tuple[str, str], int] = {}  # each case's first row in the sheet
    refused_cases: dict[tuple[str, str], int] = {}  # their first row was refused
    seen: dict[tuple[Any, ...], int] = {}
    parsers = _parsers(lookups)
    refused_cells: dict[int, list[RowError]] = {}
    for cell in table.refused:
        refused_cells.setdefault(cell.row, []).append(
            RowError(cell.row, cell.column, cell.value, cell.reason)
        )
    for number, values in table.rows:
        row, row_errors = _parse_row(number, values, parsers)
        if number in refused_cells:
            # The reader refused these cells; what is left of them once the characters
            # are out is not named again (a cell of one NUL would be "required" too).
            named = {error.column for error in refused_cells[number]}
            row_errors = refused_cells[number] + [e for e in row_errors if e.column not in named]
            row = None
        group = _raw_group(values) if row is None else row.group
        is_first = first_rows.setdefault(group, number) == number
        if row is not None:
            row_errors += _check_against_case(
                row, first_of_case, values, opening=group not in refused_cases
            )
            identity = (row.group, row.decision, row.date, row.doc_number)
            if identity in seen:
                row_errors.append(
                    RowError(
                        number,
                        "",
                        "",
                        f"Trùng với dòng {seen[identity]}: cùng vụ án, "
                        "cùng quyết định, cùng ngày và số quyết định.",
                    )
                )
            else:
                seen[identity] = number
        if row_errors:
            errors += row_errors
            if is_first:
                refused_cases[group] = number
        elif row is not None:
            row.first_refused = refused_cases.get(group)
            parsed.append(row)
    return parsed, errors


def _raw_group(values: Mapping[str, Cell]) -> tuple[str, str]:
    for key in ("external_id", "national_code"):
        if text := str(values.get(key, "")):
            return (key, text)
    return ("record", str(values.get("record", "")).removeprefix(RECORD_PREFIX))


def _check_against_case(
    row: ParsedRow,
    first_of_case: dict[tuple[str, str], ParsedRow],
    values: Mapping[str, Cell],
    *,
    opening: bool,
) -> list[RowError]:
    """The case's header comes from its first row; a later row may repeat it or leave
    it blank, not contradict it. When the first row could not be read, the first one
    that could stands in for it (the rows after it must agree with it), but need not
    carry the whole header: it may only add to a case that exists (``opening`` False)."""
    first = first_of_case.get(row.group)
    if first is None:
        first_of_case[row.group] = row
        if not opening:
            return []
        missing = [key for key in ("kind", "title", "province") if key not in row.case]
        return [
            RowError(row.row, BY_KEY[key].header, "", "Bắt buộc ở dòng đầu tiên của vụ án.")
            for key in missing
        ]
    return [
        RowError(
            row.row,
            BY_KEY[key].header,
            _shown(values.get(key, "")),
            f"Khác với dòng {first.row} của cùng vụ án.",
        )
        for key, value in row.case.items()
        if key in first.case and first.case[key] != value
    ]


def _parsers(lookups: Lookups) -> tuple[tuple[str, Callable[[Cell], Any]], ...]:
    """Each column's reading, made once for the whole file."""
    return (
        *((key, _bounded(key)) for key in _TEXT_COLUMNS),
        ("field", _field),
        ("record", _record),
        ("kind", _choice(KINDS, "Vụ án hoặc Vụ việc")),
        ("province", _province(lookups)),
        ("classification", _choice(CLASSIFICATIONS, "Thường, Mật, Tối mật hoặc Tuyệt mật")),
        ("monitoring", _choice(MONITORING, "Không, Ban Chỉ đạo cấp tỉnh hoặc Trung ương")),
        ("agencies", _agencies(lookups)),
        ("decision", _decision(lookups)),
        ("date", _date(lookups.today)),
        ("date_known", _choice(DATE_KNOWN, "để trống, «tháng» hoặc «trước ngày»")),
        ("issuer", _agency(lookups)),
        ("charges", _charges),
        ("months", _whole(1, 12)),
        ("days", _whole(1, 90)),
    )


_TEXT_COLUMNS = ("national_code", "external_id", "title", "doc_number", "note")
# A blank cell of these columns is refused; a blank case column is taken from the case's
# first row.
_REQUIRED = frozenset(c.key for c in COLUMNS if c.required and c.key not in CASE_COLUMNS)


def _parse_row(
    number: int, values: Mapping[str, Cell], parsers: Iterable[tuple[str, Callable[[Cell], Any]]]
) -> tuple[ParsedRow | None, list[RowError]]:
    errors: list[RowError] = []
    out: dict[str, Any] = {}
    for key, parse in parsers:
        raw = values.get(key, "")
        try:
            if raw == "":
                if key in _REQUIRED:
                    raise _Bad("Bắt buộc, không được để trống.")
                continue  # optional, or a case column given on the case's first row
            out[key] = parse(raw)
        except _Bad as bad:
            errors.append(RowError(number, BY_KEY[key].header, _shown(raw), bad.reason))
    if out.get("months") and out.get("days"):
        errors.append(
            RowError(
                number,
                BY_KEY["days"].header,
                _shown(values.get("days", "")),
                "Chỉ ghi số tháng hoặc số ngày, không ghi cả hai.",
            )
        )
    if not any(values.get(key) for key in KEY_COLUMNS):  # a key given but bad is named above
        errors.append(
            RowError(
                number,
                BY_KEY["external_id"].header,
                "",
                "Cần mã vụ án quốc gia hoặc số hồ sơ của cơ quan (hoặc, với vụ án đã có, "
                "số hồ sơ dùng chung).",
            )
        )
    if errors:
        return None, errors
    params = {name: out[name] for name in ("charges", "months", "days") if out.get(name)}
    if out.get("date_known", "day") != "day":
        params["date_known"] = out["date_known"]
    return ParsedRow(
        row=number,
        national_code=out.get("national_code") or None,
        external_id=out.get("external_id", ""),
        record_id=out.get("record"),
        case={key: out[key] for key in CASE_COLUMNS if key in out},
        decision=out["decision"],
        date=out["date"],
        doc_number=out.get("doc_number", ""),
        note=out.get("note", ""),
        params=params,
        issuer_id=out.get("issuer"),
    ), []


def _shown(raw: Cell) -> str:
    """A value as an error names it: without the characters the reader refuses, which a
    table built otherwise may still hold (the message names them)."""
    return shown(raw if isinstance(raw, dt.date) else without_forbidden(raw))


def _as_text(raw: Cell) -> str:
    if isinstance(raw, dt.date):
        raise _Bad("Phải là chữ, không phải ngày tháng.")
    # The reader refuses these, cell by cell; a table built otherwise is held to it too.
    if (char := forbidden_in(raw)) is not None:
        raise _Bad(control_character_reason(char))
    return raw


def _bounded(key: str) -> Callable[[Cell], str]:
    def parse(raw: Cell) -> str:
        text = _as_text(raw)
        if len(text) > MAX_LENGTHS[key]:
            raise _Bad(f"Dài quá {MAX_LENGTHS[key]} ký tự.")
        return text

    return parse


# A field named as the dashboard names it is kept as its code; any other text as it is.
FIELDS = {
    **{fold(label): code for code, label in CASE_FIELDS.items()},
    **{code: code for code in CASE_FIELDS},
}


def _field(raw: Cell) -> str:
    text = _bounded("field")(raw)
    return FIELDS.get(fold(text), text)


def _choice(choices: Mapping[str, Any], allowed: str) -> Callable[[Cell], Any]:
    def parse(raw: Cell) -> Any:
        folded = fold(_as_text(raw))
        if folded not in choices:
            raise _Bad(f"Không hợp lệ; ghi {allowed}.")
        return choices[folded]

    return parse


def _record(raw: Cell) -> int:
    text = _as_text(raw).strip()
    digits = text.removeprefix(RECORD_PREFIX).strip()
    # The "#" is required: a number typed in the wrong column must not name some case.
    if not text.startswith(RECORD_PREFIX) or not (digits.isdecimal() and len(digits) <= 18):
        raise _Bad("Ghi dạng #1234, như tệp xuất danh sách vụ án; để trống với vụ án mới.")
    if int(digits) < 1:
        raise _Bad("Không có vụ án số này.")
    return int(digits)


def _province(lookups: Lookups) -> Callable[[Cell], int]:
    def parse(raw: Cell) -> int:
        text = _as_text(raw)
        found = lookups.provinces.get(text.upper()) or lookups.provinces.get(fold(text))
        if found is None:
            raise _Bad("Không có tỉnh, thành phố này trong danh mục hiện hành.")
        return found

    return parse


def _agencies(lookups: Lookups) -> Callable[[Cell], tuple[int, ...]]:
    def parse(raw: Cell) -> tuple[int, ...]:
        codes = [c.strip().upper() for c in re.split(r"[;,]", _as_text(raw)) if c.strip()]
        unknown = [c for c in codes if c not in lookups.agencies]
        if unknown:
            raise _Bad(f"Không có cơ quan mã {', '.join(unknown)} trong danh mục.")
        return tuple(sorted({lookups.agencies[c] for c in codes}))

    return parse


def _agency(lookups: Lookups) -> Callable[[Cell], int]:
    def parse(raw: Cell) -> int:
        code = _as_text(raw).strip().upper()
        if code not in lookups.agencies:
            raise _Bad(f"Không có cơ quan mã {code} trong danh mục.")
        return lookups.agencies[code]

    return parse


def _decision(lookups: Lookups) -> Callable[[Cell], str]:
    def parse(raw: Cell) -> str:
        text = _as_text(raw)
        found = lookups.decisions.get(text) or lookups.decisions.get(fold(text))
        if found is None:
            raise _Bad("Không phải tên quyết định trong danh mục (xem trang Hướng dẫn của mẫu).")
        return found

    return parse


def _date(today: dt.date) -> Callable[[Cell], dt.date]:
    def parse(raw: Cell) -> dt.date:
        if isinstance(raw, dt.date):
            day = raw
        else:
            match = _DATE.match(raw)
            if match is None:
                raise _Bad("Ngày phải theo dạng dd/mm/yyyy, ví dụ 05/01/2026.")
            try:
                day = dt.date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                raise _Bad("Không có ngày này trong lịch.") from None
        problem = record_date_problem(day, today=today)
        if problem is not None:
            raise _Bad(record_date_message(problem, day, today=today, label="Ngày quyết định"))
        return day

    return parse


def _charges(raw: Cell) -> str:
    try:
        charges = crimes.parse_charges(_as_text(raw))
        for charge in charges:
            _ = charge.category
    except InvalidInput as error:
        raise _Bad(error.message) from None
    return ", ".join(f"{c.article}.{c.clause}" for c in charges)


def charges_text(value: Any) -> str:
    """A decision's stored charges as the template's column writes them ("353.3,
    354.2"), read back the same by ``_charges``; "" for none, and for what the column
    cannot say (an article without its clause)."""
    if not value:
        return ""
    try:
        charges = crimes.parse_charges(value)
        if any(not charge.clause for charge in charges):
            return ""
        return _charges(", ".join(f"{c.article}.{c.clause}" for c in charges))
    except (InvalidInput, _Bad):
        return ""


def _whole(low: int, high: int) -> Callable[[Cell], int]:
    def parse(raw: Cell) -> int:
        text = _as_text(raw)
        # isdecimal, not isdigit: "²" is a digit that int() refuses; and a bound on
        # the length before int(), which refuses past 4,300 digits (and is slow near it).
        if not (text.isdecimal() and len(text) <= 3) or not low <= int(text) <= high:
            raise _Bad(f"Phải là số nguyên từ {low} đến {high}.")
        return int(text)

    return parse


def decision_names(labels: Iterable[tuple[str, str]]) -> dict[str, str]:
    """code → code and folded label → code, from (code, Vietnamese label) pairs; the
    first pair to name a label keeps it."""
    names: dict[str, str] = {}
    for code, label in labels:
        names[code] = code
        names.setdefault(fold(label), code)
    return names
