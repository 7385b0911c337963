"""Points are earned only by work that exists (docs/grading.md, « Scoring »): an empty attempt scores 0 on
every scenario of every built-in pack; half the expected work done right earns about half; the worked
examples of docs/grading.md, with the numbers computed by hand there; an unreconciled bank line charged
to the reconciliation; the mapping goes through the criterion, whatever the code."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest
from grading_builders import codes, first_seed, graded, reference, world

from simulator.grading.context import Context, Mistake
from simulator.grading.scoring import GRADING_VERSION, json_number, score_criteria, score_of
from simulator.packs.play.outcome import expected_outcome
from simulator.packs.play.replay import replay
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate
from simulator.packs.world.model import Criterion
from simulator.services.lti import course_score

PACKS = [load_pack("procedure-11"), load_pack("relances")]
SCENARIOS = [(pack, s) for pack in PACKS for s in pack.scenario_ids]


def _empty_scores_nothing(pack, scenario: str, seed: int) -> None:
    w = generate(pack, scenario, seed)
    g = graded(w, [])
    assert (g["score"], g["points"]) == (0.0, 0), (scenario, seed, g["criteria"])
    assert all(c["points"] == 0 and not c["passed"] for c in g["criteria"]), (scenario, seed)


@pytest.mark.parametrize(("pack", "scenario"), SCENARIOS, ids=[s for _, s in SCENARIOS])
def test_an_empty_attempt_scores_0(pack, scenario):
    for seed in (1, 2, 3, 42):
        _empty_scores_nothing(pack, scenario, seed)


@pytest.mark.slow
@pytest.mark.parametrize(("pack", "scenario"), SCENARIOS, ids=[s for _, s in SCENARIOS])
def test_an_empty_attempt_scores_0_for_seeds_1_to_50(pack, scenario):
    for seed in range(1, 51):
        _empty_scores_nothing(pack, scenario, seed)


def test_every_grade_says_its_grading_version():
    w = world("virement", 1)
    assert GRADING_VERSION == "2"
    assert graded(w, [])["grading_version"] == graded(w, reference(w))["grading_version"] == "2"


# --- docs/grading.md, worked example 1: an empty attempt -------------------------------------------------


def test_worked_example_empty_attempt_on_virement():
    """virement, seed 1: rubric 3 + 3 + 1 + 1 = 8 points; nothing is done, so every unit is undone."""
    w = world("virement", 1)
    g = graded(w, [])
    assert [(c["id"], c["points"], c["units"], c["units_earned"]) for c in g["criteria"]] == [
        ("receipts_recorded", 0, 1, 0),  # 3 × 0/1
        ("receipts_matched", 0, 1, 0),  # 3 × 0/1: no MISSING_PAYMENT here, but nothing to judge either
        ("statement_annotated", 0, 1, 0),  # 1 × 0/1
        ("books_clean", 0, 2, 0),  # no mistake, but 0 of the 2 units of work (1 receipt, 1 line) exist
    ]
    assert codes(g) == {"MISSING_PAYMENT", "STATEMENT_NOT_ANNOTATED"}
    books_clean = g["criteria"][-1]["feedback"]
    assert books_clean == "Aucune erreur, mais les points suivent le travail fait : 0 tâche sur 2."


# --- docs/grading.md, worked example 2: one of two receipts done right -----------------------------------


def _one_of_two(w, annotate: bool) -> list[dict]:
    """The reference's work for the first receipt (REL-02) only."""
    first = sorted(r.source for r in w.expected.receipts)[0]
    return [
        a
        for a in reference(w)
        if a.get("source", {}).get("statement_line") == first
        or (annotate and a["type"] == "annotate_statement" and a["statement_line"] == first)
    ]


