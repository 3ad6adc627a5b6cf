"""Who issues a document and who signs it: the issuing body as its documents name it
(superior body, own name, symbol, place, signing titles, usual recipients) and the
signature block built from the signer and the authority they sign under.

The registry (``phoihop/data/agencies.json``, the ``Agency`` table) may carry any of
these values for a body; ``derive_issuer`` gives them for the bodies of the bloc from
their kind, level and province, by the naming the bodies use on their own documents.
Each rule says how sure it is, with the tags of ``phoihop.documents.layout``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from phoihop.documents.layout import (
    DocumentInputError,
    DocumentNumber,
    DocumentVariant,
    Signer,
    layout_for,
    upper,
)
from phoihop.domain.organisation import OVERSIGHT_KINDS


@dataclass(frozen=True)
class Issuer:
    """An issuing body as the head of its documents names it."""

    variant: DocumentVariant
    superior: str | None  # "TỈNH ỦY AN GIANG" above the body; None for none
    name: str  # "BAN NỘI CHÍNH"; "\n" where the name breaks into lines
    symbol: str  # "BNCTU": the body's part of a document symbol
    place: str  # the place on the date line: "An Giang", "Hà Nội"
    head_title: str  # "TRƯỞNG BAN", "VIỆN TRƯỞNG", "THỦ TRƯỞNG", "CHÁNH ÁN"
    deputy_title: str  # "PHÓ TRƯỞNG BAN", …
    collective: str | None = None  # "BAN CHỈ ĐẠO": signs "T/M" as a collective body
    usual_recipients: Sequence[str] = field(default=())  # its reports' usual "Nơi nhận"
    full_name: str = ""  # "Ban Nội chính Tỉnh ủy An Giang": how running text names it

    def __post_init__(self) -> None:
        object.__setattr__(self, "usual_recipients", tuple(self.usual_recipients))
        if not self.name.strip() or not self.symbol.strip():
            raise DocumentInputError("An issuing body needs its name and its symbol.")

    def number(self, type_code: str | None) -> DocumentNumber:
        """The number of a new document: blank for the records office to fill in."""
        return DocumentNumber(agency_code=self.symbol, type_code=type_code)

    @property
    def authorities(self) -> tuple[Authority, ...]:
        """The ways a document of this body can be signed."""
        every = tuple(Authority)
        return every if self.collective else tuple(a for a in every if a is not Authority.ON_BEHALF)


class Authority(StrEnum):
    """How the signer signs (Decree 30/2020 Art. 13; HD 36-HD/VPTW §II)."""

    HEAD = "head"  # the head signs in their own name
    ON_BEHALF = "on_behalf"  # T/M (TM.): for a collective body
    DEPUTY = "deputy"  # K/T (KT.): a deputy signs for the head
    BY_ORDER = "by_order"  # T/L (TL.): the head of office or a unit signs by order
    AUTHORISED = "authorised"  # T/UQ (TUQ.): signed under a written authorisation


AUTHORITY_LABELS = {
    Authority.HEAD: "Người đứng đầu ký",
    Authority.ON_BEHALF: "Thay mặt tập thể (T/M)",
    Authority.DEPUTY: "Ký thay người đứng đầu (K/T)",
    Authority.BY_ORDER: "Thừa lệnh (T/L)",
    Authority.AUTHORISED: "Thừa ủy quyền (TUQ)",
}


def signature(issuer: Issuer, authority: Authority, name: str, own_title: str = "") -> Signer:
    """The signature block: the authority line the layout writes, the signer's title,
    the name. ``own_title`` is the signer's own post ("PHÓ TRƯỞNG BAN", "CHÁNH VĂN
    PHÒNG"); the head and deputy titles default to the body's."""
    words = layout_for(issuer.variant).authority_words
    own = upper(own_title.strip())
    if own == issuer.head_title and authority in (
        Authority.DEPUTY,
        Authority.BY_ORDER,
        Authority.AUTHORISED,
    ):
        raise DocumentInputError(
            "Người đứng đầu ký trực tiếp, không ký thay, thừa lệnh hay thừa ủy quyền."
        )
    if authority is Authority.HEAD:
        return Signer(title=own or issuer.head_title, name=name)
    if authority is Authority.ON_BEHALF:
        if not issuer.collective:
            raise DocumentInputError(
                "Chỉ cơ quan làm việc theo chế độ tập thể mới ký thay mặt (T/M)."
            )
        return Signer(
            authority=f"{words[authority]} {issuer.collective}",
            title=own or issuer.head_title,
            name=name,
        )
    if authority is Authority.DEPUTY:
        return Signer(
            authority=f"{words[authority]} {issuer.head_title}",
            title=own or issuer.deputy_title,
            name=name,
        )
    if not own:
        raise DocumentInputError("Ký thừa lệnh hoặc thừa ủy quyền cần ghi chức vụ của người ký.")
    return Signer(authority=f"{words[authority]} {issuer.head_title}", title=own, name=name)


