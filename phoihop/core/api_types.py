"""Input types of the JSON API.

Strings are brought to Unicode NFC and refuse NUL bytes, lone surrogates and other
control characters (PostgreSQL cannot store the first two, and none has any business in
a case record). Dates are
ISO 8601 days only: pydantic would otherwise read a number as a Unix timestamp, and
"0" would quietly mean 1 January 1970. Record ids are bounded so that a huge number
is a 400 here, not an overflow in the database."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from ninja import Path
from pydantic import AfterValidator, BeforeValidator, Field

from phoihop.domain.text import forbidden_character

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ID = 2**53 - 1  # within bigint and within a JSON number's exact range


def _clean(value: str) -> str:
    """NFC, as every form value is (phoihop.core.input_hygiene)."""
    bad = forbidden_character(value)
    if bad == "\x00":
        raise ValueError("chuỗi chứa ký tự NUL không hợp lệ")
    if bad is not None:
        raise ValueError("chuỗi chứa ký tự điều khiển hoặc Unicode không hợp lệ")
    return unicodedata.normalize("NFC", value)


def _iso_day(value: Any) -> Any:
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.match(value)):
        return value
    raise ValueError("ngày phải theo dạng YYYY-MM-DD")


CleanStr = Annotated[str, AfterValidator(_clean)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]
RecordId = Annotated[int, Path(..., ge=1, le=MAX_ID)]
IdField = Annotated[int, Field(ge=1, le=MAX_ID)]
