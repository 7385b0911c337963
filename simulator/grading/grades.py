"""The grade of an attempt as a typed value: what the grader returns and what its callers read.

``Grade.as_dict()`` is the grade JSON of contracts.md, key for key and number for number: the numbers stay
Decimal here and become JSON numbers only there (:func:`simulator.grading.scoring.json_number`). A stored
grade (JSON read back from the database) is read with :meth:`Grade.from_dict`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from simulator.ledger.compare import EntryComparison

from .scoring import json_number


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One rubric criterion, scored: the points earned of ``max_points``, the units of expected work it
    judged and those done right, and the French feedback shown beside it."""

    id: str
    label: str
    passed: bool
    points: Decimal
    max_points: int
    units: int
    units_earned: int
    feedback: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "passed": self.passed,
            "points": json_number(self.points),
            "max_points": self.max_points,
            "units": self.units,
            "units_earned": self.units_earned,
            "feedback": self.feedback,
        }


@dataclass(frozen=True, slots=True)
class MistakeResult:
    """One mistake: its code (contracts.md), the French message, the procedure step to read again and the
    rubric criterion it was charged to."""

    code: str
    message: str
    procedure: str
    criterion: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "procedure": self.procedure,
            "criterion": self.criterion,
        }


@dataclass(frozen=True, slots=True)
class ProblemResult:
    """An action that was not applied (``action`` is its 0-based index), or a remark on the whole attempt
    (``action`` None), with the French reason."""

    action: int | None
    type: str
    code: str
    field: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "type": self.type,
            "code": self.code,
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Grade:
    """The grade of one attempt (contracts.md « Grade »). ``entries`` compares the student's entries with
    the expected ones; None when the grade was made without the expected books (or stored before the
    comparison existed). The JSON has the key ``entries`` only when some entry differs."""

    pack: str
    pack_version: str
    scenario: str
    seed: int
    grading_version: str
    score: Decimal
    points: Decimal
    max_points: int
    criteria: tuple[CriterionResult, ...]
    mistakes: tuple[MistakeResult, ...]
    problems: tuple[ProblemResult, ...]
    entries: EntryComparison | None = None

    def with_problem_first(self, problem: ProblemResult) -> Grade:
        return dataclasses.replace(self, problems=(problem, *self.problems))

    def as_dict(self) -> dict[str, Any]:
        """The grade JSON of contracts.md."""
        out: dict[str, Any] = {
            "pack": self.pack,
            "pack_version": self.pack_version,
            "scenario": self.scenario,
            "seed": self.seed,
            "grading_version": self.grading_version,
            "score": json_number(self.score, whole_as_int=False),
            "points": json_number(self.points),
            "max_points": self.max_points,
            "criteria": [c.as_dict() for c in self.criteria],
            "mistakes": [m.as_dict() for m in self.mistakes],
            "problems": [p.as_dict() for p in self.problems],
        }
        if self.entries:
            out["entries"] = self.entries.as_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Grade:
        """A grade read back from its JSON (a stored grade, of any grading version: keys added since it
        was stored take their defaults)."""
        entries = data.get("entries")
        return cls(
            pack=data["pack"],
            pack_version=data.get("pack_version", ""),
            scenario=data["scenario"],
            seed=data["seed"],
            grading_version=data.get("grading_version", "1"),
            score=_decimal(data["score"]),
            points=_decimal(data["points"]),
            max_points=data["max_points"],
            criteria=tuple(
                CriterionResult(
                    c["id"],
                    c.get("label", ""),
                    c["passed"],
                    _decimal(c["points"]),
                    c["max_points"],
                    c.get("units", 0),
                    c.get("units_earned", 0),
                    c.get("feedback", ""),
                )
                for c in data.get("criteria", ())
            ),
            mistakes=tuple(
                MistakeResult(m["code"], m.get("message", ""), m.get("procedure", ""), m.get("criterion", ""))
                for m in data.get("mistakes", ())
            ),
            problems=tuple(
                ProblemResult(
                    p.get("action"),
                    p.get("type", ""),
                    p.get("code", ""),
                    p.get("field"),
                    p.get("message", ""),
                )
                for p in data.get("problems", ())
            ),
            entries=EntryComparison.from_dict(entries) if isinstance(entries, Mapping) else None,
        )


def _decimal(value: Any) -> Decimal:
    """A JSON number as the Decimal of its written digits (81.3 is Decimal('81.3'), not the float's)."""
    return Decimal(str(value))
