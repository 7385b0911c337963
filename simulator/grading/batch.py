"""Batch grading: read attempts (JSON object, JSON array or JSON Lines), check their shape, replay and
grade them. Used by ``simulator grade`` and by ``POST /api/grade``; no web framework here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from simulator.packs.generate import ScenarioPremiseError, generate
from simulator.packs.loader import Pack
from simulator.packs.replay import replay
from simulator.packs.world import World

from .engine import grade

#: Largest attempt accepted (actions); a real attempt has a few dozen.
MAX_ACTIONS = 2000
MAX_SEED = 2**63 - 1
#: Optional ``signatories`` of an attempt: names accepted as an e-mail signature beside the world's.
MAX_SIGNATORIES = 5


class AttemptError(ValueError):
    """An attempt that cannot be graded; ``reasons`` are French sentences."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ; ".join(reasons))


def check_attempt(attempt: Any, pack: Pack) -> tuple[str, int, list]:
    """The (scenario, seed, actions) of a well-formed attempt for ``pack``, or AttemptError."""
    if not isinstance(attempt, dict):
        raise AttemptError(["une tentative est un objet JSON {pack, scenario, seed, actions}."])
    reasons = []
    if attempt.get("pack") != pack.id:
        reasons.append(f"le champ « pack » vaut {attempt.get('pack')!r} au lieu de « {pack.id} ».")
    scenario = attempt.get("scenario")
    if not isinstance(scenario, str) or scenario not in pack.scenarios:
        reasons.append(f"scénario inconnu {scenario!r} (scénarios : {', '.join(pack.scenario_ids)}).")
    seed = attempt.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        reasons.append("le champ « seed » doit être un entier positif.")
    actions = attempt.get("actions")
    if not isinstance(actions, list):
        reasons.append("le champ « actions » doit être une liste.")
    elif len(actions) > MAX_ACTIONS:
        reasons.append(f"trop d'actions ({len(actions)}, maximum {MAX_ACTIONS}).")
    signatories = attempt.get("signatories", [])
    if (
        not isinstance(signatories, list)
        or len(signatories) > MAX_SIGNATORIES
        or not all(isinstance(n, str) and 0 < len(n) <= 200 for n in signatories)
    ):
        reasons.append(
            f"le champ « signatories » doit être une liste d'au plus {MAX_SIGNATORIES} noms (par exemple "
            '["Léa Martin"]).'
        )
    if reasons:
        raise AttemptError(reasons)
    return scenario, seed, actions  # type: ignore[return-value]


class Grader:
    """Grades attempts of one pack, generating each (scenario, seed) world once."""

    def __init__(self, pack: Pack, cache_size: int = 512):
        self.pack = pack
        self._worlds: dict[tuple[str, int], World] = {}
        self._cache_size = cache_size

    def world(self, scenario: str, seed: int) -> World:
        key = (scenario, seed)
        if key not in self._worlds:
            try:
                world = generate(self.pack, scenario, seed)
            except ScenarioPremiseError as error:
                raise AttemptError([f"cette graine ne produit pas de monde valable : {error}"]) from None
            if len(self._worlds) >= self._cache_size:
                self._worlds.pop(next(iter(self._worlds)))
            self._worlds[key] = world
        return self._worlds[key]

    def grade(self, attempt: Any) -> dict[str, Any]:
        """Grade one attempt dict; AttemptError when it is malformed."""
        pack = self.pack
        scenario, seed, actions = check_attempt(attempt, pack)
        world = self.world(scenario, seed)
        signatories = tuple(attempt.get("signatories", ()))
        result = grade(world, replay(world, actions), signatories=signatories)
        if attempt.get("pack_version") not in (None, pack.version):
            result["problems"].insert(
                0,
                {
                    "action": None,
                    "type": "",
                    "code": "pack_version",
                    "field": "pack_version",
                    "message": f"Tentative faite sur la version {attempt.get('pack_version')} du pack, "
                    f"notée avec la version {pack.version}.",
                },
            )
        return result


@dataclass(frozen=True)
class Input:
    """One attempt read from a file: where it came from, and the attempt or why it could not be read."""

    where: str  # "FILE:LINE"
    attempt: Any = None
    error: str | None = None


def read_attempts(text: str, name: str) -> Iterator[Input]:
    """A whole JSON document (an attempt or a list of attempts), else JSON Lines (one attempt a line)."""
    stripped = text.strip()
    if not stripped:
        yield Input(f"{name}:1", error="aucune tentative à noter (entrée vide).")
        return
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    else:
        if isinstance(whole, list):
            for i, item in enumerate(whole, start=1):
                yield Input(f"{name}:{i}", item)
            return
        if isinstance(whole, dict):
            yield Input(f"{name}:1", whole)
            return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield Input(f"{name}:{number}", json.loads(line))
        except json.JSONDecodeError as error:
            yield Input(f"{name}:{number}", error=f"JSON illisible ({error.msg}, colonne {error.colno}).")


def grade_inputs(
    inputs: Iterator[Input], grader: Grader
) -> Iterator[tuple[Input, dict[str, Any] | None, str | None]]:
    for item in inputs:
        if item.error:
            yield item, None, item.error
            continue
        try:
            yield item, grader.grade(item.attempt), None
        except AttemptError as error:
            yield item, None, str(error)


CSV_COLUMNS = (
    "input",
    "pack",
    "pack_version",
    "scenario",
    "seed",
    "score",
    "points",
    "max_points",
    "mistakes",
    "problems",
    "error",
)


def csv_row(item: Input, result: dict[str, Any] | None, error: str | None) -> dict[str, Any]:
    row = dict.fromkeys(CSV_COLUMNS, "")
    row["input"] = item.where
    if result:
        row.update(
            {
                k: result[k]
                for k in ("pack", "pack_version", "scenario", "seed", "score", "points", "max_points")
            }
        )
        row["mistakes"] = " ".join(m["code"] for m in result["mistakes"])
        row["problems"] = len(result["problems"])
    row["error"] = error or ""
    return row


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
