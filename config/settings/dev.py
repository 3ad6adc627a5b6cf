"""The embedded demo: one machine, SQLite under var/, DEBUG off so pages look as in production."""

import os
import secrets

from .base import *  # noqa: F403

if not os.environ.get("PHOIHOP_SECRET_KEY"):
    # One random key per installation, kept under var/ (never in the repository).
    _key_file = VAR_DIR / "secret_key"  # noqa: F405
    if not _key_file.exists():
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()

DEBUG = os.environ.get("PHOIHOP_DEBUG", "") == "1"
WHITENOISE_AUTOREFRESH = DEBUG
