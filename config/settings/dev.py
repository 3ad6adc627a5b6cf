"""The embedded demo: one machine, SQLite under var/, DEBUG off so pages look as in production."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("PHOIHOP_DEBUG", "") == "1"
WHITENOISE_AUTOREFRESH = DEBUG
