"""`phoihop demo-data` builds the whole demo for any seed, each step taken by an account
the product's own rules allow; a step that cannot be taken is a message naming it, never
a traceback."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from phoihop.agencies.models import Agency
from phoihop.audit.services import audit_verify
from phoihop.cases.models import Case
from phoihop.coordination.models import Directive, Escalation, Meeting, Request
from phoihop.publicity.models import PressRelease

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
SEEDS = range(30)
CASES = 40  # few: most seeds' own cases give An Giang nothing under investigation


def demo_data(*arguments: str) -> str:
    out = io.StringIO()
    call_command("demo_data", *arguments, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("seed", SEEDS)
def test_every_seed_builds_the_whole_demo(seed: int) -> None:
    # Given an empty database, when the demo is built from this seed
    demo_data("--cases", str(CASES), "--seed", str(seed))

    # then it holds every story: requests, a meeting escalating to the competent
    # authority, that authority's directive, published releases, and an intact chain
    assert Case.objects.count() == CASES
    assert Request.objects.exists()
    assert Meeting.objects.filter(status="closed").count() == 1
    escalation = Escalation.objects.get()
    assert Directive.objects.filter(escalation=escalation).exists()
    assert PressRelease.objects.filter(status="published").exists()
    verified = io.StringIO()
    call_command("audit", "verify", stdout=verified)
    assert "Audit chain intact" in verified.getvalue()


def test_a_centrally_monitored_escalation_is_answered_by_the_central_authority(  # type: ignore[no-untyped-def]
    demo_users, now
):
    # Given An Giang's cases under investigation, all put on the central Committee's
    # list by the provincial Steering Committee (the case of issue 23's seed)
    from phoihop.cases.services import case_edit
    from phoihop.demo.coordination import demo_coordination_load
    from phoihop.demo.loader import demo_cases_load

    demo_cases_load(count=CASES, seed=3, today=now.date())
    investigated = Case.objects.filter(province__code="AG", stage="investigation")
    assert investigated.exists()
    for case in investigated:
        case_edit(
            user=demo_users["bcd.ag"],
            case_id=case.pk,
            expected_version=case.version,
            changes={"monitoring": "central"},
            now=now,
        )

    # when the coordination is built
    demo_coordination_load(today=now.date(), seed=3)

    # then the escalation went to the central authority, and an account of it answered
    directive = Directive.objects.select_related("escalation__authority", "issuing_agency").get()
    assert directive.escalation.authority.level == "central"
    assert directive.issuing_agency.level == "central"
    assert directive.issuing_agency.kind in {"steering", "internal_affairs"}
    assert audit_verify().ok


def test_a_step_the_product_refuses_names_the_step_and_keeps_nothing_of_it(today):  # type: ignore[no-untyped-def]
    # Given a registry in which An Giang's forensic expertise body was dissolved two
    # months ago (the demo's requests are dated within the last four weeks)
    expertise = Agency.objects.get(code="AG-PY")
    expertise.valid_to = today - dt.timedelta(days=60)
    expertise.valid_from = min(expertise.valid_from, expertise.valid_to)
    expertise.save()

    # when the demo is built, its police cannot send the expertise requests
    with pytest.raises(CommandError) as refused:
        demo_data("--cases", str(CASES), "--seed", "5")

    # then the message names the step and gives the product's reason; the cases stay,
    # nothing of the coordination was written, and the chain is intact
    message = str(refused.value)
    assert "bước «gửi yêu cầu phối hợp, nêu vướng mắc và đặt kế hoạch»" in message
    assert "Cơ quan nhận không có trong danh mục." in message
    assert Case.objects.count() == CASES
    assert not Request.objects.exists()
    assert not Meeting.objects.exists()
    assert audit_verify().ok


@pytest.mark.parametrize(
    ("option", "field"), [("--cases", "Số vụ án (--cases)"), ("--batch-size", "Cỡ lô")]
)
def test_a_count_below_its_range_is_refused_by_name(option: str, field: str) -> None:
    # Given / when a negative count is asked for
    with pytest.raises(CommandError) as refused:
        demo_data(option, "-1")

    # then the message names the option, and nothing is loaded
    assert field in str(refused.value)
    assert not Case.objects.exists()


def test_the_command_line_reports_a_failed_step_without_a_traceback(tmp_path: Path) -> None:
    # Given a fresh installation on its own database, with the demo already loaded
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHOIHOP_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'phoihop.sqlite3'}",
        "PHOIHOP_VAR_DIR": str(tmp_path),
    }

    def phoihop(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(Path(sys.executable).parent / "phoihop"), *command],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    for setup in (["migrate", "--noinput", "-v", "0"], ["createcachetable"]):
        assert phoihop(*setup).returncode == 0
    first = phoihop("demo-data", "--cases", "20", "--seed", "4")
    assert first.returncode == 0, first.stderr

    # when a new user runs the same command again
    again = phoihop("demo-data", "--cases", "20", "--seed", "4")

    # then it fails with a Vietnamese message naming the step, and no traceback
    assert again.returncode == 1
    assert "bước «tạo vụ án mẫu»" in again.stderr
    assert "--if-empty" in again.stderr
    assert "Traceback" not in again.stderr + again.stdout
