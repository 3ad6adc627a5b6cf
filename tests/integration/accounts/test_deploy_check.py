"""Production settings pass Django's deployment checklist with nothing to report."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_with_production_settings_reports_no_issue(tmp_path):
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
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
