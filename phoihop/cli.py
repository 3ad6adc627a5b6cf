"""The `phoihop` console script: Django's management commands under one name.

`phoihop demo-data --cases 50` runs the `demo_data` command; `phoihop audit verify`
runs `audit verify`; `phoihop serve` is our own command, which runs gunicorn. Settings
default to the embedded SQLite setup; DATABASE_URL points them at PostgreSQL.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["phoihop", *args])


if __name__ == "__main__":
    main()
