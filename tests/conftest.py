"""Fixtures shared by the integration and functional tests: the real registry and the
demo accounts, built through the same services production uses."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Each test starts with the empty cache of a freshly started server: what one test
    cached (the early warning's curves, API rate counters) is not another's data."""
    from django.core.cache import cache

    cache.clear()


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


@pytest.fixture
def now():  # type: ignore[no-untyped-def]
    """Now, in Vietnam's time: ``now.date()`` is the product's today (from 17:00 UTC
    Vietnam is already a day ahead of a server on UTC)."""
    from django.utils import timezone

    from phoihop.core.clock import now as clock_now

    return timezone.localtime(clock_now())


@pytest.fixture
def today(now):  # type: ignore[no-untyped-def]
    """Today in Vietnam, as the pages, the services and the sweep see it. Tests take the
    day from here, never from the machine: the hard-days run (``make test-hard-days``)
    moves the clock under the whole suite."""
    return now.date()


@pytest.fixture
def open_case(demo_users, now):  # type: ignore[no-untyped-def]
    """A factory: an An Giang case opened by the provincial police through the real
    service, initiated on ``initiated_on`` with the given charges."""
    import datetime as dt

    from phoihop.cases import services
    from phoihop.domain.procedure.events import EventType

    def make(
        title: str = "Vụ án tham nhũng tại Ban Quản lý dự án xã Mỹ Hòa Hưng",
        *,
        initiated_on: dt.date | None = None,
        charges: str = "353.3",
        classification: int = 0,
        user: str = "dieutra.ag",
    ):  # type: ignore[no-untyped-def]
        officer = demo_users[user]
        if classification > officer.clearance:  # a leader with the clearance opens it
            officer.clearance = classification
            officer.save(update_fields=["clearance"])
        initiated_on = initiated_on or (now.date() - dt.timedelta(days=30))
        province_id = officer.agency.province_id
        from phoihop.agencies.models import Agency

        partners = Agency.objects.valid_on(now.date()).filter(
            province_id=province_id, kind__in=["procuracy", "court"], level="provincial"
        )
        return services.case_create(
            user=officer,
            data=services.CaseInput(
                kind="criminal_case",
                title=title,
                province_id=province_id,
                classification=classification,
                agency_ids=[a.pk for a in partners],
                first_event=services.EventInput(
                    type=EventType.CASE_INITIATED.value,
                    date=initiated_on,
                    params={"charges": charges},
                ),
            ),
            now=now,
        )

    return make


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the registry once into the test database; tests roll back on top of it."""
    from phoihop.agencies.services import registry_load

    with django_db_blocker.unblock():
        registry_load()
