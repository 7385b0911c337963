"""What every grading check reads: the world, its expected outcome, the replayed books, and which of
the student's payments answers which expected receipt."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from simulator.ledger.books import Books
from simulator.ledger.model import DepositSlip, FollowupEvent, Payment
from simulator.packs.play.outcome import Outcome, ReceiptOutcome
from simulator.packs.world.model import World


@dataclass(frozen=True, slots=True)
class Mistake:
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    key: str = ""  # what it is about (document, customer…), to keep one mistake per code and subject
    #: the accounts whose final balance this mistake explains (the books check does not charge them again)
    accounts: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass
class Context:
    world: World
    outcome: Outcome
    books: Books
    signatories: tuple[str, ...] = ()  # names accepted as an e-mail signature beside the world's signatory
    refused_slips: tuple[DepositSlip, ...] = ()  # slips refused only for a cheque recorded in the bank

    def receipt_journals(self, source: str) -> set[str]:
        """The journals of the student's payments that answer the expected receipt from ``source``."""
        return {
            p.journal
            for i, r in enumerate(self.outcome.receipts)
            if r.receipt.source == source
            for p in self.claims[i]
        }

    @cached_property
    def student_payments(self) -> list[Payment]:
        """The receipts the student recorded and did not cancel: cancelled work is never charged."""
        return [p for p in self.books.payments.values() if not p.prior and not p.cancelled]

    @cached_property
    def student_followup(self) -> tuple[FollowupEvent, ...]:
        """The follow-up log without the world's history (made before the scenario: never graded)."""
        return tuple(e for e in self.books.followup if not e.prior)

    @cached_property
    def claims(self) -> dict[int, list[Payment]]:
        """For each expected receipt (by index), the student's payments that answer it: those that name
        its source, else — when the student did not link the source — those of the same amount, date or
        customer that no other receipt claims."""
        claimed: dict[int, list[Payment]] = {i: [] for i in range(len(self.outcome.receipts))}
        free = list(self.student_payments)
        line_of = self.books.statement_line_of()  # receipts reconciled with their bank line afterwards
        for i, r in enumerate(self.outcome.receipts):
            mine = [
                p
                for p in free
                if (p.source_kind == r.receipt.source_kind and p.source == r.receipt.source)
                or (r.receipt.source_kind == "statement_line" and line_of.get(p.id) == r.receipt.source)
            ]
            claimed[i] += mine
            free = [p for p in free if p not in mine]
        # best resemblance first, receipts in source order: the claims do not depend on the pack's order
        order = sorted(
            range(len(self.outcome.receipts)), key=lambda i: self.outcome.receipts[i].receipt.source
        )
        for score in (_same_everything, _same_amount, _same_customer):
            for i in order:
                mine = [p for p in free if score(p, self.outcome.receipts[i])]
                if mine and not claimed[i]:
                    claimed[i].append(mine[0])
                    free.remove(mine[0])
        return claimed

    @cached_property
    def unclaimed(self) -> list[Payment]:
        used = {p.id for payments in self.claims.values() for p in payments}
        return [p for p in self.student_payments if p.id not in used]

    def customer_name(self, customer_id: str) -> str:
        profile = self.world.customer(customer_id)
        return profile.customer.name if profile else customer_id


def _same_everything(p: Payment, r: ReceiptOutcome) -> bool:
    return p.customer == r.receipt.customer and p.amount == r.amount


def _same_amount(p: Payment, r: ReceiptOutcome) -> bool:
    return p.amount == r.amount


def _same_customer(p: Payment, r: ReceiptOutcome) -> bool:
    return p.customer == r.receipt.customer


def total(values) -> Decimal:
    return sum(values, Decimal("0.00"))
