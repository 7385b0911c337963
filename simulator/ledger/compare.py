"""Two sets of books side by side: the student's and the expected ones, account by account and document by
document. Pure rows for the result page (and for grading, which can reuse them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .accounts import account_name
from .books import Books
from .entries import Entry
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


# --- entry by entry ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryLine:
    """One line of an entry as the journal shows it: the account, its name, the debit and the credit."""

    account: str
    name: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True, slots=True)
class EntryShown:
    """An entry in the world's words: journal, date, label, supporting document and lines (no entry number
    or internal item: two books number their entries each in their own order)."""

    journal: str
    date: date
    label: str
    ref: str
    lines: tuple[EntryLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    def as_dict(self) -> dict[str, Any]:
        return {
            "journal": self.journal,
            "date": self.date.isoformat(),
            "label": self.label,
            "ref": self.ref,
            "lines": [
                {"account": ln.account, "debit": f"{ln.debit:.2f}", "credit": f"{ln.credit:.2f}"}
                for ln in self.lines
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EntryShown:
        return cls(
            data["journal"],
            date.fromisoformat(data["date"]),
            data.get("label", ""),
            data.get("ref", ""),
            tuple(
                EntryLine(
                    ln["account"], account_name(ln["account"]), Decimal(ln["debit"]), Decimal(ln["credit"])
                )
                for ln in data.get("lines", ())
            ),
        )


@dataclass(frozen=True, slots=True)
class EntryDifference:
    """An expected entry and the student's entry for the same document that is not the same."""

    expected: EntryShown
    actual: EntryShown

    def as_dict(self) -> dict[str, Any]:
        return {"expected": self.expected.as_dict(), "actual": self.actual.as_dict()}


@dataclass(frozen=True, slots=True)
class EntryComparison:
    """The entries of two books that do not match: ``missing`` (expected, not made), ``unexpected`` (made,
    not expected) and ``differing`` (made for the same document in the same journal, with other dates or
    lines)."""

    missing: tuple[EntryShown, ...] = ()
    unexpected: tuple[EntryShown, ...] = ()
    differing: tuple[EntryDifference, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexpected or self.differing)

    def as_dict(self) -> dict[str, Any]:
        return {
            "missing": [e.as_dict() for e in self.missing],
            "unexpected": [e.as_dict() for e in self.unexpected],
            "differing": [d.as_dict() for d in self.differing],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EntryComparison:
        return cls(
            tuple(EntryShown.from_dict(e) for e in data.get("missing", ())),
            tuple(EntryShown.from_dict(e) for e in data.get("unexpected", ())),
            tuple(
                EntryDifference(EntryShown.from_dict(d["expected"]), EntryShown.from_dict(d["actual"]))
                for d in data.get("differing", ())
            ),
        )


def _shown(entry: Entry) -> EntryShown:
    lines = sorted(entry.lines, key=lambda ln: (ln.credit > 0, ln.account, -ln.debit, -ln.credit))
    return EntryShown(
        entry.journal,
        entry.date,
        entry.label,
        entry.ref,
        tuple(EntryLine(ln.account, account_name(ln.account), ln.debit, ln.credit) for ln in lines),
    )


def _same(entry: Entry) -> tuple[str, date, tuple[tuple[str, Decimal, Decimal], ...]]:
    """What makes two entries the same one: journal, date and the lines as a multiset of (account, debit,
    credit) — not the label, the number or the order of the lines."""
    return entry.journal, entry.date, tuple(sorted((ln.account, ln.debit, ln.credit) for ln in entry.lines))


def compare_entries(actual: Books, expected: Books) -> EntryComparison:
    """The entries of ``actual`` and ``expected`` that do not match (same journal, date and lines). Of those
    left, an expected entry and a student's entry of the same journal and supporting document (else the
    same journal and date) are one entry that differs; the others are missing or unexpected. Each list is
    in date order, then journal, then label."""
    left: dict[tuple, list[Entry]] = {}
    for entry in actual.entries:
        left.setdefault(_same(entry), []).append(entry)
    missing: list[Entry] = []
    for entry in expected.entries:
        twins = left.get(_same(entry))
        if twins:
            twins.pop(0)
        else:
            missing.append(entry)
    unexpected = [x for v in left.values() for x in v]
    differing: list[EntryDifference] = []
    for keyed in (lambda e: (e.journal, e.ref) if e.ref else None, lambda e: (e.journal, e.date)):
        still: list[Entry] = []
        for entry in missing:
            key = keyed(entry)
            twin = next((u for u in unexpected if key is not None and keyed(u) == key), None)
            if twin is None:
                still.append(entry)
            else:
                unexpected.remove(twin)
                differing.append(EntryDifference(_shown(entry), _shown(twin)))
        missing = still
    order = lambda e: (e.date, e.journal, e.label)  # noqa: E731
    return EntryComparison(
        tuple(sorted((_shown(e) for e in missing), key=order)),
        tuple(sorted((_shown(e) for e in unexpected), key=order)),
        tuple(sorted(differing, key=lambda d: order(d.expected))),
    )
