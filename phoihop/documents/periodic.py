"""The periodic oversight report (báo cáo định kỳ) as three files from one ``ReportData``:
the .docx to sign (official layout, state or Party variant), the .xlsx to work with the
numbers, and the .pdf to read and print. Pure functions: no Django, no database.

The three say the same thing in the same order: the header, "BÁO CÁO" and its summary,
the sections numbered I., II., … (each its sentences, then a table of its figures), the
overdue cases, the proposals, the signature and recipients, and an appendix that lists
the cases behind every figure, so each number can be traced to its cases.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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
    FIRST_LINE_INDENT_MM,
    PARAGRAPH_SPACING_PT,
    TEXT_WIDTH_MM,
    OfficialDocument,
    Span,
    TypeSizes,
    date_numeric,
    layout_for,
    nfc,
    place_and_date,
    upper,
)
from phoihop.documents.marks import copies_note
from phoihop.documents.report_data import CaseRef, Figure, OverdueRow, ReportData, Section
from phoihop.documents.spreadsheet import (
    DATE_FORMAT,
    WIDEST,
    PrintHeader,
    fitted_height,
    fitted_widths,
    neutralise,
    print_setup,
)
from phoihop.domain.reporting.numbers import vietnamese_number

REPORT_TYPE_NAME = "Báo cáo"
OVERDUE_HEADING = "Danh sách vụ án quá hạn"
PROPOSALS_HEADING = "Đề xuất, kiến nghị"
APPENDIX_TITLE = "Phụ lục"
APPENDIX_SUMMARY = "Danh sách vụ án theo từng số liệu"
NO_OVERDUE = "Không có vụ án nào quá hạn."  # the heading says on which day
NO_APPENDIX_CASES = "Không có số liệu nào kèm danh sách vụ án."

FIGURE_HEADERS = ("Nội dung", "Số liệu", "Đơn vị tính")
OVERDUE_HEADERS = ("STT", "Vụ án", "Thời hạn", "Hạn", "Số ngày quá hạn", "Cơ quan")
APPENDIX_HEADERS = ("STT", "Mã vụ án", "Tên vụ án", "Tỉnh, thành phố")
OVERDUE_SHEET_HEADERS = (
    "STT", "Mã vụ án", "Tên vụ án", "Tỉnh, thành phố", "Thời hạn", "Hạn", "Số ngày quá hạn",
    "Cơ quan",
)  # fmt: skip

# Column widths in mm, each set adding up to the 165 mm text width: ours.
FIGURE_WIDTHS_MM = (100.0, 40.0, 25.0)
OVERDUE_WIDTHS_MM = (12.0, 50.0, 28.0, 25.0, 18.0, 32.0)
APPENDIX_WIDTHS_MM = (12.0, 33.0, 85.0, 35.0)

# Tables in 12 pt, one step under the body, so six columns fit the page: ours (the
# decree sets no size for tables).
TABLE_TEXT_PT = 12.0
# Lines the drafter fills in by hand when the record proposes nothing: ours.
BLANK_PROPOSAL_LINES = 5
# The content ends with "./." after its last full stop: not in LEGAL.md, recalled – verify.
CLOSING_MARK = "/."

# What the printed files list, beyond which they say where the rest is: a national
# report's appendix would otherwise run to thousands of pages. The workbook lists every
# case the report carries. Ours.
PRINTED_CASES = 20  # under each figure of the appendix
PRINTED_OVERDUE = 100  # rows of the overdue list

SHEET_SUMMARY = "Tổng hợp"
SHEET_OVERDUE = "Quá hạn"
SHEET_APPENDIX = "Phụ lục"

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


# ---- the words and numbers all three files share ---------------------------------------


def roman(number: int) -> str:
    """Vietnamese reports number their parts I., II., III., …"""
    if number < 1:
        raise ValueError("Roman numerals start at 1.")
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def grouped(value: int) -> str:
    """ "1.250.000": Vietnamese groups thousands with a full stop, in the text as in the
    tables (``vietnamese_number``, the one rule the report's sentences follow too)."""
    return vietnamese_number(value)


def _period_text(data: ReportData) -> str:
    period = data.period
    label = nfc(period.label)
    if label.startswith("từ "):  # the label already gives both dates
        return label
    return f"{label} (từ ngày {date_numeric(period.start)} đến ngày {date_numeric(period.end)})"


def _as_of_text(moment: dt.datetime) -> str:
    """The moment the figures were read, in the caller's local time as given."""
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút ngày {date_numeric(moment.date())}"


def _opening(data: ReportData) -> str:
    return (
        f"Kỳ báo cáo: {_period_text(data)}. Phạm vi: {nfc(data.scope)}. "
        f"Số liệu lấy từ hồ sơ lúc {_as_of_text(data.generated_at)}; mỗi bảng ghi số liệu "
        "tính đến ngày nào."
    )


def _overdue_heading(data: ReportData) -> str:
    """The overdue list is as of the period's last day (the report's day for a period
    still running), its days overdue counted to it (``reports.periodic``)."""
    on = min(data.period.end, data.issued_on)
    return f"{OVERDUE_HEADING} (đến ngày {date_numeric(on)})"


def _section_heading(index: int, heading: str) -> str:
    return f"{roman(index)}. {upper(heading)}"


def _headings(data: ReportData) -> tuple[list[str], str, str]:
    """The numbered headings: one per section, then the overdue list, then proposals."""
    count = len(data.sections)
    sections = [_section_heading(i, s.heading) for i, s in enumerate(data.sections, start=1)]
    return (
        sections,
        _section_heading(count + 1, _overdue_heading(data)),
        _section_heading(count + 2, PROPOSALS_HEADING),
    )


def _proposal_lines(proposals: Sequence[str]) -> list[str]:
    items = [nfc(p).strip() for p in proposals if p.strip()]
    items = [text if text.endswith((".", "!", "?")) else f"{text}." for text in items]
    lines = [f"{i}. {text}" if len(items) > 1 else text for i, text in enumerate(items, start=1)]
    if lines:
        lines[-1] += CLOSING_MARK
    return lines


def _figure_row(figure: Figure) -> tuple[str, str, str]:
    return nfc(figure.label), grouped(figure.value), nfc(figure.unit)


def _case_detail(case: CaseRef) -> str:
    return " - ".join(nfc(part) for part in (case.key, case.province) if part.strip())


def _cases_note(figure: Figure, *, printed: int | None) -> str:
    """What a list of a figure's cases leaves out, and where the rest is; "" when
    nothing is left out. ``printed``: how many the file shows (None: all it carries)."""
    total = figure.cases_total or len(figure.cases)
    return _listing_note(len(figure.cases), total, printed, ("vụ", "vụ"), "đăng ký gần nhất trước")


def _overdue_note(data: ReportData, *, printed: int | None) -> str:
    total = data.overdue_total or len(data.overdue)
    nouns = ("thời hạn quá hạn", "thời hạn")
    return _listing_note(len(data.overdue), total, printed, nouns, "quá hạn lâu nhất trước")


def _listing_note(
    carried: int, total: int, printed: int | None, nouns: tuple[str, str], order: str
) -> str:
    """A list that shows ``printed`` of the ``carried`` rows the report carries, out of
    ``total``: how many it shows, in what order, and where the rest is."""
    shown = carried if printed is None else min(carried, printed)
    if shown == total:
        return ""
    counted, listed = nouns
    text = f"Liệt kê {grouped(shown)} trong tổng số {grouped(total)} {counted}, {order}"
    if shown < carried:
        text += f"; bảng tính (.xlsx) kèm theo liệt kê {grouped(carried)} {listed}"
    if carried < total:
        text += "; danh sách đầy đủ được trích xuất từ hệ thống theo yêu cầu"
    return text + "."


def _appendix_groups(data: ReportData) -> list[tuple[str, list[Figure]]]:
    """(section heading, its figures that carry cases), for sections that have any."""
    groups = []
    for index, section in enumerate(data.sections, start=1):
        figures = [figure for figure in section.figures if figure.cases]
        if figures:
            groups.append((_section_heading(index, section.heading), figures))
    return groups


def _appendix_reference(data: ReportData) -> str:
    number = data.number.text(data.variant).removeprefix("Số:").removeprefix("Số").strip()
    on = place_and_date("", data.issued_on).removeprefix(", ")
    return f"(Kèm theo Báo cáo số {number} {on})"


def _recipients_split(recipients: Sequence[str]) -> tuple[list[str], list[str]]:
    """The recipients, and where the copies are filed ("Lưu: VT, …") if the caller
    gave that line among them; the closing "- Lưu: …" line is always written once."""
    items: list[str] = []
    filed_at: list[str] = []
    for recipient in recipients:
        text = nfc(recipient).strip().removeprefix("-").strip().rstrip(";.").strip()
        if text.startswith("Lưu:"):
            filed_at.extend(p.strip() for p in text.removeprefix("Lưu:").split(",") if p.strip())
        elif text:
            items.append(text)
    return items, filed_at


def _copies_note(data: ReportData, items: Sequence[str], filed_at: Sequence[str]) -> str | None:
    """A secret report states its copies, drafter and copying rule (``marks``)."""
    if data.secret_mark is None:
        return None
    return copies_note(len(items) + max(len(filed_at), 1), data.drafter or "…")


def _overdue_cells(index: int, row: OverdueRow) -> list[str]:
    return [
        str(index),
        nfc(row.case.title),
        nfc(row.clock),
        date_numeric(row.deadline),
        grouped(row.days_overdue),
        nfc(row.agencies),
    ]


# ---- .docx -------------------------------------------------------------------------------


class _ReportDocument(OfficialDocument):
    """The official layout plus the ruled tables and blank lines a report needs."""

    def grid(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str | Sequence[Span]]],
        *,
        widths_mm: Sequence[float],
        aligns: Sequence[Any],
    ) -> None:
        """A table with every cell ruled, its header row bold and repeated on each
        page. A cell is a string, or spans that each take a line of their own."""
        table = self._table(rows=1 + len(rows), widths_mm=widths_mm)
        tblpr = table._tbl.tblPr
        for line in tblpr.find(qn("w:tblBorders")):
            for key, setting in (
                ("val", "single"),
                ("sz", "4"),
                ("space", "0"),
                ("color", "000000"),
            ):
                line.set(qn(f"w:{key}"), setting)
        for margin in tblpr.find(qn("w:tblCellMar")):
            margin.set(qn("w:w"), str(round(1.5 / 25.4 * 1440)))  # 1.5 mm padding
        header_row = table.rows[0]
        for flag in ("w:tblHeader", "w:cantSplit"):
            header_row._tr.get_or_add_trPr().append(OxmlElement(flag))
        for cell, text in zip(header_row.cells, headers, strict=True):
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            self._line(cell, text, size=TABLE_TEXT_PT, bold=True, before=2, reuse_first=True)
        for row, values in zip(table.rows[1:], rows, strict=True):
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, value, align in zip(row.cells, values, aligns, strict=True):
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                spans = [Span(value)] if isinstance(value, str) else list(value)
                for index, span in enumerate(spans):
                    self._line(
                        cell,
                        span.text,
                        size=TABLE_TEXT_PT,
                        bold=span.bold,
                        italic=span.italic,
                        align=align,
                        before=2 if index == 0 else 0,
                        reuse_first=index == 0,
                    )

    def dotted_lines(self, count: int) -> None:
        """Lines of dots across the text width, for the drafter to write on: a
        right-aligned tab stop at the margin with a dot leader."""
        for _ in range(count):
            paragraph = self._doc.add_paragraph()
            self._format(paragraph, before=PARAGRAPH_SPACING_PT, line_spacing=1.5)
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            self._run(paragraph, "\t", size=self.sizes.body)

    def centred(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        before: float = 0,
        page_break: bool = False,
    ) -> None:
        paragraph = self._line(
            self._doc, text, size=self.sizes.body, bold=bold, italic=italic, before=before
        )
        paragraph.paragraph_format.keep_with_next = True
        if page_break:
            paragraph.paragraph_format.page_break_before = True


