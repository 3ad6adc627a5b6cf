"""The official layout as HTML for WeasyPrint: the PDF of every document is printed
from the same ``Layout`` as its .docx (``phoihop.documents.layout``), so the two agree
on the header, the number's blank, the state-secret mark and the signature block."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from phoihop.documents.layout import (
    FIRST_LINE_INDENT_MM,
    FONT_NAME,
    LINE_SPACING,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PARAGRAPH_SPACING_PT,
    SIGNATURE_SPACE_PT,
    TEXT_WIDTH_MM,
    DocumentNumber,
    DocumentVariant,
    Signer,
    TypeSizes,
    bold_text_width_mm,
    fitted_lines,
    layout_for,
    nfc,
    place_and_date,
    upper,
)
from phoihop.documents.marks import MARK_COLOUR, MARK_HEIGHT_MM, MARK_SIZE_PT, SecretMark


@dataclass(frozen=True)
class Letterhead:
    """The top of page 1: who issues, the number, the place and date, the mark."""

    variant: DocumentVariant
    superior: str | None
    issuing: str
    number: DocumentNumber
    place: str
    issued_on: dt.date
    secret_mark: SecretMark | None = None


def escape(text: str) -> str:
    return html.escape(nfc(text), quote=True)


def page_css(sizes: TypeSizes) -> str:
    """Page, header, title, body and closing; a document adds its own rules after."""
    # Times New Roman where installed, else Liberation Serif (metrically the same,
    # Debian's fonts-liberation2); fontconfig finds either by name. The page-number box
    # names the family too: margin boxes do not inherit from the body (DESIGN.md §8).
    family = f'"{FONT_NAME}", "Liberation Serif", serif'
    return f"""
