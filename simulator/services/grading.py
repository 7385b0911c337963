"""Grading attempts against the built-in packs (the API and the command line use it)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator.grading.batch import AttemptError, Grader, parse_json, shown
from simulator.grading.grades import Grade
from simulator.packs.spec.loader import PackInvalid
from simulator.packs.spec.registry import load_builtin_pack, load_pack


@lru_cache(maxsize=32)
def grader_for(pack_id: str) -> Grader:
    """One grader per built-in pack (packs on disk do not change while the app runs)."""
    return Grader(load_builtin_pack(pack_id))


@lru_cache(maxsize=64)
def grader_at(folder: str) -> Grader:
    """One grader per installed pack folder (an installed version never changes: a fix is a new version)."""
    return Grader(load_pack(Path(folder)))


def grade_json(text: str) -> Grade:
    """Grade the attempt a JSON text holds (the API's body); AttemptError with French reasons otherwise."""
    return grade_attempt(parse_json(text))


def grade_attempt(attempt: Any) -> Grade:
    """Grade one attempt against the built-in pack it names; AttemptError (French reasons) otherwise."""
    if not isinstance(attempt, dict):
        raise AttemptError(["une tentative est un objet JSON {pack, scenario, seed, actions}."])
    pack_id = attempt.get("pack")
    if not isinstance(pack_id, str) or not pack_id:
        raise AttemptError(["le champ « pack » doit nommer un pack installé (par exemple procedure-11)."])
    try:
        grader = grader_for(pack_id)
    except PackInvalid:
        raise AttemptError([f"pack inconnu : « {shown(pack_id)} »."]) from None
    return grader.grade(attempt, entries=True)
