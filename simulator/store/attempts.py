"""Attempts and their action log.

Attempts are stored as (pack, version, scenario, seed) plus an append-only log of actions; the books are
never stored, they are replayed from the log.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .engine import Database, timestamp

ATTEMPT_COLUMNS = (
    "id, student, pack, pack_version, scenario, seed, created_at, submitted_at, user_id, guest_token, grade, "
    "graded_at, assignment_id, score, pack_owner, grading_version"
)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try at one scenario; the actions are kept apart (see :func:`list_actions`).

    It belongs to a user (``user_id``) or to a guest's browser session (``guest_token``); ``student`` is a
    free label kept from schema v1. ``grade`` is the grade JSON stored at submission."""

    id: int
    student: str
    pack: str
    pack_version: str
    scenario: str
    seed: int
    created_at: str
    submitted_at: str | None
    user_id: int | None = None
    guest_token: str | None = None
    grade: str | None = None
    graded_at: str | None = None
    assignment_id: int | None = None
    score: float | None = None  # the stored grade's score (schema v3)
    pack_owner: int | None = None  # the teacher whose pack version it uses; None: a shared pack (schema v5)
    grading_version: str | None = None  # the stored grade's grading version (schema v6)

    @property
    def grade_data(self) -> dict[str, Any] | None:
        return json.loads(self.grade) if self.grade else None


class SequenceConflict(RuntimeError):
    """Another request appended an action since this one read the log."""


class AttemptFrozen(RuntimeError):
    """The attempt was handed in: its log takes no more actions."""


def attempts_where(
    db: Database, where: str, parameters: Sequence[Any], order_by: str = "id", tail: str = ""
) -> list[Attempt]:
    """The attempts matching a condition (``?`` placeholders), in ``order_by`` order."""
    rows = db.execute(
        f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE {where} ORDER BY {order_by}{tail}", parameters
    ).fetchall()
    return [Attempt(*row) for row in rows]


def create_attempt(
    db: Database,
    *,
    pack: str,
    pack_version: str,
    scenario: str,
    seed: int,
    student: str = "",
    user_id: int | None = None,
    guest_token: str | None = None,
    at: datetime | None = None,
    assignment_id: int | None = None,
    pack_owner: int | None = None,
) -> Attempt:
    """Start an attempt with no actions yet, owned by a user or a guest token."""
    row = {
        "student": student or (f"user:{user_id}" if user_id is not None else "guest"),
        "pack": pack,
        "pack_version": pack_version,
        "scenario": scenario,
        "seed": int(seed),
        "created_at": timestamp(at),
        "submitted_at": None,
        "user_id": user_id,
        "guest_token": guest_token,
        "grade": None,
        "graded_at": None,
        "assignment_id": assignment_id,
        "score": None,
        "pack_owner": pack_owner,
    }
    return Attempt(id=db.insert("attempts", row), **row)


def get_attempt(db: Database, attempt_id: int) -> Attempt | None:
    """The attempt, or None if there is no such id."""
    found = attempts_where(db, "id = ?", [attempt_id])
    return found[0] if found else None


def list_attempts(db: Database, student: str) -> list[Attempt]:
    """A student's attempts, oldest first."""
    return attempts_where(db, "student = ?", [student])


def list_owned_attempts(
    db: Database, *, user_id: int | None = None, guest_token: str | None = None
) -> list[Attempt]:
    """The attempts of a user or of a guest token, newest first (none for neither)."""
    if user_id is not None:
        return attempts_where(db, "user_id = ?", [user_id], order_by="id DESC")
    if guest_token:
        return attempts_where(db, "guest_token = ?", [guest_token], order_by="id DESC")
    return []


def claim_guest_attempts(db: Database, guest_token: str, user_id: int) -> int:
    """Give a guest's attempts to the account they just created or logged into; return how many."""
    cursor = db.execute(
        "UPDATE attempts SET user_id = ?, guest_token = NULL, student = ? WHERE guest_token = ?",
        [user_id, f"user:{user_id}", guest_token],
    )
    return cursor.rowcount


