"""A follow-up letter (văn bản đôn đốc): a công văn from a leader's agency urging the
responsible agency to finish an overdue task or act within a statutory time limit,
and to report by a given date."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from phoihop.documents.layout import (
    DocumentInputError,
    DocumentNumber,
    DocumentVariant,
    OfficialDocument,
    Signer,
    date_numeric,
)
from phoihop.documents.marks import SecretMark, copies_note


@dataclass(frozen=True)
class CaseReference:
    """The case as the letter names it: ``title`` reads like "Vụ án “Tham ô tài sản”
    xảy ra tại Công ty X"; ``code`` is the national case code where known."""

    title: str
    code: str | None = None

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise DocumentInputError("The letter needs the case's title.")

    def in_text(self) -> str:
        title = self.title.strip()
        # Mid-sentence the common nouns "vụ án" / "vụ việc" take a small letter.
        if title.startswith("Vụ "):
            title = "v" + title[1:]
        return f"{title} (mã {self.code})" if self.code else title


@dataclass(frozen=True)
class StatutoryBasis:
    """Where the law sets the time limit, cited the Vietnamese way: point, clause,
    article, law ("khoản 1 Điều 172 Bộ luật Tố tụng hình sự")."""

    law: str
    article: int
    clause: int | None = None
    point: str | None = None
    article_suffix: str = ""  # "26a"

    @property
    def provision(self) -> str:
        """The citation without the law's title: "khoản 1 Điều 172"."""
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}{self.article_suffix}")
        return " ".join(parts)

    @property
    def citation(self) -> str:
        return f"{self.provision} {self.law}"


