"""Litigation (domain.md §7.1–7.2): after the mise en demeure, the open receivable moves to 416 « Clients
douteux ou litigieux » (OD D 416 / C 411); late-payment penalties and the 40 € recovery indemnity are
billed D 411 / C 7631. Pure: Books in, ``(books, problems)`` out; the previews give the amounts a form
shows before the student confirms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType

from .accounts import DOUBTFUL, LATE_FEES, MISC_JOURNAL
from .books import Books
from .entries import credit, debit, make_entry
from .model import FollowupLevel
from .money import ZERO, cents
from .penalties import RECOVERY_INDEMNITY, late_penalty, penalty
from .problems import Problem
from .terms import days_late
from .workdays import next_working_day

#: days the mise en demeure gives the debtor to pay (domain.md §7.3: usually 8 to 15), counted from the
#: letter's date; the one default of the project: a scenario may set its own (``calendar: {notice_days}``,
#: ``World.notice_days``), and the letter prints the deadline the transfer to 416 waits for
NOTICE_DAYS = 8


@dataclass(frozen=True, slots=True)
class Transfer:
    """What a transfer to 416 posts: ``amount`` (the open TTC of ``invoices``) from 411 to 416."""

    customer: str
    invoices: tuple[str, ...]
    amount: Decimal
    date: date


@dataclass(frozen=True, slots=True)
class LateFee:
    """Penalties billed on one late invoice: TTC × ``rate`` % × ``days`` / 365 (``rate`` None: each
    half-year at its legal rate), plus the 40 € indemnity when billed."""

    invoice: str
    customer: str
    date: date  # billing date
    until: date  # the payment date, or the billing date while unpaid
    days: int
    rate: Decimal | None
    penalty: Decimal
    indemnity: Decimal
    entry: str = ""
    #: the note de débit (ND/2026/0001) that bills them to the customer: the entry's pièce
    debit_note: str = ""

    @property
    def total(self) -> Decimal:
        return self.penalty + self.indemnity


#: prefix of the notes de débit that bill penalties and the indemnity (ND/2026/0001, one sequence a year)
DEBIT_NOTE_PREFIX = "ND"


def next_debit_note_number(books: Books, on: date) -> str:
    """The number of the next note de débit dated ``on``: ND/<year>/<n>, n counting the notes of that
    year already issued in the books, from 1."""
    count = sum(1 for fee in books.late_fees if fee.debit_note and fee.date.year == on.year) + 1
    return f"{DEBIT_NOTE_PREFIX}/{on.year}/{count:04d}"


def notice_level(levels: Sequence[FollowupLevel]) -> int:
    """The level of the plan that is the mise en demeure: the one sent by registered letter, else the
    last one; 0 without levels."""
    registered = [lvl.level for lvl in levels if "registered_letter" in lvl.actions]
    return max(registered or [lvl.level for lvl in levels], default=0)


def notice_date(books: Books, customer: str) -> date | None:
    """The date of the first mise en demeure sent to ``customer`` (a letter of the notice level)."""
    level = notice_level(books.levels)
    dates = [
        e.date
        for e in books.followup
        if e.customer == customer and e.kind == "letter" and level and e.level >= level
    ]
    return min(dates, default=None)


def payment_deadline(sent: date, notice_days: int = NOTICE_DAYS) -> date:
    """The last day a mise en demeure dated ``sent`` gives to pay: the date its letter prints,
    ``notice_days`` after it, moved to the next working day when it falls on a Saturday, a Sunday or a
    public holiday (a debtor cannot pay by a day the banks are closed)."""
    return next_working_day(sent + timedelta(days=notice_days))


def notice_deadline(books: Books, customer: str, notice_days: int = NOTICE_DAYS) -> date | None:
    """The last day the (first) mise en demeure gives to pay; the transfer to 416 comes after it."""
    sent = notice_date(books, customer)
    return payment_deadline(sent, notice_days) if sent else None


def transferable(books: Books, customer: str) -> list[str]:
    """The open invoices of ``customer`` that can move to 416: not settled, not already transferred."""
    return sorted(
        d.number
        for d in books.documents.values()
        if d.customer == customer
        and d.is_invoice
        and d.number not in books.doubtful
        and d.number not in books.cancelled_documents
        and books.residual(d.number) > ZERO
    )


def transfer_preview(
    books: Books,
    *,
    customer: str,
    on: date,
    invoices: Sequence[str] | None = None,
    notice_days: int = NOTICE_DAYS,
) -> tuple[Transfer | None, list[Problem]]:
    """The transfer a ``transfer_to_doubtful`` would post, or why it cannot."""
    if customer not in books.customers:
        return None, [Problem("unknown_customer", "customer", {"customer": customer})]
    problems: list[Problem] = []
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on}))
    deadline = notice_deadline(books, customer, notice_days)
    if deadline is None:
        problems.append(Problem("no_formal_notice", "customer", {}))
    elif on <= deadline:
        problems.append(Problem("notice_not_expired", "date", {"deadline": deadline}))
    open_ones = transferable(books, customer)
    chosen = list(open_ones if invoices is None else invoices)
    for number in chosen:
        doc = books.documents.get(number)
        if doc is None or not doc.is_invoice or doc.customer != customer:
            problems.append(Problem("unknown_invoice", "invoices", {"document": number}))
        elif number in books.doubtful:
            problems.append(Problem("already_doubtful", "invoices", {"document": number}))
        elif number not in open_ones:
            problems.append(Problem("document_already_settled", "invoices", {"document": number}))
    if not chosen:
        problems.append(Problem("nothing_to_transfer", "invoices", {}))
    if problems:
        return None, problems
    amount = sum((books.residual(n) for n in chosen), ZERO)
    return Transfer(customer, tuple(chosen), amount, on), []


def transfer_to_doubtful(
    books: Books,
    *,
    customer: str,
    on: date,
    invoices: Sequence[str] | None = None,
    notice_days: int = NOTICE_DAYS,
) -> tuple[Books, list[Problem]]:
    """Transférer en clients douteux: OD D 416 / C 411 for the open TTC of the invoices (by default all the
    customer's open invoices), only after the mise en demeure's deadline. The invoices leave the follow-up."""
    transfer, problems = transfer_preview(
        books, customer=customer, on=on, invoices=invoices, notice_days=notice_days
    )
    if transfer is None:
        return books, problems
    name = books.customers[customer]
    number = books.next_entry_number(MISC_JOURNAL, on)
    label = f"Transfert en clients douteux {name.name}"
    lines = [debit(DOUBTFUL, transfer.amount, label)]
    lines += [credit(name.account, books.residual(n), f"{label} {n}", n) for n in transfer.invoices]
    entry = make_entry(number, MISC_JOURNAL, on, label, lines, ", ".join(transfer.invoices))
    return books.evolve(
        entries=books.entries + (entry,),
        doubtful=MappingProxyType({**books.doubtful, **dict.fromkeys(transfer.invoices, number)}),
    ), []


def payment_date(books: Books, invoice: str) -> date | None:
    """The date an invoice was settled (its last settlement), or None while something is left to pay."""
    if books.residual(invoice) > ZERO:
        return None
    items = books.items()
    dates = [items[a.credit_item].date for a in books.allocations if a.debit_item == invoice]
    return max(dates, default=None)


def late_fee_preview(
    books: Books, *, invoice: str, on: date, rate: Decimal | None = None, indemnity: bool = True
) -> tuple[LateFee | None, list[Problem]]:
    """The penalties ``bill_late_fees`` would bill on ``invoice`` (domain.md §7.1): TTC × annual rate ×
    days late / 365, the days running from the day after the due date to the payment date (or to the
    billing date ``on`` while unpaid); ``rate`` None: the legal rate, ECB + 10 points per half-year;
    + 40 € per late invoice when ``indemnity``."""
    doc = books.documents.get(invoice)
    if doc is None or not doc.is_invoice or doc.due_date is None:
        return None, [Problem("unknown_invoice", "invoice", {"document": invoice})]
    problems: list[Problem] = []
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on}))
    if any(fee.invoice == invoice for fee in books.late_fees):
        problems.append(Problem("late_fees_already_billed", "invoice", {"document": invoice}))
    if rate is not None and not ZERO < rate < 100:
        problems.append(
            Problem("penalty_rate_invalid", "rate", {"rate": format(rate, "f").replace(".", ",")})
        )
    until = min(payment_date(books, invoice) or on, on)
    days = days_late(doc.due_date, until)
    if not days:
        problems.append(Problem("invoice_not_late", "invoice", {"document": invoice}))
    if problems:
        return None, problems
    amount = (
        late_penalty(doc.amount_ttc, doc.due_date, until)
        if rate is None
        else penalty(doc.amount_ttc, rate, days)
    )
    if amount is None:
        return None, [Problem("penalty_rate_unknown", "rate", {})]
    extra = RECOVERY_INDEMNITY if indemnity else ZERO
    return LateFee(invoice, doc.customer, on, until, days, rate, cents(amount), extra), []


def bill_late_fees(
    books: Books, *, invoice: str, on: date, rate: Decimal | None = None, indemnity: bool = True
) -> tuple[Books, list[Problem]]:
    """Facturer les pénalités de retard: D 411 / C 7631 for the penalties (no VAT) and the 40 € indemnity,
    billed to the customer by a numbered note de débit, the entry's pièce (domain.md §0.2)."""
    fee, problems = late_fee_preview(books, invoice=invoice, on=on, rate=rate, indemnity=indemnity)
    if fee is None:
        return books, problems
    customer = books.customers[fee.customer]
    number = books.next_entry_number(MISC_JOURNAL, on)
    note = next_debit_note_number(books, on)
    label = f"Pénalités de retard {invoice} {customer.name}"
    lines = [
        debit(customer.account, fee.total, label),
        credit(LATE_FEES, fee.penalty, label),
        credit(LATE_FEES, fee.indemnity, f"Indemnité forfaitaire de recouvrement {invoice}"),
    ]
    entry = make_entry(number, MISC_JOURNAL, on, label, lines, note)
    fee = LateFee(
        fee.invoice,
        fee.customer,
        fee.date,
        fee.until,
        fee.days,
        fee.rate,
        fee.penalty,
        fee.indemnity,
        number,
        note,
    )
    return books.evolve(entries=books.entries + (entry,), late_fees=books.late_fees + (fee,)), []
