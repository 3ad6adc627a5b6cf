"""Text written into spreadsheet cells, shared by the case exports and the periodic
report's workbook.

A cell that starts with =, +, - or @ (or a tab or carriage return) is read by a
spreadsheet as a formula; an exported case title could then run as one on an
official's machine (CSV/formula injection). A leading apostrophe keeps it text."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
