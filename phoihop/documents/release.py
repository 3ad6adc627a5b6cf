"""A published release as the document its body signs and sends to the press
(THÔNG CÁO BÁO CHÍ): the body's letterhead, the number, the release's title as the
summary, its text, the signature and the recipients, as .docx and as PDF.

A release is public: it was confirmed free of classified content before it was
published (``PressRelease.classified_fields_excluded``), so it carries no
state-secret mark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from phoihop.documents.html_layout import (
    Letterhead,
    closing_html,
    escape,
    header_html,
    page_css,
    pdf_from_html,
    recipient_lines,
    title_html,
)
from phoihop.documents.layout import (
    DocumentInputError,
    DocumentNumber,
    DocumentVariant,
    OfficialDocument,
    Signer,
    layout_for,
    nfc,
)

RELEASE_TYPE_NAME = "Thông cáo báo chí"
RELEASE_TYPE_CODE = "TCBC"  # Appendix III of Decree 30/2020: "TCBC": recalled – verify
# The content ends with "./." after its last full stop: not in LEGAL.md, recalled – verify.
CLOSING_MARK = "/."


@dataclass(frozen=True)
class ReleaseDocument:
    variant: DocumentVariant
    superior_agency: str | None
    issuing_agency: str
    number: DocumentNumber
    place: str
    issued_on: dt.date
    title: str  # the summary under "THÔNG CÁO BÁO CHÍ"
    text: str  # the release's text; a blank line or a line break starts a paragraph
    signer: Signer
    recipients: Sequence[str]
    filed_at: Sequence[str] = field(default=("VT",))

    def __post_init__(self) -> None:
        object.__setattr__(self, "recipients", tuple(self.recipients))
        object.__setattr__(self, "filed_at", tuple(self.filed_at))
        if not self.title.strip() or not self.paragraphs:
            raise DocumentInputError("A release needs its title and its text.")

    @property
    def paragraphs(self) -> list[str]:
        lines = [" ".join(line.split()) for line in nfc(self.text).splitlines()]
        paragraphs = [line for line in lines if line]
        if paragraphs and not paragraphs[-1].endswith(CLOSING_MARK):
            paragraphs[-1] += CLOSING_MARK if paragraphs[-1].endswith(".") else "." + CLOSING_MARK
        return paragraphs


def release_docx(release: ReleaseDocument) -> bytes:
    document = OfficialDocument(
        variant=release.variant,
        title=f"{RELEASE_TYPE_NAME} - {release.title}",
        author=release.issuing_agency,
    )
    document.header(
        superior_agency=release.superior_agency,
        issuing_agency=release.issuing_agency,
        number=release.number,
        place=release.place,
        on=release.issued_on,
    )
    document.title(RELEASE_TYPE_NAME, nfc(release.title))
    for paragraph in release.paragraphs:
        document.paragraph(paragraph)
    document.recipients_and_signature(release.recipients, release.filed_at, release.signer)
    return document.to_bytes()


def release_html(release: ReleaseDocument) -> str:
    sizes = layout_for(release.variant).sizes
    head = Letterhead(
        variant=release.variant,
        superior=release.superior_agency,
        issuing=release.issuing_agency,
        number=release.number,
        place=release.place,
        issued_on=release.issued_on,
    )
    paragraphs = [f"<p>{escape(text)}</p>" for text in release.paragraphs]
    closing = closing_html(
        release.variant, recipient_lines(release.recipients, release.filed_at), release.signer
    )
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(f'{RELEASE_TYPE_NAME} - {release.title}')}</title>"
        f'<meta name="author" content="{escape(release.issuing_agency)}">'
        f"<style>{page_css(sizes)}</style></head><body>"
        + header_html(head)
        + title_html(release.variant, RELEASE_TYPE_NAME, release.title)
        + f'<div class="body">{"".join(paragraphs[:-1])}</div>'
        + f'<div class="ending"><div class="body">{paragraphs[-1]}</div>{closing}</div>'
        + "</body></html>"
    )


def release_pdf(release: ReleaseDocument) -> bytes:
    return pdf_from_html(release_html(release))
