"""Checks on follow-up: the right customers chased through the right channel with complete content, at
the level their most overdue open invoice has reached, a next action planned in time, and nobody chased
who has paid or is not late."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from simulator.ledger.model import FollowupEvent, FollowupLevel
from simulator.ledger.money import ZERO
from simulator.ledger.terms import next_action_window
from simulator.packs.play.steps import customers_answer_in_world
from simulator.packs.world.model import ExpectedReminder

from .chasing import check_chasing, invoice_status, level_names, level_on, pending_promises
from .context import Context, Mistake, total
from .reading import amount_written, chased_references, is_formal_notice, signature_written
from .reminder_rules import CALL_NOTE_PARTS, check_reminder

REMINDERS = ("call", "email", "letter")
CHANNEL_EVENT = {"phone": "call", "email": "email", "letter": "letter"}


def check_followup(ctx: Context) -> list[Mistake]:
    mistakes: list[Mistake] = []
    for reminder in ctx.world.expected.reminders:
        mistakes += _expected_reminder(ctx, reminder)
    mistakes += _undue_reminders(ctx)
    mistakes += _skipped_levels(ctx)
    mistakes += check_chasing(ctx)
    return mistakes


def _params(ctx: Context, reminder: ExpectedReminder) -> dict:
    docs = [ctx.world.document(n) for n in reminder.documents]
    return {
        "customer": ctx.customer_name(reminder.customer),
        "documents": list(reminder.documents),
        "document": reminder.documents[0],
        "amount": total(ctx.outcome.residuals[d.number] for d in docs),  # type: ignore[union-attr]
        "expected_amount": total(ctx.outcome.residuals[d.number] for d in docs),  # type: ignore[union-attr]
        "date": min(d.due_date for d in docs),
    }  # type: ignore[union-attr, type-var]


def _expected_reminder(ctx: Context, reminder: ExpectedReminder) -> list[Mistake]:
    events = [e for e in ctx.student_followup if e.customer == reminder.customer]
    kind = CHANNEL_EVENT[reminder.channel]
    done = [e for e in events if e.kind == kind]
    params = _params(ctx, reminder)
    key = reminder.customer
    found: list[Mistake] = []
    if not done:
        code = "CALL_NOT_LOGGED" if reminder.channel == "phone" else "OVERDUE_NOT_REMINDED"
        found.append(Mistake(code, params, key))
    elif kind in ("call", "email"):
        found += reminder_mistakes(ctx, reminder, done[-1], params)
    planned = [e for e in events if e.kind == "next_action"]
    if reminder.next_action and not planned:
        found.append(Mistake("NEXT_ACTION_MISSING", params, key))
    elif reminder.next_action and reminder.next_action_days:
        earliest, latest = next_action_window(ctx.world.today, reminder.next_action_days)
        chosen = planned[-1].date  # the last decision counts
        if not earliest <= chosen <= latest:
            window = {"date": chosen, "earliest": earliest, "latest": latest}
            found.append(Mistake("NEXT_ACTION_WRONG_DATE", {**params, **window}, key))
    return found


def reminder_mistakes(
    ctx: Context, reminder: ExpectedReminder, event: FollowupEvent, params: dict
) -> list[Mistake]:
    """The reminder's text against the checklist of its channel: the mistakes are the codes of
    :meth:`ReminderCheck.mistake_codes`, with the details each message names."""
    world = ctx.world
    docs = [world.document(n) for n in reminder.documents]
    signatory = world.company.signatory
    ht_due = params.get("amount_ht") or total(
        d.amount_ht
        for d in docs
        if ctx.outcome.residuals[d.number] == d.amount_ttc  # type: ignore[union-attr]
    )
    check = check_reminder(
        event.text,
        subject=event.subject,
        amount_ttc=params["amount"],
        amount_ht=ht_due or ZERO,
        references=list(reminder.documents),
        due_dates=[d.due_date for d in docs],  # type: ignore[union-attr]
        signatory_name=f"{signatory.first_name} {signatory.last_name}",  # type: ignore[union-attr]
        company_name=world.company.name,
        channel="email" if event.kind == "email" else "phone",
        year_hint=world.today.year,
        level=reminder.level,
        call_date=event.date if event.kind == "call" else None,
        other_signatories=ctx.signatories,
        silence_answers=event.kind == "call" and _silent(ctx, reminder.customer, event.date),
    )
    key = reminder.customer
    details = {
        "CALL_NOTE_INCOMPLETE": {"field": [CALL_NOTE_PARTS.get(part, part) for part in check.missing]},
        "EMAIL_MISSING_AMOUNT": {"written": amount_written(event.text, ht_due, check.amount_is_ht)},
        "EMAIL_NO_SIGNATURE": {"ending": signature_written(event.text)},
        "EMAIL_MISSING_REFERENCE": {"documents": list(check.references_missing)},
        "EMAIL_NO_LATE_PENALTIES": {"level": reminder.level},
    }
    found: list[Mistake] = []
    if event.kind == "email":
        contact = world.customer(reminder.customer).contact  # type: ignore[union-attr]
        if event.to.strip().lower() != contact.email.lower():
            found.append(
                Mistake(
                    "EMAIL_WRONG_RECIPIENT", {**params, "to": event.to, "expected_to": contact.email}, key
                )
            )
    found += [Mistake(code, {**params, **details.get(code, {})}, key) for code in check.mistake_codes()]
    return found


def _silent(ctx: Context, customer: str, on: date) -> bool:
    """The world tells what its customers say, and says nothing of ``customer`` by ``on`` (no payment date
    announced): a call note that records nobody reached is the truth."""
    return customers_answer_in_world(ctx.world) and not pending_promises(ctx, customer, on)


def _undue_reminders(ctx: Context) -> list[Mistake]:
    """A reminder about an invoice that is paid, or not yet due on the day of the reminder, is harmful,
    whoever it goes to and whatever the scenario. The invoices a reminder is about are those it lists,
    plus — for a call note or an e-mail — the open invoices its text chases before their due date. A
    reminder that names no invoice is judged on the customer's account."""
    world = ctx.world
    expected = {r.customer for r in world.expected.reminders}
    found: list[Mistake] = []
    for event in (e for e in ctx.student_followup if e.kind in REMINDERS):
        invoices = [world.document(n) for n in event.documents]
        invoices = [d for d in invoices if d is not None and d.is_invoice]
        if event.kind in ("call", "email"):
            mine = [
                d
                for d in world.documents
                if d.customer == event.customer
                and d.is_invoice
                and d not in invoices
                and invoice_status(ctx, d, event.date) == "not_due"
            ]
            numbers = [d.number for d in mine]
            named = {n for part in (event.subject, event.text) for n in chased_references(part, numbers)}
            invoices += [d for d in mine if d.number in named]
        if not invoices:
            if event.customer in expected:
                continue
            invoices = [d for d in world.documents if d.customer == event.customer and d.is_invoice]
            if any(invoice_status(ctx, d, event.date) == "late" for d in invoices):
                continue
            open_ones = [d for d in invoices if invoice_status(ctx, d, event.date) == "not_due"]
            invoices = open_ones or invoices
        for doc in invoices:
            status = invoice_status(ctx, doc, event.date)
            if status == "late":
                continue
            code = "REMINDED_PAID_CUSTOMER" if status == "paid" else "REMINDED_NOT_DUE"
            found.append(
                Mistake(
                    code,
                    {
                        "customer": ctx.customer_name(event.customer),
                        "documents": [doc.number],
                        "document": doc.number,
                        "date": doc.due_date or world.today,
                    },
                    f"{event.customer}:{doc.number}",
                )
            )
    return found


