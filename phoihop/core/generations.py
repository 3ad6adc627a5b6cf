"""Marks that change whenever what a cache was filled from does.

A cached thing is keyed by the generation of what it was made from (the public page by
the releases', an option list by the registry's). A write that changes it gives the
name a new generation, and every process of every server reads it from the site's
shared cache on its next use: nothing has to be found and deleted, and nothing old is
served after the write. Entries under an old generation are simply not read again.

A generation is a random token, not a count: a count restarts from the same numbers
when the cache is emptied or a write rolled back, and would meet what was kept under
those numbers before."""

from __future__ import annotations

import secrets

from django.core.cache import cache


def _key(name: str) -> str:
    return f"generation:{name}"


def generation(name: str) -> str:
    """The current generation of ``name``."""
    key = _key(name)
    found = cache.get(key)
    if found is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        found = cache.get(key)
    return str(found)


def advance(name: str) -> None:
    """What ``name`` names has changed: the next reads go to a new generation."""
    cache.set(_key(name), secrets.token_hex(8), timeout=None)
