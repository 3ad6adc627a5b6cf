"""Input types of the JSON API, each saying in the OpenAPI description what it accepts.

Strings are brought to Unicode NFC and refuse NUL bytes, lone surrogates and other
control characters (PostgreSQL cannot store the first two, and none has any business in
a case record); their schema carries the same rule as a pattern. Dates are ISO 8601
days only: pydantic would otherwise read a number as a Unix timestamp, and "0" would
quietly mean 1 January 1970. A day of the case record (a decision's, an asset
action's) is between 1 January 1990 and today (phoihop.domain.record_dates); an amount
is at most 10^15 đồng (phoihop.domain.amounts). Record ids
are bounded so that a huge number is refused here, not an overflow in the database."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from ninja import Path
from pydantic import AfterValidator, BeforeValidator, Field, GetCoreSchemaHandler
from pydantic import GetJsonSchemaHandler as JsonHandler
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from phoihop.core.clock import today
from phoihop.domain.amounts import MAX_AMOUNT_VND, amount_too_large_message
from phoihop.domain.record_dates import (
    EARLIEST_RECORD_DATE,
    record_date_message,
    record_date_problem,
)
from phoihop.domain.text import forbidden_character

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ID = 2**53 - 1  # within bigint and within a JSON number's exact range
# What forbidden_character refuses, as a pattern for the schema (ECMA-262 syntax): C0
# controls but tab and line breaks, DEL and the C1 controls. Lone surrogates, refused
# too, cannot be written in a pattern that Unicode regular expression engines accept.
TEXT_PATTERN = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"


def _clean(value: str) -> str:
    """NFC, as every form value is (phoihop.core.input_hygiene)."""
    bad = forbidden_character(value)
    if bad == "\x00":
        raise ValueError("chứa ký tự NUL không hợp lệ")
    if bad is not None:
        raise ValueError("chứa ký tự điều khiển hoặc Unicode không hợp lệ")
    return unicodedata.normalize("NFC", value)


def _iso_day(value: Any) -> Any:
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.match(value)):
        return value
    raise ValueError("phải là một ngày theo dạng YYYY-MM-DD")


@dataclass(frozen=True)
class Described:
    """Keywords added to a type's JSON schema: what a validator of ours checks, said
    where clients (and schemathesis) read it."""

    keywords: tuple[tuple[str, Any], ...]

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: JsonHandler) -> Any:
        described = handler(schema)
        described.update(self.keywords)
        return described


class _Checked:
    """An annotation whose ``_check`` runs on the value once pydantic has validated it."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def _check(self, value: Any) -> Any:
        raise NotImplementedError


@dataclass(frozen=True, init=False)
class OneOf(_Checked):
    """A string that must be one of ``values`` (the empty string too, where listed: a
    filter left empty filters nothing); the schema lists them as its enum."""

    values: tuple[str, ...]

    def __init__(self, *values: str) -> None:
        object.__setattr__(self, "values", tuple(str(value) for value in values))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: JsonHandler) -> Any:
        described = handler(schema)
        described["enum"] = list(self.values)
        return described

    def _check(self, value: str) -> str:
        if value not in self.values:
            raise PydanticCustomError(
                "one_of",
                "phải là một trong: {expected}",
                {"expected": ", ".join(v for v in self.values if v)},
            )
        return value


@dataclass(frozen=True)
class Matching(_Checked):
    """A string matching ``pattern`` (an ASCII regular expression, the same for Python and
    the schema), else refused with ``reason``."""

    pattern: str
    reason: str

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: JsonHandler) -> Any:
        described = handler(schema)
        described["pattern"] = self.pattern
        return described

    def _check(self, value: str) -> str:
        if re.fullmatch(self.pattern, value, re.ASCII) is None:
            raise PydanticCustomError("pattern", self.reason)
        return value


@dataclass(frozen=True)
class RecordDay(_Checked):
    """A day of the case record, named ``label`` in the refusal: the domain's rule, with
    today from the clock."""

    label: str

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: JsonHandler) -> Any:
        described = handler(schema)
        described["description"] = (
            f"A day from {EARLIEST_RECORD_DATE.isoformat()} to today (in Vietnam); "
            "any other is refused with 422."
        )
        return described

    def _check(self, day: dt.date) -> dt.date:
        on = today()
        problem = record_date_problem(day, today=on)
        if problem is not None:
            message = record_date_message(problem, day, today=on, label=self.label)
            raise PydanticCustomError(problem.value, "{message}", {"message": message})
        return day


@dataclass(frozen=True)
class Amount(_Checked):
    """An amount of đồng, named ``label`` in the refusal: at most the maximum of one
    entry (phoihop.domain.amounts), refused past it with the rule's own code."""

    label: str

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: JsonHandler) -> Any:
        described = handler(schema)
        described["maximum"] = MAX_AMOUNT_VND
        described["description"] = (
            f"Whole đồng, from 0 to {MAX_AMOUNT_VND} (10^15, a million billion: above any "
            "real case); a larger amount is refused with 422 (`input.amount_too_large`), "
            "and so is one that would bring the case's total of its kind past 10^18."
        )
        return described

    def _check(self, amount: int) -> int:
        if amount > MAX_AMOUNT_VND:
            message = amount_too_large_message(amount, label=self.label)
            raise PydanticCustomError("input.amount_too_large", "{message}", {"message": message})
        return amount


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omittable(**constraints: Any) -> Any:
    """A field a request may leave out but not send as null (a PATCH's): left out, the
    record keeps its value; null is refused like any other wrong type."""
    return Field(None, json_schema_extra=_no_default, **constraints)


CleanStr = Annotated[str, AfterValidator(_clean), Described((("pattern", TEXT_PATTERN),))]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]
DecisionDay = Annotated[IsoDate, RecordDay("Ngày của quyết định")]
ReceivedDay = Annotated[IsoDate, RecordDay("Ngày nhận hồ sơ")]
AssetDay = Annotated[IsoDate, RecordDay("Ngày của khoản tiền")]
AmountVnd = Annotated[int, Field(ge=0), Amount("Số tiền")]
RecordId = Annotated[int, Path(..., ge=1, le=MAX_ID)]
IdField = Annotated[int, Field(ge=1, le=MAX_ID)]
