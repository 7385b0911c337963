"""Background jobs any host may take: regrades and grades sent to a platform. A job is taken for a lease
(``taken_by``, ``lease_until``) by one atomic UPDATE that only matches a job whose lease is free or expired:
two hosts never hold the same job, and a job whose host died is taken again once its lease runs out. The
work itself says where it is (a regrade's counter, a grade's row), so whoever takes a job over resumes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .engine import Database, timestamp


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: str  # "regrade" (ref: the regrade's id) or "lti_send" (ref: "<assignment id>:<user id>")
    ref: str
    state: str  # "queued", "done" or "failed" (given up: last_error says why)
    tries: int  # failed tries so far
    run_after: str
    taken_by: str | None
    lease_until: str | None
    last_error: str | None
    created_at: str
    finished_at: str | None


JOB_COLUMNS = ", ".join(Job.__dataclass_fields__)


def _at(at: datetime | None) -> datetime:
    return at if at is not None else datetime.now(UTC)


def enqueue_job(db: Database, kind: str, ref: str, at: datetime | None = None) -> None:
    """Queue a job (due at once); one already queued for the same work is made due at once, its failed
    tries forgotten (new work to do: a new grade to send)."""
    when = timestamp(_at(at))
    db.execute(
        "INSERT INTO jobs (kind, ref, run_after, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, ref) WHERE state = 'queued' DO UPDATE SET run_after = excluded.run_after, "
        "tries = 0, last_error = NULL",
        [kind, ref, when, when],
    )


def take_job(
    db: Database,
    taker: str,
    lease_seconds: float,
    at: datetime | None = None,
    kind: str | None = None,
    ref: str | None = None,
) -> Job | None:
    """Take the next due job (of ``kind``, for ``ref``) whose lease is free or expired, for
    ``lease_seconds``; None when there is none. One statement: of two takers, one gets it."""
    now = _at(at)
    free = "state = 'queued' AND (lease_until IS NULL OR lease_until <= ?)"
    where, parameters = f"{free} AND run_after <= ?", [timestamp(now), timestamp(now)]
    if kind is not None:
        where, parameters = f"{where} AND kind = ?", [*parameters, kind]
    if ref is not None:
        where, parameters = f"{where} AND ref = ?", [*parameters, ref]
    # A read first: an idle worker polling every few seconds takes no write lock (SQLite has only one).
    if db.execute(f"SELECT 1 FROM jobs WHERE {where} LIMIT 1", parameters).fetchone() is None:
        return None
    with db.atomic():
        row = db.execute(
            f"UPDATE jobs SET taken_by = ?, lease_until = ? WHERE id = (SELECT id FROM jobs WHERE {where} "
            f"ORDER BY run_after, id LIMIT 1{db.dialect.skip_locked}) AND {free} RETURNING {JOB_COLUMNS}",
            [taker, timestamp(now + timedelta(seconds=lease_seconds)), *parameters, timestamp(now)],
        ).fetchone()
    return Job(*row) if row else None


def renew_job(
    db: Database, job_id: int, taker: str, lease_seconds: float, at: datetime | None = None
) -> bool:
    """Extend the lease while working; False when the job is no longer this taker's (its lease ran out and
    another took it, or it was finished): stop working on it."""
    until = timestamp(_at(at) + timedelta(seconds=lease_seconds))
    cursor = db.execute(
        "UPDATE jobs SET lease_until = ? WHERE id = ? AND taken_by = ? AND state = 'queued'",
        [until, job_id, taker],
    )
    return cursor.rowcount == 1


def release_job(db: Database, job_id: int, taker: str) -> None:
    """Give the job back, still queued (someone else may go on with it at once)."""
    db.execute(
        "UPDATE jobs SET taken_by = NULL, lease_until = NULL WHERE id = ? AND taken_by = ? AND state = 'queued'",
        [job_id, taker],
    )


def retry_job(
    db: Database, job_id: int, taker: str, error: str | None, after: datetime, count: bool = True
) -> None:
    """Give the job back, to be taken again after ``after``; ``count``: the try failed (else the job
    simply has more to do)."""
    db.execute(
        f"UPDATE jobs SET taken_by = NULL, lease_until = NULL, run_after = ?, last_error = ?, "
        f"tries = tries + {1 if count else 0} WHERE id = ? AND taken_by = ? AND state = 'queued'",
        [timestamp(after), error, job_id, taker],
    )


def finish_job(
    db: Database, job_id: int, taker: str | None, state: str = "done", error: str | None = None
) -> bool:
    """Mark the job done (or failed: given up after a last failed try, with its ``error``), if this taker
    still holds it (``taker`` None: whoever holds it)."""
    held = "" if taker is None else " AND taken_by = ?"
    tries = "tries + 1" if state == "failed" else "tries"
    cursor = db.execute(
        f"UPDATE jobs SET state = ?, last_error = COALESCE(?, last_error), finished_at = ?, "
        f"lease_until = NULL, tries = {tries} WHERE id = ? AND state = 'queued'{held}",
        [state, error, timestamp(None), job_id, *([] if taker is None else [taker])],
    )
    return cursor.rowcount == 1


def finish_jobs_of(db: Database, kind: str, ref: str) -> None:
    """The work is done, whoever did it: its queued job too."""
    db.execute(
        "UPDATE jobs SET state = 'done', finished_at = ?, lease_until = NULL "
        "WHERE kind = ? AND ref = ? AND state = 'queued'",
        [timestamp(None), kind, ref],
    )


def _jobs(db: Database, where: str, parameters: list[Any]) -> list[Job]:
    rows = db.execute(f"SELECT {JOB_COLUMNS} FROM jobs WHERE {where} ORDER BY id", parameters)
    return [Job(*row) for row in rows.fetchall()]


def get_job(db: Database, job_id: int) -> Job | None:
    found = _jobs(db, "id = ?", [job_id])
    return found[0] if found else None


def jobs_of(db: Database, kind: str, ref: str | None = None, ref_prefix: str | None = None) -> list[Job]:
    """The jobs (of every state, oldest first) of one piece of work, or of refs starting with a prefix."""
    if ref is not None:
        return _jobs(db, "kind = ? AND ref = ?", [kind, ref])
    return _jobs(db, "kind = ? AND ref LIKE ?", [kind, f"{ref_prefix or ''}%"])
