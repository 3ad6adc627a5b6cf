"""The official layout of a Vietnamese document, as a python-docx builder.

State bodies (police, procuracy, court, People's Committees) lay out their documents
per Decree 30/2020/NĐ-CP, Appendix I; Party bodies (Ban Nội chính, the Party's
Steering Committees) per Hướng dẫn 36-HD/VPTW of 03/04/2018. LEGAL.md §7 is the
source for every rule below and tags how sure it is; each constant or step says
which tag it carries:

- CONFIRMED: read in the decree's text.
- "recalled – verify": LEGAL.md lists it from memory; a records officer (văn thư)
  should check it against Appendix I before the template is relied on.
- SECONDARY / UNCONFIRMED: the Party variant. LEGAL.md only confirms the header
  "ĐẢNG CỘNG SẢN VIỆT NAM" and numbering like "Số 12-BC/…" as SECONDARY; the sizes
  here follow a published summary of HD 36's Appendix 3 (title 15 bold, agency
  names 14, number 14, date 14 italic, type name 15-16 bold, summary 14-15 bold,
  body 14-15) and are not in LEGAL.md yet.

Fonts: Word resolves a run's typeface per script (ascii, hAnsi, eastAsia, cs), and
a theme attribute (asciiTheme, …) beats the explicit name. python-docx's template
points every style at the theme (Calibri/Cambria), so setting ``font.name`` alone
still shows Calibri for some text (DESIGN.md §8). ``OfficialDocument.to_bytes``
therefore rewrites every ``w:rFonts`` it can reach: document defaults, every style,
every run and paragraph mark in the body, tables, headers and footers, and strips
all theme attributes; it also points the theme's own fonts at Times New Roman and
drops the unused Word 2010 ``stylesWithEffects`` copy of the styles.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from phoihop.documents.marks import MARK_COLOUR, MARK_SIZE_PT, SecretMark
from phoihop.domain.errors import DomainError

FONT_NAME = "Times New Roman"  # CONFIRMED: Appendix I §I.4 (Unicode TCVN 6909:2001, black)
FONT_ATTRIBUTES = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_FONT_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")

# Page: A4 portrait, CONFIRMED. Margins: the decree allows top/bottom 20-25, left 30-35,
# right 15-20 mm (CONFIRMED); we take the lower bound of each range.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
HEADER_DISTANCE_MM = 10  # the page number sits inside the 20 mm top margin
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165

# Header table: the agency block on the left, the national title on the right. The
# widths are ours; 95 mm holds the national title at 12 pt bold (about 88 mm).
LEFT_COLUMN_MM = 70
RIGHT_COLUMN_MM = TEXT_WIDTH_MM - LEFT_COLUMN_MM

# Body: paragraph spacing at least 6 pt and line spacing single to 1.5 lines are
# CONFIRMED [CHANHVANPHONG]; the first-line indent of 1 cm is ours (common practice).
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.15
FIRST_LINE_INDENT_MM = 10
SIGNATURE_SPACE_PT = 72  # room for the signature and the seal

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # hyphens with spaces: CONFIRMED
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"


class DocumentInputError(DomainError):
    """The data given cannot make a valid official document."""

    code = "document.invalid"


class DocumentVariant(StrEnum):
    STATE = "state"  # Decree 30/2020/NĐ-CP
    PARTY = "party"  # Hướng dẫn 36-HD/VPTW (Ban Nội chính, Ban Chỉ đạo)

    @classmethod
    def for_party(cls, party_document: bool) -> DocumentVariant:
        return cls.PARTY if party_document else cls.STATE


@dataclass(frozen=True)
class TypeSizes:
    """Font sizes in points for each part of the layout."""

    superior_agency: float
    issuing_agency: float
    number: float
    national_title: float  # "CỘNG HÒA …" or "ĐẢNG CỘNG SẢN VIỆT NAM"
    motto: float
    place_date: float
    type_name: float
    summary: float
    letter_summary: float  # "V/v …" under the number of a công văn
    addressee: float  # "Kính gửi: …"
    body: float
    signature: float
    recipients_label: float
    recipients_item: float
    page_number: float


STATE_SIZES = TypeSizes(
    superior_agency=13,  # 12-13, upright, capitals: recalled – verify
    issuing_agency=13,  # 12-13, bold, capitals, short rule under: recalled – verify
    number=13,  # "Số: …/BB-…", 13: recalled – verify
    national_title=12,  # 12-13, bold, capitals: CONFIRMED
    motto=13,  # 13-14, bold: CONFIRMED (the rule under it: recalled)
    place_date=14,  # 13-14, italic: layout recalled – verify
    type_name=14,  # 13-14, bold, capitals: recalled – verify
    summary=14,  # 13-14, bold, short rule under: recalled – verify
    letter_summary=12,  # "V/v …" 12-13 upright: not in LEGAL.md, recalled – verify
    addressee=14,  # "Kính gửi:" 14: not in LEGAL.md, recalled – verify
    body=14,  # 13-14, justified: size recalled – verify
    signature=14,  # 13-14 bold: sizes recalled – verify
    recipients_label=12,  # "Nơi nhận:" italic bold 12: recalled – verify
    recipients_item=11,  # list 11 upright: recalled – verify
    page_number=14,  # 13-14 upright, centred in the top margin: CONFIRMED
)

# SECONDARY (summary of HD 36 Appendix 3), not yet in LEGAL.md; sizes the summary
# does not give (recipients, page number, signature) repeat the state ones: UNCONFIRMED.
PARTY_SIZES = TypeSizes(
    superior_agency=14,
    issuing_agency=14,
    number=14,
    national_title=15,
    motto=14,  # unused: Party documents carry no motto
    place_date=14,
    type_name=15,
    summary=14,
    letter_summary=12,
    addressee=14,
    body=14,
    signature=14,
    recipients_label=12,
    recipients_item=11,
    page_number=14,
)


# The blank the records office writes the number in when it registers the document:
# no-break spaces, so no renderer (HTML collapses runs of spaces) can close it.
NUMBER_BLANK = "\u00a0" * 8


@dataclass(frozen=True)
class Layout:
    """One official layout, as data: every document of a body is drawn from the one
    its kind calls for (``layout_for``)."""

    variant: DocumentVariant
    regulation: str
    sizes: TypeSizes
    # Top right of page 1: the national title and motto, or the Party's title.
    titles: tuple[str, ...]
    # Under the issuing body: an asterisk (Party) or a short rule (state).
    agency_mark: str | None
    # The authority words of a signature block, per ``issuers.Authority`` value.
    authority_words: dict[str, str]
    # Under the summary of the title: five hyphens (Party) or a short rule (state).
    summary_mark: str | None
    # The header's two columns; the left holds the bodies' names.
    left_column_mm: float
    right_column_mm: float


STATE_LAYOUT = Layout(
    variant=DocumentVariant.STATE,
    regulation="Nghị định 30/2020/NĐ-CP, Phụ lục I",
    sizes=STATE_SIZES,
    titles=(NATIONAL_TITLE, MOTTO),
    agency_mark=None,
    # "TM.", "KT.", "TL.", "TUQ." (Decree 30/2020 Art. 13; Appendix I): recalled – verify.
    authority_words={"on_behalf": "TM.", "deputy": "KT.", "by_order": "TL.", "authorised": "TUQ."},
    summary_mark=None,
    left_column_mm=LEFT_COLUMN_MM,
    right_column_mm=RIGHT_COLUMN_MM,
)
PARTY_LAYOUT = Layout(
    variant=DocumentVariant.PARTY,
    regulation="Hướng dẫn 36-HD/VPTW",
    sizes=PARTY_SIZES,
    titles=(PARTY_TITLE,),
    agency_mark="*",
    # "T/M", "K/T", "T/L", "T/UQ" (HD 36 §II): SECONDARY.
    authority_words={"on_behalf": "T/M", "deputy": "K/T", "by_order": "T/L", "authorised": "T/UQ"},
    summary_mark="-----",
    # The Party's title at 15 pt bold is narrower than the national title; the bodies'
    # names (a committee above a commission) take the room.
    left_column_mm=80,
    right_column_mm=TEXT_WIDTH_MM - 80,
)
LAYOUTS = {layout.variant: layout for layout in (STATE_LAYOUT, PARTY_LAYOUT)}


def layout_for(variant: DocumentVariant) -> Layout:
    return LAYOUTS[variant]


@dataclass(frozen=True)
class DocumentNumber:
    """Number and symbol (số, ký hiệu).

    ``number`` None leaves the number blank for the records office to fill in when it
    registers the document. ``type_code`` is the Appendix III abbreviation ("BB" biên
    bản, "BC" báo cáo); a công văn has none in a state document and "CV" in a Party one.
    """

    agency_code: str
    type_code: str | None = None
    number: int | None = None
    unit_code: str | None = None  # the drafting unit, e.g. "PC03" in "Số: 12/CAT-PC03"

    def __post_init__(self) -> None:
        if not self.agency_code.strip():
            raise DocumentInputError("The document number needs the agency code.")
        if self.number is not None and self.number < 1:
            raise DocumentInputError("A document number starts at 1.")

    def text(self, variant: DocumentVariant) -> str:
        if variant is DocumentVariant.PARTY:
            # "Số 12-BB/BNCTU": SECONDARY (LEGAL.md §7); no colon and no leading zero
            # as in HD 36's own header "Số 36-HD/VPTW"; details UNCONFIRMED.
            shown = str(self.number) if self.number is not None else NUMBER_BLANK
            return f"Số {shown}-{self.type_code or 'CV'}/{self.agency_code}"
        # "Số: 05/BB-CAT", numbers below 10 with a leading 0: recalled – verify.
        shown = f"{self.number:02d}" if self.number is not None else NUMBER_BLANK
        if self.type_code:
            symbol = f"{self.type_code}-{self.agency_code}"
        else:
            symbol = "-".join(part for part in (self.agency_code, self.unit_code) if part)
        return f"Số: {shown}/{symbol}"


@dataclass(frozen=True)
class Signer:
    """Who signs: authority words ("TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN"; Party
    documents write "T/M", "K/T"), the title, and the name without academic titles
    (CONFIRMED [TRADEMARKVN])."""

    title: str
    name: str
    authority: str | None = None

    def __post_init__(self) -> None:
        if not self.title.strip() or not self.name.strip():
            raise DocumentInputError("A signer needs a title and a name.")


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


def place_and_date(place: str, on: dt.date) -> str:
    """ "An Giang, ngày 05 tháng 02 năm 2026".

    Days 1-9 and months 1-2 take a leading zero: CONFIRMED [TRADEMARKVN]. Months 3-12
    do not ("ngày 20 tháng 3 năm 2026").
    """
    day = f"{on.day:02d}"
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"{place}, ngày {day} tháng {month} năm {on.year}"


def date_numeric(on: dt.date) -> str:
    """Dates inside running text: "05/02/2026"."""
    return f"{on.day:02d}/{on.month:02d}/{on.year}"


def nfc(text: str) -> str:
    """Vietnamese in precomposed Unicode (TCVN 6909:2001 text is NFC): a decomposed
    "ệ" from a pasted source becomes the single code point Word's fonts expect."""
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    return nfc(text).upper()


