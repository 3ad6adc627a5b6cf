"""Periodic reporting: the periods reports cover, named as the reports name them."""

from .periods import ReportPeriod, parse_period

__all__ = ["ReportPeriod", "parse_period"]