_FIGURE_ALIGNS = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER)
_OVERDUE_ALIGNS = (
    WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
)  # fmt: skip
_APPENDIX_ALIGNS = (
    WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.LEFT,
)  # fmt: skip


def report_docx(data: ReportData) -> bytes:
    """The report as a .docx in the official layout of ``data.variant``."""
    document = _ReportDocument(
        variant=data.variant,
        title=f"{REPORT_TYPE_NAME} - {data.title}",
        author=data.issuing_agency,
    )
    document.header(
        superior_agency=data.superior_agency,
        issuing_agency=data.issuing_agency,
        number=data.number,
        place=data.place,
        on=data.issued_on,
        secret_mark=data.secret_mark,
    )
    document.title(REPORT_TYPE_NAME, nfc(data.title))
    document.paragraph(_opening(data))
    for note in data.notes:
        document.paragraph([Span("Ghi chú: ", bold=True, italic=True), Span(note, italic=True)])

    section_headings, overdue_heading, proposals_heading = _headings(data)
    for heading, section in zip(section_headings, data.sections, strict=True):
        _docx_section(document, heading, section)

    document.heading(overdue_heading)
    if data.overdue:
        rows: list[list[str | Sequence[Span]]] = []
        for index, row in enumerate(data.overdue[:PRINTED_OVERDUE], start=1):
            cells: list[str | Sequence[Span]] = list(_overdue_cells(index, row))
            cells[1] = [Span(nfc(row.case.title)), Span(_case_detail(row.case), italic=True)]
            rows.append(cells)
        document.grid(OVERDUE_HEADERS, rows, widths_mm=OVERDUE_WIDTHS_MM, aligns=_OVERDUE_ALIGNS)
        if note := _overdue_note(data, printed=PRINTED_OVERDUE):
            document.paragraph([Span(note, italic=True)])
    else:
        document.paragraph(NO_OVERDUE)

    document.heading(proposals_heading)
    proposals = _proposal_lines(data.proposals)
    for line in proposals:
        document.paragraph(line)
    if not proposals:
        document.dotted_lines(BLANK_PROPOSAL_LINES)

    items, filed_at = _recipients_split(data.recipients)
    document.recipients_and_signature(
        items, filed_at, data.signer, note=_copies_note(data, items, filed_at)
    )

    _docx_appendix(document, data)
    return document.to_bytes()


