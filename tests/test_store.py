"""The SQLite store: connection settings, schema versions, attempts and their action log."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlite_utils

from simulator import store


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "instance" / "simulator.db"


@pytest.fixture
def db(db_path):
    db = store.open_db(db_path)
    yield db
    db.close()


def _attempt(db, **overrides):
    fields = {
        "student": "lea.martin",
        "pack": "procedure-11",
        "pack_version": "1",
        "scenario": "escompte",
        "seed": 42,
        "at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    }
    fields.update(overrides)
    return store.create_attempt(db, **fields)


# --- connection ---------------------------------------------------------------------------------------------


def test_fresh_file_is_created_with_its_folder_at_the_latest_version(db_path):
    assert not db_path.parent.exists()
    db = store.open_db(db_path)
    assert db_path.exists()
    assert store.schema_version(db) == store.SCHEMA_VERSION == 1
    assert {"packs", "attempts", "actions", "schema_version"} <= set(db.table_names())
    db.close()


def test_every_connection_has_wal_foreign_keys_and_busy_timeout(db_path):
    store.open_db(db_path).close()
    db = store.open_db(db_path)  # a second connection must get the settings too
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS
    db.close()


# --- migrations ---------------------------------------------------------------------------------------------


def test_reopening_does_not_rerun_migrations(db_path):
    calls = []

    def counted_v1(db):
        calls.append(1)
        store.MIGRATIONS[0](db)

    store.open_db(db_path, migrations=[counted_v1]).close()
    db = store.open_db(db_path, migrations=[counted_v1])
    assert calls == [1]
    assert db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 1
    db.close()


def test_existing_file_migrates_to_a_later_version_and_keeps_its_data(db_path):
    db = store.open_db(db_path)
    attempt = _attempt(db)
    db.close()

    def v2_add_class(db):
        db.execute("ALTER TABLE attempts ADD COLUMN class_name TEXT")

    db = store.open_db(db_path, migrations=[*store.MIGRATIONS, v2_add_class])
    assert store.schema_version(db) == 2
    assert "class_name" in db["attempts"].columns_dict
    assert db.execute("SELECT seed FROM attempts WHERE id = ?", [attempt.id]).fetchone()[0] == 42
    db.close()


def test_a_failing_migration_is_rolled_back_and_the_file_stays_at_the_previous_version(db_path):
    store.open_db(db_path).close()

    def v2_half_done(db):
        db.execute("CREATE TABLE classes (id TEXT PRIMARY KEY)")
        db["classes"].insert({"id": "BTS-CG-1"})
        raise RuntimeError("migration bug")

    with pytest.raises(RuntimeError, match="migration bug"):
        store.open_db(db_path, migrations=[*store.MIGRATIONS, v2_half_done])

    db = store.open_db(db_path)
    assert store.schema_version(db) == 1
    assert "classes" not in db.table_names()
    db.close()


def test_a_file_from_a_newer_simulator_is_refused(db_path):
    store.open_db(db_path, migrations=[*store.MIGRATIONS, lambda db: None]).close()
    with pytest.raises(store.SchemaTooNew):
        store.open_db(db_path)


def test_processes_starting_together_apply_each_migration_once(db_path):
    applied = []
    errors = []

    def slow_v1(db):
        applied.append(threading.get_ident())
        time.sleep(0.05)  # widen the window in which another starter could read version 0
        store.MIGRATIONS[0](db)

    def start():
        try:
            store.open_db(db_path, migrations=[slow_v1]).close()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(applied) == 1


# --- attempts and actions ---------------------------------------------------------------------------


def test_attempt_round_trips(db):
    attempt = _attempt(db)
    assert store.get_attempt(db, attempt.id) == attempt
    assert attempt.created_at == "2026-03-02T09:30:00+00:00"
    assert attempt.submitted_at is None
    assert store.get_attempt(db, attempt.id + 1) is None


def test_timestamps_are_stored_in_utc_and_naive_ones_refused(db):
    paris = timezone(timedelta(hours=1))
    attempt = _attempt(db, at=datetime(2026, 3, 2, 10, 30, tzinfo=paris))
    assert attempt.created_at == "2026-03-02T09:30:00+00:00"
    with pytest.raises(ValueError):
        _attempt(db, at=datetime(2026, 3, 2, 10, 30))


def test_actions_come_back_in_order_with_their_sequence_numbers(db):
    attempt = _attempt(db)
    first = {
        "type": "register_payment",
        "customer": "C1",
        "amount": "962.44",
        "documents": ["FAC/2026/00012"],
    }
    second = {"type": "log_call", "customer": "C2", "date": "2026-03-02", "note": "Règlement promis vendredi"}
    assert store.append_action(db, attempt.id, first) == 1
    assert store.append_action(db, attempt.id, second) == 2
    assert store.list_actions(db, attempt.id) == [first, second]


def test_each_attempt_has_its_own_sequence(db):
    one, two = _attempt(db), _attempt(db, student="hugo.bernard")
    store.append_action(db, one.id, {"type": "add_note"})
    assert store.append_action(db, two.id, {"type": "add_note"}) == 1
    assert store.list_actions(db, one.id) == [{"type": "add_note"}]


def test_an_action_must_be_a_json_object(db):
    attempt = _attempt(db)
    with pytest.raises(TypeError):
        store.append_action(db, attempt.id, ["register_payment"])
    with pytest.raises(TypeError):
        store.append_action(db, attempt.id, {"amount": object()})
    assert store.list_actions(db, attempt.id) == []


def test_foreign_keys_refuse_actions_of_an_unknown_attempt(db):
    with pytest.raises(sqlite3.IntegrityError):
        store.append_action(db, 999, {"type": "add_note"})
    assert db.execute("SELECT COUNT(*) FROM actions").fetchone()[0] == 0


def test_deleting_an_attempt_deletes_its_actions(db):
    attempt = _attempt(db)
    store.append_action(db, attempt.id, {"type": "add_note"})
    db.execute("DELETE FROM attempts WHERE id = ?", [attempt.id])
    assert db.execute("SELECT COUNT(*) FROM actions").fetchone()[0] == 0


def test_submission_time_is_kept_from_the_first_submission(db):
    attempt = _attempt(db)
    first = store.submit_attempt(db, attempt.id, at=datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
    again = store.submit_attempt(db, attempt.id, at=datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    assert first.submitted_at == again.submitted_at == "2026-03-02T11:00:00+00:00"
    with pytest.raises(KeyError):
        store.submit_attempt(db, 999)


def test_attempts_of_a_student_oldest_first(db):
    first, _, third = _attempt(db), _attempt(db, student="hugo.bernard"), _attempt(db, scenario="cheque")
    assert [a.id for a in store.list_attempts(db, "lea.martin")] == [first.id, third.id]


def test_reloading_a_pack_updates_its_record(db):
    store.record_pack(db, "procedure-11", "1", "Procédure 11", "/a", at=datetime(2026, 1, 1, tzinfo=UTC))
    store.record_pack(db, "procedure-11", "1", "Procédure 11", "/b", at=datetime(2026, 1, 2, tzinfo=UTC))
    store.record_pack(db, "procedure-11", "2", "Procédure 11", "/b", at=datetime(2026, 1, 2, tzinfo=UTC))
    packs = store.list_packs(db)
    assert [(p.version, p.source) for p in packs] == [("1", "/b"), ("2", "/b")]


def test_store_returns_a_sqlite_utils_database(db):
    assert isinstance(db, sqlite_utils.Database)
