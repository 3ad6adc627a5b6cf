"""Production settings pass Django's deployment checklist with nothing to report."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _production(tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    # A production process's environment: none of the test run's own variables (the
    # browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which the checklist rightly refuses).
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHOIHOP_"))}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "PHOIHOP_SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "PHOIHOP_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_reports_no_issue(tmp_path):
    result = _production(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_asks_everyone_for_two_steps_and_trusts_only_its_proxy(tmp_path):
    result = _production(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.PHOIHOP_TWO_FACTOR, s.PHOIHOP_BEHIND_PROXY, s.SESSION_COOKIE_SECURE, "
        "s.AXES_FAILURE_LIMIT, s.AXES_LOCKOUT_PARAMETERS)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "all True True 5 [['username', 'ip_address']]"
