"""A month of follow-up (« Un mois de relances »): the month graded as a whole (only where the calendar moves).

The reminders due are those of the reference solution (packs.play.period: the ledger's « à contacter » list of
each day, at the level reached that day). Each must be made through its level's channel, on the day
the level is reached or at most :data:`TOLERANCE_DAYS` later; a missing one is the follow-up checks'
OVERDUE_NOT_REMINDED / CALL_NOT_LOGGED, its content the same checklist (grading.followup). A reminder
to a customer who had paid by then is REMINDED_PAID_CUSTOMER and one about a contested invoice
REMINDED_DISPUTED_INVOICE (grading.followup and grading.statements, which know the payment dates).
Then the 416 transfer after the mise en demeure and the penalties billed (domain.md §7.1).
"""

from __future__ import annotations

from datetime import timedelta

from simulator.ledger.accounts import DOUBTFUL, LATE_FEES
from simulator.ledger.model import FollowupEvent
from simulator.ledger.money import ZERO
from simulator.packs.play.outcome import expected_late_fees
from simulator.packs.play.period import level_channel, solve_month
from simulator.packs.play.replay import replay
from simulator.packs.world.model import ExpectedReminder, World
from simulator.packs.world.serialize import world_to_json

from .context import Context, Mistake, total
from .followup import REMINDERS, reminder_mistakes

#: days a reminder may come after the day its level is reached (a weekend, a busy day) before it is late
TOLERANCE_DAYS = 2
CHANNEL_KIND = {"phone": "call", "email": "email", "letter": "letter"}


def check_period(ctx: Context) -> list[Mistake]:
    if not ctx.world.calendar_moves:
        return []
    return _reminders(ctx) + _doubtful(ctx) + _late_fees(ctx)


def reminders_due(world: World) -> tuple[FollowupEvent, ...]:
    """The reminders of the month: those the reference solution makes, with their day and level (kept
    for the last worlds seen: regrading a class replays one world many times)."""
    key = world_to_json(world, indent=None)
    if key not in _DUE:
        books = replay(world, solve_month(world)).books
        if len(_DUE) >= 64:
            _DUE.pop(next(iter(_DUE)))
        _DUE[key] = tuple(e for e in books.followup if not e.prior and e.kind in REMINDERS)
    return _DUE[key]


_DUE: dict[str, tuple[FollowupEvent, ...]] = {}


def _reminders(ctx: Context) -> list[Mistake]:
    world = ctx.world
    names = {lvl.level: lvl.name for lvl in world.followup_levels}
    found: list[Mistake] = []
    for due in reminders_due(world):
        channel = level_channel(world, due.level)
        kind = CHANNEL_KIND[channel]
        docs = [world.document(n) for n in due.documents]
        amount = total(d.amount_ttc for d in docs if d)
        params = {
            "customer": ctx.customer_name(due.customer),
            "documents": list(due.documents),
            "document": due.documents[0] if due.documents else "",
            "amount": amount,
            "expected_amount": amount,
            "amount_ht": total(d.amount_ht for d in docs if d),
            "date": min((d.due_date for d in docs if d and d.due_date), default=due.date),
        }
        done = [
            e
            for e in ctx.student_followup
            if e.customer == due.customer and e.kind == kind and e.level == due.level
        ]
        key = f"{due.customer}:{due.level}"
        if not done:
            code = "CALL_NOT_LOGGED" if kind == "call" else "OVERDUE_NOT_REMINDED"
            found.append(Mistake(code, params, key))
            continue
        first = min(done, key=_day)
        if _day(first) > due.date + timedelta(days=TOLERANCE_DAYS):
            late = {
                "level": due.level,
                "level_name": names.get(due.level, ""),
                "date": due.date,
                "reminded": _day(first),
                "tolerance": TOLERANCE_DAYS,
            }
            found.append(Mistake("REMINDER_LATE", {**params, **late}, key))
        if kind in ("call", "email"):
            reminder = ExpectedReminder(due.customer, channel, due.documents, due.level, next_action=False)
            found += [
                Mistake(m.code, m.params, f"{key}:{m.code}")
                for m in reminder_mistakes(ctx, reminder, first, params)
            ]
    return found


def _day(event: FollowupEvent):
    """The day a reminder was made in the month: the day it was recorded (a call noted afterwards with an
    earlier date was still made late), else its date."""
    return max(event.date, event.recorded) if event.recorded else event.date


def _transferred(ctx: Context, customer: str) -> tuple[list[str], object]:
    numbers = sorted(n for n in ctx.books.doubtful if ctx.books.documents[n].customer == customer)
    entries = set(ctx.books.doubtful[n] for n in numbers)
    amount = total(
        line.debit
        for e in ctx.books.entries
        if e.number in entries
        for line in e.lines
        if line.account == DOUBTFUL
    )
    return numbers, amount


def _doubtful(ctx: Context) -> list[Mistake]:
    world = ctx.world
    found: list[Mistake] = []
    for customer in world.expected.doubtful:
        account = world.customer(customer).customer.account  # type: ignore[union-attr]
        numbers = [d.number for d in world.documents if d.customer == customer and d.is_invoice]
        expected = total(ctx.outcome.residuals[n] for n in numbers)
        params = {"customer": ctx.customer_name(customer), "documents": numbers, "expected_amount": expected}
        accounts = frozenset({DOUBTFUL, account})
        moved, amount = _transferred(ctx, customer)
        if not moved:
            found.append(
                Mistake("DOUBTFUL_NOT_TRANSFERRED", {**params, "amount": expected}, customer, accounts)
            )
        elif amount != expected:
            found.append(Mistake("DOUBTFUL_WRONG_AMOUNT", {**params, "amount": amount}, customer, accounts))
    for customer in sorted(
        {ctx.books.documents[n].customer for n in ctx.books.doubtful} - set(world.expected.doubtful)
    ):
        moved, amount = _transferred(ctx, customer)
        account = ctx.books.customers[customer].account
        params = {"customer": ctx.customer_name(customer), "documents": moved, "amount": amount}
        found.append(Mistake("DOUBTFUL_UNDUE", params, customer, frozenset({DOUBTFUL, account})))
    return found


def _late_fees(ctx: Context) -> list[Mistake]:
    found: list[Mistake] = []
    billed = {fee.invoice: fee for fee in ctx.books.late_fees}
    for expected in expected_late_fees(ctx.world, ctx.outcome.receipts):
        account = ctx.world.customer(expected.customer).customer.account  # type: ignore[union-attr]
        params = {
            "customer": ctx.customer_name(expected.customer),
            "document": expected.invoice,
            "days": expected.days,
            "expected_amount": expected.penalty,
        }
        accounts = frozenset({LATE_FEES, account})
        fee = billed.get(expected.invoice)
        if fee is None:
            found.append(Mistake("PENALTIES_NOT_BILLED", params, expected.invoice, accounts))
            continue
        if fee.penalty != expected.penalty:
            found.append(
                Mistake(
                    "PENALTIES_WRONG_AMOUNT", {**params, "amount": fee.penalty}, expected.invoice, accounts
                )
            )
        if fee.indemnity == ZERO:
            found.append(Mistake("INDEMNITY_MISSING", params, expected.invoice, accounts))
    return found
