"""« S'entraîner sur mes points faibles »: from a student's weakest skills, a scenario and a variant (seed)
whose traps train them, and one French line saying why.

The search is deterministic: the same pack and history give the same proposal in any process. It reads:

1. the weakest skills of the pack (:func:`simulator.grading.skills.weakest`) and the mistake codes each
   had in its last three observations, the most frequent first;
2. the trap kinds that provoke those codes (:data:`simulator.grading.traps.KINDS`);
3. the scenarios whose procedure has the skill's step and whose first variants show such a trap (the
   scenario where the student made the mistake first), then seeds from a start derived from the history,
   skipping the variants already played: the first world with a trap of the wanted kinds wins (within
   :data:`SEARCH` draws per scenario; a world is drawn in a few milliseconds).

A weak skill whose mistakes no trap provokes (an e-mail without signature…) gets a new variant of a
scenario that practises it; a student with nothing weak gets a step not yet practised, or nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from simulator.packs.spec.loader import Pack
from simulator.packs.world.model import World

from .batch import AttemptError, Grader
from .catalogue import MISTAKES
from .grades import Grade
from .skills import GradedAttempt, Skill, skills, weakest
from .traps import KINDS, Trap, traps

#: worlds drawn at most for one proposal
SEARCH = 8
#: seeds of each scenario surveyed once (deterministically) to know which traps it can draw
SURVEY = 6
SEED_RANGE = 1_000_000

NUMBERS = {1: "une", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit"}
COUNT_WORDS = {1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit"}


@dataclass(frozen=True, slots=True)
class Proposal:
    pack: str
    scenario: str
    seed: int
    reason: str  # one French sentence
    skills: tuple[str, ...]  # the procedure steps it trains
    traps: tuple[Trap, ...]  # the world's traps of the kinds wanted


def pack_steps(pack: Pack) -> dict[tuple[str, str], str]:
    """The skills of a pack: (pack id, step id) -> French title, in the guide's order."""
    return {(pack.id, step.id): step.title for step in pack.spec.procedure}


@lru_cache(maxsize=256)
def practised_steps(grader: Grader, scenario: str) -> tuple[str, ...]:
    """The steps an attempt of ``scenario`` practises: its procedure, and the steps of the mistakes its
    traps provoke (a scenario of reminders whose company has a customer who paid trains « Consulter le
    relevé » too: avoiding the trap is a success there)."""
    pack = grader.pack
    if scenario not in pack.scenarios:
        return ()
    steps = list(pack.scenario(scenario).procedure)
    for kind in sorted(_kinds_drawn(grader, scenario)):
        steps += [MISTAKES[code].procedure for code in KINDS[kind].codes if code in MISTAKES]
    return tuple(dict.fromkeys(steps))


def scenarios_training(grader: Grader, steps: Sequence[str], codes: Iterable[str] = ()) -> list[str]:
    """The scenarios, in the pack's order, that practise one of ``steps``; among them, when some draw traps
    provoking one of ``codes``, only those."""
    practising = [s for s in grader.pack.scenario_ids if set(practised_steps(grader, s)) & set(steps)]
    kinds = {k.id for k in KINDS.values() if set(k.codes) & set(codes)}
    trapped = [s for s in practising if _kinds_drawn(grader, s) & kinds]
    return trapped or practising


def graded_attempt(
    grader: Grader, attempt_id: int, scenario: str, seed: int, when: str, grade: Grade | dict | str
) -> GradedAttempt:
    """A grade (the grader's, its dict, or its stored JSON text) read for the skills: its mistakes (code, step) and the steps
    its scenario practises."""
    mistakes, score = _read_grade(attempt_id, grade) if isinstance(grade, str) else _mistakes_and_score(grade)
    return GradedAttempt(
        attempt_id,
        grader.pack.id,
        scenario,
        int(seed),
        when,
        practised_steps(grader, scenario),
        mistakes,
        score,
    )


#: stored grades read so far: (attempt id, hash of the JSON text) -> (mistakes, score). A student's history is
#: read again at each proposal; a regrade stores another text, hence another entry.
_READ: dict[tuple[int, int], tuple[tuple[tuple[str, str], ...], Decimal | None]] = {}
_READ_LIMIT = 100_000


