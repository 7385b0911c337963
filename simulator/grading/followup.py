"""Checks on follow-up: the right customers chased through the right channel with complete content,
a next action planned, and nobody chased who has paid or is not late."""

from __future__ import annotations

from simulator.ledger.books import FollowupEvent
from simulator.ledger.money import ZERO
from simulator.packs.world import ExpectedReminder

from .content import check_reminder
from .context import Context, Mistake, total

REMINDERS = ("call", "email", "letter")
CHANNEL_EVENT = {"phone": "call", "email": "email", "letter": "letter"}


def check_followup(ctx: Context) -> list[Mistake]:
    mistakes: list[Mistake] = []
    for reminder in ctx.world.expected.reminders:
        mistakes += _expected_reminder(ctx, reminder)
    mistakes += _undue_reminders(ctx)
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
    events = [e for e in ctx.books.followup if e.customer == reminder.customer]
    kind = CHANNEL_EVENT[reminder.channel]
    done = [e for e in events if e.kind == kind]
    params = _params(ctx, reminder)
    key = reminder.customer
    found: list[Mistake] = []
    if not done:
        code = "CALL_NOT_LOGGED" if reminder.channel == "phone" else "OVERDUE_NOT_REMINDED"
        found.append(Mistake(code, params, key))
    elif kind in ("call", "email"):
        found += _content(ctx, reminder, done[-1], params)
    if reminder.next_action and not any(e.kind == "next_action" for e in events):
        found.append(Mistake("NEXT_ACTION_MISSING", params, key))
    return found


def _content(ctx: Context, reminder: ExpectedReminder, event: FollowupEvent, params: dict) -> list[Mistake]:
    world = ctx.world
    docs = [world.document(n) for n in reminder.documents]
    contact = world.customer(reminder.customer).contact  # type: ignore[union-attr]
    signatory = world.company.signatory
    text = f"{event.subject}\n{event.text}" if event.kind == "email" else event.text
    due = params["amount"]
    ht_due = total(d.amount_ht for d in docs if ctx.outcome.residuals[d.number] == d.amount_ttc)  # type: ignore[union-attr]
    check = check_reminder(
        text,
        amount_ttc=due,
        amount_ht=ht_due or ZERO,
        references=list(reminder.documents),
        due_dates=[d.due_date for d in docs],
        signatory_name=f"{signatory.first_name} {signatory.last_name}",  # type: ignore[union-attr]
        company_name=world.company.name,
        channel="email" if event.kind == "email" else "phone",
        year_hint=world.today.year,
        level=reminder.level,
        call_date=event.date if event.kind == "call" else None,
        other_signatories=ctx.signatories,
    )
    key = reminder.customer
    if event.kind == "call":
        missing = [
            label
            for ok, label in (
                (check.amount_ok, "le montant dû TTC"),
                (not check.references_missing, "le numéro de facture"),
                (check.due_date_ok, "la date d'échéance"),
                (check.answer_ok, "la réponse du client (date et moyen de paiement promis)"),
            )
            if not ok
        ]
        return [Mistake("CALL_NOTE_INCOMPLETE", {**params, "field": missing}, key)] if missing else []
    found: list[Mistake] = []
    if event.to.strip().lower() != contact.email.lower():
        found.append(
            Mistake("EMAIL_WRONG_RECIPIENT", {**params, "to": event.to, "expected_to": contact.email}, key)
        )
    if not check.amount_ok:
        found.append(Mistake("EMAIL_MISSING_AMOUNT", {**params, "ht": check.amount_is_ht}, key))
    if check.references_missing:
        found.append(
            Mistake("EMAIL_MISSING_REFERENCE", {**params, "documents": list(check.references_missing)}, key)
        )
    if not check.due_date_ok:
        found.append(Mistake("EMAIL_MISSING_DUE_DATE", params, key))
    if not check.payment_request:
        found.append(Mistake("EMAIL_NO_PAYMENT_REQUEST", params, key))
    if not (check.greeting and check.closing):
        found.append(Mistake("EMAIL_NO_POLITENESS", params, key))
    if reminder.level >= 2 and not (check.penalties and check.indemnity):
        found.append(Mistake("EMAIL_NO_LATE_PENALTIES", {**params, "level": reminder.level}, key))
    if not check.signature:
        found.append(Mistake("EMAIL_NO_SIGNATURE", params, key))
    return found


def _undue_reminders(ctx: Context) -> list[Mistake]:
    """A reminder about an invoice that is paid or not yet due is harmful, whoever it goes to and
    whatever the scenario. A reminder that names no invoice is judged on the customer's account."""
    world = ctx.world
    expected = {r.customer for r in world.expected.reminders}
    found: list[Mistake] = []
    for event in (e for e in ctx.books.followup if e.kind in REMINDERS):
        invoices = [world.document(n) for n in event.documents]
        invoices = [d for d in invoices if d is not None and d.is_invoice]
        if not invoices:
            if event.customer in expected:
                continue
            invoices = [d for d in world.documents if d.customer == event.customer and d.is_invoice]
            if any(_status(ctx, d) == "late" for d in invoices):
                continue
            open_ones = [d for d in invoices if _status(ctx, d) == "not_due"]
            invoices = open_ones or invoices
        for doc in invoices:
            status = _status(ctx, doc)
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


def _status(ctx: Context, doc) -> str:
    """ "paid" (nothing left to pay), "not_due" (open, due date not passed) or "late" (open and overdue)."""
    if ctx.outcome.residuals[doc.number] == ZERO:
        return "paid"
    return "late" if doc.due_date and doc.due_date < ctx.world.today else "not_due"
