"""The SQLite store: connection settings, schema versions, attempts and their action log."""

from __future__ import annotations

import json
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
    assert store.schema_version(db) == store.SCHEMA_VERSION == 4
    assert {"packs", "attempts", "actions", "schema_version", "users", "classes", "class_members"} <= set(
        db.table_names()
    )
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

    def next_add_class(db):
        db.execute("ALTER TABLE attempts ADD COLUMN class_name TEXT")

    db = store.open_db(db_path, migrations=[*store.MIGRATIONS, next_add_class])
    assert store.schema_version(db) == store.SCHEMA_VERSION + 1
    assert "class_name" in db["attempts"].columns_dict
    assert db.execute("SELECT seed FROM attempts WHERE id = ?", [attempt.id]).fetchone()[0] == 42
    db.close()


def test_a_failing_migration_is_rolled_back_and_the_file_stays_at_the_previous_version(db_path):
    store.open_db(db_path).close()

    def next_half_done(db):
        db.execute("CREATE TABLE classes_v3 (id TEXT PRIMARY KEY)")
        db["classes_v3"].insert({"id": "BTS-CG-1"})
        raise RuntimeError("migration bug")

    with pytest.raises(RuntimeError, match="migration bug"):
        store.open_db(db_path, migrations=[*store.MIGRATIONS, next_half_done])

    db = store.open_db(db_path)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    assert "classes_v3" not in db.table_names()
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


# --- schema v2: owners, sequence checks, freeze, grades, users ---------------------------------------------


def test_a_v1_file_migrates_to_v2_and_its_attempts_keep_their_actions(db_path):
    db = store.open_db(db_path, migrations=store.MIGRATIONS[:1])
    db["attempts"].insert(
        {
            "student": "lea",
            "pack": "procedure-11",
            "pack_version": "1",
            "scenario": "virement",
            "seed": 7,
            "created_at": "2026-03-02T09:30:00+00:00",
        }
    )
    db.close()
    db = store.open_db(db_path)
    store.append_action(db, 1, {"type": "add_note"})
    attempt = store.get_attempt(db, 1)
    assert (attempt.student, attempt.user_id, attempt.guest_token, attempt.grade) == ("lea", None, None, None)
    db.close()


def test_append_with_the_expected_sequence_number_and_a_conflict_otherwise(db):
    attempt = _attempt(db)
    assert store.append_action(db, attempt.id, {"type": "a"}, expected_seq=1) == 1
    with pytest.raises(store.SequenceConflict):
        store.append_action(db, attempt.id, {"type": "b"}, expected_seq=1)  # someone else got number 1
    assert store.append_action(db, attempt.id, {"type": "b"}, expected_seq=2) == 2
    assert store.list_actions(db, attempt.id) == [{"type": "a"}, {"type": "b"}]


def test_a_submitted_attempt_takes_no_more_actions(db):
    attempt = _attempt(db)
    store.append_action(db, attempt.id, {"type": "a"})
    store.submit_attempt(db, attempt.id)
    with pytest.raises(store.AttemptFrozen):
        store.append_action(db, attempt.id, {"type": "b"})
    with pytest.raises(store.AttemptFrozen):
        store.append_action(db, attempt.id, {"type": "b"}, expected_seq=2)
    assert store.list_actions(db, attempt.id) == [{"type": "a"}]


def test_the_grade_is_stored_with_the_submitted_attempt(db):
    attempt = _attempt(db)
    store.submit_attempt(db, attempt.id)
    stored = store.store_grade(
        db, attempt.id, {"score": 87.5, "message": "Réglé"}, at=datetime(2026, 3, 2, 12, tzinfo=UTC)
    )
    assert stored.grade_data == {"score": 87.5, "message": "Réglé"}
    assert stored.graded_at == "2026-03-02T12:00:00+00:00"


def test_the_grading_version_is_kept_beside_the_grade_and_a_v3_file_reads_its_grades_as_version_1(db_path):
    db = store.open_db(db_path, migrations=store.MIGRATIONS[:3])
    old, new, ungraded = (_attempt(db) for _ in range(3))
    for attempt, grade in ((old, {"score": 87.5}), (new, {"score": 50.0, "grading_version": "2"})):
        store.submit_attempt(db, attempt.id)
        db.execute("UPDATE attempts SET grade = ? WHERE id = ?", [json.dumps(grade), attempt.id])
    db.close()
    db = store.open_db(db_path)  # migration 4
    versions = {a: store.get_attempt(db, a.id).grading_version for a in (old, new, ungraded)}
    assert versions == {old: "1", new: "2", ungraded: None}
    store.store_grade(db, old.id, {"score": 81.3, "grading_version": "2"})
    assert store.get_attempt(db, old.id).grading_version == "2"
    db.close()


def test_users_have_a_unique_email_whatever_its_case(db):
    user = store.create_user(
        db, email="Lea.Martin@example.fr", first_name="Léa", last_name="Martin", password_hash="x"
    )
    assert user.role == "student" and user.full_name == "Léa Martin"
    assert store.find_user_by_email(db, " lea.martin@EXAMPLE.fr") == user
    assert store.get_user(db, user.id) == user
    with pytest.raises(store.EmailTaken):
        store.create_user(db, email="LEA.MARTIN@example.fr", first_name="L", last_name="M", password_hash="y")
    with pytest.raises(sqlite3.IntegrityError):
        store.create_user(
            db, email="b@example.fr", first_name="B", last_name="B", password_hash="y", role="admin"
        )


def test_guest_attempts_are_claimed_by_an_account(db):
    user = store.create_user(db, email="a@example.fr", first_name="A", last_name="B", password_hash="x")
    mine = _attempt(db, student="", guest_token="tok-1")
    other = _attempt(db, student="", guest_token="tok-2")
    assert store.claim_guest_attempts(db, "tok-1", user.id) == 1
    assert [a.id for a in store.list_owned_attempts(db, user_id=user.id)] == [mine.id]
    assert [a.id for a in store.list_owned_attempts(db, guest_token="tok-2")] == [other.id]
    assert store.list_owned_attempts(db, guest_token="tok-1") == []
    assert store.list_owned_attempts(db) == []


def test_a_student_belongs_to_classes(db):
    teacher = store.create_user(
        db, email="t@example.fr", first_name="T", last_name="P", password_hash="x", role="teacher"
    )
    student = store.create_user(db, email="s@example.fr", first_name="S", last_name="E", password_hash="x")
    one, two = store.create_class(db, "BTS CG 1", teacher.id), store.create_class(db, "BTS CG 2", teacher.id)
    store.add_class_member(db, two, student.id)
    store.add_class_member(db, one, student.id)
    store.add_class_member(db, one, student.id)  # joining twice is harmless
    assert store.classes_of(db, student.id) == [one, two]
