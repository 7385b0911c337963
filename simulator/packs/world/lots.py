"""Batch reminder runs (relances par lot) in a scenario: the customers' payment methods and missing e-mail
addresses drawn per seed, the expected run resolved and checked against the core's own selection, the
summary figures the brief's answer box expects, and the reference actions."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from simulator.ledger.lots import Summary, plan_run, summarize
from simulator.packs.spec.schema import CustomerSpec, FollowupRunSpec
from simulator.packs.world.model import CustomerProfile, ExpectedRun, World
from simulator.packs.world.opening import customer_emails, customer_methods, initial_books


def draw_payment_method(rng: random.Random, spec: str | list[str] | None) -> str:
    """The customer's payment method: as given, or drawn from the list (no draw for a single choice, so
    scenarios without methods draw exactly what they drew before)."""
    if spec is None:
        return ""
    if isinstance(spec, str):
        return spec
    return spec[0] if len(spec) == 1 else rng.choice(spec)


def resolve_run(
    spec: FollowupRunSpec | None, customers: dict[str, CustomerProfile], today: date
) -> ExpectedRun | None:
    """The expected run with world ids; the customers' addresses to set are their contacts' e-mails, read
    before :func:`hide_emails` blanks the cards."""
    if spec is None:
        return None
    ids = {key: profile.id for key, profile in customers.items()}
    return ExpectedRun(
        level=spec.level,
        date=today + timedelta(days=spec.date),
        customers=tuple(ids[k] for k in spec.customers if k in ids),
        excluded_methods=tuple(spec.excluded_methods),
        excluded_customers=tuple(ids[k] for k in spec.excluded_customers if k in ids),
        emails=tuple((ids[k], customers[k].contact.email) for k in spec.emails if k in ids),
    )


def hide_emails(customers: dict[str, CustomerProfile], specs: Sequence[CustomerSpec]) -> None:
    """Customers declared ``email: false`` (among ``specs``, the customers present in the world) get a card
    without any e-mail address (the texts that quote their contact's address are already rendered)."""
    for spec in specs:
        if spec.email:
            continue
        profile = customers[spec.key]
        customers[spec.key] = dataclasses.replace(
            profile, email="", contact=dataclasses.replace(profile.contact, email="")
        )


def check_run(world: World) -> str:
    """Why the scenario's expected run does not hold for this world ("" when it does): the customers it
    declares must be exactly those the core selects, every one of them without an address must get one
    from a message of the world, and the customers to exclude must be at that level."""
    run = world.expected.followup_run
    if run is None:
        return ""
    books = initial_books(world)
    emails = {**customer_emails(world), **dict(run.emails)}
    plan = plan_run(
        books,
        level=run.level,
        on=run.date,
        methods=customer_methods(world),
        emails=emails,
        excluded_methods=run.excluded_methods,
        excluded_customers=run.excluded_customers,
    )
    if plan is None:
        return f"le niveau {run.level} n'existe pas dans les niveaux de relance du pack"
    found = {line.customer for line in plan.lines}
    if found != set(run.customers):
        return (
            f"followup_run annonce {', '.join(sorted(run.customers))} mais le lot relance "
            f"{', '.join(sorted(found)) or 'personne'}"
        )
    if plan.missing_emails:
        return f"{plan.missing_emails[0].customer} n'a pas d'adresse électronique : citez-le dans emails"
    for customer, address in run.emails:
        if not address or not any(address in m.body for m in world.messages if m.customer == customer):
            return f"l'adresse de {customer} ne figure dans aucun message de ce client"
    left_out = {line.customer for line, _ in plan.left_out}
    for customer in run.excluded_customers:
        if customer not in left_out:
            return f"{customer} est exclu du lot mais n'est pas au niveau {run.level}"
    return ""


def expected_summary(world: World) -> Summary | None:
    """The « Synthèse » of the expected run, from the books as the scenario starts."""
    run = world.expected.followup_run
    return summarize(initial_books(world), run.customers) if run else None


def expected_figures(world: World) -> dict[str, Decimal]:
    """Figure name of a question -> its expected value."""
    summary = expected_summary(world)
    if summary is None:
        return {}
    return {
        "lot_partners": Decimal(summary.partners),
        "lot_entries": Decimal(summary.entries),
        "lot_debit": summary.debit,
        "lot_credit": summary.credit,
        "lot_balance": summary.balance,
    }


def figure_text(value: Decimal, is_count: bool) -> str:
    """A figure as an attempt file writes it: an integer, or an amount with a dot and two decimals."""
    return f"{int(value)}" if is_count else f"{value:.2f}"


def run_actions(world: World) -> list[dict[str, Any]]:
    """The reference: each missing address set from the customer's message, the run launched, the summary
    figures quoted."""
    run = world.expected.followup_run
    if run is None:
        return []
    actions: list[dict[str, Any]] = [
        {"type": "set_customer_email", "customer": customer, "email": address}
        for customer, address in run.emails
    ]
    actions.append(
        {
            "type": "run_followup",
            "level": run.level,
            "date": run.date.isoformat(),
            "excluded_methods": list(run.excluded_methods),
            "excluded_customers": list(run.excluded_customers),
        }
    )
    figures = expected_figures(world)
    actions += [
        {"type": "answer", "question": q.id, "value": figure_text(figures[q.figure], q.is_count)}
        for q in world.questions
    ]
    return actions
