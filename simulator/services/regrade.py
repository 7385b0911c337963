"""Regrading an assignment after a pack fix, or to bring its grades to today's grading rules
(``GRADING_VERSION``, stored in each grade): every submitted attempt is replayed and graded with the chosen
version, moved to it, and the scores that changed are listed.

A regrade is a job of the store (:mod:`.jobs`) that any host's worker may take and run to the end, chunk
after chunk. Where no worker holds it (none runs, or it died and its lease has not run out yet), the
progress page's polling (htmx) takes it for one chunk at a time, so a regrade always moves while the teacher
watches. A chunk is graded first (pure), then claimed and stored in one transaction that checks the job's
counter: two takers never store the same chunk twice, and at most one job runs per assignment (a unique
index).

A chunk is replayed and graded by worker processes when it is large enough (``PARALLEL_FROM``): each worker
gets the attempts of whole worlds (same scenario and seed) with their logs, loads the pack version once and
keeps its worlds, and returns the grades; reading the attempts and storing the grades stay here, in this
process. Where processes cannot be started the chunk is graded here, with the same result."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator import store
from simulator.grading.batch import AttemptError, Grader
from simulator.grading.scoring import GRADING_VERSION as GRADING_VERSION  # shown on the regrade page

from . import grading, jobs, lti, packs

CHUNK = 250
#: Worker processes grading a chunk side by side (1: everything in the requesting process).
WORKERS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
#: Chunks smaller than this are graded in the requesting process: handing them to workers costs more.
PARALLEL_FROM = 64


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
    # the version the class's teacher sees under that number: their own copy, else the shared one
    group = store.get_class(db, assignment.class_id)
    record = (
        packs.visible(db, group.teacher_id, assignment.pack, version) if group and group.teacher_id else None
    )
    owner = record.owner_id if record is not None else assignment.pack_owner
    with db.atomic():
        job = store.start_regrade(db, assignment.id, version, total, owner)
        store.enqueue_job(db, "regrade", str(job.id))
    return job


#: How long the progress page holds a regrade for one chunk (given back at once after it).
POLL_LEASE_SECONDS = 120


def advance(db: store.Database, job: store.RegradeRecord) -> Progress:
    """The progress page's polling: the next chunk when no worker holds the job (taken for that chunk,
    then given back), and the progress."""
    if job.finished_at is None:
        taker = _poller()
        taken = store.take_job(db, taker, POLL_LEASE_SECONDS, kind="regrade", ref=str(job.id))
        if taken is not None:
            try:
                return step(db, job)
            finally:
                store.release_job(db, taken.id, taker)
    current = store.get_regrade(db, job.id)
    return Progress(current, tuple(store.regrade_changes(db, job.id)))  # type: ignore[arg-type]


def _poller() -> str:
    return jobs.taker_name("page")


def run_job(db: store.Database, job: store.Job, renew: Callable[[], bool]) -> None:
    """A worker's run of a regrade job: chunk after chunk to the end, while it holds the job."""
    regrade = store.get_regrade(db, int(job.ref))
    while regrade is not None and not step(db, regrade).finished:
        if not renew():
            return  # taken over: the other taker goes on from the job's counter
        regrade = store.get_regrade(db, regrade.id)


jobs.register("regrade", run_job)


def step(db: store.Database, job: store.RegradeRecord) -> Progress:
    """Grade and store the next chunk of the job if there is one, and give the progress."""
    if job.finished_at is None and job.done < job.total:
        attempts = store.assignment_attempts(
            db, job.assignment_id, submitted=True, offset=job.done, limit=CHUNK
        )
        graded = _grade(db, job, attempts)
        with db.atomic():
            claimed = store.claim_regrade_chunk(db, job.id, job.done, CHUNK)
            if claimed:
                store.store_regraded(db, job.id, graded, job.pack_owner)
        if claimed:
            changed = {attempt_id for attempt_id, _, grade, old in graded if grade["score"] != old}
            for user_id in {a.user_id for a in attempts if a.id in changed}:
                # queued for the workers, which send it to the course's gradebook
                lti.grade_changed(db, job.assignment_id, user_id, send=False)
        job = store.get_regrade(db, job.id)  # type: ignore[assignment]
    if job.finished_at is None and job.done >= job.total:
        store.finish_regrade(db, job.id, job.assignment_id, job.pack_version, job.pack_owner)
        job = store.get_regrade(db, job.id)  # type: ignore[assignment]
        store.finish_jobs_of(db, "regrade", str(job.id))
    return Progress(job, tuple(store.regrade_changes(db, job.id)))


