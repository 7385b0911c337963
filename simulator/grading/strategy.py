"""Configuring a follow-up strategy (« Configurer une stratégie »): the follow-up levels the student configured
(``books.levels``) against the strategy the brief asked for (``world.expected.strategy``).

Each level asked for is paired with one of the student's: same name (case, accents and spacing ignored),
else same days, else same marker. A level asked for and not paired is missing (its actions and its letter
are missing too); a level of the student's left over is extra. For a pair: the name, the marker (when the
guide gives one), the days and the actions are compared exactly, and the template must use every
placeholder asked for."""

from __future__ import annotations

from collections.abc import Callable

from simulator.ledger.model import FollowupLevel
from simulator.ledger.strategy import name_key
from simulator.packs.spec.letter_template import PLACEHOLDERS
from simulator.packs.world.model import TargetLevel
from simulator.packs.world.strategy import ACTION_LABELS

from .context import Context, Mistake

Rule = Callable[[TargetLevel, FollowupLevel], bool]
RULES: tuple[Rule, ...] = (
    lambda t, lvl: name_key(t.name) == name_key(lvl.name),
    lambda t, lvl: t.days == lvl.days,
    lambda t, lvl: bool(t.marker) and name_key(t.marker) == name_key(lvl.marker),
)


def _actions(actions: tuple[str, ...]) -> list[str]:
    return [ACTION_LABELS[a].lower() for a in actions] or ["aucune action"]


def _placeholders(names: list[str]) -> list[str]:
    return [f"%({n})s ({PLACEHOLDERS[n]})" for n in names]


def pair_levels(
    wanted: tuple[TargetLevel, ...], levels: tuple[FollowupLevel, ...]
) -> tuple[list[tuple[TargetLevel, FollowupLevel]], list[TargetLevel], list[FollowupLevel]]:
    """(pairs, levels asked for and missing, the student's extra levels)."""
    pairs: list[tuple[TargetLevel, FollowupLevel]] = []
    todo, free = list(wanted), list(levels)
    for rule in RULES:
        for target in list(todo):
            found = next((lvl for lvl in free if rule(target, lvl)), None)
            if found is not None:
                pairs.append((target, found))
                todo.remove(target)
                free.remove(found)
    pairs.sort(key=lambda pair: wanted.index(pair[0]))
    return pairs, todo, free


def check_strategy(ctx: Context) -> list[Mistake]:
    target = ctx.world.expected.strategy
    if target is None:
        return []
    pairs, missing, extra = pair_levels(target.levels, tuple(ctx.books.levels))
    found: list[Mistake] = []
    for wanted in missing:
        params = {"name": wanted.name, "days": wanted.days, "expected_actions": _actions(wanted.actions)}
        found.append(Mistake("STRATEGY_LEVEL_MISSING", params, wanted.name))
        found.append(
            Mistake(
                "STRATEGY_WRONG_ACTIONS", {**params, "actions": ["aucune (le niveau manque)"]}, wanted.name
            )
        )
        if wanted.placeholders:
            absent = {"name": wanted.name, "placeholders": _placeholders(list(wanted.placeholders))}
            found.append(Mistake("STRATEGY_TEMPLATE_INCOMPLETE", absent, wanted.name))
    for wanted, level in pairs:
        found += compare_level(wanted, level)
    found += [
        Mistake("STRATEGY_EXTRA_LEVEL", {"name": lvl.name, "days": lvl.days, "level": lvl.level}, lvl.name)
        for lvl in extra
    ]
    return found


def compare_level(wanted: TargetLevel, level: FollowupLevel) -> list[Mistake]:
    """The mistakes of one of the student's levels paired with a level asked for."""
    found = []
    key = wanted.name
    if name_key(wanted.name) != name_key(level.name):
        params = {"name": level.name, "expected_name": wanted.name, "days": level.days}
        found.append(Mistake("STRATEGY_WRONG_NAME", params, key))
    if wanted.marker and name_key(wanted.marker) != name_key(level.marker):
        params = {"name": wanted.name, "marker": level.marker or "aucun", "expected_marker": wanted.marker}
        found.append(Mistake("STRATEGY_WRONG_MARKER", params, key))
    if wanted.days != level.days:
        params = {
            "name": wanted.name,
            "days": level.days,
            "expected_days": wanted.days,
            "timing": "trop tôt" if level.days < wanted.days else "trop tard",
        }
        found.append(Mistake("STRATEGY_WRONG_DAYS", params, key))
    if set(wanted.actions) != set(level.actions):
        params = {
            "name": wanted.name,
            "actions": _actions(level.actions),
            "expected_actions": _actions(wanted.actions),
        }
        found.append(Mistake("STRATEGY_WRONG_ACTIONS", params, key))
    absent = [p for p in wanted.placeholders if f"%({p})s" not in level.template]
    if absent:
        found.append(
            Mistake(
                "STRATEGY_TEMPLATE_INCOMPLETE",
                {"name": wanted.name, "placeholders": _placeholders(absent)},
                key,
            )
        )
    return found
