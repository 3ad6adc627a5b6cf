"""`phoihop worker`, the real one, for a browser journey that sends work to it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def worker_process(var: Path) -> subprocess.Popen[bytes]:
    """`phoihop worker` on the test's own database (a file) and VAR_DIR."""
    assert connection.vendor == "sqlite", "the browser journeys run on SQLite"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHOIHOP_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "PHOIHOP_VAR_DIR": str(var),
    }
    log = (var / "worker.log").open("ab")
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "phoihop"), "worker"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
