"""Regrade jobs: an assignment's submitted attempts graded again against a pack version, in chunks that
several requests may share, and the scores they changed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .classes import set_assignment_version
from .engine import Database, now


@dataclass(frozen=True, slots=True)
class RegradeRecord:
    id: int
    assignment_id: int
    pack_version: str
    total: int
    done: int
    started_at: str
    finished_at: str | None
    pack_owner: int | None = None  # whose version of the pack (None: shared)


REGRADE_COLUMNS = ", ".join(RegradeRecord.__dataclass_fields__)


def _regrade_where(db: Database, where: str, parameters: list[Any], tail: str = "") -> RegradeRecord | None:
    row = db.execute(f"SELECT {REGRADE_COLUMNS} FROM regrades WHERE {where}{tail}", parameters).fetchone()
    return RegradeRecord(*row) if row else None


def start_regrade(
    db: Database, assignment_id: int, pack_version: str, total: int, pack_owner: int | None = None
) -> RegradeRecord:
    """A new regrade job, or the one already running for the assignment (at most one runs at a time)."""
    with db.atomic():
        db.execute(
            "INSERT INTO regrades (assignment_id, pack_version, total, started_at, pack_owner) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [assignment_id, pack_version, total, now(), pack_owner],
        )
        return running_regrade(db, assignment_id)  # type: ignore[return-value]


def running_regrade(db: Database, assignment_id: int) -> RegradeRecord | None:
    return _regrade_where(db, "assignment_id = ? AND finished_at IS NULL", [assignment_id])


def get_regrade(db: Database, regrade_id: int) -> RegradeRecord | None:
    return _regrade_where(db, "id = ?", [regrade_id])


def last_regrade(db: Database, assignment_id: int) -> RegradeRecord | None:
    return _regrade_where(db, "assignment_id = ?", [assignment_id], " ORDER BY id DESC LIMIT 1")


def claim_regrade_chunk(db: Database, regrade_id: int, done: int, size: int) -> bool:
    """Take attempts ``done`` to ``done + size`` of the job: False if another request took them first."""
    cursor = db.execute(
        f"UPDATE regrades SET done = {db.dialect.least('total', 'done + ?')} "
        "WHERE id = ? AND done = ? AND finished_at IS NULL",
        [size, regrade_id, done],
    )
    return cursor.rowcount == 1


def store_regraded(
    db: Database,
    regrade_id: int,
    graded: Sequence[tuple[int, str, dict[str, Any], float | None]],
    pack_owner: int | None = None,
) -> None:
    """Keep the new grades of a chunk in one transaction: (attempt id, pack version, grade, old score); the
    attempts now name that version of ``pack_owner``'s pack (None: shared)."""
    with db.atomic():
        for attempt_id, version, grade, old_score in graded:
            db.execute(
                "UPDATE attempts SET grade = ?, graded_at = ?, score = ?, grading_version = ?, pack_version = ?, "
                "pack_owner = ? WHERE id = ?",
                [
                    json.dumps(grade, ensure_ascii=False, allow_nan=False),
                    now(),
                    grade["score"],
                    grade.get("grading_version", "1"),
                    version,
                    pack_owner,
                    attempt_id,
                ],
            )
            if old_score != grade["score"]:
                db.execute(
                    "INSERT INTO regrade_changes (regrade_id, attempt_id, old_score, new_score) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (regrade_id, attempt_id) DO UPDATE "
                    "SET old_score = excluded.old_score, new_score = excluded.new_score",
                    [regrade_id, attempt_id, old_score, grade["score"]],
                )


def finish_regrade(
    db: Database, regrade_id: int, assignment_id: int, pack_version: str, pack_owner: int | None = None
) -> None:
    with db.atomic():
        cursor = db.execute(
            "UPDATE regrades SET finished_at = ? WHERE id = ? AND finished_at IS NULL AND done >= total",
            [now(), regrade_id],
        )
        if cursor.rowcount:
            set_assignment_version(db, assignment_id, pack_version, pack_owner)


def regrade_changes(db: Database, regrade_id: int) -> list[tuple[int, float | None, float]]:
    rows = db.execute(
        "SELECT attempt_id, old_score, new_score FROM regrade_changes WHERE regrade_id = ? ORDER BY attempt_id",
        [regrade_id],
    )
    return [tuple(row) for row in rows.fetchall()]