# Advance widths of Times New Roman Bold (per 1000 em), for sizing the rules drawn
# under bold lines; accented letters take the width of their base letter.
_BOLD_WIDTHS = {
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
        722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
        722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667,
    ), strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", (
        500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833,
        556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444,
    ), strict=True)),
    " ": 250, "-": 333, ".": 250, ",": 250, ":": 333, "/": 278, "(": 333, ")": 333,
}  # fmt: skip


def bold_text_width_mm(text: str, size_pt: float) -> float:
    units = 0
    for char in nfc(text):
        base = unicodedata.normalize("NFD", char.replace("Đ", "D").replace("đ", "d"))[0]
        units += _BOLD_WIDTHS.get(base, 500)
    return units / 1000 * size_pt * 25.4 / 72


# Words a body's name may start a line with: each begins a phrase ("VIỆN KIỂM SÁT /
# NHÂN DÂN TỐI CAO", "CƠ QUAN CẢNH SÁT / ĐIỀU TRA"). A Vietnamese word is often two
# syllables ("điều tra", "pháp y", "thành phố"); a break between them reads wrong, so
# a break before another word costs as much as a line this much wider.
PHRASE_STARTS = frozenset(
    {
        "VỀ", "TẠI", "CỦA", "VÀ", "TỈNH", "THÀNH", "KHU", "NHÂN", "TỐI", "TRUNG", "CÔNG",
        "BỘ", "CỤC", "TỘI", "ĐIỀU", "AN", "KIỂM", "XÉT", "THI", "PHÁP", "PHÒNG", "THAM",
        "LÃNG", "TIÊU", "KINH",
    }
)  # fmt: skip
_BAD_BREAK_MM = 25.0


