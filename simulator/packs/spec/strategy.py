"""What a scenario's strategy must satisfy beyond the schema (growing levels, unique names and markers,
letter placeholders), and the follow-up levels as the books hold them."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.ledger.model import FollowupLevel
from simulator.ledger.strategy import name_key
from simulator.packs.spec.letter_template import PLACEHOLDERS
from simulator.packs.spec.schema import FollowupLevelSpec, OffsetRange, ScenarioSpec


def levels_of(specs: Sequence[FollowupLevelSpec]) -> tuple[FollowupLevel, ...]:
    """The follow-up levels a scenario starts with, as the books hold them."""
    return tuple(
        FollowupLevel(lv.level, lv.days, lv.name, tuple(lv.actions), lv.marker, lv.letter or "")
        for lv in specs
    )


#: the criteria only a scenario with ``expected.strategy`` can grade
STRATEGY_CRITERIA = ("strategy_levels", "strategy_actions", "strategy_templates")


def strategy_problems(scenario: ScenarioSpec) -> list[tuple[tuple, str]]:
    """(location in the scenario file, French message) for what the schema cannot see: the starting
    levels and each variant's levels must grow in days, names and markers be unique, a template ask only
    for letter placeholders."""
    found: list[tuple[tuple, str]] = []
    previous = None
    for i, level in enumerate(scenario.followup_levels or ()):
        if level.days < 1:
            found.append(
                (
                    ("followup_levels", i, "days"),
                    "un niveau de relance est atteint au moins 1 jour après l'échéance",
                )
            )
        if previous is not None and (level.level <= previous.level or level.days <= previous.days):
            found.append((("followup_levels", i), "les niveaux de relance doivent croître (numéro et jours)"))
        previous = level
    strategy = scenario.expected.strategy
    if strategy is None:
        for i, item in enumerate(scenario.rubric):
            if item.criterion in STRATEGY_CRITERIA:
                found.append(
                    (("rubric", i, "criterion"), f"le critère « {item.criterion} » demande expected.strategy")
                )
        return found
    for v, variant in enumerate(strategy.variants):
        names: set[str] = set()
        markers: set[str] = set()
        last_max = 0
        for i, level in enumerate(variant.levels):
            loc = ("expected", "strategy", "variants", v, "levels", i)
            low, high = (
                (level.days.min, level.days.max) if isinstance(level.days, OffsetRange) else (level.days,) * 2
            )
            if low < 1:
                found.append(
                    (loc + ("days",), "un niveau de relance est atteint au moins 1 jour après l'échéance")
                )
            if low <= last_max:
                found.append(
                    (
                        loc + ("days",),
                        "les jours doivent croître d'un niveau à l'autre, quelle que soit la graine",
                    )
                )
            last_max = high
            key = name_key(level.name)
            if key in names:
                found.append((loc + ("name",), f"deux niveaux s'appellent « {level.name} »"))
            names.add(key)
            if level.marker.strip():
                if name_key(level.marker) in markers:
                    found.append((loc + ("marker",), f"deux niveaux ont le marqueur « {level.marker} »"))
                markers.add(name_key(level.marker))
            if len(set(level.actions)) != len(level.actions):
                found.append((loc + ("actions",), "une action est citée deux fois"))
            for j, name in enumerate(level.template):
                if name not in PLACEHOLDERS:
                    known = ", ".join(PLACEHOLDERS)
                    found.append(
                        (
                            loc + ("template", j),
                            f"variable de lettre inconnue « {name} » (variables : {known})",
                        )
                    )
    return found