def test_worked_example_one_of_two_transfers_right_on_escompte():
    """escompte, seed 1: two transfers, each a cash discount (REL-02 from Marchal Conseil SA, REL-04 from
    Librairie Lebreton SAS); rubric 2 + 2 + 3 + 1 + 1 = 9 points. The first transfer is recorded from its
    line with its discount, lettered, and its line annotated; the second is not touched.

    receipts_recorded 2 × 1/2 = 1; receipts_matched 2 × 1/2 = 1; difference_handled 3 × 1/2 = 1,5;
    statement_annotated 1 × 1/2 = 0,5; books_clean (no mistake) 1 × 2/4 = 0,5, the work being 2 receipts
    + 2 lines to annotate, of which 2 exist. 4,5 points of 9: 50,0."""
    w = world("escompte", 1)
    assert sorted(r.source for r in w.expected.receipts) == ["REL-02", "REL-04"]
    g = graded(w, _one_of_two(w, annotate=True))
    assert [(c["id"], c["points"]) for c in g["criteria"]] == [
        ("receipts_recorded", 1),
        ("receipts_matched", 1),
        ("difference_handled", 1.5),
        ("statement_annotated", 0.5),
        ("books_clean", 0.5),
    ]
    assert (g["points"], g["max_points"], g["score"]) == (4.5, 9, 50.0)
    assert codes(g) == {"MISSING_PAYMENT", "STATEMENT_NOT_ANNOTATED"}


def test_one_of_two_transfers_recorded_without_annotating_earns_less_than_half():
    """The same transfer recorded and lettered, no line annotated: 1 + 1 + 1,5 + 1 × 0/2 + 1 × 1/4 = 3,75
    points of 9: 41,7."""
    w = world("escompte", 1)
    g = graded(w, _one_of_two(w, annotate=False))
    assert (g["points"], g["score"]) == (3.75, 41.7)
    assert 35 <= g["score"] <= 65


def test_one_of_two_cheques_right_earns_half():
    """cheque with two cheques: the first recorded in CHQ, lettered, endorsed and deposited alone on a
    slip; the second not touched. receipts_recorded 2 × 1/2 = 1, receipts_matched 2 × 1/2 = 1,
    cheques_endorsed 1 × 1/2 = 0,5, deposit_slip 2 × 1/2 = 1, books_clean 1 × 3/6 = 0,5 (2 receipts, 2
    endorsements, 2 slip lines; 3 exist): 4 points of 8, 50,0."""
    seed = first_seed("cheque", lambda w, o: len(w.expected.receipts) == 2)
    w = world("cheque", seed)
    first = sorted(r.source for r in w.expected.receipts)[0]
    actions = []
    for a in reference(w):
        if a.get("source", {}).get("cheque") == first or a.get("cheque") == first:
            actions.append(a)
        elif a["type"] == "deposit_cheques":
            lines = [line for line in a["lines"] if line["cheque"] == first]
            actions.append({**a, "lines": lines, "count": 1, "total": lines[0]["amount"]})
    g = graded(w, actions)
    assert g["problems"] == []
    assert [c["points"] for c in g["criteria"]] == [1, 1, 0.5, 1, 0.5]
    assert (g["points"], g["max_points"], g["score"]) == (4, 8, 50.0)


# --- partial credit and harm --------------------------------------------------------------------------------


def test_a_mistake_on_one_of_three_receipts_costs_a_third_of_its_criterion():
    """escompte with three transfers, one dated wrong: receipts_recorded 2 × 2/3 = 1,33; the rest whole:
    8,33 points of 9, 92,6."""
    seed = first_seed("escompte", lambda w, o: len(w.expected.receipts) == 3)
    w = world("escompte", seed)
    actions = reference(w)
    payment = next(a for a in actions if a["type"] == "register_payment")
    payment["date"] = w.today.isoformat() if payment["date"] != w.today.isoformat() else "2026-01-02"
    g = graded(w, actions)
    assert codes(g) == {"WRONG_DATE"}
    recorded = next(c for c in g["criteria"] if c["id"] == "receipts_recorded")
    assert (recorded["points"], recorded["units"], recorded["units_earned"]) == (1.33, 3, 2)
    assert (g["points"], g["score"]) == (8.33, 92.6)


def test_a_harmful_mistake_costs_its_whole_criterion():
    """relance-email, the reference plus an e-mail to C, not due yet: no_undue_reminder loses its 2 points
    (« Aucune relance injustifiée »), whatever the work done: 7 of 9, 77,8."""
    w = world("relance-email", first_seed("relance-email", lambda w, o: True))
    c = w.keys["C"]
    email = {**next(a for a in reference(w) if a["type"] == "send_email"), "customer": c}
    email.update(to=w.customer(c).contact.email, documents=[w.keys["FC"]])
    g = graded(w, [*reference(w), email])
    assert "REMINDED_NOT_DUE" in codes(g)
    harm = next(x for x in g["criteria"] if x["id"] == "no_undue_reminder")
    assert (harm["points"], harm["passed"]) == (0, False)
    assert (g["points"], g["score"]) == (7, 77.8)