def store_grade(db: Database, attempt_id: int, grade: dict[str, Any], at: datetime | None = None) -> Attempt:
    """Keep the grade JSON of a submitted attempt (a regrade replaces it)."""
    payload = json.dumps(grade, ensure_ascii=False, allow_nan=False)
    db.execute(
        "UPDATE attempts SET grade = ?, graded_at = ?, score = ?, grading_version = ?"
        " WHERE id = ? AND submitted_at IS NOT NULL",
        [payload, timestamp(at), grade.get("score"), grade.get("grading_version", "1"), attempt_id],
    )
    attempt = get_attempt(db, attempt_id)
    if attempt is None:
        raise KeyError(attempt_id)
    return attempt


def submit_attempt(db: Database, attempt_id: int, at: datetime | None = None) -> Attempt:
    """Mark the attempt as handed in (the first submission time is kept)."""
    with db.atomic():
        db.execute(
            "UPDATE attempts SET submitted_at = COALESCE(submitted_at, ?) WHERE id = ?",
            [timestamp(at), attempt_id],
        )
        attempt = get_attempt(db, attempt_id)
    if attempt is None:
        raise KeyError(attempt_id)
    return attempt


def append_action(
    db: Database,
    attempt_id: int,
    action: dict[str, Any],
    at: datetime | None = None,
    *,
    expected_seq: int | None = None,
) -> int:
    """Append one action to the attempt's log, committed before this returns, and give its sequence number
    (1, 2, ...).

    With ``expected_seq`` the action is appended only if it gets that number, i.e. if nobody appended since
    the caller read the log: :class:`SequenceConflict` otherwise. A submitted attempt refuses every action
    (:class:`AttemptFrozen`). Raises :class:`~.engine.IntegrityError` if the attempt does not exist,
    ``TypeError`` if the action is not a JSON object of plain JSON values.
    """
    if not isinstance(action, dict):
        raise TypeError(f"an action is a dict, not {type(action).__name__}")
    payload = json.dumps(action, ensure_ascii=False, allow_nan=False)
    with db.atomic():
        if db.dialect.lock_attempt:
            db.execute(db.dialect.lock_attempt, [attempt_id])
        # One statement reads the next number, checks it and the freeze, and inserts: on SQLite a write
        # statement takes the write lock before it reads, on PostgreSQL the attempt's row lock above
        # serialises the appends; two requests cannot both get the same number.
        rows = db.execute(
            """
            INSERT INTO actions (attempt_id, seq, payload, created_at)
            SELECT ?, next.seq, ?, ?
            FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM actions WHERE attempt_id = ?) AS next
            WHERE NOT EXISTS (SELECT 1 FROM attempts WHERE id = ? AND submitted_at IS NOT NULL)
              AND (CAST(? AS INTEGER) IS NULL OR next.seq = CAST(? AS INTEGER))
            RETURNING seq
            """,
            [attempt_id, payload, timestamp(at), attempt_id, attempt_id, expected_seq, expected_seq],
        ).fetchall()
        if not rows:
            attempt = get_attempt(db, attempt_id)
            if attempt is not None and attempt.submitted_at is not None:
                raise AttemptFrozen(attempt_id)
            raise SequenceConflict(attempt_id)
        return rows[0][0]


def list_actions(db: Database, attempt_id: int) -> list[dict[str, Any]]:
    """The attempt's actions in the order they were made."""
    rows = db.execute(
        "SELECT payload FROM actions WHERE attempt_id = ? ORDER BY seq", [attempt_id]
    ).fetchall()
    return [json.loads(payload) for (payload,) in rows]


def list_actions_timed(db: Database, attempt_id: int) -> list[tuple[dict[str, Any], str]]:
    """The attempt's actions in order, each with the time it was recorded."""
    rows = db.execute(
        "SELECT payload, created_at FROM actions WHERE attempt_id = ? ORDER BY seq", [attempt_id]
    ).fetchall()
    return [(json.loads(payload), created_at) for payload, created_at in rows]


def actions_of(db: Database, attempt_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The logs of several attempts in one query (a regrade reads hundreds at a time)."""
    logs: dict[int, list[dict[str, Any]]] = {attempt_id: [] for attempt_id in attempt_ids}
    if not logs:
        return logs
    marks = ", ".join("?" for _ in logs)
    rows = db.execute(
        f"SELECT attempt_id, payload FROM actions WHERE attempt_id IN ({marks}) ORDER BY attempt_id, seq",
        list(logs),
    ).fetchall()
    for attempt_id, payload in rows:
        logs[attempt_id].append(json.loads(payload))
    return logs
