"""Scenario « strategie » (issue 12, Configurer une stratégie), graded: the reference configures the strategy
the brief describes and scores 100; each way a student gets a level wrong is caught with its code, the points
of its criterion, and a French message naming the level. The strategies are the guides' (Mint/XCG
« Stratégie classique »: R1 « Retard 1 » e-mail, R2 e-mail + lettre, R3 e-mail + lettre + avertissement
sur les ventes; the Odoo 8 tutorial « Niveau 0 : 15 jours net » … « Niveau 3 : Contentieux » at 60 days)."""

from __future__ import annotations

from functools import cache

import pytest
from grading_builders import assert_mistakes, graded, reference
from pack_cache import builtin_pack

from simulator.packs.world.generate import generate

SCENARIO = "strategie"
PACK = builtin_pack("relances")


@cache
def world(scenario: str, seed: int):
    return generate(PACK, scenario, seed)


ALL_WRONG = {"STRATEGY_LEVEL_MISSING", "STRATEGY_WRONG_ACTIONS", "STRATEGY_TEMPLATE_INCOMPLETE"}


def _seed(guide: str) -> int:
    return next(s for s in range(1, 50) if guide in world(SCENARIO, s).expected.strategy.guide)


MINT, ODOO = _seed("Mint"), _seed("Odoo")


def _level(actions, name):
    return next(a for a in actions if a["type"] == "add_followup_level" and a["name"] == name)


def test_the_guides_strategies_are_what_the_brief_describes():
    mint, odoo = world(SCENARIO, MINT).expected.strategy, world(SCENARIO, ODOO).expected.strategy
    assert [(lvl.marker, lvl.name, lvl.actions) for lvl in mint.levels] == [
        ("R1", "Retard 1", ("email",)),
        ("R2", "Retard 2", ("email", "letter")),
        ("R3", "Retard 3", ("email", "letter", "sales_warning")),
    ]
    assert [lvl.days for lvl in odoo.levels][::3] == [15, 60]
    assert (
        odoo.levels[0].name == "Niveau 0 : 15 jours net" and odoo.levels[-1].name == "Niveau 3 : Contentieux"
    )
    for target in (mint, odoo):
        days = [lvl.days for lvl in target.levels]
        assert days == sorted(set(days))
        brief = world(SCENARIO, MINT if target is mint else ODOO).brief
        assert all(f"**{lvl.name}" in brief or f"— {lvl.name}**" in brief for lvl in target.levels)
        assert all(f"après {lvl.days} jours échus" in brief for lvl in target.levels)


@pytest.mark.parametrize("seed", [MINT, ODOO])
def test_reference_is_perfect(seed):
    g = graded(world(SCENARIO, seed), reference(world(SCENARIO, seed)))
    assert (g["score"], g["mistakes"], g["problems"]) == (100.0, [], [])


def test_names_are_compared_without_case_accents_or_spacing():
    w = world(SCENARIO, ODOO)
    actions = reference(w)
    _level(actions, "Niveau 0 : 15 jours net")["name"] = "NIVEAU  0 : 15 jours net "
    _level(actions, "Niveau 3 : Contentieux")["name"] = "niveau 3 : contentieùx"
    assert graded(w, actions)["score"] == 100.0


def test_a_level_left_out_is_missing_with_its_actions_and_its_letter():
    w = world(SCENARIO, MINT)
    actions = [a for a in reference(w) if a.get("name") != "Retard 2"]
    g = assert_mistakes(
        w,
        actions,
        ALL_WRONG,
        "STRATEGY_LEVEL_MISSING",
        ["Retard 2", "imprimer une lettre"],
        undone={"levels": 1, "templates": 1},
    )
    # two of three levels right: levels 3 × 2/3 = 2, actions 3 × 2/3 = 2, templates 2 × 2/3 = 1,33 and
    # books_clean 1 × 4/6 = 0,67 (4 of the 6 units of work exist): 6 of 9 points
    assert (g["points"], g["score"]) == (6, 66.7)