def _read_grade(attempt_id: int, text: str) -> tuple[tuple[tuple[str, str], ...], Decimal | None]:
    key = (attempt_id, hash(text))
    found = _READ.get(key)
    if found is None:
        if len(_READ) >= _READ_LIMIT:
            _READ.clear()
        found = _READ[key] = _mistakes_and_score(json.loads(text))
    return found


def _mistakes_and_score(grade: dict | Grade) -> tuple[tuple[tuple[str, str], ...], Decimal | None]:
    if isinstance(grade, Grade):
        pairs = [(m.code, m.procedure) for m in grade.mistakes]
        score: Any = grade.score
    else:
        pairs = [(m["code"], m.get("procedure", "")) for m in grade.get("mistakes", ())]
        score = grade.get("score")
    mistakes = (
        (code, step or (MISTAKES[code].procedure if code in MISTAKES else "")) for code, step in pairs
    )
    return tuple((c, step) for c, step in mistakes if step), None if score is None else Decimal(str(score))


def propose(
    grader: Grader, history: Sequence[GradedAttempt], extra: int = 0, scenarios: Sequence[str] | None = None
) -> Proposal | None:
    """The next variant to practise for a student whose graded attempts of ``grader``'s pack are
    ``history`` (any order); ``extra`` moves the search on (« Une autre proposition »); ``scenarios``
    restricts the choice (an assignment's). None when there is nothing to build on (no graded attempt)."""
    pack = grader.pack
    allowed = tuple(scenarios) if scenarios is not None else pack.scenario_ids
    history = [a for a in history if a.pack == pack.id]
    if not history:
        return None
    state = skills(history, pack_steps(pack))
    mine = [s for s in state.values() if s.pack == pack.id]
    start = _start(history, extra)
    played = {(a.scenario, a.seed) for a in history}
    for skill in weakest(mine, count=3):
        proposal = _for_skill(grader, skill, history, start, played, allowed)
        if proposal is not None:
            return proposal
    fresh = next((s for s in mine if s.mastery is None and _scenarios_for(pack, s.step, allowed)), None)
    if fresh is not None:
        scenario = _scenarios_for(pack, fresh.step, allowed)[0]
        seed = _first_valid(grader, scenario, start, played)
        reason = f"Vous n'avez pas encore pratiqué « {fresh.title} » : ce scénario la fait travailler."
        return Proposal(pack.id, scenario, seed, reason, (fresh.step,), ())
    lowest = min((s for s in mine if s.mastery is not None), key=lambda s: (s.mastery, s.step), default=None)
    if lowest is None:
        return None
    return _plain(grader, lowest, history, start, played, allowed)


def _start(history: Iterable[GradedAttempt], extra: int) -> int:
    digest = hashlib.sha256(
        ";".join(
            f"{a.attempt_id}:{a.scenario}:{a.seed}" for a in sorted(history, key=lambda a: a.attempt_id)
        ).encode()
    )
    digest.update(str(extra).encode())
    return int(digest.hexdigest()[:12], 16) % SEED_RANGE + 1


def _scenarios_for(pack: Pack, step: str, allowed: Sequence[str]) -> list[str]:
    return [s for s in pack.scenario_ids if s in allowed and step in pack.scenario(s).procedure]


def _first_valid(grader: Grader, scenario: str, start: int, played: set[tuple[str, int]]) -> int:
    for offset in range(200):
        seed = (start + offset - 1) % SEED_RANGE + 1
        if (scenario, seed) not in played and _world(grader, scenario, seed) is not None:
            return seed
    raise RuntimeError(f"no valid seed for {scenario}")  # pragma: no cover


def _world(grader: Grader, scenario: str, seed: int) -> World | None:
    try:
        return grader.world(scenario, seed)
    except AttemptError:
        return None


@lru_cache(maxsize=4096)
def _traps_of(grader: Grader, scenario: str, seed: int) -> tuple[Trap, ...]:
    try:
        prepared = grader._prepared(scenario, seed)  # the world with its expected outcome, cached
    except AttemptError:
        return ()
    return traps(prepared.world, prepared.outcome)


