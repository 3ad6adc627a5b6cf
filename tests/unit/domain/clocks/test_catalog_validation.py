"""The catalogue refuses, at import, a rule the law would not recognise."""

from __future__ import annotations

from dataclasses import replace

import pytest

from phoihop.domain.clocks import CATALOG, CatalogError, build_catalog
from phoihop.domain.clocks.rules import ExtensionStep, LegalBasis, days, months, working_days
from phoihop.domain.crimes import CrimeCategory


def test_the_shipped_catalogue_is_valid() -> None:
    # given the rules as shipped

    # when
    catalog = build_catalog(CATALOG.values())

    # then
    assert list(catalog) == list(CATALOG)


def test_two_rules_with_one_code_are_refused() -> None:
    # given
    rule = CATALOG["DENUNCIATION"]

    # when / then
    with pytest.raises(CatalogError, match="trùng"):
        build_catalog([rule, rule])


def test_a_rule_without_a_legal_basis_is_refused() -> None:
    # given
    rule = replace(CATALOG["DENUNCIATION"], basis=LegalBasis(code="", article=0))

    # when / then
    with pytest.raises(CatalogError, match="căn cứ pháp lý"):
        build_catalog([rule])


def test_terms_without_a_legal_basis_are_refused() -> None:
    # given
    rule = CATALOG["DENUNCIATION"]
    assert rule.terms is not None
    broken = replace(
        rule, terms=replace(rule.terms, basis=LegalBasis(code="BLTTHS-2015", article=0))
    )

    # when / then
    with pytest.raises(CatalogError, match="căn cứ pháp lý"):
        build_catalog([broken])


def test_an_extension_longer_than_the_law_is_refused() -> None:
    # given prosecution: RNT extension typed as 20 days where 240(1) allows 15
    rule = CATALOG["PROSECUTION"]
    assert rule.terms is not None
    step = rule.terms.extensions[0]
    longer = replace(step, max_length={**step.max_length, CrimeCategory.RNT: days(20)})
    broken = replace(rule, terms=replace(rule.terms, extensions=(longer,)))

    # when / then
    with pytest.raises(CatalogError, match="tối đa 45 ngày"):
        build_catalog([broken])


def test_an_extra_extension_beyond_the_law_is_refused() -> None:
    # given a third investigation extension for NT
    rule = CATALOG["INVESTIGATION"]
    assert rule.terms is not None
    extra = ExtensionStep({CrimeCategory.NT: months(1)}, "x", LegalBasis("BLTTHS-2015", 172, 2))
    broken = replace(rule, terms=replace(rule.terms, extensions=(*rule.terms.extensions, extra)))

    # when / then
    with pytest.raises(CatalogError, match="NT"):
        build_catalog([broken])


def test_a_variant_without_lengths_is_refused() -> None:
    # given
    rule = CATALOG["APPEAL"]
    empty = replace(rule.variants["DECISION"], base={})
    broken = replace(rule, variants={**rule.variants, "DECISION": empty})

    # when / then
    with pytest.raises(CatalogError, match="thiếu độ dài"):
        build_catalog([broken])


def test_a_default_variant_must_exist() -> None:
    # given
    broken = replace(CATALOG["APPEAL"], default_variant="ORAL")

    # when / then
    with pytest.raises(CatalogError, match="ORAL"):
        build_catalog([broken])


def test_lengths_in_a_unit_the_counting_cannot_use_are_refused() -> None:
    # given working days on a detention clock
    rule = CATALOG["DETENTION"]
    terms = rule.variants["AFTER_SENTENCE"]
    broken_terms = replace(terms, base=dict.fromkeys(terms.base, working_days(45)))
    broken = replace(rule, variants={**rule.variants, "AFTER_SENTENCE": broken_terms})

    # when / then
    with pytest.raises(CatalogError, match="đơn vị"):
        build_catalog([broken])
