"""The expected outcome of a World, computed from the rules of domain.md with plain arithmetic, apart
from the ledger: how each receipt's difference must be treated, each document's expected residual and
the expected balances of the accounts the scenario touches.

The reference solution (solve.py) is derived from it, grading compares the student's books with it,
and the tests check that replaying the reference solution lands exactly on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from simulator.ledger.accounts import (
    BANK,
    CHEQUES_TO_CASH,
    DISCOUNT_GRANTED,
    MISC_EXPENSE,
    MISC_INCOME,
    VAT_COLLECTED,
)
from simulator.ledger.model import Document
from simulator.ledger.money import ZERO, cents

from .world import ExpectedReceipt, World

EXACT = "exact"
ROUNDING = "rounding"  # small gap written off to 658 (short) or 758 (over)
DISCOUNT = "discount"  # cash discount granted: 665 + VAT correction
NOT_ENTITLED = "not_entitled"  # discount deducted after the deadline: keep the difference open
PARTIAL = "partial"  # partial payment: keep open
OVERPAID = "overpaid"  # overpayment above tolerance: keep the credit open


@dataclass(frozen=True, slots=True)
class Treatment:
    kind: str
    gap: Decimal  # amount due - amount received (+ short, - over)
    account: str | None = None  # write-off account, if any
    amount_ht: Decimal = ZERO  # written-off HT (signed like gap)
    vat: Decimal = ZERO  # VAT correction on 44571 (signed like gap)
    vat_rate: Decimal | None = None

    @property
    def writes_off(self) -> bool:
        return self.account is not None


@dataclass(frozen=True, slots=True)
class ReceiptOutcome:
    receipt: ExpectedReceipt
    date: date
    amount: Decimal
    label: str
    treatment: Treatment
    allocations: tuple[tuple[str, Decimal], ...]  # (document, amount settled) in settlement order
    partial_document: str | None  # the invoice left partially paid, if any


@dataclass(frozen=True)
class Outcome:
    receipts: tuple[ReceiptOutcome, ...]
    residuals: dict[str, Decimal]  # every document number -> residual after the expected work
    balances: dict[str, Decimal]  # account -> debit-minus-credit balance after the expected work


def discount_of(doc: Document) -> tuple[Decimal, Decimal]:
    """Cash discount (HT, VAT) of an invoice with discount terms: rate × HT, then VAT on it (§4)."""
    if doc.discount is None:
        return ZERO, ZERO
    ht = cents(doc.amount_ht * doc.discount.rate / 100)
    vat = sum(
        (
            cents(cents(base_ht * doc.discount.rate / 100) * rate / 100)
            for rate, base_ht in _bases(doc).items()
        ),
        ZERO,
    )
    return ht, vat


def _bases(doc: Document) -> dict[Decimal, Decimal]:
    bases: dict[Decimal, Decimal] = {}
    for line in doc.lines:
        bases[line.vat_rate] = bases.get(line.vat_rate, ZERO) + line.amount_ht
    return bases


def receipt_source(world: World, receipt: ExpectedReceipt) -> tuple[date, Decimal, str]:
    if receipt.source_kind == "cheque":
        cheque = world.cheque(receipt.source)
        return cheque.received, cheque.amount, f"Chèque n° {cheque.number} {cheque.bank}"  # type: ignore[union-attr]
    line = world.statement_line(receipt.source)
    return line.date, line.amount, line.label  # type: ignore[union-attr]


def classify(world: World, receipt: ExpectedReceipt, due: Decimal, on: date, amount: Decimal) -> Treatment:
    """The accountant's rule for a difference between what is due and what was received."""
    gap = due - amount
    if gap == ZERO:
        return Treatment(EXACT, gap)
    invoices = [world.document(n) for n in receipt.documents]
    discounted = [d for d in invoices if d and d.is_invoice and d.discount]
    if discounted and gap > 0:
        ht = sum((discount_of(d)[0] for d in discounted), ZERO)
        vat = sum((discount_of(d)[1] for d in discounted), ZERO)
        if ht + vat == gap:
            if all(on <= d.discount.deadline for d in discounted):  # type: ignore[union-attr]
                rate = next(iter(_bases(discounted[0])))
                return Treatment(DISCOUNT, gap, DISCOUNT_GRANTED, ht, vat, rate)
            return Treatment(NOT_ENTITLED, gap)
    if abs(gap) <= world.settings.rounding_tolerance:
        return Treatment(ROUNDING, gap, MISC_EXPENSE if gap > 0 else MISC_INCOME, gap)
    return Treatment(PARTIAL if gap > 0 else OVERPAID, gap)


