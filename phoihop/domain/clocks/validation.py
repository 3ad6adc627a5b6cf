"""The checks a clock catalogue must pass before the engine uses it: a basis for
every rule, one rule per code, lengths for every variant, and extensions that add up
to no more than the maximum the law states."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from phoihop.domain.crimes import CrimeCategory
from phoihop.domain.errors import DomainError

from .rules import LAW_NAMES, UNITS_BY_MODE, ClockRule, Duration, LegalBasis, StartRule, Terms


class CatalogError(DomainError):
    code = "clock.catalog.invalid"


def _problem(rule: ClockRule, text: str) -> CatalogError:
    return CatalogError(f"Quy tắc {rule.code}: {text}", field=rule.code)


def _check_basis(rule: ClockRule, basis: LegalBasis) -> None:
    if not isinstance(basis, LegalBasis) or basis.code not in LAW_NAMES or basis.article <= 0:
        raise _problem(rule, f"thiếu căn cứ pháp lý hợp lệ ({basis!r}).")


def _total(rule: ClockRule, parts: Iterable[Duration]) -> Duration:
    parts = list(parts)
    if len({p.unit for p in parts}) != 1:
        raise _problem(rule, "tổng thời hạn tối đa chỉ so được khi cùng một đơn vị.")
    return Duration(sum(p.amount for p in parts), parts[0].unit)


def _check_maximum(
    rule: ClockRule, terms: Terms, maximum: Mapping[CrimeCategory, Duration], ns: bool
) -> None:
    for category, limit in maximum.items():
        parts = [terms.base[category], *(cap for _, cap in terms.steps_for(category, ns))]
        total = _total(rule, parts)
        if total != limit:
            raise _problem(
                rule,
                f"{category}: cơ bản và các lần gia hạn cộng lại {total.label}, "
                f"luật cho tối đa {limit.label}.",
            )


def _check_terms(rule: ClockRule, terms: Terms) -> None:
    _check_basis(rule, terms.basis)
    if set(terms.base) != set(CrimeCategory):
        raise _problem(rule, f"biến thể '{terms.label}' thiếu độ dài cho từng loại tội.")
    allowed_units = UNITS_BY_MODE[rule.counting]
    lengths = [*terms.base.values(), *(d for s in terms.extensions for d in s.max_length.values())]
    if any(length.unit not in allowed_units for length in lengths):
        raise _problem(rule, f"đơn vị không hợp với cách tính {rule.counting}.")
    for step in terms.extensions:
        _check_basis(rule, step.basis)
        if not step.max_length or not step.granted_by:
            raise _problem(rule, "gia hạn thiếu độ dài tối đa hoặc người có thẩm quyền.")
        if step.request_lead_days is not None and step.request_lead_days <= 0:
            raise _problem(rule, "số ngày đề nghị gia hạn trước phải dương.")
    _check_maximum(rule, terms, terms.statutory_max, ns=False)
    _check_maximum(rule, terms, terms.statutory_max_national_security, ns=True)
    if terms.start_rule is StartRule.EFFECTIVE_AFTER_PROTEST and terms.effective_after is None:
        raise _problem(rule, "thiếu thời hạn kháng cáo, kháng nghị để xác định ngày có hiệu lực.")


def _check_rule(rule: ClockRule) -> None:
    if not rule.code or not rule.label:
        raise _problem(rule, "thiếu mã hoặc tên thời hạn.")
    _check_basis(rule, rule.basis)
    if (rule.terms is None) == (not rule.variants):
        raise _problem(rule, "phải có đúng một trong hai: thời hạn chung hoặc các biến thể.")
    if rule.default_variant is not None and rule.default_variant not in rule.variants:
        raise _problem(rule, f"biến thể mặc định {rule.default_variant} không tồn tại.")
    for _, terms in rule.all_terms():
        _check_terms(rule, terms)


def build_catalog(rules: Iterable[ClockRule]) -> Mapping[str, ClockRule]:
    """Index the rules by code, refusing a catalogue the law would not recognise."""
    catalog: dict[str, ClockRule] = {}
    for rule in rules:
        if rule.code in catalog:
            raise _problem(rule, "mã bị trùng.")
        _check_rule(rule)
        catalog[rule.code] = rule
    return MappingProxyType(catalog)
