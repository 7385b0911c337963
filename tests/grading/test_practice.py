"""The recommender on simulated students: one who always falls into the same trap gets, within three
proposals, variants that have it, and their mastery of its step rises once they stop."""

from functools import cache

import pytest

from simulator.grading.batch import Grader
from simulator.grading.practice import graded_attempt, pack_steps, propose
from simulator.grading.skills import skills
from simulator.grading.traps import fall_into, traps
from simulator.packs.play.solve import attempt, solve
from simulator.packs.spec.registry import load_pack


@cache
def grader(pack: str) -> Grader:
    return Grader(load_pack(pack))


def play(g: Grader, number: int, scenario: str, seed: int, falls_into: str | None):
    world = g.world(scenario, seed)
    actions = solve(world)
    for trap in traps(world):
        if trap.kind == falls_into:
            actions = fall_into(world, actions, trap)
    grade = g.grade(attempt(world, actions))
    return graded_attempt(g, number, scenario, seed, f"2026-01-{number:02d}T09:00:00", grade)


@pytest.mark.parametrize(
    "pack, scenario, kind, step",
    [
        ("procedure-11", "virement", "same_amount_other_customer", "identification"),
        ("procedure-11", "arrondi", "gap_over", "ecart"),
        ("procedure-11", "escompte", "discount_late", "escompte"),
        ("procedure-11", "relance-telephone", "customer_not_to_remind", "releve"),
    ],
)
def test_a_student_who_keeps_falling_gets_the_trap_then_rises_when_they_stop(pack, scenario, kind, step):
    g = grader(pack)
    first = next(s for s in range(1, 60) if any(t.kind == kind for t in traps(g.world(scenario, s))))
    history = [play(g, 1, scenario, first, kind)]
    assert history[0].mistakes  # the trap was fallen into
    with_trap = []
    for number in range(2, 5):  # three proposals, each played with the same mistake
        proposal = propose(g, history)
        assert proposal is not None and proposal.reason.startswith("Vous avez fait ")
        world = g.world(proposal.scenario, proposal.seed)
        with_trap.append(any(t.kind == kind for t in traps(world)))
        assert (proposal.scenario, proposal.seed) not in {(a.scenario, a.seed) for a in history}
        history.append(play(g, number, proposal.scenario, proposal.seed, kind))
    assert any(with_trap)
    assert skills(history, pack_steps(g.pack))[pack, step].mastery == 0
    masteries = []
    for number in range(5, 8):  # they stop making the mistake
        proposal = propose(g, history)
        history.append(play(g, number, proposal.scenario, proposal.seed, None))
        masteries.append(skills(history, pack_steps(g.pack))[pack, step].mastery)
    assert masteries == sorted(masteries) and masteries[0] > 0 and masteries[-1] >= 80


def test_the_reason_names_the_mistake_and_the_traps():
    g = grader("procedure-11")
    history = [play(g, 1, "cheque", 1, "cheque_to_endorse")]
    proposal = propose(g, history)
    assert proposal.scenario == "cheque"
    count = sum(1 for t in traps(g.world("cheque", proposal.seed)) if t.kind == "cheque_to_endorse")
    words = {2: "deux chèques", 3: "trois chèques"}
    assert proposal.reason == (
        "Vous avez fait une fois l'erreur « Chèque non endossé » : cette société a "
        + (
            words[count] + " à endosser avant la remise."
            if count > 1
            else "un chèque à endosser avant la remise."
        )
    )


def test_proposals_are_deterministic_and_none_without_history():
    history = [play(grader("procedure-11"), 1, "arrondi", 3, "gap_over")]
    again = Grader(load_pack("procedure-11"))
    assert propose(grader("procedure-11"), history) == propose(again, history)
    assert propose(again, []) is None
    assert propose(again, history, extra=1) != propose(again, history)