@lru_cache(maxsize=256)
def _kinds_drawn(grader: Grader, scenario: str) -> frozenset[str]:
    """The trap kinds the first :data:`SURVEY` variants of a scenario show (the same in every process)."""
    return frozenset(t.kind for seed in range(1, SURVEY + 1) for t in _traps_of(grader, scenario, seed))


def _wanted(skill: Skill) -> list[tuple[str, int]]:
    """The mistake codes of the skill's recent observations, the most frequent first."""
    counts = skill.recent_codes(last=3)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _for_skill(
    grader: Grader,
    skill: Skill,
    history: Sequence[GradedAttempt],
    start: int,
    played: set[tuple[str, int]],
    allowed: Sequence[str],
) -> Proposal | None:
    pack = grader.pack
    ordered = sorted(history, key=lambda a: (a.when, a.attempt_id), reverse=True)  # newest first
    for code, times in _wanted(skill):
        kinds = {k.id for k in KINDS.values() if code in k.codes}
        if not kinds:
            continue
        made = [a for a in ordered if code in dict(a.mistakes)]
        # the traps this student fell into: those of the worlds where the mistake was made
        fallen = {t.kind for a in made[:3] for t in _traps_of(grader, a.scenario, a.seed)} & kinds
        kinds = fallen or kinds
        scenarios = list(
            dict.fromkeys([*(a.scenario for a in made), *_scenarios_for(pack, skill.step, allowed), *allowed])
        )
        best = _search(
            grader, [s for s in scenarios if s in allowed and s in pack.scenarios], kinds, start, played
        )
        if best is not None:
            scenario, seed, found = best
            return Proposal(pack.id, scenario, seed, _reason(code, times, found), (skill.step,), found)
    return _plain(grader, skill, history, start, played, allowed)


def _search(
    grader: Grader, scenarios: Sequence[str], kinds: set[str], start: int, played: set[tuple[str, int]]
) -> tuple[str, int, tuple[Trap, ...]] | None:
    """The first scenario (in order) whose variants draw one of ``kinds``, and the first of its next
    :data:`SEARCH` unplayed seeds from ``start`` whose world has such a trap."""
    for scenario in scenarios:
        if not _kinds_drawn(grader, scenario) & kinds:
            continue
        for offset in range(SEARCH):
            seed = (start + offset - 1) % SEED_RANGE + 1
            if (scenario, seed) in played:
                continue
            found = tuple(t for t in _traps_of(grader, scenario, seed) if t.kind in kinds)
            if found:
                return scenario, seed, found
    return None


def _plain(
    grader: Grader,
    skill: Skill,
    history: Sequence[GradedAttempt],
    start: int,
    played: set[tuple[str, int]],
    allowed: Sequence[str],
) -> Proposal | None:
    scenarios = _scenarios_for(grader.pack, skill.step, allowed) or [
        s for s in allowed if skill.step in practised_steps(grader, s)
    ]
    if not scenarios:
        return None
    recent = [a.scenario for a in history if a.scenario in scenarios]
    scenario = recent[-1] if recent else scenarios[0]
    seed = _first_valid(grader, scenario, start, played)
    mastery = f"{skill.mastery:.0f}".replace(".", ",") if skill.mastery is not None else "0"
    reason = (
        f"Votre maîtrise de « {skill.title} » est de {mastery} % : cette nouvelle société la fait travailler."
    )
    return Proposal(grader.pack.id, scenario, seed, reason, (skill.step,), ())


def _times(n: int) -> str:
    return "une fois" if n == 1 else f"{NUMBERS.get(n, str(n))} fois"


def _reason(code: str, times: int, found: Sequence[Trap]) -> str:
    """« Vous avez fait deux fois l'erreur « Mauvais client » : cette société a trois règlements du même
    montant qu'une facture d'un autre client. »"""
    kind = KINDS[found[0].kind]
    same = sum(1 for t in found if t.kind == kind.id)
    what = kind.one if same == 1 else f"{COUNT_WORDS.get(same, str(same))} {kind.many}"
    title = MISTAKES[code].title if code in MISTAKES else code
    return f"Vous avez fait {_times(times)} l'erreur « {title} » : cette société a {what}."
