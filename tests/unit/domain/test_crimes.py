"""Penal Code articles as data (LEGAL.md §2.2, §2.3): clause → category, parsing, heaviest."""

import pytest

from phoihop.domain.crimes import (
    ARTICLES,
    ArticleGroup,
    Charge,
    CrimeCategory,
    SourceStatus,
    category_of,
    heaviest,
    is_national_security,
    parse_charge,
    parse_charges,
)
from phoihop.domain.errors import InvalidInput

ITN, NT, RNT, DBNT = CrimeCategory.ITN, CrimeCategory.NT, CrimeCategory.RNT, CrimeCategory.DBNT

# Transcribed from the tables of LEGAL.md §2.2 and §2.3, clause by clause.
EXPECTED = {
    353: (NT, RNT, DBNT, DBNT),
    354: (NT, RNT, DBNT, DBNT),
    355: (NT, RNT, DBNT, DBNT),
    356: (NT, RNT, RNT),
    357: (NT, RNT, RNT, DBNT),
    358: (NT, RNT, DBNT, DBNT),
    359: (NT, RNT, RNT, DBNT),
    360: (NT, NT, RNT),
    361: (ITN, NT),
    362: (ITN, ITN),
    363: (ITN, NT),
    364: (ITN, NT, RNT, DBNT),
    365: (ITN, NT, RNT, RNT),
    366: (ITN, NT, RNT),
    174: (ITN, NT, RNT, DBNT),
    175: (ITN, NT, RNT, DBNT),
    206: (ITN, NT, RNT, DBNT),
    219: (NT, RNT, DBNT),
    220: (NT, RNT, DBNT),
    221: (NT, RNT, DBNT),
    222: (NT, RNT, DBNT),
    224: (NT, RNT, DBNT),
}

CLAUSES = [
    (article, clause, category)
    for article, categories in EXPECTED.items()
    for clause, category in enumerate(categories, start=1)
]


@pytest.mark.parametrize(("article", "clause", "category"), CLAUSES)
def test_each_clause_of_the_tables_has_its_category(article, clause, category):
    found = category_of(article, clause)

    assert found is category


def test_the_tables_hold_exactly_the_articles_of_legal_md():
    assert set(ARTICLES) == set(EXPECTED) | {223}
    for number, article in ARTICLES.items():
        if number != 223:
            assert len(article.clauses) == len(EXPECTED[number])


@pytest.mark.parametrize(
    ("numbers", "group"),
    [
        (range(353, 360), ArticleGroup.CORRUPTION),
        (range(360, 367), ArticleGroup.POSITION),
        ((174, 175, 206, 219, 220, 221, 222, 223, 224), ArticleGroup.ECONOMIC),
    ],
)
def test_each_article_belongs_to_its_group(numbers, group):
    groups = {ARTICLES[number].group for number in numbers}

    assert groups == {group}


def test_every_article_has_a_vietnamese_and_an_english_name():
    for article in ARTICLES.values():
        assert article.name_vi.startswith("Tội ")
        assert article.name_en


def test_article_223_takes_its_clauses_from_the_consolidated_text():
    assert category_of(223, 1) is NT
    assert category_of(223, 3) is DBNT


def test_article_223_takes_the_category_the_user_states():
    charge = Charge(223, 2, stated_category=RNT)

    assert charge.category is RNT


def test_the_banking_article_says_its_clause_numbering_is_not_verified():
    assert ARTICLES[206].status is SourceStatus.SECONDARY


def test_a_clause_the_article_does_not_have_is_refused_naming_it():
    with pytest.raises(InvalidInput) as refused:
        category_of(356, 4)

    assert refused.value.field == "charges"
    assert "Điều 356 khoản 4" in refused.value.message


def test_an_article_that_defines_no_crime_is_refused():
    with pytest.raises(InvalidInput) as general_part:
        category_of(51, 1)
    with pytest.raises(InvalidInput) as repealed:
        category_of(292, 1)

    assert "Điều 51" in general_part.value.message
    assert "bãi bỏ" in repealed.value.message


@pytest.mark.parametrize("article", range(108, 123))
def test_chapter_xiii_articles_are_national_security(article):
    assert is_national_security(article)
    assert Charge(article, 1).is_national_security


@pytest.mark.parametrize("article", [107, 123, 353])
def test_articles_outside_chapter_xiii_are_not_national_security(article):
    assert not is_national_security(article)


def test_a_national_security_clause_takes_its_category_from_the_code():
    assert Charge(109, 1).category is DBNT  # life since 01/07/2025 (Law 86/2025)
    assert Charge(109, 3).category is NT


def test_a_stated_category_may_not_contradict_the_table():
    with pytest.raises(InvalidInput) as refused:
        _ = Charge(353, 1, stated_category=DBNT).category

    assert "không phải đặc biệt nghiêm trọng" in refused.value.message
    assert Charge(353, 1, stated_category=NT).category is NT


def test_a_charge_reads_as_article_and_clause():
    assert Charge(353, 3).label == "Điều 353 khoản 3"


@pytest.mark.parametrize(
    "text", ["353.3", "353-3", " 353 / 3 ", "Điều 353 khoản 3", "khoản 3 Điều 353"]
)
def test_a_charge_is_read_in_the_forms_users_type(text):
    charge = parse_charge(text)

    assert charge == Charge(353, 3)


@pytest.mark.parametrize("text", ["", "353.3.1", "Điều ba", "0.1", "353.0", "khoản 0 Điều 353"])
def test_an_unreadable_charge_is_refused(text):
    with pytest.raises(InvalidInput) as refused:
        parse_charge(text)

    assert refused.value.field == "charges"


def test_a_list_of_charges_is_read_without_duplicates():
    charges = parse_charges("353.3; 354.2, 353-3")

    assert charges == (Charge(353, 3), Charge(354, 2))


def test_a_stated_category_in_a_list_applies_only_to_untabled_articles():
    charges = parse_charges(("109.1", "353.1"), stated_category=DBNT)

    assert [charge.category for charge in charges] == [DBNT, NT]


def test_the_heaviest_category_of_several_charges_governs():
    charges = [Charge(364, 1), Charge(360, 3), Charge(356, 1)]

    assert heaviest(charges) is RNT


def test_heaviest_of_no_charge_is_refused():
    with pytest.raises(InvalidInput):
        heaviest([])


def test_severity_orders_the_categories():
    assert [c.severity for c in (ITN, NT, RNT, DBNT)] == [1, 2, 3, 4]


def test_stored_charge_rows_are_read_with_their_stated_category():
    rows = [{"article": 353, "clause": 3}, {"article": "109", "clause": "1", "category": "DBNT"}]

    charges = parse_charges(rows)

    assert charges == (Charge(353, 3), Charge(109, 1, stated_category=DBNT))


@pytest.mark.parametrize(
    "row",
    [
        {"article": 353},
        {"article": True, "clause": 1},
        {"article": 353, "clause": 1, "category": "X"},
    ],
)
def test_a_malformed_charge_row_is_refused(row):
    with pytest.raises(InvalidInput) as refused:
        parse_charges([row])

    assert refused.value.field == "charges"
