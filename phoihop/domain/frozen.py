"""Frozen dataclasses that are quick to make.

A frozen dataclass's own ``__init__`` sets each field through ``object.__setattr__``, to
get past the frozen ``__setattr__``: for a clock of twenty-two fields that is most of what
making one costs, and clocks are made by the million when a nation's cases are derived
again. ``quickly_made`` gives such a class an ``__init__`` with the same signature and
defaults that fills the instance's dictionary in one step. The instance is the same in
every way (fields, equality, hash, repr, immutability); the class must have no
``__post_init__`` and no field left out of ``__init__``, which the decorator checks.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

_T = TypeVar("_T")
_MISSING = object()  # a default_factory field not given


def quickly_made(cls: type[_T]) -> type[_T]:
    """Decorate a frozen dataclass (below its ``@dataclass``) with the quick ``__init__``."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen:
        raise TypeError(f"{cls.__name__} is not a frozen dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__ the quick __init__ would skip")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(not f.init or f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__} has a field the quick __init__ cannot take")
    scope: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    params_text, factories = [], []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            scope[f"_default_{f.name}"] = f.default
            params_text.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            params_text.append(f"{f.name}=_MISSING")
            factories.append(
                f"    if {f.name} is _MISSING:\n        {f.name} = _factory_{f.name}()\n"
            )
        else:
            params_text.append(f.name)
    values = ", ".join(f"{f.name!r}: {f.name}" for f in fields)
    source = (
        f"def __init__(self, {', '.join(params_text)}):\n"
        + "".join(factories)
        + f"    _set(self, '__dict__', {{{values}}})\n"
    )
    exec(source, scope)  # the same technique dataclasses itself uses to write __init__
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = dict(cls.__init__.__annotations__)
    setattr(cls, "__init__", init)  # noqa: B010 (a class attribute mypy would refuse)
    return cls
