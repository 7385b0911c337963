"""Relances par lot for the screens: the run the wizard would launch (its Synthèse, Détail and Clients sans
adresse électronique), computed by the core from the attempt's books and the world's customer cards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from simulator.ledger.lots import RunPlan, plan_run
from simulator.packs.replay import customer_emails, customer_methods

from .attempts import LoadedAttempt


def plan(
    attempt: LoadedAttempt,
    *,
    level: int,
    on: date,
    excluded_methods: Sequence[str] = (),
    excluded_customers: Sequence[str] = (),
) -> RunPlan | None:
    """What « Lancer le processus de relance » would do now (None for a level the strategy lacks)."""
    return plan_run(
        attempt.books,
        level=level,
        on=on,
        methods=customer_methods(attempt.world),
        emails=customer_emails(attempt.world),
        excluded_methods=excluded_methods,
        excluded_customers=excluded_customers,
    )
