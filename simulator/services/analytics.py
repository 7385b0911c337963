"""What a teacher learns from an assignment: the distribution of the students' best scores, the most
frequent mistakes (with their procedure step) and the success rate of each criterion, from the stored
grades (no replay)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from simulator import store
from simulator.grading.catalogue import MISTAKES

from . import packs

BUCKETS = tuple((low, low + 10) for low in range(0, 100, 10))


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float  # a count, or a percentage
    detail: str = ""  # e.g. the procedure step of a mistake


@dataclass(frozen=True)
class Analytics:
    graded: int  # submitted attempts with a grade
    distribution: tuple[Bar, ...]  # best score per student and scenario, by tens
    mistakes: tuple[Bar, ...]  # most frequent first
    criteria: tuple[Bar, ...]  # % of graded attempts passing each criterion


def analytics(db: store.Database, assignment: store.AssignmentRecord, top: int = 10) -> Analytics:
    pack = packs.grader(db, assignment.pack, assignment.pack_version, assignment.pack_owner).pack
    steps = {s.id: s.title for s in pack.spec.procedure}
    attempts = [a for a in store.assignment_attempts(db, assignment.id, submitted=True) if a.grade]
    best: dict[tuple[int | None, str], float] = {}
    mistakes: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for attempt in attempts:
        grade = attempt.grade_data
        key = (attempt.user_id, attempt.scenario)
        best[key] = max(best.get(key, 0.0), grade["score"])
        mistakes.update({m["code"] for m in grade["mistakes"]})
        for criterion in grade["criteria"]:
            labels.setdefault(criterion["id"], criterion["label"])
            seen[criterion["id"]] += 1
            passed[criterion["id"]] += criterion["passed"]
    distribution = []
    for low, high in BUCKETS:
        last = high == 100
        count = sum(1 for s in best.values() if low <= s < high or (last and s == 100))
        distribution.append(Bar(f"{low} à {high}" if not last else f"{low} à 100", count))
    mistake_bars = []
    for code, count in mistakes.most_common(top):
        spec = MISTAKES.get(code)
        title = spec.title if spec else code
        step = steps.get(spec.procedure, spec.procedure) if spec else ""
        mistake_bars.append(Bar(title, count, step))
    criteria = tuple(
        Bar(labels[cid], round(100 * passed[cid] / seen[cid], 1), f"{passed[cid]} / {seen[cid]}")
        for cid in seen
    )
    return Analytics(len(attempts), tuple(distribution), tuple(mistake_bars), criteria)
