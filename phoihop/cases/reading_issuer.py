"""The bodies a decision read from its document may be entered as made by, from the
registry: the recording agency and the bodies it succeeded (`issuers.predecessors`,
the service's own check), as plain rows for the review and the matcher
(`phoihop.domain.reading.issuer_match`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from phoihop.agencies.models import Agency
from phoihop.cases.issuers import predecessors
from phoihop.domain.reading.issuer_match import IssuerCandidate


@dataclass(frozen=True)
class IssuerChoice:
    """A body the officer may name as having made the decision."""

    pk: int
    code: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None

    @property
    def candidate(self) -> IssuerCandidate:
        return IssuerCandidate(self.pk, self.name, self.valid_from, self.valid_to)

    @property
    def label(self) -> str:
        """Its name; a ceased body's with its last day, which tells it from its
        successor of the same name ("Tòa án nhân dân tỉnh An Giang", before and after 1
        July 2025)."""
        if self.valid_to is None:
            return self.name
        return _("%(name)s (until %(date)s)") % {
            "name": self.name,
            "date": f"{self.valid_to:%d/%m/%Y}",
        }


_COLUMNS = ("pk", "code", "name", "valid_from", "valid_to")


def issuer_choices(recorder: Agency) -> tuple[IssuerChoice, ...]:
    """The recording agency first, then the bodies it succeeded, by name and date: one
    query."""
    own = IssuerChoice(*(getattr(recorder, column) for column in _COLUMNS))
    former = predecessors(recorder).order_by("name", "valid_from", "pk").values_list(*_COLUMNS)
    return (own, *(IssuerChoice(*row) for row in former))
