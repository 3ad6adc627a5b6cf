"""The case page's table of time limits and timeline of decisions, read off the page as
a browser shows them: a custody's deadline at its hour in Vietnam, the follow-up letter
of an overdue time limit for those who may write it, and each decision's date, receiving
body, document and correction form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from phoihop.agencies.models import Agency
from phoihop.cases import services
from phoihop.cases.models import Case, CaseEvent, DecisionDocument
from phoihop.clocks.models import Clock
from tests.corpus_reading import samples
from tests.corpus_reading.files import render_docx
from tests.forms_on_page import form_posting_to
from tests.records import add_accused, detain, record, suspect_charge
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

d = dt.date
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})


# --- the page as a tree of elements ----------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """The element's text, its runs of white space made one space."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())

    def all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """The elements below this one with ``tag`` and the ``attrs`` given (a trailing
        underscore dropped, ``data_testid`` for ``data-testid``), in the page's order."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (tag is None or child.tag == tag) and all(
                child.attrs.get(k) == v for k, v in wanted.items()
            ):
                found.append(child)
            found.extend(child.all(tag, **attrs))
        return found

    def one(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> where one was expected"
        return found[0]

    def own(self, tag: str) -> list[Element]:
        """The element's children that are ``tag``."""
        return [c for c in self.children if isinstance(c, Element) and c.tag == tag]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self._open[-1].children.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def page_of(client: Any, case: Case) -> Element:
    answer = client.get(f"/cases/{case.pk}/")
    assert answer.status_code == 200
    tree = _Tree()
    tree.feed(answer.content.decode())
    tree.close()
    return tree.root


def clock_row(page: Element, code: str) -> Element:
    clocks = page.one("table", data_testid="clocks")
    return clocks.one("tr", data_testid="clock-row", data_code=code)


def timeline(page: Element) -> list[Element]:
    """The timeline's entries, latest decision first."""
    return page.one("ol", data_testid="timeline").own("li")


def entry_of(page: Element, label: str) -> Element:
    """The timeline's one entry whose heading starts with ``label``."""
    found = [li for li in timeline(page) if li.own("div")[0].text().startswith(label)]
    assert len(found) == 1, [li.own("div")[0].text() for li in timeline(page)]
    return found[0]


def meta_line(entry: Element) -> str:
    """The entry's line of date, agency, number and person."""
    return entry.own("div")[1].text()


def change_forms(page: Element) -> dict[str, str]:
    """The timeline's correction forms: testid → the address they post to."""
    return {
        form.attrs["data-testid"]: form.attrs["action"]
        for form in page.one("ol", data_testid="timeline").all("form")
        if form.attrs.get("data-testid", "").startswith("change-event-")
    }


# --- the table of time limits ------------------------------------------------------------


def test_a_custody_deadline_is_shown_at_its_hour_in_vietnam_not_in_utc(
    client, open_case, demo_users, now
):
    # given: custody from 03:15 on 04/09/2025 in Vietnam, three days to the hour: it runs
    # out at 03:15 on 07/09, which is 20:15 on 06/09 in UTC
    police = demo_users["dieutra.ag"]
    case = open_case(initiated_on=d(2025, 9, 1), charges="353.3")
    person = add_accused(case, police, now, "Lâm Văn Hậu")
    services.case_record_event(
        user=police,
        case_id=case.pk,
        expected_version=None,
        event=services.EventInput(
            type="custody_ordered", date=d(2025, 9, 4), person_id=person.pk, params={"at": "03:15"}
        ),
        now=now,
    )
    custody = Clock.objects.get(case=case, code="CUSTODY")
    assert custody.deadline_at == dt.datetime(2025, 9, 6, 20, 15, tzinfo=dt.UTC)
    sign_in(client, demo_users["noichinh.ag"])

    # when
    row = clock_row(page_of(client, case), "CUSTODY")

    # then
    deadline_cell = row.own("td")[1]
    assert deadline_cell.children[0].strip() == "07/09/2025"
    assert deadline_cell.own("div")[0].attrs == {"class": "small"}
    assert deadline_cell.own("div")[0].text() == "03:15 07/09"
    assert row.attrs["data-deadline"] == "2025-09-07"


def _letters(row: Element) -> list[tuple[str, str]]:
    return [(a.attrs["href"], a.text()) for a in row.all("a") if "/letter/" in a.attrs["href"]]


def test_an_overdue_time_limit_offers_its_follow_up_letter_to_leaders_and_coordinators_only(
    client, open_case, demo_users, now
):
    # given: an investigation initiated 200 days ago, past its deadline (not so long
    # that it reads as a decision never entered), and an expertise asked five days ago
    case = open_case(initiated_on=now.date() - dt.timedelta(days=200))
    record(demo_users["dieutra.ag"], case, "expertise_requested", now.date() - dt.timedelta(5), now)
    investigation = Clock.objects.get(case=case, code="INVESTIGATION")
    expertise = Clock.objects.get(case=case, code="EXPERTISE")
    assert investigation.status == "overdue"
    assert expertise.status not in ("overdue", "missed")
    letter = reverse("documents:clock_letter", args=[investigation.pk])
    seen = {}

    # when
    for username in ("noichinh.ag", "lanhdao.noichinh.ag", "dieutra.ag", "kiemsat.ag"):
        sign_in(client, demo_users[username])
        page = page_of(client, case)
        seen[username] = (
            _letters(clock_row(page, "INVESTIGATION")),
            _letters(clock_row(page, "EXPERTISE")),
            bool(clock_row(page, "INVESTIGATION").all(data_testid="needs-update")),
        )

    # then
    assert letter == f"/documents/clocks/{investigation.pk}/letter/"
    for writer in ("noichinh.ag", "lanhdao.noichinh.ag"):
        assert seen[writer] == ([(letter, "Văn bản đôn đốc")], [], False), writer
    for officer in ("dieutra.ag", "kiemsat.ag"):
        assert seen[officer] == ([], [], False), officer
    sign_in(client, demo_users["noichinh.ag"])
    assert client.get(letter).status_code == 200


