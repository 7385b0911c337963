"""The store on both engines (SQLite file, PostgreSQL database): connection settings, schema versions,
attempts and their action log, accounts and classes."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from simulator import store


@pytest.fixture
def db_path(tmp_path):
    """A SQLite file (tests of what only SQLite has)."""
    return tmp_path / "instance" / "simulator.db"


@pytest.fixture
def db(db_address):
    db = store.open_db(db_address)
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
    assert store.schema_version(db) == store.SCHEMA_VERSION == 7
    db.close()


def test_a_new_database_is_brought_to_the_latest_version_on_both_engines(db_address):
    db = store.open_db(db_address)
    assert store.schema_version(db) == store.SCHEMA_VERSION == 7
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


def test_reopening_does_not_rerun_migrations(db_address):
    calls = []

    def counted_v1(db):
        calls.append(1)
        store.MIGRATIONS[0](db)

    store.open_db(db_address, migrations=[counted_v1]).close()
    db = store.open_db(db_address, migrations=[counted_v1])
    assert calls == [1]
    assert db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 1
    db.close()


def test_existing_file_migrates_to_a_later_version_and_keeps_its_data(db_address):
    db = store.open_db(db_address)
    attempt = _attempt(db)
    db.close()

    def next_add_class(db):
        db.execute("ALTER TABLE attempts ADD COLUMN class_name TEXT")

    db = store.open_db(db_address, migrations=[*store.MIGRATIONS, next_add_class])
    assert store.schema_version(db) == store.SCHEMA_VERSION + 1
    assert "class_name" in db.columns("attempts")
    assert db.execute("SELECT seed FROM attempts WHERE id = ?", [attempt.id]).fetchone()[0] == 42
    db.close()


def test_a_failing_migration_is_rolled_back_and_the_file_stays_at_the_previous_version(db_address):
    store.open_db(db_address).close()

    def next_half_done(db):
        db.execute("CREATE TABLE classes_v3 (id TEXT PRIMARY KEY)")
        db.execute("INSERT INTO classes_v3 (id) VALUES ('BTS-CG-1')")
        raise RuntimeError("migration bug")

    with pytest.raises(RuntimeError, match="migration bug"):
        store.open_db(db_address, migrations=[*store.MIGRATIONS, next_half_done])

    db = store.open_db(db_address)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    assert "classes_v3" not in db.table_names()
    db.close()


def test_a_file_from_a_newer_simulator_is_refused(db_address):
    store.open_db(db_address, migrations=[*store.MIGRATIONS, lambda db: None]).close()
    with pytest.raises(store.SchemaTooNew):
        store.open_db(db_address)


def test_processes_starting_together_apply_each_migration_once(db_address):
    applied = []
    errors = []

    def slow_v1(db):
        applied.append(threading.get_ident())
        time.sleep(0.05)  # widen the window in which another starter could read version 0
        store.MIGRATIONS[0](db)

    def start():
        try:
            store.open_db(db_address, migrations=[slow_v1]).close()
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
    with pytest.raises(store.IntegrityError) as refused:
        store.append_action(db, 999, {"type": "add_note"})
    assert refused.value.kind == "foreign_key"
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


def test_a_sqlite_database_keeps_its_sqlite_utils_side_and_a_postgresql_one_has_none(db, engine):
    if engine == "sqlite":
        assert db.sqlite.conn is db.conn and not db.is_postgresql
    else:
        assert db.is_postgresql
        with pytest.raises(TypeError):
            db.sqlite  # noqa: B018


# --- schema v2: owners, sequence checks, freeze, grades, users ---------------------------------------------


def test_a_v1_file_migrates_to_v2_and_its_attempts_keep_their_actions(db_address):
    db = store.open_db(db_address, migrations=store.MIGRATIONS[:1])
    db.execute(
        "INSERT INTO attempts (student, pack, pack_version, scenario, seed, created_at) "
        "VALUES ('lea', 'procedure-11', '1', 'virement', 7, '2026-03-02T09:30:00+00:00')"
    )
    db.close()
    db = store.open_db(db_address)
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


def test_two_tabs_appending_after_the_same_read_one_wins_the_other_conflicts(db, db_address):
    attempt = _attempt(db)
    store.append_action(db, attempt.id, {"type": "a"})
    barrier, outcomes = threading.Barrier(3, timeout=20), []

    def tab(number):
        tab_db = store.open_db(db_address)  # each request has its own connection
        try:
            barrier.wait()
            outcomes.append(
                store.append_action(tab_db, attempt.id, {"type": f"tab {number}"}, expected_seq=2)
            )
        except store.SequenceConflict:
            outcomes.append("conflict")
        finally:
            tab_db.close()

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [2, "conflict", "conflict"]
    assert len(store.list_actions(db, attempt.id)) == 2


def test_appends_from_many_connections_get_every_number_once(db, db_address):
    attempt = _attempt(db)

    def worker(number):
        worker_db = store.open_db(db_address)
        try:
            for k in range(10):
                store.append_action(worker_db, attempt.id, {"worker": number, "k": k})
        finally:
            worker_db.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seqs = [
        row[0]
        for row in db.execute("SELECT seq FROM actions WHERE attempt_id = ? ORDER BY seq", [attempt.id])
    ]
    assert seqs == list(range(1, 31))
    actions = store.list_actions(db, attempt.id)
    for number in range(3):  # each connection's actions in the order it made them
        assert [a["k"] for a in actions if a["worker"] == number] == list(range(10))


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


def test_the_grading_version_is_kept_beside_the_grade_and_a_v5_base_reads_its_grades_as_version_1(db_address):
    db = store.open_db(db_address, migrations=store.MIGRATIONS[:5])
    old, new, ungraded = (_attempt(db) for _ in range(3))
    for attempt, grade in ((old, {"score": 87.5}), (new, {"score": 50.0, "grading_version": "2"})):
        db.execute(  # submitted and graded as a v5 database holds it (no grading_version column yet)
            "UPDATE attempts SET submitted_at = ?, grade = ? WHERE id = ?",
            ["2026-03-02T12:00:00+00:00", json.dumps(grade), attempt.id],
        )
    db.close()
    db = store.open_db(db_address)  # migration 6
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
    with pytest.raises(store.IntegrityError) as refused:
        store.create_user(
            db, email="b@example.fr", first_name="B", last_name="B", password_hash="y", role="admin"
        )
    assert refused.value.kind == "check"


def test_guest_attempts_are_claimed_by_an_account(db):
    user = store.create_user(db, email="a@example.fr", first_name="A", last_name="B", password_hash="x")
    mine = _attempt(db, student="", guest_token="tok-1")
    other = _attempt(db, student="", guest_token="tok-2")
    assert store.claim_guest_attempts(db, "tok-1", user.id) == 1
    assert [a.id for a in store.list_owned_attempts(db, user_id=user.id)] == [mine.id]
    assert [a.id for a in store.list_owned_attempts(db, guest_token="tok-2")] == [other.id]
    assert store.list_owned_attempts(db, guest_token="tok-1") == []
    assert store.list_owned_attempts(db) == []


def test_a_student_belongs_to_classes_and_the_teacher_sees_them_by_name(db):
    teacher = store.create_user(
        db, email="t@example.fr", first_name="T", last_name="P", password_hash="x", role="teacher"
    )
    student = store.create_user(db, email="s@example.fr", first_name="S", last_name="E", password_hash="x")
    two = store.create_teacher_class(db, "BTS CG 2", teacher.id, "CODE-2")
    one = store.create_teacher_class(db, "bts CG 1", teacher.id, "CODE-1")
    with pytest.raises(store.JoinCodeTaken):
        store.create_teacher_class(db, "BTS CG 3", teacher.id, "CODE-1")
    store.add_class_member(db, two.id, student.id)
    store.add_class_member(db, one.id, student.id)
    store.add_class_member(db, one.id, student.id)  # joining twice is harmless
    # by name whatever its case: "bts CG 1" before "BTS CG 2" (a byte order would put "B" before "b")
    assert [(c.name, n) for c, n in store.teacher_classes(db, teacher.id)] == [
        ("bts CG 1", 1),
        ("BTS CG 2", 1),
    ]
    assert store.is_member(db, one.id, student.id) and store.is_member(db, two.id, student.id)
    assert store.find_class_by_code(db, "CODE-2") == two
    assert [m.full_name for m in store.class_members(db, one.id)] == ["S E"]
    assert store.remove_class_member(db, one.id, student.id)
    assert not store.is_member(db, one.id, student.id)


# --- LTI ------------------------------------------------------------------------------------------------------

MOODLE = {
    "name": "Moodle",
    "issuer": "https://moodle.example",
    "client_id": "c1",
    "auth_login_url": "https://moodle.example/auth",
    "auth_token_url": "https://moodle.example/token",
    "key_set_url": "https://moodle.example/certs",
    "owner_id": None,
}


def test_a_platform_is_registered_once_per_issuer_and_client_id(db):
    first = store.create_platform(db, ["1", "2"], **MOODLE)
    with pytest.raises(store.PlatformTaken):
        store.create_platform(db, ["3"], **MOODLE)
    other = store.create_platform(db, ["3"], **{**MOODLE, "client_id": "c2"})
    assert store.deployments(db, first.id) == ["1", "2"] and store.deployments(db, other.id) == ["3"]
    assert store.find_platform(db, "https://moodle.example") == first  # the oldest
    assert store.find_platform(db, "https://moodle.example", "c2") == other


def test_a_launch_without_email_keeps_the_one_the_platform_gave_before(db):
    platform = store.create_platform(db, ["1"], **MOODLE)
    user = store.create_user(db, email="lti-1@inner", first_name="Léa", last_name="M", password_hash="")
    store.link_lti_user(db, platform.id, "sub-1", user.id, "lea@moodle.fr", launched=False)
    store.link_lti_user(db, platform.id, "sub-1", user.id, None, launched=True)
    account = store.lti_account(db, user.id)
    assert account["email"] == "lea@moodle.fr" and account["last_launch_at"] is not None
    assert store.lti_user(db, platform.id, "sub-1") == user


def test_a_deep_link_is_bound_to_its_resource_link_at_the_first_launch(db):
    platform = store.create_platform(db, ["1"], **MOODLE)
    teacher = store.create_user(db, email="t@l.fr", first_name="T", last_name="P", password_hash="h")
    group = store.create_teacher_class(db, "BTS", teacher.id, "ABCD-0001")
    assignment = store.create_assignment(
        db, class_id=group.id, title="Devoir", pack="p", pack_version="1", scenarios=["s"],
        opens_at=datetime(2026, 3, 2, tzinfo=UTC), closes_at=datetime(2026, 3, 9, tzinfo=UTC),
        mode="practice", max_submissions=None, feedback="immediate", seed_policy="per_student",
    )  # fmt: skip
    store.link_assignment(db, platform.id, assignment.id, None, "https://moodle.example/items/1")
    store.link_assignment(db, platform.id, assignment.id, "rl-1", None)
    assert store.assignment_links(db, assignment.id) == [
        {
            "platform_id": platform.id,
            "resource_link_id": "rl-1",
            "assignment_id": assignment.id,
            "lineitem_url": "https://moodle.example/items/1",  # kept from the deep link
        }
    ]
    # a newer grade replaces one not sent yet; the outcome of the older send is not recorded on it
    store.queue_grade_send(db, assignment.id, teacher.id, {"scoreGiven": 10})
    [older] = store.pending_grade_sends(db)
    store.queue_grade_send(db, assignment.id, teacher.id, {"scoreGiven": 12})
    store.grade_send_done(db, assignment.id, teacher.id, older["queued_at"], None)
    [pending] = store.pending_grade_sends(db, assignment.id)
    assert pending["payload"] == {"scoreGiven": 12} and pending["tries"] == 0
    store.grade_send_done(db, assignment.id, teacher.id, pending["queued_at"], "HTTP 500")
    store.grade_send_done(db, assignment.id, teacher.id, pending["queued_at"], None)
    assert store.pending_grade_sends(db) == []


def test_launch_data_expires_and_a_nonce_is_taken_once(db):
    store.put_launch_data(db, "state-1", {"a": 1}, expires_at=100.0)
    store.put_launch_data(db, "state-1", {"a": 2}, expires_at=200.0)  # replaced
    assert store.get_launch_data(db, "state-1", now=150.0) == {"a": 2}
    assert store.get_launch_data(db, "state-1", now=200.0) is None
    assert store.take_launch_data(db, "state-1", now=150.0)
    assert not store.take_launch_data(db, "state-1", now=150.0)
    store.put_launch_data(db, "old", 1, expires_at=10.0)
    store.forget_expired_launch_data(db, now=10.0)
    assert db.execute("SELECT COUNT(*) FROM lti_launch_data").fetchone()[0] == 0


def test_the_database_folder_is_the_sqlite_files(db, db_address, engine):
    if engine == "sqlite":
        assert store.database_folder(db) == db_address.parent
    else:
        with pytest.raises(ValueError):
            store.database_folder(db)