def fitted_lines(text: str, width_mm: float, size_pt: float) -> list[str]:
    """``text`` broken between words into as few lines as fit ``width_mm`` in bold at
    ``size_pt``: after a comma or before a word that starts a phrase where it can, the
    lines as even as they can be (a body on balanced lines, not a full line and a last
    word). Where the text already breaks, it stays broken."""
    lines: list[str] = []
    for given in text.splitlines():
        words = given.split()
        for count in range(1, max(len(words), 1) + 1):
            split, _cost = _even_split(tuple(words), count, size_pt)
            if count == len(words) or all(
                bold_text_width_mm(line, size_pt) <= width_mm for line in split
            ):
                lines += split
                break
    return lines


def _even_split(words: tuple[str, ...], count: int, size_pt: float) -> tuple[list[str], float]:
    """``words`` on ``count`` lines at the least cost: the widest line, and each break
    between the syllables of a phrase as if it were ``_BAD_BREAK_MM`` wider."""
    if count <= 1 or len(words) <= 1:
        line = " ".join(words)
        return ([line] if words else []), bold_text_width_mm(line, size_pt)
    best: tuple[list[str], float] = ([" ".join(words)], float("inf"))
    for first in range(1, len(words) - count + 2):
        head = " ".join(words[:first])
        rest, rest_cost = _even_split(words[first:], count - 1, size_pt)
        good = head.endswith(",") or words[first] in PHRASE_STARTS
        cost = max(bold_text_width_mm(head, size_pt), rest_cost) + (0 if good else _BAD_BREAK_MM)
        if cost < best[1]:
            best = ([head, *rest], cost)
    return best


