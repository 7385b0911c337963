"""What a student can start: the scenarios of the built-in packs, with what each trains and how long it
takes, and the procedure steps of a pack."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from simulator.packs.play.solve import solve
from simulator.packs.world.draw import ScenarioPremiseError
from simulator.packs.world.generate import generate

from .grading import grader_for

#: The first pack of the catalogue, and the one a pack id defaults to.
DEFAULT_PACK = "procedure-11"
#: The built-in packs the catalogue shows, in order (scenarios/<id>/).
CATALOGUE_PACKS = (DEFAULT_PACK, "relances", "lettrage")
#: Reading the brief and the statement, then a couple of minutes per action of the reference solution.
READING_MINUTES = 3
MINUTES_PER_ACTION = 2


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class PackGroup:
    """One pack of the catalogue: its title and its scenarios."""

    id: str
    title: str
    description: str
    scenarios: tuple[ScenarioCard, ...]


@dataclass(frozen=True, slots=True)
class ScenarioCard:
    pack: str
    id: str
    title: str
    trains: tuple[Step, ...]  # the procedure steps the scenario practises, in the pack's order
    minutes: int  # estimated time, derived from the size of the reference solution


def procedure(pack_id: str = DEFAULT_PACK) -> tuple[Step, ...]:
    """The pack's procedure steps; their ids are the anchors of the procedure page (``#etape-<id>``)."""
    return tuple(Step(s.id, s.title, s.summary.strip()) for s in grader_for(pack_id).pack.spec.procedure)


@lru_cache(maxsize=8)
def scenarios(pack_id: str = DEFAULT_PACK) -> tuple[ScenarioCard, ...]:
    """The catalogue of a pack, in the pack's order."""
    pack = grader_for(pack_id).pack
    steps = {step.id: step for step in procedure(pack_id)}
    cards = []
    for scenario_id, spec in pack.scenarios.items():
        cards.append(
            ScenarioCard(
                pack.id,
                scenario_id,
                spec.title,
                tuple(steps[s] for s in spec.procedure if s in steps),
                _estimated_minutes(pack_id, scenario_id),
            )
        )
    return tuple(cards)


def groups() -> tuple[PackGroup, ...]:
    """The catalogue, grouped by pack."""
    packs = [grader_for(pack_id).pack for pack_id in CATALOGUE_PACKS]
    return tuple(PackGroup(p.id, p.spec.title, p.spec.description.strip(), scenarios(p.id)) for p in packs)


def scenario(pack_id: str, scenario_id: str) -> ScenarioCard | None:
    """A card of the catalogue, or None: only the catalogue's packs can be started (never a path)."""
    if pack_id not in CATALOGUE_PACKS:
        return None
    return next((c for c in scenarios(pack_id) if c.id == scenario_id), None)


def _estimated_minutes(pack_id: str, scenario_id: str) -> int:
    """Rounded up to 5 minutes; the pack schema has no duration field, so it is derived from the reference
    solution of a typical seed."""
    pack = grader_for(pack_id).pack
    for seed in range(1, 20):
        try:
            actions = solve(generate(pack, scenario_id, seed))
        except ScenarioPremiseError:
            continue
        minutes = READING_MINUTES + MINUTES_PER_ACTION * len(actions)
        return max(5, 5 * math.ceil(minutes / 5))
    return 15