@page {{
  size: A4 portrait;
  margin: {MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm;
  @top-center {{
    content: counter(page);
    font-family: {family};
    font-size: {sizes.page_number}pt;
    vertical-align: middle;
  }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: {family}; font-size: {sizes.body}pt; color: #000; }}
body {{ margin: 0; line-height: 1.2; }}
p {{ margin: 0; }}
table {{ border-collapse: collapse; }}
.header {{ width: {TEXT_WIDTH_MM}mm; table-layout: fixed; }}
.header td {{ vertical-align: top; text-align: center; padding: 0; }}
.superior {{ font-size: {sizes.superior_agency}pt; }}
.issuing {{ font-size: {sizes.issuing_agency}pt; font-weight: bold; }}
.national {{ font-size: {sizes.national_title}pt; font-weight: bold; white-space: nowrap; }}
.motto {{ font-size: {sizes.motto}pt; font-weight: bold; white-space: nowrap; }}
.rule {{ border-top: 0.75pt solid #000; margin: 1pt auto 0; height: 0; }}
.star {{ font-size: {sizes.issuing_agency}pt; }}
.number {{ font-size: {sizes.number}pt; margin-top: 6pt; white-space: pre; }}
.secret-mark {{ margin: 8pt auto 0; border: 1pt solid #{MARK_COLOUR}; color: #{MARK_COLOUR};
  font-size: {MARK_SIZE_PT}pt; font-weight: bold; text-align: center;
  height: {MARK_HEIGHT_MM}mm; line-height: {MARK_HEIGHT_MM}mm; }}
.date {{ font-size: {sizes.place_date}pt; font-style: italic; margin-top: 6pt; }}
.type-name {{ font-size: {sizes.type_name}pt; font-weight: bold; text-align: center;
  margin-top: 18pt; }}
.summary {{ font-size: {sizes.summary}pt; font-weight: bold; text-align: center; }}
.centred {{ text-align: center; }}
h2 {{ font-size: {sizes.body}pt; font-weight: bold; margin: {PARAGRAPH_SPACING_PT}pt 0 0;
  text-indent: {FIRST_LINE_INDENT_MM}mm; text-align: justify; page-break-after: avoid; }}
.body p {{ text-align: justify; text-indent: {FIRST_LINE_INDENT_MM}mm;
  margin-top: {PARAGRAPH_SPACING_PT}pt; line-height: {LINE_SPACING + 0.05}; }}
.closing {{ width: {TEXT_WIDTH_MM}mm; table-layout: fixed; margin-top: 12pt;
  page-break-inside: avoid; }}
.closing td {{ vertical-align: top; padding: 0; }}
.ending {{ page-break-inside: avoid; break-inside: avoid; }}
.recipients-label {{ font-size: {sizes.recipients_label}pt; font-weight: bold;
  font-style: italic; margin-top: 12pt; }}
.recipient {{ font-size: {sizes.recipients_item}pt; }}
.signature {{ text-align: center; font-size: {sizes.signature}pt; font-weight: bold;
  margin-top: 12pt; }}
.signer-name {{ margin-top: {SIGNATURE_SPACE_PT}pt; }}
"""


def rule(width_mm: float, container_mm: float) -> str:
    width = max(10.0, min(width_mm, container_mm))
    return f'<div class="rule" style="width: {width:.1f}mm"></div>'


def header_html(head: Letterhead) -> str:
    """The same header as the .docx, drawn from the same ``Layout``."""
    layout = layout_for(head.variant)
    sizes = layout.sizes
    left, right = layout.left_column_mm, layout.right_column_mm
    agency = []
    if head.superior:
        agency += [
            f'<div class="superior">{escape(line)}</div>'
            for line in fitted_lines(upper(head.superior), left, sizes.superior_agency)
        ]
    issuing = fitted_lines(upper(head.issuing), left, sizes.issuing_agency)
    agency += [f'<div class="issuing">{escape(line)}</div>' for line in issuing]
    if layout.agency_mark:
        agency.append(f'<div class="star">{escape(layout.agency_mark)}</div>')
    else:
        longest = max(bold_text_width_mm(line, sizes.issuing_agency) for line in issuing)
        agency.append(rule(min(longest, left) * 0.4, left))
    *above, last = layout.titles
    title = "".join(f'<div class="national">{escape(line)}</div>' for line in above)
    if above:
        title += f'<div class="motto">{escape(last)}</div>'
        title += rule(bold_text_width_mm(last, sizes.motto), right)
    else:
        title += f'<div class="national">{escape(last)}</div>'
        title += rule(bold_text_width_mm(last, sizes.national_title), right)
    # The number's blank is made of no-break spaces; "pre" keeps them as drawn.
    number = f'<div class="number">{escape(head.number.text(head.variant))}</div>'
    if head.secret_mark is not None:
        number += (
            f'<div class="secret-mark" style="width: {head.secret_mark.width_mm}mm">'
            f"{escape(head.secret_mark.text)}</div>"
        )
    date = escape(place_and_date(nfc(head.place), head.issued_on))
    return (
        '<table class="header">'
        f'<colgroup><col style="width: {left}mm">'
        f'<col style="width: {right}mm"></colgroup>'
        f"<tr><td>{''.join(agency)}</td><td>{title}</td></tr>"
        f"<tr><td>{number}</td>"
        f'<td><div class="date">{date}</div></td></tr>'
        "</table>"
    )


def title_html(variant: DocumentVariant, type_name: str, summary: str) -> str:
    layout = layout_for(variant)
    summary = nfc(summary)
    parts = [
        f'<p class="type-name">{escape(upper(type_name))}</p>',
        f'<p class="summary">{escape(summary)}</p>',
    ]
    if layout.summary_mark:
        parts.append(f'<p class="summary">{escape(layout.summary_mark)}</p>')
    else:
        width = min(bold_text_width_mm(summary, layout.sizes.summary), TEXT_WIDTH_MM) * 0.4
        parts.append(rule(max(width, 25), TEXT_WIDTH_MM))
    return "".join(parts)


def closing_html(variant: DocumentVariant, recipient_lines: Sequence[str], signer: Signer) -> str:
    """ "Nơi nhận:" on the left level with the signature block on the right."""
    right = layout_for(variant).right_column_mm
    recipients = [f'<div class="recipients-label">{escape("Nơi nhận:")}</div>']
    recipients += [f'<div class="recipient">{escape(line)}</div>' for line in recipient_lines]
    signature = [f"<div>{escape(upper(signer.authority))}</div>"] if signer.authority else []
    signature.append(f"<div>{escape(upper(signer.title))}</div>")
    signature.append(f'<div class="signer-name">{escape(signer.name)}</div>')
    return (
        '<table class="closing">'
        f'<colgroup><col style="width: {TEXT_WIDTH_MM - right}mm">'
        f'<col style="width: {right}mm"></colgroup>'
        f"<tr><td>{''.join(recipients)}</td>"
        f'<td><div class="signature">{"".join(signature)}</div></td></tr>'
        "</table>"
    )


def recipient_lines(
    items: Sequence[str], filed_at: Sequence[str], note: str | None = None
) -> list[str]:
    lines = [f"- {item};" for item in items]
    lines.append(f"- Lưu: {', '.join(filed_at) if filed_at else 'VT'}.")
    if note:
        lines.append(note)
    return lines


def pdf_from_html(document: str) -> bytes:
    """An A4 PDF printed by WeasyPrint; nothing is fetched from outside (no base URL,
    a fetcher that refuses every URL)."""
    # Imported here: WeasyPrint loads Pango when imported, and the .docx and .xlsx
    # builders (and the pages that import this package) must not depend on it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class _RefuseEveryUrl(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"The document fetches nothing from outside: {url}")

    pdf: bytes = HTML(string=document, url_fetcher=_RefuseEveryUrl()).write_pdf()
    return pdf