def _listed(items: Sequence[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"


def cite(bases: Sequence[StatutoryBasis]) -> str:
    """Several provisions, each law named once after its own: "Điều 229, Điều 230 và
    Điều 232 Bộ luật Tố tụng hình sự"."""
    by_law: dict[str, list[str]] = {}
    for basis in bases:
        provisions = by_law.setdefault(basis.law, [])
        if basis.provision not in provisions:
            provisions.append(basis.provision)
    return "; ".join(f"{_listed(provisions)} {law}" for law, provisions in by_law.items())


# The type codes of document symbols (Decree 30/2020 Appendix III for state bodies, HD
# 36-HD/VPTW for the Party's), named as a letter cites the document: "Kết luận số …".
DOCUMENT_KINDS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QyĐ": "Quy định",
    "QC": "Quy chế",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "CĐ": "Công điện",
}
# "123-KL/BNCTU" (Party: number, type, issuer) or "15/TB-BCĐ" (state: number, type,
# issuer); a state công văn ("07/VKSAG-P1") carries no type code.
_PARTY_SYMBOL = re.compile(r"^\s*\d+[a-zA-Z]?-(?P<type>[^/\s-]+)/")
_STATE_SYMBOL = re.compile(r"^\s*\d+[a-zA-Z]?/(?P<type>[^/\s-]+)-")


def document_kind(number: str) -> str:
    """The kind of a document as its number's type code says ("Kết luận" for
    "123-KL/BNCTU"); "Văn bản" when the code is missing or unknown."""
    text = unicodedata.normalize("NFC", number)
    for pattern in (_PARTY_SYMBOL, _STATE_SYMBOL):
        found = pattern.match(text)
        if found and found["type"] in DOCUMENT_KINDS:
            return DOCUMENT_KINDS[found["type"]]
    return "Văn bản"


@dataclass(frozen=True)
class DirectiveReference:
    """The document that assigned the task, cited with its issuer: "Kết luận số
    123-KL/BNCTU ngày 05/11/2026 của Ban Nội chính Tỉnh ủy An Giang"."""

    number: str
    issued_on: dt.date
    issuer: str | None = None
    kind: str | None = None  # default: from the number's type code

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise DocumentInputError("The directive needs its number.")

    @property
    def short(self) -> str:
        """ "Kết luận số 123-KL/BNCTU": the kind and number, for the "V/v" line."""
        return f"{self.kind or document_kind(self.number)} số {self.number.strip()}"

    def in_text(self) -> str:
        text = f"{self.short} ngày {date_numeric(self.issued_on)}"
        issuer = " ".join((self.issuer or "").split())
        return f"{text} của {issuer}" if issuer else text


# Institutions whose name opens with two capitalised-then-small words ("Công an tỉnh",
# "Viện kiểm sát"): a task that starts with one keeps its capital.
_PROPER_OPENINGS = (
    "Công an",
    "Viện kiểm sát",
    "Tòa án",
    "Toà án",
    "Cơ quan",
    "Thanh tra",
    "Ủy ban",
    "Uỷ ban",
    "Hội đồng",
    "Văn phòng",
    "Trung tâm",
    "Chi cục",
    "Kho bạc",
    "Ngân hàng",
    "Thi hành án",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Thành uỷ",
    "Đảng ủy",
    "Đảng uỷ",
    "Quốc hội",
    "Chính phủ",
    "Nhà nước",
)
_TRAILING = ".;:,!…-–— "
# A task that ends by asking for its report, as a clause of its own (", báo cáo kết quả",
# "và báo cáo kết quả"): the letter asks for the report itself. "Chỉ đạo Công an huyện
# báo cáo kết quả" keeps it: someone else reports there.
_ASKS_FOR_REPORT = re.compile(
    r"(?:\s*[,;]\s*|\s+và\s+)báo cáo kết quả(?: thực hiện)?\s*$", re.IGNORECASE
)


def _lower_first(text: str) -> str:
    """The task mid-sentence: its first letter small when it opens with a common word,
    a capitalised word followed by small letters ("Làm rõ" → "làm rõ"). An acronym
    ("UBND"), a name ("Nguyễn Văn A", "Ban Chỉ đạo": the next word capitalised too) or
    an institution ("Công an tỉnh") keeps its capital."""
    words = text.split(" ")
    first = words[0]
    if len(first) < 2 or not (first[0].isupper() and first[1].islower()):
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    if any(text == opening or text.startswith(opening + " ") for opening in _PROPER_OPENINGS):
        return text
    return first[0].lower() + text[1:]


def task_clause(text: str) -> str:
    """A task's text as a clause of the letter's sentence: one line, first letter small
    where safe, no closing punctuation, and no closing "báo cáo kết quả" (the letter
    asks for the report in its own words)."""
    clause = " ".join(unicodedata.normalize("NFC", text).split()).rstrip(_TRAILING)
    while True:
        trimmed = _ASKS_FOR_REPORT.sub("", clause).rstrip(_TRAILING)
        if trimmed == clause or not trimmed:
            break
        clause = trimmed
    return _lower_first(clause) if clause else clause


@dataclass(frozen=True)
class TimeLimit:
    """A statutory time limit as the letter states it: its name ("thời hạn tạm giam để
    điều tra"), the decisions that end it (what the record awaits), the articles that
    require the act asked for, the decision that extends it where the law allows one,
    and the last day the law allows with every extension (``maximum``)."""

    name: str
    awaited: Sequence[str]  # "bản kết luận điều tra", "quyết định đình chỉ điều tra", …
    request_basis: Sequence[StatutoryBasis] = ()
    extension: str | None = None  # "quyết định gia hạn tạm giam của Viện kiểm sát"
    extension_request: str | None = None  # "đề nghị Viện kiểm sát … gia hạn tạm giam …"
    extension_lead_days: int | None = None  # asked for at least this many days before
    maximum: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "request_basis", tuple(self.request_basis))
        object.__setattr__(self, "awaited", tuple(self.awaited))
        if not self.name.strip() or not [item for item in self.awaited if item.strip()]:
            raise DocumentInputError("A time limit needs its name and the decisions ending it.")

    def extendable_on(self, day: dt.date) -> bool:
        """Whether the law still allows an extension on ``day``."""
        return self.extension is not None and (self.maximum is None or self.maximum >= day)


