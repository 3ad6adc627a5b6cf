"""From domain error codes to HTTP statuses. Forbidden and not-found look the same
(404) so the existence of a case does not leak."""

from __future__ import annotations

from phoihop.domain.errors import DomainError


class StaleRecord(DomainError):
    """Someone else changed the record since this user loaded it."""

    code = "record.stale"


class NotFound(DomainError):
    code = "not_found"


HTTP_STATUS = {
    "access.denied": 404,
    "not_found": 404,
    "input.invalid": 400,
    "transition.not_allowed": 409,
    "record.stale": 409,
    "rule.violation": 422,
}


def http_status(error: DomainError) -> int:
    """The status of the error's code; a rule's own code (``request.transition.denied``,
    ``meeting.chair_only``…) keeps the status of its kind: 404 for AccessDenied, 409
    for TransitionNotAllowed, 422 for RuleViolation, 400 for InvalidInput."""
    for kind in (error, *type(error).__mro__):
        code = getattr(kind, "code", None)
        if code in HTTP_STATUS:
            return HTTP_STATUS[code]
    return 400
