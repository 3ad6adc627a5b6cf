"""The periodic oversight report, read back from its .docx (python-docx), .xlsx
(openpyxl) and .pdf (Debian's poppler-utils: pdftotext, pdffonts)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from phoihop.documents import (
    DocumentVariant,
    ReportData,
    report_docx,
    report_html,
    report_pdf,
    report_xlsx,
)
from phoihop.documents.periodic import grouped, roman
from phoihop.documents.spreadsheet import neutralise
from tests.files.conftest import (
    ALL_CASES,
    CASE_FORMULA,
    CASE_MARKUP,
    STAGES,
)
from tests.files.ooxml import (
    SLOTS,
    all_text,
    open_docx,
    paragraph_marks_with_fonts,
    runs_with_fonts,
    xml_parts,
)

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
APPENDIX_PROVINCE = "Tỉnh, thành phố"
HEADINGS = [
    "I. TÌNH HÌNH CHUNG",
    "II. VỤ ÁN THEO GIAI ĐOẠN TỐ TỤNG",
    "III. THU HỒI TÀI SẢN",
    # As of the period's last day (30/09/2026), the report drawn up on 05/10/2026.
    "IV. DANH SÁCH VỤ ÁN QUÁ HẠN (ĐẾN NGÀY 30/09/2026)",
    "V. ĐỀ XUẤT, KIẾN NGHỊ",
]


@pytest.fixture(params=["state_report", "party_report"])
def report(request: pytest.FixtureRequest) -> ReportData:
    sample: ReportData = request.getfixturevalue(request.param)
    return sample


def _figures(data: ReportData) -> list[tuple[str, int, str]]:
    return [(f.label, f.value, f.unit) for s in data.sections for f in s.figures]


# ---- numbers and numerals -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1990, "MCMXC")],
)
def test_parts_are_numbered_in_roman_numerals(number: int, expected: str) -> None:
    assert roman(number) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (999, "999"), (1000, "1.000"), (1_250_000_000_000, "1.250.000.000.000")],
)
def test_numbers_group_thousands_with_a_full_stop(value: int, expected: str) -> None:
    assert grouped(value) == expected


def test_neutralise_keeps_plain_text_and_quotes_formula_starts() -> None:
    assert neutralise("Vụ án “Tham ô tài sản”") == "Vụ án “Tham ô tài sản”"
    assert [neutralise(t) for t in ("=1+1", "+84", "-2", "@SUM", "\tx")] == [
        "'=1+1", "'+84", "'-2", "'@SUM", "'\tx",
    ]  # fmt: skip
    assert neutralise(12) == 12


# ---- .docx --------------------------------------------------------------------------------


def test_docx_every_run_and_paragraph_mark_is_times_new_roman(report: ReportData) -> None:
    produced = report_docx(report)

    runs = list(runs_with_fonts(produced))
    wrong_runs = [
        (story, text, fonts)
        for story, text, fonts in runs
        if any(fonts[slot] != "Times New Roman" for slot in SLOTS)
    ]
    wrong_marks = [
        (story, fonts)
        for story, fonts in paragraph_marks_with_fonts(produced)
        if any(fonts[slot] != "Times New Roman" for slot in SLOTS)
    ]
    assert len(runs) > 100
    assert wrong_runs == []
    assert wrong_marks == []


def test_docx_styles_keep_no_theme_font(report: ReportData) -> None:
    parts = xml_parts(report_docx(report))

    themed = [
        name
        for name, xml in parts.items()
        if name.startswith("word/")
        and not name.startswith("word/theme/")
        and (b"asciiTheme" in xml or b"hAnsiTheme" in xml or b"eastAsiaTheme" in xml)
    ]
    assert themed == []
    assert b'w:ascii="Times New Roman"' in parts["word/styles.xml"]


def test_docx_is_a4_portrait(report: ReportData) -> None:
    section = open_docx(report_docx(report)).sections[0]

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_state_docx_carries_the_national_title_and_motto(state_report: ReportData) -> None:
    header = open_docx(report_docx(state_report)).tables[0]

    assert [p.text for p in header.rows[0].cells[1].paragraphs][:2] == [NATIONAL_TITLE, MOTTO]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 09/BC-VKSAG"
    assert header.rows[1].cells[1].paragraphs[0].text == "An Giang, ngày 05 tháng 10 năm 2026"


def test_party_docx_carries_the_party_title_and_no_motto(party_report: ReportData) -> None:
    produced = report_docx(party_report)
    header = open_docx(produced).tables[0]
    text = all_text(produced)

    assert header.rows[0].cells[1].paragraphs[0].text == PARTY_TITLE
    assert header.rows[1].cells[0].paragraphs[0].text == "Số 27-BC/BNCTU"
    assert NATIONAL_TITLE not in text
    assert MOTTO not in text


def test_docx_title_is_bao_cao_with_the_summary(report: ReportData) -> None:
    paragraphs = [p.text for p in open_docx(report_docx(report)).paragraphs]

    index = paragraphs.index("BÁO CÁO")
    assert paragraphs[index + 1] == report.title


def test_docx_headings_are_numbered_in_order(report: ReportData) -> None:
    paragraphs = [p.text for p in open_docx(report_docx(report)).paragraphs]

    positions = [paragraphs.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)


def test_docx_each_figure_sits_in_a_row_with_its_grouped_value_and_unit(
    report: ReportData,
) -> None:
    rows = [
        tuple(cell.text for cell in row.cells)
        for table in open_docx(report_docx(report)).tables
        for row in table.rows
    ]

    for label, value, unit in _figures(report):
        assert (label, grouped(value), unit) in rows
    assert ("Tài sản phải thu hồi", "1.250.000.000.000", "đồng") in rows


def test_docx_lists_the_overdue_cases(report: ReportData) -> None:
    table = next(
        t for t in open_docx(report_docx(report)).tables if t.rows[0].cells[0].text == "STT"
    )
    header = [cell.text for cell in table.rows[0].cells]
    first = [cell.text for cell in table.rows[1].cells]

    assert header == ["STT", "Vụ án", "Thời hạn", "Hạn", "Số ngày quá hạn", "Cơ quan"]
    assert first == [
        "1",
        "Vụ án “Tham ô tài sản” tại Công ty Lương thực Hậu Giang\nAG-2025-0031 - An Giang",
        "Thời hạn điều tra",
        "02/09/2026",
        "33",
        "Cơ quan Cảnh sát điều tra Công an tỉnh An Giang",
    ]
    assert len(table.rows) == 1 + len(report.overdue)


def test_docx_proposals_are_numbered_and_close_the_content(state_report: ReportData) -> None:
    paragraphs = [p.text for p in open_docx(report_docx(state_report)).paragraphs]

    start = paragraphs.index("V. ĐỀ XUẤT, KIẾN NGHỊ")
    assert paragraphs[start + 1].startswith("1. Đề nghị Sở Tài chính")
    assert paragraphs[start + 1].endswith("Hậu Giang.")
    assert paragraphs[start + 2].endswith("chỉ đạo./.")


def test_docx_empty_proposals_leave_dotted_lines(party_report: ReportData) -> None:
    document = open_docx(report_docx(party_report))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "V. ĐỀ XUẤT, KIẾN NGHỊ")

    blank = paragraphs[start + 1 : start + 6]
    assert all(p.text == "\t" for p in blank)
    assert all(
        [(s.alignment, s.leader) for s in p.paragraph_format.tab_stops] == [(2, 1)]  # right, dots
        for p in blank
    )


def test_docx_recipients_sit_beside_the_signature(party_report: ReportData) -> None:
    tables = open_docx(report_docx(party_report)).tables
    closing = next(t for t in tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    left, right = closing.rows[0].cells

    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (để báo cáo);",
        "- Lưu: Văn phòng Ban.",
    ]
    assert [p.text for p in right.paragraphs] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Võ Thị Hạnh"]


def test_docx_appendix_lists_every_case_of_every_figure(report: ReportData) -> None:
    document = open_docx(report_docx(report))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("PHỤ LỤC")
    case_tables = [
        table
        for table in document.tables
        if [c.text for c in table.rows[0].cells]
        == ["STT", "Mã vụ án", "Tên vụ án", APPENDIX_PROVINCE]
    ]
    case_rows = {tuple(c.text for c in row.cells[1:]) for t in case_tables for row in t.rows[1:]}

    assert document.paragraphs[start].paragraph_format.page_break_before
    assert paragraphs[start + 1] == "Danh sách vụ án theo từng số liệu"
    assert "1. Vụ án đang theo dõi: 6 vụ" in paragraphs[start:]
    assert "2. Điều tra: 3 vụ" in paragraphs[start:]
    assert "Xét xử phúc thẩm: 0 vụ" not in "\n".join(paragraphs[start:])
    assert case_rows == {(case.key, case.title, case.province) for case in ALL_CASES}


# ---- .xlsx --------------------------------------------------------------------------------


def test_xlsx_has_the_three_sheets(report: ReportData) -> None:
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))

    assert workbook.sheetnames == ["Tổng hợp", "Quá hạn", "Phụ lục"]


def test_xlsx_summary_lists_each_figure_under_its_section(report: ReportData) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Tổng hợp"]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(("Phần", "Nội dung", "Số liệu", "Đơn vị tính"))

    figures = [row for row in rows[header + 1 :] if row[1] != "Cộng"]  # totals: a formula
    assert [(label, value, unit) for _, label, value, unit in figures] == _figures(report)
    assert figures[0][0] == "I. TÌNH HÌNH CHUNG"
    assert ("III. THU HỒI TÀI SẢN", "Tài sản phải thu hồi", 1_250_000_000_000, "đồng") in figures
    assert all(isinstance(value, int) for _, _, value, _ in figures)


def test_xlsx_charts_the_cases_by_stage(report: ReportData) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Tổng hợp"]
    rows = list(sheet.iter_rows(values_only=True))
    stage_rows = [
        i for i, row in enumerate(rows, start=1) if row[0] == HEADINGS[1] and row[1] != "Cộng"
    ]
    source = report_xlsx(report)
    chart_xml = next(v for k, v in xml_parts(source).items() if k.startswith("xl/charts/chart"))

    assert len(sheet._charts) == 1
    assert isinstance(sheet._charts[0], BarChart)
    assert [rows[i - 1][1] for i in stage_rows] == list(STAGES)
    assert f"$C${stage_rows[0]}:$C${stage_rows[-1]}".encode() in chart_xml
    assert f"$B${stage_rows[0]}:$B${stage_rows[-1]}".encode() in chart_xml


def test_xlsx_overdue_sheet_has_one_row_per_overdue_case(report: ReportData) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Quá hạn"]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][:3] == ("STT", "Mã vụ án", "Tên vụ án")
    assert len(rows) == 1 + len(report.overdue)
    first = rows[1]
    assert first[1:5] == (
        "AG-2025-0031",
        "Vụ án “Tham ô tài sản” tại Công ty Lương thực Hậu Giang",
        "An Giang",
        "Thời hạn điều tra",
    )
    assert first[5].date() == report.overdue[0].deadline
    assert first[6:] == (33, "Cơ quan Cảnh sát điều tra Công an tỉnh An Giang")


def test_xlsx_appendix_lists_each_case_of_each_figure(report: ReportData) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Phụ lục"]
    rows = list(sheet.iter_rows(values_only=True))[1:]

    expected = [
        (figure.label, case.key)
        for section in report.sections
        for figure in section.figures
        for case in figure.cases
    ]
    assert [(label, key) for _, label, key, _, _ in rows] == expected


def test_xlsx_formula_like_case_title_is_neutralised(report: ReportData) -> None:
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    cells = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]

    assert len(cells) >= 2  # the appendix lists it under two figures
    assert all(cell.value == "'" + CASE_FORMULA.title for cell in cells)
    assert all(cell.data_type == "s" for cell in cells)


# ---- .pdf ---------------------------------------------------------------------------------


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: Debian's poppler-utils (make test installs it)")
    return path


def _pdf(tmp_path: Path, data: ReportData) -> Path:
    path = tmp_path / f"report-{data.variant}.pdf"
    path.write_bytes(report_pdf(data))
    return path


def _pdftotext(path: Path, *pages: str) -> str:
    result = subprocess.run(
        [_poppler("pdftotext"), "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def _flat(text: str) -> str:
    """One line: the PDF wraps long lines and table cells where the page needs."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("periodic")


