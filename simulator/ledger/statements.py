"""Statements: the customer statement (relevé de compte client: open items, days overdue, totals) and the
bank statement with its balances, as printed documents need them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .books import Books
from .model import CREDIT_NOTE, INVOICE
from .money import ZERO
from .terms import days_late

ITEM_LABELS = {
    INVOICE: "Facture",
    CREDIT_NOTE: "Avoir",
    "payment": "Règlement",
    "write_off": "Écart de règlement",
}
PAYMENT_METHODS = {"BNK": "virement", "CHQ": "chèque"}


@dataclass(frozen=True, slots=True)
class StatementItem:
    """An open 411 item. ``amount`` and ``residual`` are signed: + owed by the customer, - in its favour."""

    key: str
    kind: str  # "invoice", "credit_note", "payment"
    label: str  # French, e.g. "Facture", "Règlement par chèque"
    date: date
    due_date: date | None
    amount: Decimal
    residual: Decimal
    days_overdue: int  # 0 when not due (or not an invoice)
    letter: str  # lower case while partially matched

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True, slots=True)
class CustomerStatement:
    customer: str
    at: date
    items: tuple[StatementItem, ...]
    excluded: tuple[StatementItem, ...]  # disputed items, shown apart and not in the totals

    @property
    def total_due(self) -> Decimal:
        return sum((i.residual for i in self.items), ZERO)

    @property
    def total_overdue(self) -> Decimal:
        return sum((i.residual for i in self.items if i.overdue), ZERO)

    @property
    def total_excluded(self) -> Decimal:
        return sum((i.residual for i in self.excluded), ZERO)


def shown_apart(books: Books, customer: str) -> tuple[str, ...]:
    """The items a customer statement shows apart (in dispute, out of the totals): those of the last
    statement sent to the customer, else its invoices excluded from follow-up today."""
    sent = [e for e in books.followup if e.kind == "statement" and e.customer == customer]
    if sent:
        return sent[-1].documents
    return tuple(n for n in books.excluded if books.documents[n].customer == customer)


def customer_statement(
    books: Books, customer: str, at: date | None = None, excluded: Collection[str] = ()
) -> CustomerStatement:
    """The customer's open items at ``at`` (default: today), oldest due date first. ``excluded`` names
    items (document numbers, payment ids) set aside, e.g. in dispute: listed apart, out of the totals."""
    when = at or books.today
    letters = books.letters()
    rows = []
    for item in books.items().values():
        if item.customer != customer or item.date > when:
            continue
        residual = books.residual(item.key)
        if residual == ZERO:
            continue
        label = ITEM_LABELS[item.kind]
        if item.kind == "payment":
            method = PAYMENT_METHODS.get(books.payments[item.key].journal)
            label = f"{label} par {method}" if method else label
        rows.append(
            StatementItem(
                item.key,
                item.kind,
                label,
                item.date,
                item.due_date,
                item.amount,
                residual if item.amount > 0 else -residual,
                days_late(item.due_date, when) if item.kind == INVOICE else 0,
                letters.get(item.key, ""),
            )
        )
    rows.sort(key=lambda r: (r.due_date or r.date, r.date, r.key))
    return CustomerStatement(
        customer,
        when,
        tuple(r for r in rows if r.key not in excluded),
        tuple(r for r in rows if r.key in excluded),
    )


@dataclass(frozen=True, slots=True)
class BankRow:
    id: str
    date: date
    label: str
    debit: Decimal
    credit: Decimal
    annotation: str


@dataclass(frozen=True, slots=True)
class BankStatement:
    start: date
    end: date
    opening: Decimal
    rows: tuple[BankRow, ...]

    @property
    def total_debit(self) -> Decimal:
        return sum((r.debit for r in self.rows), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((r.credit for r in self.rows), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.total_credit - self.total_debit


def bank_statement(books: Books, opening: Decimal = ZERO, at: date | None = None) -> BankStatement:
    """The bank's lines up to ``at`` (default: today) in date order, with the student's annotations; the
    period runs from the first day of the month of the earliest line."""
    end = at or books.today
    lines = sorted((s for s in books.statement_lines.values() if s.date <= end), key=lambda s: (s.date, s.id))
    start = (lines[0].date if lines else end).replace(day=1)
    rows = tuple(
        BankRow(
            s.id,
            s.date,
            s.label,
            -s.amount if s.amount < 0 else ZERO,
            s.amount if s.amount > 0 else ZERO,
            books.annotations.get(s.id, ""),
        )
        for s in lines
    )
    return BankStatement(start, end, opening, rows)
