"""Crime categories of the Penal Code (Art. 9) and the articles the bloc monitors.

The category of a charge is decided by the clause (khoản) charged, not by the article
(LEGAL.md §2.1): it is the key of almost every clock table. The tables below are
LEGAL.md §2.2 (Chapter XXIII, crimes of position) and §2.3 (economic crimes often under
anti-corruption monitoring), read from the 2017 text with the 2025 changes noted there.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TypeAlias

from phoihop.domain.errors import InvalidInput


class CrimeCategory(StrEnum):
    ITN = "ITN"  # ít nghiêm trọng: up to 3 years
    NT = "NT"  # nghiêm trọng: over 3 up to 7 years
    RNT = "RNT"  # rất nghiêm trọng: over 7 up to 15 years
    DBNT = "DBNT"  # đặc biệt nghiêm trọng: over 15 years, life or death

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {CrimeCategory.ITN: 1, CrimeCategory.NT: 2, CrimeCategory.RNT: 3, CrimeCategory.DBNT: 4}

CATEGORY_LABELS_VI: Mapping[CrimeCategory, str] = MappingProxyType(
    {
        CrimeCategory.ITN: "ít nghiêm trọng",
        CrimeCategory.NT: "nghiêm trọng",
        CrimeCategory.RNT: "rất nghiêm trọng",
        CrimeCategory.DBNT: "đặc biệt nghiêm trọng",
    }
)

# The Penal Code 2015 has 426 articles; anything outside is a typing error.
PENAL_CODE_ARTICLES = range(1, 427)

# Chapter XIII, crimes against national security (an ninh quốc gia, ANQG): they add a
# Procurator General extension to investigation and detention (BLTTHS 172(3), 173(5)) and
# have no limitation period (Penal Code 28). Art. 122 is the chapter's additional-penalty
# article, never charged alone; it is kept in the range so the chapter reads as one block.
NATIONAL_SECURITY_ARTICLES = range(108, 123)


class ArticleGroup(StrEnum):
    CORRUPTION = "corruption"  # Chapter XXIII section 1, Art. 353–359
    POSITION = "position"  # Chapter XXIII section 2, Art. 360–366
    ECONOMIC = "economic"  # Chapter XVIII articles often under anti-corruption monitoring


class SourceStatus(StrEnum):
    """LEGAL.md §0 confidence tags, carried by each article's clause table."""

    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class Article:
    number: int
    name_vi: str
    name_en: str
    group: ArticleGroup
    # clause → category; empty when the clause ranges are not known (see Art. 223)
    clauses: Mapping[int, CrimeCategory] = field(default_factory=dict, hash=False)
    status: SourceStatus = SourceStatus.CONFIRMED
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "clauses", MappingProxyType(dict(self.clauses)))

    @property
    def label(self) -> str:
        return f"Điều {self.number}"


ITN, NT, RNT, DBNT = CrimeCategory.ITN, CrimeCategory.NT, CrimeCategory.RNT, CrimeCategory.DBNT

# Art. 219 and those LEGAL.md §2.3 says share its structure: k1 ≤ 5 y, k2 3–12 y, k3 10–20 y.
_STRUCTURE_OF_219 = {1: NT, 2: RNT, 3: DBNT}

