"""The periodic report from the live record: every case count equals the cases its
appendix lists, the author's scope bounds it, and it comes out of the command line
and the web page as real files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from phoihop.agencies.models import Province
from phoihop.audit.models import AuditEvent
from phoihop.cases.models import Case
from phoihop.core.clock import now
from phoihop.domain.reporting import parse_period
from phoihop.reports.forms import period_choices
from phoihop.reports.periodic import count_check, report_data
from tests.signin import sign_in, signing_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    call_command("demo_data", "--cases", "300", "--seed", "7", stdout=io.StringIO())


def _user(username: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.select_related("agency").get(username=username)


def _data(username: str, period: str = "2026", province: str | None = None):  # type: ignore[no-untyped-def]
    return report_data(
        user=_user(username),
        period=parse_period(period),
        province=Province.objects.get(code=province) if province else None,
        today=dt.date(2026, 11, 29),
        generated_at=now(),
    )


def test_every_case_count_equals_the_cases_its_appendix_lists(demo):
    data = _data("noichinh.tw")

    counted = {
        figure.label: figure.value
        for section in data.sections
        for figure in section.figures
        if figure.unit == "vụ"
    }
    assert counted == count_check(data)
    assert sum(counted.values()) > 0
    # The stage table counts every case of the scope at the report's day, as the
    # overview does; the cases followed in the period are some of them.
    stages = next(s for s in data.sections if "giai đoạn" in s.heading)
    overview = data.sections[0]
    assert "đến ngày lập báo cáo 29/11/2026" in stages.heading
    assert sum(f.value for f in stages.figures) == Case.objects.count()
    assert 0 < overview.figures[0].value <= Case.objects.count()


def test_a_report_stays_within_its_authors_scope_and_province(demo):
    hanoi = _data("dieutra.hn")
    an_giang = _data("noichinh.tw", province="AG")

    names = {ref.province for s in hanoi.sections for f in s.figures for ref in f.cases}
    assert names <= {"Hà Nội"}
    provinces = {ref.province for s in an_giang.sections for f in s.figures for ref in f.cases}
    assert provinces == {"An Giang"}
    assert an_giang.sections[0].figures[0].value <= Case.objects.filter(province__code="AG").count()


def test_the_party_format_for_internal_affairs_and_the_state_format_for_the_police(demo):
    assert _data("noichinh.ag").variant.value != _data("dieutra.ag").variant.value


def test_the_command_writes_the_three_files_and_audits_the_report(demo, tmp_path: Path):
    out = io.StringIO()

    call_command(
        "report",
        "--period", "2026-Q3", "--scope", "an-giang", "--format", "docx,xlsx,pdf",
        "--out", str(tmp_path), "--user", "noichinh.ag", stdout=out,
    )  # fmt: skip

    paths = [Path(line) for line in out.getvalue().split()]
    assert sorted(p.suffix for p in paths) == [".docx", ".pdf", ".xlsx"]
    text = "\n".join(p.text for p in Document(str(paths[0])).paragraphs)
    assert "quý III năm 2026" in text
    assert load_workbook(next(p for p in paths if p.suffix == ".xlsx")).sheetnames
    assert next(p for p in paths if p.suffix == ".pdf").read_bytes().startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="report.issued").count() == 1


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--period", "2026-Q9", "Kỳ báo cáo"),
        ("--scope", "atlantis", "tỉnh"),
        ("--format", "odt", "docx"),
    ],
)
def test_the_command_refuses_bad_options_in_vietnamese(demo, tmp_path, option, value, message):
    options = {"--period": "2026-Q3", "--scope": "AG", "--format": "docx", option: value}
    args = [part for pair in options.items() for part in pair]

    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "--out", str(tmp_path), "--user", "noichinh.ag")


def test_the_page_downloads_the_report_and_refuses_a_bad_period(client, demo, today):
    sign_in(client, _user("noichinh.ag"))
    last_month = period_choices(today)[0][0]

    signing = signing_form(_user("noichinh.ag").agency)
    page = client.get("/overview/report/")
    docx = client.post("/overview/report/", {"period": last_month, "format": "docx", **signing})
    unsigned = client.post("/overview/report/", {"period": last_month, "format": "docx"})
    bad = client.post(
        "/overview/report/",
        {
            "period": last_month,
            "start_on": "15/03/2026",
            "end_on": "01/03/2026",
            "format": "pdf",
            **signing,
        },
    )

    assert page.status_code == 200
    assert docx.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(docx.content))
    assert "attachment" in docx["Content-Disposition"]
    assert bad.status_code == 400
    assert "Ngày cuối kỳ ở trước ngày đầu kỳ." in bad.content.decode()
    assert unsigned.status_code == 400  # a report is signed: the signer is asked for
    assert "Người ký" in unsigned.content.decode()


def test_a_control_character_in_the_form_is_refused_and_an_account_without_agency_has_no_report(
    client, demo_users, today
):
    sign_in(client, demo_users["noichinh.ag"])
    last_month = period_choices(today)[0][0]
    refused = client.post(
        "/overview/report/", {"period": last_month, "format": "docx", "proposals": "a\x01b"}
    )
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.create_user("khongcoquan", agency=None))
    no_agency = client.get("/overview/report/")

    assert refused.status_code == 400
    assert no_agency.status_code == 404


def test_the_people_and_money_figures_equal_the_record_counted_directly(demo):
    from django.db.models import Sum

    from phoihop.cases.models import AssetAction, CaseEvent, Person
    from phoihop.cases.selectors import CLOSED_STAGES

    period = parse_period("2026")
    data = _data("noichinh.tw")
    # A period still running counts what is dated up to the report's day.
    until = min(period.end, dt.date(2026, 11, 29))
    followed = (
        Case.objects.filter(opened_on__lte=period.end)
        .exclude(stage__in=CLOSED_STAGES, last_event_on__lt=period.start)
        .values("pk")
    )
    figures = {f.label: f for s in data.sections for f in s.figures}
    charged = CaseEvent.objects.filter(
        case__in=followed, type="suspect_charged", date__range=(period.start, until)
    )
    accused = Person.objects.filter(case__in=followed, role="accused")
    damage = AssetAction.objects.filter(
        case__in=followed, kind="damage", date__range=(period.start, until)
    )

    assert figures["Bị can bị khởi tố trong kỳ"].value == charged.count() > 0
    assert figures["Bị can là cán bộ, công chức"].value == accused.filter(is_official=True).count()
    assert figures["Bị can là đảng viên"].value == accused.filter(is_party_member=True).count()
    damage_figure = next(f for f in figures.values() if f.unit == "đồng")
    assert damage_figure.value == damage.aggregate(total=Sum("amount_vnd"))["total"]
    assert len(damage_figure.cases) == damage.values("case_id").distinct().count()


def test_the_moment_of_the_figures_is_said_once_in_vietnams_time(demo):
    """Read at 23:30 UTC, the figures are as of 06:30 the next morning in Vietnam; the
    notes no longer repeat the moment."""
    from docx import Document

    from phoihop.documents.periodic import report_docx

    read_at = dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)
    data = report_data(
        user=_user("noichinh.ag"),
        period=parse_period("2026"),
        province=None,
        today=dt.date(2026, 11, 29),
        generated_at=read_at,
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(data))).paragraphs)

    assert "06 giờ 30 phút ngày 29/11/2026" in text
    assert "23 giờ 30 phút" not in text
    assert text.count("06 giờ 30 phút") == 1


def test_the_reports_sentences_group_thousands_as_its_tables_do():
    """ "phối hợp xử lý 1.121 vụ án", never "1121": the sentences write their numbers by
    the rule the tables use (``vietnamese_number``)."""
    from phoihop.reports.periodic import _Dates, _Followed, _overview, _share

    listing = _Followed(
        counts={
            ("investigation", "criminal_case", True, False): 1121,
            ("closed", "matter", False, True): 1500,
        },
        tops=[],
        limit=10,
    )
    dates = _Dates(parse_period("2026-Q3"), dt.date(2026, 11, 29))

    (sentence,), figures, _ = _overview(listing, dates, "địa bàn tỉnh, thành phố An Giang")

    assert "phối hợp xử lý 2.621 vụ án, vụ việc (1.121 vụ án hình sự)" in sentence
    assert "đến ngày 30/09/2026, 1.121 vụ đang giải quyết" in sentence
    assert [figure.value for figure in figures] == [2621, 1121, 1121]
    assert _share(1225, 10_000) == "12,3%"  # half up, a decimal comma


def test_the_report_carries_the_mark_of_its_classified_cases_unless_they_are_left_out(
    client, demo, today
):
    from phoihop.audit.models import AuditEvent
    from phoihop.cases.models import Case
    from tests.files.ooxml import open_docx

    user = _user("noichinh.ag")
    sign_in(client, user)
    first = Case.objects.filter(province__code="AG").order_by("pk").first()
    Case.objects.filter(pk=first.pk).update(classification=2)  # type: ignore[union-attr]
    form = {
        "period": period_choices(today)[0][0],
        "format": "docx",
        "province": "",
        **signing_form(user.agency),
    }

    def number_cell(**extra: str) -> list[str]:
        response = client.post("/overview/report/", {**form, **extra})
        assert response.status_code == 200
        cell = open_docx(response.content).tables[0].rows[1].cells[0]
        return [p.text for p in cell.paragraphs if p.text]

    marked = number_cell()
    left_out = number_cell(without_classified="on")

    assert marked[-1] == "TỐI MẬT"
    assert len(left_out) == 1  # the number, and no mark
    events = list(AuditEvent.objects.filter(action="report.issued").order_by("pk"))
    assert [e.data["secret_mark"] for e in events[-2:]] == ["TỐI MẬT", None]
    assert [e.data["without_classified"] for e in events[-2:]] == [False, True]
