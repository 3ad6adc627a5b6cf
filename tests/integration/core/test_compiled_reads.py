"""Rows read by their key through a statement compiled once (``core.compiled``): the
same instances, field by field and with their related rows, as the ORM's own read, for
every row of the demo, and none for a key no row has."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.accounts.models import ApiToken
from phoihop.accounts.tokens import token_create
from phoihop.cases.models import Case
from phoihop.core.compiled import ReadByKey

pytestmark = pytest.mark.django_db


def _fields(instance):  # type: ignore[no-untyped-def]
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_a_case_is_read_with_its_province_as_the_orm_reads_it(open_case) -> None:  # type: ignore[no-untyped-def]
    open_case("Vụ án thứ nhất")
    open_case("Vụ án thứ hai")
    read = ReadByKey(Case, "pk", related="province")

    for expected in Case.objects.select_related("province"):
        with CaptureQueriesContext(connection) as asked:
            found = read.get(expected.pk)
            province = found.province

        assert len(asked) == 1  # the province came with the case
        assert _fields(found) == _fields(expected)
        assert _fields(province) == _fields(expected.province)
        assert not found._state.adding
        assert found._state.db == "default"

    assert read.get(10**9) is None


def test_a_token_is_read_with_its_user_and_agency_as_the_orm_reads_it(demo_users, now) -> None:  # type: ignore[no-untyped-def]
    for user in [*demo_users.values(), get_user_model().objects.create_user("khong.co.quan")]:
        token_create(user=user, now=now)
    read = ReadByKey(ApiToken, "digest", related="user__agency", key_type=str)

    tokens = list(ApiToken.objects.select_related("user__agency"))
    assert any(t.user.agency_id is None for t in tokens)  # one without an agency too
    for expected in tokens:
        with CaptureQueriesContext(connection) as asked:
            found = read.get(expected.digest)
            user, agency = found.user, found.user.agency

        assert len(asked) == 1
        assert _fields(found) == _fields(expected)
        assert _fields(user) == _fields(expected.user)
        if expected.user.agency is None:
            assert agency is None
        else:
            assert _fields(agency) == _fields(expected.user.agency)

    assert read.get("a digest no token has") is None


def test_the_signed_in_user_is_read_with_their_agency_as_the_orm_reads_them(demo_users) -> None:  # type: ignore[no-untyped-def]
    User = get_user_model()
    users = [*demo_users.values(), User.objects.create_user("khong.co.quan")]

    for expected in users:
        with CaptureQueriesContext(connection) as asked:
            found = User.objects.get(pk=expected.pk)  # as ModelBackend.get_user asks
            agency = found.agency

        assert len(asked) == 1
        assert _fields(found) == _fields(User.objects.filter(pk=expected.pk).first())
        assert (agency and _fields(agency)) == (expected.agency and _fields(expected.agency))

    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=10**9)


def test_a_session_is_read_by_its_key_until_it_expires(demo_users) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.sessions.backends.db import SessionStore as DjangosStore

    from phoihop.accounts.session_store import SessionStore

    written = DjangosStore()
    written["_auth_user_id"] = str(demo_users["dieutra.ag"].pk)
    written.create()

    with CaptureQueriesContext(connection) as asked:
        read = SessionStore(written.session_key)
        assert read["_auth_user_id"] == str(demo_users["dieutra.ag"].pk)
    assert len(asked) == 1

    written.set_expiry(-1)
    written.save()
    expired = SessionStore(written.session_key)
    assert "_auth_user_id" not in expired
    assert expired.session_key is None  # a new session would get a new key
    assert "_auth_user_id" not in SessionStore("no-such-session-key-000000000000")
