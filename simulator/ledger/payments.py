"""Receipts from customers and credit notes: posting and matching in one step, as Odoo's payment
wizard does, with the difference kept open (partial payment) or written off (rounding, discount)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from simulator.messages.formatting import euros

from .accounts import (
    ACCOUNT_NAMES,
    BANK,
    CHEQUES_TO_CASH,
    DISCOUNT_GRANTED,
    DOUBTFUL,
    RECEIPT_ACCOUNT,
    SALES_JOURNAL,
    VAT_COLLECTED,
    is_known_account,
    is_receivable,
)
from .books import Books, post_documents
from .discount import split_by_rates, total_ht, total_vat, vat_bases
from .entries import Entry, Line, credit, debit, make_entry, reversal
from .matching import apply_pairs, plan_allocations
from .model import CREDIT_NOTE, Document, DocumentLine, Payment, WriteOff
from .money import ZERO, cents, split_vat, vat_of
from .names import payment_name, statement_line_called
from .problems import Problem

KEEP_OPEN = "keep_open"
WRITE_OFF = "write_off"
#: Accounts a difference cannot be written off to: they are not income or expense.
NOT_WRITE_OFF = {BANK, CHEQUES_TO_CASH, DOUBTFUL, VAT_COLLECTED}


#: ``difference.vat_rate`` of an action (contracts.md) that splits a write-off at the VAT rates of the
#: invoices it settles instead of one rate
BY_INVOICE_RATES = "invoice"


@dataclass(frozen=True, slots=True)
class Difference:
    """How a payment difference is handled: kept open, or written off to ``account``, split into HT
    and VAT (44571) when ``vat_rate`` is given (0: no VAT on it), or at the VAT rates of the invoices
    when ``by_invoice_rates`` (a cash discount on an invoice with lines at several rates, domain.md §4)."""

    handling: str = KEEP_OPEN
    account: str = ""
    label: str = ""
    vat_rate: Decimal | None = None
    by_invoice_rates: bool = False


@dataclass(frozen=True, slots=True)
class ReceiptPlan:
    """What a receipt posts, before anything is posted: its id, its entry (D 512 or 5112, D the
    write-off HT and VAT, C 411 or 416), the write-off, and what it credits the customer with."""

    payment_id: str
    entry: Entry
    write_off: WriteOff | None
    settled: Decimal
    doubtful: bool
    invoices: tuple
    notes: tuple


def plan_receipt(
    books: Books,
    *,
    customer: str,
    journal: str,
    on: date,
    amount: Decimal,
    documents: Sequence[str] = (),
    allocations: Mapping[str, Decimal] | None = None,
    reference: str = "",
    source_kind: str | None = None,
    source: str | None = None,
    difference: Difference | None = None,
    payment_id: str | None = None,
) -> tuple[ReceiptPlan | None, list[Problem]]:
    """The entry :func:`register_payment` would post for these fields, or why it would refuse them. The
    payment dialog shows this entry before Valider; register_payment posts exactly this plan."""
    problems = _check_payment(
        books,
        customer,
        journal,
        on,
        amount,
        documents,
        allocations,
        source_kind,
        source,
        difference,
        payment_id,
    )
    if problems:
        return None, problems
    problems = _check_doubtful(books, documents, amount, allocations, difference)
    if problems:
        return None, problems
    doubtful = any(n in books.doubtful for n in documents)
    pid = payment_id or next_payment_id(books)
    items = books.items()
    chosen = [items[n] for n in dict.fromkeys(documents)]
    invoices = tuple(i for i in chosen if i.amount > 0)
    notes = tuple(i for i in chosen if i.amount < 0)
    total_due = sum((books.residual(i.key) for i in invoices), ZERO) - sum(
        (books.residual(n.key) for n in notes), ZERO
    )
    gap = total_due - amount if invoices else ZERO

    write_off = None
    if difference is not None and difference.handling == WRITE_OFF and gap != ZERO and total_due <= ZERO:
        return None, [Problem("nothing_due_to_write_off", "difference", {})]
    if difference is not None and difference.handling == WRITE_OFF and gap != ZERO:
        invoice_docs = [books.documents[i.key] for i in invoices]
        ht, vat = _split_gap(gap, invoice_docs, difference.vat_rate, difference.by_invoice_rates)
        write_off = WriteOff(difference.account, ht, vat, difference.label or reference, difference.vat_rate)
    settled = amount + (write_off.total if write_off else ZERO)

    cust = books.customers[customer]
    label = f"Règlement {cust.name}" + (f" {reference}" if reference else "")
    lines: list[Line] = [debit(RECEIPT_ACCOUNT[journal], amount, label)]
    if write_off:
        lines.append(debit(write_off.account, write_off.amount_ht, write_off.label or label))
        lines.append(debit(VAT_COLLECTED, write_off.vat, write_off.label or label))
    lines.append(credit(DOUBTFUL if doubtful else cust.account, settled, label, pid))
    number = books.next_entry_number(journal, on)
    entry = make_entry(number, journal, on, label, lines, source or reference)
    return ReceiptPlan(pid, entry, write_off, settled, doubtful, invoices, notes), []


def register_payment(
    books: Books,
    *,
    customer: str,
    journal: str,
    on: date,
    amount: Decimal,
    documents: Sequence[str] = (),
    allocations: Mapping[str, Decimal] | None = None,
    reference: str = "",
    source_kind: str | None = None,
    source: str | None = None,
    difference: Difference | None = None,
    payment_id: str | None = None,
    prior: bool = False,
) -> tuple[Books, list[Problem]]:
    """Record a receipt (D 512 or 5112 / C 411) and match it with ``documents``. A receipt for invoices
    transferred to 416 credits 416 instead (domain.md §7.2 level 5): see ``_check_doubtful``. The entry
    is :func:`plan_receipt`'s."""
    plan, problems = plan_receipt(
        books,
        customer=customer,
        journal=journal,
        on=on,
        amount=amount,
        documents=documents,
        allocations=allocations,
        reference=reference,
        source_kind=source_kind,
        source=source,
        difference=difference,
        payment_id=payment_id,
    )
    if plan is None:
        return books, problems
    pid = plan.payment_id
    payment = Payment(
        pid,
        customer,
        journal,
        on,
        amount,
        plan.settled,
        plan.entry.number,
        tuple(documents),
        reference,
        source_kind,
        source,
        plan.write_off,
        prior,
        doubtful=plan.doubtful,
    )
    matches = books.statement_matches
    if source_kind == "statement_line" and source not in matches:
        matches = MappingProxyType({**matches, source: (pid,)})
    books = books.evolve(
        entries=books.entries + (plan.entry,),
        payments=MappingProxyType({**books.payments, pid: payment}),
        statement_matches=matches,
    )
    credits = [*plan.notes, books.items()[pid]]
    cap = dict(allocations) if allocations else None
    pairs = plan_allocations(books, list(plan.invoices), credits, explicit=cap)
    return apply_pairs(books, customer, pairs), []