_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
    "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _successors(order: Sequence[str], tag: str) -> tuple[str, ...]:
    return tuple(order[order.index(tag) + 1 :])


def _replace_child(parent: Any, tag: str, order: Sequence[str]) -> Any:
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag)
    parent.insert_element_before(element, *_successors(order, tag))
    return element


def set_times_new_roman(rpr: Any) -> None:
    """All four script slots to Times New Roman, theme references removed."""
    fonts = rpr.get_or_add_rFonts()
    for name in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(f"w:{name}"), None)
    for name in FONT_ATTRIBUTES:
        fonts.set(qn(f"w:{name}"), FONT_NAME)


def _paragraph_mark_rpr(paragraph_element: Any) -> Any:
    ppr = paragraph_element.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert_element_before(rpr, *_successors(_PPR_ORDER, "w:rPr"))
    return rpr


def _strip_theme_fonts(element: Any) -> None:
    for fonts in element.iter(qn("w:rFonts")):
        for name in THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(f"w:{name}"), None)
        for name in FONT_ATTRIBUTES:
            if fonts.get(qn(f"w:{name}")) is None:
                fonts.set(qn(f"w:{name}"), FONT_NAME)


def _keep_row_whole(table: Table) -> None:
    """Each row on one page (w:cantSplit), each paragraph of a cell kept with the next
    so the block moves as one."""
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            for paragraph in cell.paragraphs[:-1]:
                paragraph.paragraph_format.keep_with_next = True