# fmt: off
_ARTICLES = (
    # §2.2 Chapter XXIII section 1: corruption crimes
    Article(353, "Tội tham ô tài sản", "Embezzlement", ArticleGroup.CORRUPTION,
            {1: NT, 2: RNT, 3: DBNT, 4: DBNT}, note="k4: death penalty removed from 01/07/2025"),
    Article(354, "Tội nhận hối lộ", "Taking bribes", ArticleGroup.CORRUPTION,
            {1: NT, 2: RNT, 3: DBNT, 4: DBNT}, note="k4: death penalty removed from 01/07/2025"),
    Article(355, "Tội lạm dụng chức vụ, quyền hạn chiếm đoạt tài sản",
            "Abusing position/power to appropriate property", ArticleGroup.CORRUPTION,
            {1: NT, 2: RNT, 3: DBNT, 4: DBNT}),
    Article(356, "Tội lợi dụng chức vụ, quyền hạn trong khi thi hành công vụ",
            "Abusing position/power while performing official duties", ArticleGroup.CORRUPTION,
            {1: NT, 2: RNT, 3: RNT}),
    Article(357, "Tội lạm quyền trong khi thi hành công vụ",
            "Exceeding power while performing official duties", ArticleGroup.CORRUPTION,
            {1: NT, 2: RNT, 3: RNT, 4: DBNT}),
    Article(358, "Tội lợi dụng chức vụ, quyền hạn gây ảnh hưởng đối với người khác để trục lợi",
            "Abusing position/power to influence others for personal gain",
            ArticleGroup.CORRUPTION, {1: NT, 2: RNT, 3: DBNT, 4: DBNT}),
    Article(359, "Tội giả mạo trong công tác", "Forgery in the course of duty",
            ArticleGroup.CORRUPTION, {1: NT, 2: RNT, 3: RNT, 4: DBNT}),
    # §2.2 Chapter XXIII section 2: other crimes of position. 364–366 are bribery-related
    # and monitored with corruption cases, but the Code files them here.
    Article(360, "Tội thiếu trách nhiệm gây hậu quả nghiêm trọng",
            "Irresponsibility causing serious consequences", ArticleGroup.POSITION,
            {1: NT, 2: NT, 3: RNT}),
    Article(361, "Tội cố ý làm lộ bí mật công tác; tội chiếm đoạt, mua bán hoặc tiêu hủy tài "
                 "liệu bí mật công tác",
            "Intentionally disclosing work secrets; appropriating, trading or destroying "
            "work-secret documents", ArticleGroup.POSITION, {1: ITN, 2: NT}),
    Article(362, "Tội vô ý làm lộ bí mật công tác; tội làm mất tài liệu bí mật công tác",
            "Unintentionally disclosing work secrets; losing work-secret documents",
            ArticleGroup.POSITION, {1: ITN, 2: ITN}),
    Article(363, "Tội đào nhiệm", "Deserting one's post", ArticleGroup.POSITION,
            {1: ITN, 2: NT}),
    Article(364, "Tội đưa hối lộ", "Offering bribes", ArticleGroup.POSITION,
            {1: ITN, 2: NT, 3: RNT, 4: DBNT}),
    Article(365, "Tội môi giới hối lộ", "Brokering bribes", ArticleGroup.POSITION,
            {1: ITN, 2: NT, 3: RNT, 4: RNT}),
    Article(366, "Tội lợi dụng ảnh hưởng đối với người có chức vụ, quyền hạn để trục lợi",
            "Using influence over office holders for personal gain", ArticleGroup.POSITION,
            {1: ITN, 2: NT, 3: RNT}),
    # §2.3 economic crimes
    Article(174, "Tội lừa đảo chiếm đoạt tài sản", "Fraudulent appropriation of property",
            ArticleGroup.ECONOMIC, {1: ITN, 2: NT, 3: RNT, 4: DBNT}),
    Article(175, "Tội lạm dụng tín nhiệm chiếm đoạt tài sản",
            "Abuse of trust to appropriate property", ArticleGroup.ECONOMIC,
            {1: ITN, 2: NT, 3: RNT, 4: DBNT}),
    # LEGAL.md gives k1 ITN, k2 NT and "higher clauses" 7–12 y (RNT) and 12–20 y (DBNT)
    # without re-verifying their numbering in the amended text: we read them as k3 and k4.
    Article(206, "Tội vi phạm quy định về hoạt động ngân hàng, hoạt động khác liên quan đến "
                 "hoạt động ngân hàng",
            "Violating regulations on banking activities", ArticleGroup.ECONOMIC,
            {1: ITN, 2: NT, 3: RNT, 4: DBNT}, status=SourceStatus.SECONDARY,
            note="k3/k4 numbering not re-verified (LEGAL.md §2.3)"),
    Article(219, "Tội vi phạm quy định về quản lý, sử dụng tài sản Nhà nước gây thất thoát, "
                 "lãng phí",
            "Violating regulations on management/use of State property causing loss or waste",
            ArticleGroup.ECONOMIC, _STRUCTURE_OF_219),
    Article(220, "Tội vi phạm quy định về quản lý và sử dụng vốn đầu tư công gây hậu quả "
                 "nghiêm trọng",
            "Violating regulations on public investment capital", ArticleGroup.ECONOMIC,
            _STRUCTURE_OF_219),
    Article(221, "Tội vi phạm quy định về kế toán gây hậu quả nghiêm trọng",
            "Violating accounting regulations", ArticleGroup.ECONOMIC, _STRUCTURE_OF_219),
    Article(222, "Tội vi phạm quy định về đấu thầu gây hậu quả nghiêm trọng",
            "Violating bidding regulations", ArticleGroup.ECONOMIC, _STRUCTURE_OF_219),
    # LEGAL.md §2.3 left the clause ranges of Art. 223 unextracted; the consolidated text
    # of 2025 (VBHN 135/VBHN-VPQH, phoihop/data/penal_code.md) reads k1 ≤ 5 y, k2 ≤ 12 y,
    # k3 ≤ 20 y: the structure of 219.
    Article(223, "Tội thông đồng, bao che cho người nộp thuế gây hậu quả nghiêm trọng",
            "Colluding with / covering for taxpayers", ArticleGroup.ECONOMIC, _STRUCTURE_OF_219,
            note="clause ranges read from VBHN 135/2025 (not in LEGAL.md §2.3)"),
    Article(224, "Tội vi phạm quy định về đầu tư công trình xây dựng gây hậu quả nghiêm trọng",
            "Violating regulations on construction investment", ArticleGroup.ECONOMIC,
            _STRUCTURE_OF_219),
)
# fmt: on

