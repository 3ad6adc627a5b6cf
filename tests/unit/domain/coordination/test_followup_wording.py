"""What a follow-up letter asks for each clock: every clock of the catalogue has its
wording (a new clock without one fails here), each citing the law, naming the person of a
per-person clock, and offering an extension exactly where the catalogue has one."""

from __future__ import annotations

import pytest

from phoihop.domain.clocks import CATALOG
from phoihop.domain.clocks.derive import LAPSING, VALUATION
from phoihop.domain.clocks.derive.tables import _PER_PERSON
from phoihop.domain.coordination.followup import responsible_kind
from phoihop.domain.coordination.followup_wording import (
    LAW_TITLES,
    NO_FOLLOW_UP,
    PERSON,
    WORDING,
    follow_up_wording,
    terms_of,
    wording_for,
)

CLOCKS = [(code, variant) for code, rule in CATALOG.items() for variant, _ in rule.all_terms()] + [
    (VALUATION, None)
]


@pytest.mark.parametrize(("code", "variant"), CLOCKS)
def test_every_clock_of_the_catalogue_has_wording_or_is_never_followed_up(
    code: str, variant: str | None
) -> None:
    wording = wording_for(code, variant)

    assert (wording is None) == (code in NO_FOLLOW_UP), (code, variant)


def test_a_clock_without_a_letter_is_a_period_that_lapses_on_its_own() -> None:
    assert set(NO_FOLLOW_UP) <= LAPSING
    assert not {code for code, _ in WORDING} & set(NO_FOLLOW_UP)


def test_the_wording_table_names_no_clock_the_engine_does_not_know() -> None:
    known = {*CATALOG, VALUATION}

    assert {code for code, _ in WORDING} <= known
    for code, variant in WORDING:
        assert variant is None or variant in CATALOG[code].variants, (code, variant)


@pytest.mark.parametrize(("code", "variant"), [c for c in CLOCKS if c[0] not in NO_FOLLOW_UP])
def test_the_letter_offers_an_extension_exactly_where_the_law_allows_one(
    code: str, variant: str | None
) -> None:
    terms = terms_of(code, variant)
    wording = follow_up_wording(code, variant)

    assert wording is not None
    extendable = bool(terms and terms.extensions)
    assert (wording.extension is not None) == extendable, (code, variant)
    if terms and terms.extensions and terms.extensions[0].request_lead_days:
        assert wording.extension_lead_days == terms.extensions[0].request_lead_days


@pytest.mark.parametrize(("code", "variant"), [c for c in CLOCKS if c[0] not in NO_FOLLOW_UP])
def test_every_letter_cites_where_the_period_is_set_and_what_requires_the_act(
    code: str, variant: str | None
) -> None:
    wording = follow_up_wording(code, variant)

    assert wording is not None
    assert wording.limit_basis is not None
    assert wording.limit_basis.code in LAW_TITLES
    assert wording.request_basis
    assert {basis.code for basis in wording.request_basis} <= set(LAW_TITLES)


@pytest.mark.parametrize(("code", "variant"), [c for c in CLOCKS if c[0] not in NO_FOLLOW_UP])
def test_someone_must_act_on_every_clock_a_letter_follows_up(
    code: str, variant: str | None
) -> None:
    assert responsible_kind(code, variant) is not None


@pytest.mark.parametrize(("code", "variant"), [c for c in CLOCKS if c[0] not in NO_FOLLOW_UP])
def test_a_per_person_clock_names_its_person_and_no_other_clock_does(
    code: str, variant: str | None
) -> None:
    wording = follow_up_wording(code, variant, person_name="Hà Văn Sơn")

    assert wording is not None
    texts = [wording.summary, wording.request, *wording.awaited, wording.extension_request or ""]
    assert not any(PERSON in text for text in texts)
    if code in _PER_PERSON:
        assert wording.person is not None
        assert wording.person.endswith(" Hà Văn Sơn")
        assert wording.person in wording.summary
        assert wording.person in wording.request
    else:
        assert wording.person is None
        assert not any("Hà Văn Sơn" in text for text in texts)


def test_a_detention_asks_for_release_or_another_measure_and_names_the_accused() -> None:
    wording = follow_up_wording("DETENTION", "INVESTIGATION", person_name="Hà  Văn Sơn")

    assert wording is not None
    assert wording.person == "bị can Hà Văn Sơn"
    assert wording.request == (
        "trả tự do cho bị can Hà Văn Sơn hoặc thay thế bằng biện pháp ngăn chặn khác"
    )
    assert wording.extension == "quyết định gia hạn tạm giam của Viện kiểm sát"
    assert wording.limit_basis is not None
    assert wording.limit_basis.article == 173
    assert [basis.article for basis in wording.request_basis] == [173, 125]


def test_the_detention_of_each_stage_cites_its_own_article() -> None:
    articles = {
        variant: follow_up_wording("DETENTION", variant).limit_basis.article  # type: ignore[union-attr]
        for variant in ("INVESTIGATION", "PROSECUTION", "TRIAL_PREPARATION", "AFTER_SENTENCE")
    }

    assert articles == {
        "INVESTIGATION": 173,
        "PROSECUTION": 241,
        "TRIAL_PREPARATION": 278,
        "AFTER_SENTENCE": 329,
    }


def test_a_person_without_a_name_on_record_is_called_by_the_role() -> None:
    wording = follow_up_wording("CUSTODY", None, person_name="  ")

    assert wording is not None
    assert wording.person == "người bị tạm giữ"
    assert wording.request.startswith("trả tự do cho người bị tạm giữ hoặc")


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("INVESTIGATION", "bản kết luận điều tra đề nghị truy tố"),
        ("PROSECUTION", "bản cáo trạng"),
        ("TRIAL_PREPARATION", "đưa vụ án ra xét xử"),
        ("DENUNCIATION", "không khởi tố vụ án hình sự"),
        ("EXECUTION_DECISION", "ra quyết định thi hành án"),
        (VALUATION, "kết luận định giá tài sản"),
    ],
)
def test_each_limit_asks_for_the_act_the_law_requires(code: str, words: str) -> None:
    wording = follow_up_wording(code, None)

    assert wording is not None
    assert words in wording.request


def test_an_expertise_asks_for_the_conclusion_under_its_variant_article() -> None:
    nine_days = follow_up_wording("EXPERTISE", "NINE_DAYS")
    other = follow_up_wording("EXPERTISE", "OTHER")

    assert nine_days is not None
    assert other is not None
    assert "gửi kết luận giám định" in nine_days.request
    assert (nine_days.limit_basis.article, nine_days.limit_basis.point) == (208, "c")  # type: ignore[union-attr]
    assert nine_days.extension is None
    assert other.limit_basis.code == "GDTP-2012"  # type: ignore[union-attr]
    assert other.extension is not None
