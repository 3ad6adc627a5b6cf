"""The case search by word beginnings: one table of queries, the same answers on SQLite
(FTS5) and PostgreSQL (tsvector), and the word index kept by every way a case is
written."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
from types import SimpleNamespace

import pytest
from django.db import connection

from phoihop.accounts.access import actor_for
from phoihop.agencies.models import Agency, Province
from phoihop.cases import services
from phoihop.cases.derived import search_text_for
from phoihop.cases.models import Case, CaseAgency
from phoihop.cases.search import SQLITE_TABLE, SQLITE_TRIGGERS, ProvinceWords, WordsMatch
from phoihop.cases.selectors import CaseFilters, case_list_for, visible_cases
from phoihop.domain.procedure.events import EventType

pytestmark = pytest.mark.django_db

# Each case: who opens it (their province), its national code, title, summary, persons.
CASES = {
    "corruption": (
        "dieutra.ag",
        "AG-2024-000123",
        "Vụ án tham nhũng tại Sở Tài nguyên và Môi trường tỉnh An Giang",
        "Khởi tố theo Quyết định số 101/2024/QĐ-CSĐT.",
        ["Nguyễn Văn Phước", "Lê Thị Hồng"],
    ),
    "tender": (
        "dieutra.ag",
        "AG-2025-000045",
        "Vụ án những sai phạm về đấu thầu tại thị xã Phước Long",
        "Kế toán liên hệ qua ketoan@congty.vn; tỷ lệ chênh lệch 1.5%; mã_hồ_sơ K-77.",
        [],
    ),
    "numbered": (
        "dieutra.ag",
        None,
        "Vụ án số 01/2024 cố ý làm trái tại Công ty Lương thực",
        "",
        ["Trịnh Văn Đức"],
    ),
    "hanoi": (
        "dieutra.hn",
        "HN-2024-000777",
        "Vụ án tham ô tài sản tại Hà Nội",
        "",
        ["Trần Thị Hưng"],
    ),
}

# Query → the cases found by the central commission (every province), optionally
# within one province (its registry code).
TABLE: list[tuple[str, str | None, set[str]]] = [
    # diacritics and case
    ("tham nhung", None, {"corruption"}),
    ("THAM NHŨNG", None, {"corruption"}),
    ("Tham nhũng", None, {"corruption"}),
    ("dau thau", None, {"tender"}),
    ("Đấu thầu", None, {"tender"}),
    ("duc", None, {"numbered"}),
    # a word's beginning, never its inside
    ("nhung", None, {"corruption", "tender"}),  # "nhũng" and "những" both fold to it
    ("hung", None, {"hanoi"}),  # "Hưng", not "nhũng"
    ("phuoc", None, {"corruption", "tender"}),  # "Phước" and "Phước Long"
    ("phuoc long", None, {"tender"}),
    ("Phước Long", None, {"tender"}),
    ("ngu", None, {"corruption"}),  # "Nguyễn"
    ("guyen", None, set()),
    ("tham o", None, {"hanoi"}),
    ("tai", None, set(CASES)),
    # several words: each must be there, anywhere
    ("phuoc hong", None, {"corruption"}),
    ("phuoc ha noi", None, set()),
    ("nguyen van phuoc", None, {"corruption"}),
    # the province filter
    ("tham", "AG", {"corruption"}),
    ("tham", "HN", {"hanoi"}),
    ("phuoc", "HN", set()),
    ("tham nhung", "HN", set()),
    # no match
    ("buon lau", None, set()),
    ("xyz", "AG", set()),
    # punctuation
    ("tham, nhũng!", None, {"corruption"}),
    ("tham -", None, {"corruption", "hanoi"}),
    ("(phuoc)", None, {"corruption", "tender"}),
    ("congty", None, {"tender"}),  # inside an address: PostgreSQL's parser sees no host
    ("ketoan@congty.vn", None, {"tender"}),
    ("congty.vn", None, {"tender"}),
    ("1.5", None, {"tender"}),
    ("1.5%", None, {"tender"}),
    ("ma ho so", None, {"tender"}),  # "_" ends a word
    ("k-77", None, {"tender"}),
    # case numbers and national codes
    ("01/2024", None, {"numbered"}),
    ("01/20", None, {"numbered"}),
    ("1/2024", None, set()),
    ("01/2025", None, set()),
    ("101/2024", None, {"corruption"}),
    ("101/2024/QĐ-CSĐT", None, {"corruption"}),
    ("2024/qd", None, {"corruption"}),
    ("AG-2024-000123", None, {"corruption"}),
    ("ag-2024-0001", None, {"corruption"}),
    ("2024-000123", None, {"corruption"}),
    ("000123", None, {"corruption"}),
    ("123", None, set()),
    ("AG-2024", None, {"corruption"}),
    ("ag 2024", None, {"corruption"}),
    ("HN-2024-000777", "HN", {"hanoi"}),
    ("HN-2024-000777", "AG", set()),
    ("2024-000777 tham", None, {"hanoi"}),
]


@pytest.fixture
def found_cases(demo_users, now):  # type: ignore[no-untyped-def]
    made = {}
    for key, (user, code, title, summary, persons) in CASES.items():
        officer = demo_users[user]
        province_id = officer.agency.province_id
        partners = Agency.objects.valid_on(now.date()).filter(
            province_id=province_id, kind__in=["procuracy", "court"], level="provincial"
        )
        case = services.case_create(
            user=officer,
            data=services.CaseInput(
                kind="criminal_case",
                title=title,
                summary=summary,
                national_code=code,
                province_id=province_id,
                agency_ids=[a.pk for a in partners],
                first_event=services.EventInput(
                    type=EventType.CASE_INITIATED.value,
                    date=now.date() - dt.timedelta(days=30),
                    params={"charges": "353.3"},
                ),
            ),
            now=now,
        )
        for name in persons:
            services.case_add_person(
                user=officer,
                case_id=case.pk,
                expected_version=None,
                person={"full_name": name, "role": "accused"},
                now=now,
            )
        made[key] = case.pk
    return made


def _found(user, q: str, province: str | None = None) -> set[int]:  # type: ignore[no-untyped-def]
    province_id = Province.objects.get(code=province).pk if province else None
    filters = CaseFilters(q=q, province=province_id)
    return set(case_list_for(actor_for(user), filters).values_list("pk", flat=True))


def test_a_search_finds_the_cases_with_words_beginning_as_typed(found_cases, demo_users):
    names = {pk: key for key, pk in found_cases.items()}

    found = {
        (query, province): {names[pk] for pk in _found(demo_users["noichinh.tw"], query, province)}
        for query, province, _ in TABLE
    }

    assert found == {(query, province): expected for query, province, expected in TABLE}


def _invite(case_id: int, user, now) -> None:  # type: ignore[no-untyped-def]
    """The user's agency asked into another province's case (as a meeting does)."""
    CaseAgency.objects.create(
        case_id=case_id, agency_id=user.agency_id, role="invited", since=now.date()
    )


def test_a_provinces_commission_finds_its_province_and_the_cases_it_was_asked_into(
    found_cases, demo_users, now
):
    commission = demo_users["noichinh.ag"]
    assert _found(commission, "tham") == {found_cases["corruption"]}
    assert _found(commission, "hung") == set()

    _invite(found_cases["hanoi"], commission, now)

    assert _found(commission, "tham") == {found_cases["corruption"], found_cases["hanoi"]}
    assert _found(commission, "hung") == {found_cases["hanoi"]}
    assert _found(commission, "tham", "AG") == {found_cases["corruption"]}


def test_every_users_search_is_the_words_within_what_they_may_see(found_cases, demo_users, now):
    _invite(found_cases["hanoi"], demo_users["noichinh.ag"], now)
    provinces = {code: Province.objects.get(code=code).pk for code in ("AG", "HN")}
    queries = ["tham", "tham nhung", "phuoc", "hung", "01/2024", "ag-2024", "tai", "xyz"]
    differing = []

    for user in demo_users.values():
        actor = actor_for(user)
        for q, province in itertools.product(queries, [None, *provinces.values()]):
            expected = visible_cases(actor).filter(WordsMatch(q))
            if province is not None:
                expected = expected.filter(province_id=province)
            found = case_list_for(actor, CaseFilters(q=q, province=province))
            if set(found.values_list("pk", flat=True)) != set(
                expected.values_list("pk", flat=True)
            ):
                differing.append((user.username, q, province))

    assert differing == []


def test_a_case_is_found_by_its_new_words_once_edited_and_no_longer_by_its_old(
    found_cases, demo_users, now
):
    services.case_edit(
        user=demo_users["dieutra.ag"],
        case_id=found_cases["numbered"],
        expected_version=None,
        changes={"title": "Vụ án buôn lậu qua biên giới"},
        now=now,
    )

    assert _found(demo_users["noichinh.tw"], "buon lau") == {found_cases["numbered"]}
    assert _found(demo_users["noichinh.tw"], "01/2024") == set()


def _bare_case(province: Province, title: str) -> Case:
    """A row as a bulk writer makes it (the demo loader, a batch import): no service."""
    return Case(
        kind="criminal_case",
        title=title,
        province=province,
        stage="initiated",
        opened_on=dt.date(2026, 1, 5),
        last_event_on=dt.date(2026, 1, 5),
        search_text=search_text_for(SimpleNamespace(national_code="", title=title, summary=""), ""),
    )


def test_rows_written_in_bulk_are_found_updated_in_bulk_and_forgotten_when_deleted(
    demo_users,
):
    an_giang = Province.objects.get(code="AG")
    made = Case.objects.bulk_create(
        [_bare_case(an_giang, "Vụ án buôn lậu thuốc lá"), _bare_case(an_giang, "Vụ án trốn thuế")]
    )
    ids = {case.pk for case in made}
    central = demo_users["noichinh.tw"]

    assert _found(central, "thuoc la") == {made[0].pk}

    Case.objects.filter(pk__in=ids).update(search_text="vu an lam gia con dau")
    assert _found(central, "con dau") == ids
    assert _found(central, "thuoc la") == set()

    Case.objects.filter(pk__in=ids).delete()
    assert _found(central, "con dau") == set()
    if connection.vendor == "sqlite":  # nothing left behind in the word index
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH 'dau'")
            assert cursor.fetchone()[0] == 0


MIGRATION = importlib.import_module("phoihop.cases.migrations.0008_search_word_index")


def test_the_triggers_put_back_after_a_migration_are_the_migrations_own():
    assert list(SQLITE_TRIGGERS.values()) == MIGRATION.TRIGGERS


def test_cases_recorded_before_the_word_index_are_found_once_it_is_made(found_cases, demo_users):
    editor = SimpleNamespace(connection=connection)
    if connection.vendor == "postgresql":  # an index is built only without checks pending
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    MIGRATION.backward(None, editor)  # the record as it was before migration 0008
    Case.objects.filter(pk=found_cases["numbered"]).update(search_text="vu an buon lau")

    MIGRATION.forward(None, editor)

    central = demo_users["noichinh.tw"]
    assert _found(central, "tham nhung") == {found_cases["corruption"]}
    assert _found(central, "buon lau") == {found_cases["numbered"]}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")
def test_the_word_index_triggers_outlive_every_migration():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_case'"
        )
        names = {name for (name,) in cursor.fetchall()}

    assert set(SQLITE_TRIGGERS) <= names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_search_reads_the_nations_word_index_or_the_provinces(found_cases):
    an_giang = Province.objects.get(code="AG").pk
    with connection.cursor() as cursor:
        # A handful of rows: without this a scan of the table costs less.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")

    national = Case.objects.filter(WordsMatch("phuoc")).values("pk").explain()
    province = Case.objects.filter(ProvinceWords("phuoc", an_giang)).values("pk").explain()

    assert "Bitmap Index Scan on cases_case_words" in national, national
    assert "Bitmap Index Scan on cases_case_province_words" in province, province
