"""Relances par lot for the screens: the run the wizard would launch (its Synthèse, Détail and Clients sans
adresse électronique), computed by the core from the attempt's books and the world's customer cards; the
e-mails a run sends, read before sending and on the lot afterwards (the level's letter text, filled)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from simulator.documents.letters import letter_document
from simulator.documents.render import DocumentUnavailable
from simulator.formatting import format_date, format_money
from simulator.ledger.books import Books
from simulator.ledger.lots import Lot, RunPlan, plan_run
from simulator.packs.play import replay as replaying
from simulator.packs.spec.letter_template import for_email
from simulator.packs.world.model import World
from simulator.packs.world.opening import customer_emails, customer_methods

from .attempts import LoadedAttempt


def plan(
    attempt: LoadedAttempt,
    *,
    level: int,
    on: date,
    excluded_methods: Sequence[str] = (),
    excluded_customers: Sequence[str] = (),
) -> RunPlan | None:
    """What « Lancer le processus de relance » would do now (None for a level the strategy lacks)."""
    return plan_run(
        attempt.books,
        level=level,
        on=on,
        methods=customer_methods(attempt.world),
        emails=customer_emails(attempt.world),
        excluded_methods=excluded_methods,
        excluded_customers=excluded_customers,
    )


@dataclass(frozen=True, slots=True)
class ReminderEmail:
    """The e-mail a run sends a customer: the level's text (its letter template, filled for the customer:
    invoices, amounts due TTC, due dates) as plain text, with the table of invoices as lines, its words
    for the medium an e-mail's (« ce message », not « ce courrier »)."""

    to: str
    subject: str
    body: str


def reminder_email(world: World, books: Books, customer: str, level: int, on: date, to: str = ""):
    """The e-mail of ``level`` for ``customer`` as of ``books`` on ``on``, or None when the level has no
    text (litigation only) or the customer nothing overdue. Its subject is the one the follow-up log
    records for a run's e-mail (« Relance : » and the invoices)."""
    try:
        letter = letter_document(world, books, customer, level, on)
    except DocumentUnavailable:
        return None
    c = letter.context
    body: list[str] = []
    for paragraph in c["paragraphs"]:
        if paragraph is None:
            body.append(
                "\n".join(
                    f"- Facture {line.number} du {format_date(line.date)}, échue le {format_date(line.due_date)} : "
                    f"{format_money(line.residual)} TTC restant dû"
                    for line in c["lines"]
                )
            )
        else:
            body.append(for_email("\n".join(paragraph)))
    signatory = world.company.signatory
    body.append(f"{signatory.first_name} {signatory.last_name}\n{signatory.role}\n{world.company.name}")
    numbers = ", ".join(line.number for line in c["lines"])
    return ReminderEmail(to, f"Relance : {numbers}", "\n\n".join(body))


def plan_emails(attempt: LoadedAttempt, run: RunPlan) -> dict[str, ReminderEmail]:
    """The e-mails « Lancer la relance » would send, by customer, to read before sending."""
    if not run.sends_email:
        return {}
    return _emails(attempt.world, attempt.books, run.lines, run.level.level, run.date)


def lot_emails(attempt: LoadedAttempt, lot: Lot) -> dict[str, ReminderEmail]:
    """The e-mails a lot sent, by customer, as they read on the day of the run: the books are replayed up
    to the action that launched it."""
    if not any(lvl.level == lot.level and "email" in lvl.actions for lvl in attempt.books.levels):
        return {}
    index = _run_action(attempt, lot)
    books = (
        replaying.replay(attempt.world, attempt.actions[:index]).books if index is not None else attempt.books
    )
    return _emails(attempt.world, books, lot.lines, lot.level, lot.date)


def customer_lot_emails(attempt: LoadedAttempt, customer: str) -> dict[tuple[date, int], ReminderEmail]:
    """The e-mails the lots sent ``customer``, by (date, level) of their follow-up event."""
    return {
        (lot.date, lot.level): email
        for lot in attempt.books.lots
        if customer in lot.customers
        for who, email in lot_emails(attempt, lot).items()
        if who == customer
    }


def _emails(world: World, books: Books, lines, level: int, on: date) -> dict[str, ReminderEmail]:
    emails = {}
    for line in lines:
        email = reminder_email(world, books, line.customer, level, on, line.email)
        if email is not None:
            emails[line.customer] = email
    return emails


def _run_action(attempt: LoadedAttempt, lot: Lot) -> int | None:
    """The index in the log of the run_followup action that recorded ``lot`` (lots come only from runs,
    one per accepted run, in order)."""
    position = attempt.books.lots.index(lot)
    runs = [i for i in attempt.replayed.applied if attempt.actions[i].get("type") == "run_followup"]
    return runs[position] if position < len(runs) else None