@dataclass(frozen=True)
class FollowUpLetter:
    issuing_agency: str
    superior_agency: str | None
    party_document: bool
    number: DocumentNumber
    place: str
    date: dt.date
    recipient_agency: str  # "Kính gửi: …"
    case: CaseReference
    due_item: str  # what is asked, as a verb phrase: "ban hành kết luận điều tra"; a task's text
    due_date: dt.date
    days_overdue: int  # as the clock engine counted it; 0 due today, negative not yet due
    report_by: dt.date
    signer: Signer
    recipients: Sequence[str] = ()  # besides the addressee ("Như trên")
    legal_basis: StatutoryBasis | None = None  # where the law sets the time limit
    limit: TimeLimit | None = None  # the statutory time limit, for a clock's follow-up
    accused: str | None = None  # the person a per-person limit runs for: "bị can Lê Văn A"
    directive: DirectiveReference | None = None  # the document that assigned the task
    sender_name: str | None = None  # how the text names the sender; default issuing_agency
    summary: str | None = None  # the "V/v …" line; a default is made from due_item
    filed_at: Sequence[str] = field(default=("VT",))
    # The case's state-secret level makes the letter's (``marks``); who drafted it.
    secret_mark: SecretMark | None = None
    drafter: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "recipients", tuple(self.recipients))
        object.__setattr__(self, "filed_at", tuple(self.filed_at))
        if self.legal_basis is None and self.directive is None:
            raise DocumentInputError(
                "A follow-up needs the legal basis of the time limit or the directive "
                "that set the task."
            )
        if self.limit is not None and self.legal_basis is None:
            raise DocumentInputError("A statutory time limit needs its legal basis.")
        if not self.recipient_agency.strip() or not self.due_item.strip():
            raise DocumentInputError("A follow-up needs its addressee and what is due.")
        if self.days_overdue > 0 and self.due_date >= self.date:
            raise DocumentInputError("Overdue days given but the due date is not past.")
        if self.report_by < self.date:
            raise DocumentInputError("The report-by date is before the letter's date.")

    @property
    def sender(self) -> str:
        return self.sender_name or self.issuing_agency

    @property
    def is_task(self) -> bool:
        """A task set by a directive, not a statutory time limit."""
        return self.legal_basis is None

    @property
    def summary_line(self) -> str:
        if self.summary:
            return self.summary
        if self.is_task and self.directive is not None:
            return f"V/v đôn đốc thực hiện nhiệm vụ theo {self.directive.short}"
        return f"V/v đôn đốc {self.due_item}"


def _status(letter: FollowUpLetter) -> str:
    """How the time limit stands on the letter's date."""
    if letter.days_overdue > 0:
        return (
            f"Đến ngày {date_numeric(letter.date)}, nội dung trên đã quá hạn "
            f"{letter.days_overdue} ngày nhưng {letter.sender} chưa nhận được báo cáo "
            "kết quả thực hiện."
        )
    if letter.days_overdue == 0:
        return f"Ngày {date_numeric(letter.date)} là ngày cuối cùng của thời hạn trên."
    return f"Thời hạn trên còn {-letter.days_overdue} ngày."


def _awaited(letter: FollowUpLetter, limit: TimeLimit) -> str:
    """The documents the record lacks, as alternatives ("a, b hoặc c"), the extension
    among them while the law still allows one, about the person where there is one."""
    items = list(limit.awaited)
    if limit.extendable_on(letter.date) and limit.extension:
        items.append(limit.extension)
    listed = items[0] if len(items) < 2 else f"{', '.join(items[:-1])} hoặc {items[-1]}"
    return f"{listed} đối với {letter.accused}" if letter.accused else listed


def _limit_status(letter: FollowUpLetter, limit: TimeLimit) -> str:
    """An overdue limit: how late, whether the law still allows it to be extended, and
    what the record lacks (the decision that ends it, or the one that extended it)."""
    if letter.days_overdue <= 0:
        return _status(letter)
    late = f"Đến ngày {date_numeric(letter.date)}, đã quá hạn {letter.days_overdue} ngày"
    if limit.extendable_on(letter.date):
        return f"{late} nhưng {letter.sender} chưa nhận được {_awaited(letter, limit)}."
    if limit.extension is None:
        bound = "thời hạn này không được gia hạn"
    elif limit.maximum is not None and limit.maximum > letter.due_date:
        bound = (
            "thời hạn tối đa pháp luật cho phép, kể cả gia hạn, đã hết vào ngày "
            f"{date_numeric(limit.maximum)}, không thể gia hạn thêm"
        )
    else:
        bound = "đây đã là thời hạn tối đa pháp luật cho phép, kể cả gia hạn"
    return f"{late}; {bound}. Đến nay {letter.sender} chưa nhận được {_awaited(letter, limit)}."


