"""Batch grading: read attempts (JSON object, JSON array or JSON Lines), check their shape, replay and
grade them. Used by ``simulator grade`` and by ``POST /api/grade``; no web framework here."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from simulator.ledger.books import Books
from simulator.packs.play.outcome import Outcome, expected_outcome
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.loader import Pack
from simulator.packs.world.draw import ScenarioPremiseError
from simulator.packs.world.generate import generate
from simulator.packs.world.model import World
from simulator.packs.world.opening import initial_books

from .engine import grade
from .grades import Grade, ProblemResult

#: Largest attempt accepted (actions); a real attempt has a few dozen.
MAX_ACTIONS = 2000
MAX_SEED = 2**63 - 1
#: Optional ``signatories`` of an attempt: names accepted as an e-mail signature beside the world's.
MAX_SIGNATORIES = 5
#: Deepest nesting of arrays and objects accepted: a real attempt is 4 deep (attempt, actions, action, lines).
MAX_DEPTH = 32
#: Longest integer accepted: a seed has at most 19 digits. Longer ones are refused before Python's own
#: limit (4,300 digits) or Decimal's 28-digit precision can break anything downstream.
MAX_INT_DIGITS = 40
_SURROGATE = re.compile("[\ud800-\udfff]")


class AttemptError(ValueError):
    """An attempt that cannot be graded; ``reasons`` are French sentences."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ; ".join(reasons))


@dataclass(frozen=True)
class _Refused:
    """A number the decoder would not take, left in place: only the attempt holding it is refused."""

    reason: str


def _parse_int(text: str) -> int | _Refused:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        return _Refused(f"nombre entier trop long ({digits} chiffres, maximum {MAX_INT_DIGITS}).")
    return int(text)


@dataclass(frozen=True)
class JsonFraction:
    """A JSON number with a fraction or an exponent (``962.44``, ``1e9``), kept as its text and never turned
    into a float: amounts and rates are strings in an attempt (contracts.md), so every reader refuses it as
    it refuses any other non-text value, and the action is reported, not applied."""

    text: str

    def __str__(self) -> str:
        return self.text


def _parse_fraction(text: str) -> JsonFraction | _Refused:
    if len(text) > MAX_INT_DIGITS:
        return _Refused(f"nombre trop long : {shown(text)}.")
    return JsonFraction(text)


def _parse_constant(name: str) -> _Refused:
    return _Refused(f"{name} n'est pas un nombre JSON valable.")


def _decode(text: str) -> Any:
    """JSON with every number checked (json.JSONDecodeError or RecursionError when it cannot be read)."""
    return json.loads(text, parse_int=_parse_int, parse_float=_parse_fraction, parse_constant=_parse_constant)


