"""Who runs a job: a worker process named by its host, its process id and the moment
it started, so that whoever sees the job on the same host can tell whether that process
still lives. A process id alone is reused; with its start time it is not."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

# django-tasks-db keeps a worker's id in 64 characters: the host's name is cut to 40,
# leaving room for a process id and a start time.
HOST_LENGTH = 40


@dataclass(frozen=True)
class WorkerId:
    host: str
    pid: int
    started: str  # the process's start, in clock ticks since boot ("" where unknown)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}:{self.started}"

    @classmethod
    def parse(cls, text: str) -> WorkerId | None:
        host, _sep, rest = text.rpartition(":")
        host, _sep, pid = host.rpartition(":")
        if not host or not pid.isdecimal():
            return None
        return cls(host=host, pid=int(pid), started=rest)


def this_host() -> str:
    return (socket.gethostname() or "localhost")[:HOST_LENGTH]


def current_worker() -> WorkerId:
    pid = os.getpid()
    return WorkerId(host=this_host(), pid=pid, started=_started(pid) or "")


def worker_gone(text: str) -> bool:
    """True when the worker named was on this host and its process has ended; False
    while it runs, and for a worker of another host, which only its host can tell."""
    worker = WorkerId.parse(text)
    if worker is None or worker.host != this_host():
        return False
    started = _started(worker.pid)
    if started is None:
        return not _signalable(worker.pid)
    return started == "" or (worker.started != "" and started != worker.started)


def _started(pid: int) -> str | None:
    """The process's start time from /proc ("" if it is gone or a zombie), or None
    where /proc does not exist."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except OSError:
        return ""
    # The command name (field 2) may hold spaces and parentheses: read after its end.
    fields = stat.rsplit(")", 1)[1].split()
    state, started = fields[0], fields[19]
    return "" if state in ("Z", "X") else started


def _signalable(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
