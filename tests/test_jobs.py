"""Background jobs any host may take, on both engines: one taker at a time for a lease, a job whose taker died
taken over when its lease runs out, failed tries retried with back-off then given up with their error."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from simulator import services, store

LEASE = 60


@pytest.fixture
def db(db_address):
    db = store.open_db(db_address)
    yield db
    db.close()


def _later(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def test_a_taken_job_is_nobody_elses_until_its_lease_runs_out_then_another_host_resumes_it(db):
    store.enqueue_job(db, "regrade", "7")
    t0 = _later(1)
    a = store.take_job(db, "host-a", LEASE, at=t0)
    assert (a.kind, a.ref, a.taken_by) == ("regrade", "7", "host-a")
    assert store.take_job(db, "host-b", LEASE, at=t0 + timedelta(seconds=59)) is None  # host-a holds it
    # host-a died: 60 s after it took the job, host-b takes it over
    b = store.take_job(db, "host-b", LEASE, at=t0 + timedelta(seconds=61))
    assert (b.id, b.taken_by) == (a.id, "host-b")
    assert not store.renew_job(db, a.id, "host-a", LEASE)  # host-a, back, learns it lost the job
    assert not store.finish_job(db, a.id, "host-a")
    assert store.renew_job(db, b.id, "host-b", LEASE)
    assert store.finish_job(db, b.id, "host-b")
    assert store.get_job(db, a.id).state == "done"
    assert store.take_job(db, "host-c", LEASE, at=t0 + timedelta(hours=1)) is None  # done is done


def test_a_given_back_job_is_taken_again_at_once_and_one_job_is_queued_per_work(db):
    store.enqueue_job(db, "lti_send", "3:4")
    store.enqueue_job(db, "lti_send", "3:4")  # the same work: still one job
    job = store.take_job(db, "host-a", LEASE, at=_later(1))
    store.release_job(db, job.id, "host-a")
    assert store.take_job(db, "host-b", LEASE, at=_later(1)).id == job.id
    assert [j.id for j in store.jobs_of(db, "lti_send", "3:4")] == [job.id]


def test_two_takers_never_take_the_same_job(db_address):
    setup = store.open_db(db_address)
    for n in range(30):
        store.enqueue_job(setup, "lti_send", f"1:{n}")
    setup.close()
    taken: dict[str, list[int]] = {}
    start = threading.Barrier(4)

    def take(name: str) -> None:
        db = store.connect(db_address)
        mine = taken.setdefault(name, [])
        start.wait()
        try:
            while (job := store.take_job(db, name, LEASE, at=_later(1))) is not None:
                mine.append(job.id)
        finally:
            db.close()

    threads = [threading.Thread(target=take, args=(f"host-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    every = [job_id for ids in taken.values() for job_id in ids]
    assert len(every) == 30 and len(set(every)) == 30  # each job once, none twice


def test_a_failing_job_is_retried_with_back_off_then_given_up_with_its_error(db, monkeypatch):
    calls: list[str] = []

    def refused(db, job, renew):
        calls.append(job.ref)
        raise services.jobs.Retry("la plateforme a répondu 500 (erreur)")

    monkeypatch.setattr(services.jobs, "_handlers", lambda: {"lti_send": refused})
    store.enqueue_job(db, "lti_send", "5:6")
    now = _later(1).replace(microsecond=0)  # timestamps are stored to the second
    waits = []
    for tries in range(1, services.jobs.MAX_TRIES + 1):
        assert services.jobs.run_one(db, "host-a", at=now) is not None
        job = store.jobs_of(db, "lti_send", "5:6")[0]
        assert job.tries == tries
        if tries < services.jobs.MAX_TRIES:
            assert job.taken_by is None  # given back, for any host when it is due
            due = datetime.fromisoformat(job.run_after)
            waits.append(round((due - now).total_seconds()))
            assert services.jobs.run_one(db, "host-a", at=due - timedelta(seconds=1)) is None  # not yet
            now = due
    assert waits == [30, 60, 120, 240]  # doubled after each failure
    assert (job.state, job.last_error) == ("failed", "la plateforme a répondu 500 (erreur)")
    assert len(calls) == services.jobs.MAX_TRIES
    assert services.jobs.run_one(db, "host-a", at=now + timedelta(days=1)) is None  # given up
    store.enqueue_job(db, "lti_send", "5:6")  # a new grade to send: tried again from the start
    assert store.jobs_of(db, "lti_send", "5:6")[-1].state == "queued"


def test_a_job_that_raises_is_counted_and_its_error_kept(db, monkeypatch):
    def broken(db, job, renew):
        raise ValueError("boom")

    monkeypatch.setattr(services.jobs, "_handlers", lambda: {"regrade": broken})
    store.enqueue_job(db, "regrade", "1")
    services.jobs.run_one(db, "host-a", at=_later(1))
    [job] = store.jobs_of(db, "regrade", "1")
    assert (job.state, job.tries, job.last_error) == ("queued", 1, "ValueError: boom")


def test_jobs_run_once_runs_the_due_jobs(db_address, monkeypatch, capsys):
    from simulator import cli

    done: list[str] = []
    monkeypatch.setattr(
        services.jobs, "_handlers", lambda: {"lti_send": lambda db, job, renew: done.append(job.ref)}
    )
    db = store.open_db(db_address)
    for ref in ("1:1", "1:2"):
        store.enqueue_job(db, "lti_send", ref)
    db.close()
    assert cli.main(["jobs", "run", "--once", "--db", str(db_address)]) == 0
    assert sorted(done) == ["1:1", "1:2"] and "Tâches exécutées : 2" in capsys.readouterr().out