def next_payment_id(books: Books) -> str:
    """P1, P2… in order, skipping any id already used by a payment or a document."""
    n = sum(1 for p in books.payments.values() if not p.prior) + 1
    while f"P{n}" in books.payments or f"P{n}" in books.documents:
        n += 1
    return f"P{n}"


def _check_payment(
    books, customer, journal, on, amount, documents, allocations, source_kind, source, difference, payment_id
) -> list[Problem]:
    problems: list[Problem] = []
    if customer not in books.customers:
        return [Problem("unknown_customer", "customer", {"customer": customer})]
    if journal not in RECEIPT_ACCOUNT:
        problems.append(Problem("receipt_journal", "journal", {"journal": journal}))
    if amount <= ZERO:
        problems.append(Problem("amount_zero", "amount", {}))
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on}))
    if payment_id and (payment_id in books.payments or payment_id in books.documents):
        problems.append(Problem("duplicate_payment_id", "id", {"id": payment_id}))
    problems += check_documents(books, customer, documents)
    if source_kind == "statement_line" and source not in books.statement_lines:
        problems.append(
            Problem("unknown_statement_line", "source", {"line": statement_line_called(books, source)})
        )
    elif source_kind == "statement_line" and books.statement_lines[source].amount <= ZERO:
        line = statement_line_called(books, source)
        problems.append(Problem("statement_line_not_receipt", "source", {"line": line}))
    elif source_kind == "cheque" and source not in books.cheques:
        problems.append(Problem("unknown_cheque", "source", {"cheque": source}))
    elif source_kind not in (None, "statement_line", "cheque"):
        problems.append(Problem("unknown_source", "source", {"source": str(source_kind)}))
    if allocations:
        for number, value in allocations.items():
            if number not in documents:
                problems.append(Problem("allocation_not_in_documents", "allocations", {"document": number}))
            elif value <= ZERO:
                problems.append(Problem("amount_zero", "allocations", {}))
            elif number in books.items() and value > books.residual(number):
                problems.append(Problem("allocation_exceeds_residual", "allocations", {"document": number}))
    if difference is not None:
        if difference.handling not in (KEEP_OPEN, WRITE_OFF):
            problems.append(Problem("unknown_handling", "difference", {"handling": difference.handling}))
        elif difference.handling == WRITE_OFF:
            if (
                not difference.account
                or not is_known_account(difference.account)
                or is_receivable(difference.account)
                or difference.account in NOT_WRITE_OFF
            ):
                problems.append(Problem("write_off_account", "difference", {"account": difference.account}))
            if difference.vat_rate is not None and not (ZERO <= difference.vat_rate <= 100):
                problems.append(Problem("vat_rate_invalid", "difference", {"rate": str(difference.vat_rate)}))
    return problems


