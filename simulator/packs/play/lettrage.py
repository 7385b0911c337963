"""Pack « lettrage »: the reference solution. It runs the lettrage automatique (the imposed parameters, else
power 3, the tolerance, annulations on 658/758 in OD, the month), then letters by hand every expected set it
left (simulator.packs.world.lettrage draws the month and its expected sets)."""

from __future__ import annotations

from typing import Any

from simulator.ledger.autoreconcile import AutoParams, WriteOffRule
from simulator.ledger.money import ZERO
from simulator.packs.play.replay import replay
from simulator.packs.world.lettrage import LettrageWorld
from simulator.packs.world.model import World
from simulator.packs.world.opening import initial_books


def reference_params(world: World, lettrage: LettrageWorld) -> AutoParams:
    rule = WriteOffRule(lettrage.write_off_account, lettrage.journal, lettrage.gain_account)
    if lettrage.imposed_power is not None:
        return AutoParams(
            ("411",),
            lettrage.imposed_power,
            lettrage.imposed_gap or ZERO,
            rule if lettrage.imposed_write_off else None,
            lettrage.date_from,
            lettrage.date_to,
        )
    return AutoParams(("411",), 3, lettrage.tolerance, rule, lettrage.date_from, lettrage.date_to)


def solve_lettrage(world: World) -> list[dict[str, Any]]:
    """Run the lettrage automatique, then letter by hand each expected set the run left."""
    lettrage: LettrageWorld = world.lettrage  # type: ignore[attr-defined]
    params = reference_params(world, lettrage)
    run: dict[str, Any] = {
        "type": "auto_reconcile",
        "accounts": list(params.accounts),
        "power": params.power,
        "max_gap": format(params.max_gap, "f"),
        "write_off": None
        if params.write_off is None
        else {
            "account": params.write_off.account,
            "gain_account": params.write_off.gain_account,
            "journal": params.write_off.journal,
        },
        "date_from": params.date_from.isoformat(),
        "date_to": params.date_to.isoformat(),
    }
    actions = [run]
    books = replay(world, actions, initial_books(world)).books
    letters = books.letters()
    for s in lettrage.sets:
        if all(letters.get(k) for k in s.items):
            continue
        actions.append({"type": "match", "customer": s.customer, "items": list(s.items)})
    return actions
