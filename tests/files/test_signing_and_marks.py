"""Who issues and signs, the state-secret mark and the number's blank, read back from
the files as they print: the header lines and their styles, the signature block with
its authority, and the block never alone on a page."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PIL import Image

from phoihop.documents import (
    MeetingMinutes,
    ReportData,
    meeting_minutes_docx,
    report_docx,
    report_pdf,
)
from phoihop.documents.issuers import Authority, RegistryBody, derive_issuer, signature
from phoihop.documents.layout import NUMBER_BLANK, DocumentInputError, DocumentVariant
from phoihop.documents.marks import SecretMark, copies_note
from phoihop.domain.access.classification import Classification
from tests.files.ooxml import open_docx, w
from tests.files.rendering import docx_to_pdf, flat, pdf_pages, png_of_first_page

AN_GIANG_COMMISSION = RegistryBody(
    kind="internal_affairs",
    level="provincial",
    name="Ban Nội chính Tỉnh ủy An Giang",
    code="AG-NC",
    province_name="An Giang",
    province_code="AG",
)
HANOI_COMMISSION = dataclasses.replace(
    AN_GIANG_COMMISSION,
    name="Ban Nội chính Thành ủy Hà Nội",
    code="HN-NC",
    province_name="Hà Nội",
    province_code="HN",
    province_is_city=True,
)
CENTRAL_COMMISSION = RegistryBody(
    kind="internal_affairs", level="central", name="Ban Nội chính Trung ương", code="TW-NC"
)
AN_GIANG_COMMITTEE = dataclasses.replace(
    AN_GIANG_COMMISSION,
    kind="steering",
    name="Ban Chỉ đạo tỉnh An Giang về phòng, chống tham nhũng, lãng phí, tiêu cực",
    code="AG-BCD",
)
AN_GIANG_PROCURACY = dataclasses.replace(
    AN_GIANG_COMMISSION,
    kind="procuracy",
    name="Viện kiểm sát nhân dân tỉnh An Giang",
    code="AG-VKS",
)


# ---- the registry's bodies as their documents name them ------------------------------


def test_a_provincial_commission_stands_under_its_party_committee() -> None:
    issuer = derive_issuer(AN_GIANG_COMMISSION)
    assert issuer.variant is DocumentVariant.PARTY
    assert (issuer.superior, issuer.name, issuer.symbol) == (
        "TỈNH ỦY AN GIANG",
        "BAN NỘI CHÍNH",
        "BNCTU",
    )
    assert issuer.place == "An Giang"
    assert issuer.number("BC").text(issuer.variant) == f"Số {NUMBER_BLANK}-BC/BNCTU"
    assert "Ban Nội chính Trung ương (để báo cáo)" in issuer.usual_recipients
    assert "Thường trực Tỉnh ủy An Giang (để báo cáo)" in issuer.usual_recipients


def test_a_city_commission_stands_under_the_city_committee() -> None:
    issuer = derive_issuer(HANOI_COMMISSION)
    assert issuer.superior == "THÀNH ỦY HÀ NỘI"
    assert "Thường trực Thành ủy Hà Nội (để báo cáo)" in issuer.usual_recipients


def test_the_central_commission_signs_bnctw_under_the_central_committee() -> None:
    issuer = derive_issuer(CENTRAL_COMMISSION)
    assert (issuer.superior, issuer.name, issuer.symbol, issuer.place) == (
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
        "BAN NỘI CHÍNH",
        "BNCTW",
        "Hà Nội",
    )


def test_a_procuracy_follows_the_state_layout() -> None:
    issuer = derive_issuer(AN_GIANG_PROCURACY)
    assert issuer.variant is DocumentVariant.STATE
    assert issuer.superior == "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"
    assert issuer.name.splitlines() == ["VIỆN KIỂM SÁT NHÂN DÂN", "TỈNH AN GIANG"]
    assert issuer.number(None).text(issuer.variant) == f"Số: {NUMBER_BLANK}/VKSAG"


# ---- signing authority ------------------------------------------------------------------


def test_the_head_signs_with_the_head_title_alone() -> None:
    signer = signature(derive_issuer(AN_GIANG_COMMISSION), Authority.HEAD, "Phan Văn Lãnh")
    assert (signer.authority, signer.title, signer.name) == (None, "TRƯỞNG BAN", "Phan Văn Lãnh")


def test_a_deputy_signs_k_t_in_party_documents_and_kt_in_state_ones() -> None:
    party = signature(derive_issuer(AN_GIANG_COMMISSION), Authority.DEPUTY, "Võ Thị Hạnh")
    state = signature(derive_issuer(AN_GIANG_PROCURACY), Authority.DEPUTY, "Lâm Quốc Khải")
    assert (party.authority, party.title) == ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    assert (state.authority, state.title) == ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG")


def test_only_a_collective_body_signs_on_behalf() -> None:
    committee = derive_issuer(AN_GIANG_COMMITTEE)
    signer = signature(committee, Authority.ON_BEHALF, "Lê Văn Thành", "Phó Trưởng ban")
    assert (signer.authority, signer.title) == ("T/M BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN")
    assert Authority.ON_BEHALF not in derive_issuer(AN_GIANG_COMMISSION).authorities
    with pytest.raises(DocumentInputError):
        signature(derive_issuer(AN_GIANG_COMMISSION), Authority.ON_BEHALF, "Phan Văn Lãnh")


def test_by_order_and_by_authorisation_need_the_signers_own_post() -> None:
    issuer = derive_issuer(AN_GIANG_COMMISSION)
    signer = signature(issuer, Authority.BY_ORDER, "Trần Minh Khoa", "Chánh Văn phòng")
    assert (signer.authority, signer.title) == ("T/L TRƯỞNG BAN", "CHÁNH VĂN PHÒNG")
    authorised = signature(issuer, Authority.AUTHORISED, "Trần Minh Khoa", "Vụ trưởng")
    assert authorised.authority == "T/UQ TRƯỞNG BAN"
    with pytest.raises(DocumentInputError):
        signature(issuer, Authority.BY_ORDER, "Trần Minh Khoa")
    with pytest.raises(DocumentInputError):  # the head signs in their own name
        signature(issuer, Authority.DEPUTY, "Phan Văn Lãnh", "Trưởng ban")


# ---- the header as it prints ---------------------------------------------------------


@pytest.fixture
def commission_report(party_report: ReportData) -> ReportData:
    issuer = derive_issuer(AN_GIANG_COMMISSION)
    return dataclasses.replace(
        party_report,
        superior_agency=issuer.superior,
        issuing_agency=issuer.name,
        number=issuer.number("BC"),
        signer=signature(issuer, Authority.DEPUTY, "Võ Thị Hạnh"),
        recipients=issuer.usual_recipients,
        drafter="Trần Minh Khoa",
    )


def _runs(paragraph: object) -> list[tuple[str, bool]]:
    return [(run.text, bool(run.bold)) for run in paragraph.runs if run.text]  # type: ignore[attr-defined]


def test_docx_header_puts_the_committee_above_the_commission_in_bold(
    commission_report: ReportData,
) -> None:
    header = open_docx(report_docx(commission_report)).tables[0]
    agency, title = header.rows[0].cells
    lines = [(p.text, _runs(p)) for p in agency.paragraphs if p.text]
    assert lines == [
        ("TỈNH ỦY AN GIANG", [("TỈNH ỦY AN GIANG", False)]),
        ("BAN NỘI CHÍNH", [("BAN NỘI CHÍNH", True)]),
        ("*", [("*", False)]),
    ]
    assert [p.text for p in title.paragraphs if p.text] == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    number = header.rows[1].cells[0].paragraphs[0].text
    assert number == f"Số {NUMBER_BLANK}-BC/BNCTU"


def test_docx_signature_carries_the_authority_the_title_and_the_name(
    commission_report: ReportData,
) -> None:
    closing = _closing(report_docx(commission_report))
    recipients, signature_cell = closing.rows[0].cells  # type: ignore[attr-defined]
    assert [p.text for p in signature_cell.paragraphs if p.text] == [
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Võ Thị Hạnh",
    ]
    lines = [p.text for p in recipients.paragraphs if p.text]
    assert lines[0] == "Nơi nhận:"
    assert "- Ban Nội chính Trung ương (để báo cáo);" in lines
    assert lines[-1] == "- Lưu: VT."
    assert not any("Như trên" in line for line in lines)  # a report has no "Kính gửi"


def _closing(data: bytes) -> object:
    """The table of recipients and signature."""
    return next(
        table
        for table in open_docx(data).tables
        if table.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    )


def _mark_paragraphs(data: bytes) -> list[object]:
    number_cell = open_docx(data).tables[0].rows[1].cells[0]
    return [p for p in number_cell.paragraphs if p._p.find(f".//{w('pBdr')}") is not None]


@pytest.mark.parametrize(
    ("level", "text"),
    [(Classification.CONFIDENTIAL, "MẬT"), (Classification.SECRET, "TỐI MẬT"),
     (Classification.TOP_SECRET, "TUYỆT MẬT")],
)  # fmt: skip
def test_docx_a_secret_report_carries_its_mark_in_red_under_the_number(
    commission_report: ReportData, level: Classification, text: str
) -> None:
    data = report_docx(dataclasses.replace(commission_report, secret_mark=SecretMark(level)))
    marks = _mark_paragraphs(data)
    assert [p.text for p in marks] == [text]  # type: ignore[attr-defined]
    run = marks[0].runs[0]  # type: ignore[attr-defined]
    assert run.bold
    assert str(run.font.color.rgb) == "FF0000"
    borders = marks[0]._p.find(f".//{w('pBdr')}")  # type: ignore[attr-defined]
    assert {b.get(w("color")) for b in borders} == {"FF0000"}
    recipients = _closing(data).rows[0].cells[0]  # type: ignore[attr-defined]
    assert copies_note(4, "Trần Minh Khoa") in [p.text for p in recipients.paragraphs]


def test_docx_an_unclassified_report_carries_no_mark(commission_report: ReportData) -> None:
    data = report_docx(commission_report)
    assert _mark_paragraphs(data) == []
    assert "người soạn thảo" not in flat(" ".join(p.text for p in open_docx(data).paragraphs))


def _red_pixels(png: Path) -> int:
    image = Image.open(png).convert("RGB")
    colours: list[tuple[int, tuple[int, int, int]]] = image.getcolors(maxcolors=1 << 24) or []  # type: ignore[assignment]
    return sum(n for n, (r, g, b) in colours if r > 180 and g < 80 and b < 80)


def test_pdf_keeps_the_blank_number_and_prints_the_mark_in_red(
    commission_report: ReportData, tmp_path: Path
) -> None:
    marked = tmp_path / "marked.pdf"
    marked.write_bytes(
        report_pdf(
            dataclasses.replace(commission_report, secret_mark=SecretMark(Classification.SECRET))
        )
    )
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(report_pdf(commission_report))
    first = pdf_pages(marked)[0]
    number_line = next(line for line in first.splitlines() if "-BC/BNCTU" in line)
    blank = number_line.split("Số", 1)[1].split("-BC/BNCTU", 1)[0]
    assert len(blank) >= 4  # the records office's blank survives
    assert not blank.strip()
    assert "TỐI MẬT" in first
    assert "TỐI MẬT" not in pdf_pages(plain)[0]
    assert _red_pixels(png_of_first_page(marked, tmp_path)) > 50
    assert _red_pixels(png_of_first_page(plain, tmp_path)) == 0


# ---- the signature block never alone on a page ------------------------------------------

# Proposals of two lines each: sweeping their number moves the end of the text down a
# whole page, so one of the documents ends at a page's foot whatever the layout above.
SWEEP = range(4, 26)


def _proposal(index: int) -> str:
    return (
        f"Đề nghị cơ quan có thẩm quyền khẩn trương hoàn thành việc định giá tài sản, "
        f"trưng cầu giám định bổ sung và báo cáo kết quả theo đúng thời hạn kq{index}kq"
    )


def _ending_on_pages(report: ReportData, pages: list[str], count: int) -> tuple[int, int, int]:
    """The pages of the last proposal's end, the signature's title and the signer."""
    last = f"kq{count - 1}kq"

    def page_of(text: str) -> int:
        return next(i for i, page in enumerate(pages) if text in flat(page))

    return page_of(last), page_of("PHÓ TRƯỞNG BAN"), page_of(report.signer.name)


def _sweep(report: ReportData) -> list[tuple[int, ReportData]]:
    return [
        (count, dataclasses.replace(report, proposals=[_proposal(i) for i in range(count)]))
        for count in SWEEP
    ]


def test_pdf_signature_block_stays_with_the_last_lines(
    commission_report: ReportData, tmp_path: Path
) -> None:
    page_breaks = set()
    for count, report in _sweep(commission_report):
        path = tmp_path / f"sweep-{count}.pdf"
        path.write_bytes(report_pdf(report))
        pages = pdf_pages(path)
        text_end, title, name = _ending_on_pages(report, pages, count)
        assert text_end == title == name, f"{count} proposals: pages {text_end}, {title}, {name}"
        page_breaks.add(name)
    assert len(page_breaks) > 1  # the sweep did cross a page's foot


def test_docx_signature_block_stays_with_the_last_lines(
    commission_report: ReportData, tmp_path: Path
) -> None:
    sweep = _sweep(commission_report)
    pdfs = docx_to_pdf([report_docx(report) for _, report in sweep], tmp_path)
    page_breaks = set()
    for (count, report), pdf in zip(sweep, pdfs, strict=True):
        text_end, title, name = _ending_on_pages(report, pdf_pages(pdf), count)
        assert text_end == title == name, f"{count} proposals: pages {text_end}, {title}, {name}"
        page_breaks.add(name)
    assert len(page_breaks) > 1


def test_docx_minutes_signatures_stay_with_the_closing_line(
    party_minutes: MeetingMinutes, tmp_path: Path
) -> None:
    """The minutes' two signature blocks (secretary, chair) print on the page of the
    line saying when the meeting ended, wherever the text ends."""
    sweep = [
        dataclasses.replace(party_minutes, bridge_sites=[f"Điểm cầu số {i}" for i in range(n)])
        for n in range(0, 34, 2)
    ]
    pdfs = docx_to_pdf([meeting_minutes_docx(minutes) for minutes in sweep], tmp_path)
    page_breaks = set()
    for minutes, pdf in zip(sweep, pdfs, strict=True):
        pages = [flat(page) for page in pdf_pages(pdf)]
        closing = next(i for i, page in enumerate(pages) if "Cuộc họp kết thúc lúc" in page)
        titles = next(i for i, page in enumerate(pages) if "THƯ KÝ" in page)
        chair = max(i for i, page in enumerate(pages) if minutes.chair.name in page)
        assert closing == titles == chair, (
            f"{len(minutes.bridge_sites)} sites: {closing}, {titles}, {chair}"
        )
        page_breaks.add(titles)
    assert len(page_breaks) > 1  # the sweep did cross a page's foot
