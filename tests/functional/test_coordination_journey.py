"""The coordination chain of issue "Coordination" in Debian's Chromium, clicked as the
users of five An Giang agencies would: an expertise request goes overdue, the sweep
reminds the forensic centre, an obstacle is raised, the Internal Affairs Commission
holds a meeting where the police and the procuracy disagree, the disagreement goes up
to the Steering Committee, whose directive gives the police a task they report done."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from phoihop.coordination.models import Request, Task
from phoihop.core.calendar_service import current_calendar
from phoihop.core.clock import today
from phoihop.domain.coordination.requests import RequestKind, due_date_for
from tests.functional.conftest import login, send_expertise_request, sign_in_as

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

SUBJECT = "Trưng cầu giám định thiệt hại gói thầu số 7"
POLICE_POSITION = "Đủ căn cứ khởi tố bị can về tội Tham ô tài sản."
PROCURACY_POSITION = "Chưa đủ căn cứ khởi tố; cần chờ kết luận giám định thiệt hại."
QUESTION = "Xin ý kiến Ban Chỉ đạo tỉnh về thời điểm khởi tố bị can."
TASK = "Phối hợp Trung tâm Pháp y hoàn thành giám định thiệt hại trong 10 ngày."


def back_date(request: Request, days: int) -> None:
    """Make the request as if the police had sent it ``days`` days ago.

    The page always sends a request today, and nothing can move the server's clock
    under a live server, so the request is sent through the page and then its sent
    date is moved back with a queryset update. Its due date is recomputed by the same
    rule the service uses (the nine-day expertise period counted by the clock engine)
    from that earlier day, so the record is the one the service would have written on
    that day; the case was initiated 30 days ago, before the new sent date."""
    sent_on = request.sent_on - dt.timedelta(days=days)
    due = due_date_for(
        RequestKind(request.kind),
        sent_on=sent_on,
        calendar=current_calendar(),
        variant=request.variant,
    )
    Request.objects.filter(pk=request.pk).update(sent_on=sent_on, due_on=due.due_on)


def test_an_overdue_expertise_goes_up_to_a_directive_and_its_task_is_reported_done(
    page, open_case, registry
):
    case = open_case("Vụ án tham ô tài sản tại Ban Quản lý dự án đầu tư xây dựng tỉnh An Giang")
    police, procuracy, forensic = registry["AG-CSDT"], registry["AG-VKS"], registry["AG-PY"]
    committee = registry["AG-BCD"]

    # The police request a nine-day expertise from the An Giang forensic centre.
    login(page, "dieutra.ag")
    send_expertise_request(page, case.pk, forensic.pk, SUBJECT)
    request = Request.objects.get(subject=SUBJECT)
    assert (request.from_agency_id, request.to_agency_id) == (police.pk, forensic.pk)

    # Three weeks pass without an answer; the nightly sweep reminds the forensic centre.
    back_date(request, days=21)
    call_command("sweep", stdout=io.StringIO())

    sign_in_as(page, "giamdinh.ag")
    page.get_by_role("link", name="Việc cần xử lý").click()
    group = page.get_by_test_id("inbox-group").filter(has_text=case.title)
    incoming = group.get_by_test_id("inbox-item").filter(has_text=SUBJECT)
    expect(incoming).to_have_count(1)
    expect(incoming).to_contain_text("Yêu cầu nhận được")
    expect(incoming).to_contain_text("quá hạn")
    expect(incoming).to_contain_text("đã đôn đốc ngày")

    # The forensic centre raises the obstacle on the case.
    group.get_by_test_id("group-case").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    page.get_by_role("link", name="Nêu khó khăn, vướng mắc").click()
    page.select_option("#id_category", "expertise")
    page.fill("#id_description", "Hồ sơ trưng cầu thiếu chứng từ thanh toán gói thầu số 7.")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    expect(page.get_by_test_id("obstacles")).to_contain_text("Giám định")
    expect(page.get_by_test_id("obstacles")).to_contain_text("Mới phát sinh")

    # The Internal Affairs Commission calls the police and the procuracy, and holds it.
    sign_in_as(page, "noichinh.ag")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Triệu tập họp").click()
    expect(page.locator("#id_cases")).to_have_value(str(case.pk))
    page.fill("#id_title", "Họp liên ngành tháo gỡ vướng mắc về giám định thiệt hại")
    page.fill("#id_chair_name", "Trần Minh Khoa")
    page.fill("#id_start_time", "08:30")
    page.fill("#id_place", "Trụ sở Ban Nội chính Tỉnh ủy An Giang")
    page.select_option("#id_participants", [str(police.pk), str(procuracy.pk)])
    page.get_by_role("button", name="Triệu tập", exact=True).click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Dự kiến")
    meeting_url = page.url
    page.get_by_role("button", name="Ghi nhận đã họp").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Đã họp")

    # The police and the procuracy each record a different position.
    for username, position in (("dieutra.ag", POLICE_POSITION), ("kiemsat.ag", PROCURACY_POSITION)):
        sign_in_as(page, username)
        page.goto(meeting_url)
        form = page.get_by_test_id("position-form")
        form.locator("textarea").fill(position)
        form.get_by_role("button", name="Ghi nhận ý kiến của cơ quan").click()
        expect(page.get_by_test_id("positions")).to_contain_text(position)

    # The chair records "not agreed": the question goes to the Steering Committee.
    sign_in_as(page, "noichinh.ag")
    page.goto(meeting_url)
    expect(page.get_by_test_id("positions").locator("li")).to_have_count(2)
    conclude = page.get_by_test_id("conclude-form")
    conclude.locator("select").select_option("no")
    conclude.locator("textarea").fill(QUESTION)
    conclude.get_by_role("button", name="Ghi nhận kết quả").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Chưa thống nhất")
    expect(page.get_by_test_id("agenda-item")).to_contain_text("đã xin ý kiến")

    # The Steering Committee finds the escalation in its inbox and gives a directive.
    sign_in_as(page, "bcd.ag")
    page.get_by_role("link", name="Việc cần xử lý").click()
    escalation = page.get_by_test_id("inbox-item").filter(has_text="Chờ ý kiến chỉ đạo")
    escalation.get_by_role("link", name=QUESTION).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(committee.name)
    positions = page.get_by_test_id("escalated-positions")
    expect(positions).to_contain_text(POLICE_POSITION)
    expect(positions).to_contain_text(PROCURACY_POSITION)
    form = page.get_by_test_id("directive-form")
    form.locator("#id_doc_number").fill("15-TB/BCĐ")
    form.locator("#id_content").fill("Giao Cơ quan Cảnh sát điều tra hoàn thành giám định.")
    form.locator("#id_task_agency").select_option(str(police.pk))
    form.locator("#id_task_description").fill(TASK)
    form.locator("#id_task_due_on").fill((today() + dt.timedelta(days=10)).isoformat())
    form.get_by_role("button", name="Ghi nhận ý kiến chỉ đạo").click()
    task_row = page.get_by_test_id("task-row").filter(has_text=TASK)
    expect(task_row.get_by_test_id("task-status")).to_have_text("Đang thực hiện")

    # The police find the task in their inbox and report it done.
    sign_in_as(page, "dieutra.ag")
    page.get_by_role("link", name="Việc cần xử lý").click()
    task_item = page.get_by_test_id("inbox-item").filter(has_text="Nhiệm vụ được giao")
    task_item.get_by_role("link", name=TASK).click()
    page.get_by_test_id("task-row").filter(has_text=TASK).get_by_role(
        "link", name="Báo cáo"
    ).click()
    page.fill("#id_percent", "100")
    page.fill("#id_text", "Đã có kết luận giám định thiệt hại số 21/KL-PY.")
    page.check("#id_done")
    page.get_by_role("button", name="Báo cáo", exact=True).click()

    task_row = page.get_by_test_id("task-row").filter(has_text=TASK)
    expect(task_row.get_by_test_id("task-status")).to_have_text("Đã hoàn thành")
    expect(task_row).to_contain_text("100%")
    assert Task.objects.get(description=TASK).done_on == today()
