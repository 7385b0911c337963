"""Disputes and what follows a reminder: expected disputes and payment dates (none for a disputed invoice),
customer replies (a message, invoices of its customer, the bank line a promise brings), transfers to
doubtful customers (416) and late-payment fees — these last three need a calendar that moves."""

from __future__ import annotations

from simulator.packs.spec.checks.context import ScenarioContext


def check_disputes_and_payment_dates(ctx: ScenarioContext) -> None:
    expected = ctx.scenario.expected
    for j, key in enumerate(expected.disputes):
        ctx.ref(("expected", "disputes", j), key, ("invoice",), group=ctx.group_of(key))
    for j, payment in enumerate(expected.expected_payments):
        loc = ("expected", "expected_payments", j, "document")
        ctx.ref(loc, payment.document, ("invoice",), group=ctx.group_of(payment.document))
        if payment.document in expected.disputes:
            ctx.error(loc, f"« {payment.document} » est en litige : pas de date de paiement prévue")


def check_replies(ctx: ScenarioContext) -> None:
    """A reply names a message, invoices of that message's customer, and the line bringing a promise."""
    messages = {m.key: m for m in ctx.scenario.messages}
    for j, reply in enumerate(ctx.scenario.expected.replies):
        loc = ("expected", "replies", j)
        message = messages.get(reply.message)
        if message is None:
            ctx.error(loc + ("message",), f"« {reply.message} » n'est pas un message (messages)")
            continue
        for part in ("disputes", "promises"):
            for k, key in enumerate(getattr(reply, part)):
                if ctx.ref(loc + (part, k), key, ("invoice",), group=ctx.group_of(key)):
                    ctx.check_owner(loc + (part, k), key, message.customer)
        if reply.promises and reply.line is None:
            ctx.error(
                loc + ("line",), "une promesse de paiement nomme la ligne du relevé qui l'apporte (line)"
            )
        if reply.line is not None:
            ctx.ref(loc + ("line",), reply.line, ("statement",), group=None)


def check_doubtful_and_late_fees(ctx: ScenarioContext) -> None:
    """Transfers to 416 name customers, late fees name invoices; both, like replies, need the calendar to
    move (a formal notice's deadline passes, a payment arrives)."""
    expected = ctx.scenario.expected
    for j, key in enumerate(expected.doubtful):
        ctx.ref(("expected", "doubtful", j), key, ("customer",), group=ctx.group_of(key))
    for j, fee in enumerate(expected.late_fees):
        loc = ("expected", "late_fees", j, "invoice")
        ctx.ref(loc, fee.invoice, ("invoice",), group=ctx.group_of(fee.invoice))
    if (expected.replies or expected.doubtful or expected.late_fees) and ctx.scenario.calendar is None:
        ctx.error(
            ("calendar",), "replies, doubtful et late_fees demandent un calendrier qui avance (calendar)"
        )
