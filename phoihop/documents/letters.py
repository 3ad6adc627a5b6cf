"""A follow-up letter (văn bản đôn đốc): a công văn from a leader's agency urging the
responsible agency to finish an overdue task or act within a statutory time limit,
and to report by a given date."""

from __future__ import annotations

import datetime as dt
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
    def citation(self) -> str:
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}{self.article_suffix}")
        parts.append(self.law)
        return " ".join(parts)


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
    due_item: str  # what is due, as a verb phrase: "ban hành kết luận điều tra"
    due_date: dt.date
    days_overdue: int  # as the clock engine counted it; 0 due today, negative not yet due
    report_by: dt.date
    signer: Signer
    recipients: Sequence[str] = ()  # besides the addressee ("Như trên")
    legal_basis: StatutoryBasis | None = None  # a statutory clock
    directive: str | None = None  # the document that assigned the task
    sender_name: str | None = None  # how the text names the sender; default issuing_agency
    summary: str | None = None  # the "V/v …" line; a default is made from due_item
    filed_at: Sequence[str] = field(default=("VT",))

    def __post_init__(self) -> None:
        object.__setattr__(self, "recipients", tuple(self.recipients))
        object.__setattr__(self, "filed_at", tuple(self.filed_at))
        if self.legal_basis is None and not (self.directive or "").strip():
            raise DocumentInputError(
                "A follow-up needs the legal basis of the time limit or the directive "
                "that set the task."
            )
        if not self.recipient_agency.strip() or not self.due_item.strip():
            raise DocumentInputError("A follow-up needs its addressee and what is due.")
        if self.days_overdue > 0 and self.due_date >= self.date:
            raise DocumentInputError("Overdue days given but the due date is not past.")
        if self.report_by < self.date:
            raise DocumentInputError("The report-by date is before the letter's date.")

    @property
    def sender(self) -> str:
        return self.sender_name or self.issuing_agency


def _status(letter: FollowUpLetter) -> str:
    if letter.days_overdue > 0:
        return (
            f"Đến ngày {date_numeric(letter.date)}, nội dung trên đã quá hạn "
            f"{letter.days_overdue} ngày nhưng {letter.sender} chưa nhận được báo cáo "
            "kết quả thực hiện."
        )
    if letter.days_overdue == 0:
        return f"Ngày {date_numeric(letter.date)} là ngày cuối cùng của thời hạn trên."
    return f"Thời hạn trên còn {-letter.days_overdue} ngày."


def follow_up_letter_docx(letter: FollowUpLetter) -> bytes:
    """The follow-up as a .docx công văn in the official layout."""
    variant = DocumentVariant.for_party(letter.party_document)
    summary = letter.summary or f"V/v đôn đốc {letter.due_item}"
    document = OfficialDocument(variant=variant, title=summary, author=letter.issuing_agency)
    document.header(
        superior_agency=letter.superior_agency,
        issuing_agency=letter.issuing_agency,
        number=letter.number,
        place=letter.place,
        on=letter.date,
        letter_summary=summary,
    )
    document.addressee([letter.recipient_agency])

    case = letter.case.in_text()
    due = date_numeric(letter.due_date)
    if letter.legal_basis is not None:
        document.paragraph(
            f"Theo dõi tiến độ giải quyết {case}, {letter.sender} nhận thấy: theo quy định "
            f"tại {letter.legal_basis.citation}, việc {letter.due_item} phải hoàn thành "
            f"chậm nhất vào ngày {due}."
        )
    if letter.directive:
        document.paragraph(
            f"Thực hiện {letter.directive}, {letter.recipient_agency} được giao "
            f"{letter.due_item} đối với {case}, thời hạn hoàn thành chậm nhất vào ngày {due}."
        )
    document.paragraph(_status(letter))
    purpose = (
        "tuân thủ đúng thời hạn tố tụng theo quy định của pháp luật"
        if letter.legal_basis is not None
        else "thực hiện nghiêm ý kiến chỉ đạo"
    )
    # Content closes with "./.": not in LEGAL.md, recalled – verify.
    document.paragraph(
        f"Để bảo đảm tiến độ và {purpose}, {letter.sender} đề nghị "
        f"{letter.recipient_agency} khẩn trương {letter.due_item}; trường hợp chưa thực "
        "hiện được, báo cáo rõ lý do, khó khăn, vướng mắc và đề xuất hướng giải quyết. "
        f"Kết quả thực hiện gửi về {letter.sender} trước ngày "
        f"{date_numeric(letter.report_by)}./."
    )

    document.recipients_and_signature(
        ["Như trên", *letter.recipients], letter.filed_at, letter.signer
    )
    return document.to_bytes()