@pytest.fixture
def state_pdf(pdf_dir: Path, state_report: ReportData) -> Path:
    path = pdf_dir / "report-state.pdf"
    if not path.exists():
        path.write_bytes(report_pdf(state_report))
    return path


def test_pdf_carries_the_national_title_and_motto_with_their_diacritics(state_pdf: Path) -> None:
    text = _pdftotext(state_pdf)

    assert NATIONAL_TITLE in text.splitlines()
    assert MOTTO in text.splitlines()
    assert unicodedata.is_normalized("NFC", text)
    assert "Số: 09/BC-VKSAG" in text
    assert "An Giang, ngày 05 tháng 10 năm 2026" in text
    assert "BÁO CÁO" in text.splitlines()


def test_pdf_has_every_heading_figure_overdue_case_and_appendix_case(
    state_pdf: Path, state_report: ReportData
) -> None:
    text = _flat(_pdftotext(state_pdf))

    for heading in HEADINGS:
        assert heading in text
    for _, value, _ in _figures(state_report):
        assert grouped(value) in text
    assert "1.250.000.000.000" in text
    assert "Thời hạn điều tra" in text
    assert "02/09/2026" in text
    assert "Vụ án “Tham ô tài sản” tại Công ty Lương thực Hậu Giang" in text
    assert "PHỤ LỤC Danh sách vụ án theo từng số liệu" in text
    assert "Nơi nhận:" in text
    assert "Lâm Quốc Khải" in text


