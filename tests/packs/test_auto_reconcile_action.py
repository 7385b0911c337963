"""The ``auto_reconcile`` and ``undo_auto_reconcile`` actions through the replay (the attempt-file form
of docs/grading.md), and through ``simulator grade``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from simulator.packs.play.replay import apply_action, replay
from simulator.packs.play.solve import attempt, solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate
from simulator.packs.world.opening import initial_books

WORLD = generate(load_pack("lettrage"), "lettrage-automatique", 1)
RUN = {
    "type": "auto_reconcile",
    "accounts": ["411"],
    "power": 3,
    "max_gap": "1.00",
    "write_off": {"account": "658", "gain_account": "758", "journal": "OD"},
    "date_from": "2026-05-01",
    "date_to": "2026-05-31",
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"power": 5}, "power"),
        ({"power": "abc"}, "power"),
        ({"power": None}, "power"),
        ({"max_gap": "-1"}, "max_gap"),
        ({"max_gap": "abc"}, "max_gap"),
        ({"date_from": "31/05/2026", "date_to": "01/05/2026"}, "date_to"),
        ({"date_to": "32/05/2026"}, "date_to"),
        ({"accounts": ["401"]}, "accounts"),
        ({"write_off": {"account": "", "journal": "OD"}}, "write_off_account"),
        ({"write_off": {"account": "658", "journal": "XX"}}, "write_off_journal"),
    ],
)
def test_bad_fields_are_refused_on_their_field_and_change_nothing(changes, field):
    books = initial_books(WORLD)
    after, problems = apply_action(books, {**RUN, **changes}, WORLD)
    assert after is books
    assert field in [p.field for p in problems]
    assert all(p.message and "{" not in p.message for p in problems)


def test_a_run_and_its_undo_are_one_action_each():
    start = initial_books(WORLD)
    result = replay(WORLD, [RUN])
    assert result.problems == () and result.applied == (0,)
    run = result.books.auto_runs[0]
    assert run.id == "LA1" and run.sets and run.left
    assert all(line.message for line in run.left)
    first = run.sets[0].id
    one = replay(WORLD, [RUN, {"type": "undo_auto_reconcile", "run": "LA1", "sets": [first]}])
    assert one.problems == () and len(one.books.auto_runs[0].active_sets) == len(run.sets) - 1
    whole = replay(WORLD, [RUN, {"type": "undo_auto_reconcile", "run": "LA1"}])
    assert whole.problems == ()
    for key in start.items():
        assert whole.books.residual(key) == start.residual(key)
    again = replay(WORLD, [RUN, {"type": "undo_auto_reconcile", "run": "LA1"}] * 2)
    assert [p.code for p in again.problems] == ["auto_run_undone"]


def test_simulator_grade_and_solve_take_the_action():
    reference = attempt(WORLD, solve(WORLD))
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "grade", "lettrage", "-"],
        input=json.dumps(reference),
        capture_output=True,
        text=True,
        check=True,
    )
    graded = json.loads(done.stdout)
    assert graded["score"] == 100.0 and graded["scenario"] == "lettrage-automatique"
