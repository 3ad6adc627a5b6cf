"""The inbox in Debian's Chromium: the An Giang police send a request to the forensic
centre, which finds it in its inbox under the case's name and answers it; the answer
arrives in the police's inbox as a new item, under the case's name. Each side's request
page offers only that side's actions, each button named for what it does."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.functional.conftest import login, send_expertise_request, sign_in_as

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

SUBJECT = "Trưng cầu giám định chữ ký trên hồ sơ thanh toán"
ANSWER = "Kết luận giám định số 21/KL-PY: chữ ký không phải của người đứng tên."


def test_an_answer_arrives_in_the_senders_inbox_as_a_new_item_naming_the_case(
    page, open_case, registry
):
    case = open_case("Vụ án tham ô tài sản tại Ban Quản lý dự án đầu tư xây dựng tỉnh An Giang")

    # The police send the request from the case page, then look at their inbox.
    login(page, "dieutra.ag")
    send_expertise_request(page, case.pk, registry["AG-PY"].pk, SUBJECT)
    actions = page.get_by_test_id("request-actions")
    expect(actions.get_by_role("button")).to_have_text(["Hủy yêu cầu"])
    expect(page.locator("textarea[name=answer]")).to_have_count(0)
    expect(page.get_by_role("button", name="Đã hủy")).to_have_count(0)
    page.get_by_role("link", name="Việc cần xử lý").first.click()
    sent = page.get_by_test_id("inbox-item").filter(has_text=SUBJECT)
    expect(sent).to_contain_text("Yêu cầu đã gửi")
    expect(page.get_by_test_id("inbox-group").filter(has=sent)).to_contain_text(case.title)

    # The forensic centre finds it under the case's name and answers it.
    sign_in_as(page, "giamdinh.ag")
    page.get_by_role("link", name="Việc cần xử lý").click()
    group = page.get_by_test_id("inbox-group").filter(has_text=SUBJECT)
    expect(group.get_by_test_id("group-case")).to_have_text(case.title)
    expect(group).to_contain_text(f"#{case.pk}")
    received = group.get_by_test_id("inbox-item").filter(has_text=SUBJECT)
    expect(received).to_contain_text("Yêu cầu nhận được")
    expect(received).to_contain_text("từ CQCSĐT Công an tỉnh An Giang")
    received.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_test_id("request-case")).to_contain_text(case.title)
    answer = page.get_by_test_id("answer-form")
    answer.locator("textarea[name=answer]").fill(ANSWER)
    answer.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_test_id("request-status")).to_have_text("Đã trả lời")
    expect(page.get_by_test_id("request-actions")).to_have_count(0)

    # The police's inbox shows the answer as a new item under the case's name.
    sign_in_as(page, "dieutra.ag")
    page.get_by_role("link", name="Việc cần xử lý").click()
    reply = page.get_by_test_id("inbox-item").filter(has_text=SUBJECT)
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("Trả lời yêu cầu đã gửi")
    expect(reply).to_contain_text("Đã trả lời")
    expect(reply).to_contain_text(ANSWER[:40])
    expect(reply.get_by_test_id("new-mark")).to_have_text("Mới")
    expect(page.get_by_test_id("inbox-group").filter(has=reply)).to_contain_text(case.title)
    expect(page.get_by_test_id("new-count")).to_have_text("1 mới")

    # Looked at, it is no longer new; it opens on the answer.
    page.reload()
    expect(reply.get_by_test_id("new-mark")).to_have_count(0)
    reply.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_test_id("request-answer")).to_contain_text(ANSWER)