def _docx_section(document: _ReportDocument, heading: str, section: Section) -> None:
    document.heading(heading)
    for text in section.paragraphs:
        document.paragraph(text)
    if section.figures:
        document.grid(
            FIGURE_HEADERS,
            [_figure_row(figure) for figure in section.figures],
            widths_mm=FIGURE_WIDTHS_MM,
            aligns=_FIGURE_ALIGNS,
        )


def _docx_appendix(document: _ReportDocument, data: ReportData) -> None:
    document.centred(upper(APPENDIX_TITLE), bold=True, page_break=True)
    document.centred(APPENDIX_SUMMARY, bold=True)
    document.centred(_appendix_reference(data), italic=True)
    groups = _appendix_groups(data)
    if not groups:
        document.paragraph(NO_APPENDIX_CASES)
    for heading, figures in groups:
        document.heading(heading)
        for number, figure in enumerate(figures, start=1):
            label, value, unit = _figure_row(figure)
            document.paragraph(
                [Span(f"{number}. {label}: ", bold=True), Span(f"{value} {unit}")],
                keep_with_next=True,
            )
            document.grid(
                APPENDIX_HEADERS,
                [
                    [str(i), nfc(case.key), nfc(case.title), nfc(case.province)]
                    for i, case in enumerate(figure.cases[:PRINTED_CASES], start=1)
                ],
                widths_mm=APPENDIX_WIDTHS_MM,
                aligns=_APPENDIX_ALIGNS,
            )
            if note := _cases_note(figure, printed=PRINTED_CASES):
                document.paragraph([Span(note, italic=True)])


