"""Articles cited: those of the Criminal Procedure Code (the decision's legal basis) and
those of the Penal Code (the charges).

A reference is "Điều 179", "khoản 1 Điều 179", "điểm a khoản 3 Điều 353", "Điều 353
khoản 3" or a list ("các Điều 36, 41 và 179"); which code it cites is said by the first
code named after it in the same sentence ("… khoản 3 Điều 353 và khoản 2 Điều 354 Bộ luật
Hình sự": both are the Penal Code's). A reference without a code named after it is left
out: it may be an article of the decision itself ("Điều 1. Khởi tố …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from phoihop.domain.crimes import PENAL_CODE_ARTICLES
from phoihop.domain.reading.folded import FoldedText
from phoihop.domain.reading.model import ChargeRead, ReadField

# Part Two of the Penal Code (the crimes) begins with Chapter XIII, Article 108; the
# articles before it (mitigating circumstances in 51, penalties in 38...) are cited in
# judgments beside the charge but are never a charge.
FIRST_CRIME_ARTICLE = 108

_S = r"[ \t\n]*"
_ARTICLE = re.compile(
    rf"\b(?:cac{_S})?dieu{_S}(\d{{1,3}})((?:{_S},{_S}\d{{1,3}}\b)*(?:{_S}va{_S}\d{{1,3}}\b)?)"
)
_MORE = re.compile(r"\d{1,3}")
_CLAUSE_BEFORE = re.compile(
    rf"(?:(?:cac{_S})?diem{_S}[a-z](?:{_S}[,va]+{_S}[a-z]\b)*{_S},?{_S})?"
    rf"(?:cac{_S})?khoan{_S}(\d{{1,2}})(?:{_S}[,va]+{_S}\d{{1,2}}\b)*{_S},?{_S}(?:cua{_S})?$"
)
_CLAUSE_AFTER = re.compile(rf"{_S},?{_S}khoan{_S}(\d{{1,2}})\b")
_LAW = re.compile(
    rf"(?P<cpc>bo{_S}luat{_S}to{_S}tung{_S}hinh{_S}su|\bbltths\b)"
    rf"|(?P<pc>bo{_S}luat{_S}hinh{_S}su|\bblhs\b)"
    rf"|(?P<other>(?<!bo )(?<!phap )\bluat{_S}[a-z]|\bnghi{_S}(?:dinh|quyet)\b|\bthong{_S}tu\b"
    rf"|\bphap{_S}lenh\b|\bbo{_S}luat{_S}(?:dan|lao)\b)"
)
_SENTENCE_END = re.compile(r"\.(?!\d)|\n[ \t]*can cu")
_LAW_WINDOW = 300  # folded characters from a reference to the code it cites
_ADJACENT = 20  # a code named this close reads as the reference's own


class Code(StrEnum):
    CRIMINAL_PROCEDURE = "cpc"
    PENAL = "pc"
    OTHER = "other"


@dataclass(frozen=True)
class Reference:
    article: int
    clause: int | None
    code: Code
    adjacent: bool
    span: tuple[int, int]  # original


def references(text: FoldedText) -> list[Reference]:
    folded = text.folded
    found: list[Reference] = []
    for match in _ARTICLE.finditer(folded):
        window_end = min(len(folded), match.end() + _LAW_WINDOW)
        stop = _SENTENCE_END.search(folded, match.end(), window_end)
        law = _LAW.search(folded, match.end(), stop.start() if stop else window_end)
        if law is None or law.lastgroup is None:
            continue
        code = Code(law.lastgroup)
        articles = [int(match[1]), *(int(n) for n in _MORE.findall(match[2]))]
        start = match.start()
        clause: int | None = None
        before = _CLAUSE_BEFORE.search(folded, max(0, start - 60), start)
        after = _CLAUSE_AFTER.match(folded, match.end())
        if before is not None:
            clause, start = int(before[1]), before.start()
        elif after is not None and len(articles) == 1:
            clause = int(after[1])
        end = after.end() if after is not None and before is None else match.end()
        adjacent = law.start() - end <= _ADJACENT
        span = text.span(start, end)
        for index, article in enumerate(articles):
            found.append(Reference(article, clause if index == 0 else None, code, adjacent, span))
    return found


def legal_basis(refs: list[Reference]) -> tuple[ReadField[int], ...]:
    seen: dict[int, ReadField[int]] = {}
    for ref in refs:
        if ref.code is Code.CRIMINAL_PROCEDURE and ref.article not in seen:
            seen[ref.article] = ReadField(ref.article, 0.95 if ref.adjacent else 0.85, ref.span)
    return tuple(seen.values())


def charges(refs: list[Reference]) -> tuple[ReadField[ChargeRead], ...]:
    kept: dict[tuple[int, int | None], ReadField[ChargeRead]] = {}
    for ref in refs:
        if ref.code is not Code.PENAL or ref.article < FIRST_CRIME_ARTICLE:
            continue
        if ref.article not in PENAL_CODE_ARTICLES:
            continue
        key = (ref.article, ref.clause)
        if key in kept:
            continue
        confidence = (0.95 if ref.adjacent else 0.85) if ref.clause else 0.75
        kept[key] = ReadField(ChargeRead(ref.article, ref.clause), confidence, ref.span)
    with_clause = {article for article, clause in kept if clause is not None}
    return tuple(
        field for (article, clause), field in kept.items() if clause or article not in with_clause
    )
