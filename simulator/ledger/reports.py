"""Reports: customer ledger with letter codes, customer balances, aged balance by due date, trial
balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .accounts import SALES_JOURNAL, account_name
from .books import Books
from .entries import Entry
from .money import ZERO
from .names import item_name
from .terms import days_past_due

BUCKETS = ("not_due", "1_30", "31_60", "61_90", "over_90")
BUCKET_LABELS = {
    "not_due": "Non échu",
    "1_30": "1 à 30 j",
    "31_60": "31 à 60 j",
    "61_90": "61 à 90 j",
    "over_90": "> 90 j",
}


@dataclass(frozen=True, slots=True)
class LedgerRow:
    date: date
    journal: str
    entry: str
    label: str
    item: str | None
    debit: Decimal
    credit: Decimal
    letter: str
    balance: Decimal  # running balance, debit positive
    due_date: date | None = None  # of the invoice the line posts (Date d'échéance); None for other lines
    #: the « Pièce » a screen shows: the document number; the entry number for a receipt's line (its
    #: ``item`` is the receipt's id, never shown); else the entry's own pièce (the note de débit of billed
    #: penalties), else the entry number
    piece: str = ""


def _piece(item: str | None, documents: dict, entry: Entry) -> str:
    if item in documents:
        return item  # type: ignore[return-value]
    if item:  # a receipt: shown by its entry number, never by its id
        return entry.number
    return entry.ref or entry.number


def customer_ledger(books: Books, customer: str) -> list[LedgerRow]:
    """The customer's 411 lines in date order with their letter codes and a running balance."""
    account = books.customers[customer].account
    letters = books.letters()
    lines = sorted(
        ((e, line) for e in books.entries for line in e.lines if line.account == account),
        key=lambda pair: (pair[0].date, pair[0].journal != SALES_JOURNAL, pair[0].number),
    )
    rows, running = [], ZERO
    documents = books.documents
    for entry, line in lines:
        running += line.balance
        rows.append(
            LedgerRow(
                entry.date,
                entry.journal,
                entry.number,
                line.label,
                line.item,
                line.debit,
                line.credit,
                letters.get(line.item or "", ""),
                running,
                documents[line.item].due_date if line.item in documents else None,
                _piece(line.item, documents, entry),
            )
        )
    return rows


def bucket_for(days_overdue: int) -> str:
    if days_overdue <= 0:
        return "not_due"
    if days_overdue <= 30:
        return "1_30"
    if days_overdue <= 60:
        return "31_60"
    if days_overdue <= 90:
        return "61_90"
    return "over_90"


@dataclass(frozen=True, slots=True)
class AgedRow:
    customer: str
    item: str
    due_date: date | None
    bucket: str
    amount: Decimal  # residual; negative for an unused credit (payment or credit note)
    #: "doubtful": transferred to 416 (clients douteux); "disputed": excluded from follow-up (in dispute)
    status: str = ""
    name: str = ""  # as the screens name the item: a receipt by its entry number ("": the key)


def aged_balance(books: Books, at: date | None = None) -> list[AgedRow]:
    """Open amounts per customer and item, by age relative to the DUE date (not the invoice date).
    Unused credits are listed as negative amounts under "not due". An invoice transferred to 416 is still
    owed and stays listed, with the status "doubtful" (its amount has left 411); one in dispute (excluded
    from follow-up) has the status "disputed"."""
    when = at or books.today
    rows = []
    for item in sorted(books.items().values(), key=lambda i: (i.customer, i.due_date or i.date, i.key)):
        residual = books.residual(item.key)
        if residual == ZERO:
            continue
        if item.amount > 0:
            bucket = bucket_for(days_past_due(item.due_date, when))
            status = (
                "doubtful" if item.key in books.doubtful else "disputed" if item.key in books.excluded else ""
            )
            rows.append(AgedRow(item.customer, item.key, item.due_date, bucket, residual, status))
        else:
            rows.append(
                AgedRow(item.customer, item.key, None, "not_due", -residual, name=item_name(books, item.key))
            )
    return rows


def aged_totals(rows: list[AgedRow]) -> dict[str, dict[str, Decimal]]:
    """Per customer: amount per bucket and "total"."""
    totals: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        t = totals.setdefault(row.customer, {b: ZERO for b in (*BUCKETS, "total")})
        t[row.bucket] += row.amount
        t["total"] += row.amount
    return totals


@dataclass(frozen=True, slots=True)
class TrialRow:
    account: str
    name: str
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


def trial_balance(books: Books) -> list[TrialRow]:
    """Total debits and credits per account, sorted by account number. A customer's sub-account of 411
    is named after the customer (« Clients – Établissements Berger »)."""
    customers = {c.account: c.name for c in books.customers.values()}
    sums: dict[str, list[Decimal]] = {}
    for entry in books.entries:
        for line in entry.lines:
            s = sums.setdefault(line.account, [ZERO, ZERO])
            s[0] += line.debit
            s[1] += line.credit
    return [
        TrialRow(
            acc, f"{account_name(acc)} – {customers[acc]}" if acc in customers else account_name(acc), d, c
        )
        for acc, (d, c) in sorted(sums.items())
    ]