def test_pdf_writes_markup_in_a_case_title_as_text(state_pdf: Path) -> None:
    text = _flat(_pdftotext(state_pdf))

    assert _flat(CASE_MARKUP.title) in text


def test_pdf_embeds_only_liberation_serif_or_times(state_pdf: Path) -> None:
    result = subprocess.run(
        [_poppler("pdffonts"), str(state_pdf)], capture_output=True, check=True, timeout=60
    )
    fonts = [line.split()[0] for line in result.stdout.decode().splitlines()[2:]]

    assert fonts
    assert all("+" in name for name in fonts)  # embedded subsets
    families = {name.split("+", 1)[1] for name in fonts}
    assert all(f.startswith(("Liberation-Serif", "TimesNewRoman", "Times")) for f in families)
    assert "Liberation-Serif-Bold" in families or any("Bold" in f for f in families)


def test_pdf_numbers_pages_from_the_second_at_the_top(state_pdf: Path) -> None:
    first = _pdftotext(state_pdf, "-f", "1", "-l", "1")
    second = _pdftotext(state_pdf, "-f", "2", "-l", "2")

    assert first.split()[0] != "1"
    assert second.split()[0] == "2"


def test_pdf_party_variant_has_the_party_title_and_dotted_lines(
    tmp_path: Path, party_report: ReportData
) -> None:
    text = _pdftotext(_pdf(tmp_path, party_report))

    assert PARTY_TITLE in text.splitlines()
    assert NATIONAL_TITLE not in text
    assert MOTTO not in text
    assert "Số 27-BC/BNCTU" in text
    assert report_html(party_report).count('class="dotted"') == 5


