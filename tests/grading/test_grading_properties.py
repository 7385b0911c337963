"""The grading promise as a property: start from a reference attempt, make it wrong the way students
do (amounts, documents, journals, write-offs, allocations, unmatching, credit notes, duplicates, missing
actions, bank reconciliation, deposit slips, the follow-up log). Whenever the resulting books differ
from the expected outcome — accounts, open items, reconciled statement lines, slips or follow-up log —
the score is below 100."""

from __future__ import annotations

import copy
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from pack_cache import builtin_pack

from simulator.grading.engine import grade
from simulator.ledger.money import ZERO
from simulator.ledger.settlement import OVERPAID
from simulator.packs.play.outcome import expected_outcome
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.world.generate import generate

PACK = builtin_pack("procedure-11")
REVENUE = ("706", "707")


def mutate(world, actions, rng):
    actions = copy.deepcopy(actions)
    payments = [a for a in actions if a["type"] == "register_payment"]
    invoices = [d for d in world.documents if d.is_invoice]
    others = [a for a in actions if a["type"] in OTHER_KINDS]
    p = rng.choice(payments) if payments else None
    if others and rng.random() < 0.4:
        mutate_other(world, rng.choice(others), rng)
        return actions
    match rng.randrange(13) if p else rng.choice((5, 8, 9)):
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
        case 12:  # recorded by hand: the statement line is never reconciled
            p.pop("source", None)
    return actions


#: The actions of bank reconciliation, deposit slips and the follow-up log :func:`mutate_other` alters.
OTHER_KINDS = ("reconcile_statement_line", "deposit_cheques", "log_call", "send_email", "set_next_action")


def mutate_other(world, action, rng):
    """Alter one reconciliation, slip or follow-up action the way students err."""
    kind = action["type"]
    lines = [s.id for s in world.statement_lines]
    customers = [c.customer.id for c in world.customers if c.customer.id != action.get("customer")]
    if kind == "reconcile_statement_line":
        action["statement_line"] = rng.choice(lines)
    elif kind == "deposit_cheques":
        line = rng.choice(action["lines"])
        match rng.randrange(5):
            case 0:
                action["lines"].remove(line)
            case 1:
                line["amount"] = f"{Decimal(line['amount']) + Decimal('0.01'):.2f}"
            case 2:
                line["number"] = line["number"][::-1] + "9"
            case 3:
                action["count"] += 1
            case 4:
                action["total"] = f"{Decimal(action['total']) - Decimal('1.00'):.2f}"
    elif rng.random() < 0.5 and customers:
        action["customer"] = rng.choice(customers)
    elif kind == "set_next_action":
        action["date"] = (world.today + timedelta(days=60)).isoformat()
    else:  # the reminder names another invoice than the one overdue
        other = [d.number for d in world.documents if d.is_invoice and d.number not in action["documents"]]
        action["documents"] = [rng.choice(other)]


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
    if any(books.residual(p.id) != unused.get(p.source, ZERO) for p in books.payments.values()):
        return False
    reference = replay(world, solve(world)).books
    return all(view(books) == view(reference) for view in (reconciled, slips, followup_log))


def reconciled(books) -> set[str]:
    """The statement lines reconciled: by a receipt recorded from them, afterwards, or by a slip's credit."""
    from_receipts = {p.source for p in books.payments.values() if p.source_kind == "statement_line"}
    return from_receipts | set(books.statement_line_of().values()) | {s.statement_line for s in books.slips}


def slips(books) -> list:
    return sorted(
        (s.account, s.lines, s.count, s.total, s.statement_line) for s in books.slips if not s.cancelled
    )


def followup_log(books) -> list:
    return [
        (e.kind, e.customer, e.documents, e.level, e.kind == "next_action" and e.date) for e in books.followup
    ]


@pytest.mark.parametrize("run", range(4))
def test_books_that_differ_from_the_expected_outcome_never_score_100(run):
    rng = random.Random(run)
    caught = set()  # the kinds of actions whose alteration cost points
    for _ in range(250):
        world = generate(PACK, rng.choice(PACK.scenario_ids), rng.randrange(1, 200))
        reference = solve(world)
        actions = mutate(world, reference, rng)
        replayed = replay(world, actions)
        result = grade(world, replayed).as_dict()
        if result["score"] == 100.0:
            assert books_as_expected(world, replayed.books), (world.scenario, world.seed, actions)
        else:
            caught |= {a["type"] for a, b in zip(reference, actions, strict=False) if a != b}
    assert caught >= set(OTHER_KINDS), caught  # reconciliation, slips and the follow-up log were varied
