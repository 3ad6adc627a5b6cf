"""The whole Penal Code (phoihop/data/penal_code.json): its shape, the count of crime
articles in each chapter as the Code is built, and a sample of clauses read against the
law's text in force on 01/07/2025."""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections import Counter

import pytest

from phoihop.domain.crimes import (
    ARTICLES,
    CHAPTERS,
    DBNT,
    ITN,
    NT,
    PENAL_CODE,
    PENAL_CODE_FILE,
    RNT,
    Charge,
    category_for,
    parse_charge,
)

# Articles inside the chapters' ranges that define no crime: the additional penalties of
# Chapter XIII (122) and the definitions opening Chapters XXIII–XXV (352, 367, 392).
NOT_CRIMES = {122, 352, 367, 392}
# Articles inserted with a letter: 217a (Law 12/2017), 256a (Law 86/2025).
INSERTED = {"217a": "XVIII", "256a": "XX"}


def test_every_chapter_holds_every_crime_article_of_its_range_and_no_other() -> None:
    counted = Counter(article.chapter for article in PENAL_CODE.values())

    for chapter, first, last in CHAPTERS:
        in_range = [n for n in range(first, last + 1) if n not in NOT_CRIMES]
        inserted = [key for key, where in INSERTED.items() if where == chapter]
        assert counted[chapter] == len(in_range) + len(inserted), chapter
        for number in in_range:
            assert PENAL_CODE[str(number)].chapter == chapter, number


def test_the_chapters_run_from_the_first_crime_to_the_last_without_gaps() -> None:
    assert CHAPTERS[0][:2] == ("XIII", 108)
    assert CHAPTERS[-1][0] == "XXVI"
    assert CHAPTERS[-1][2] == 425
    for (_, _, last), (_, first, _) in itertools.pairwise(CHAPTERS):
        assert first == last + 1
    assert sum(1 for a in PENAL_CODE.values() if not a.repealed) == 315


def test_names_are_the_codes_own_words_with_diacritics() -> None:
    raw = json.loads(PENAL_CODE_FILE.read_text(encoding="utf-8"))
    for row in raw["articles"]:
        assert row["name"].startswith("Tội "), row["number"]
        assert unicodedata.normalize("NFC", row["name"]) == row["name"]


@pytest.mark.parametrize(
    ("key", "clause", "penalty"),
    [
        ("108", 1, "death"),  # phản bội Tổ quốc
        ("109", 1, "life"),  # Law 86/2025 removed the death penalty
        ("123", 1, "death"),  # giết người
        ("174", 4, "life"),  # lừa đảo chiếm đoạt tài sản: 12–20 y or life
        ("222", 3, 20),  # vi phạm quy định về đấu thầu: 10–20 y
        ("324", 3, 15),  # rửa tiền: 10–15 y
        ("353", 4, "life"),  # tham ô: death removed from 01/07/2025
        ("354", 4, "life"),  # nhận hối lộ: idem
        ("356", 3, 15),  # lợi dụng chức vụ: 10–15 y
        ("364", 4, 20),  # đưa hối lộ: 12–20 y
        ("421", 1, "life"),  # phá hoại hòa bình: death removed
    ],
)
def test_a_sample_of_clauses_reads_as_the_law(key: str, clause: int, penalty: object) -> None:
    assert PENAL_CODE[key].max_penalties[clause] == penalty


def test_the_article_added_in_2025_and_the_one_repealed_in_2017_are_there() -> None:
    assert PENAL_CODE["256a"].name == "Tội sử dụng trái phép chất ma túy"
    assert PENAL_CODE["292"].repealed


@pytest.mark.parametrize(
    ("penalty", "category"),
    [
        ("non_custodial", ITN),
        (3, ITN),
        (4, NT),
        (7, NT),
        (8, RNT),
        (15, RNT),
        (16, DBNT),
        (20, DBNT),
        ("life", DBNT),
        ("death", DBNT),
    ],
)
def test_the_category_follows_the_heaviest_penalty_of_the_frame(penalty, category) -> None:
    assert category_for(penalty) is category  # Penal Code Art. 9(1)


def test_the_monitored_articles_table_agrees_with_the_code() -> None:
    for number, article in ARTICLES.items():
        code = PENAL_CODE[str(number)].categories
        assert dict(article.clauses) == dict(code), number


def test_an_article_charged_without_its_clause_takes_the_stated_or_the_heaviest_category() -> None:
    alone = parse_charge("324")
    stated = Charge(324, 0, stated_category=NT)

    assert alone.clause == 0
    assert alone.category is RNT  # k3: 10–15 years
    assert not alone.determined
    assert stated.category is NT
    assert stated.determined
