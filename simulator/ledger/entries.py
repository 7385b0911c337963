"""Journal entries: balanced lines on accounts. ``item`` ties a 411 line to the open item it belongs to
(a document number or a payment id) so matching can work on items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import ZERO


@dataclass(frozen=True, slots=True)
class Line:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    label: str = ""
    item: str | None = None  # open item on a 411 account: document number or payment id

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


@dataclass(frozen=True, slots=True)
class Entry:
    number: str  # e.g. "BNK/2026/0003"
    journal: str
    date: date
    label: str
    lines: tuple[Line, ...]
    ref: str = ""  # the supporting document (pièce): invoice number, statement line, slip number…

    @property
    def total_debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)

    @property
    def is_balanced(self) -> bool:
        return self.total_debit == self.total_credit


def debit(account: str, amount: Decimal, label: str = "", item: str | None = None) -> Line:
    """A line on the debit side; a negative amount goes to the credit side, a zero amount is dropped
    by :func:`make_entry`."""
    if amount < 0:
        return Line(account, ZERO, -amount, label, item)
    return Line(account, amount, ZERO, label, item)


def credit(account: str, amount: Decimal, label: str = "", item: str | None = None) -> Line:
    return debit(account, -amount, label, item)


def make_entry(number: str, journal: str, on: date, label: str, lines: list[Line], ref: str = "") -> Entry:
    """Build an entry, dropping zero lines; raises ValueError if it does not balance (a programming
    error: operations compute their lines so that they always balance)."""
    kept = tuple(line for line in lines if line.debit or line.credit)
    entry = Entry(number, journal, on, label, kept, ref)
    if not entry.is_balanced:
        raise ValueError(f"unbalanced entry {number}: {entry.total_debit} != {entry.total_credit}")
    return entry


def reversal(entry: Entry, number: str, on: date, label: str) -> Entry:
    """The contrepassation of ``entry``: the same lines with debit and credit swapped (411 lines keep
    their item, so the item nets to zero)."""
    lines = tuple(Line(ln.account, ln.credit, ln.debit, label, ln.item) for ln in entry.lines)
    return Entry(number, entry.journal, on, label, lines, entry.ref)
