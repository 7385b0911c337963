"""Cross-checks of pack.yaml beyond its schema (its reminder plan and letters, its procedure steps, its
settings), and of a reminder plan wherever it is declared."""

from __future__ import annotations

from simulator.packs.spec.letter_template import template_problems
from simulator.packs.spec.schema import FollowupLevelSpec, PackSpec
from simulator.packs.spec.yamlsource import PackError, Source


def check_levels(levels: list[FollowupLevelSpec], source: Source, growth: bool = True) -> None:
    """A reminder plan: pack.yaml's, or a scenario's own ``followup_levels`` (whose growth
    strategy.strategy_problems checks already: ``growth=False``)."""
    previous = None
    for i, level in enumerate(levels):
        if growth and previous is not None and (level.level <= previous.level or level.days <= previous.days):
            source.error(("followup_levels", i), "les niveaux de relance doivent croître (numéro et jours)")
        previous = level
        if level.letter is None:
            continue
        loc = ("followup_levels", i, "letter")
        if set(level.actions) == {"litigation"}:
            source.error(
                loc,
                f"le niveau {level.level} ne prévoit pas de lettre (actions : litigation) : retirez letter",
            )
        for number, message in template_problems(level.letter):
            source.errors.append(
                PackError(
                    source.name, source.text_line(loc, number), f"lettre du niveau {level.level} : {message}"
                )
            )


def check_pack_spec(spec: PackSpec, source: Source) -> None:
    """pack.yaml beyond its schema: its reminder plan, unique procedure steps, a tolerance not negative."""
    check_levels(spec.followup_levels, source)
    steps: set[str] = set()
    for i, step in enumerate(spec.procedure):
        if step.id in steps:
            source.error(("procedure", i, "id"), f"étape « {step.id} » déjà déclarée")
        steps.add(step.id)
    if spec.settings.rounding_tolerance < 0:
        source.error(("settings", "rounding_tolerance"), "la tolérance d'écart doit être positive ou nulle")
