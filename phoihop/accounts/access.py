"""The bridge from a signed-in user to the domain's access policy."""

from __future__ import annotations

from typing import Any

from phoihop.domain.access.classification import Classification
from phoihop.domain.access.policy import Actor
from phoihop.domain.organisation import AgencyKind, AgencyLevel, Role


def actor_for(user: Any) -> Actor:
    agency = user.agency if user.agency_id else None
    return Actor(
        user_id=user.pk,
        agency_id=user.agency_id,
        agency_kind=AgencyKind(agency.kind) if agency else None,
        agency_level=AgencyLevel(agency.level) if agency else None,
        province_id=agency.province_id if agency else None,
        role=Role(user.role),
        clearance=Classification(user.clearance),
        is_superuser=user.is_superuser,
    )