def _tree_error(value: Any) -> str | None:
    """Why ``value`` cannot be an attempt's JSON, walked without recursion: nesting deeper than MAX_DEPTH,
    a refused number, or a lone UTF-16 surrogate (``"\\ud800"``, which no UTF-8 output can carry)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return "texte invalide : un caractère isolé de la plage \\ud800-\\udfff (demi-paire UTF-16)."
        elif isinstance(item, _Refused):
            return item.reason
        elif isinstance(item, list | dict):
            if depth > MAX_DEPTH:
                return _TOO_DEEP
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


_TOO_DEEP = f"JSON imbriqué trop profondément (maximum {MAX_DEPTH} niveaux)."


def _decode_error(error: json.JSONDecodeError) -> str:
    return f"JSON illisible à la ligne {error.lineno}, colonne {error.colno}."


def parse_json(text: str) -> Any:
    """``text`` as JSON, or AttemptError with a French reason; refused as well is what no attempt contains
    and what would break Python further on (see ``_tree_error``, MAX_INT_DIGITS, NaN and infinities).
    Numbers with a fraction are :class:`JsonFraction`, never floats."""
    try:
        value = _decode(text)
    except json.JSONDecodeError as error:
        raise AttemptError([_decode_error(error)]) from None
    except RecursionError:
        raise AttemptError([_TOO_DEEP]) from None
    error = _tree_error(value)
    if error:
        raise AttemptError([error])
    return value


def shown(value: Any, limit: int = 60) -> str:
    """``value`` as echoed in a French reason (a text as is, anything else as JSON would write it), cut to
    ``limit`` characters: what a client sent is never echoed whole."""
    if isinstance(value, str | JsonFraction):
        text = str(value)
    else:  # a fraction nested in a list or an object is written as its text, quoted
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_attempt(attempt: Any, pack: Pack) -> tuple[str, int, list]:
    """The (scenario, seed, actions) of a well-formed attempt for ``pack``, or AttemptError."""
    if not isinstance(attempt, dict):
        raise AttemptError(["une tentative est un objet JSON {pack, scenario, seed, actions}."])
    reasons = []
    if attempt.get("pack") != pack.id:
        reasons.append(f"le champ « pack » vaut « {shown(attempt.get('pack'))} » au lieu de « {pack.id} ».")
    scenario = attempt.get("scenario")
    if not isinstance(scenario, str) or scenario not in pack.scenarios:
        reasons.append(
            f"scénario inconnu « {shown(scenario)} » (scénarios : {', '.join(pack.scenario_ids)})."
        )
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


@dataclass
class _Prepared:
    """A world with what every attempt on it starts from (its initial books) and its expected outcome; the
    books after the reference solution once something asked for them (they cost a replay of the solution)."""

    world: World
    start: Books
    outcome: Outcome
    expected: Books | None = None


class Grader:
    """Grades attempts of one pack, generating each (scenario, seed) world once (with its initial books and
    expected outcome)."""

    def __init__(self, pack: Pack, cache_size: int = 512):
        self.pack = pack
        self._worlds: dict[tuple[str, int], _Prepared] = {}
        self._cache_size = cache_size

    def world(self, scenario: str, seed: int) -> World:
        return self._prepared(scenario, seed).world

    def expected_books(self, scenario: str, seed: int) -> Books:
        """The books after the reference solution (what a careful accountant ends with)."""
        prepared = self._prepared(scenario, seed)
        if prepared.expected is None:
            prepared.expected = replay(prepared.world, solve(prepared.world), prepared.start).books
        return prepared.expected

    def _prepared(self, scenario: str, seed: int) -> _Prepared:
        key = (scenario, seed)
        if key not in self._worlds:
            try:
                world = generate(self.pack, scenario, seed)
            except ScenarioPremiseError as error:
                raise AttemptError([f"cette graine ne produit pas de monde valable : {error}"]) from None
            if len(self._worlds) >= self._cache_size:
                self._worlds.pop(next(iter(self._worlds)))
            self._worlds[key] = _Prepared(world, initial_books(world), expected_outcome(world))
        return self._worlds[key]

    def grade(self, attempt: Any, *, entries: bool = False) -> Grade:
        """Grade one attempt dict; AttemptError when it is malformed. With ``entries`` the grade also says
        which entries differ from the reference solution's (for the readers of the JSON: ``simulator
        grade``, ``POST /api/grade``; the Résultat page compares the books itself)."""
        pack = self.pack
        scenario, seed, actions = check_attempt(attempt, pack)
        prepared = self._prepared(scenario, seed)
        world = prepared.world
        signatories = tuple(attempt.get("signatories", ()))
        replayed = replay(world, actions, prepared.start)
        expected = self.expected_books(scenario, seed) if entries else None
        result = grade(world, replayed, prepared.outcome, signatories=signatories, expected=expected)
        if attempt.get("pack_version") not in (None, pack.version):
            result = result.with_problem_first(
                ProblemResult(
                    None,
                    "",
                    "pack_version",
                    "pack_version",
                    f"Tentative faite sur la version {shown(attempt.get('pack_version'))} du pack, "
                    f"notée avec la version {pack.version}.",
                )
            )
        return result


@dataclass(frozen=True)
class Input:
    """One attempt read from a file: where it came from, and the attempt or why it could not be read."""

    where: str  # "FILE:LINE"
    attempt: Any = None
    error: str | None = None


#: JSON's whitespace; str.strip() also takes U+2028, U+0085 and the like, which JSON does not.
_JSON_SPACE = " \t\r\n"


def read_attempts(text: str, name: str) -> Iterator[Input]:
    """A whole JSON document (an attempt or a list of attempts), else JSON Lines (one attempt a line).

    Lines are split on ``\n`` only: U+2028 and the other separators of str.splitlines are legal inside a
    JSON string. Each attempt is checked on its own, so that one bad attempt spares the others."""
    stripped = text.strip(_JSON_SPACE)
    if not stripped:
        yield Input(f"{name}:1", error="aucune tentative à noter (entrée vide).")
        return
    try:
        whole = _decode(stripped)
    except (json.JSONDecodeError, RecursionError):
        whole = None
    if isinstance(whole, dict):
        whole = [whole]
    if whole == []:
        yield Input(f"{name}:1", error="aucune tentative à noter (liste vide).")
        return
    if isinstance(whole, list):
        for i, item in enumerate(whole, start=1):
            yield Input(f"{name}:{i}", item, _tree_error(item))
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip(_JSON_SPACE):
            continue
        try:
            yield Input(f"{name}:{number}", parse_json(line))
        except AttemptError as error:
            yield Input(f"{name}:{number}", error=str(error))


def grade_inputs(inputs: Iterator[Input], grader: Grader) -> Iterator[tuple[Input, Grade | None, str | None]]:
    """(input, grade, None) or (input, None, French reason) for each input: one attempt that cannot be
    graded, even by a defect of the grader, never stops the others."""
    for item in inputs:
        if item.error:
            yield item, None, item.error
            continue
        try:
            result = grader.grade(item.attempt, entries=True)
        except AttemptError as error:
            yield item, None, str(error)
        except Exception as error:  # a defect: report it on this input and grade the next ones
            yield (
                item,
                None,
                f"erreur interne en notant cette tentative ({type(error).__name__}) : signalez-la.",
            )
        else:
            yield item, result, None


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
    "grading_version",  # appended last: readers by position keep working
)


#: the columns that are not copied from the grade as they stand
_CSV_DERIVED = frozenset({"input", "mistakes", "problems", "error"})


def csv_row(item: Input, result: Grade | None, error: str | None) -> dict[str, Any]:
    row = dict.fromkeys(CSV_COLUMNS, "")
    row["input"] = item.where
    if result:
        as_json = result.as_dict()
        row.update({k: as_json[k] for k in CSV_COLUMNS if k not in _CSV_DERIVED})
        row["mistakes"] = " ".join(m.code for m in result.mistakes)
        row["problems"] = len(result.problems)
    row["error"] = error or ""
    return row


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