ARTICLES: Mapping[int, Article] = MappingProxyType({a.number: a for a in _ARTICLES})

# --- The whole Penal Code ---------------------------------------------------------------
# phoihop/data/penal_code.json: every crime article in force on 01/07/2025 (Law
# 100/2015/QH13 as amended by 12/2017/QH14 and 86/2025/QH15), each chargeable clause with
# the heaviest principal penalty of its frame; phoihop/data/penal_code.md gives the sources.
PENAL_CODE_FILE = Path(__file__).resolve().parent.parent / "data" / "penal_code.json"

# Heaviest principal penalty of a clause: years of imprisonment, or one of these.
MaxPenalty: TypeAlias = int | str
_HEAVIER_THAN_YEARS = {"life", "death"}
_LIGHTER_THAN_PRISON = {"fine", "non_custodial"}


def category_for(max_penalty: MaxPenalty) -> CrimeCategory:
    """Penal Code Art. 9(1): the category follows the heaviest penalty of the frame: up to
    3 years (or a fine, or non-custodial reform) ITN, up to 7 NT, up to 15 RNT, beyond
    that, life or death DBNT."""
    if max_penalty in _LIGHTER_THAN_PRISON:
        return ITN
    if max_penalty in _HEAVIER_THAN_YEARS:
        return DBNT
    if not isinstance(max_penalty, int) or isinstance(max_penalty, bool) or max_penalty < 1:
        raise ValueError(f"not a penalty: {max_penalty!r}")
    if max_penalty <= 3:
        return ITN
    if max_penalty <= 7:
        return NT
    return RNT if max_penalty <= 15 else DBNT


@dataclass(frozen=True)
class CodeArticle:
    """One crime article as the Code reads: its clauses' heaviest penalties."""

    number: int
    suffix: str  # "a" for the articles inserted later (217a, 256a)
    chapter: str
    name: str
    max_penalties: Mapping[int, MaxPenalty] = field(hash=False)
    repealed: bool = False

    @property
    def key(self) -> str:
        return f"{self.number}{self.suffix}"

    @property
    def categories(self) -> Mapping[int, CrimeCategory]:
        return MappingProxyType({k: category_for(v) for k, v in self.max_penalties.items()})

    @property
    def heaviest_clause(self) -> int:
        """The clause with the heaviest frame: what an article charged without its clause
        is counted by until the clause is known."""
        return max(self.max_penalties, key=lambda k: _weight(self.max_penalties[k]))


def _weight(penalty: MaxPenalty) -> float:
    ranks = {"fine": 0.0, "non_custodial": 0.5, "life": 100.0, "death": 200.0}
    return ranks[penalty] if isinstance(penalty, str) else float(penalty)


