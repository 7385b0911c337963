"""The rows a screen shows when they combine the world and the replayed books for display only (no
accounting here). Most screens need none: :func:`simulator.ledger.views.books_view` gives their rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from simulator.ledger import litigation
from simulator.ledger.books import Books
from simulator.ledger.lots import reminder_email
from simulator.ledger.terms import is_overdue
from simulator.packs.world.model import Message, World

#: how the history, the list and the Résultat name an entry of the follow-up log
EVENT_KINDS = {
    "call": "Appel téléphonique",
    "email": "E-mail",
    "letter": "Lettre de relance",
    "next_action": "Prochain rappel",
    "statement": "Relevé de compte envoyé",
}


def contact_email(world: World, books: Books, customer: str) -> str:
    """The address the customer's reminders go to: the one typed in the attempt (set_customer_email, for a
    customer whose card had none), else its accounting contact's, else nothing."""
    profile = world.customer(customer)
    return reminder_email(books, customer, profile.contact.email if profile is not None else "")


# -- a scenario whose calendar moves (« Un mois de relances »): the customer's replies and the litigation panel ----------------


def messages_received(world: World, books: Books, customer: str) -> tuple[Message, ...]:
    """The messages of ``customer`` received by the books' day, newest first (a month-long scenario dates
    some after the start: they appear on their day)."""
    mine = [m for m in world.messages_on(books.today) if m.customer == customer]
    return tuple(sorted(mine, key=lambda m: (m.date, m.id), reverse=True))


@dataclass(frozen=True, slots=True)
class LateFeeRow:
    """A late invoice of the customer and what billing its penalties today would post (or why not)."""

    invoice: str
    due_date: date
    paid_on: date | None
    fee: litigation.LateFee | None
    refusal: str  # the core's French reason when nothing can be billed today
    billed: litigation.LateFee | None  # already billed


@dataclass(frozen=True, slots=True)
class LitigationPanel:
    """« Transférer en clients douteux » and « Facturer les pénalités de retard », previewed by the core."""

    notice_date: date | None
    deadline: date | None
    transfer: litigation.Transfer | None
    transfer_refusal: str
    transferred: tuple[str, ...]
    late_fees: tuple[LateFeeRow, ...]

    @property
    def billable(self) -> list[tuple[str, str]]:
        """(value, label) of the late invoices whose penalties can be billed today (not billed yet, and the
        core would accept it), for a select."""
        return [
            (row.invoice, row.invoice) for row in self.late_fees if row.billed is None and row.fee is not None
        ]


def litigation_panel(world: World, books: Books, customer: str) -> LitigationPanel:
    today = books.today
    transfer, problems = litigation.transfer_preview(
        books, customer=customer, on=today, notice_days=world.notice_days
    )
    billed = {fee.invoice: fee for fee in books.late_fees}
    rows = []
    for doc in sorted(books.documents.values(), key=lambda d: (d.due_date or today, d.number)):
        if doc.customer != customer or not doc.is_invoice or not is_overdue(doc.due_date, today):
            continue
        fee, refused = litigation.late_fee_preview(books, invoice=doc.number, on=today)
        rows.append(
            LateFeeRow(
                doc.number,
                doc.due_date,
                litigation.payment_date(books, doc.number),
                fee,
                refused[0].message if refused else "",
                billed.get(doc.number),
            )
        )
    return LitigationPanel(
        litigation.notice_date(books, customer),
        litigation.notice_deadline(books, customer, world.notice_days),
        transfer,
        problems[0].message if problems else "",
        tuple(sorted(n for n in books.doubtful if books.documents[n].customer == customer)),
        tuple(rows),
    )
