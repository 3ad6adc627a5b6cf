"""The amounts of money a case record can carry: an asset action's (damage assessed,
assets frozen, seized, recovered), in whole đồng.

One rule for every way in (the API, the forms, the services):

- One entry is at most 10^15 đồng, a million billion (một triệu tỷ đồng). The largest
  case Vietnam has tried, Vạn Thịnh Phát (2024), assessed a damage of about 677,000
  billion đồng (6.8 × 10^14): the bound is above any real entry, with room, and an
  amount past it is a slip (digits typed twice, a number pasted into the wrong field).
- One case holds at most 10^18 đồng of one kind (a thousand entries at the maximum):
  what the summary tables keep per case fits a 64-bit integer (PostgreSQL's bigint,
  SQLite's integer) with room, so adding one more entry to a case can never fail.

Sums over many cases (a province, the nation) are not bounded by either rule: they are
computed where they cannot overflow (phoihop.core.money)."""

from __future__ import annotations

from phoihop.domain.errors import InvalidInput

MAX_AMOUNT_VND = 10**15
MAX_CASE_TOTAL_VND = 10**18


def vnd_text(amount: int) -> str:
    """The amount as Vietnamese write it: dots between thousands."""
    return f"{amount:,}".replace(",", ".")


def amount_too_large_message(amount: int, *, label: str) -> str:
    return (
        f"{label} ({vnd_text(amount)} đồng) vượt quá mức tối đa của một khoản: "
        f"{vnd_text(MAX_AMOUNT_VND)} đồng (một triệu tỷ đồng); hãy kiểm tra lại số chữ số."
    )


def check_amount(amount: int, *, field: str, label: str) -> None:
    """Refuse (InvalidInput on ``field``) an amount below zero or above the maximum of
    one entry."""
    if amount < 0:
        raise InvalidInput(f"{label} không được âm.", code="input.amount_negative", field=field)
    if amount > MAX_AMOUNT_VND:
        raise InvalidInput(
            amount_too_large_message(amount, label=label),
            code="input.amount_too_large",
            field=field,
        )


def check_case_total(total: int, amount: int, *, kind_label: str, field: str) -> None:
    """Refuse adding ``amount`` to a case already holding ``total`` of that kind when
    the case would hold more than its maximum."""
    if total + amount > MAX_CASE_TOTAL_VND:
        raise InvalidInput(
            f"Tổng số tiền «{kind_label}» của vụ án sẽ là {vnd_text(total + amount)} đồng, "
            f"vượt quá mức tối đa của một vụ án: {vnd_text(MAX_CASE_TOTAL_VND)} đồng; "
            "hãy kiểm tra lại các khoản đã nhập.",
            code="input.case_total_too_large",
            field=field,
        )
