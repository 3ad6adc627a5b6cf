"""`phoihop serve`: the site under gunicorn, a pre-forking WSGI server, in the demo and in
production alike. WhiteNoise (in the middleware) serves the static files, so gunicorn
alone serves the whole site; in production nginx stands in front (docs/deploy.md).

`--with-worker` starts `phoihop worker` beside it, for the demo: one command runs the
site and its background jobs. In production systemd runs the worker as a unit of its
own (docs/deploy.md), restarted and logged on its own."""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.core.server_limits import (
    LIMIT_REQUEST_FIELD_SIZE,
    LIMIT_REQUEST_FIELDS,
    LIMIT_REQUEST_LINE,
    ApiErrorSyncWorker,
)

DEFAULT_ADDRESS = "127.0.0.1:8000"
DEFAULT_WORKERS = 2
# A request may run this long before gunicorn replaces its worker: enough for the
# largest import (50,000 rows) and the periodic report's PDF, short enough that a
# stuck worker comes back.
TIMEOUT_SECONDS = 120
# On SIGTERM (systemctl stop), requests under way get this long to finish.
GRACEFUL_TIMEOUT_SECONDS = 30


def gunicorn_argv(*, address: str, workers: int, timeout: int) -> list[str]:
    """The gunicorn command line, run by this interpreter so it is the virtualenv's."""
    bind = f"127.0.0.1:{address}" if address.isdigit() else address
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(GRACEFUL_TIMEOUT_SECONDS),
        "--access-logfile",
        "-",  # stdout: the journal under systemd
        "--error-logfile",
        "-",  # stderr
        # gunicorn's runtime control socket (under $HOME or $XDG_RUNTIME_DIR) is not
        # used; systemd starts, stops and restarts the server.
        "--no-control-socket",
        # The sizes gunicorn reads (core/server_limits.py): the API refuses addresses
        # over 4,000 bytes itself, with 414 in its error shape (core/api_guard.py); past
        # these limits the worker below answers in the same shape, not gunicorn's HTML.
        "--limit-request-line",
        str(LIMIT_REQUEST_LINE),
        "--limit-request-field_size",
        str(LIMIT_REQUEST_FIELD_SIZE),
        "--limit-request-fields",
        str(LIMIT_REQUEST_FIELDS),
        "--worker-class",
        f"{ApiErrorSyncWorker.__module__}.{ApiErrorSyncWorker.__name__}",
    ]


def start_worker() -> subprocess.Popen[bytes]:
    """`phoihop worker` as a child of this process, which then becomes gunicorn's master
    (exec keeps the process): when the master ends, however it ends, Linux sends the
    worker SIGTERM (the parent-death signal), and the worker stops once its job under
    way is done. No worker is left behind to hold SQLite's lock or run a second copy."""
    parent = os.getpid()

    def stop_with_parent() -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):  # not Linux: the worker is stopped by hand
            return
        if os.getppid() != parent:  # the parent ended before the signal was asked for
            os._exit(0)

    return subprocess.Popen(
        [sys.executable, "-m", "phoihop.cli", "worker"],
        preexec_fn=stop_with_parent,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # its lines as they come, beside gunicorn's
    )


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _workers_from_environment() -> int:
    value = os.environ.get("PHOIHOP_WORKERS", "")
    if not value:
        return DEFAULT_WORKERS
    if not value.isdigit() or int(value) < 1:
        raise CommandError(f"PHOIHOP_WORKERS must be a positive whole number, not {value!r}.")
    return int(value)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a positive whole number, not {value!r}")
    return int(value)


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn (this process becomes gunicorn's master: SIGTERM "
        "stops it gracefully, SIGHUP reloads the workers). The environment, "
        "DJANGO_SETTINGS_MODULE included, passes to it unchanged."
    )
    # Like runserver: say so when the database lacks a migration.
    requires_migrations_checks = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "address",
            nargs="?",
            default=DEFAULT_ADDRESS,
            help=f"HOST:PORT, a port alone, or unix:PATH (default {DEFAULT_ADDRESS})",
        )
        parser.add_argument(
            "--workers",
            type=_positive,
            help=f"worker processes (default $PHOIHOP_WORKERS, else {DEFAULT_WORKERS})",
        )
        parser.add_argument(
            "--timeout",
            type=_positive,
            default=TIMEOUT_SECONDS,
            help=f"seconds a request may take before its worker is replaced "
            f"(default {TIMEOUT_SECONDS})",
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run `phoihop worker` (the background jobs), stopped with the server",
        )
        # runserver's flag, still passed by older scripts: gunicorn never reloads code.
        parser.add_argument("--noreload", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        argv = gunicorn_argv(
            address=options["address"],
            workers=options["workers"] or _workers_from_environment(),
            timeout=options["timeout"],
        )
        sys.stdout.flush()
        sys.stderr.flush()
        if options["with_worker"]:
            start_worker()
        os.execv(sys.executable, argv)