# --- an unreconciled bank line is the reconciliation's --------------------------------------------------------


def _by_hand(w) -> list[dict]:
    """The transfer recorded by hand, not from its statement line, and never reconciled with it."""
    actions = reference(w)
    next(a for a in actions if a["type"] == "register_payment").pop("source")
    return actions


def test_an_unreconciled_line_is_charged_to_the_reconciliation_criterion():
    w = world("virement", 1)
    rubric = (*w.rubric, Criterion("statement_reconciled", "Relevé rapproché", 2))
    w = dataclasses.replace(w, rubric=rubric)
    g = graded(w, _by_hand(w))
    [mistake] = g["mistakes"]
    assert (mistake["code"], mistake["criterion"]) == ("STATEMENT_NOT_RECONCILED", "statement_reconciled")
    points = {c["id"]: c["points"] for c in g["criteria"]}
    assert points == {
        "receipts_recorded": 3,
        "receipts_matched": 3,
        "statement_annotated": 1,
        "books_clean": 1,
        "statement_reconciled": 0,
    }


def test_without_a_reconciliation_criterion_the_line_is_the_bank_statement_s_not_an_entry_too_many():
    """virement's rubric has no statement_reconciled: the line goes to « Relevé bancaire annoté », and
    « Aucune écriture en trop » stays whole (nothing was posted twice): 7 of 8, 87,5."""
    w = world("virement", 1)
    g = graded(w, _by_hand(w))
    [mistake] = g["mistakes"]
    assert (mistake["code"], mistake["criterion"]) == ("STATEMENT_NOT_RECONCILED", "statement_annotated")
    points = {c["id"]: c["points"] for c in g["criteria"]}
    assert points["books_clean"] == 1 and points["statement_annotated"] == 0
    assert (g["points"], g["score"]) == (7, 87.5)


# --- any code, through its criterion ----------------------------------------------------------------------------


def test_a_mistake_code_the_scoring_does_not_know_costs_through_its_criterion():
    """A code added later (say by a new check) needs no scoring rule: it is about a unit of its criterion
    by its key, or costs one unit when it is about none."""
    w = world("escompte", first_seed("escompte", lambda w, o: len(w.expected.receipts) == 2))
    ctx = Context(w, expected_outcome(w), replay(w, reference(w)).books)
    matched = next(c for c in w.rubric if c.id == "receipts_matched")
    first = sorted(r.source for r in w.expected.receipts)[0]
    about_a_unit = {"receipts_matched": [(Mistake("SOME_NEW_CODE", {}, f"{first}:detail"), "…")]}
    about_none = {"receipts_matched": [(Mistake("SOME_NEW_CODE", {}, "elsewhere"), "…")]}
    for charged in (about_a_unit, about_none):
        [scored] = score_criteria(ctx, [matched], charged)
        assert (scored.units, scored.earned, scored.points) == (2, 1, Decimal("1.00"))
    [harm] = score_criteria(
        ctx,
        [next(c for c in w.rubric if c.id == "books_clean")],
        {"books_clean": about_none["receipts_matched"]},
    )
    assert (harm.earned, harm.points) == (0, Decimal("0.00"))


def test_the_json_numbers_of_a_grade_keep_the_decimal_digits_computed():
    # 6,5 of 8 points = 81,25 → 81,3 (half up, as domain.md rounds); 4,5 of 9 = 50,0
    assert json_number(score_of(Decimal("6.5"), 8), whole_as_int=False) == 81.3
    assert json_number(score_of(Decimal("4.5"), 9), whole_as_int=False) == 50.0
    assert json.dumps(json_number(Decimal("100.0"), whole_as_int=False)) == "100.0"
    assert (
        json.dumps(json_number(Decimal("3.00"))) == "3" and json.dumps(json_number(Decimal("0.67"))) == "0.67"
    )
    assert score_of(0, 0) == 0


def test_the_grade_sent_to_moodle_is_the_mean_of_best_scores_rounded_half_up():
    # 72,3 and 72,2: mean 72,25 → 72,3 (round() on binary floats gives 72,2); a missing scenario counts 0
    best = {"virement": Decimal("72.3"), "cheque": Decimal("72.2")}
    assert course_score(best, ["virement", "cheque"]) == Decimal("72.3")
    assert course_score(best, ["virement", "cheque", "arrondi"]) == Decimal("48.2")  # 144,5 / 3 = 48,17