# ---- the registry's bodies, named as on their own documents ---------------------------

# Head and deputy titles by the body's kind: the titles their laws give the heads.
_TITLES = {
    "steering": ("TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
    "internal_affairs": ("TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
    "investigation": ("THỦ TRƯỞNG", "PHÓ THỦ TRƯỞNG"),
    "procuracy": ("VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG"),
    "court": ("CHÁNH ÁN", "PHÓ CHÁNH ÁN"),
    "inspection": ("CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"),
    "expertise": ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    "valuation": ("CHỦ TỊCH HỘI ĐỒNG", "PHÓ CHỦ TỊCH HỘI ĐỒNG"),
    "enforcement": ("THỦ TRƯỞNG", "PHÓ THỦ TRƯỞNG"),
}
# Party bodies write Party documents (LEGAL.md §7): the oversight bodies.
PARTY_KINDS = frozenset(kind.value for kind in OVERSIGHT_KINDS)


@dataclass(frozen=True)
class RegistryBody:
    """What the registry knows of a body, as plain values."""

    kind: str
    level: str  # "central", "provincial", "regional"
    name: str
    code: str
    province_name: str | None = None
    province_code: str | None = None
    province_is_city: bool = False  # a centrally-run city: "Thành ủy", "thành phố"
    parent_name: str | None = None


def _party_committee(body: RegistryBody) -> str:
    """ "TỈNH ỦY AN GIANG", "THÀNH ỦY HÀ NỘI"; the Party's central committee for a
    central body (HD 36 names the Central Committee above its commissions: SECONDARY)."""
    if body.level == "central" or not body.province_name:
        return "BAN CHẤP HÀNH TRUNG ƯƠNG"
    committee = "THÀNH ỦY" if body.province_is_city else "TỈNH ỦY"
    return f"{committee} {upper(body.province_name)}"


def _committee_words(body: RegistryBody) -> str:
    """ "Tỉnh ủy An Giang", as running text names the committee."""
    return f"{'Thành ủy' if body.province_is_city else 'Tỉnh ủy'} {body.province_name}"


def _province_words(body: RegistryBody) -> str:
    """ "TỈNH AN GIANG", "THÀNH PHỐ HÀ NỘI", "THÀNH PHỐ HỒ CHÍ MINH" (whose name says
    "Thành phố" already)."""
    name = upper(body.province_name or "")
    if name.startswith("THÀNH PHỐ"):
        return name
    return f"{'THÀNH PHỐ' if body.province_is_city else 'TỈNH'} {name}"


# Bodies whose name ends with the body above them: "Cơ quan Cảnh sát điều tra Bộ Công an".
_SUPERIOR_SUFFIXES = ("Bộ Công an", "Bộ Quốc phòng", "Viện kiểm sát nhân dân tối cao")


def _name_under_superior(body: RegistryBody) -> tuple[str, str | None]:
    """The body's own name and the superior body above it, where the registry's name
    says both ("Cục …, Bộ Công an"; "Cơ quan điều tra Viện kiểm sát nhân dân tối cao");
    else the whole name under its parent in the registry."""
    own, comma, after = body.name.rpartition(", ")
    if comma:
        return own, after
    for suffix in _SUPERIOR_SUFFIXES:
        if body.name.endswith(f" {suffix}"):
            return body.name.removesuffix(f" {suffix}"), suffix
    return body.name, body.parent_name


def derive_issuer(body: RegistryBody) -> Issuer:
    """How a body of the bloc heads its documents, from its kind, level and province.

    Party bodies (Ban Nội chính, Ban Chỉ đạo): the Party committee above, the
    commission below, symbols "BNCTU" (provincial commissions), "BNCTW" (the central
    one), "BCĐ"/"BCĐTW" for the steering committees: SECONDARY (the symbols seen on
    the commissions' published documents). State bodies: the directly superior body
    above (Decree 30/2020 Art. 8(2)(b); recalled – verify for the sector rules of the
    police, procuracy and courts); symbols "VKS<province>", "TA", "CSĐT": recalled."""
    head, deputy = _TITLES.get(body.kind, ("THỦ TRƯỞNG", "PHÓ THỦ TRƯỞNG"))
    place = body.province_name if body.level != "central" and body.province_name else "Hà Nội"
    central = body.level == "central"
    fallback_symbol = body.code.replace("-", "")
    if body.kind == "internal_affairs":
        return Issuer(
            variant=DocumentVariant.PARTY,
            superior=_party_committee(body),
            name="BAN NỘI CHÍNH",
            symbol="BNCTW" if central else "BNCTU",
            place=place,
            head_title=head,
            deputy_title=deputy,
            usual_recipients=(
                (
                    "Bộ Chính trị, Ban Bí thư (để báo cáo)",
                    "Ban Chỉ đạo Trung ương về phòng, "
                    "chống tham nhũng, lãng phí, tiêu cực (để báo cáo)",
                )
                if central
                else (
                    "Ban Nội chính Trung ương (để báo cáo)",
                    f"Thường trực {_committee_words(body)} (để báo cáo)",
                    "Các cơ quan tiến hành tố tụng cùng cấp",
                )
            ),
            full_name=body.name,
        )
    if body.kind == "steering":
        name = (
            "BAN CHỈ ĐẠO TRUNG ƯƠNG\nVỀ PHÒNG, CHỐNG THAM NHŨNG, LÃNG PHÍ, TIÊU CỰC"
            if central
            else "BAN CHỈ ĐẠO\nVỀ PHÒNG, CHỐNG THAM NHŨNG, LÃNG PHÍ, TIÊU CỰC"
        )
        return Issuer(
            variant=DocumentVariant.PARTY,
            superior=_party_committee(body),
            name=name,
            symbol="BCĐTW" if central else "BCĐ",
            place=place,
            head_title=head,
            deputy_title=deputy,
            collective="BAN CHỈ ĐẠO",
            usual_recipients=(
                ("Bộ Chính trị (để báo cáo)",)
                if central
                else (
                    "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, lãng phí, tiêu cực "
                    "(để báo cáo)",
                    f"Ban Thường vụ {_committee_words(body)} (để báo cáo)",
                )
            ),
            full_name=body.name,
        )
    variant = DocumentVariant.PARTY if body.kind in PARTY_KINDS else DocumentVariant.STATE
    if body.kind == "investigation" and not central and body.province_name:
        if "An ninh" in body.name:
            name, symbol = "CƠ QUAN AN NINH ĐIỀU TRA", "ANĐT"
        else:
            name, symbol = "CƠ QUAN CẢNH SÁT ĐIỀU TRA", "CSĐT"
        return Issuer(
            variant=variant,
            superior=f"CÔNG AN {_province_words(body)}",
            name=name,
            symbol=symbol,
            place=place,
            head_title=head,
            deputy_title=deputy,
            full_name=body.name,
        )
    if body.kind == "procuracy" and body.level == "provincial" and body.province_code:
        return Issuer(
            variant=variant,
            superior="VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
            name=f"VIỆN KIỂM SÁT NHÂN DÂN\n{_province_words(body)}",
            symbol=f"VKS{body.province_code}",
            place=place,
            head_title=head,
            deputy_title=deputy,
            full_name=body.name,
        )
    if body.kind == "court" and body.level == "provincial":
        return Issuer(
            variant=variant,
            superior="TÒA ÁN NHÂN DÂN TỐI CAO",
            name=f"TÒA ÁN NHÂN DÂN\n{_province_words(body)}",
            symbol="TA",
            place=place,
            head_title=head,
            deputy_title=deputy,
            full_name=body.name,
        )
    name, superior = _name_under_superior(body)
    return Issuer(
        variant=variant,
        superior=upper(superior) if superior else None,
        name=upper(name),
        symbol=fallback_symbol,
        place=place,
        head_title=head,
        deputy_title=deputy,
        full_name=body.name,
    )
