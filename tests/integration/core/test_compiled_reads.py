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


def test_a_cases_decisions_are_read_with_their_related_rows_as_the_orm_reads_them(  # type: ignore[no-untyped-def]
    open_case, demo_users, now
) -> None:
    from phoihop.cases.models import CaseEvent
    from phoihop.core.compiled import RowsByKey, as_prefetched
    from tests.records import suspect_charge

    case = open_case("Vụ án có bị can")
    suspect_charge(
        case, demo_users["dieutra.ag"], now, "Nguyễn Văn A", on=now.date(), charges="353.3"
    )
    open_case("Vụ án khác")

    def rows_for(case_id):  # type: ignore[no-untyped-def]
        return (
            CaseEvent.objects.filter(case_id=case_id)
            .select_related("agency", "person", "entered_by", "document")
            .defer("document__text", "document__reading")
            .order_by("sequence")
        )

    read = RowsByKey(rows_for)
    for other in Case.objects.all():
        expected = list(rows_for(other.pk))
        with CaptureQueriesContext(connection) as asked:
            found = read.all(other.pk)
            # A decision with no document has none (a reverse one-to-one, asked without a query).
            related = [
                (e.agency, e.person, e.entered_by, getattr(e, "document", None)) for e in found
            ]
        assert len(asked) == 1  # the related rows came with the decisions
        assert [e.sequence for e in found] == [e.sequence for e in expected]
        assert any(person is not None for _, person, _, _ in related) == (other.pk == case.pk)
        for mine, theirs in zip(found, expected, strict=True):
            assert _fields(mine) == _fields(theirs)
            for name in ("agency", "person", "entered_by"):
                mine_related, theirs_related = getattr(mine, name), getattr(theirs, name)
                assert (mine_related and _fields(mine_related)) == (
                    theirs_related and _fields(theirs_related)
                )
            assert getattr(mine, "document", None) is None is getattr(theirs, "document", None)
    assert read.all(10**9) == []

    # Kept on the case as a prefetch leaves it: the case's decisions answer them, and
    # each decision its case, without a query.
    case = Case.objects.get(pk=case.pk)
    rows = read.all(case.pk)
    as_prefetched(case, "events", rows)
    with CaptureQueriesContext(connection) as asked:
        assert list(case.events.all()) == rows
        assert all(e.case is case for e in rows)
    assert len(asked) == 0


def test_rows_that_do_not_depend_on_the_key_are_refused() -> None:
    from phoihop.core.compiled import RowsByKey

    with pytest.raises(ValueError, match="key"):
        RowsByKey(lambda case_id: Case.objects.filter(pk=1)).all(1)
