"""Statutory clocks: BLTTHS Art.134 counting, the rule catalogue, the calculator."""

from .calculator import calculate
from .calendar import RestDayCalendar
from .catalog import CATALOG, CatalogError, build_catalog
from .compute import ClockRequest, ClockResult, Recategorisation, compute
from .rules import ClockRule, CountingMode, Duration, LegalBasis, Unit

__all__ = [
    "CATALOG",
    "CatalogError",
    "ClockRequest",
    "ClockResult",
    "ClockRule",
    "CountingMode",
    "Duration",
    "LegalBasis",
    "Recategorisation",
    "RestDayCalendar",
    "Unit",
    "build_catalog",
    "calculate",
    "compute",
]
