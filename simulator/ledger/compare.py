"""Two sets of books side by side: the student's and the expected ones, account by account and document by
document. Pure rows for the result page (and for grading, which can reuse them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .accounts import account_name
from .books import Books
from .money import ZERO
from .reports import trial_balance


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """One account's debit and credit totals in both books; ``differs`` when they are not the same."""

    account: str
    name: str
    actual_debit: Decimal
    actual_credit: Decimal
    expected_debit: Decimal
    expected_credit: Decimal

    @property
    def actual_balance(self) -> Decimal:
        return self.actual_debit - self.actual_credit

    @property
    def expected_balance(self) -> Decimal:
        return self.expected_debit - self.expected_credit

    @property
    def differs(self) -> bool:
        return (self.actual_debit, self.actual_credit) != (self.expected_debit, self.expected_credit)


@dataclass(frozen=True, slots=True)
class ResidualRow:
    """What is still open on a document (positive), in both books."""

    document: str
    customer: str
    kind: str  # "invoice" or "credit_note"
    amount_ttc: Decimal
    actual: Decimal
    expected: Decimal

    @property
    def differs(self) -> bool:
        return self.actual != self.expected


def compare_balances(actual: Books, expected: Books) -> list[BalanceRow]:
    """Every account that has a line in either books, sorted by account number; totals are 0 where an
    account is absent from one side."""
    mine = {row.account: row for row in trial_balance(actual)}
    theirs = {row.account: row for row in trial_balance(expected)}
    rows = []
    for account in sorted(mine.keys() | theirs.keys()):
        a, e = mine.get(account), theirs.get(account)
        rows.append(
            BalanceRow(
                account,
                account_name(account),
                a.debit if a else ZERO,
                a.credit if a else ZERO,
                e.debit if e else ZERO,
                e.credit if e else ZERO,
            )
        )
    return rows


def compare_residuals(actual: Books, expected: Books) -> list[ResidualRow]:
    """Every document of either books (credit notes the student issued included), in number order, with
    what remains open on it; a document missing from one side counts as 0 open there."""
    rows = []
    for number in sorted(actual.documents.keys() | expected.documents.keys()):
        doc = actual.documents.get(number) or expected.documents[number]
        rows.append(
            ResidualRow(
                number,
                doc.customer,
                doc.kind,
                doc.amount_ttc,
                actual.residual(number) if number in actual.documents else ZERO,
                expected.residual(number) if number in expected.documents else ZERO,
            )
        )
    return rows


def balance_differences(actual: Books, expected: Mapping[str, Decimal]) -> list[BalanceRow]:
    """The accounts whose net balance (debit − credit) differs from ``expected`` (account → balance, an
    account absent there is expected at 0), as rows of ``compare_balances`` with the expected side net."""
    mine = {row.account: row for row in trial_balance(actual)}
    rows = []
    for account in sorted(mine.keys() | expected.keys()):
        a = mine.get(account)
        debit, credit = (a.debit, a.credit) if a else (ZERO, ZERO)
        want = expected.get(account, ZERO)
        if debit - credit != want:
            rows.append(
                BalanceRow(account, account_name(account), debit, credit, max(want, ZERO), max(-want, ZERO))
            )
    return rows
