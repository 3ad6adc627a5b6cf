"""Python's cycle collector during a batch of many rows (an import, a rebuild).

A batch keeps what it plans in memory until it is written: tens of thousands of small
objects that survive, so the collector's first generation fills again and again and
each time promotes them, and every tenth of those passes the middle one is scanned too.
None of it is garbage. Measured on an import of 10,000 rows, the collector took about a
tenth of the CPU; with what was there before the batch frozen (the modules, the
registry: never scanned again) and the first generation larger, most of that goes."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Objects allocated (less those freed) between two passes of the first generation;
# Python's default is 700 (2,000 from 3.13).
BATCH_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within the block, objects older than it are left out of the collector's passes
    and its first generation is larger; both as they were afterwards."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(BATCH_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
