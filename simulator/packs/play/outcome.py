"""The expected outcome of a World, computed from the rules of domain.md with plain arithmetic, apart
from the ledger: how each receipt's difference must be treated, each document's expected residual and
the expected balances of the accounts the scenario touches.

The reference solution (solve.py) is derived from it, grading compares the student's books with it,
and the tests check that replaying the reference solution lands exactly on it.

The accounting rules themselves (the treatment of a difference, the settlement order) are the ledger's
(:mod:`simulator.ledger.settlement`); this module applies them to a World's documents and receipts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from simulator.ledger import settlement
from simulator.ledger.accounts import (
    BANK,
    CHEQUES_TO_CASH,
    DOUBTFUL,
    LATE_FEES,
    VAT_COLLECTED,
)
from simulator.ledger.discount import discount_parts
from simulator.ledger.money import ZERO
from simulator.ledger.penalties import RECOVERY_INDEMNITY, late_penalty, penalty
from simulator.ledger.settlement import DISCOUNT, Treatment
from simulator.ledger.terms import days_late
from simulator.packs.world.lettrage import expected_postings
from simulator.packs.world.model import ExpectedReceipt, Message, World


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


def receipt_source(world: World, receipt: ExpectedReceipt) -> tuple[date, Decimal, str]:
    if receipt.source_kind == "cheque":
        cheque = world.cheque(receipt.source)
        return cheque.received, cheque.amount, f"Chèque n° {cheque.number} {cheque.bank}"  # type: ignore[union-attr]
    line = world.statement_line(receipt.source)
    return line.date, line.amount, line.label  # type: ignore[union-attr]


def classify(world: World, receipt: ExpectedReceipt, due: Decimal, on: date, amount: Decimal) -> Treatment:
    """The accountant's rule (:func:`simulator.ledger.settlement.classify`) for the documents of ``receipt``."""
    documents = [world.document(n) for n in receipt.documents]
    return settlement.classify(documents, due, on, amount, world.settings.rounding_tolerance)


def _settle(
    world: World,
    documents: tuple[str, ...],
    residuals: dict[str, Decimal],
    money: Decimal,
    reserve: dict[str, Decimal] | None = None,
    ordered: bool = False,
):
    """:func:`simulator.ledger.settlement.settle` on the world's ``documents``."""
    return settlement.settle([world.document(n) for n in documents], residuals, money, reserve, ordered)


def expected_outcome(world: World) -> Outcome:
    residuals = {d.number: d.amount_ttc for d in world.documents}
    balances: dict[str, Decimal] = {}

    def post(account: str, amount: Decimal) -> None:
        balances[account] = balances.get(account, ZERO) + amount

    for doc in world.documents:
        customer = world.customer(doc.customer).customer  # type: ignore[union-attr]
        sign = -1 if doc.is_invoice else 1
        post(customer.account, doc.signed_ttc)
        post(VAT_COLLECTED, sign * doc.amount_vat)
        for line in doc.lines:
            post(line.account, sign * line.amount_ht)
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
        money = amount + treatment.written_off
        reserve = (
            {
                n: sum((p.total for p in discount_parts(world.document(n))), ZERO)  # type: ignore[arg-type]
                for n in treatment.late
            }
            if treatment.kind == DISCOUNT
            else {}
        )
        advice = remittance_of(world, receipt)
        documents = advice.settles if advice else receipt.documents
        settled, _ = _settle(world, documents, residuals, money, reserve, ordered=advice is not None)
        partial = next((n for n in documents if world.document(n).is_invoice and residuals[n] > 0), None)
        outcomes.append(ReceiptOutcome(receipt, on, amount, label, treatment, tuple(settled), partial))
        account = world.customer(receipt.customer).customer.account  # type: ignore[union-attr]
        post(CHEQUES_TO_CASH if receipt.journal == "CHQ" else BANK, amount)
        if treatment.account is not None:
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
    # « Un mois de relances »: open receivables moved to 416 after the mise en demeure, penalties billed (D 411 / C 7631)
    for customer_id in world.expected.doubtful:
        account = world.customer(customer_id).customer.account  # type: ignore[union-attr]
        moved = sum((residuals[d.number] for d in world.documents if d.customer == customer_id), ZERO)
        post(DOUBTFUL, moved)
        post(account, -moved)
    for fee in expected_late_fees(world, outcomes):
        post(world.customer(fee.customer).customer.account, fee.total)  # type: ignore[union-attr]
        post(LATE_FEES, -fee.total)
    for account, amount in expected_postings(world):  # pack « lettrage »: the gaps written off
        post(account, amount)
    return Outcome(tuple(outcomes), residuals, balances)


@dataclass(frozen=True, slots=True)
class LateFeeOutcome:
    """Scenario 5: the penalties due on a late invoice (domain.md §7.1) paid on ``paid_on``, + 40 €."""

    invoice: str
    customer: str
    paid_on: date
    days: int
    penalty: Decimal

    @property
    def total(self) -> Decimal:
        return self.penalty + RECOVERY_INDEMNITY


def expected_late_fees(world: World, receipts: Sequence[ReceiptOutcome]) -> list[LateFeeOutcome]:
    """The penalties the brief asks to bill: TTC × rate × days late to the payment date / 365 (the legal
    rate of each half-year when the brief gives none)."""
    fees = []
    for fee in world.expected.late_fees:
        doc = world.document(fee.invoice)
        paid = [r.date for r in receipts if any(n == fee.invoice for n, _ in r.allocations)]
        if doc is None or doc.due_date is None or not paid:
            continue
        until = max(paid)
        days = days_late(doc.due_date, until)
        amount = (
            late_penalty(doc.amount_ttc, doc.due_date, until)
            if fee.rate is None
            else penalty(doc.amount_ttc, fee.rate, days)
        )
        fees.append(LateFeeOutcome(doc.number, doc.customer, until, days, amount or ZERO))
    return fees


def remittance_of(world: World, receipt: ExpectedReceipt) -> Message | None:
    """The customer's remittance advice for this receipt, if the world has one (domain.md §6 rule 1):
    the documents it settles, in the order it pays them, are those of the receipt."""
    return next(
        (
            m
            for m in world.messages
            if m.kind == "remittance"
            and m.customer == receipt.customer
            and m.settles
            and set(m.settles) == set(receipt.documents)
        ),
        None,
    )


def _slip_cheques(world: World, slip_id: str) -> tuple[str, ...]:
    return next((s.cheques for s in world.prior_slips if s.id == slip_id), ())
