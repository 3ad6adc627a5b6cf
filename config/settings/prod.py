"""Production: PostgreSQL from DATABASE_URL, secrets from the environment, HTTPS."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["PHOIHOP_SECRET_KEY"]
DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