def load_penal_code(path: Path = PENAL_CODE_FILE) -> Mapping[str, CodeArticle]:
    """Read and check the Code's table: unique keys, clauses numbered from 1, every
    penalty one Art. 9 can place. A malformed file is an import error naming it."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    articles: dict[str, CodeArticle] = {}
    for row in raw["articles"]:
        penalties = {int(c["clause"]): c["max"] for c in row["clauses"]}
        article = CodeArticle(
            number=int(row["number"]),
            suffix=str(row.get("suffix", "")),
            chapter=str(row["chapter"]),
            name=str(row["name"]),
            max_penalties=MappingProxyType(penalties),
            repealed=bool(row.get("repealed", False)),
        )
        if article.key in articles:
            raise ValueError(f"{path.name}: Điều {article.key} lặp lại")
        if not article.repealed and (not penalties or min(penalties) != 1):
            raise ValueError(f"{path.name}: Điều {article.key} không có khoản 1")
        for penalty in penalties.values():
            category_for(penalty)
        articles[article.key] = article
    return MappingProxyType(articles)


PENAL_CODE: Mapping[str, CodeArticle] = load_penal_code()
CHAPTERS: tuple[tuple[str, int, int], ...] = tuple(
    (str(c["number"]), int(c["first_article"]), int(c["last_article"]))
    for c in json.loads(PENAL_CODE_FILE.read_text(encoding="utf-8"))["chapters"]
)


def is_national_security(article: int) -> bool:
    return article in NATIONAL_SECURITY_ARTICLES


@lru_cache(maxsize=4096)  # the Code is read once; every replayed charge asks again
def category_of(article: int, clause: int) -> CrimeCategory:
    """The category of ``clause`` of ``article`` (Penal Code Art. 9), from the Code."""
    known = PENAL_CODE.get(str(article))
    if known is not None and not known.repealed and clause in known.max_penalties:
        return category_for(known.max_penalties[clause])
    label = f"Điều {article} khoản {clause}"
    if known is not None and known.repealed:
        reason = f"Điều {article} đã bị bãi bỏ"
    elif known is not None:
        reason = f"Điều {article} không có khoản {clause}"
    else:
        reason = f"Điều {article} không quy định tội phạm"
    raise InvalidInput(
        f"Không xác định được loại tội phạm của {label}: {reason}. "
        "Hãy kiểm tra điều, khoản bị khởi tố.",
        field="charges",
        params={"article": article, "clause": clause},
    )


@dataclass(frozen=True)
class Charge:
    """One charge: a clause of an article, or an article whose clause is not known yet
    (``clause`` 0: published reports often give the article only). ``stated_category``
    is the category the user states for such an article; for a clause it may only repeat
    what the Code says. An article charged without clause or category is counted by its
    heaviest clause and is not ``determined``."""

    article: int
    clause: int
    stated_category: CrimeCategory | None = None

    def __post_init__(self) -> None:
        if self.article not in PENAL_CODE_ARTICLES or self.clause < 0:
            raise InvalidInput(
                f"Tội danh không hợp lệ: Điều {self.article} khoản {self.clause}.",
                field="charges",
                params={"article": self.article, "clause": self.clause},
            )
        if self.clause == 0 and self.code_article is None:
            raise InvalidInput(
                f"Điều {self.article} không quy định tội phạm (hoặc đã bị bãi bỏ).",
                field="charges",
                params={"article": self.article},
            )

    @property
    def code_article(self) -> CodeArticle | None:
        known = PENAL_CODE.get(str(self.article))
        return known if known is not None and not known.repealed else None

    @property
    def label(self) -> str:
        if self.clause == 0:
            return f"Điều {self.article} (chưa rõ khoản)"
        return f"Điều {self.article} khoản {self.clause}"

    @property
    def has_table(self) -> bool:
        return self.clause > 0 and self.code_article is not None

    @property
    def determined(self) -> bool:
        """Whether the category is known, not taken from the article's heaviest clause."""
        return self.clause > 0 or self.stated_category is not None

    @cached_property  # a charge is a value: its category never changes
    def category(self) -> CrimeCategory:
        if self.clause == 0:
            return self._article_category()
        category = category_of(self.article, self.clause)
        if self.stated_category is not None and self.stated_category != category:
            raise InvalidInput(
                f"{self.label} là tội phạm {CATEGORY_LABELS_VI[category]} theo Điều 9 Bộ luật "
                f"Hình sự, không phải {CATEGORY_LABELS_VI[self.stated_category]}.",
                field="charges",
                params={"article": self.article, "clause": self.clause},
            )
        return category

    def _article_category(self) -> CrimeCategory:
        article = self.code_article
        assert article is not None  # checked in __post_init__
        possible = set(article.categories.values())
        if self.stated_category is None:
            return article.categories[article.heaviest_clause]
        if self.stated_category not in possible:
            raise InvalidInput(
                f"Không khoản nào của Điều {self.article} là tội phạm "
                f"{CATEGORY_LABELS_VI[self.stated_category]}.",
                field="category",
                params={"article": self.article},
            )
        return self.stated_category

    @property
    def is_national_security(self) -> bool:
        return is_national_security(self.article)


