"""The typed grade: its JSON is contracts.md's, and a stored grade reads back to the same value."""

from __future__ import annotations

import json

import pytest

from simulator.grading.batch import Grader
from simulator.grading.grades import Grade
from simulator.packs.play.solve import attempt, solve
from simulator.packs.spec.registry import load_pack

CONTRACT_KEYS = [
    "pack",
    "pack_version",
    "scenario",
    "seed",
    "grading_version",
    "score",
    "points",
    "max_points",
    "criteria",
    "mistakes",
    "problems",
]


@pytest.mark.parametrize(("pack_id", "scenario"), [("procedure-11", "escompte"), ("relances", None)])
def test_the_json_of_a_solved_and_a_wrong_attempt_reads_back_to_the_same_grade(pack_id, scenario):
    grader = Grader(load_pack(pack_id))
    world = grader.world(scenario or grader.pack.scenario_ids[0], 3)
    actions = solve(world)
    solved = grader.grade(attempt(world, actions))
    wrong = grader.grade({**attempt(world, actions[1:]), "pack_version": "0"})
    assert solved.score == 100 and wrong.score < 100
    assert wrong.problems[0].code == "pack_version" and wrong.problems[0].action is None
    for graded in (solved, wrong):
        data = graded.as_dict()
        assert list(data)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert json.dumps(data) == json.dumps(Grade.from_dict(json.loads(json.dumps(data))).as_dict())
    assert json.loads(json.dumps(solved.as_dict()))["score"] == 100.0


def test_a_grade_names_the_entry_a_wrong_attempt_misses_and_a_solved_one_has_no_entries_key():
    """virement: the transfer not recorded is the missing BNK entry D 512 / C 411 of the invoice's amount
    on the statement line's date; the reference makes every expected entry, so its JSON has no ``entries``."""
    grader = Grader(load_pack("procedure-11"))
    world = grader.world("virement", 3)
    payment, annotation = solve(world)
    assert "entries" not in grader.grade(attempt(world, [payment, annotation]), entries=True).as_dict()
    assert grader.grade(attempt(world, [annotation])).entries is None  # not asked: no replay of the solution
    graded = grader.grade(attempt(world, [annotation]), entries=True)
    (missing,) = graded.entries.missing
    line = world.statement_line(payment["source"]["statement_line"])
    invoice = world.document(payment["documents"][0])
    assert (missing.journal, missing.date, missing.ref) == ("BNK", line.date, line.id)
    assert [(ln.account, ln.debit, ln.credit) for ln in missing.lines] == [
        ("512", invoice.amount_ttc, 0),
        (f"411{invoice.customer}", 0, invoice.amount_ttc),
    ]
    assert graded.entries.unexpected == () and graded.entries.differing == ()
    data = graded.as_dict()
    assert list(data)[-1] == "entries" and data["entries"]["missing"][0]["lines"][0]["account"] == "512"
    assert Grade.from_dict(json.loads(json.dumps(data))) == graded
