"""Reference solutions: the actions a careful accountant takes in a World, derived from its expected
outcome and the rules of domain.md — never written per seed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from simulator.formatting import format_date
from simulator.ledger.money import ZERO
from simulator.ledger.terms import next_action_window, within_window
from simulator.messages.french import de
from simulator.packs.play.lettrage import solve_lettrage
from simulator.packs.play.outcome import expected_outcome
from simulator.packs.play.period import solve_month
from simulator.packs.play.replay import replay
from simulator.packs.play.steps import (
    SLIP_ID,
    credit_note_numbers,
    money,
    receipt_actions,
    reminder_actions,
)
from simulator.packs.world.lots import run_actions
from simulator.packs.world.model import World
from simulator.packs.world.strategy import reference_actions


def attempt(world: World, actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "pack": world.pack,
        "pack_version": world.pack_version,
        "scenario": world.scenario,
        "seed": world.seed,
        "actions": actions,
    }


def solve(world: World) -> list[dict[str, Any]]:
    if world.calendar_moves:  # « Un mois de relances »: day after day
        return solve_month(world)
    if world.lettrage is not None:  # pack « lettrage »: the lettrage automatique, then by hand
        return solve_lettrage(world)
    outcome = expected_outcome(world)
    actions: list[dict[str, Any]] = []
    if world.expected.strategy is not None:  # « Configurer une stratégie »: the strategy first
        actions += reference_actions(world.followup_levels, world.expected.strategy)
    notes = credit_note_numbers(world)
    for index, receipt in enumerate(outcome.receipts, start=1):
        actions += receipt_actions(world, receipt, f"P{index}", notes)
    if world.expected.deposit:
        actions += _deposit_actions(world)
    for r in world.expected.reconcile:
        actions.append(
            {"type": "reconcile_statement_line", "statement_line": r.statement_line, "slip": r.slip}
        )
    # the annotation names the receipt as the screens do, by its entry number (BNK/2026/0002), never P1
    recorded = replay(world, actions).books.payments if world.expected.annotate else {}
    for line in world.expected.annotate:
        payment = next(
            (
                f"règlement {recorded[f'P{i}'].entry}"
                for i, r in enumerate(outcome.receipts, start=1)
                if r.receipt.source == line and f"P{i}" in recorded
            ),
            "",
        )
        slip = next((f"remise n° {r.slip}" for r in world.expected.reconcile if r.statement_line == line), "")
        actions.append(
            {
                "type": "annotate_statement",
                "statement_line": line,
                "text": f"Enregistré le {format_date(world.today)} par {world.company.signatory.first_name} "
                f"{world.company.signatory.last_name} ({payment or slip})",
            }
        )
    for reminder in world.expected.reminders:
        actions += reminder_actions(world, outcome, reminder)
    actions += _statement_actions(world)
    actions += run_actions(world)  # relances par lot
    return actions


def _statement_actions(world: World) -> list[dict[str, Any]]:
    """A dispute excluded from follow-up with its reason, the announced payment dates noted, then the
    customer statement (disputes shown apart) and the next action the day after the last announced
    payment (within the scenario's window)."""
    actions: list[dict[str, Any]] = [
        {
            "type": "exclude_from_followup",
            "document": number,
            "reason": "Litige signalé par le client : marchandises endommagées, avoir en attente.",
        }
        for number in world.expected.disputes
    ]
    actions += [
        {"type": "set_expected_payment_date", "document": p.document, "date": p.date.isoformat()}
        for p in world.expected.expected_payments
    ]
    for statement in world.expected.statements:
        actions.append(
            {"type": "send_statement", "customer": statement.customer, "date": world.today.isoformat()}
        )
        if not statement.next_action:
            continue
        announced = [
            p.date
            for p in world.expected.expected_payments
            if world.document(p.document).customer == statement.customer  # type: ignore[union-attr]
        ]
        on = max(announced, default=world.today) + timedelta(days=1)
        if statement.next_action_days:
            on = within_window(on, next_action_window(world.today, statement.next_action_days))
        actions.append(
            {
                "type": "set_next_action",
                "customer": statement.customer,
                "date": on.isoformat(),
                "note": "Vérifier sur le relevé bancaire le règlement annoncé ; litige en attente d'avoir.",
            }
        )
    return actions


def _deposit_actions(world: World) -> list[dict[str, Any]]:
    deposit = world.expected.deposit
    company = world.company
    signature = f"{company.signatory.first_name} {company.signatory.last_name}"
    cheques = [world.cheque(c) for c in deposit.cheques]  # type: ignore[union-attr]
    actions: list[dict[str, Any]] = [
        {
            "type": "endorse_cheque",
            "cheque": c.id,
            "account": company.iban,  # type: ignore[union-attr]
            "signature": f"Payer à l'ordre {de(company.bank)} – compte n° {company.iban} – {company.name} – {signature}",
        }
        for c in cheques
    ]
    actions.append(
        {
            "type": "deposit_cheques",
            "id": SLIP_ID,
            "date": world.today.isoformat(),
            "account": company.iban,
            "lines": [
                {
                    "cheque": c.id,
                    "drawer": c.drawer,
                    "bank": c.bank,
                    "number": c.number,  # type: ignore[union-attr]
                    "amount": money(c.amount),
                }
                for c in cheques
            ],  # type: ignore[union-attr]
            "count": len(cheques),
            "total": money(sum((c.amount for c in cheques), ZERO)),  # type: ignore[union-attr]
        }
    )
    if deposit.statement_line:  # type: ignore[union-attr]
        # the bank's credit of the slip, by bank reconciliation (domain.md §2, step 5)
        actions.append(
            {"type": "reconcile_statement_line", "statement_line": deposit.statement_line, "slip": SLIP_ID}  # type: ignore[union-attr]
        )
    return actions
