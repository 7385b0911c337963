"""The grading promise as a property: start from a reference attempt, make it wrong the way students
do (amounts, documents, journals, write-offs, allocations, unmatching, credit notes, duplicates, missing
actions). Whenever the resulting books differ from the expected outcome, the score is below 100."""

from __future__ import annotations

import copy
import random
from decimal import Decimal

import pytest

from simulator.grading.engine import grade
from simulator.ledger.money import ZERO
from simulator.packs.generate import generate
from simulator.packs.loader import load_pack
from simulator.packs.outcome import OVERPAID, expected_outcome
from simulator.packs.replay import replay
from simulator.packs.solve import solve

PACK = load_pack("procedure-11")
REVENUE = ("706", "707")


def mutate(world, actions, rng):
    actions = copy.deepcopy(actions)
    payments = [a for a in actions if a["type"] == "register_payment"]
    invoices = [d for d in world.documents if d.is_invoice]
    p = rng.choice(payments) if payments else None
    match rng.randrange(12) if p else rng.choice((5, 8, 9)):
        case 0:
            p["amount"] = (
                f"{Decimal(p['amount']) + Decimal(rng.choice(['0.01', '-0.01', '1.00', '10.00'])):.2f}"
            )
        case 1:
            p["documents"] = p["documents"][:-1] or p["documents"]
        case 2:
            p.pop("difference", None)
        case 3:
            p["difference"] = {"handling": "write_off", "account": rng.choice(["658", "758", "665", "709"])}
        case 4:
            p["documents"] = [rng.choice(world.documents).number]
        case 5:
            if actions:
                actions.pop(rng.randrange(len(actions)))
        case 6:
            p["journal"] = "CHQ" if p["journal"] == "BNK" else "BNK"
        case 7:
            p["allocations"] = {p["documents"][0]: "1.00"}
        case 8:
            actions.append({"type": "unmatch", "items": [rng.choice(world.documents).number]})
        case 9:
            actions.insert(
                0,
                {
                    "type": "credit_note",
                    "invoice": rng.choice(invoices).number,
                    "date": world.today.isoformat(),
                    "amount_ht": "5.00",
                    "reason": "Geste commercial",
                },
            )
        case 10:
            documents, p["documents"] = p["documents"], []
            actions.append({"type": "match", "customer": p["customer"], "items": [*documents, p["id"]]})
        case 11:
            actions.append({**p, "id": "PX"})
    return actions


def books_as_expected(world, books) -> bool:
    outcome = expected_outcome(world)
    if any(books.residual(n) != v for n, v in outcome.residuals.items()):
        return False
    if any(books.account_balance(a) != v for a, v in outcome.balances.items()):
        return False
    touched = {line.account for e in books.entries for line in e.lines}
    if any(a not in outcome.balances and not a.startswith("411") and a not in REVENUE for a in touched):
        return False
    unused = {
        r.receipt.source: -r.treatment.gap if r.treatment.kind == OVERPAID else ZERO for r in outcome.receipts
    }
    return all(books.residual(p.id) == unused.get(p.source, ZERO) for p in books.payments.values())


@pytest.mark.parametrize("run", range(4))
def test_books_that_differ_from_the_expected_outcome_never_score_100(run):
    rng = random.Random(run)
    for _ in range(250):
        world = generate(PACK, rng.choice(PACK.scenario_ids), rng.randrange(1, 200))
        actions = mutate(world, solve(world), rng)
        replayed = replay(world, actions)
        result = grade(world, replayed)
        if result["score"] == 100.0:
            assert books_as_expected(world, replayed.books), (world.scenario, world.seed, actions)
