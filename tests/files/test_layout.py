"""The official layout shared by every document: page, fonts, header lines, number
and date formats, page numbers (Decree 30/2020 Appendix I; LEGAL.md §7)."""

from __future__ import annotations

import datetime as dt

import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from phoihop.documents import (
    DocumentNumber,
    DocumentVariant,
    MeetingMinutes,
    follow_up_letter_docx,
    meeting_minutes_docx,
    place_and_date,
)
from tests.files.ooxml import (
    SLOTS,
    THEME_SLOTS,
    W,
    all_text,
    open_docx,
    paragraph_marks_with_fonts,
    runs_with_fonts,
    story_roots,
    w,
    xml_parts,
)

SAMPLES = ["state_minutes", "party_minutes", "state_letter", "party_letter"]


@pytest.fixture(params=SAMPLES)
def produced(request: pytest.FixtureRequest) -> bytes:
    sample = request.getfixturevalue(request.param)
    if "minutes" in request.param:
        return meeting_minutes_docx(sample)
    return follow_up_letter_docx(sample)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2026, 2, 5), "An Giang, ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 1, 31), "An Giang, ngày 31 tháng 01 năm 2026"),
        (dt.date(2026, 3, 20), "An Giang, ngày 20 tháng 3 năm 2026"),
        (dt.date(2026, 12, 9), "An Giang, ngày 09 tháng 12 năm 2026"),
    ],
)
def test_place_and_date_puts_a_zero_before_days_below_10_and_months_1_and_2(
    on: dt.date, expected: str
) -> None:
    assert place_and_date("An Giang", on) == expected


BLANK = "\u00a0" * 8


@pytest.mark.parametrize(
    ("number", "variant", "expected"),
    [
        (DocumentNumber("CAT", "BB", 5), DocumentVariant.STATE, "Số: 05/BB-CAT"),
        (DocumentNumber("CAT", "BB", 123), DocumentVariant.STATE, "Số: 123/BB-CAT"),
        (DocumentNumber("VKSAG", None, 7, "P1"), DocumentVariant.STATE, "Số: 07/VKSAG-P1"),
        (DocumentNumber("BNCTU", "BB", 12), DocumentVariant.PARTY, "Số 12-BB/BNCTU"),
        (DocumentNumber("BNCTU", None, 45), DocumentVariant.PARTY, "Số 45-CV/BNCTU"),
        # The blank is no-break spaces: no renderer closes it.
        (DocumentNumber("CAT", "BB"), DocumentVariant.STATE, f"Số: {BLANK}/BB-CAT"),
        (DocumentNumber("BNCTU", "BC"), DocumentVariant.PARTY, f"Số {BLANK}-BC/BNCTU"),
    ],
)
def test_number_and_symbol_follow_the_variant(
    number: DocumentNumber, variant: DocumentVariant, expected: str
) -> None:
    assert number.text(variant) == expected


def test_page_is_a4_portrait_with_the_decree_margins(produced: bytes) -> None:
    section = open_docx(produced).sections[0]

    def mm(length: int) -> float:
        return round(length / Mm(1), 1)  # stored in twips: 210 mm is 11906 twips

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert mm(section.top_margin) == 20
    assert mm(section.bottom_margin) == 20
    assert mm(section.left_margin) == 30
    assert mm(section.right_margin) == 15


def test_every_run_resolves_to_times_new_roman_in_all_four_slots(produced: bytes) -> None:
    runs = list(runs_with_fonts(produced))

    wrong = [
        (story, text, fonts)
        for story, text, fonts in runs
        if any(fonts[slot] != "Times New Roman" for slot in SLOTS)
    ]
    assert len(runs) > 20
    assert {story for story, _, _ in runs} >= {"document", "/word/header2.xml"}
    assert wrong == []


def test_every_paragraph_mark_resolves_to_times_new_roman(produced: bytes) -> None:
    wrong = [
        (story, fonts)
        for story, fonts in paragraph_marks_with_fonts(produced)
        if any(fonts[slot] != "Times New Roman" for slot in SLOTS)
    ]

    assert wrong == []


def test_styles_keep_no_theme_font_and_name_times_new_roman(produced: bytes) -> None:
    parts = xml_parts(produced)
    document = open_docx(produced)
    styles = document.styles.element
    normal = document.styles["Normal"].element.find(f"{w('rPr')}/{w('rFonts')}")
    defaults = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")

    theme_attributes = [
        (name, attribute)
        for name, xml in parts.items()
        if name.startswith("word/") and not name.startswith("word/theme/")
        for attribute in THEME_SLOTS.values()
        if f'{attribute}="'.encode() in xml
    ]
    assert theme_attributes == []
    assert "word/stylesWithEffects.xml" not in parts
    for fonts in (normal, defaults):
        assert {fonts.get(f"{{{W}}}{slot}") for slot in SLOTS} == {"Times New Roman"}
    for style in styles.findall(w("style")):
        if style.get(w("type")) != "numbering":
            fonts = style.find(f"{w('rPr')}/{w('rFonts')}")
            assert {fonts.get(w(slot)) for slot in SLOTS} == {"Times New Roman"}


def test_the_theme_fonts_are_times_new_roman_too(produced: bytes) -> None:
    theme = xml_parts(produced)["word/theme/theme1.xml"].decode()

    assert "Calibri" not in theme
    assert "Cambria" not in theme
    assert theme.count('<a:latin typeface="Times New Roman"') == 2


