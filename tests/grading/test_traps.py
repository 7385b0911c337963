"""Traps of a drawn world: for each kind, on a world of the built-in packs that has it, the reference
solution scores 100 and a student falling into it gets one of the mistakes the trap names."""

from functools import cache

import pytest

from simulator.grading.batch import Grader
from simulator.grading.catalogue import MISTAKES
from simulator.grading.traps import KINDS, fall_into, traps
from simulator.packs.play.solve import attempt, solve
from simulator.packs.spec.registry import load_pack

#: where each kind of trap shows up in the built-in packs
WHERE = {
    "same_amount_other_customer": ("procedure-11", "virement"),
    "several_documents": ("procedure-11", "multi-factures"),
    "credit_note_deducted": ("procedure-11", "multi-factures"),
    "discount_granted": ("procedure-11", "escompte"),
    "discount_several_rates": ("procedure-11", "escompte"),
    "discount_late": ("procedure-11", "escompte"),
    "gap_short": ("procedure-11", "arrondi"),
    "gap_over": ("procedure-11", "arrondi"),
    "partial_payment": ("procedure-11", "partiel"),
    "cheque_to_endorse": ("procedure-11", "cheque"),
    "customer_without_email": ("relances", "relances-par-lot"),
    "disputed_invoice": ("relances", "releve-litige"),
    "promised_date": ("relances", "releve-litige"),
    "customer_not_to_remind": ("procedure-11", "relance-telephone"),
}


@cache
def grader(pack: str) -> Grader:
    return Grader(load_pack(pack))


def test_every_kind_is_placed_and_names_known_mistakes():
    assert set(WHERE) == set(KINDS)
    for kind in KINDS.values():
        assert kind.codes and all(code in MISTAKES for code in kind.codes), kind.id


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_reference_handles_the_trap_and_falling_into_it_gives_its_mistake(kind):
    pack, scenario = WHERE[kind]
    found = [
        (world, trap)
        for seed in range(1, 41)
        for world in [grader(pack).world(scenario, seed)]
        for trap in traps(world)
        if trap.kind == kind
    ][:2]
    assert found, f"no {kind} in {pack}/{scenario} seeds 1-40"
    for world, trap in found:
        reference = solve(world)
        assert grader(pack).grade(attempt(world, reference)).score == 100
        mistaken = grader(pack).grade(attempt(world, fall_into(world, reference, trap))).as_dict()
        codes = {m["code"] for m in mistaken["mistakes"]}
        assert codes & set(KINDS[kind].codes), (kind, world.seed, codes)
        assert mistaken["score"] < 100


def test_traps_are_deterministic_and_read_from_the_world():
    world = grader("procedure-11").world("escompte", 2)
    again = Grader(load_pack("procedure-11")).world("escompte", 2)
    assert traps(world) == traps(again)
    kinds = {t.kind for t in traps(world)}
    assert {"discount_granted", "discount_several_rates", "discount_late"} <= kinds


def test_simulator_world_lists_the_traps(capsys):
    import json

    from simulator.cli import main

    assert main(["world", "procedure-11", "partiel", "--seed", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "partiel"
    partial = [t for t in data["traps"] if t["kind"] == "partial_payment"]
    assert partial and partial[0]["mistakes"] == ["PARTIAL_WRITTEN_OFF", "SCHEDULE_NOTE_MISSING"]
    assert partial[0]["label"] == "un règlement partiel"


def test_a_discount_deducted_one_day_late_says_so():
    late = [t for t in traps(grader("procedure-11").world("escompte", 2)) if t.kind == "discount_late"]
    assert late and late[0].detail.endswith(": escompte déduit un jour après la date limite")
