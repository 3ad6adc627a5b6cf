"""What a follow-up letter (văn bản đôn đốc) asks of the agency that must act on a
clock: for each clock of the catalogue (and each variant where the law asks something
else), what the law requires when the period runs out, the decisions that end it (what
the record lacks when they were never entered), the decision that extends it where the
law allows one, and the letter's "V/v" line. Each entry cites the articles that require
the act; the clock's own article (where the period is set) is the catalogue's.

A follow-up after the period has run out does not urge an extension: an extension is
asked for and granted before the period ends (172(2), 173(2), 147(2); TTLT 04/2018
Art.18), so the letter asks for the extension decision if one was made and never
entered, and otherwise for the act the law requires. Past the longest period the law
allows (every extension counted), it asks for no extension at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from phoihop.domain.clocks import CATALOG
from phoihop.domain.clocks.derive import VALUATION
from phoihop.domain.clocks.rules import LegalBasis, Terms

# The laws a letter cites, by their title in running text ("khoản 1 Điều 172 Bộ luật Tố
# tụng hình sự"). The catalogue's codes name the text read (LEGAL.md §1.13: the Law on
# Judicial Expertise and the Law on Civil Judgment Enforcement are being replaced; the
# title stays the same).
LAW_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "BLTTHS-2015": "Bộ luật Tố tụng hình sự",
        "GDTP-2012": "Luật Giám định tư pháp",
        "THADS-2008": "Luật Thi hành án dân sự",
    }
)

PERSON = "{person}"  # where the wording names the person a per-person clock runs for


def _bltths(article: int, clause: int | None = None, point: str | None = None) -> LegalBasis:
    return LegalBasis(code="BLTTHS-2015", article=article, clause=clause, point=point)


@dataclass(frozen=True)
class ClockWording:
    """What a follow-up letter says about one clock. ``request`` is a verb phrase ("ban
    hành bản kết luận điều tra …"), said after "đề nghị … khẩn trương"; ``awaited`` lists
    the documents that end the clock (the letter says it has not received them, "… đối
    với bị can …" for a per-person clock); ``extension`` names the decision that extends
    it, where the law allows one. ``{person}`` stands for the person a per-person clock
    runs for ("bị can Nguyễn Văn A"), ``person_role`` says how that person is called."""

    summary: str  # after "V/v đôn đốc "
    subject: str  # the period, as the letter names it
    request: str
    request_basis: tuple[LegalBasis, ...]
    awaited: tuple[str, ...]
    extension: str | None = None
    extension_request: str | None = None  # verb phrase: who is asked to extend
    person_role: str | None = None

    def __post_init__(self) -> None:
        if (self.extension is None) != (self.extension_request is None):
            raise ValueError(f"{self.subject}: an extension needs both its decision and request.")
        if not self.request_basis:
            raise ValueError(f"{self.subject}: the request cites no article.")
        # The request is a clause of the letter's sentence, followed by its own clauses.
        if ";" in self.request or self.request.rstrip() != self.request.rstrip(".;,"):
            raise ValueError(f"{self.subject}: the request is one clause, without ';' or a stop.")
        if not self.awaited or any(PERSON in item for item in self.awaited):
            raise ValueError(f"{self.subject}: list the documents awaited, without {{person}}.")
        named = any(PERSON in text for text in (self.summary, self.request))
        if named != (self.person_role is not None):
            raise ValueError(f"{self.subject}: {{person}} goes with a person's role.")


# 147(1): within the period, one of three decisions; 148(1): settlement may be
# suspended only once the period has run out, which is when a follow-up is sent.
_DENUNCIATION_REQUEST = (
    "ra một trong các quyết định: khởi tố vụ án hình sự, không khởi tố vụ án hình sự hoặc "
    "tạm đình chỉ việc giải quyết nguồn tin (khi có căn cứ)"
)
_DENUNCIATION_AWAITED = (
    "quyết định khởi tố vụ án hình sự",
    "quyết định không khởi tố vụ án hình sự",
    "quyết định tạm đình chỉ việc giải quyết nguồn tin",
)
_DENUNCIATION_BASIS = (_bltths(147, 1), _bltths(148, 1))


def _denunciation(subject: str, **extension: str) -> ClockWording:
    return ClockWording(
        summary="giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố",
        subject=subject,
        request=_DENUNCIATION_REQUEST,
        request_basis=_DENUNCIATION_BASIS,
        awaited=_DENUNCIATION_AWAITED,
        **extension,
    )


# 232: the investigation ends with a conclusion proposing prosecution, or a conclusion
# with a decision to terminate (230); once the period has run out it may be suspended
# on the grounds of 229.
_INVESTIGATION_REQUEST = (
    "kết thúc điều tra bằng bản kết luận điều tra đề nghị truy tố hoặc bản kết luận điều tra "
    "kèm quyết định đình chỉ điều tra, hoặc quyết định tạm đình chỉ điều tra nếu có căn cứ"
)
_INVESTIGATION_AWAITED = (
    "bản kết luận điều tra",
    "quyết định đình chỉ điều tra",
    "quyết định tạm đình chỉ điều tra",
)
_INVESTIGATION_BASIS = (_bltths(229), _bltths(230), _bltths(232))
_INVESTIGATION_EXTENSION = {
    "extension": "quyết định gia hạn điều tra của Viện kiểm sát",
    "extension_request": "đề nghị Viện kiểm sát có thẩm quyền gia hạn điều tra",
}


def _investigation(subject: str, *, extendable: bool = True) -> ClockWording:
    return ClockWording(
        summary="kết thúc điều tra vụ án",
        subject=subject,
        request=_INVESTIGATION_REQUEST,
        request_basis=_INVESTIGATION_BASIS,
        awaited=_INVESTIGATION_AWAITED,
        **(_INVESTIGATION_EXTENSION if extendable else {}),
    )


# A custody or detention that runs out ends by release or by another measure (125: the
# measure is cancelled or replaced); 118 and 173 (241, 278 in the later stages) set the
# periods, and nobody is held past them without an extension decided before they end.
_HELD_AWAITED = ("quyết định hủy bỏ, thay thế biện pháp tạm giam", "lệnh tạm giam mới")
_RELEASE = f"trả tự do cho {PERSON} hoặc thay thế bằng biện pháp ngăn chặn khác"


def _detention(
    subject: str, basis: LegalBasis, role: str, *, extension: str, extension_request: str
) -> ClockWording:
    return ClockWording(
        summary=f"giải quyết việc tạm giam đối với {PERSON}",
        subject=subject,
        request=_RELEASE,
        request_basis=(basis, _bltths(125)),
        awaited=_HELD_AWAITED,
        extension=extension,
        extension_request=extension_request,
        person_role=role,
    )


# 364: the judgment is executed by the chief judge's decision; the detention securing it
# (329(3), 347(3)) ends with that decision or with the person's release.
def _detention_after_judgment(subject: str, basis: LegalBasis) -> ClockWording:
    return ClockWording(
        summary=f"giải quyết việc tạm giam đối với {PERSON}",
        subject=subject,
        request=(
            f"ra quyết định thi hành án đối với {PERSON}, hoặc quyết định trả tự do, tạm giam "
            "theo thẩm quyền"
        ),
        request_basis=(basis, _bltths(364)),
        awaited=("quyết định thi hành án", "lệnh tạm giam mới", "quyết định trả tự do"),
        person_role="bị cáo",
    )


# 240(1), 243: indictment (cáo trạng), return for supplementary investigation (245), or
# suspension or termination of the case (247, 248).
_PROSECUTION = ClockWording(
    summary="quyết định việc truy tố",
    subject="thời hạn quyết định việc truy tố",
    request=(
        "ra một trong các quyết định: truy tố bị can trước Tòa án bằng bản cáo trạng, trả hồ sơ "
        "để yêu cầu điều tra bổ sung, đình chỉ hoặc tạm đình chỉ vụ án"
    ),
    request_basis=(_bltths(240, 1), _bltths(243)),
    awaited=(
        "bản cáo trạng",
        "quyết định trả hồ sơ để điều tra bổ sung",
        "quyết định đình chỉ hoặc tạm đình chỉ vụ án",
    ),
    extension="quyết định gia hạn thời hạn quyết định việc truy tố",
    extension_request="quyết định gia hạn thời hạn quyết định việc truy tố",
)

# 277(1): bring the case to trial, return it, suspend or terminate it.
_TRIAL_PREPARATION = ClockWording(
    summary="quyết định đưa vụ án ra xét xử",
    subject="thời hạn chuẩn bị xét xử sơ thẩm",
    request=(
        "ra một trong các quyết định: đưa vụ án ra xét xử, trả hồ sơ để yêu cầu điều tra bổ "
        "sung, tạm đình chỉ hoặc đình chỉ vụ án"
    ),
    request_basis=(_bltths(277, 1),),
    awaited=(
        "quyết định đưa vụ án ra xét xử",
        "quyết định trả hồ sơ để điều tra bổ sung",
        "quyết định tạm đình chỉ hoặc đình chỉ vụ án",
    ),
    extension="quyết định gia hạn thời hạn chuẩn bị xét xử của Chánh án",
    extension_request="đề nghị Chánh án Tòa án gia hạn thời hạn chuẩn bị xét xử",
)

_EXPERTISE_REQUEST = (
    "hoàn thành giám định và gửi kết luận giám định cho cơ quan trưng cầu, hoặc thông báo bằng "
    "văn bản, nêu rõ lý do nếu không thể hoàn thành"
)
# 208(3): an expert who cannot finish in time says so in writing with the reasons; 213(2):
# the conclusion goes to the requesting body.
_EXPERTISE_BASIS = (_bltths(208, 3), _bltths(213, 2))


def _expertise(*, extendable: bool) -> ClockWording:
    extension = (
        {
            "extension": "văn bản gia hạn giám định của cơ quan trưng cầu",
            "extension_request": "đề nghị cơ quan trưng cầu giám định gia hạn",
        }
        if extendable
        else {}
    )
    return ClockWording(
        summary="trả kết luận giám định",
        subject="thời hạn giám định",
        request=_EXPERTISE_REQUEST,
        request_basis=_EXPERTISE_BASIS,
        awaited=("kết luận giám định", "thông báo bằng văn bản về việc không thể giám định"),
        **extension,
    )


def _court(
    summary: str, subject: str, request: str, basis: LegalBasis, awaited: tuple[str, ...]
) -> ClockWording:
    return ClockWording(
        summary=summary, subject=subject, request=request, request_basis=(basis,), awaited=awaited
    )


WORDING: Mapping[tuple[str, str | None], ClockWording] = MappingProxyType(
    {
        ("DENUNCIATION", None): _denunciation(
            "thời hạn giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố"
        ),
        ("DENUNCIATION_PROLONGED", None): _denunciation(
            "thời hạn giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố đã được kéo dài",
            extension="quyết định gia hạn thời hạn giải quyết của Viện kiểm sát",
            extension_request=(
                "đề nghị Viện kiểm sát cùng cấp hoặc có thẩm quyền gia hạn thời hạn giải quyết"
            ),
        ),
        ("DENUNCIATION_AFTER_ANNULMENT", None): _denunciation(
            "thời hạn giải quyết nguồn tin sau khi quyết định tạm đình chỉ bị hủy bỏ"
        ),
        ("DENUNCIATION_AFTER_RESUMPTION", None): _denunciation(
            "thời hạn giải quyết nguồn tin sau khi phục hồi giải quyết"
        ),
        ("INVESTIGATION", None): _investigation("thời hạn điều tra vụ án"),
        ("INVESTIGATION_RESUMED", None): _investigation(
            "thời hạn điều tra sau khi phục hồi điều tra"
        ),
        ("REINVESTIGATION", None): _investigation("thời hạn điều tra lại"),
        # 174(2): the supplementary conclusion goes back with the file; TTLT 02/2017 on
        # the return of files.
        ("SUPPLEMENTARY_INVESTIGATION", None): ClockWording(
            summary="hoàn thành điều tra bổ sung",
            subject="thời hạn điều tra bổ sung",
            request=(
                "hoàn thành việc điều tra bổ sung, ban hành bản kết luận điều tra bổ sung và "
                "chuyển hồ sơ vụ án cho Viện kiểm sát"
            ),
            request_basis=(_bltths(174, 2),),
            awaited=("bản kết luận điều tra bổ sung",),
        ),
        ("CUSTODY", None): ClockWording(
            summary=f"giải quyết việc tạm giữ đối với {PERSON}",
            subject="thời hạn tạm giữ",
            request=_RELEASE,
            request_basis=(_bltths(118), _bltths(125)),
            awaited=(
                "quyết định trả tự do",
                "lệnh tạm giam",
                "quyết định áp dụng biện pháp ngăn chặn khác",
            ),
            extension="quyết định gia hạn tạm giữ đã được Viện kiểm sát phê chuẩn",
            extension_request=(
                f"ra quyết định gia hạn tạm giữ đối với {PERSON} và đề nghị Viện kiểm sát phê chuẩn"
            ),
            person_role="người bị tạm giữ",
        ),
        # A detention whose stage was not recorded: the general rule of 119 and 125.
        ("DETENTION", None): _detention(
            "thời hạn tạm giam",
            _bltths(119),
            "bị can",
            extension="quyết định gia hạn tạm giam",
            extension_request=f"đề nghị cơ quan có thẩm quyền gia hạn tạm giam đối với {PERSON}",
        ),
        # 173(2)-(4): the investigating body asks, the procuracy extends.
        ("DETENTION", "INVESTIGATION"): _detention(
            "thời hạn tạm giam để điều tra",
            _bltths(173),
            "bị can",
            extension="quyết định gia hạn tạm giam của Viện kiểm sát",
            extension_request=(
                f"đề nghị Viện kiểm sát có thẩm quyền gia hạn tạm giam đối với {PERSON}"
            ),
        ),
        # 240(1), 241: the procuracy extends the detention with the prosecution period.
        ("DETENTION", "PROSECUTION"): _detention(
            "thời hạn tạm giam để truy tố",
            _bltths(241),
            "bị can",
            extension="quyết định gia hạn tạm giam",
            extension_request=f"quyết định gia hạn tạm giam đối với {PERSON}",
        ),
        # 278: the court orders detention for the extended trial preparation.
        ("DETENTION", "TRIAL_PREPARATION"): _detention(
            "thời hạn tạm giam để chuẩn bị xét xử",
            _bltths(278),
            "bị cáo",
            extension="lệnh tạm giam cho thời gian gia hạn chuẩn bị xét xử",
            extension_request=(
                f"ra lệnh tạm giam đối với {PERSON} cho thời gian gia hạn chuẩn bị xét xử"
            ),
        ),
        ("DETENTION", "AFTER_SENTENCE"): _detention_after_judgment(
            "thời hạn tạm giam sau khi tuyên án sơ thẩm", _bltths(329, 3)
        ),
        ("DETENTION", "AFTER_APPEAL"): _detention_after_judgment(
            "thời hạn tạm giam sau khi tuyên án phúc thẩm", _bltths(347, 3)
        ),
        ("PROSECUTION", None): _PROSECUTION,
        ("TRIAL_PREPARATION", None): _TRIAL_PREPARATION,
        ("TRIAL_PREPARATION_AFTER_RETURN", None): _court(
            "quyết định đưa vụ án ra xét xử",
            "thời hạn đưa vụ án ra xét xử sau khi nhận lại hồ sơ",
            "ra quyết định đưa vụ án ra xét xử, hoặc quyết định tạm đình chỉ, đình chỉ vụ án nếu "
            "có căn cứ",
            _bltths(277, 2),
            ("quyết định đưa vụ án ra xét xử", "quyết định tạm đình chỉ hoặc đình chỉ vụ án"),
        ),
        ("HEARING_OPENING", None): _court(
            "mở phiên tòa xét xử sơ thẩm",
            "thời hạn mở phiên tòa",
            "mở phiên tòa xét xử sơ thẩm vụ án",
            _bltths(277, 3),
            ("biên bản phiên tòa", "quyết định hoãn phiên tòa", "bản án sơ thẩm"),
        ),
        ("HEARING_REOPENING", None): _court(
            "mở lại phiên tòa xét xử sơ thẩm",
            "thời hạn hoãn phiên tòa sơ thẩm",
            "mở lại phiên tòa xét xử sơ thẩm vụ án",
            _bltths(297, 2),
            ("biên bản phiên tòa", "quyết định hoãn phiên tòa", "bản án sơ thẩm"),
        ),
        ("APPELLATE_HEARING_REOPENING", None): _court(
            "mở lại phiên tòa xét xử phúc thẩm",
            "thời hạn hoãn phiên tòa phúc thẩm",
            "mở lại phiên tòa xét xử phúc thẩm vụ án",
            _bltths(352, 2),
            ("biên bản phiên tòa phúc thẩm", "quyết định hoãn phiên tòa", "bản án phúc thẩm"),
        ),
        # A lapsing clock (derive.tables.LAPSING): the record cannot tell a delivered
        # judgment from one kept back, so no letter follows its end; the wording serves
        # a letter sent while it runs.
        ("JUDGMENT_DELIVERY", None): _court(
            "giao, gửi bản án",
            "thời hạn giao, gửi bản án",
            "giao, gửi bản án cho bị cáo, Viện kiểm sát cùng cấp và những người tham gia tố tụng",
            _bltths(262),
            ("tài liệu thể hiện việc giao, gửi bản án",),
        ),
        ("APPELLATE_DECISION", None): _court(
            "quyết định đưa vụ án ra xét xử phúc thẩm",
            "thời hạn ra quyết định xét xử phúc thẩm",
            "ra quyết định đưa vụ án ra xét xử phúc thẩm hoặc quyết định đình chỉ việc xét xử "
            "phúc thẩm",
            _bltths(346, 2),
            (
                "quyết định đưa vụ án ra xét xử phúc thẩm",
                "quyết định đình chỉ việc xét xử phúc thẩm",
            ),
        ),
        ("APPELLATE_HEARING", None): _court(
            "mở phiên tòa xét xử phúc thẩm",
            "thời hạn mở phiên tòa phúc thẩm",
            "mở phiên tòa xét xử phúc thẩm vụ án",
            _bltths(346, 1),
            ("biên bản phiên tòa phúc thẩm", "quyết định hoãn phiên tòa", "bản án phúc thẩm"),
        ),
        ("EXPERTISE", None): _expertise(extendable=False),
        # GĐTP 26a(4): the requesting body may extend the other expertise by up to half.
        ("EXPERTISE", "OTHER"): _expertise(extendable=True),
        ("EXPERTISE", "OTHER_COMPLEX"): _expertise(extendable=True),
        # 216: the council says in writing when it cannot value in time; 221(2): the
        # conclusion goes to the requesting body.
        (VALUATION, None): ClockWording(
            summary="trả kết luận định giá tài sản",
            subject="thời hạn định giá tài sản",
            request=(
                "hoàn thành việc định giá và gửi kết luận định giá tài sản cho cơ quan yêu cầu, "
                "hoặc thông báo bằng văn bản, nêu rõ lý do nếu không thể thực hiện đúng thời hạn"
            ),
            request_basis=(_bltths(216), _bltths(221, 2)),
            awaited=(
                "kết luận định giá tài sản",
                "thông báo bằng văn bản về việc không thể định giá",
            ),
        ),
        ("EXECUTION_DECISION", None): _court(
            "ra quyết định thi hành án",
            "thời hạn ra quyết định thi hành án",
            "ra quyết định thi hành án hình sự",
            _bltths(364, 2),
            ("quyết định thi hành án",),
        ),
        # THADS 36(2): the fines, confiscations and sums owed to the State are enforced of
        # the office's own motion. From 01/07/2026 Law 106/2025 applies (LEGAL.md §1.9).
        ("CIVIL_ENFORCEMENT", None): ClockWording(
            summary="ra quyết định thi hành án dân sự",
            subject="thời hạn ra quyết định thi hành án chủ động",
            request=(
                "ra quyết định thi hành án đối với các khoản phải thi hành cho Nhà nước (phạt "
                "tiền, tịch thu tài sản, truy thu tiền, tài sản do phạm tội mà có, án phí)"
            ),
            request_basis=(LegalBasis("THADS-2008", 36, 2),),
            awaited=("quyết định thi hành án",),
        ),
    }
)

# Periods given to the parties and the procuracy (333, 337): when they run out without an
# appeal or protest, the judgment takes effect (343); nobody failed a duty, so no letter.
# The clocks lapse on their own (derive.tables.LAPSING) and are never overdue.
NO_FOLLOW_UP: Mapping[str, str] = MappingProxyType(
    {
        "APPEAL": (
            "Kháng cáo là quyền của người tham gia tố tụng (Điều 333); hết thời hạn mà không có "
            "kháng cáo thì bản án có hiệu lực (Điều 343), không có việc phải đôn đốc."
        ),
        "PROTEST": (
            "Kháng nghị là quyền của Viện kiểm sát (Điều 337); hết thời hạn mà không có kháng nghị "
            "thì bản án có hiệu lực (Điều 343), không có việc phải đôn đốc."
        ),
    }
)


def wording_for(code: str, variant: str | None) -> ClockWording | None:
    """The wording of a clock: its variant's where the law asks something else of it,
    else the clock's; None for a clock no letter follows up (``NO_FOLLOW_UP``)."""
    return WORDING.get((code, variant or None)) or WORDING.get((code, None))


def terms_of(code: str, variant: str | None) -> Terms | None:
    """The catalogue's terms of a clock and variant (None for a clock built per request,
    such as the valuation, or an unknown one)."""
    rule = CATALOG.get(code)
    if rule is None:
        return None
    if rule.terms is not None:
        return rule.terms
    key = variant or rule.default_variant
    return rule.variants.get(key) if key else None


def limit_basis(code: str, variant: str | None) -> LegalBasis | None:
    """Where the law sets the period: the variant's article where it has its own."""
    if code == VALUATION:
        return _bltths(216)
    terms = terms_of(code, variant)
    if terms is not None:
        return terms.basis
    rule = CATALOG.get(code)
    return rule.basis if rule is not None else None


def extension_lead_days(code: str, variant: str | None) -> int | None:
    """How many days before the end an extension must be asked for (R9), if the law says."""
    terms = terms_of(code, variant)
    if terms is None or not terms.extensions:
        return None
    return terms.extensions[0].request_lead_days


@dataclass(frozen=True)
class FollowUpWording:
    """A clock's wording with the person named: plain text for the letter."""

    summary: str
    subject: str
    request: str
    request_basis: tuple[LegalBasis, ...]
    awaited: tuple[str, ...]
    limit_basis: LegalBasis | None
    extension: str | None
    extension_request: str | None
    extension_lead_days: int | None
    person: str | None  # "bị can Nguyễn Văn A"


def person_text(role: str, full_name: str | None) -> str:
    """The person as a letter names them: role, then full name ("bị can Nguyễn Văn A");
    the role alone when the record has no name."""
    name = " ".join((full_name or "").split())
    return f"{role} {name}" if name else role


def follow_up_wording(
    code: str, variant: str | None, *, person_name: str | None = None
) -> FollowUpWording | None:
    """The wording of a follow-up letter about a clock, the person named; None for a
    clock no letter follows up."""
    wording = wording_for(code, variant)
    if wording is None:
        return None
    person = person_text(wording.person_role, person_name) if wording.person_role else None

    def named(text: str) -> str:
        return text.replace(PERSON, person) if person else text

    return FollowUpWording(
        summary=named(wording.summary),
        subject=wording.subject,
        request=named(wording.request),
        request_basis=wording.request_basis,
        awaited=wording.awaited,
        limit_basis=limit_basis(code, variant),
        extension=wording.extension,
        extension_request=named(wording.extension_request) if wording.extension_request else None,
        extension_lead_days=extension_lead_days(code, variant) if wording.extension else None,
        person=person,
    )