def _check_doubtful(books, documents, amount, allocations, difference) -> list[Problem]:
    """A receipt for invoices transferred to 416 credits 416: so all its documents must be transferred (one
    receipt credits one account), nothing is written off, and it is wholly set against them (what they
    still owe, or the amounts allocated to them): no credit is left floating on 416."""
    transferred = [n for n in dict.fromkeys(documents) if n in books.doubtful]
    if not transferred:
        return []
    others = [n for n in documents if n not in books.doubtful]
    if others:
        return [Problem("doubtful_mixed", "documents", {"doubtful": transferred[0], "other": others[0]})]
    caps = {n: books.residual(n) for n in transferred}
    if allocations:
        caps = {n: min(due, allocations.get(n, ZERO)) for n, due in caps.items()}
    due = sum(caps.values(), ZERO)
    problems = []
    if difference is not None and difference.handling == WRITE_OFF and amount != due:
        problems.append(Problem("doubtful_write_off", "difference", {}))
    if amount > due:
        params = {"documents": ", ".join(transferred), "due": euros(due)}
        problems.append(Problem("doubtful_overpaid", "amount", params))
    return problems


def check_documents(books: Books, customer: str, documents: Sequence[str]) -> list[Problem]:
    problems = []
    items = books.items()
    for number in documents:
        doc = books.documents.get(number)
        if doc is None:
            problems.append(Problem("unknown_document", "documents", {"document": number}))
        elif books.is_cancelled(number):
            problems.append(Problem("document_cancelled", "documents", {"document": number}))
        elif doc.customer != customer:
            problems.append(
                Problem(
                    "document_other_customer",
                    "documents",
                    {"document": number, "customer": books.customers[customer].name},
                )
            )
        elif number in items and books.residual(number) == ZERO:
            problems.append(Problem("document_already_settled", "documents", {"document": number}))
    return problems