class OfficialDocument:
    """Builds one document top to bottom; ``to_bytes`` returns the .docx."""

    def __init__(self, *, variant: DocumentVariant, title: str, author: str) -> None:
        self.variant = variant
        self.layout = layout_for(variant)
        self.sizes = self.layout.sizes
        self._doc = Document()
        properties = self._doc.core_properties
        properties.title = nfc(title)
        properties.author = nfc(author)
        properties.last_modified_by = nfc(author)
        properties.language = "vi-VN"
        properties.comments = ""
        self._set_up_page()
        self._set_up_styles()
        self._set_up_page_numbers()

    # ---- page, styles, page numbers -------------------------------------------------

    def _set_up_page(self) -> None:
        section = self._doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(MARGIN_TOP_MM)
        section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
        section.left_margin = Mm(MARGIN_LEFT_MM)
        section.right_margin = Mm(MARGIN_RIGHT_MM)
        section.header_distance = Mm(HEADER_DISTANCE_MM)
        section.footer_distance = Mm(HEADER_DISTANCE_MM)

    def _set_up_styles(self) -> None:
        normal = self._doc.styles["Normal"]
        normal.font.size = Pt(self.sizes.body)
        normal_format = normal.paragraph_format
        normal_format.space_before = Pt(0)
        normal_format.space_after = Pt(0)
        normal_format.line_spacing = 1.0
        defaults = self._doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for rpr in defaults.iter(qn("w:rPr")):
                lang = rpr.find(qn("w:lang"))
                if lang is None:
                    lang = OxmlElement("w:lang")
                    rpr.append(lang)
                lang.set(qn("w:val"), "vi-VN")

    def _set_up_page_numbers(self) -> None:
        # Page numbers from 1, Arabic, upright, centred in the top margin, not shown
        # on page 1 (CONFIRMED): a PAGE field in the default header, an empty header
        # for the first page.
        section = self._doc.sections[0]
        section.different_first_page_header_footer = True
        first = section.first_page_header
        first.is_linked_to_previous = False
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        self._format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._field(paragraph, "PAGE", size=self.sizes.page_number)

    # ---- low-level paragraph and run helpers ------------------------------------------

    def _run(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        size: float,
        bold: bool = False,
        italic: bool = False,
    ) -> Run:
        run = paragraph.add_run(nfc(text))
        run.font.size = Pt(size)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        set_times_new_roman(run._r.get_or_add_rPr())
        return run

    def _field(self, paragraph: Paragraph, instruction: str, *, size: float) -> None:
        """A complex field (begin, instruction, separate, result, end): each piece is
        a plain run of the paragraph, so it carries the fonts like any other run."""

        def field_char(kind: str) -> None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            self._run(paragraph, "", size=size)._r.append(char)

        field_char("begin")
        code = OxmlElement("w:instrText")
        code.set(qn("xml:space"), "preserve")
        code.text = f" {instruction} "
        self._run(paragraph, "", size=size)._r.append(code)
        field_char("separate")
        self._run(paragraph, "2", size=size)  # shown until the viewer updates the field
        field_char("end")

    def _format(
        self,
        paragraph: Paragraph,
        *,
        align: Any = WD_ALIGN_PARAGRAPH.LEFT,
        before: float = 0,
        after: float = 0,
        line_spacing: float = 1.0,
        first_line_mm: float = 0,
        left_mm: float = 0,
        right_mm: float = 0,
        mark_size: float | None = None,
        keep_with_next: bool = False,
    ) -> None:
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.line_spacing = line_spacing  # a float: a multiple of single spacing
        if first_line_mm:
            fmt.first_line_indent = Mm(first_line_mm)
        if left_mm:
            fmt.left_indent = Mm(left_mm)
        if right_mm:
            fmt.right_indent = Mm(right_mm)
        if keep_with_next:
            fmt.keep_with_next = True
        rpr = _paragraph_mark_rpr(paragraph._p)
        set_times_new_roman(rpr)
        size = mark_size if mark_size is not None else self.sizes.body
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), str(round(size * 2)))

    def _line(
        self,
        container: Any,
        text: str,
        *,
        size: float,
        bold: bool = False,
        italic: bool = False,
        align: Any = WD_ALIGN_PARAGRAPH.CENTER,
        before: float = 0,
        reuse_first: bool = False,
    ) -> Paragraph:
        paragraph = self._paragraph_in(container, reuse_first=reuse_first)
        self._format(paragraph, align=align, before=before, mark_size=size)
        self._run(paragraph, text, size=size, bold=bold, italic=italic)
        return paragraph

    @staticmethod
    def _paragraph_in(container: Any, *, reuse_first: bool) -> Paragraph:
        if reuse_first and container.paragraphs and not container.paragraphs[0].text:
            first: Paragraph = container.paragraphs[0]
            return first
        added: Paragraph = container.add_paragraph()
        return added

    def _rule(self, container: Any, *, width_mm: float, container_width_mm: float) -> None:
        """A solid horizontal rule of ``width_mm`` centred in its container: the top
        border of an empty 1-pt paragraph whose indents trim it to length."""
        width_mm = max(10.0, min(width_mm, container_width_mm))
        side = (container_width_mm - width_mm) / 2
        paragraph = container.add_paragraph()
        self._format(
            paragraph,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            left_mm=side,
            right_mm=side,
            mark_size=1,
        )
        ppr = paragraph._p.get_or_add_pPr()
        borders = _replace_child(ppr, "w:pBdr", _PPR_ORDER)
        top = OxmlElement("w:top")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
            top.set(qn(f"w:{key}"), value)
        borders.append(top)

    def _table(self, *, rows: int, widths_mm: Sequence[float]) -> Table:
        """A borderless table with fixed column widths and no cell padding, so its text
        lines up with the page margins."""
        table: Table = self._doc.add_table(rows=rows, cols=len(widths_mm))
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        tblpr = table._tbl.tblPr
        borders = _replace_child(tblpr, "w:tblBorders", _TBLPR_ORDER)
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = OxmlElement(f"w:{edge}")
            line.set(qn("w:val"), "nil")
            borders.append(line)
        margins = _replace_child(tblpr, "w:tblCellMar", _TBLPR_ORDER)
        for edge in ("left", "right"):
            margin = OxmlElement(f"w:{edge}")
            margin.set(qn("w:w"), "0")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        width = _replace_child(tblpr, "w:tblW", _TBLPR_ORDER)
        width.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
        width.set(qn("w:type"), "dxa")
        for column, column_width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(column_width)
            for cell in column.cells:
                cell.width = Mm(column_width)
        return table

    # ---- the parts of a document, top to bottom -----------------------------------------

    def header(
        self,
        *,
        superior_agency: str | None,
        issuing_agency: str,
        number: DocumentNumber,
        place: str,
        on: dt.date,
        letter_summary: str | None = None,
        secret_mark: SecretMark | None = None,
    ) -> None:
        """The header block: agency and number on the left; national title (or the
        Party title) and the place-and-date line on the right; for a công văn the
        "V/v …" summary under the number; the state-secret mark under the number (and
        its summary) when the document holds a state secret. A name may carry "\n"
        where it breaks into lines."""
        sizes = self.sizes
        layout = self.layout
        left, right = layout.left_column_mm, layout.right_column_mm
        table = self._table(rows=2, widths_mm=(left, right))
        agency, title = table.rows[0].cells
        number_cell, date_cell = table.rows[1].cells

        # Agency: superior body in capitals upright, issuing body in capitals bold
        # (recalled – verify), then a short rule under it (state: 1/3-1/2 of the line,
        # recalled) or an asterisk (Party, [DOCPLAYER-36]: UNCONFIRMED).
        reuse = True
        if superior_agency:
            for line in fitted_lines(upper(superior_agency), left, sizes.superior_agency):
                self._line(agency, line, size=sizes.superior_agency, reuse_first=reuse)
                reuse = False
        issuing = "\n".join(fitted_lines(upper(issuing_agency), left, sizes.issuing_agency))
        for line in issuing.splitlines():
            self._line(agency, line, size=sizes.issuing_agency, bold=True, reuse_first=reuse)
            reuse = False
        if layout.agency_mark:
            self._line(agency, layout.agency_mark, size=sizes.issuing_agency)
        else:
            longest = max(
                bold_text_width_mm(line, sizes.issuing_agency) for line in issuing.splitlines()
            )
            self._rule(agency, width_mm=min(longest, left) * 0.4, container_width_mm=left)

        # Party: "ĐẢNG CỘNG SẢN VIỆT NAM" in capitals 15 bold with a full-length rule
        # (HD 36 §II.1.1.2 as quoted by a secondary source: UNCONFIRMED). State: the
        # national title 12-13 bold (CONFIRMED), the motto 13-14 bold centred under it
        # (CONFIRMED) with a rule as long as the motto (recalled).
        *above, last = layout.titles
        for index, line in enumerate(above):
            self._line(title, line, size=sizes.national_title, bold=True, reuse_first=index == 0)
        size = sizes.motto if above else sizes.national_title
        self._line(title, last, size=size, bold=True, reuse_first=not above)
        self._rule(title, width_mm=bold_text_width_mm(last, size), container_width_mm=right)

        # Number 13 (recalled – verify) level with the place and date, italic 13-14
        # under the motto (layout recalled – verify; leading zeros CONFIRMED).
        self._line(
            number_cell, number.text(self.variant), size=sizes.number, before=6, reuse_first=True
        )
        self._line(
            date_cell,
            place_and_date(place, on),
            size=sizes.place_date,
            italic=True,
            before=6,
            reuse_first=True,
        )
        if letter_summary:
            # The công văn's summary under its number: state 12-13 upright (not in
            # LEGAL.md, recalled – verify); Party 12 italic (SECONDARY, UNCONFIRMED).
            self._line(
                number_cell,
                letter_summary,
                size=sizes.letter_summary,
                italic=self.variant is DocumentVariant.PARTY,
                before=3,
            )
        if secret_mark is not None:
            self._secret_mark(number_cell, secret_mark, container_width_mm=left)

    def _secret_mark(self, container: Any, mark: SecretMark, *, container_width_mm: float) -> None:
        """The stamp of Circular 24/2020/TT-BCA form 02: the level in bold capitals,
        red, in a red rectangle of the form's width (``phoihop.documents.marks``)."""
        paragraph = self._paragraph_in(container, reuse_first=False)
        side = max((container_width_mm - mark.width_mm) / 2, 0)
        self._format(
            paragraph,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before=8,
            left_mm=side,
            right_mm=side,
            mark_size=MARK_SIZE_PT,
        )
        borders = _replace_child(paragraph._p.get_or_add_pPr(), "w:pBdr", _PPR_ORDER)
        for edge in ("top", "left", "bottom", "right"):
            line = OxmlElement(f"w:{edge}")
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), "8")  # eighths of a point: 1 pt
            line.set(qn("w:space"), "1")
            line.set(qn("w:color"), MARK_COLOUR)
            borders.append(line)
        run = self._run(paragraph, mark.text, size=MARK_SIZE_PT, bold=True)
        run.font.color.rgb = RGBColor.from_string(MARK_COLOUR)

    def title(self, type_name: str, summary: str | None = None) -> None:
        """Type name in bold capitals centred, the summary line bold under it, and a
        short rule (state) or five hyphens (Party) under that: recalled – verify."""
        sizes = self.sizes
        paragraph = self._doc.add_paragraph()
        self._format(
            paragraph,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before=18,
            mark_size=sizes.type_name,
            keep_with_next=True,
        )
        self._run(paragraph, upper(type_name), size=sizes.type_name, bold=True)
        if not summary:
            return
        paragraph = self._doc.add_paragraph()
        self._format(
            paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, mark_size=sizes.summary, keep_with_next=True
        )
        self._run(paragraph, summary, size=sizes.summary, bold=True)
        if self.layout.summary_mark:
            # Party documents put "-----" under the summary: recalled, UNCONFIRMED.
            paragraph = self._doc.add_paragraph()
            self._format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, mark_size=sizes.summary)
            self._run(paragraph, self.layout.summary_mark, size=sizes.summary)
            return
        width = min(bold_text_width_mm(summary, sizes.summary), TEXT_WIDTH_MM) * 0.4
        self._rule(self._doc, width_mm=max(width, 25), container_width_mm=TEXT_WIDTH_MM)

    def addressee(self, recipients: Sequence[str]) -> None:
        """ "Kính gửi: …" of a công văn, centred; one addressee on the same line, more
        on lines of their own ("- …;", the last ending "."): not in LEGAL.md, recalled."""
        size = self.sizes.addressee
        paragraph = self._doc.add_paragraph()
        self._format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=6, mark_size=size)
        if len(recipients) == 1:
            self._run(paragraph, f"Kính gửi: {recipients[0]}", size=size)
            return
        self._run(paragraph, "Kính gửi:", size=size)
        for index, recipient in enumerate(recipients):
            end = "." if index == len(recipients) - 1 else ";"
            line = self._doc.add_paragraph()
            self._format(line, left_mm=55, mark_size=size)
            self._run(line, f"- {recipient}{end}", size=size)

    def heading(self, text: str) -> None:
        """A bold heading inside the content ("I. THÀNH PHẦN")."""
        paragraph = self._doc.add_paragraph()
        self._format(
            paragraph,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            before=PARAGRAPH_SPACING_PT,
            line_spacing=LINE_SPACING,
            first_line_mm=FIRST_LINE_INDENT_MM,
            keep_with_next=True,
        )
        self._run(paragraph, text, size=self.sizes.body, bold=True)

    def paragraph(self, content: str | Sequence[Span], *, keep_with_next: bool = False) -> None:
        """A body paragraph: 13-14 pt justified (size recalled – verify), spacing
        before ≥ 6 pt and line spacing 1.15 (both CONFIRMED ranges)."""
        paragraph = self._doc.add_paragraph()
        self._format(
            paragraph,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            before=PARAGRAPH_SPACING_PT,
            line_spacing=LINE_SPACING,
            first_line_mm=FIRST_LINE_INDENT_MM,
            keep_with_next=keep_with_next,
        )
        spans = [Span(content)] if isinstance(content, str) else list(content)
        for span in spans:
            self._run(
                paragraph, span.text, size=self.sizes.body, bold=span.bold, italic=span.italic
            )

    def _signature(self, cell: _Cell, signer: Signer, *, before: float) -> None:
        # Authority words and title in capitals bold, the name bold: sizes recalled.
        size = self.sizes.signature
        lines = [upper(signer.authority)] if signer.authority else []
        lines.append(upper(signer.title))
        for index, line in enumerate(lines):
            self._line(
                cell,
                line,
                size=size,
                bold=True,
                before=before if index == 0 else 0,
                reuse_first=index == 0,
            )
        self._line(cell, signer.name, size=size, bold=True, before=SIGNATURE_SPACE_PT)

    def _recipients(
        self,
        container: Any,
        items: Sequence[str],
        filed_at: Sequence[str],
        *,
        reuse_first: bool,
        note: str | None = None,
    ) -> None:
        # "Nơi nhận:" italic bold 12; the list 11 upright, each line "- …;", the last
        # "- Lưu: VT, …." : recalled – verify.
        sizes = self.sizes
        self._line(
            container,
            "Nơi nhận:",
            size=sizes.recipients_label,
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            before=12,
            reuse_first=reuse_first,
        )
        for item in items:
            text = item.strip().removeprefix("-").strip().rstrip(";.").strip()
            self._line(
                container, f"- {text};", size=sizes.recipients_item, align=WD_ALIGN_PARAGRAPH.LEFT
            )
        kept = ", ".join(filed_at) if filed_at else "VT"
        self._line(
            container, f"- Lưu: {kept}.", size=sizes.recipients_item, align=WD_ALIGN_PARAGRAPH.LEFT
        )
        if note:
            # A state-secret document's copies, drafter and copying rule (Decree 26/2020
            # Art. 2; ``marks.copies_note``).
            self._line(
                container, note, size=sizes.recipients_item, italic=True,
                align=WD_ALIGN_PARAGRAPH.LEFT,
            )  # fmt: skip

    def signatures(self, signers: Sequence[Signer]) -> None:
        """Signature blocks side by side (minutes: secretary left, chair right), kept
        on one page with the last lines of the text."""
        if not signers:
            raise DocumentInputError("A document needs at least one signer.")
        self._keep_last_lines_with_next()
        right = self.layout.right_column_mm
        count = len(signers)
        if count == 1:
            table = self._table(rows=1, widths_mm=(TEXT_WIDTH_MM - right, right))
            self._signature(table.rows[0].cells[1], signers[0], before=12)
        else:
            table = self._table(rows=1, widths_mm=tuple(TEXT_WIDTH_MM / count for _ in signers))
            for cell, signer in zip(table.rows[0].cells, signers, strict=True):
                self._signature(cell, signer, before=12)
        _keep_row_whole(table)

    def recipients(
        self, items: Sequence[str], filed_at: Sequence[str], *, note: str | None = None
    ) -> None:
        """ "Nơi nhận:" at the bottom left, on its own (after the signatures)."""
        self._recipients(self._doc, items, filed_at, reuse_first=False, note=note)

    def recipients_and_signature(
        self,
        items: Sequence[str],
        filed_at: Sequence[str],
        signer: Signer,
        *,
        note: str | None = None,
    ) -> None:
        """ "Nơi nhận:" bottom left level with the signature block on the right, kept on
        one page with the last lines of the text."""
        self._keep_last_lines_with_next()
        right = self.layout.right_column_mm
        table = self._table(rows=1, widths_mm=(TEXT_WIDTH_MM - right, right))
        left_cell, right_cell = table.rows[0].cells
        self._recipients(left_cell, items, filed_at, reuse_first=True, note=note)
        self._signature(right_cell, signer, before=12)
        _keep_row_whole(table)

    def _keep_last_lines_with_next(self) -> None:
        """The signature never stands alone at the top of a page: the text's last
        paragraph keeps with the block that follows (and, by widow control, brings at
        least its last two lines along)."""
        body = self._doc.element.body
        paragraphs = [child for child in body if child.tag == qn("w:p")]
        if paragraphs:
            Paragraph(paragraphs[-1], self._doc).paragraph_format.keep_with_next = True

    # ---- output ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        enforce_times_new_roman(self._doc)
        buffer = io.BytesIO()
        self._doc.save(buffer)
        return buffer.getvalue()


