"""Settings shared by every environment. Environment variables override defaults;
nothing here names a machine."""

from __future__ import annotations

import datetime
import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PHOIHOP_VAR_DIR", BASE_DIR / "var"))
# The key that signs audit checkpoints (`phoihop audit checkpoint`): outside the
# database by design; in production, on storage the database's administrators cannot
# write (the setting names it).
PHOIHOP_AUDIT_KEY_FILE = Path(
    os.environ.get("PHOIHOP_AUDIT_KEY_FILE", VAR_DIR / "audit-checkpoint.key")
)

# No default key: dev makes one per machine under var/, tests use a fixed one, and
# production must be given PHOIHOP_SECRET_KEY.
SECRET_KEY = os.environ.get("PHOIHOP_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [
    h for h in os.environ.get("PHOIHOP_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

# Long work (a large import, a national or year-long report) runs in `phoihop worker`,
# queued in our own database: no broker. Django 6 has the tasks API built in
# (django.tasks); on 5.2 the django-tasks backport provides it under its own name.
TASKS_APPS = (
    ["django_tasks_db"] if find_spec("django.tasks") else ["django_tasks", "django_tasks_db"]
)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

INSTALLED_APPS = [
    "phoihop.audit.admin_config.AuditedAdminConfig",  # django.contrib.admin, audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "ninja",  # its own copy of Swagger UI: the API docs page loads nothing from a CDN
    *TASKS_APPS,
    "phoihop.core",
    "phoihop.agencies",
    "phoihop.accounts",
    "phoihop.cases",
    "phoihop.clocks",
    "phoihop.coordination",
    "phoihop.reports",
    "phoihop.publicity",
    "phoihop.audit",
    "phoihop.jobs",
    "phoihop.demo",
]

MIDDLEWARE = [
    # First: every database access of the request, the other middleware's too, is in
    # its scope (which reads may go to a replica, whether the request wrote).
    "phoihop.core.replicas.ReplicaScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "phoihop.core.api_guard.ApiQueryGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phoihop.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "phoihop.accounts.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After the user, the messages and htmx: a refusal is a page of the application.
    "phoihop.core.input_hygiene.InputHygieneMiddleware",
    "phoihop.core.middleware.PageLoginRequiredMiddleware",
    "phoihop.accounts.two_factor.TwoFactorRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "phoihop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "phoihop.accounts.context_processors.permissions",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the one writer; FULL makes a committed write
        # survive a power cut. IMMEDIATE takes the write lock at BEGIN, so two
        # writers queue instead of failing half-way through a transaction.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    return config


def replica_databases(urls: list[str]) -> dict[str, dict[str, object]]:
    """PostgreSQL streaming standbys of the primary, as aliases replica_1, replica_2, …
    (phoihop/core/replicas.py decides what they read)."""
    replicas = {}
    for number, url in enumerate(urls, start=1):
        config = database_from_url(url)
        # A replica that does not answer must cost a request two seconds at most (the
        # primary answers instead); a persistent connection is checked before each
        # request reuses it, so a restarted standby is not met with a dead socket.
        options = config.get("OPTIONS")
        config["OPTIONS"] = {**(options if isinstance(options, dict) else {}), "connect_timeout": 2}
        config["CONN_HEALTH_CHECKS"] = True
        replicas[f"replica_{number}"] = config
    return replicas


DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'phoihop.sqlite3'}")
# Read replicas: comma-separated URLs of streaming standbys of DATABASE_URL's server.
PHOIHOP_REPLICA_URLS = [
    url.strip() for url in os.environ.get("PHOIHOP_REPLICA_URLS", "").split(",") if url.strip()
]
DATABASES = {"default": database_from_url(DATABASE_URL), **replica_databases(PHOIHOP_REPLICA_URLS)}
PHOIHOP_REPLICAS = [alias for alias in DATABASES if alias != "default"]
# A replica further behind the primary than this is not read (its lag is checked at
# most every PHOIHOP_REPLICA_CHECK_SECONDS, per process); a user who wrote reads the
# primary for both together, after which any replica still read has their write.
PHOIHOP_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("PHOIHOP_REPLICA_MAX_LAG_SECONDS", "5"))
PHOIHOP_REPLICA_CHECK_SECONDS = float(os.environ.get("PHOIHOP_REPLICA_CHECK_SECONDS", "2"))
DATABASE_ROUTERS = ["phoihop.core.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "login"
# Argon2id first (phoihop/accounts/hashers.py says why); the others read passwords
# stored before, which are rehashed at their next sign-in.
PASSWORD_HASHERS = [
    "phoihop.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # ASVS V6.2.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes sees every password check first, so it can refuse a locked-out login.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins within fifteen minutes lock that username at that address for
# fifteen minutes; never the address alone, so one office behind a shared address
# cannot be locked out by a single mistyping colleague (ASVS V6.3.1).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "phoihop.accounts.sessions.client_address"
AXES_VERBOSE = False
# Two-factor login (TOTP, RFC 6238): "cleared" asks it of every user with a clearance,
# "all" of everyone (production).
PHOIHOP_TWO_FACTOR = os.environ.get("PHOIHOP_TWO_FACTOR", "cleared")
OTP_TOTP_ISSUER = "phoihop"
# The admin pages of django-otp never show an authenticator's key or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A session ends after 15 minutes without a request and 12 hours after sign-in,
# whichever comes first (ASVS V7.3.1, V7.3.2).
PHOIHOP_SESSION_IDLE_SECONDS = 15 * 60
PHOIHOP_SESSION_MAX_SECONDS = 12 * 3600
# nginx in front sets X-Forwarded-For; only then is its last entry the client's address.
PHOIHOP_BEHIND_PROXY = os.environ.get("PHOIHOP_BEHIND_PROXY", "") == "1"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "phoihop" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm at setup and are served by us: never a CDN.
STATICFILES_DIRS = [BASE_DIR / "phoihop" / "static"]
# The vendor files are listed one by one (phoihop/core/vendor_files.py), not whole npm
# distributions.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "phoihop.core.vendor_files.VendorFileFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Django's database sessions, read by their key through a statement compiled once.
SESSION_ENGINE = "phoihop.accounts.session_store"
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: a reminder e-mail's link opens the case in the signed-in session;
# every write is POST and carries the CSRF token, which Strict guards too.
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (ASVS V3.4.3): scripts, styles, fonts and requests
# from this site only; no inline script, event handler, style element or style
# attribute, no eval. Behaviour lives in static/phoihop/*.js, looks in phoihop.css.
# The header goes out in every environment, so the browser tests see the real policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap's and Swagger UI's icons are data: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

MEDIA_ROOT = VAR_DIR / "files"
MEDIA_URL = "/files/"  # never served directly: attachments go through an access check
# Attachments: size limit and the types an official exchanges (documents, scans).
PHOIHOP_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
PHOIHOP_ATTACHMENT_TYPES = {
    ".pdf",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".odt",
    ".jpg",
    ".jpeg",
    ".png",
    ".txt",
}
EMAIL_BACKEND = os.environ.get(
    "PHOIHOP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("PHOIHOP_FROM_EMAIL", "phoihop@localhost")
PHOIHOP_DUE_SOON_DAYS = 10
# Import files (xlsx/csv): larger ones are refused with a message, before parsing.
PHOIHOP_IMPORT_MAX_BYTES = 20 * 1024 * 1024
PHOIHOP_IMPORT_MAX_ROWS = int(os.environ.get("PHOIHOP_IMPORT_MAX_ROWS", "50000"))
# A web import of more rows than this runs in the worker, the page following it; a
# smaller one is done within the request (a few seconds at most, its outcome at once).
PHOIHOP_IMPORT_INLINE_ROWS = int(os.environ.get("PHOIHOP_IMPORT_INLINE_ROWS", "500"))
# A periodic report longer than this (a quarter) runs in the worker, as does one of the
# whole nation; phoihop/reports/report_jobs.py gives the measurements behind it.
PHOIHOP_REPORT_INLINE_DAYS = int(os.environ.get("PHOIHOP_REPORT_INLINE_DAYS", "92"))
# An export of the case list of more cases than this is made by the worker
# (phoihop/cases/export_jobs.py gives the measurements behind it).
PHOIHOP_EXPORT_INLINE_CASES = int(os.environ.get("PHOIHOP_EXPORT_INLINE_CASES", "5000"))
# One cache for every process of the site (gunicorn's workers, `phoihop worker`, and in a
# national deployment every server): the database's own table by default, so a user's
# machine needs no other service (created by `phoihop createcachetable`, which `make
# setup` runs); Redis when PHOIHOP_CACHE_URL names one (redis://host:6379/0), for several
# app servers. A per-process cache would keep serving a worker's old public page after a
# publication, and count the API's rate per process.
_cache_url = os.environ.get("PHOIHOP_CACHE_URL", "")
PHOIHOP_SHARED_CACHE = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "phoihop_cache"}
)
CACHES = {"default": PHOIHOP_SHARED_CACHE}
# Requests per API token (or signed-in user) in each window; past it, 429 Retry-After.
PHOIHOP_API_RATE = os.environ.get("PHOIHOP_API_RATE", "600/min")
# The public page: requests per client address, and how long a rendered page is kept
# (a publication shows at once all the same: it changes the cache key).
PHOIHOP_PUBLIC_RATE = os.environ.get("PHOIHOP_PUBLIC_RATE", "120/min")
PHOIHOP_PUBLIC_CACHE_SECONDS = 300

PHOIHOP_DEMO_PASSWORD = os.environ.get("PHOIHOP_DEMO_PASSWORD", "phoihop-demo")
PAGINATE_BY = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
