"""How an agency appears at the head of the official documents it issues."""

from __future__ import annotations

from typing import Any

from phoihop.documents.layout import DocumentVariant
from phoihop.domain.organisation import OVERSIGHT_KINDS


def issuing_place(agency: Any) -> str:
    """The place on the date line: the agency's province, the capital for central ones."""
    return agency.province.name if agency.province_id else "Hà Nội"


def is_party_body(agency: Any) -> bool:
    """Ban Nội chính and Ban Chỉ đạo are Party bodies: Party document rules (LEGAL.md §7)."""
    return agency.kind in OVERSIGHT_KINDS


def document_variant(agency: Any) -> DocumentVariant:
    return DocumentVariant.for_party(is_party_body(agency))


def symbol_code(agency: Any) -> str:
    """The agency's part of a document symbol (the registry code without hyphens)."""
    return str(agency.code).replace("-", "")
