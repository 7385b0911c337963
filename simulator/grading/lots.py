"""Checks of a relance par lot (scenarios/relances, « Relances par lot »): the run launched at the level
and date of the brief, reminding exactly the customers the core selects for it — nobody who pays by an
excluded method or whom the brief excludes —, the missing e-mail addresses set from the world's messages,
and the summary figures quoted in the answer box.

Reminders to customers who paid or are not due are the follow-up checks' (simulator.grading.followup):
a lot writes its reminders in the follow-up log like any other."""

from __future__ import annotations

from decimal import Decimal

from simulator.ledger.followup import overdue_invoices
from simulator.ledger.lots import PAYMENT_METHODS, Lot
from simulator.packs.world.lots import expected_figures
from simulator.packs.world.opening import customer_methods, initial_books

from .context import Context, Mistake, total


def check_lots(ctx: Context) -> list[Mistake]:
    run = ctx.world.expected.followup_run
    if run is None:
        return []
    return _runs(ctx) + _emails(ctx) + _answers(ctx)


def _level_name(ctx: Context, level: int) -> str:
    return next((lvl.name for lvl in ctx.world.followup_levels if lvl.level == level), str(level))


def _customer_params(ctx: Context, customer: str) -> dict:
    start = initial_books(ctx.world)
    overdue = overdue_invoices(start, customer, ctx.world.today)  # the ledger's rule, as the run selects
    return {
        "customer": ctx.customer_name(customer),
        "amount": total(start.residual(n) for n in overdue),
    }


def _runs(ctx: Context) -> list[Mistake]:
    run = ctx.world.expected.followup_run
    assert run is not None
    found: list[Mistake] = []
    level_params = {"expected_level": run.level, "expected_level_name": _level_name(ctx, run.level)}
    right: list[Lot] = []
    for lot in ctx.books.lots:
        if lot.level != run.level:
            params = {"lot": lot.code, "level": lot.level, "level_name": _level_name(ctx, lot.level)}
            found.append(Mistake("LOT_WRONG_LEVEL", {**params, **level_params}, lot.code))
            continue
        right.append(lot)
        if lot.date != run.date:
            params = {"lot": lot.code, "date": lot.date, "expected_date": run.date}
            found.append(Mistake("LOT_WRONG_DATE", params, lot.code))
    if not right:
        names = [ctx.customer_name(c) for c in run.customers]
        params = {"level": run.level, "date": run.date, "customers": names}
        return [Mistake("LOT_MISSING", params, "lot"), *found]
    reminded = {c: lot for lot in right for c in lot.customers}
    for customer in run.customers:
        if customer not in reminded:
            params = {**_customer_params(ctx, customer), "level": run.level, "date": run.date}
            found.append(Mistake("LOT_CUSTOMER_MISSING", params, customer))
    methods = customer_methods(ctx.world)
    for customer, lot in reminded.items():
        if customer in run.customers:
            continue
        params = {**_customer_params(ctx, customer), "lot": lot.code, "level": run.level, "date": run.date}
        method = methods.get(customer, "")
        if method in run.excluded_methods:
            label = PAYMENT_METHODS[method].lower()
            found.append(Mistake("LOT_EXCLUDED_METHOD_REMINDED", {**params, "method": label}, customer))
        elif customer in run.excluded_customers:
            found.append(Mistake("LOT_EXCLUDED_CUSTOMER_REMINDED", params, customer))
        else:
            found.append(Mistake("LOT_CUSTOMER_NOT_DUE", params, customer))
    return found


def _emails(ctx: Context) -> list[Mistake]:
    run = ctx.world.expected.followup_run
    assert run is not None
    found = []
    for customer, address in run.emails:
        typed = ctx.books.customer_emails.get(customer)
        params = {"customer": ctx.customer_name(customer), "expected_email": address}
        if typed is None:
            found.append(Mistake("LOT_EMAIL_UNRESOLVED", params, customer))
        elif typed.lower() != address.lower():
            found.append(Mistake("LOT_EMAIL_WRONG", {**params, "email": typed}, customer))
    return found


def _answers(ctx: Context) -> list[Mistake]:
    figures = expected_figures(ctx.world)
    found = []
    for question in ctx.world.questions:
        expected = figures[question.figure]
        value = ctx.books.answers.get(question.id)
        params = {"question": question.label, "expected": _shown(expected, question.is_count)}
        if value is None:
            found.append(Mistake("ANSWER_MISSING", params, question.id))
        elif value != expected:
            shown = _shown(value, question.is_count)
            found.append(Mistake("ANSWER_WRONG", {**params, "value": shown}, question.id))
    return found


def _shown(value: Decimal, is_count: bool) -> Decimal | int:
    """A count is shown as a number, an amount in euros (catalogue.format_value)."""
    return int(value) if is_count else value
