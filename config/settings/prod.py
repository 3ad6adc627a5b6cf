"""Production: PostgreSQL from DATABASE_URL, secrets from the environment, HTTPS."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["PHOIHOP_SECRET_KEY"]
DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"]),  # noqa: F405
    **replica_databases(PHOIHOP_REPLICA_URLS),  # noqa: F405
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # behind nginx
# nginx appends the client's address to X-Forwarded-For; lockouts key on it.
PHOIHOP_BEHIND_PROXY = True
# Two-step sign-in for every user, cleared or not (the demo asks it of cleared users).
PHOIHOP_TWO_FACTOR = "all"
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
# Every name under the agency's domain is served over HTTPS too (ASVS V3.4.1); the
# preload flag only marks the header, the intranet's browsers ship no list to join.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
