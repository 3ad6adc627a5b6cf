"""A national or year-long periodic report is made by the worker and downloaded from
its job's page; a province's monthly report is still downloaded at once."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from phoihop.audit.models import AuditEvent
from phoihop.jobs.models import Job, JobKind, JobState
from phoihop.reports.forms import period_choices
from tests.jobs import run_queued_jobs
from tests.signin import sign_in, signing_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


def _post(client: Client, user, **form: str):  # type: ignore[no-untyped-def]
    sign_in(client, user)
    return client.post("/overview/report/", {"format": "docx", **signing_form(user.agency), **form})


def test_a_years_report_is_made_by_the_worker_and_downloaded_from_its_page(
    client, demo_users, today
):
    user = demo_users["noichinh.ag"]
    response = _post(client, user, period=str(today.year - 1))

    job = Job.objects.get()
    assert response.status_code == 302
    assert (job.kind, job.state) == (JobKind.REPORT, JobState.QUEUED)
    assert not AuditEvent.objects.filter(action="report.issued").exists()

    run_queued_jobs()

    job.refresh_from_db()
    page = client.get(response["Location"]).content.decode()
    download = client.get(f"{response['Location']}file/")
    content = b"".join(download.streaming_content)
    assert job.state == JobState.DONE
    assert 'data-testid="job-file"' in page
    assert download.status_code == 200
    assert (
        f"bao-cao-{today.year - 1}0101-{today.year - 1}1231-toan-bo.docx"
        in (download["Content-Disposition"])
    )
    assert zipfile.is_zipfile(io.BytesIO(content))
    assert AuditEvent.objects.filter(action="report.issued", actor=user.username).count() == 1
    other = Client()
    sign_in(other, demo_users["noichinh.tw"])
    assert other.get(f"{response['Location']}file/").status_code == 404


def test_the_nations_report_goes_to_the_worker_a_provinces_month_does_not(
    client, demo_users, today
):
    from phoihop.agencies.models import Province

    month = period_choices(today)[0][0]
    central = demo_users["noichinh.tw"]
    an_giang = str(Province.objects.get(code="AG").pk)

    national = _post(client, central, period=month)
    province = _post(client, central, period=month, province=an_giang)
    provincial = _post(Client(), demo_users["noichinh.ag"], period=month)

    assert national.status_code == 302
    assert province.status_code == 200
    assert "attachment" in province["Content-Disposition"]
    assert provincial.status_code == 200
    assert Job.objects.count() == 1


def test_a_report_whose_form_no_longer_holds_fails_with_the_reason(client, demo_users, today):
    user = demo_users["noichinh.ag"]
    _post(client, user, period=str(today.year - 1))
    signer = signing_form(user.agency)["signer"]
    type(user).objects.filter(pk=signer).update(is_active=False)  # the signer has left

    run_queued_jobs()

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.failure.startswith("Biểu mẫu báo cáo không còn hợp lệ: ")
