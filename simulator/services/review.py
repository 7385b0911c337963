"""An attempt as the teacher sees it: the grade and the books against the expected ones (the student's
result page), and the timeline: each action with its time, in French, and what it changed in the books —
step through the books after each action (a prefix of the log replayed)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator import store
from simulator.ledger.compare import BalanceRow, compare_balances
from simulator.packs.play import replay as replaying

from . import assignments
from .attempts import LoadedAttempt, load_any
from .describe import describe


def attempt_for_teacher(db: store.Database, teacher_id: int, attempt_id: int) -> LoadedAttempt | None:
    """The attempt if it was made for an assignment of one of this teacher's classes, else None (404)."""
    record = store.get_attempt(db, attempt_id)
    if record is None or record.assignment_id is None:
        return None
    if assignments.owned(db, teacher_id, record.assignment_id) is None:
        return None
    return load_any(db, attempt_id)


@dataclass(frozen=True)
class Step:
    number: int  # 1-based
    at: str  # when the action was recorded (UTC ISO)
    text: str  # the action in French
    problems: tuple[str, ...]  # why it was not applied (empty: applied)
    changed: tuple[BalanceRow, ...]  # accounts it moved: "expected" = before, "actual" = after


@dataclass(frozen=True)
class Timeline:
    steps: tuple[Step, ...]
    balance: tuple[BalanceRow, ...]  # after the selected step, beside the step before ("expected")
    selected: int  # 0 = before the first action


def timeline(db: store.Database, attempt: LoadedAttempt, selected: int | None = None) -> Timeline:
    """Every step, and the trial balance after step ``selected`` (default: the last) against the one before
    it. The log is replayed once, action after action, as the student's clicks were."""
    timed = store.list_actions_timed(db, attempt.id)
    world = attempt.world
    books = replaying.initial_books(world)
    history = [books]
    steps = []
    for number, (action, at) in enumerate(timed, start=1):
        after, problems = replaying.apply_action(books, action, world)
        changed = tuple(row for row in compare_balances(after, books) if row.differs) if not problems else ()
        text = describe(action, world, after)
        steps.append(Step(number, at, text, tuple(p.message for p in problems), changed))
        books = after
        history.append(books)
    chosen = len(steps) if selected is None else max(0, min(selected, len(steps)))
    before = history[chosen - 1] if chosen else history[0]
    return Timeline(tuple(steps), tuple(compare_balances(history[chosen], before)), chosen)
