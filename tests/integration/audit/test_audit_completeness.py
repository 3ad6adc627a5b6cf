"""The audit trail misses nothing it must hold: admin-site changes (users, tokens), and
no write happens whose entry cannot be written."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from phoihop.audit.models import AuditEvent
from phoihop.cases.models import CaseEvent
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def test_the_admin_site_adds_and_deletes_users_only_with_an_audit_entry(client, demo_users):
    from django.contrib.auth import get_user_model

    sign_in(client, demo_users["admin"])

    added = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "can.bo.tam",
            "usable_password": "true",
            "password1": "mat-khau-tam-thoi-2026",
            "password2": "mat-khau-tam-thoi-2026",
        },
    )
    assert added.status_code == 302
    user = get_user_model().objects.get(username="can.bo.tam")
    deleted = client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302

    entries = AuditEvent.objects.filter(action="admin.changed", target_id=str(user.pk))
    assert [(e.actor, e.data["model"], e.data["flag"]) for e in entries.order_by("seq")] == [
        ("admin", "accounts.User", "added"),
        ("admin", "accounts.User", "deleted"),
    ]


def test_revoking_tokens_on_the_admin_site_is_audited_per_token(client, demo_users, now):
    from phoihop.accounts.models import ApiToken
    from phoihop.accounts.tokens import token_create

    token_create(user=demo_users["dieutra.ag"], name="hệ thống A", now=now)
    token_create(user=demo_users["dieutra.ag"], name="hệ thống B", now=now)
    sign_in(client, demo_users["admin"])

    response = client.post(
        "/admin/accounts/apitoken/",
        {
            "action": "revoke",
            "_selected_action": [str(t.pk) for t in ApiToken.objects.all()],
        },
    )

    assert response.status_code == 302
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="token.revoked").count() == 2


def test_a_decision_whose_audit_entry_cannot_be_written_is_not_recorded(demo_users, open_case):
    case = open_case()
    events_before = CaseEvent.objects.filter(case=case).count()
    client = Client(raise_request_exception=False)
    sign_in(client, demo_users["dieutra.ag"])
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:  # the audit table unwritable: a fault, not a mock
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        response = client.post(
            f"/cases/{case.pk}/events/",
            {
                "type": "expertise_requested",
                "date": case.opened_on.isoformat(),
                "version": case.version,
            },
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")

    assert response.status_code == 500
    assert CaseEvent.objects.filter(case=case).count() == events_before
