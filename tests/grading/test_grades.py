"""The typed grade: its JSON is contracts.md's, and a stored grade reads back to the same value."""

from __future__ import annotations

import json

import pytest

from simulator.grading.batch import Grader
from simulator.grading.grades import Grade
from simulator.packs.registry import load_pack
from simulator.packs.solve import attempt, solve

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
