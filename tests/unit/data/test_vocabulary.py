"""The demo vocabulary: deterministic for a seed, Vietnamese with diacritics."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable

import pytest

from phoihop.demo import vocabulary as v


def _sample(seed: int, n: int = 50) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        province = ("AG", "HN", "HCM", "TH")[i % 4]
        where = v.place(rng, province)
        out += [
            v.person_name(rng),
            v.person_name(rng, "female"),
            v.position(rng),
            where,
            v.company_name(rng),
            v.case_title(rng, rng.choice(tuple(v.CRIMES)), rng.choice(tuple(v.FIELDS)), where),
            v.matter_title(rng, rng.choice(tuple(v.FIELDS)), where),
        ]
    return out


def test_same_seed_same_data() -> None:
    assert _sample(2026) == _sample(2026)


def test_other_seed_other_data() -> None:
    assert _sample(1) != _sample(2)


def test_names_carry_diacritics_and_are_nfc() -> None:
    rng = random.Random(7)
    names = [v.person_name(rng) for _ in range(500)]
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert all(3 <= len(name.split()) <= 4 for name in names)
    with_diacritics = sum(1 for name in names if not name.isascii())
    assert with_diacritics / len(names) > 0.9


def test_surnames_follow_their_weights() -> None:
    rng = random.Random(11)
    counts = Counter(v.person_name(rng).split()[0] for _ in range(2000))
    assert counts.most_common(1)[0][0] == "Nguyễn"
    assert 0.3 < counts["Nguyễn"] / 2000 < 0.46
    assert set(counts) <= {surname for surname, _ in v.SURNAMES}


@pytest.mark.parametrize("gender", ["male", "female"])
def test_gender_picks_the_middle_names(gender: v.Gender) -> None:
    rng = random.Random(3)
    middles = {name for name, _ in v.MIDDLE_NAMES[gender]}
    for _ in range(200):
        assert v.person_name(rng, gender).split()[1] in middles


def test_unknown_gender_is_refused() -> None:
    with pytest.raises(ValueError, match="gender"):
        v.person_name(random.Random(0), "x")  # type: ignore[arg-type]


def test_every_title_names_its_crime_field_place() -> None:
    rng = random.Random(5)
    for article, crime in v.CRIMES.items():
        for field in v.FIELDS:
            where = v.place(rng, "AG")
            title = v.case_title(rng, article, field, where)
            assert crime.lower() in title.lower(), title
            assert where in title, title
            assert title.startswith("Vụ án"), title


@pytest.mark.parametrize(
    "articles", [tuple(v.CRIMES), v.CORRUPTION_ARTICLES], ids=["all", "corruption"]
)
def test_at_least_a_third_of_titles_say_tham_nhung(articles: tuple[int, ...]) -> None:
    rng = random.Random(9)
    titles = [
        v.case_title(rng, rng.choice(articles), rng.choice(tuple(v.FIELDS)), v.place(rng, "HN"))
        for _ in range(600)
    ]
    assert sum("tham nhũng" in title for title in titles) / len(titles) >= 1 / 3


def test_fields_have_codes_labels_and_venues() -> None:
    assert {"land", "banking", "procurement", "public_investment", "health"} <= set(v.FIELDS)
    assert v.FIELDS["land"] == "đất đai"
    assert set(v.VENUES) == set(v.FIELDS)
    for code, label in v.FIELDS.items():
        assert code.isascii(), code
        assert code.islower(), code
        assert len(code) <= 32, code
        assert label


def test_place_names_the_commune_and_province() -> None:
    rng = random.Random(1)
    assert v.place(rng, "AG").endswith(", tỉnh An Giang")
    assert v.place(rng, "HCM").endswith(", Thành phố Hồ Chí Minh")
    assert v.commune(rng, "AG") in v.COMMUNES["AG"]
    assert v.commune(rng, "CB") in v.GENERIC_COMMUNES


@pytest.mark.parametrize(
    "call",
    [
        lambda rng: v.place(rng, "XX"),
        lambda rng: v.case_title(rng, 1, "land", "xã A, tỉnh B"),
        lambda rng: v.case_title(rng, 353, "nope", "xã A, tỉnh B"),
    ],
    ids=["province", "article", "field"],
)
def test_unknown_codes_are_refused(call: Callable[[random.Random], str]) -> None:
    with pytest.raises(ValueError, match=r"unknown|no crime"):
        call(random.Random(0))


def test_positions_mark_abolished_district_posts_as_former() -> None:
    rng = random.Random(4)
    for _ in range(500):
        title = v.position(rng)
        if "huyện" in title:
            assert title.startswith("nguyên "), title
