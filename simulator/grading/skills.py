"""Skills and mastery: each procedure step of a pack is a skill, and a student's mastery of it is read from
their graded attempts.

The rule (stated for students in docs/students.md):

- an attempt *practises* a step when the step is in its scenario's procedure, or when one of its grade's
  mistakes points to that step;
- each attempt that practises a step gives it one observation: 1 when the grade has no mistake pointing to
  the step, 0 when it has one or more;
- the mastery is the weighted mean of the observations of the last :data:`WINDOW` attempts that practised the
  step, the most recent weighing 1, the one before :data:`DECAY`, then ``DECAY²``… (exponential decay by
  rank), shown as a percentage;
- the trend is the mastery minus what it was before the latest observation.

So a step practised without its mistakes rises, a repeated mistake keeps it low, and an old mistake fades
as new attempts come. Nothing is stored: the function reads the stored grades, and a regrade changes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

#: weight of an observation relative to the next more recent one
DECAY = Decimal("0.6")
#: observations considered per skill (older ones weigh less than 1 % of the latest)
WINDOW = 10
#: points of a skill's mastery curve kept (the chart of « Mes progrès »)
CURVE = 30
#: mastery (percent) from which a skill counts as acquired, and under which it is to work on
ACQUIRED = Decimal("80")
TO_WORK = Decimal("50")

LEVELS = {
    "new": "Pas encore pratiquée",
    "weak": "À travailler",
    "progress": "En cours",
    "acquired": "Acquise",
}


@dataclass(frozen=True, slots=True)
class GradedAttempt:
    """One handed-in attempt as the skills need it: which steps its scenario practises and which mistakes
    its stored grade lists (code, step), in the grade's order. ``when`` orders the history (ISO time)."""

    attempt_id: int
    pack: str
    scenario: str
    seed: int
    when: str
    steps: tuple[str, ...]
    mistakes: tuple[tuple[str, str], ...]
    score: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    attempt_id: int
    when: str
    success: bool
    codes: tuple[str, ...]  # the mistake codes of the step in that attempt


@dataclass(frozen=True, slots=True)
class Skill:
    """A procedure step of a pack, and what the history says of it."""

    pack: str
    step: str
    title: str
    observations: tuple[Observation, ...] = ()  # the last ones (CURVE + WINDOW - 1 at most), oldest first
    mastery: Decimal | None = None  # percent, one decimal; None when never practised
    previous: Decimal | None = None  # the mastery before the latest observation
    #: the mastery after each of the last :data:`CURVE` observations, oldest first
    history: tuple[Decimal, ...] = field(default=())
    practised: int = 0  # attempts that practised it, all of them

    @property
    def key(self) -> tuple[str, str]:
        return self.pack, self.step

    @property
    def level(self) -> str:
        if self.mastery is None:
            return "new"
        if self.mastery >= ACQUIRED:
            return "acquired"
        return "weak" if self.mastery < TO_WORK else "progress"

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def trend(self) -> Decimal:
        if self.mastery is None or self.previous is None:
            return Decimal(0)
        return self.mastery - self.previous

    def recent_codes(self, last: int = 3) -> dict[str, int]:
        """In how many of its last ``last`` observations each mistake code of the step came up."""
        counts: dict[str, int] = {}
        for observation in self.observations[-last:]:
            for code in dict.fromkeys(observation.codes):
                counts[code] = counts.get(code, 0) + 1
        return counts


def weighted_mastery(outcomes: Sequence[bool]) -> Decimal | None:
    """The mastery (percent, one decimal) of a list of observations, oldest first; None for none."""
    recent = list(outcomes)[-WINDOW:]
    if not recent:
        return None
    total = weights = Decimal(0)
    weight = Decimal(1)
    for success in reversed(recent):
        total += weight if success else 0
        weights += weight
        weight *= DECAY
    return (total * 100 / weights).quantize(Decimal("0.1"), ROUND_HALF_UP)


def skills(
    history: Iterable[GradedAttempt], steps: Mapping[tuple[str, str], str]
) -> dict[tuple[str, str], Skill]:
    """Every skill of ``steps`` ((pack, step) -> French title, in the packs' order) with its mastery from
    ``history`` (any order: sorted by ``when`` then attempt id). A mistake pointing to a step that is not in
    ``steps`` still makes a skill (titled by its id)."""
    # newest first: only the last observations of a skill count (its curve, and the window of its first point)
    ordered = sorted(history, key=lambda a: (a.when, a.attempt_id), reverse=True)
    keep = CURVE + WINDOW - 1
    observed: dict[tuple[str, str], list[Observation]] = {}
    counts: dict[tuple[str, str], int] = {}
    for attempt in ordered:
        codes_by_step: dict[str, list[str]] = {}
        for code, step in attempt.mistakes:
            codes_by_step.setdefault(step, []).append(code)
        for step in dict.fromkeys([*attempt.steps, *codes_by_step]):
            key = (attempt.pack, step)
            counts[key] = counts.get(key, 0) + 1
            kept = observed.setdefault(key, [])
            if len(kept) < keep:
                codes = tuple(codes_by_step.get(step, ()))
                kept.append(Observation(attempt.attempt_id, attempt.when, not codes, codes))
    for kept in observed.values():
        kept.reverse()
    result: dict[tuple[str, str], Skill] = {}
    for key in [*steps, *(k for k in observed if k not in steps)]:
        observations = tuple(observed.get(key, ()))
        outcomes = [o.success for o in observations]
        first = max(0, len(outcomes) - CURVE)
        trajectory = tuple(
            weighted_mastery(outcomes[max(0, i + 1 - WINDOW) : i + 1]) for i in range(first, len(outcomes))
        )
        result[key] = Skill(
            key[0],
            key[1],
            steps.get(key, key[1]),
            observations,
            trajectory[-1] if trajectory else None,
            trajectory[-2] if len(trajectory) > 1 else None,
            trajectory,  # type: ignore[arg-type]
            counts.get(key, 0),
        )
    return result


def weakest(all_skills: Iterable[Skill], count: int = 3) -> list[Skill]:
    """The practised skills not yet acquired, weakest first (lowest mastery, then most observations with a
    mistake, then the packs' order)."""
    candidates = [(i, s) for i, s in enumerate(all_skills) if s.mastery is not None and s.mastery < ACQUIRED]
    candidates.sort(
        key=lambda item: (item[1].mastery, -sum(not o.success for o in item[1].observations), item[0])
    )
    return [s for _, s in candidates[:count]]


def recurring_mistakes(history: Iterable[GradedAttempt]) -> list[tuple[str, str, int, int]]:
    """The mistakes that came back: (code, step, number of attempts with it, attempt id of its latest), for
    every code found in two attempts or more, the most frequent first."""
    seen: dict[str, list[int]] = {}
    steps: dict[str, str] = {}
    for attempt in sorted(history, key=lambda a: (a.when, a.attempt_id)):
        for code, step in dict.fromkeys(attempt.mistakes):
            if attempt.attempt_id not in seen.setdefault(code, []):
                seen[code].append(attempt.attempt_id)
            steps[code] = step
    rows = [(code, steps[code], len(ids), ids[-1]) for code, ids in seen.items() if len(ids) > 1]
    rows.sort(key=lambda row: (-row[2], -row[3], row[0]))
    return rows
