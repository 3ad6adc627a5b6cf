"""How an agency appears at the head of the official documents it issues, and who may
sign them: the registry's body → ``documents.issuers.Issuer``."""

from __future__ import annotations

import dataclasses
from typing import Any

from phoihop.documents.issuers import Issuer, RegistryBody, derive_issuer
from phoihop.domain.organisation import Role

# What a registry row's "letterhead" may say instead of the rule.
LETTERHEAD_KEYS = frozenset(
    {
        "superior",
        "name",
        "symbol",
        "place",
        "head_title",
        "deputy_title",
        "collective",
        "usual_recipients",
    }
)


def issuer_for(agency: Any) -> Issuer:
    """The body as its documents name it: the rule for its kind, level and province,
    with what the registry says of this body in particular."""
    province = agency.province
    parent = agency.parent
    derived = derive_issuer(
        RegistryBody(
            kind=agency.kind,
            level=agency.level,
            name=agency.name,
            code=agency.code,
            province_name=province.name if province else None,
            province_code=province.code if province else None,
            province_is_city=bool(province and province.kind.startswith("thành phố")),
            parent_name=parent.name if parent else None,
        )
    )
    overrides = {k: v for k, v in (agency.letterhead or {}).items() if k in LETTERHEAD_KEYS}
    if "usual_recipients" in overrides:
        overrides["usual_recipients"] = tuple(overrides["usual_recipients"])
    return dataclasses.replace(derived, **overrides)


def signers_of(agency: Any) -> Any:
    """Who may sign the body's documents: its leaders, active accounts, by name."""
    return agency.users.filter(role=Role.LEADER, is_active=True).order_by("full_name", "pk")