# ---- .xlsx -------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_TITLE = Alignment(wrap_text=True, vertical="center", horizontal="center")
_NUMBER_FORMAT = "#,##0"
_TOTAL_LABEL = "Cộng"


class _Rows:
    """A worksheet written row after row, counting its rows: openpyxl's ``max_row``
    looks at every cell, which over a long appendix made the workbook take half a
    minute."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.last = 0

    def append(self, values: Sequence[Any], *, bold: bool = False) -> int:
        self.sheet.append([neutralise(nfc(v)) if isinstance(v, str) else v for v in values])
        self.last += 1
        if bold:
            for cell in self.sheet[self.last]:
                cell.font = _BOLD
        return self.last


def _fit(sheet: Worksheet, title_row: int, last_row: int) -> list[float]:
    """Each column as wide as what it holds from its title row to ``last_row``; a longer
    text wraps, its row as tall as it needs."""
    rows = sheet.iter_rows(min_row=title_row, max_row=last_row, values_only=True)
    titles = next(rows, ())
    widths = fitted_widths([str(t or "") for t in titles], rows)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=title_row, column=index).alignment = _TITLE
    sheet.row_dimensions[title_row].height = fitted_height(titles, widths)
    # Each cell's alignment set by its index in the workbook's list, as openpyxl's
    # ``cell.alignment = …`` ends by doing: found once rather than hashed again for each
    # of a national appendix's tens of thousands of cells (a tenth of the workbook's
    # time).
    wrap, top = sheet.parent._alignments.add(_WRAP), sheet.parent._alignments.add(_TOP)
    for row in sheet.iter_rows(min_row=title_row + 1, max_row=last_row):
        texts = [cell.value if isinstance(cell.value, str) else None for cell in row]
        for cell, text in zip(row, texts, strict=True):
            if cell._style is None:  # a cell never styled has no style array yet
                cell._style = StyleArray()
            wraps = text and widths[cell.column - 1] >= WIDEST
            cell._style.alignmentId = wrap if wraps else top
        if height := fitted_height(texts, widths):
            sheet.row_dimensions[row[0].row].height = height
    return widths


def _printed(data: ReportData, sheet: Worksheet, title_row: int) -> None:
    """Every printed page of ``sheet``: the issuing body, the number left blank for the
    records office, the place and date, the mark of the cases named, and the table's
    title row again."""
    header = PrintHeader(
        body=tuple(nfc(line) for line in (data.superior_agency or "", data.issuing_agency)),
        dated=(data.number.text(data.variant), place_and_date(data.place, data.issued_on)),
        title=upper(sheet.title),
        mark=data.secret_mark,
    )
    print_setup(sheet, header, title_rows=f"{title_row}:{title_row}")


def report_xlsx(data: ReportData) -> bytes:
    """The report's numbers as a workbook: the figures by section with a bar chart of
    each section marked ``chart`` (the cases by stage) and its total as a formula, the
    overdue cases, and the cases behind every figure; each sheet printable as it is.
    Text that a spreadsheet would read as a formula is neutralised."""
    workbook = Workbook()
    workbook.properties.title = nfc(f"{REPORT_TYPE_NAME} - {data.title}")
    workbook.properties.creator = nfc(data.issuing_agency)
    workbook.properties.created = data.generated_at.replace(tzinfo=None)
    workbook.properties.modified = data.generated_at.replace(tzinfo=None)
    workbook.properties.language = "vi-VN"

    summary = workbook.active
    assert summary is not None
    summary.title = SHEET_SUMMARY
    summary_rows = _Rows(summary)
    summary_rows.append([f"{upper(REPORT_TYPE_NAME)} {nfc(data.title)}"], bold=True)
    summary_rows.append([_opening(data)])
    summary_rows.append([])
    header_row = summary_rows.append(["Phần", *FIGURE_HEADERS], bold=True)
    section_headings, _, _ = _headings(data)
    charts: list[tuple[str, str, int, int]] = []
    for heading, section in zip(section_headings, data.sections, strict=True):
        first = summary_rows.last + 1
        for figure in section.figures:
            row = summary_rows.append([heading, figure.label, figure.value, figure.unit])
            summary.cell(row=row, column=3).number_format = _NUMBER_FORMAT
        if section.chart and section.figures:
            last = summary_rows.last
            units = sorted({nfc(figure.unit) for figure in section.figures})
            charts.append((heading, ", ".join(units), first, last))
            if len(units) == 1:
                # A chart's section splits one whole (the cases by stage): its total is
                # the sum the sheet computes, so a corrected figure corrects it too.
                row = summary_rows.append([heading, _TOTAL_LABEL, None, units[0]], bold=True)
                total = summary.cell(row=row, column=3)
                total.value = f"=SUM(C{first}:C{last})"  # not through _Rows: no apostrophe
                total.number_format = _NUMBER_FORMAT
    summary.freeze_panes = summary.cell(row=header_row + 1, column=1)
    table_width = sum(_fit(summary, header_row, summary_rows.last))
    # The title and the opening sentences run across the table, above it.
    for row in (1, 2):
        summary.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        summary.cell(row=row, column=1).alignment = _WRAP
        text = summary.cell(row=row, column=1).value
        summary.row_dimensions[row].height = fitted_height([text], [table_width])
    for index, (heading, unit, first, last) in enumerate(charts):
        summary.add_chart(_bar_chart(summary, heading, unit, first, last), f"F{4 + index * 22}")
    _printed(data, summary, header_row)

    overdue = workbook.create_sheet(SHEET_OVERDUE)
    overdue_rows = _Rows(overdue)
    overdue_rows.append(OVERDUE_SHEET_HEADERS, bold=True)
    for index, item in enumerate(data.overdue, start=1):
        case = item.case
        values = (case.key, case.title, case.province, item.clock, item.deadline)
        row = overdue_rows.append([index, *values, item.days_overdue, item.agencies])
        overdue.cell(row=row, column=6).number_format = DATE_FORMAT
    overdue.freeze_panes = "A2"
    overdue_width = sum(_fit(overdue, 1, overdue_rows.last))
    if note := _overdue_note(data, printed=None):  # under the table, across it
        row = overdue_rows.append([note])
        overdue.merge_cells(
            start_row=row, start_column=1, end_row=row, end_column=len(OVERDUE_SHEET_HEADERS)
        )
        overdue.cell(row=row, column=1).alignment = _WRAP
        overdue.row_dimensions[row].height = fitted_height([note], [overdue_width])
    _printed(data, overdue, 1)

    appendix = workbook.create_sheet(SHEET_APPENDIX)
    appendix_rows = _Rows(appendix)
    appendix_rows.append(["Phần", "Số liệu", "Mã vụ án", "Tên vụ án", "Tỉnh, thành phố"], bold=True)
    for heading, figures in _appendix_groups(data):
        for figure in figures:
            for case in figure.cases:
                appendix_rows.append([heading, figure.label, case.key, case.title, case.province])
            if note := _cases_note(figure, printed=None):
                appendix_rows.append([heading, figure.label, "", note])
    appendix.freeze_panes = "A2"
    _fit(appendix, 1, appendix_rows.last)
    _printed(data, appendix, 1)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bar_chart(sheet: Worksheet, title: str, unit: str, first: int, last: int) -> BarChart:
    chart = BarChart()
    chart.type = "bar"  # horizontal: the stage names stay readable
    chart.title = title
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=3, min_row=first, max_row=last))
    chart.set_categories(Reference(sheet, min_col=2, min_row=first, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # the first stage on top, as in the table
    chart.y_axis.title = unit
    chart.y_axis.majorGridlines = None
    # openpyxl writes axes as deleted unless told; recent Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width = 18
    chart.height = 10
    return chart


# ---- .pdf --------------------------------------------------------------------------------


_e = escape


def _css(sizes: TypeSizes) -> str:
    """The official page (``html_layout.page_css``) and the report's tables."""
    return (
        page_css(sizes)
        + f"""
.grid {{ width: {TEXT_WIDTH_MM}mm; table-layout: fixed; margin-top: {PARAGRAPH_SPACING_PT}pt;
  font-size: {TABLE_TEXT_PT}pt; line-height: 1.15; }}
.grid th, .grid td {{ border: 0.5pt solid #000; padding: 2pt 1.5mm; vertical-align: middle;
  overflow-wrap: break-word; }}
.grid th {{ font-weight: bold; text-align: center; }}
.grid thead {{ display: table-header-group; }}
.grid tr {{ page-break-inside: avoid; }}
.grid .amount {{ text-align: right; white-space: nowrap; }}
.grid .middle {{ text-align: center; }}
.grid .day {{ text-align: center; white-space: nowrap; }}
.grid .detail {{ display: block; font-style: italic; }}
.dotted {{ border-bottom: 0.75pt dotted #000; height: 9mm; }}
.appendix {{ page-break-before: always; }}
.appendix .figure {{ text-indent: {FIRST_LINE_INDENT_MM}mm; margin-top: {PARAGRAPH_SPACING_PT}pt;
  page-break-after: avoid; }}
"""
    )


