"""The books a drawn world opens with, and what its customer cards tell the ledger's batch reminder run.

Every layer above starts from these books: the premise checks of a drawn world, the reference solution,
the replay of a student's actions, the grading.
"""

from __future__ import annotations

from simulator.ledger import calendar, cheques, followup, payments
from simulator.ledger.books import Books, open_books
from simulator.ledger.model import FollowupEvent, SlipLine
from simulator.ledger.money import ZERO
from simulator.packs.world.model import World


def initial_books(world: World) -> Books:
    """The books as the scenario starts: documents posted, earlier payments recorded and matched, earlier
    deposit slips handed in (their bank credit, if it came, is for the student to reconcile)."""
    books = open_books(
        world.today,
        (c.customer for c in world.customers),
        world.documents,
        world.cheques,
        calendar.visible(world.statement_lines, world.today),  # later ones appear on their day
        world.followup_levels,
    )
    for prior in world.prior_payments:
        books, problems = payments.register_payment(
            books,
            customer=prior.customer,
            journal=prior.journal,
            on=prior.date,
            amount=prior.amount,
            documents=prior.documents,
            payment_id=prior.id,
            reference=prior.reference,
            source_kind=prior.source_kind,
            source=prior.source,
            prior=True,
        )
        if problems:  # a generator bug, not a student's
            raise ValueError(f"prior payment {prior.id}: {[p.message for p in problems]}")
    for slip in world.prior_slips:
        lines = [
            SlipLine(c.id, c.drawer, c.bank, c.number, c.amount)
            for c in (world.cheque(cheque_id) for cheque_id in slip.cheques)
            if c is not None
        ]
        total = sum((line.amount for line in lines), ZERO)  # type: ignore[misc]
        books, problems = cheques.deposit_cheques(
            books,
            on=slip.date,
            account=world.company.iban,
            lines=lines,
            count=len(lines),
            total=total,
            slip_id=slip.id,
            prior=True,
        )
        if problems:
            raise ValueError(f"prior slip {slip.id}: {[p.message for p in problems]}")
    for entry in world.prior_followup:
        event = FollowupEvent(entry.kind, entry.customer, entry.date, entry.documents, entry.text)
        books = followup.record_history(books, event)
    return books


def customer_methods(world: World) -> dict[str, str]:
    """Customer id -> payment method code, as the customer cards give it."""
    return {c.id: c.payment_method for c in world.customers if c.payment_method}


def customer_emails(world: World) -> dict[str, str]:
    """Customer id -> the accounting contact's e-mail on the customer card ("" when the card has none)."""
    return {c.id: c.contact.email for c in world.customers}
