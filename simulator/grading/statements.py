"""Checks of the follow-up pack (scenarios/relances): disputed invoices excluded from follow-up and never
reminded, announced payment dates noted, the customer statement sent with disputes shown apart and a next
action planned; and, where the scenario lists the customers to contact today, nobody else contacted and
each contacted through the channel of its level."""

from __future__ import annotations

from datetime import date, timedelta

from simulator.ledger.followup import REMINDER_KINDS, followup_level
from simulator.ledger.terms import next_action_window
from simulator.packs.world.opening import initial_books

from .chasing import noted_promises, world_promises
from .context import Context, Mistake, total
from .reading import chased_references

#: the level actions a reminder of each kind carries out
KIND_ACTIONS = {"call": ("phone",), "email": ("email",), "letter": ("letter", "registered_letter")}
ACTION_NAMES = {
    "phone": "appel téléphonique",
    "email": "e-mail",
    "letter": "lettre",
    "registered_letter": "lettre recommandée avec AR",
    "litigation": "contentieux",
}


def check_statements(ctx: Context) -> list[Mistake]:
    return _disputes(ctx) + _expected_payments(ctx) + _statements(ctx)


def _doc_params(ctx: Context, number: str) -> dict:
    doc = ctx.world.document(number)
    return {
        "customer": ctx.customer_name(doc.customer) if doc else "",
        "document": number,
        "documents": [number],
        "amount": ctx.outcome.residuals.get(number, total(())),
    }


def _disputes(ctx: Context) -> list[Mistake]:
    disputes = set(ctx.world.expected.disputes)
    found = [
        Mistake("DISPUTE_NOT_EXCLUDED", _doc_params(ctx, n), n)
        for n in ctx.world.expected.disputes
        if n not in ctx.books.excluded
    ]
    found += [
        Mistake("EXCLUDED_WITHOUT_DISPUTE", _doc_params(ctx, n), n)
        for n in ctx.books.excluded
        if n not in disputes
    ]
    for event in ctx.student_followup:
        if event.kind not in REMINDER_KINDS:
            continue
        mine = [n for n in disputes if ctx.world.document(n).customer == event.customer]  # type: ignore[union-attr]
        named = set(event.documents) | {
            n for part in (event.subject, event.text) for n in chased_references(part, mine)
        }
        for number in sorted(named & set(mine)):
            found.append(
                Mistake("REMINDED_DISPUTED_INVOICE", {**_doc_params(ctx, number), "date": event.date}, number)
            )
    return found


def _expected_payments(ctx: Context) -> list[Mistake]:
    found = []
    for expected in ctx.world.expected.expected_payments:
        noted = ctx.books.expected_payments.get(expected.document)
        params = {**_doc_params(ctx, expected.document), "expected_date": expected.date}
        if noted is None:
            found.append(Mistake("EXPECTED_PAYMENT_DATE_MISSING", params, expected.document))
        elif noted != expected.date:
            found.append(Mistake("EXPECTED_PAYMENT_DATE_WRONG", {**params, "date": noted}, expected.document))
    return found


def _statements(ctx: Context) -> list[Mistake]:
    found: list[Mistake] = []
    for expected in ctx.world.expected.statements:
        customer = expected.customer
        events = [e for e in ctx.student_followup if e.customer == customer]
        disputed = [n for n in ctx.world.expected.disputes if ctx.world.document(n).customer == customer]  # type: ignore[union-attr]
        due = [d.number for d in ctx.world.documents if d.customer == customer and d.is_invoice]
        params = {
            "customer": ctx.customer_name(customer),
            "documents": disputed or due,
            "amount": total(ctx.outcome.residuals[n] for n in due if n not in disputed),
        }
        sent = [e for e in events if e.kind == "statement"]
        if not sent:
            found.append(Mistake("STATEMENT_NOT_SENT", params, customer))
        elif missing := [n for n in disputed if n not in sent[-1].documents]:
            found.append(Mistake("STATEMENT_SHOWS_DISPUTE", {**params, "documents": missing}, customer))
        planned = [e for e in events if e.kind == "next_action"]
        if expected.next_action and not planned:
            found.append(Mistake("NEXT_ACTION_MISSING", params, customer))
        elif expected.next_action and expected.next_action_days:
            earliest, latest = next_action_window(ctx.world.today, expected.next_action_days)
            if not earliest <= planned[-1].date <= latest:
                window = {"date": planned[-1].date, "earliest": earliest, "latest": latest}
                found.append(Mistake("NEXT_ACTION_WRONG_DATE", {**params, **window}, customer))
                continue
        if expected.next_action and planned:
            found += _before_promise(ctx, customer, planned[-1].date)
    return found


def _before_promise(ctx: Context, customer: str, planned: date) -> list[Mistake]:
    """The brief's « le lendemain du paiement annoncé »: a next action on or before a payment date the
    customer announced (the world's, or one the student noted) checks the bank before the money can be
    there."""
    promises = [p for p in world_promises(ctx) if p.customer == customer] or [
        p
        for p in noted_promises(ctx)
        if p.customer == customer  # the world's date wins over a wrong one
    ]
    promises = [p for p in promises if p.pays_on >= ctx.world.today]
    if not promises:
        return []
    last = max(p.pays_on for p in promises)
    if planned > last:
        return []
    params = {
        "customer": ctx.customer_name(customer),
        "documents": sorted({p.document for p in promises if p.pays_on == last}),
        "date": planned,
        "expected_date": last,
        "expected_next": last + timedelta(days=1),
    }
    return [Mistake("NEXT_ACTION_BEFORE_PROMISE", params, customer)]


def check_contact_list(ctx: Context) -> list[Mistake]:
    """Only where the scenario lists the customers to contact today: a reminder to a customer who is late
    but not due today (its next action is still ahead, its level already answered), or through a channel
    that is not its level's. A customer with nothing overdue is left to the checks of undue reminders."""
    due_today = ctx.world.expected.due_today
    if due_today is None:
        return []
    start = initial_books(ctx.world)
    names = {lvl.level: lvl for lvl in ctx.world.followup_levels}
    found: list[Mistake] = []
    for event in (e for e in ctx.student_followup if e.kind in REMINDER_KINDS):
        customer = event.customer
        level = followup_level(start, customer)
        params = {"customer": ctx.customer_name(customer), "date": event.date, "level": level}
        if customer not in due_today:
            if level:
                planned = next(
                    (
                        e
                        for e in reversed(start.followup)
                        if e.customer == customer and e.kind == "next_action"
                    ),
                    None,
                )
                when = planned.date if planned else event.date
                found.append(Mistake("CONTACTED_NOT_DUE_TODAY", {**params, "next_date": when}, customer))
            continue
        actions = names[level].actions if level in names else ()
        if actions and not set(KIND_ACTIONS[event.kind]) & set(actions):
            wanted = [ACTION_NAMES.get(a, a) for a in actions]
            used = ACTION_NAMES[KIND_ACTIONS[event.kind][0]]
            found.append(
                Mistake(
                    "WRONG_CHANNEL_FOR_LEVEL",
                    {**params, "level_name": names[level].name, "channel": used, "expected_channel": wanted},
                    f"{customer}:{event.kind}",
                )
            )
    return found