def test_an_overdue_detention_that_needs_updating_offers_no_follow_up_letter(
    client, open_case, demo_users, now
):
    # given: a detention never ended on the record in a case suspended since
    start = now.date() - dt.timedelta(days=210)
    case = open_case(initiated_on=start, charges="353.1")
    police = demo_users["dieutra.ag"]
    person = suspect_charge(case, police, now, "Hà Văn Sơn", on=start, charges="353.1")
    detain(case, police, now, person, on=now.date() - dt.timedelta(days=200))
    record(police, case, "investigation_suspended", now.date() - dt.timedelta(days=30), now)
    assert Clock.objects.get(case=case, code="DETENTION").status == "overdue"
    sign_in(client, demo_users["noichinh.ag"])

    # when
    row = clock_row(page_of(client, case), "DETENTION")

    # then
    assert [div.text() for div in row.all("div", data_testid="needs-update")] == [
        "cần cập nhật: chưa ghi nhận quyết định tiếp theo"
    ]
    assert _letters(row) == []


# --- the timeline ------------------------------------------------------------------------


@pytest.fixture
def _files_apart(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.mark.usefixtures("_files_apart")
def test_a_decision_read_from_a_document_links_to_that_document(client, demo_users, now):
    # given: a case initiated by confirming the decision read from its .docx
    police = demo_users["dieutra.ag"]
    case, document, _truth = samples.case_to_initiate(police, now)
    sign_in(client, police)
    uploaded = ("qd-khoi-to-2025.docx", render_docx(document))
    review_at = samples.upload_on_page(client, case, uploaded)["Location"]
    sent = form_posting_to(client.get(review_at).content.decode(), "").data()
    assert client.post(review_at, sent).status_code == 302
    kept = DecisionDocument.objects.get(case=case)
    assert kept.event is not None

    # when
    page = page_of(client, case)

    # then
    initiated, reported = timeline(page)
    link = initiated.one("div", data_testid="decision-document").one("a")
    assert link.attrs["href"] == f"/cases/{case.pk}/documents/{kept.pk}/file"
    assert link.text() == "Văn bản: qd-khoi-to-2025.docx"
    assert reported.all(data_testid="decision-document") == []
    assert client.get(link.attrs["href"]).status_code == 200


def test_a_decision_known_to_the_month_is_dated_by_its_month(client, open_case, demo_users, now):
    # given
    police = demo_users["dieutra.ag"]
    case = open_case(initiated_on=d(2025, 8, 4))
    record(police, case, "expertise_requested", d(2025, 9, 10), now, date_known="month")
    assert CaseEvent.objects.get(case=case, type="expertise_requested").date == d(2025, 9, 30)
    sign_in(client, police)

    # when
    page = page_of(client, case)

    # then
    assert meta_line(entry_of(page, "Trưng cầu giám định")) == f"tháng 09/2025 · {police.agency}"
    assert meta_line(entry_of(page, "Khởi tố vụ án")) == f"04/08/2025 · {police.agency}"


def test_a_transfer_names_the_body_that_received_the_case(client, open_case, demo_users, now):
    # given
    police = demo_users["dieutra.ag"]
    case = open_case(initiated_on=d(2025, 8, 4))
    ministry = Agency.objects.get(code="BCA-C03")
    record(police, case, "case_transferred", d(2025, 10, 1), now, to=ministry.pk)
    sign_in(client, police)

    # when
    page = page_of(client, case)

    # then
    transferred, initiated = timeline(page)
    assert [div.text() for div in transferred.all(data_testid="transfer-to")] == [
        f"Chuyển đến {ministry.name}"
    ]
    assert initiated.all(data_testid="transfer-to") == []
    # the police, which entered both, record no more once the case left them
    assert change_forms(page) == {}


def test_each_agency_may_correct_only_the_decisions_it_entered(client, open_case, demo_users, now):
    # given: the police's initiation and expertise request, then the procuracy's valuation
    # request
    police, procuracy = demo_users["dieutra.ag"], demo_users["kiemsat.ag"]
    open_case("Vụ án khác, mở trước", initiated_on=d(2025, 8, 4))  # row ids ≠ sequences
    case = open_case(initiated_on=d(2025, 8, 4))
    record(police, case, "expertise_requested", d(2025, 9, 1), now)
    record(procuracy, case, "valuation_requested", d(2025, 9, 2), now)
    case.refresh_from_db()
    sequences = dict(CaseEvent.objects.filter(case=case).values_list("type", "sequence"))
    forms = {}

    # when
    for username in ("dieutra.ag", "kiemsat.ag", "noichinh.ag"):
        sign_in(client, demo_users[username])
        forms[username] = change_forms(page_of(client, case))

    # then
    def expected(*types: str) -> dict[str, str]:
        return {
            f"change-event-{sequences[t]}": f"/cases/{case.pk}/events/{sequences[t]}/change/"
            for t in types
        }

    assert forms["dieutra.ag"] == expected("case_initiated", "expertise_requested")
    assert forms["kiemsat.ag"] == expected("valuation_requested")
    assert forms["noichinh.ag"] == {}
