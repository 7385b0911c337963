"""Reminders the state of the customer's account forbade on their day, whatever the scenario and the channel
(a call, an e-mail, a letter, a lot's reminder):

- a customer whose open invoices past due were all transferred to 416 (in litigation, amicable follow-up
  is over), all disputed and excluded from follow-up, or all under a payment date the customer announced
  and that is still ahead (noted with set_expected_payment_date, or a promise of the world's messages:
  :func:`pending_promises`) — REMINDED_IN_LITIGATION, REMINDED_DISPUTED_CUSTOMER,
  REMINDED_BEFORE_PROMISED_DATE; a reminder that names an invoice in 416 or under a pending promise is
  one of these too;
- a letter of a level below the one the customer has reached (REMINDER_LEVEL_BELOW);
- the same reminder twice on one day: two e-mails or two letters of one level (REMINDER_DUPLICATED).

The state of each day is the ledger's as the reminder was logged (``FollowupEvent.held``), plus what the
world says the student should have known by then (its disputes and promises).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from simulator.ledger.followup import HELD_DOUBTFUL, HELD_EXCLUDED, HELD_PROMISED, level_for_days
from simulator.ledger.model import Document, FollowupEvent
from simulator.ledger.money import ZERO

from .context import Context, Mistake
from .reading import chased_references

REMINDERS = ("call", "email", "letter")
CHANNEL_NAMES = {"call": "appel", "email": "e-mail", "letter": "lettre"}


@dataclass(frozen=True, slots=True)
class Promise:
    """A payment date a customer announced for an invoice, known to the follow-up from ``known``."""

    document: str
    customer: str
    pays_on: date
    known: date


def pending_promises(ctx: Context, customer: str, on: date) -> tuple[Promise, ...]:
    """The payment dates of the world ``customer`` announced that are known on ``on`` and not passed
    (``on`` included: the payment may arrive that day): a reply's from the day it arrives, a date
    announced in the brief's message from the start. The dates the student noted
    (set_expected_payment_date) are in the ledger's snapshot of each reminder (``FollowupEvent.held``)."""
    return tuple(p for p in world_promises(ctx) if p.customer == customer and p.known <= on <= p.pays_on)


def world_promises(ctx: Context) -> tuple[Promise, ...]:
    """Every payment date of the world: a reply's is known from the day it arrives; a date the brief's
    message announces (expected payment without a reply) from the start."""
    world = ctx.world
    found = {
        number: Promise(number, reply.customer, reply.pays_on, reply.date)
        for reply in world.expected.replies
        if reply.pays_on
        for number in reply.promises
    }
    for p in world.expected.expected_payments:
        found.setdefault(p.document, Promise(p.document, _customer(ctx, p.document), p.date, world.today))
    return tuple(found.values())


def noted_promises(ctx: Context) -> tuple[Promise, ...]:
    """The payment dates the student noted on invoices (the last one of each), read as known from the
    start: the books keep no day of entry."""
    return tuple(
        Promise(number, _customer(ctx, number), on, ctx.world.today)
        for number, on in ctx.books.expected_payments.items()
    )


def _customer(ctx: Context, number: str) -> str:
    doc = ctx.world.document(number) or ctx.books.documents.get(number)
    return doc.customer if doc else ""


def invoice_status(ctx: Context, doc, on: date) -> str:
    """ "paid" (nothing left to pay on ``on``), "not_due" (open, due date not passed on ``on``) or "late"
    (open and overdue on ``on``). An invoice the customer pays later in the scenario (its receipt is dated
    after ``on``, when the calendar moves) was still open that day."""
    if ctx.outcome.residuals[doc.number] == ZERO and not paid_after(ctx, doc.number, on):
        return "paid"
    return "late" if doc.due_date and doc.due_date < on else "not_due"


def paid_after(ctx: Context, number: str, on: date) -> bool:
    """True when a receipt that settles ``number`` is dated after ``on``: something was still due that day."""
    dates = [r.date for r in ctx.outcome.receipts if any(n == number for n, _ in r.allocations)]
    return bool(dates) and max(dates) > on


def check_chasing(ctx: Context) -> list[Mistake]:
    reminders = [e for e in ctx.student_followup if e.kind in REMINDERS]
    return _held(ctx, reminders) + _below(ctx, reminders) + _duplicated(ctx, reminders)


def _disputes_known(ctx: Context) -> dict[str, date]:
    """The invoices the world says are disputed, with the first day the follow-up knows it (the reply's
    day, else the start)."""
    known = {n: ctx.world.today for n in ctx.world.expected.disputes}
    for reply in ctx.world.expected.replies:
        for number in reply.disputes:
            known[number] = reply.date
    return known


def held_on(ctx: Context, event: FollowupEvent) -> dict[str, str]:
    """The customer's invoices no reminder could chase on the event's day, with why (ledger.followup
    HELD_*): the ledger's state when it was logged, and the world's disputes and promises known by then."""
    held = dict(event.held)
    for number, known in _disputes_known(ctx).items():
        if known <= event.date and _customer(ctx, number) == event.customer:
            held.setdefault(number, HELD_EXCLUDED)
    for promise in pending_promises(ctx, event.customer, event.date):
        held.setdefault(promise.document, HELD_PROMISED)
    return held


