"""Regrading an assignment after a pack fix: every submitted attempt is replayed and graded with the chosen
version, moved to it, and the scores that changed are listed.

The work is done in chunks by whoever asks for progress (the page polls with htmx), so no thread or queue is
needed and any worker process can continue a job. A chunk is graded first (pure), then claimed and stored in
one transaction that checks the job's counter: two requests (two tabs, two teachers) never store the same
chunk twice, and at most one job runs per assignment (a unique index)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator import store
from simulator.grading.batch import AttemptError

from . import packs

CHUNK = 250


@dataclass(frozen=True)
class Progress:
    job: store.RegradeRecord
    changes: tuple[tuple[int, float | None, float], ...]  # (attempt id, old score, new score)

    @property
    def finished(self) -> bool:
        return self.job.finished_at is not None

    @property
    def percent(self) -> int:
        return 100 if not self.job.total else round(100 * self.job.done / self.job.total)


def start(db: store.Database, assignment: store.AssignmentRecord, version: str) -> store.RegradeRecord:
    """A job regrading the assignment's submitted attempts with ``version`` (or the job already running)."""
    total = len(store.assignment_attempts(db, assignment.id, submitted=True))
    return store.start_regrade(db, assignment.id, version, total)


def advance(db: store.Database, job: store.RegradeRecord) -> Progress:
    """Grade and store the next chunk of the job if there is one, and give the progress."""
    if job.finished_at is None and job.done < job.total:
        attempts = store.assignment_attempts(db, job.assignment_id, submitted=True)[
            job.done : job.done + CHUNK
        ]
        graded = _grade(db, job, attempts)
        with db.atomic():
            if store.claim_regrade_chunk(db, job.id, job.done, CHUNK):
                store.store_regraded(db, job.id, graded)
        job = store.get_regrade(db, job.id)  # type: ignore[assignment]
    if job.finished_at is None and job.done >= job.total:
        store.finish_regrade(db, job.id, job.assignment_id, job.pack_version)
        job = store.get_regrade(db, job.id)  # type: ignore[assignment]
    return Progress(job, tuple(store.regrade_changes(db, job.id)))


def run(db: store.Database, job: store.RegradeRecord) -> Progress:
    """The whole job at once (the command line, the benchmark, tests)."""
    progress = advance(db, job)
    while not progress.finished:
        progress = advance(db, progress.job)
    return progress


def _grade(db: store.Database, job: store.RegradeRecord, attempts: list[store.Attempt]):
    grader = packs.grader(db, attempts[0].pack, job.pack_version) if attempts else None
    names: dict[int, str] = {}
    logs = store.actions_of(db, [a.id for a in attempts])
    graded = []
    # Attempts of the same world side by side: the grader generates each world once.
    for attempt in sorted(attempts, key=lambda a: (a.scenario, a.seed)):
        if attempt.user_id is not None and attempt.user_id not in names:
            user = store.get_user(db, attempt.user_id)
            names[attempt.user_id] = user.full_name if user else ""
        data = {
            "pack": attempt.pack,
            "pack_version": job.pack_version,
            "scenario": attempt.scenario,
            "seed": attempt.seed,
            "actions": logs[attempt.id],
        }
        if names.get(attempt.user_id):  # type: ignore[arg-type]
            data["signatories"] = [names[attempt.user_id]]  # type: ignore[index]
        old = attempt.grade_data["score"] if attempt.grade else None
        try:
            grade = grader.grade(data)  # type: ignore[union-attr]
        except AttemptError:  # the new version has no such scenario or world: keep the old grade
            continue
        graded.append((attempt.id, job.pack_version, grade, old))
    return graded


def latest(db: store.Database, assignment: store.AssignmentRecord) -> Progress | None:
    """The assignment's newest regrade (running or finished), with the scores it changed."""
    job = store.last_regrade(db, assignment.id)
    return None if job is None else Progress(job, tuple(store.regrade_changes(db, job.id)))


def job_of(db: store.Database, assignment: store.AssignmentRecord, job_id: int) -> store.RegradeRecord | None:
    """The job if it belongs to this assignment, else None (404)."""
    job = store.get_regrade(db, job_id)
    return job if job is not None and job.assignment_id == assignment.id else None
