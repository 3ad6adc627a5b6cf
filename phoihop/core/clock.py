"""The one place that reads the time. Everything else takes `now` or `today` as an argument."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    """Today's date in Vietnam (settings.TIME_ZONE), whatever the server's zone."""
    return timezone.localdate()