def issue_credit_note(
    books: Books,
    *,
    invoice: str,
    on: date,
    amount_ht: Decimal,
    vat_rate: Decimal | None,
    reason: str,
    number: str,
    account: str = DISCOUNT_GRANTED,
) -> tuple[Books, list[Problem]]:
    """Issue a credit note on ``invoice`` (a financial one on 665 for a discount, by default):
    D account HT, D 44571 VAT / C 411 TTC. It is matched later, with the payment or by hand."""
    doc = books.documents.get(invoice)
    if doc is None or not doc.is_invoice:
        return books, [Problem("unknown_invoice", "invoice", {"document": invoice})]
    problems: list[Problem] = []
    rate = next(iter(doc.vat_by_rate), ZERO) if vat_rate is None else vat_rate
    if number in books.documents or number in books.payments:
        problems.append(Problem("number_taken", "number", {"number": number}))
    if amount_ht <= ZERO:
        problems.append(Problem("amount_zero", "amount_ht", {}))
    if not (ZERO <= rate <= 100):
        problems.append(Problem("vat_rate_invalid", "vat_rate", {"rate": str(rate)}))
    if on > books.today or on < doc.date:
        problems.append(Problem("credit_note_date", "date", {"date": on, "document": invoice}))
    if not reason.strip():
        problems.append(Problem("reason_required", "reason", {}))
    if not is_known_account(account) or is_receivable(account) or account in NOT_WRITE_OFF:
        problems.append(Problem("write_off_account", "account", {"account": account}))
    pending = sum(
        (
            books.residual(n.number)
            for n in books.documents.values()
            if not n.is_invoice and n.refers_to == invoice
        ),
        ZERO,
    )  # issued, not yet matched
    if not problems and cents(amount_ht + vat_of(amount_ht, rate)) > books.residual(invoice) - pending:
        problems.append(Problem("credit_note_too_large", "amount_ht", {"document": invoice}))
    if problems:
        return books, problems
    note = Document(
        number,
        CREDIT_NOTE,
        doc.customer,
        on,
        (DocumentLine(reason, amount_ht, rate, account),),
        refers_to=invoice,
        reason=reason,
    )
    books = post_documents(books, [note])
    return books.evolve(credit_notes_issued=books.credit_notes_issued + (number,)), []


def _undo_matchings(books: Books, key: str) -> tuple:
    """The allocations left once every matching operation (lettrage group) ``key`` took part in is undone."""
    operations = {(a.customer, a.letter) for a in books.allocations if key in (a.debit_item, a.credit_item)}
    return tuple(a for a in books.allocations if (a.customer, a.letter) not in operations)


def cancel_payment(books: Books, *, payment: str) -> tuple[Books, list[Problem]]:
    """Cancel a receipt recorded in the attempt: a reversal entry (contrepassation) dated like the receipt,
    so that every balance, at every date, is as if it had never been recorded; the matching operations it
    took part in are undone (its write-off goes with the reversal); its bank line or cheque is free again.
    The payment stays listed, flagged cancelled, with its id."""
    pay = books.payments.get(payment)
    named = {"payment": payment_name(books, payment)}
    if pay is None:
        return books, [Problem("unknown_payment", "payment", named)]
    if pay.cancelled:
        return books, [Problem("payment_cancelled", "payment", named)]
    if pay.prior:
        return books, [Problem("payment_prior", "payment", named)]
    slip = books.slip_of().get(pay.source or "") if pay.source_kind == "cheque" else None
    if slip is not None and _receipt_on_slip(books, pay):
        return books, [Problem("payment_on_slip", "payment", {**named, "slip": slip.id})]
    original = next(e for e in books.entries if e.number == pay.entry)
    number = books.next_entry_number(original.journal, pay.date)
    entry = reversal(original, number, pay.date, f"Annulation {original.label}")
    matches = MappingProxyType(
        {line: targets for line, targets in books.statement_matches.items() if payment not in targets}
    )
    cancelled = dataclasses.replace(pay, cancelled=True, reversal=number)
    return books.evolve(
        entries=books.entries + (entry,),
        payments=MappingProxyType({**books.payments, payment: cancelled}),
        allocations=_undo_matchings(books, payment),
        statement_matches=matches,
    ), []


def _receipt_on_slip(books: Books, pay: Payment) -> bool:
    """A slip takes the first live receipt of each of its cheques: is it this one?"""
    first = next(
        (
            p
            for p in books.payments.values()
            if p.source_kind == "cheque" and p.source == pay.source and not p.cancelled
        ),
        None,
    )
    return first is pay