def test_page_numbers_are_a_centred_page_field_hidden_on_page_one(produced: bytes) -> None:
    document = open_docx(produced)
    section = document.sections[0]
    header = section.header
    instructions = "".join(t.text for t in header._element.iter(w("instrText")))

    assert section.different_first_page_header_footer is True
    assert not section.header.is_linked_to_previous
    assert instructions.strip() == "PAGE"
    assert header.paragraphs[0].alignment == 1  # centred
    assert not list(section.first_page_header._element.iter(w("instrText")))
    assert all(not p.text for p in section.first_page_header.paragraphs)
    assert section.header_distance < section.top_margin


def test_state_header_has_national_title_motto_and_italic_date_line(
    state_minutes: MeetingMinutes,
) -> None:
    document = open_docx(meeting_minutes_docx(state_minutes))
    header = document.tables[0]
    right = header.rows[0].cells[1].paragraphs
    date_line = header.rows[1].cells[1].paragraphs[0]

    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right[0].runs[0].bold
    assert right[0].runs[0].font.size.pt in (12, 13)
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert right[1].runs[0].bold
    assert right[1].runs[0].font.size.pt in (13, 14)
    assert right[2]._p.find(f"{w('pPr')}/{w('pBdr')}/{w('top')}") is not None  # the rule
    assert date_line.text == "An Giang, ngày 05 tháng 02 năm 2026"
    assert date_line.runs[0].italic
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in all_text(meeting_minutes_docx(state_minutes))


def test_state_header_has_agency_names_in_capitals_and_the_number(
    state_minutes: MeetingMinutes,
) -> None:
    header = open_docx(meeting_minutes_docx(state_minutes)).tables[0]
    left = header.rows[0].cells[0].paragraphs

    assert left[0].text == "BỘ CÔNG AN"
    assert not left[0].runs[0].bold
    assert left[1].text == "CÔNG AN TỈNH AN GIANG"
    assert left[1].runs[0].bold
    assert left[2]._p.find(f"{w('pPr')}/{w('pBdr')}/{w('top')}") is not None
    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 05/BB-CAT"


def test_party_variant_shows_the_party_title_instead_of_the_national_one(
    party_minutes: MeetingMinutes,
) -> None:
    produced = meeting_minutes_docx(party_minutes)
    header = open_docx(produced).tables[0]
    text = all_text(produced)

    assert header.rows[0].cells[1].paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert header.rows[0].cells[1].paragraphs[0].runs[0].bold
    assert [p.text for p in header.rows[0].cells[0].paragraphs] == [
        "TỈNH ỦY AN GIANG",
        "BAN NỘI CHÍNH",
        "*",
    ]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số 12-BB/BNCTU"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Độc lập - Tự do - Hạnh phúc" not in text
    assert "An Giang, ngày 05 tháng 02 năm 2026" in text


def test_body_paragraphs_are_justified_with_the_decree_spacing(produced: bytes) -> None:
    document = open_docx(produced)
    body = [p for p in document.paragraphs if p.alignment == 3]  # justified

    assert len(body) >= 3
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert fmt.space_before.pt >= 6
        assert 1.0 <= fmt.line_spacing <= 1.5
        assert {run.font.size.pt for run in paragraph.runs} <= {13, 14}


def test_recipients_block_is_bold_italic_12_with_items_in_11_ending_with_the_file_copy(
    produced: bytes,
) -> None:
    document = open_docx(produced)
    paragraphs = list(document.paragraphs) + [
        p for table in document.tables for cell in table._cells for p in cell.paragraphs
    ]
    label_index = next(i for i, p in enumerate(paragraphs) if p.text == "Nơi nhận:")
    label = paragraphs[label_index]
    items = []
    for paragraph in paragraphs[label_index + 1 :]:
        if not paragraph.text.startswith("- "):
            break
        items.append(paragraph)

    assert label.runs[0].bold
    assert label.runs[0].italic
    assert label.runs[0].font.size.pt == 12
    assert all(item.runs[0].font.size.pt == 11 for item in items)
    assert all(item.text.endswith(";") for item in items[:-1])
    assert items[-1].text.startswith("- Lưu: ")
    assert items[-1].text.endswith(".")


def test_vietnamese_diacritics_round_trip_exactly(state_minutes: MeetingMinutes) -> None:
    import dataclasses

    title = "về việc xử lý ỹ ữ ặ ậ ẫ ễ ệ ỗ ộ ờ ợ ủ ứ ừ ử ự Đ đ Ơ ơ Ư ư “trích dẫn”"
    produced = meeting_minutes_docx(dataclasses.replace(state_minutes, title=title))

    summary = next(p.text for p in open_docx(produced).paragraphs if p.text.startswith("về"))
    assert summary == title
    assert summary.encode("utf-8") == title.encode("utf-8")


def test_decomposed_input_is_written_precomposed(state_minutes: MeetingMinutes) -> None:
    import dataclasses
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "về kết quả giám định thiệt hại")
    produced = meeting_minutes_docx(dataclasses.replace(state_minutes, title=decomposed))

    text = all_text(produced)
    assert "về kết quả giám định thiệt hại" in text
    assert unicodedata.is_normalized("NFC", text)


def test_stories_are_only_the_body_and_two_headers(produced: bytes) -> None:
    names = [name for name, _ in story_roots(open_docx(produced))]

    assert names[0] == "document"
    assert sorted(names[1:]) == ["/word/header1.xml", "/word/header2.xml"]