def _story_parts(document: Any) -> Iterable[XmlPart]:
    """The document part and every header and footer part."""
    main = document.part
    yield main
    for rel in main.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            yield rel.target_part


def enforce_times_new_roman(document: Any) -> None:
    """Make Times New Roman the only typeface Word or LibreOffice can pick."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        set_times_new_roman(rpr)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "numbering":
            continue
        set_times_new_roman(style.get_or_add_rPr())
    _strip_theme_fonts(styles)
    for rpr in styles.iter(qn("w:rPr")):
        set_times_new_roman(rpr)

    for part in _story_parts(document):
        root = part.element
        for run in root.iter(qn("w:r")):
            set_times_new_roman(run.get_or_add_rPr())
        for paragraph in root.iter(qn("w:p")):
            set_times_new_roman(_paragraph_mark_rpr(paragraph))

    # Any other XML part (numbering, …): no theme references left anywhere.
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            _strip_theme_fonts(part.element)

    _drop_relationships(document.part.rels, "stylesWithEffects")
    _drop_relationships(document.part.package.rels, RT.THUMBNAIL)
    _theme_to_times_new_roman(document)


def _drop_relationships(rels: Any, reltype_suffix: str) -> None:
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith(reltype_suffix)]:
        del rels[rid]


def _theme_to_times_new_roman(document: Any) -> None:
    """Point the theme's heading and body fonts at Times New Roman too, so nothing a
    user later picks as a "theme font" in Word falls back to Calibri/Cambria."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype != RT.THEME or rel.is_external:
            continue
        part = rel.target_part
        root = part.element if isinstance(part, XmlPart) else etree.fromstring(part.blob)
        drawing = "http://schemas.openxmlformats.org/drawingml/2006/main"
        for group in ("majorFont", "minorFont"):
            for font in root.iter(f"{{{drawing}}}{group}"):
                for slot in ("latin", "ea", "cs"):
                    element = font.find(f"{{{drawing}}}{slot}")
                    if element is not None:
                        element.set("typeface", FONT_NAME)
        if not isinstance(part, XmlPart):
            # A theme loads as a plain Part whose bytes are saved as they are.
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
