"""Every rule of the clock catalogue, and every counting rule R1–R12 the engine
implements, has at least one test tagged ``@pytest.mark.rule("<CODE>")``."""

from __future__ import annotations

import ast
from pathlib import Path

from phoihop.domain.clocks import CATALOG

HERE = Path(__file__).parent
# LEGAL.md §1.12; R7 (years) belongs to no clock in the catalogue yet.
COUNTING_RULES = {"R1", "R2", "R3", "R4", "R5", "R6", "R8", "R9", "R10", "R11", "R12"}


def tagged_codes(directory: Path) -> set[str]:
    """String arguments of every ``pytest.mark.rule(...)`` / ``rule(...)`` call where
    ``rule = pytest.mark.rule``, read from the test modules' source."""
    codes: set[str] = set()
    for path in directory.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            is_mark = isinstance(func, ast.Attribute) and func.attr == "rule"
            is_alias = isinstance(func, ast.Name) and func.id in {"rule", "case"}
            first = node.args[0]
            if (
                (is_mark or is_alias)
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                codes.add(first.value)
    return codes


def test_every_catalogue_rule_has_a_tagged_test() -> None:
    # given
    tagged = tagged_codes(HERE)

    # when
    untested = set(CATALOG) - tagged

    # then
    assert not untested, f"rules without a @pytest.mark.rule test: {sorted(untested)}"


def test_every_counting_rule_has_a_tagged_test() -> None:
    # given
    tagged = tagged_codes(HERE)

    # when
    untested = COUNTING_RULES - tagged

    # then
    assert not untested, f"counting rules without a tagged test: {sorted(untested)}"


def test_tags_name_only_known_rules() -> None:
    # given
    tagged = tagged_codes(HERE)

    # when
    unknown = tagged - set(CATALOG) - COUNTING_RULES

    # then
    assert not unknown, f"tags that name no rule: {sorted(unknown)}"
