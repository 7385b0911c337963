"""Running the background jobs of the store (:mod:`simulator.store.jobs`): regrades and grades sent to a
platform. Any host may run them: the web process runs one worker thread (see :func:`start_worker`) and
``simulator jobs run`` runs the same loop on its own.

A job's handler gets the job and a ``renew`` function it calls between steps (a regrade's chunks): False
means the lease was lost (the host was too slow and another took the job over), and the handler stops. A
handler returns when the job is done, raises :class:`Retry` when it should be tried again later (a platform
that did not answer), or raises anything else (counted as a failed try, its message kept). A job that failed
``MAX_TRIES`` times is given up: ``failed``, with its last error, which the teacher sees.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from simulator import store

log = logging.getLogger(__name__)

#: How long a taken job stays a host's without news (a handler renews it after each step).
LEASE_SECONDS = 60
#: Failed tries before a job is given up, and the wait after the first failure (doubled after each).
MAX_TRIES = 5
BACKOFF_SECONDS = 30
#: How often an idle worker looks for a due job.
POLL_SECONDS = 2.0

Renew = Callable[[], bool]
Handler = Callable[[store.Database, store.Job, Renew], None]


class Retry(Exception):
    """Try the job again later: ``count`` when the try failed (back-off, given up after ``MAX_TRIES``),
    else it simply has more to do (taken again at once)."""

    def __init__(self, error: str | None, count: bool = True) -> None:
        super().__init__(error)
        self.error = error
        self.count = count


def taker_name(role: str = "worker") -> str:
    """Who holds a lease: this host, process and thread (shown to whoever looks at the table)."""
    return f"{socket.gethostname()}:{os.getpid()}:{role}:{threading.get_ident()}"


#: kind -> handler, registered by the modules that do the work (regrade, lti) when they are imported, which
#: importing ``simulator.services`` does: this module depends on none of them.
_HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    _HANDLERS[kind] = handler


def _handlers() -> dict[str, Handler]:
    return _HANDLERS


def backoff(tries: int) -> timedelta:
    """The wait after the ``tries``-th failed try: 30 s, 1 min, 2 min, 4 min…"""
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** max(tries - 1, 0))


def run_one(
    db: store.Database,
    taker: str | None = None,
    kind: str | None = None,
    ref: str | None = None,
    at: datetime | None = None,
) -> store.Job | None:
    """Take one due job (of ``kind``, for ``ref``) and run it; the job as it was taken, None when none was
    due or free."""
    taker = taker or taker_name()
    job = store.take_job(db, taker, LEASE_SECONDS, at=at, kind=kind, ref=ref)
    if job is None:
        return None
    handler = _handlers()[job.kind]
    try:
        handler(db, job, lambda: store.renew_job(db, job.id, taker, LEASE_SECONDS))
    except Retry as retry:
        _failed(db, job, taker, retry.error, retry.count, at)
    except Exception as error:  # a bug or a lost database: counted, kept for whoever looks, retried
        log.exception("job %s %s failed", job.kind, job.ref)
        _failed(db, job, taker, f"{error.__class__.__name__}: {str(error)[:300]}", True, at)
    else:
        store.finish_job(db, job.id, taker)
    return job


def _failed(
    db: store.Database, job: store.Job, taker: str, error: str | None, count: bool, at: datetime | None
) -> None:
    tries = job.tries + (1 if count else 0)
    if count and tries >= MAX_TRIES:
        store.finish_job(db, job.id, taker, "failed", error)
        return
    now = at or datetime.now(UTC)
    store.retry_job(db, job.id, taker, error, now + backoff(tries) if count else now, count=count)


def run_due(db: store.Database, taker: str | None = None) -> int:
    """Run jobs until none is due; how many were run (``simulator jobs run --once``)."""
    count = 0
    while run_one(db, taker) is not None:
        count += 1
    return count


def work(address: str, stop: threading.Event, taker: str | None = None, poll: float | None = None) -> None:
    """The worker loop: run the due jobs, wait ``poll`` seconds (``POLL_SECONDS``), again, until ``stop`` is
    set. A database that does not answer is waited for (logged), never a crash."""
    taker = taker or taker_name()
    poll = POLL_SECONDS if poll is None else poll
    while not stop.is_set():
        try:
            db = store.connect(address)
            try:
                while not stop.is_set() and run_one(db, taker) is not None:
                    pass
            finally:
                db.close()
        except Exception:
            log.exception("jobs worker: database error, trying again in %s s", poll)
        stop.wait(poll)


_worker: tuple[int, threading.Thread, threading.Event] | None = None
_worker_lock = threading.Lock()


def start_worker(address: str) -> threading.Event:
    """This process's worker thread (started once per process; a daemon: it ends with the process, and a
    job it held is taken over when its lease expires). Set the returned event to stop it."""
    global _worker
    with _worker_lock:
        if _worker is not None and _worker[0] == os.getpid() and _worker[1].is_alive():
            return _worker[2]
        stop = threading.Event()
        thread = threading.Thread(target=work, args=(address, stop), name="lettrage-jobs", daemon=True)
        thread.start()
        _worker = (os.getpid(), thread, stop)
        return stop