def _limit_request(letter: FollowUpLetter, limit: TimeLimit) -> str:
    """What the letter asks: the act the law requires, under its articles; once the
    limit is past, first the copy of a decision made but never received."""
    recipient = letter.recipient_agency
    basis = f"căn cứ {cite(limit.request_basis)}, " if limit.request_basis else ""
    act = f"{basis}khẩn trương {letter.due_item}"
    opening = (
        "Để bảo đảm tuân thủ đúng thời hạn tố tụng theo quy định của pháp luật, "
        f"{letter.sender} đề nghị {recipient}"
    )
    if letter.days_overdue > 0:
        return (
            f"{opening}: trường hợp đã có các văn bản trên, gửi bản sao về {letter.sender} để cập "
            f"nhật; trường hợp chưa có, {act}, đồng thời báo cáo rõ lý do chậm, "
            "khó khăn, vướng mắc và đề xuất hướng giải quyết."
        )
    extension = ""
    if limit.extendable_on(letter.date) and limit.extension_request:
        ahead = (
            f" chậm nhất {limit.extension_lead_days} ngày trước khi hết thời hạn"
            if limit.extension_lead_days
            else " trước khi hết thời hạn"
        )
        extension = f"; trường hợp cần gia hạn, {limit.extension_request}{ahead}"
    return (
        f"{opening} {act}{extension}; trường hợp không thực hiện được, báo cáo rõ "
        "lý do, khó khăn, vướng mắc và đề xuất hướng giải quyết."
    )


def _body(letter: FollowUpLetter) -> list[str]:
    case = letter.case.in_text()
    due = date_numeric(letter.due_date)
    report = (
        f"Kết quả thực hiện gửi về {letter.sender} trước ngày {date_numeric(letter.report_by)}./."
    )
    limit = letter.limit
    if letter.legal_basis is not None and limit is not None:
        person = f" đối với {letter.accused}" if letter.accused else ""
        return [
            f"Theo dõi tiến độ giải quyết {case}, {letter.sender} nhận thấy: theo quy định "
            f"tại {letter.legal_basis.citation}, {limit.name}{person} hết hạn vào ngày {due}.",
            _limit_status(letter, limit),
            f"{_limit_request(letter, limit)} {report}",
        ]
    if letter.legal_basis is not None:
        return [
            f"Theo dõi tiến độ giải quyết {case}, {letter.sender} nhận thấy: theo quy định "
            f"tại {letter.legal_basis.citation}, việc {letter.due_item} phải hoàn thành "
            f"chậm nhất vào ngày {due}.",
            _status(letter),
            f"Để bảo đảm tiến độ và tuân thủ đúng thời hạn tố tụng theo quy định của pháp "
            f"luật, {letter.sender} đề nghị {letter.recipient_agency} khẩn trương "
            f"{letter.due_item}; trường hợp chưa thực hiện được, báo cáo rõ lý do, khó khăn, "
            f"vướng mắc và đề xuất hướng giải quyết. {report}",
        ]
    assert letter.directive is not None  # __post_init__: a basis or a directive
    task = task_clause(letter.due_item)
    if letter.days_overdue > 0:
        status = (
            f"Đến ngày {date_numeric(letter.date)}, nhiệm vụ trên đã quá hạn "
            f"{letter.days_overdue} ngày nhưng {letter.sender} chưa nhận được báo cáo kết "
            "quả thực hiện."
        )
    else:
        status = _status(letter)
    return [
        f"Thực hiện {letter.directive.in_text()} về {case}, {letter.recipient_agency} được "
        f"giao nhiệm vụ: {task}; thời hạn hoàn thành chậm nhất vào ngày {due}.",
        status,
        f"Để bảo đảm tiến độ và thực hiện nghiêm ý kiến chỉ đạo, {letter.sender} đề nghị "
        f"{letter.recipient_agency} khẩn trương hoàn thành nhiệm vụ được giao; trường hợp "
        "chưa hoàn thành, báo cáo rõ lý do, khó khăn, vướng mắc và đề xuất hướng giải quyết. "
        f"{report}",
    ]


def follow_up_letter_docx(letter: FollowUpLetter) -> bytes:
    """The follow-up as a .docx công văn in the official layout."""
    variant = DocumentVariant.for_party(letter.party_document)
    summary = letter.summary_line
    document = OfficialDocument(variant=variant, title=summary, author=letter.issuing_agency)
    document.header(
        superior_agency=letter.superior_agency,
        issuing_agency=letter.issuing_agency,
        number=letter.number,
        place=letter.place,
        on=letter.date,
        letter_summary=summary,
        secret_mark=letter.secret_mark,
    )
    document.addressee([letter.recipient_agency])

    # Content closes with "./.": not in LEGAL.md, recalled – verify.
    for text in _body(letter):
        document.paragraph(text)

    items = ["Như trên", *letter.recipients]
    document.recipients_and_signature(
        items,
        letter.filed_at,
        letter.signer,
        note=copies_note(len(items) + len(letter.filed_at), letter.drafter or "…")
        if letter.secret_mark
        else None,
    )
    return document.to_bytes()
