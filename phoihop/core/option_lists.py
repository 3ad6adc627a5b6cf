"""The registry's option lists, written once and kept while the registry is unchanged.

The case list's filter and the case page's forms offer the provinces and the hundreds of
agencies in force: read and written out on every request, they were a third of the
case list's Python. Their HTML depends only on the registry, the day (what is in force)
and the language, so it is kept by the process under the registry's generation
(``core/generations.py``), read from the site's shared cache on every use: a change to
the registry, made on any server, is seen by every process's next page. The option the
user chose is marked on the copy each time (``with_chosen``).

A change that bypasses the model's signals (an UPDATE typed into the database) is seen
within ``KEPT_SECONDS``."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Hashable

from django.db import DatabaseError

from phoihop.core.generations import advance, generation

REGISTRY = "registry"
# How long a kept list is trusted without its generation changing (see the docstring).
KEPT_SECONDS = 300
# Lists kept by a process: a few per language and day; more are a sign of keys that
# never repeat, and the oldest go.
KEPT_MOST = 64

_kept: dict[tuple[Hashable, ...], tuple[float, str]] = {}


def registry_changed() -> None:
    """A province or an agency was added, renamed, merged or closed."""
    advance(REGISTRY)


def kept_html(name: str, key: Hashable, build: Callable[[], str]) -> str:
    """The options ``build`` writes, as kept under ``name``'s generation and ``key``."""
    try:
        number = generation(name)
    except DatabaseError:  # the cache's table unreachable: written afresh, not kept
        return build()
    full = (name, number, key)
    now = time.monotonic()
    found = _kept.get(full)
    if found is not None and found[0] > now:
        return found[1]
    written = build()
    if len(_kept) >= KEPT_MOST:
        for old in sorted(_kept, key=lambda k: _kept[k][0])[: KEPT_MOST // 4]:
            del _kept[old]
    _kept[full] = (now + KEPT_SECONDS, written)
    return written


def with_chosen(options: str, values: Collection[str], *, multiple: bool) -> str:
    """``options`` (none marked) with the options of ``values`` marked ``selected``, as
    Django marks them: every one chosen of a multiple choice, else the first in the
    list's order. ``values`` are escaped as the options' values were."""
    # The tag ends with the value's closing quote: 'value="1"' is not 'value="12"'.
    found = sorted(
        (at, tag)
        for tag in {f'<option value="{value}"' for value in values}
        if (at := options.find(tag)) >= 0
    )
    if not multiple:
        found = found[:1]
    for at, tag in reversed(found):  # from the end: earlier positions stay valid
        end = at + len(tag)
        options = f"{options[:end]} selected{options[end:]}"
    return options
