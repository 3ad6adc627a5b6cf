"""Backups of the whole database and their restore: SQLite through its online-backup
API (a consistent copy taken while the site runs, page by page), PostgreSQL through
pg_dump's custom format and pg_restore. A backup is a file the operator keeps away
from the server; a restore replaces every table with the backup's content."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, in Vietnamese."""


def backup_write(path: Path) -> str:
    """Write the database to ``path``; returns the file's SHA-256."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _pg("pg_dump", "--format=custom", "--no-owner", f"--file={path}")
    else:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {connection.vendor}.")
    return file_sha256(path)


def backup_restore(path: Path) -> None:
    """Replace every table with the content of the backup at ``path``."""
    head = path.read_bytes()[:16] if path.is_file() else b""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        if head != SQLITE_HEADER:
            raise BackupError(f"Tệp {path.name} không phải bản sao lưu SQLite.")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_CUSTOM_HEADER):
            raise BackupError(f"Tệp {path.name} không phải bản sao lưu PostgreSQL (pg_dump -Fc).")
        connection.close()  # pg_restore drops and recreates the tables this session uses
        _pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(path))
    else:
        raise BackupError(f"Không phục hồi được cơ sở dữ liệu loại {connection.vendor}.")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg(tool: str, *args: str) -> None:
    settings: dict[str, Any] = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    target = [
        f"--dbname={settings['NAME']}",
        *([f"--host={settings['HOST']}"] if settings.get("HOST") else []),
        *([f"--port={settings['PORT']}"] if settings.get("PORT") else []),
        *([f"--username={settings['USER']}"] if settings.get("USER") else []),
    ]
    try:
        subprocess.run([tool, *target, *args], env=env, check=True, capture_output=True)
    except FileNotFoundError:
        raise BackupError(f"Thiếu công cụ {tool} (gói postgresql-client).") from None
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise BackupError(f"{tool} thất bại: {' '.join(detail)}") from None