def cancel_credit_note(books: Books, *, number: str) -> tuple[Books, list[Problem]]:
    """Cancel a credit note issued in the attempt and not matched: a reversal entry dated like the note."""
    doc = books.documents.get(number)
    if doc is None or doc.is_invoice:
        return books, [Problem("unknown_credit_note", "number", {"number": number})]
    if number in books.cancelled_documents:
        return books, [Problem("credit_note_cancelled", "number", {"number": number})]
    if number not in books.credit_notes_issued:
        return books, [Problem("credit_note_not_issued", "number", {"number": number})]
    if books.matched().get(number, ZERO) > ZERO:
        return books, [Problem("credit_note_matched", "number", {"number": number})]
    original = next(e for e in books.entries if e.ref == number and e.journal == SALES_JOURNAL)
    entry_number = books.next_entry_number(SALES_JOURNAL, doc.date)
    entry = reversal(original, entry_number, doc.date, f"Annulation {original.label}")
    return books.evolve(
        entries=books.entries + (entry,),
        cancelled_documents=MappingProxyType({**books.cancelled_documents, number: entry_number}),
    ), []


@dataclass(frozen=True, slots=True)
class PaymentGap:
    """The « Écart de règlement » of a receipt about to be recorded against ``documents``: what they
    still net to (invoices' residuals minus credit notes'), the amount received, and the difference
    ``gap = due - amount`` (positive: the customer paid less; negative: more), with its HT / VAT split
    when the difference is written off with a VAT rate (``amount_ht + vat == gap``)."""

    due: Decimal
    amount: Decimal
    gap: Decimal
    amount_ht: Decimal
    vat: Decimal

    @property
    def exists(self) -> bool:
        return self.gap != ZERO


def payment_gap(
    books: Books,
    documents: Sequence[str],
    amount: Decimal,
    vat_rate: Decimal | None = None,
    by_invoice_rates: bool = False,
) -> PaymentGap:
    """The difference :func:`register_payment` would keep open or write off, computed the same way, for a
    preview: documents that are unknown, cancelled or already settled are left out; with no invoice among
    them there is nothing to compare the amount with (gap 0)."""
    items = books.items()
    chosen = [
        items[n]
        for n in dict.fromkeys(documents)
        if n in items and not books.is_cancelled(n) and books.residual(n) > ZERO
    ]
    invoices = [i for i in chosen if i.amount > 0]
    due = sum((books.residual(i.key) for i in invoices), ZERO) - sum(
        (books.residual(i.key) for i in chosen if i.amount < 0), ZERO
    )
    gap = due - amount if invoices else ZERO
    if vat_rate is not None and not (ZERO <= vat_rate <= 100):
        vat_rate = None
    ht, vat = _split_gap(gap, [books.documents[i.key] for i in invoices], vat_rate, by_invoice_rates)
    return PaymentGap(due, amount, gap, ht, vat)


def _split_gap(
    gap: Decimal, invoices: Sequence[Document], vat_rate: Decimal | None, by_invoice_rates: bool
) -> tuple[Decimal, Decimal]:
    """A difference written off, as (HT, VAT) with the sign of ``gap``: at the invoices' own VAT rates,
    at ``vat_rate``, or all HT without a rate."""
    if gap == ZERO or (vat_rate is None and not by_invoice_rates):
        return gap, ZERO
    if by_invoice_rates:
        parts = split_by_rates(abs(gap), invoices)
        ht, vat = total_ht(parts), total_vat(parts)
    else:
        ht, vat = split_vat(abs(gap), vat_rate)  # type: ignore[arg-type]
    return (ht, vat) if gap > 0 else (-ht, -vat)


def vat_rates(books: Books, documents: Sequence[str]) -> tuple[Decimal, ...]:
    """The VAT rates of the lines of the invoices among ``documents`` (unknown numbers left out)."""
    known = [books.documents[n] for n in documents if n in books.documents]
    return tuple(rate for rate, _ in vat_bases(d for d in known if d.is_invoice).items())


def write_off_accounts() -> tuple[tuple[str, str], ...]:
    """The accounts a payment difference can be written off to (Compte de contrepartie): the chart's
    expense and income accounts, by number."""
    return tuple(
        (code, name)
        for code, name in sorted(ACCOUNT_NAMES.items())
        if not is_receivable(code) and code not in NOT_WRITE_OFF
    )
