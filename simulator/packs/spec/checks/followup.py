"""Follow-up and its levels: a scenario's own reminder plan, the messages customers send and the history
of earlier contacts, and the expected reminders, statements and customers due today — an expected reminder
must be due for every seed (an invoice overdue by enough days for a level whose actions include its
channel), and a customer not to remind has no overdue invoice left open."""

from __future__ import annotations

from datetime import timedelta

from simulator.ledger.followup import level_reached
from simulator.ledger.terms import days_past_due, due_date
from simulator.messages.formatting import short_date
from simulator.packs.spec.checks.context import ScenarioContext
from simulator.packs.spec.checks.ranges import check_past, offset_range
from simulator.packs.spec.pack_checks import check_levels
from simulator.packs.spec.schema import CHANNEL_ACTIONS

CHANNEL_NAMES = {"phone": "téléphone", "email": "e-mail", "letter": "lettre"}
ACTION_NAMES = {
    "phone": "téléphone",
    "email": "e-mail",
    "letter": "lettre",
    "registered_letter": "lettre recommandée",
    "litigation": "contentieux",
}


def check_own_levels(ctx: ScenarioContext) -> None:
    """A scenario's own reminder plan, checked like pack.yaml's (its growth is the strategy's check)."""
    if ctx.scenario.followup_levels is not None:
        check_levels(ctx.scenario.followup_levels, ctx.source, growth=False)


def check_messages(ctx: ScenarioContext) -> None:
    """A message comes from a customer, within the calendar; only a remittance advice settles documents."""
    for i, msg in enumerate(ctx.scenario.messages):
        loc = ("messages", i)
        ctx.ref(loc + ("customer",), msg.customer, ("customer",), holder=msg)
        check_past(ctx, loc + ("date",), msg.date, ctx.calendar_days)
        if msg.settles and msg.kind != "remittance":
            ctx.error(
                loc + ("settles",), "settles n'a de sens que pour un avis de règlement (kind: remittance)"
            )
        for j, key in enumerate(msg.settles):
            ctx.ref(loc + ("settles", j), key, ("invoice", "credit_note"), holder=msg)


def check_history(ctx: ScenarioContext) -> None:
    """An earlier contact names a customer and its invoices, in the past (a next action may be ahead)."""
    for i, entry in enumerate(ctx.scenario.history):
        loc = ("history", i)
        group = ctx.group_of(entry.customer)
        ctx.ref(loc + ("customer",), entry.customer, ("customer",), group=group)
        if entry.kind != "next_action":
            check_past(ctx, loc + ("date",), entry.date)
        for j, key in enumerate(entry.documents):
            if ctx.ref(loc + ("documents", j), key, ("invoice",), group=group):
                ctx.check_owner(loc + ("documents", j), key, entry.customer)


def check_expected_reminders(ctx: ScenarioContext) -> None:
    """An expected reminder names a customer and invoices of that customer."""
    for i, reminder in enumerate(ctx.scenario.expected.reminders):
        loc = ("expected", "reminders", i)
        group = ctx.group_of(reminder.customer)
        ctx.ref(loc + ("customer",), reminder.customer, ("customer",), group=group)
        for j, key in enumerate(reminder.documents):
            if ctx.ref(loc + ("documents", j), key, ("invoice",), group=group):
                owner = ctx.customer_of(key)
                if owner != reminder.customer:
                    ctx.error(
                        loc + ("documents", j),
                        f"« {key} » est une facture de « {owner} », pas de « {reminder.customer} »",
                    )


def check_expected_customers(ctx: ScenarioContext) -> None:
    """Expected statements of account and the customers due today name customers."""
    expected = ctx.scenario.expected
    for j, statement in enumerate(expected.statements):
        loc = ("expected", "statements", j, "customer")
        ctx.ref(loc, statement.customer, ("customer",), group=ctx.group_of(statement.customer))
    for j, key in enumerate(expected.due_today or ()):
        ctx.ref(("expected", "due_today", j), key, ("customer",), group=ctx.group_of(key))