def heaviest(charges: Iterable[Charge]) -> CrimeCategory:
    """The category of the heaviest clause charged: it governs the case's clocks
    (BLTTHS 172; TTLT 04/2018 Art. 14 when cases are joined or charges change)."""
    categories = [charge.category for charge in charges]
    if not categories:
        raise InvalidInput("Chưa có tội danh nào được khởi tố.", field="charges")
    return heaviest_of(categories)


def heaviest_of(categories: Iterable[CrimeCategory]) -> CrimeCategory:
    """The most serious of some categories (at least one)."""
    return max(categories, key=_SEVERITY.__getitem__)


_CHARGE_SHORT = re.compile(r"^(\d{1,3})\s*[.\-/]\s*(\d{1,2})$")
_ARTICLE_ONLY = re.compile(r"^(?:điều\s*)?(\d{1,3})$")
_CHARGE_WORDS = re.compile(r"^điều\s*(\d{1,3})\s*,?\s*khoản\s*(\d{1,2})$")
_CHARGE_WORDS_REVERSED = re.compile(r"^khoản\s*(\d{1,2})\s*,?\s*điều\s*(\d{1,3})$")


def parse_charge(text: str, *, stated_category: CrimeCategory | None = None) -> Charge:
    """Read a charge typed by a user: "353.3", "353-3", "353/3", "Điều 353 khoản 3" or
    "khoản 3 Điều 353"; "324" or "Điều 324" when the clause is not known. Only the form is
    checked; `Charge.category` checks the Code."""
    folded = " ".join(unicodedata.normalize("NFC", text).lower().split())
    clause = -1  # a clause typed as 0 is no clause: refused below
    if match := _CHARGE_SHORT.match(folded) or _CHARGE_WORDS.match(folded):
        article, clause = int(match.group(1)), int(match.group(2)) or -1
    elif match := _CHARGE_WORDS_REVERSED.match(folded):
        article, clause = int(match.group(2)), int(match.group(1)) or -1
    elif match := _ARTICLE_ONLY.match(folded):
        article, clause = int(match.group(1)), 0
    if clause < 0:
        raise InvalidInput(
            f"Không đọc được tội danh «{text.strip()}»: hãy nhập theo dạng 353.3 "
            "(Điều 353 khoản 3).",
            field="charges",
            params={"text": text},
        )
    return Charge(article, clause, stated_category)


ChargeInput: TypeAlias = str | Mapping[str, object]


def _whole_number(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 6:
        return int(value)
    return None


def _charge_from_row(row: Mapping[str, object]) -> Charge:
    """A stored row ``{"article": 353, "clause": 3}``, with an optional "category"."""
    article, clause = _whole_number(row.get("article")), _whole_number(row.get("clause"))
    stated = row.get("category")
    if article is None or clause is None or (stated is not None and not isinstance(stated, str)):
        raise InvalidInput("Tội danh không hợp lệ.", field="charges", params={"row": dict(row)})
    try:
        category = CrimeCategory(stated) if stated else None
    except ValueError:
        raise InvalidInput(
            f"Loại tội phạm không hợp lệ: «{stated}».", field="charges", params={"row": dict(row)}
        ) from None
    return Charge(article, clause, category)


def parse_charges(
    value: str | Iterable[ChargeInput], *, stated_category: CrimeCategory | None = None
) -> tuple[Charge, ...]:
    """Read a list of charges: "353.3, 354.2" (comma or semicolon), an iterable of such
    strings, or stored rows ``{"article": 353, "clause": 3}``. ``stated_category`` is given
    to the charges without a clause table that do not state their own."""
    if isinstance(value, str):
        return _parse_text(value, stated_category)
    return _parse_items(list(value), stated_category)


@lru_cache(maxsize=4096)  # the same few charges are read again at every replay of a case
def _parse_text(value: str, stated_category: CrimeCategory | None) -> tuple[Charge, ...]:
    return _parse_items(re.split(r"[,;]", value), stated_category)


def _parse_items(
    items: Iterable[ChargeInput], stated_category: CrimeCategory | None
) -> tuple[Charge, ...]:
    charges = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        if isinstance(item, str):
            charge = parse_charge(item)
        elif isinstance(item, Mapping):
            charge = _charge_from_row(item)
        else:
            raise InvalidInput("Tội danh không hợp lệ.", field="charges")
        if stated_category is not None and charge.stated_category is None and charge.clause == 0:
            charge = Charge(charge.article, charge.clause, stated_category)
        charges.append(charge)
    if not charges:
        raise InvalidInput("Chưa có tội danh nào được khởi tố.", field="charges")
    return tuple(dict.fromkeys(charges))
