"""Fixtures shared by the integration and functional tests: the real registry and the
demo accounts, built through the same services production uses."""

from __future__ import annotations

import pytest


@pytest.fixture
def registry(db):  # type: ignore[no-untyped-def]
    from phoihop.agencies.models import Agency
    from phoihop.agencies.services import registry_load

    if not Agency.objects.exists():
        registry_load()
    return Agency.objects.in_bulk(field_name="code")


@pytest.fixture
def demo_users(registry):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from phoihop.demo.users import demo_users_create

    demo_users_create()
    return {u.username: u for u in get_user_model().objects.select_related("agency")}
