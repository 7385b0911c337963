"""Cross-checks of a scenario beyond its schema, one module per thing checked; :func:`check_scenario` runs
them all, in the order their problems are reported (then sorted by line):

- :mod:`.context` — the scenario being checked, its keys, and the reference check every module uses;
- :mod:`.ranges` — day offsets and amount ranges;
- :mod:`.frame` — the id, the procedure steps, the rubric, the strategy;
- :mod:`.keys` — unique keys and names, `when` groups;
- :mod:`.documents` — invoices, credit notes and their lines;
- :mod:`.bank` — statement lines, cheques, slips, and the expected receipts, deposit, reconciliation;
- :mod:`.followup` — reminder levels, messages, history, expected reminders and their premises;
- :mod:`.litigation` — disputes, payment dates, replies, doubtful customers, late fees;
- :mod:`.texts` — placeholders in texts.

A scenario with invalid list items is still cross-checked on the rest (:func:`check_what_is_valid`).
pack.yaml's own checks are in :mod:`simulator.packs.spec.pack_checks`.
"""

from __future__ import annotations

from pydantic import ValidationError

from simulator.packs.spec.checks import bank, documents, followup, frame, keys, litigation, texts
from simulator.packs.spec.checks.context import Pruned, ScenarioContext, prune
from simulator.packs.spec.schema import PackSpec, ScenarioSpec
from simulator.packs.spec.yamlsource import Source


def check_scenario(
    scenario: ScenarioSpec,
    source: Source,
    stem: str,
    steps: list[str] | None,
    pack: PackSpec | None = None,
    pruned: Pruned | None = None,
) -> None:
    """Report to ``source`` every cross-check problem of ``scenario``, read from the file ``stem``.yaml of a
    pack whose procedure steps are ``steps`` (None when pack.yaml is invalid)."""
    ctx = ScenarioContext(scenario, source, stem, steps, pruned, pack)
    frame.check_id(ctx)
    frame.check_procedure(ctx)
    followup.check_own_levels(ctx)
    keys.collect_keys(ctx)
    keys.check_fixed_names(ctx)
    keys.check_groups(ctx)
    documents.check_invoices(ctx)
    documents.check_credit_notes(ctx)
    bank.check_statement(ctx)
    bank.check_cheques(ctx)
    bank.check_slips(ctx)
    followup.check_messages(ctx)
    followup.check_history(ctx)
    bank.check_expected_receipts(ctx)
    bank.check_expected_deposit(ctx)
    bank.check_expected_reconciliation(ctx)
    followup.check_expected_reminders(ctx)
    litigation.check_disputes_and_payment_dates(ctx)
    followup.check_expected_customers(ctx)
    litigation.check_replies(ctx)
    litigation.check_doubtful_and_late_fees(ctx)
    followup.check_not_reminded(ctx)
    followup.check_reminder_premises(ctx)
    frame.check_rubric(ctx)
    texts.check_templates(ctx)
    frame.check_strategy(ctx)


def check_what_is_valid(
    exc: ValidationError, source: Source, stem: str, steps: list[str] | None, pack: PackSpec | None
) -> None:
    """Cross-check the valid part of a scenario whose schema errors are all inside list items."""
    pruned = prune(source.data, exc.errors(include_url=False))
    if pruned is None:
        return
    data, info = pruned
    try:
        scenario = ScenarioSpec.model_validate(data)
    except ValidationError:
        return
    check_scenario(scenario, source, stem, steps, pack, info)