def _settle(world: World, documents: tuple[str, ...], residuals: dict[str, Decimal], money: Decimal):
    """Credit notes against their invoice, then ``money`` against invoices due first, oldest first."""
    docs = [world.document(n) for n in documents]
    invoices = sorted((d for d in docs if d.is_invoice), key=lambda d: (d.due_date, d.date, d.number))
    settled: list[tuple[str, Decimal]] = []
    for note in sorted((d for d in docs if not d.is_invoice), key=lambda d: (d.date, d.number)):
        targets = [i for i in invoices if i.number == note.refers_to] + [
            i for i in invoices if i.number != note.refers_to
        ]
        for inv in targets:
            take = min(residuals[note.number], residuals[inv.number])
            if take > 0:
                residuals[note.number] -= take
                residuals[inv.number] -= take
                settled.append((note.number, take))
    for inv in invoices:
        take = min(money, residuals[inv.number])
        if take > 0:
            residuals[inv.number] -= take
            money -= take
            settled.append((inv.number, take))
    return settled, money


def expected_outcome(world: World) -> Outcome:
    residuals = {d.number: d.amount_ttc for d in world.documents}
    balances: dict[str, Decimal] = {}

    def post(account: str, amount: Decimal) -> None:
        balances[account] = balances.get(account, ZERO) + amount

    for doc in world.documents:
        customer = world.customer(doc.customer).customer  # type: ignore[union-attr]
        post(customer.account, doc.signed_ttc)
        post(VAT_COLLECTED, -doc.amount_vat if doc.is_invoice else doc.amount_vat)
    for prior in world.prior_payments:
        _settle(world, prior.documents, residuals, prior.amount)
        post(CHEQUES_TO_CASH if prior.journal == "CHQ" else BANK, prior.amount)
        post(world.customer(prior.customer).customer.account, -prior.amount)  # type: ignore[union-attr]

    outcomes = []
    for receipt in world.expected.receipts:
        on, amount, label = receipt_source(world, receipt)
        due = sum(
            (residuals[n] if world.document(n).is_invoice else -residuals[n] for n in receipt.documents), ZERO
        )
        treatment = classify(world, receipt, due, on, amount)
        money = amount + (treatment.gap if treatment.writes_off else ZERO)
        settled, _ = _settle(world, receipt.documents, residuals, money)
        partial = next(
            (n for n in receipt.documents if world.document(n).is_invoice and residuals[n] > 0), None
        )
        outcomes.append(ReceiptOutcome(receipt, on, amount, label, treatment, tuple(settled), partial))
        account = world.customer(receipt.customer).customer.account  # type: ignore[union-attr]
        post(CHEQUES_TO_CASH if receipt.journal == "CHQ" else BANK, amount)
        if treatment.writes_off:
            post(treatment.account, treatment.amount_ht)  # type: ignore[arg-type]
            post(VAT_COLLECTED, treatment.vat)
        post(account, -money)
    # The bank's credit of a slip (D 512 / C 5112) is posted when its statement line is reconciled: only where
    # the world has that line. Until then 5112 keeps the cheques (domain.md §2, step 5).
    credited = [c for r in world.expected.reconcile for c in _slip_cheques(world, r.slip)]
    deposit = world.expected.deposit
    if deposit is not None and deposit.statement_line is not None:
        credited += deposit.cheques
    amount = sum((world.cheque(c).amount for c in credited), ZERO)  # type: ignore[union-attr]
    if amount:
        post(BANK, amount)
        post(CHEQUES_TO_CASH, -amount)
    return Outcome(tuple(outcomes), residuals, balances)


def _slip_cheques(world: World, slip_id: str) -> tuple[str, ...]:
    return next((s.cheques for s in world.prior_slips if s.id == slip_id), ())