def run(db: store.Database, job: store.RegradeRecord) -> Progress:
    """The whole job at once, here (the command line, the benchmark, tests)."""
    progress = step(db, job)
    while not progress.finished:
        progress = step(db, progress.job)
    return progress


def _grade(db: store.Database, job: store.RegradeRecord, attempts: list[store.Attempt]):
    """(attempt id, version, new grade, old score) of the attempts the version can grade."""
    if not attempts:
        return []
    pack_id = attempts[0].pack
    folder = packs.source(db, pack_id, job.pack_version, job.pack_owner)
    names: dict[int, str] = {}
    logs = store.actions_of(db, [a.id for a in attempts])
    work: list[tuple[int, dict[str, Any]]] = []
    # Attempts of the same world side by side: each world is generated once.
    for attempt in sorted(attempts, key=lambda a: (a.scenario, a.seed, a.id)):
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
        work.append((attempt.id, data))
    old = {a.id: a.score if a.grade else None for a in attempts}  # the score column: no grade JSON parsed
    return [
        (attempt_id, job.pack_version, grade, old[attempt_id])
        for attempt_id, grade in _grade_all(
            folder, work, lambda: packs.grader(db, pack_id, job.pack_version, job.pack_owner)
        )
        if grade is not None  # the new version has no such scenario or world: the old grade stays
    ]


def grade_part(folder: str, work: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict | None]]:
    """What a worker does: grade attempts of the pack version installed in ``folder`` (loaded once per
    process and kept with its worlds); None for an attempt it cannot grade."""
    return _grade_with(grading.grader_at(folder), work)


def _grade_with(grader: Grader, work: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict | None]]:
    graded: list[tuple[int, dict | None]] = []
    for attempt_id, data in work:
        try:
            graded.append((attempt_id, grader.grade(data).as_dict()))  # stored as JSON
        except AttemptError:
            graded.append((attempt_id, None))
    return graded


def _grade_all(
    folder: Path, work: list[tuple[int, dict[str, Any]]], local: Callable[[], Grader]
) -> list[tuple[int, dict | None]]:
    """Grade in worker processes when the chunk is worth it and they can run, else here with ``local()``."""
    pool = _pool() if len(work) >= PARALLEL_FROM and WORKERS > 1 else None
    if pool is not None:
        try:
            futures = [pool.submit(grade_part, str(folder), part) for part in _parts(work, WORKERS)]
        except (BrokenProcessPool, OSError, RuntimeError):
            # a worker died or could not start, or the pool was shut down (the interpreter is exiting while
            # this thread grades): grade here
            _drop_pool(pool)
        else:
            try:
                return [graded for future in futures for graded in future.result()]
            except (BrokenProcessPool, OSError, CancelledError):  # a worker died, or the pool was shut down
                _drop_pool(pool)
    return _grade_with(local(), work)


def _parts(work: list[tuple[int, dict[str, Any]]], count: int) -> list[list[tuple[int, dict[str, Any]]]]:
    """``work`` (sorted by world) cut into ``count`` runs of about the same size, never inside a world."""
    size = -(-len(work) // count)
    parts: list[list[tuple[int, dict[str, Any]]]] = [[]]
    for item in work:
        last = parts[-1]
        same_world = last and (last[-1][1]["scenario"], last[-1][1]["seed"]) == (
            item[1]["scenario"],
            item[1]["seed"],
        )
        if len(last) >= size and not same_world:
            parts.append([])
        parts[-1].append(item)
    return parts


_pool_lock = threading.Lock()
_executor: Executor | None = None
_no_processes = False


def _pool() -> Executor | None:
    """The worker processes, started on first use and kept for the next chunks; None where processes
    cannot be started. Workers come from a fork server (or are spawned): never a fork of a threaded web
    process."""
    global _executor, _no_processes
    with _pool_lock:
        if _executor is None and not _no_processes:
            try:
                methods = multiprocessing.get_all_start_methods()
                context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
                if "forkserver" in methods:
                    context.set_forkserver_preload([__name__])
                _executor = ProcessPoolExecutor(WORKERS, mp_context=context)
            except (OSError, NotImplementedError, ImportError):  # no semaphores, no processes
                _no_processes = True
        return _executor


def _drop_pool(pool: Executor) -> None:
    global _executor
    with _pool_lock:
        if _executor is pool:
            _executor = None
    pool.shutdown(wait=False, cancel_futures=True)


def latest(db: store.Database, assignment: store.AssignmentRecord) -> Progress | None:
    """The assignment's newest regrade (running or finished), with the scores it changed."""
    job = store.last_regrade(db, assignment.id)
    return None if job is None else Progress(job, tuple(store.regrade_changes(db, job.id)))