def _letterhead(data: ReportData) -> Letterhead:
    return Letterhead(
        variant=data.variant,
        superior=data.superior_agency,
        issuing=data.issuing_agency,
        number=data.number,
        place=data.place,
        issued_on=data.issued_on,
        secret_mark=data.secret_mark,
    )


def _html_grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    classes: Sequence[str],
) -> str:
    """A ruled table; ``rows`` hold HTML already escaped, ``classes`` one per column."""
    cols = "".join(f'<col style="width: {w}mm">' for w in widths_mm)
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{c}">{cell}</td>' if c else f"<td>{cell}</td>"
            for cell, c in zip(row, classes, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<table class="grid"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _html_figures(figures: Sequence[Figure]) -> str:
    rows = [[_e(part) for part in _figure_row(figure)] for figure in figures]
    return _html_grid(FIGURE_HEADERS, rows, FIGURE_WIDTHS_MM, ("", "amount", "middle"))


def _html_overdue(data: ReportData) -> str:
    rows = []
    for index, row in enumerate(data.overdue[:PRINTED_OVERDUE], start=1):
        cells = [_e(cell) for cell in _overdue_cells(index, row)]
        cells[1] += f'<span class="detail">{_e(_case_detail(row.case))}</span>'
        rows.append(cells)
    classes = ("middle", "", "", "day", "middle", "")
    grid = _html_grid(OVERDUE_HEADERS, rows, OVERDUE_WIDTHS_MM, classes)
    note = _overdue_note(data, printed=PRINTED_OVERDUE)
    return grid + (f"<p><i>{_e(note)}</i></p>" if note else "")


def _html_closing(data: ReportData) -> str:
    """Recipients and signature; the last paragraph of the text comes in the same
    unbreakable block (``report_html``), so the signature never stands alone."""
    items, filed_at = _recipients_split(data.recipients)
    lines = recipient_lines(items, filed_at, _copies_note(data, items, filed_at))
    return closing_html(data.variant, lines, data.signer)


def _html_appendix(data: ReportData) -> str:
    parts = [
        '<section class="appendix">',
        f'<p class="centred"><b>{_e(upper(APPENDIX_TITLE))}</b></p>',
        f'<p class="centred"><b>{_e(APPENDIX_SUMMARY)}</b></p>',
        f'<p class="centred"><i>{_e(_appendix_reference(data))}</i></p>',
    ]
    groups = _appendix_groups(data)
    if not groups:
        parts.append(f'<div class="body"><p>{_e(NO_APPENDIX_CASES)}</p></div>')
    for heading, figures in groups:
        parts.append(f"<h2>{_e(heading)}</h2>")
        for number, figure in enumerate(figures, start=1):
            label, value, unit = _figure_row(figure)
            parts.append(
                f'<p class="figure"><b>{number}. {_e(label)}:</b> {_e(value)} {_e(unit)}</p>'
            )
            rows = [
                [str(i), _e(case.key), _e(case.title), _e(case.province)]
                for i, case in enumerate(figure.cases[:PRINTED_CASES], start=1)
            ]
            parts.append(
                _html_grid(APPENDIX_HEADERS, rows, APPENDIX_WIDTHS_MM, ("middle", "", "", ""))
            )
            if note := _cases_note(figure, printed=PRINTED_CASES):
                parts.append(f'<p class="figure"><i>{_e(note)}</i></p>')
    parts.append("</section>")
    return "".join(parts)


def report_html(data: ReportData) -> str:
    """The HTML the PDF is printed from: self-contained, every value escaped."""
    sizes = layout_for(data.variant).sizes
    section_headings, overdue_heading, proposals_heading = _headings(data)
    body = [f"<p>{_e(_opening(data))}</p>"]
    body += [f"<p><b><i>Ghi chú:</i></b> <i>{_e(note)}</i></p>" for note in data.notes]
    for heading, section in zip(section_headings, data.sections, strict=True):
        body.append(f"<h2>{_e(heading)}</h2>")
        body += [f"<p>{_e(text)}</p>" for text in section.paragraphs]
        if section.figures:
            body.append(_html_figures(section.figures))
    body.append(f"<h2>{_e(overdue_heading)}</h2>")
    body.append(_html_overdue(data) if data.overdue else f"<p>{_e(NO_OVERDUE)}</p>")
    body.append(f"<h2>{_e(proposals_heading)}</h2>")
    proposals = _proposal_lines(data.proposals)
    body += [f"<p>{_e(line)}</p>" for line in proposals]
    if not proposals:
        body += ['<div class="dotted"></div>'] * BLANK_PROPOSAL_LINES
    title = _e(f"{REPORT_TYPE_NAME} - {data.title}")
    created = _e(data.generated_at.isoformat(timespec="seconds"))
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        f'<meta name="author" content="{_e(data.issuing_agency)}">'
        f'<meta name="dcterms.created" content="{created}">'
        f"<style>{_css(sizes)}</style></head><body>"
        + header_html(_letterhead(data))
        + title_html(data.variant, REPORT_TYPE_NAME, data.title)
        + f'<div class="body">{"".join(body[:-1])}</div>'
        # The text's last paragraph and the signature block print on one page.
        + f'<div class="ending"><div class="body">{body[-1]}</div>{_html_closing(data)}</div>'
        + _html_appendix(data)
        + "</body></html>"
    )


def report_pdf(data: ReportData) -> bytes:
    """The report as an A4 PDF printed by WeasyPrint from ``report_html``."""
    return pdf_from_html(report_html(data))