def check_not_reminded(ctx: ScenarioContext) -> None:
    """A customer not to remind is a customer, and not one of the expected reminders."""
    expected = ctx.scenario.expected
    reminded = {
        r.customer
        for r in expected.reminders
        if r.customer in ctx.items and ctx.items[r.customer].kind == "customer"
    }
    for j, key in enumerate(expected.not_reminded):
        loc = ("expected", "not_reminded", j)
        if ctx.ref(loc, key, ("customer",), group=ctx.group_of(key)) and key in reminded:
            ctx.error(loc, f"« {key} » est à la fois dans reminders et dans not_reminded")


def overdue_days(ctx: ScenarioContext, key: str) -> set[int] | None:
    """The days an invoice can be overdue on ``today``, over its date range; None when it may be absent
    from a world or is settled in it (then only generation can tell)."""
    scenario = ctx.scenario
    item = ctx.items.get(key)
    if item is None or item.kind != "invoice" or item.group or item.spec.status == "paid":
        return None
    if any(key in r.documents for r in scenario.expected.receipts):
        return None
    low, high = offset_range(item.spec.date)
    terms = item.spec.terms
    return {
        days_past_due(
            due_date(scenario.today + timedelta(days=d), terms.days, terms.end_of_month), scenario.today
        )
        for d in range(low, high + 1)
    }


def check_reminder_premises(ctx: ScenarioContext) -> None:
    """An expected reminder must be due: one of its invoices overdue, by enough days for a level of the
    scenario's reminder plan, whose actions include the reminder's channel — for every seed; a customer not
    to remind has no overdue invoice left open. Decided from the YAML alone, when the calendar stays on
    today (generation checks them again for each seed, and alone when the calendar moves)."""
    scenario = ctx.scenario
    if ctx.levels is None or scenario.calendar is not None:
        return
    for i, reminder in enumerate(scenario.expected.reminders):
        spans = [overdue_days(ctx, key) for key in reminder.documents]
        if not spans or any(span is None for span in spans):
            continue
        # The largest delay over the invoices: any value one invoice can take that the others can stay under.
        worst = {v for span in spans for v in span if all(min(other) <= v for other in spans)}  # type: ignore[union-attr]
        for delay in sorted(worst):
            problem = reminder_problem(ctx, reminder.channel, delay)
            if problem:
                some = "" if len(worst) == 1 else " (pour certaines graines)"
                ctx.error(("expected", "reminders", i), problem + some)
                break

    for i, key in enumerate(scenario.expected.not_reminded):
        if key not in ctx.items or ctx.items[key].group:
            continue
        for inv in scenario.invoices:
            span = overdue_days(ctx, inv.key) if inv.customer == key else None
            if span and max(span) > 0:
                some = "" if min(span) > 0 else " pour certaines graines"
                ctx.error(
                    ("expected", "not_reminded", i),
                    f"le client « {key} » ne doit pas être relancé mais sa facture « {inv.key} » est "
                    f"échue{some} et non réglée",
                )
                break


def reminder_problem(ctx: ScenarioContext, channel: str, delay: int) -> str | None:
    """Why a reminder by ``channel`` after ``delay`` days overdue is not what the plan asks, or None."""
    if delay <= 0:
        return (
            f"relance attendue, mais aucune de ses factures n'est échue au {short_date(ctx.scenario.today)}"
        )
    levels = ctx.levels or ()
    level = level_reached(levels, delay)
    if level is None:
        first = min(lv.days for lv in levels)
        return (
            f"relance attendue après {delay} jours de retard, avant le premier niveau de relance "
            f"(J+{first}) : rien n'est encore à relancer"
        )
    allowed = CHANNEL_ACTIONS[channel]
    if not set(allowed) & set(level.actions):
        return (
            f"relance attendue par {CHANNEL_NAMES[channel]} après {delay} jours de retard, mais au niveau "
            f"{level.level} ({level.name}, J+{level.days}) la relance se fait par "
            f"{', '.join(ACTION_NAMES[a] for a in level.actions)}"
        )
    return None
