"""Scenario 5 « Un mois de relances »: the reference solution of a world whose calendar moves.

Day after day, the careful accountant does the day's work, then moves the calendar to the next day that
brings work (« Avancer de N jours »): records each bank credit the day it appears, handles the replies
(a dispute excluded from follow-up, a promised date noted), bills the penalties once a reminded customer
has paid, reminds every customer the ledger lists « à contacter » (ledger.followup.contact_reason: the
level reached that day) through its level's channel, and transfers to 416 after the mise en demeure's
deadline. Every decision comes from the ledger's rules on the books of the day, never from the seed.
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

from simulator.ledger import calendar, litigation
from simulator.ledger.books import Books
from simulator.ledger.followup import DUE_LEVEL, contact_reason, followup_level, overdue_invoices
from simulator.packs.play.outcome import expected_outcome
from simulator.packs.play.replay import apply_action
from simulator.packs.play.steps import receipt_actions, reminder_actions
from simulator.packs.world.model import ExpectedReminder, World
from simulator.packs.world.opening import initial_books

#: the follow-up level's action -> the channel of the reminder that carries it out
LEVEL_CHANNELS = {"email": "email", "phone": "phone", "letter": "letter", "registered_letter": "letter"}


def level_channel(world: World, level: int) -> str:
    """The channel of a level's reminder: its first action that is a reminder (letter for a registered
    letter, the mise en demeure)."""
    actions = next((lvl.actions for lvl in world.followup_levels if lvl.level == level), ())
    return next((LEVEL_CHANNELS[a] for a in actions if a in LEVEL_CHANNELS), "letter")


def solve_month(world: World) -> list[dict[str, Any]]:
    """The reference actions of a month-long scenario, advance_days included."""
    books = initial_books(world)
    actions: list[dict[str, Any]] = []
    while True:
        for action in _day_work(world, books):
            books = _apply(world, books, action)
            actions.append(action)
        step = _next_working_day(world, books)
        if step is None:
            return actions
        action = {"type": "advance_days", "days": step}
        books = _apply(world, books, action)
        actions.append(action)


def _apply(world: World, books: Books, action: dict[str, Any]) -> Books:
    books, problems = apply_action(books, action, world)
    if problems:  # a rule of the solver contradicts the ledger: a bug, never a student's mistake
        raise ValueError(
            f"{world.scenario} seed {world.seed}: {action['type']}: {[p.message for p in problems]}"
        )
    return books


def _next_working_day(world: World, books: Books) -> int | None:
    """Days to the next day with work (at most ``calendar.MAX_STEP``), or None when the month is over."""
    last = world.last_day
    if last is None:
        return None
    for days in range(1, min(calendar.MAX_STEP, (last - books.today).days) + 1):
        later, _ = calendar.advance_days(books, days=days, last_day=last, lines=world.statement_lines)
        if _day_work(world, later):
            return days
    return None


def _day_work(world: World, books: Books) -> list[dict[str, Any]]:
    """What the day asks, from the books of the day (actions independent of each other's order)."""
    today = books.today
    work: list[dict[str, Any]] = []
    work += _receipts(world, books)
    for reply in (r for r in world.expected.replies if r.date == today):
        for number in reply.disputes:
            if number not in books.excluded:
                work.append(
                    {
                        "type": "exclude_from_followup",
                        "document": number,
                        "reason": "Litige : facture contestée par le client",
                    }
                )
        for number in reply.promises:
            if books.expected_payments.get(number) != reply.pays_on:
                work.append(
                    {
                        "type": "set_expected_payment_date",
                        "document": number,
                        "date": reply.pays_on.isoformat(),
                    }
                )  # type: ignore[union-attr]
    work += _late_fees(world, books)
    work += _reminders(world, books, {a["document"] for a in work if a["type"] == "exclude_from_followup"})
    for customer in world.expected.doubtful:
        deadline = litigation.notice_deadline(books, customer, world.notice_days)
        if deadline and today > deadline and litigation.transferable(books, customer):
            work.append({"type": "transfer_to_doubtful", "customer": customer, "date": today.isoformat()})
    return work


def _receipts(world: World, books: Books) -> list[dict[str, Any]]:
    # the receipts of procedure-11, recorded the day their line appears
    recorded = {p.source for p in books.payments.values() if p.source_kind == "statement_line"}
    actions: list[dict[str, Any]] = []
    for index, r in enumerate(expected_outcome(world).receipts, start=1):
        source = r.receipt.source
        if (
            r.receipt.source_kind == "statement_line"
            and source in books.statement_lines
            and source not in recorded
        ):
            actions += receipt_actions(world, r, f"P{index}", iter(()))
    return actions


def _late_fees(world: World, books: Books) -> list[dict[str, Any]]:
    billed = {fee.invoice for fee in books.late_fees}
    actions = []
    for fee in world.expected.late_fees:
        paid = fee.invoice not in billed and litigation.payment_date(books, fee.invoice) is not None
        if paid:
            action = {"type": "bill_late_fees", "invoice": fee.invoice, "date": books.today.isoformat()}
            if fee.rate is not None:
                action["rate"] = f"{fee.rate}"
            actions.append(action)
    return actions


def _reminders(world: World, books: Books, disputed_today: set[str]) -> list[dict[str, Any]]:
    # the reminder texts of procedure-11, dated the day of the books
    day = dataclasses.replace(world, today=books.today)
    residuals = SimpleNamespace(residuals={n: books.residual(n) for n in books.documents})
    actions: list[dict[str, Any]] = []
    for customer in sorted(books.customers):
        if contact_reason(books, customer) != DUE_LEVEL:
            continue
        documents = [n for n in overdue_invoices(books, customer) if n not in disputed_today]
        if not documents:
            continue
        level = followup_level(books, customer)
        reminder = ExpectedReminder(
            customer, level_channel(world, level), tuple(documents), level, next_action=False
        )
        actions += reminder_actions(day, residuals, reminder)  # type: ignore[arg-type]
    return actions