def _skipped_levels(ctx: Context) -> list[Mistake]:
    """A reminder above the level the customer has reached on its date (chasing.level_on: from the days
    overdue of its most overdue invoice open that day) skips the levels between: a letter of a higher
    level, or a call or e-mail that is a mise en demeure. A customer with nothing overdue is left to
    :func:`_undue_reminders`; one whose invoice is overdue but has not reached the first level yet gets
    such a reminder too early (REMINDER_TOO_EARLY: levels are reached by days, not the day after the due
    date)."""
    names = level_names(ctx)
    notice = _formal_notice_level(ctx.world.followup_levels)
    found: list[Mistake] = []
    for event in (e for e in ctx.student_followup if e.kind in REMINDERS):
        if event.kind == "letter":
            sent = event.level
        else:
            sent = (
                notice if notice and (is_formal_notice(event.subject) or is_formal_notice(event.text)) else 0
            )
        if not sent:
            continue
        due, oldest = level_on(ctx, event)
        if not due and oldest is not None:
            found += _too_early(ctx, event, sent, oldest, names)
        elif due and sent > due:
            params = {
                "customer": ctx.customer_name(event.customer),
                "level": sent,
                "level_name": names.get(sent, ""),
                "expected_level": due,
                "expected_level_name": names.get(due, ""),
                "date": event.date,
            }
            found.append(Mistake("REMINDER_LEVEL_SKIPPED", params, event.customer))
    return found


def _too_early(ctx: Context, event, sent: int, doc, names: dict[int, str]) -> list[Mistake]:
    """A reminder of level ``sent`` to a customer whose most overdue invoice ``doc`` had not reached the
    first level on the reminder's date: the day the level is reached is the due date + its days."""
    level = next((lvl for lvl in ctx.books.levels if lvl.level == sent), None)
    if level is None:
        return []
    params = {
        "customer": ctx.customer_name(event.customer),
        "document": doc.number,
        "level": sent,
        "level_name": names.get(sent, ""),
        "date": event.date,
        "due_date": doc.due_date,
        "expected_date": doc.due_date + timedelta(days=level.days),
    }
    return [Mistake("REMINDER_TOO_EARLY", params, f"{event.customer}:{sent}")]


@lru_cache(maxsize=64)
def _formal_notice_level(levels: tuple[FollowupLevel, ...]) -> int:
    """The level of the plan that is the mise en demeure (by its name); 0 when the plan has none."""
    return max((lvl.level for lvl in levels if is_formal_notice(lvl.name)), default=0)