def level_on(ctx: Context, event: FollowupEvent) -> tuple[int, Document | None]:
    """The level the reminder's customer had reached on its day, and the invoice that set it (the most
    overdue): its invoices open and past due that day (a payment dated later leaves one open until then),
    those in dispute left out; invoices moved to 416 later were followed until then and count. Levels
    are the books' (the strategy the student configured)."""
    disputed = {n for n, why in held_on(ctx, event).items() if why == HELD_EXCLUDED}
    late = sorted(
        (
            d
            for d in ctx.world.documents
            if d.customer == event.customer
            and d.is_invoice
            and d.number not in disputed
            and invoice_status(ctx, d, event.date) == "late"
        ),
        key=lambda d: (d.due_date, d.number),
    )
    if not late:
        return 0, None
    return level_for_days(ctx.books.levels, (event.date - late[0].due_date).days), late[0]  # type: ignore[operator]


def _named(ctx: Context, event: FollowupEvent) -> set[str]:
    numbers = [d.number for d in ctx.world.documents if d.customer == event.customer and d.is_invoice]
    return set(event.documents) | {
        n for part in (event.subject, event.text) for n in chased_references(part, numbers)
    }


def _held(ctx: Context, reminders: list[FollowupEvent]) -> list[Mistake]:
    found: list[Mistake] = []
    for event in reminders:
        held = held_on(ctx, event)
        if not held:
            continue
        late = {
            d.number
            for d in ctx.world.documents
            if d.customer == event.customer and d.is_invoice and invoice_status(ctx, d, event.date) == "late"
        } | set(held)
        named = _named(ctx, event) & late
        if named:  # what it chases: a disputed invoice named is REMINDED_DISPUTED_INVOICE's
            chased = sorted(n for n in named if held.get(n) in (HELD_DOUBTFUL, HELD_PROMISED))
        else:  # it names nothing: it chases the account, which had nothing left to chase
            chased = sorted(late) if late and late <= set(held) else []
        if not chased:
            continue
        why = {held[n] for n in chased}
        params = {"customer": ctx.customer_name(event.customer), "date": event.date}
        key = f"{event.customer}:{event.date.isoformat()}"
        if HELD_DOUBTFUL in why:
            documents = [n for n in chased if held[n] == HELD_DOUBTFUL]
            found.append(Mistake("REMINDED_IN_LITIGATION", {**params, "documents": documents}, key))
        elif HELD_PROMISED in why:
            documents = [n for n in chased if held[n] == HELD_PROMISED]
            promised = [
                p.pays_on
                for p in pending_promises(ctx, event.customer, event.date)
                if p.document in documents
            ]
            noted = [ctx.books.expected_payments[n] for n in documents if n in ctx.books.expected_payments]
            when = max(promised + noted)
            found.append(
                Mistake(
                    "REMINDED_BEFORE_PROMISED_DATE",
                    {**params, "documents": documents, "expected_date": when},
                    key,
                )
            )
        else:
            found.append(Mistake("REMINDED_DISPUTED_CUSTOMER", {**params, "documents": chased}, key))
    return found


def _below(ctx: Context, reminders: list[FollowupEvent]) -> list[Mistake]:
    """A letter of a level below the one reached on its date (:func:`level_on`). A call or an e-mail is
    logged at the level reached."""
    names = level_names(ctx)
    found: list[Mistake] = []
    for event in (e for e in reminders if e.kind == "letter" and e.level):
        reached, _ = level_on(ctx, event)
        if event.level < reached:
            params = {
                "customer": ctx.customer_name(event.customer),
                "documents": list(event.documents),
                "level": event.level,
                "level_name": names.get(event.level, ""),
                "expected_level": reached,
                "expected_level_name": names.get(reached, ""),
                "date": event.date,
            }
            found.append(Mistake("REMINDER_LEVEL_BELOW", params, f"{event.customer}:{event.level}"))
    return found


def level_names(ctx: Context) -> dict[int, str]:
    """The names of the levels, the student's strategy first (scenario strategie), else the world's."""
    return {lvl.level: lvl.name for lvl in (*ctx.world.followup_levels, *ctx.books.levels)}


def _duplicated(ctx: Context, reminders: list[FollowupEvent]) -> list[Mistake]:
    """Two e-mails or two letters of one level to one customer on one day (a lot run twice, a lot and a
    manual e-mail): the customer gets the same reminder twice. Two calls a day can be a call back."""
    counts = Counter(
        (e.customer, e.kind, e.level, e.date) for e in reminders if e.kind in ("email", "letter")
    )
    return [
        Mistake(
            "REMINDER_DUPLICATED",
            {
                "customer": ctx.customer_name(customer),
                "count": count,
                "level": level,
                "channel": CHANNEL_NAMES[kind],
                "date": on,
            },
            f"{customer}:{kind}:{level}:{on.isoformat()}",
        )
        for (customer, kind, level, on), count in sorted(counts.items())
        if count > 1
    ]
