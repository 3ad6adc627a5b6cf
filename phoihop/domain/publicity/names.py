"""How the accused are named in a release: in full, by initials, or not at all, as
chosen for each release (the law on handling of personal data and the presumption of
innocence weigh differently before and after judgment)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum

from phoihop.domain.text import fold


class NameRule(StrEnum):
    FULL = "full"  # Nguyễn Văn An
    INITIALS = "initials"  # N.V.A.
    NONE = "none"  # named by role only


NAME_RULE_LABELS_VI = {
    NameRule.FULL: "Ghi đầy đủ họ tên",
    NameRule.INITIALS: "Chỉ ghi chữ cái đầu của họ tên",
    NameRule.NONE: "Không nêu tên",
}


def initials(full_name: str) -> str:
    """ "Nguyễn Văn An" → "N.V.A."; "Đặng Thị Kim Liên" → "Đ.T.K.L."."""
    words = unicodedata.normalize("NFC", full_name).split()
    return "".join(f"{word[0].upper()}." for word in words)


def shown_name(full_name: str, rule: NameRule) -> str | None:
    """The name as the release may print it; None when it may print none."""
    if rule is NameRule.FULL:
        return " ".join(unicodedata.normalize("NFC", full_name).split())
    if rule is NameRule.INITIALS:
        return initials(full_name)
    return None


def names_not_allowed(text: str, full_names: Iterable[str], rule: NameRule) -> list[str]:
    """The accused whose full name the text prints although ``rule`` forbids it,
    found with or without diacritics ("Nguyen Van An" is still the name)."""
    if rule is NameRule.FULL:
        return []
    folded = fold(text)
    return [
        name
        for name in full_names
        if name.strip() and re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded) is not None
    ]