def test_the_default_level_kept_is_an_extra_level():
    w = world(SCENARIO, MINT)
    actions = [a for a in reference(w) if a["type"] != "remove_followup_level"]
    assert_mistakes(
        w, actions, {"STRATEGY_EXTRA_LEVEL"}, "STRATEGY_EXTRA_LEVEL", ["Premier rappel", "15 jours"]
    )


def test_doing_nothing_misses_every_level_and_keeps_the_default_one():
    w = world(SCENARIO, MINT)
    g = assert_mistakes(
        w,
        [],
        ALL_WRONG | {"STRATEGY_EXTRA_LEVEL"},
        "STRATEGY_EXTRA_LEVEL",
        ["Premier rappel"],
        undone={"levels": 3, "templates": 3},
    )
    assert g["score"] == 0.0  # nothing done, nothing earned: not even « Aucune écriture en trop »


def test_a_level_named_otherwise_is_found_by_its_days():
    w = world(SCENARIO, MINT)
    actions = reference(w)
    _level(actions, "Retard 1")["name"] = "Relance 1"
    assert_mistakes(w, actions, {"STRATEGY_WRONG_NAME"}, "STRATEGY_WRONG_NAME", ["Relance 1", "Retard 1"])


def test_a_missing_marker():
    w = world(SCENARIO, MINT)
    actions = reference(w)
    del _level(actions, "Retard 1")["marker"]
    assert_mistakes(
        w, actions, {"STRATEGY_WRONG_MARKER"}, "STRATEGY_WRONG_MARKER", ["Retard 1", "« aucun »", "R1"]
    )


def test_wrong_days():
    w = world(SCENARIO, MINT)
    wanted = w.expected.strategy.levels[2].days
    actions = reference(w)
    _level(actions, "Retard 3")["days"] = wanted + 5
    g = assert_mistakes(
        w, actions, {"STRATEGY_WRONG_DAYS"}, "STRATEGY_WRONG_DAYS", ["Retard 3", f"au lieu de {wanted}"]
    )
    assert "trop tard" in g["mistakes"][0]["message"]


def test_the_sales_warning_not_ticked():
    w = world(SCENARIO, MINT)
    actions = reference(w)
    _level(actions, "Retard 3")["actions"] = ["email", "letter"]
    assert_mistakes(
        w,
        actions,
        {"STRATEGY_WRONG_ACTIONS"},
        "STRATEGY_WRONG_ACTIONS",
        ["Retard 3", "ajouter un avertissement sur les ventes"],
    )


def test_an_action_too_many():
    w = world(SCENARIO, ODOO)
    actions = reference(w)
    _level(actions, "Niveau 0 : 15 jours net")["actions"] = ["email", "phone"]
    assert_mistakes(w, actions, {"STRATEGY_WRONG_ACTIONS"}, "STRATEGY_WRONG_ACTIONS", ["appel téléphonique"])


def test_a_template_without_the_amount_due():
    w = world(SCENARIO, MINT)
    actions = reference(w)
    level = _level(actions, "Retard 2")
    level["template"] = level["template"].replace("%(amount_due)s", "la somme")
    assert_mistakes(
        w,
        actions,
        {"STRATEGY_TEMPLATE_INCOMPLETE"},
        "STRATEGY_TEMPLATE_INCOMPLETE",
        ["Retard 2", "%(amount_due)s"],
    )


def test_a_template_with_an_unknown_placeholder_is_refused_by_replay():
    w = world(SCENARIO, MINT)
    actions = reference(w)
    _level(actions, "Retard 1")["template"] = "Bonjour %(client)s,"
    g = graded(w, actions)
    assert [p["code"] for p in g["problems"]] == ["level_template_invalid"]
    assert g["problems"][0]["message"].startswith("Modèle, ligne 1 : variable inconnue %(client)s")
    assert "STRATEGY_LEVEL_MISSING" in {m["code"] for m in g["mistakes"]}
