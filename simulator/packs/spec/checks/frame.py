"""What frames a scenario: its id is its file's name, its procedure steps are pack.yaml's, its rubric names
known criteria once each and includes the one every mistake falls back to, its strategy is sound."""

from __future__ import annotations

import difflib

from simulator.packs.spec.checks.context import ScenarioContext
from simulator.packs.spec.criteria import CRITERIA
from simulator.packs.spec.strategy import strategy_problems

#: the rubric criterion every pack must have (grading falls back to it)
BOOKS_CLEAN = "books_clean"


def check_id(ctx: ScenarioContext) -> None:
    scenario_id = ctx.scenario.id
    if scenario_id != ctx.stem:
        ctx.error(
            ("id",),
            f"l'identifiant « {scenario_id} » doit être le nom du fichier sans .yaml (« {ctx.stem} »)",
        )


def check_procedure(ctx: ScenarioContext) -> None:
    """Each step of the scenario's procedure is declared in pack.yaml (not checked when pack.yaml is
    invalid)."""
    if ctx.steps is None:
        return
    for i, step in enumerate(ctx.scenario.procedure):
        if step not in ctx.steps:
            known = ", ".join(ctx.steps) or "aucune"
            ctx.error(
                ("procedure", i), f"étape de procédure « {step} » absente de pack.yaml (étapes : {known})"
            )


def check_rubric(ctx: ScenarioContext) -> None:
    rubric = ctx.scenario.rubric
    if not rubric:
        ctx.error(("rubric",), "le barème (rubric) est vide : au moins un critère")
    seen: set[str] = set()
    for i, item in enumerate(rubric):
        if item.criterion not in CRITERIA:
            close = difflib.get_close_matches(item.criterion, list(CRITERIA), n=1)
            hint = (
                f" (vouliez-vous dire « {close[0]} » ?)" if close else f" ; critères : {', '.join(CRITERIA)}"
            )
            ctx.error(("rubric", i, "criterion"), f"critère « {item.criterion} » inconnu{hint}")
        elif item.criterion in seen:
            ctx.error(("rubric", i, "criterion"), f"critère « {item.criterion} » déjà dans le barème")
        seen.add(item.criterion)
    if rubric and BOOKS_CLEAN not in seen:
        # the criterion every mistake falls back to when the rubric lacks its own: harm is never free
        ctx.error(
            ("rubric",),
            f"le barème doit comprendre le critère « {BOOKS_CLEAN} » (écritures en trop, soldes différents "
            "de l'attendu) : c'est lui que perd une erreur dont le critère n'est pas au barème",
        )


def check_strategy(ctx: ScenarioContext) -> None:
    """The reminder strategy the scenario starts with and the one it asks the student to configure."""
    for loc, message in strategy_problems(ctx.scenario):
        ctx.error(loc, message)