def test_html_escapes_every_value_and_names_no_outside_resource(report: ReportData) -> None:
    marked = dataclasses.replace(report, scope='<script>alert("x")</script> tỉnh An Giang')
    page = report_html(marked)

    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<img" not in page
    assert "http://" not in page.replace("http://ví-dụ.invalid", "")
    assert "file:" not in page.replace("file:///etc/passwd", "")
    assert "url(" not in page
    assert "@font-face" not in page


def test_pdf_a_report_without_overdue_cases_says_so(
    tmp_path: Path, state_report: ReportData
) -> None:
    quiet = dataclasses.replace(state_report, overdue=[], variant=DocumentVariant.STATE)

    text = _flat(_pdftotext(_pdf(tmp_path, quiet)))

    assert "Không có vụ án nào quá hạn." in text
    assert "Không có vụ án nào quá hạn." in all_text(report_docx(quiet))


# ---- a report too large to print whole ---------------------------------------------------


@pytest.fixture
def national_report(state_report: ReportData) -> ReportData:
    """A figure behind 5,000 cases of which the report carries 60, and 3,000 overdue
    clocks of which it carries 120: the printed files show fewer and say where the
    rest is; the workbook carries all it was given."""
    from phoihop.documents.report_data import CaseRef, Figure, OverdueRow, Section

    many = tuple(CaseRef(f"VA-{i:05d}", f"Vụ án số {i}", "Hà Nội") for i in range(60))
    late = state_report.overdue[0]
    overdue = tuple(dataclasses.replace(late, case=case) for case in many + many)
    section = Section("Toàn quốc", figures=[Figure("Vụ án theo dõi", 5000, many, "vụ", 5000)])
    assert isinstance(late, OverdueRow)
    return dataclasses.replace(
        state_report, sections=[section], overdue=overdue, overdue_total=3000
    )


