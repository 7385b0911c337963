"""Grading promises: the reference solution scores exactly 100 for every scenario and seeds 1–500; any
order of independent actions scores the same; valid alternatives score 100; grading is deterministic
across processes."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from pack_cache import builtin_pack

from simulator.grading.engine import grade
from simulator.ledger.settlement import DISCOUNT
from simulator.packs.play.outcome import expected_outcome, remittance_of
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import attempt, solve
from simulator.packs.world.generate import generate

PACK = builtin_pack("procedure-11")


def graded(world, actions):
    return grade(world, replay(world, actions)).as_dict()


def assert_perfect(result):
    assert result["mistakes"] == [] and result["problems"] == [], result
    assert result["score"] == 100.0 and result["points"] == result["max_points"] > 0


RELANCES = builtin_pack("relances")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pack", "scenario"),
    [(PACK, s) for s in PACK.scenario_ids] + [(RELANCES, s) for s in RELANCES.scenario_ids],
)
def test_reference_solution_scores_100_for_seeds_1_to_500(pack, scenario):
    for seed in range(1, 501):
        world = generate(pack, scenario, seed)
        assert_perfect(graded(world, solve(world)))


def shuffled(actions, rng):
    """A random order that keeps what depends on what: cheques are received and endorsed before the
    slip that deposits them, a slip is handed in before the bank credits it, and a credit note is issued
    before the payment matched with it."""
    actions = list(actions)
    rng.shuffle(actions)
    late = ("deposit_cheques", "reconcile_statement_line")
    ordered = [a for kind in late for a in actions if a["type"] == kind]
    notes = [a for a in actions if a["type"] == "credit_note"]
    return notes + [a for a in actions if a["type"] not in late and a not in notes] + ordered


@pytest.mark.parametrize("scenario", PACK.scenario_ids)
def test_shuffling_independent_actions_keeps_100(scenario):
    rng = random.Random(scenario)
    for seed in range(1, 21):
        world = generate(PACK, scenario, seed)
        reference = solve(world)
        for _ in range(3):
            assert_perfect(graded(world, shuffled(reference, rng)))


def _discount_world():
    for seed in range(1, 100):
        world = generate(PACK, "escompte", seed)
        receipts = expected_outcome(world).receipts
        if len(receipts) == 1 and receipts[0].treatment.kind == DISCOUNT:  # customer A alone
            return world
    raise AssertionError("no seed with an entitled discount")


def test_discount_by_financial_credit_note_then_payment_scores_100():
    world = _discount_world()
    treatment = expected_outcome(world).receipts[0].treatment
    actions = solve(world)
    payment = next(a for a in actions if a["type"] == "register_payment")
    invoice = payment["documents"][0]
    number = world.settings.next_credit_note
    credit_note = {
        "type": "credit_note",
        "invoice": invoice,
        "date": payment["date"],
        "amount_ht": f"{treatment.amount_ht:.2f}",
        "vat_rate": "20",
        "reason": "Escompte 2 %",
    }
    payment = {**payment, "documents": [invoice, number]}
    del payment["difference"]
    others = [a for a in actions if a["type"] != "register_payment"]
    result = graded(world, [credit_note, payment, *others])
    assert_perfect(result)


def test_payment_recorded_unmatched_then_matched_by_hand_scores_100():
    world = generate(PACK, "virement", 5)
    actions = solve(world)
    payment = next(a for a in actions if a["type"] == "register_payment")
    unmatched = {**payment, "documents": []}
    match = {
        "type": "match",
        "customer": payment["customer"],
        "items": [*payment["documents"], payment["id"]],
    }
    others = [a for a in actions if a["type"] != "register_payment"]
    assert_perfect(graded(world, [unmatched, match, *others]))


def test_one_transfer_split_into_two_payments_that_settle_correctly_scores_100():
    world = next(
        w
        for w in (generate(PACK, "multi-factures", seed) for seed in range(4, 60))
        if not remittance_of(w, w.expected.receipts[0])  # no remittance advice: oldest first
    )
    actions = solve(world)
    payment = next(a for a in actions if a["type"] == "register_payment")
    receipt = expected_outcome(world).receipts[0]
    docs = [world.document(n) for n in payment["documents"]]
    newest = max((d for d in docs if d.is_invoice), key=lambda d: (d.due_date, d.date))
    first_docs = [d.number for d in docs if d.number != newest.number]
    first_amount = sum(d.signed_ttc for d in docs if d.number != newest.number)
    second_amount = receipt.amount - first_amount
    first = {**payment, "id": "P1", "documents": first_docs, "amount": f"{first_amount:.2f}"}
    first.pop("difference", None)
    second = {
        **payment,
        "id": "P2",
        "documents": [newest.number],
        "amount": f"{second_amount:.2f}",
        "difference": {"handling": "keep_open"},
    }
    others = [a for a in actions if a["type"] != "register_payment"]
    assert_perfect(graded(world, [first, second, *others]))


def test_grade_is_byte_identical_in_two_processes():
    world = generate(PACK, "relance-email", 7)
    reference = attempt(world, solve(world))
    reference["actions"] = reference["actions"][:-1]  # drop the next action: a mistake to render too
    script = (
        "import json, sys\n"
        "from simulator.grading.batch import Grader\n"
        "from simulator.packs.spec.registry import load_pack\n"
        "print(json.dumps(Grader(load_pack('procedure-11')).grade(json.loads(sys.stdin.read())).as_dict(),"
        " ensure_ascii=False, sort_keys=True))\n"
    )
    outputs = []
    for hash_seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(reference),
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["mistakes"][0]["code"] == "NEXT_ACTION_MISSING"
