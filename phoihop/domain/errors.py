"""Errors the domain raises. Each carries a stable code; the Django layer turns the
code into a Vietnamese message and an HTTP status (phoihop/core/errors.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A rule of the law or of the platform refuses what was asked.

    ``code`` is stable and machine-readable (``"transition.not_allowed"``);
    ``params`` fill the user-facing message; ``field`` names the input at fault.
    """

    code: str = "domain.error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.params: dict[str, Any] = dict(params or {})


class AccessDenied(DomainError):
    """The actor may not do this. Shown to users exactly like "not found"."""

    code = "access.denied"


class TransitionNotAllowed(DomainError):
    """The decision is not possible in the case's current stage."""

    code = "transition.not_allowed"


class InvalidInput(DomainError):
    """An input value is out of range or malformed."""

    code = "input.invalid"


class RuleViolation(DomainError):
    """The law does not allow this (a third extension, an over-long period...)."""

    code = "rule.violation"