FIGURE_NOTE = (
    "Liệt kê 20 trong tổng số 5.000 vụ, đăng ký gần nhất trước; bảng tính (.xlsx) kèm theo "
    "liệt kê 60 vụ; danh sách đầy đủ được trích xuất từ hệ thống theo yêu cầu."
)
OVERDUE_NOTE = (
    "Liệt kê 100 trong tổng số 3.000 thời hạn quá hạn, quá hạn lâu nhất trước; bảng tính "
    "(.xlsx) kèm theo liệt kê 120 thời hạn; danh sách đầy đủ được trích xuất từ hệ thống "
    "theo yêu cầu."
)


def test_docx_prints_the_first_cases_and_says_where_the_rest_are(
    national_report: ReportData,
) -> None:
    document = open_docx(report_docx(national_report))
    paragraphs = [p.text for p in document.paragraphs]
    heads = {
        (t.rows[0].cells[0].text, t.rows[0].cells[1].text): len(t.rows) - 1 for t in document.tables
    }

    assert heads[("STT", "Mã vụ án")] == 20
    assert heads[("STT", "Vụ án")] == 100
    assert FIGURE_NOTE in paragraphs
    assert OVERDUE_NOTE in paragraphs


def test_xlsx_carries_every_case_it_was_given_and_says_how_many_there_are(
    national_report: ReportData,
) -> None:
    workbook = load_workbook(io.BytesIO(report_xlsx(national_report)))
    appendix = list(workbook["Phụ lục"].iter_rows(min_row=2, values_only=True))
    overdue = list(workbook["Quá hạn"].iter_rows(min_row=2, values_only=True))

    assert len([row for row in appendix if row[2]]) == 60
    assert appendix[-1][3] == (
        "Liệt kê 60 trong tổng số 5.000 vụ, đăng ký gần nhất trước; danh sách đầy đủ được "
        "trích xuất từ hệ thống theo yêu cầu."
    )
    assert len(overdue) == 121
    assert overdue[-1][0].startswith("Liệt kê 120 trong tổng số 3.000 thời hạn quá hạn")


def test_pdf_prints_the_first_cases_and_says_where_the_rest_are(
    tmp_path: Path, national_report: ReportData
) -> None:
    text = _flat(_pdftotext(_pdf(tmp_path, national_report)))

    assert "VA-00019" in text
    assert "VA-00020" not in text.split("PHỤ LỤC")[1]
    assert FIGURE_NOTE in text
    assert OVERDUE_NOTE in text
