"""The SQLite file, through sqlite-utils: connections, the versioned schema, and the small reads and writes
the rest of the project needs. This is the only module that writes SQL.

Attempts are stored as (pack, version, scenario, seed) plus an append-only log of actions; the books are
never stored, they are replayed from the log.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

#: The database type the rest of the project may name without importing sqlite-utils.
Database = sqlite_utils.Database

BUSY_TIMEOUT_MS = 5000

Migration = Callable[[sqlite_utils.Database], None]


# --- schema -----------------------------------------------------------------------------------------------


def _v1_packs_attempts_actions(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE packs (
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            student TEXT NOT NULL,
            pack TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            scenario TEXT NOT NULL,
            seed INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            submitted_at TEXT
        );
        CREATE INDEX attempts_student ON attempts (student);
        CREATE TABLE actions (
            attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            payload TEXT NOT NULL CHECK (json_valid(payload)),
            created_at TEXT NOT NULL,
            PRIMARY KEY (attempt_id, seq)
        );
        """
    )


def _v2_users_classes_owners_grades(db: sqlite_utils.Database) -> None:
    """Accounts (students and teachers), classes ready for the teacher issue, and attempts that belong to
    a user or to a guest's browser session and keep their grade."""
    db.executescript(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT 'student' CHECK (role IN ('student', 'teacher')),
            created_at TEXT NOT NULL
        );
        CREATE TABLE classes (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            teacher_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE class_members (
            class_id INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (class_id, user_id)
        );
        ALTER TABLE attempts ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE CASCADE;
        ALTER TABLE attempts ADD COLUMN guest_token TEXT;
        ALTER TABLE attempts ADD COLUMN grade TEXT CHECK (grade IS NULL OR json_valid(grade));
        ALTER TABLE attempts ADD COLUMN graded_at TEXT;
        CREATE INDEX attempts_user ON attempts (user_id);
        CREATE INDEX attempts_guest ON attempts (guest_token);
        """
    )


def _v3_teachers_packs_assignments(db: sqlite_utils.Database) -> None:
    """The teacher's side: one-time links (stored hashed), class join codes, who installed a pack version,
    assignments (devoirs) and the attempts made for them, regrade jobs and the scores they changed."""
    db.executescript(
        """
        CREATE TABLE tokens (
            token_hash TEXT PRIMARY KEY,
            purpose TEXT NOT NULL CHECK (purpose IN ('first_teacher', 'set_password')),
            user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            created_at TEXT NOT NULL
        );
        ALTER TABLE classes ADD COLUMN join_code TEXT;
        CREATE UNIQUE INDEX classes_join_code ON classes (join_code);
        CREATE INDEX classes_teacher ON classes (teacher_id);
        ALTER TABLE packs ADD COLUMN owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
        CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            class_id INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            pack TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            scenarios TEXT NOT NULL CHECK (json_valid(scenarios)),
            opens_at TEXT NOT NULL,
            closes_at TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam')),
            max_submissions INTEGER,
            feedback TEXT NOT NULL CHECK (feedback IN ('immediate', 'after_close')),
            seed_policy TEXT NOT NULL CHECK (seed_policy IN ('per_student', 'per_attempt')),
            created_at TEXT NOT NULL
        );
        CREATE INDEX assignments_class ON assignments (class_id);
        ALTER TABLE attempts ADD COLUMN assignment_id INTEGER REFERENCES assignments (id) ON DELETE SET NULL;
        -- The grade's score beside its JSON: a gradebook reads thousands without parsing each grade.
        ALTER TABLE attempts ADD COLUMN score REAL;
        UPDATE attempts SET score = json_extract(grade, '$.score') WHERE grade IS NOT NULL;
        CREATE INDEX attempts_assignment ON attempts (assignment_id, user_id);
        CREATE TABLE regrades (
            id INTEGER PRIMARY KEY,
            assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
            pack_version TEXT NOT NULL,
            total INTEGER NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE UNIQUE INDEX regrades_one_running ON regrades (assignment_id) WHERE finished_at IS NULL;
        CREATE TABLE regrade_changes (
            regrade_id INTEGER NOT NULL REFERENCES regrades (id) ON DELETE CASCADE,
            attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            old_score REAL,
            new_score REAL NOT NULL,
            PRIMARY KEY (regrade_id, attempt_id)
        );
        """
    )


def _v4_grading_version(db: sqlite_utils.Database) -> None:
    """The grading version of each stored grade beside its JSON, as the score is: the gradebook counts the
    grades of an older version without parsing thousands of grades. A grade stored before grades carried
    one was made by version 1."""
    db.executescript(
        """
        ALTER TABLE attempts ADD COLUMN grading_version TEXT;
        UPDATE attempts SET grading_version = COALESCE(json_extract(grade, '$.grading_version'), '1')
            WHERE grade IS NOT NULL;
        """
    )


#: Applied in order; migration ``n`` (1-based) brings the file to schema version ``n``. Append, never edit:
#: files in classrooms are already at the versions that exist.
MIGRATIONS: tuple[Migration, ...] = (
    _v1_packs_attempts_actions,
    _v2_users_classes_owners_grades,
    _v3_teachers_packs_assignments,
    _v4_grading_version,
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The file was written by a newer version of the simulator than this one."""


def open_db(path: str | Path, migrations: Sequence[Migration] = MIGRATIONS) -> sqlite_utils.Database:
    """Open (creating if needed) the SQLite file at ``path``, with WAL, foreign keys and a busy timeout,
    and bring its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    # Per connection, and only effective outside a transaction.
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.enable_wal()
    migrate(db, migrations)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    """The version the file is at; 0 for a new file."""
    if not db["schema_version"].exists():
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(db: sqlite_utils.Database, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the migrations the file has not seen yet, each in its own transaction; return the version.

    A migration that fails is rolled back entirely and the file stays at the previous version.
    """
    target = len(migrations)
    current = schema_version(db)
    if current > target:
        raise SchemaTooNew(
            f"the database is at schema version {current}; this simulator knows up to {target}"
        )
    if current == target:
        return current
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    while True:
        with db.atomic():
            # Take the write lock before reading the version: two processes starting together
            # (gunicorn -w 2) must not both apply the same migration.
            db.execute("UPDATE schema_version SET version = version WHERE 0")
            current = schema_version(db)
            if current >= target:
                return current
            migrations[current](db)
            db["schema_version"].insert({"version": current + 1, "applied_at": _now()})


# --- values -----------------------------------------------------------------------------------------------


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
    grading_version: str | None = None  # the stored grade's grading version (schema v4)

    @property
    def grade_data(self) -> dict[str, Any] | None:
        return json.loads(self.grade) if self.grade else None


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    first_name: str
    last_name: str
    password_hash: str
    role: str
    created_at: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EmailTaken(ValueError):
    """An account already uses this e-mail address (compared without case)."""


class SequenceConflict(RuntimeError):
    """Another request appended an action since this one read the log."""


class AttemptFrozen(RuntimeError):
    """The attempt was handed in: its log takes no more actions."""


@dataclass(frozen=True, slots=True)
class PackRecord:
    """A pack the application has loaded, and from where."""

    id: str
    version: str
    title: str
    source: str
    loaded_at: str
    owner_id: int | None = None  # None: built-in or installed from the command line, every teacher sees it


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _timestamp(at: datetime | None) -> str:
    if at is None:
        return _now()
    if at.tzinfo is None:
        raise ValueError("timestamps are stored in UTC: pass an aware datetime")
    return at.astimezone(UTC).isoformat(timespec="seconds")


# --- packs ------------------------------------------------------------------------------------------------


def record_pack(
    db: sqlite_utils.Database,
    pack_id: str,
    version: str,
    title: str,
    source: str | Path,
    at: datetime | None = None,
    owner_id: int | None = None,
) -> PackRecord:
    """Remember that a pack version was loaded (again) from ``source``."""
    row = {
        "id": pack_id,
        "version": version,
        "title": title,
        "source": str(source),
        "loaded_at": _timestamp(at),
        "owner_id": owner_id,
    }
    db["packs"].upsert(row, pk=("id", "version"))
    return PackRecord(**row)


def list_packs(db: sqlite_utils.Database) -> list[PackRecord]:
    """Every loaded pack version, by id, then in the order they were installed."""
    return [PackRecord(**row) for row in db["packs"].rows_where(order_by="id, rowid")]


def attempts_per_version(db: sqlite_utils.Database) -> dict[tuple[str, str], int]:
    """How many attempts (submitted or not) each pack version carries: (pack id, version) -> count."""
    rows = db.execute("SELECT pack, pack_version, COUNT(*) FROM attempts GROUP BY pack, pack_version")
    return {(pack, version): count for pack, version, count in rows.fetchall()}


# --- attempts and their actions -------------------------------------------------------------------------


def create_attempt(
    db: sqlite_utils.Database,
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
) -> Attempt:
    """Start an attempt with no actions yet, owned by a user or a guest token."""
    row = {
        "student": student or (f"user:{user_id}" if user_id is not None else "guest"),
        "pack": pack,
        "pack_version": pack_version,
        "scenario": scenario,
        "seed": int(seed),
        "created_at": _timestamp(at),
        "submitted_at": None,
        "user_id": user_id,
        "guest_token": guest_token,
        "grade": None,
        "graded_at": None,
        "assignment_id": assignment_id,
        "score": None,
    }
    attempt_id = db["attempts"].insert(row).last_pk
    return Attempt(id=attempt_id, **row)


def get_attempt(db: sqlite_utils.Database, attempt_id: int) -> Attempt | None:
    """The attempt, or None if there is no such id."""
    rows = list(db["attempts"].rows_where("id = ?", [attempt_id]))
    return Attempt(**rows[0]) if rows else None


def list_attempts(db: sqlite_utils.Database, student: str) -> list[Attempt]:
    """A student's attempts, oldest first."""
    return [Attempt(**row) for row in db["attempts"].rows_where("student = ?", [student], order_by="id")]


def list_owned_attempts(
    db: sqlite_utils.Database, *, user_id: int | None = None, guest_token: str | None = None
) -> list[Attempt]:
    """The attempts of a user or of a guest token, newest first (none for neither)."""
    if user_id is not None:
        where, args = "user_id = ?", [user_id]
    elif guest_token:
        where, args = "guest_token = ?", [guest_token]
    else:
        return []
    return [Attempt(**row) for row in db["attempts"].rows_where(where, args, order_by="id DESC")]


def claim_guest_attempts(db: sqlite_utils.Database, guest_token: str, user_id: int) -> int:
    """Give a guest's attempts to the account they just created or logged into; return how many."""
    cursor = db.execute(
        "UPDATE attempts SET user_id = ?, guest_token = NULL, student = ? WHERE guest_token = ?",
        [user_id, f"user:{user_id}", guest_token],
    )
    return cursor.rowcount


def store_grade(
    db: sqlite_utils.Database, attempt_id: int, grade: dict[str, Any], at: datetime | None = None
) -> Attempt:
    """Keep the grade JSON of a submitted attempt (a regrade replaces it)."""
    payload = json.dumps(grade, ensure_ascii=False, allow_nan=False)
    db.execute(
        "UPDATE attempts SET grade = ?, graded_at = ?, score = ?, grading_version = ?"
        " WHERE id = ? AND submitted_at IS NOT NULL",
        [payload, _timestamp(at), grade.get("score"), grade.get("grading_version", "1"), attempt_id],
    )
    attempt = get_attempt(db, attempt_id)
    if attempt is None:
        raise KeyError(attempt_id)
    return attempt


def submit_attempt(db: sqlite_utils.Database, attempt_id: int, at: datetime | None = None) -> Attempt:
    """Mark the attempt as handed in (the first submission time is kept)."""
    with db.atomic():
        db.execute(
            "UPDATE attempts SET submitted_at = COALESCE(submitted_at, ?) WHERE id = ?",
            [_timestamp(at), attempt_id],
        )
        attempt = get_attempt(db, attempt_id)
    if attempt is None:
        raise KeyError(attempt_id)
    return attempt


def append_action(
    db: sqlite_utils.Database,
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
    (:class:`AttemptFrozen`). Raises ``sqlite3.IntegrityError`` if the attempt does not exist, ``TypeError``
    if the action is not a JSON object of plain JSON values.
    """
    if not isinstance(action, dict):
        raise TypeError(f"an action is a dict, not {type(action).__name__}")
    payload = json.dumps(action, ensure_ascii=False, allow_nan=False)
    with db.atomic():
        # One statement reads the next number, checks it and the freeze, and inserts: a write statement
        # takes SQLite's write lock before it reads, so two requests cannot both get the same number.
        cursor = db.execute(
            """
            INSERT INTO actions (attempt_id, seq, payload, created_at)
            SELECT ?, next.seq, ?, ?
            FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM actions WHERE attempt_id = ?) AS next
            WHERE NOT EXISTS (SELECT 1 FROM attempts WHERE id = ? AND submitted_at IS NOT NULL)
              AND (? IS NULL OR next.seq = ?)
            """,
            [attempt_id, payload, _timestamp(at), attempt_id, attempt_id, expected_seq, expected_seq],
        )
        if cursor.rowcount == 0:
            attempt = get_attempt(db, attempt_id)
            if attempt is not None and attempt.submitted_at is not None:
                raise AttemptFrozen(attempt_id)
            raise SequenceConflict(attempt_id)
        return db.execute("SELECT seq FROM actions WHERE rowid = ?", [cursor.lastrowid]).fetchone()[0]


def list_actions(db: sqlite_utils.Database, attempt_id: int) -> list[dict[str, Any]]:
    """The attempt's actions in the order they were made."""
    rows = db.execute(
        "SELECT payload FROM actions WHERE attempt_id = ? ORDER BY seq", [attempt_id]
    ).fetchall()
    return [json.loads(payload) for (payload,) in rows]


# --- users and classes ----------------------------------------------------------------------------------


def create_user(
    db: sqlite_utils.Database,
    *,
    email: str,
    first_name: str,
    last_name: str,
    password_hash: str,
    role: str = "student",
    at: datetime | None = None,
) -> User:
    """A new account; :class:`EmailTaken` if the address is used (whatever its case)."""
    row = {
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "password_hash": password_hash,
        "role": role,
        "created_at": _timestamp(at),
    }
    try:
        user_id = db["users"].insert(row).last_pk
    except sqlite3.IntegrityError as error:
        if "users.email" in str(error):
            raise EmailTaken(email) from None
        raise
    return User(id=user_id, **row)


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    rows = list(db["users"].rows_where("id = ?", [user_id]))
    return User(**rows[0]) if rows else None


def find_user_by_email(db: sqlite_utils.Database, email: str) -> User | None:
    """The account with this address, compared without case."""
    rows = list(db["users"].rows_where("email = ? COLLATE NOCASE", [email.strip()]))
    return User(**rows[0]) if rows else None


def create_class(
    db: sqlite_utils.Database, name: str, teacher_id: int | None = None, at: datetime | None = None
) -> int:
    return (
        db["classes"].insert({"name": name, "teacher_id": teacher_id, "created_at": _timestamp(at)}).last_pk
    )


def add_class_member(
    db: sqlite_utils.Database, class_id: int, user_id: int, at: datetime | None = None
) -> None:
    db["class_members"].insert(
        {"class_id": class_id, "user_id": user_id, "joined_at": _timestamp(at)}, ignore=True
    )


def classes_of(db: sqlite_utils.Database, user_id: int) -> list[int]:
    """The ids of the classes a student belongs to."""
    rows = db.execute(
        "SELECT class_id FROM class_members WHERE user_id = ? ORDER BY class_id", [user_id]
    ).fetchall()
    return [class_id for (class_id,) in rows]


# --- teachers: one-time links, accounts ----------------------------------------------------------------------


def create_token(
    db: sqlite_utils.Database, token_hash: str, purpose: str, expires_at: datetime, user_id: int | None = None
) -> None:
    """Keep the hash of a one-time link (the link itself is never stored)."""
    db["tokens"].insert(
        {
            "token_hash": token_hash,
            "purpose": purpose,
            "user_id": user_id,
            "expires_at": _timestamp(expires_at),
            "used_at": None,
            "created_at": _now(),
        }
    )


def find_token(db: sqlite_utils.Database, token_hash: str, now: datetime) -> dict[str, Any] | None:
    """The unused, unexpired link with this hash, or None."""
    row = db.execute(
        "SELECT token_hash, purpose, user_id, expires_at FROM tokens "
        "WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
        [token_hash, _timestamp(now)],
    ).fetchone()
    return dict(zip(("token_hash", "purpose", "user_id", "expires_at"), row, strict=True)) if row else None


def use_token(db: sqlite_utils.Database, token_hash: str, now: datetime) -> bool:
    """Spend the link; False if it was already used or has expired (one statement: used once only)."""
    cursor = db.execute(
        "UPDATE tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
        [_timestamp(now), token_hash, _timestamp(now)],
    )
    return cursor.rowcount == 1


def forget_unused_tokens(db: sqlite_utils.Database, purpose: str, user_id: int | None = None) -> None:
    db.execute(
        "DELETE FROM tokens WHERE purpose = ? AND used_at IS NULL AND user_id IS ?", [purpose, user_id]
    )


def has_teacher(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM users WHERE role = 'teacher' LIMIT 1").fetchone() is not None


def set_password_hash(db: sqlite_utils.Database, user_id: int, password_hash: str) -> None:
    db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])


def update_user(db: sqlite_utils.Database, user_id: int, **fields: str) -> None:
    """Change some of ``first_name``, ``last_name``, ``role``, ``password_hash``."""
    allowed = {"first_name", "last_name", "role", "password_hash"}
    if not fields or not set(fields) <= allowed:
        raise ValueError(f"unknown user fields: {set(fields) - allowed}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE users SET {assignments} WHERE id = ?", [*fields.values(), user_id])


# --- classes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassRecord:
    id: int
    name: str
    teacher_id: int | None
    created_at: str
    join_code: str | None


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    email: str
    first_name: str
    last_name: str
    joined_at: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class JoinCodeTaken(ValueError):
    """Another class already has this join code."""


def create_teacher_class(
    db: sqlite_utils.Database, name: str, teacher_id: int, join_code: str
) -> ClassRecord:
    row = {"name": name, "teacher_id": teacher_id, "created_at": _now(), "join_code": join_code}
    try:
        class_id = db["classes"].insert(row).last_pk
    except sqlite3.IntegrityError:
        raise JoinCodeTaken(join_code) from None
    return ClassRecord(id=class_id, **row)


def get_class(db: sqlite_utils.Database, class_id: int) -> ClassRecord | None:
    rows = list(db["classes"].rows_where("id = ?", [class_id]))
    return ClassRecord(**rows[0]) if rows else None


def find_class_by_code(db: sqlite_utils.Database, join_code: str) -> ClassRecord | None:
    rows = list(db["classes"].rows_where("join_code = ?", [join_code]))
    return ClassRecord(**rows[0]) if rows else None


def teacher_classes(db: sqlite_utils.Database, teacher_id: int) -> list[tuple[ClassRecord, int]]:
    """A teacher's classes by name, each with its number of students."""
    rows = db.execute(
        "SELECT c.id, c.name, c.teacher_id, c.created_at, c.join_code, COUNT(m.user_id) FROM classes c "
        "LEFT JOIN class_members m ON m.class_id = c.id WHERE c.teacher_id = ? GROUP BY c.id "
        "ORDER BY c.name COLLATE NOCASE, c.id",
        [teacher_id],
    ).fetchall()
    return [(ClassRecord(*row[:5]), row[5]) for row in rows]


def set_join_code(db: sqlite_utils.Database, class_id: int, join_code: str) -> None:
    try:
        db.execute("UPDATE classes SET join_code = ? WHERE id = ?", [join_code, class_id])
    except sqlite3.IntegrityError:
        raise JoinCodeTaken(join_code) from None


def class_members(db: sqlite_utils.Database, class_id: int) -> list[Member]:
    """The students of a class, by last then first name."""
    rows = db.execute(
        "SELECT u.id, u.email, u.first_name, u.last_name, m.joined_at FROM class_members m "
        "JOIN users u ON u.id = m.user_id WHERE m.class_id = ? "
        "ORDER BY u.last_name COLLATE NOCASE, u.first_name COLLATE NOCASE, u.id",
        [class_id],
    ).fetchall()
    return [Member(*row) for row in rows]


def is_member(db: sqlite_utils.Database, class_id: int, user_id: int) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM class_members WHERE class_id = ? AND user_id = ?", [class_id, user_id]
        ).fetchone()
        is not None
    )


def remove_class_member(db: sqlite_utils.Database, class_id: int, user_id: int) -> bool:
    cursor = db.execute("DELETE FROM class_members WHERE class_id = ? AND user_id = ?", [class_id, user_id])
    return cursor.rowcount == 1


# --- pack versions ---------------------------------------------------------------------------------------------


def get_pack(db: sqlite_utils.Database, pack_id: str, version: str) -> PackRecord | None:
    rows = list(db["packs"].rows_where("id = ? AND version = ?", [pack_id, version]))
    return PackRecord(**rows[0]) if rows else None


def pack_versions(db: sqlite_utils.Database, pack_id: str) -> list[PackRecord]:
    """Every version of a pack, oldest first."""
    return [PackRecord(**row) for row in db["packs"].rows_where("id = ?", [pack_id], order_by="rowid")]


def visible_packs(db: sqlite_utils.Database, owner_id: int) -> list[PackRecord]:
    """The pack versions a teacher may use: shared ones and their own, by id then oldest first."""
    return [
        PackRecord(**row)
        for row in db["packs"].rows_where(
            "owner_id IS NULL OR owner_id = ?", [owner_id], order_by="id, rowid"
        )
    ]


# --- assignments ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssignmentRecord:
    id: int
    class_id: int
    title: str
    pack: str
    pack_version: str
    scenarios: str  # JSON list of scenario ids
    opens_at: str
    closes_at: str
    mode: str  # "practice" (Entraînement) or "exam" (Évaluation)
    max_submissions: int | None
    feedback: str  # "immediate" or "after_close"
    seed_policy: str  # "per_student" or "per_attempt"
    created_at: str

    @property
    def scenario_ids(self) -> list[str]:
        return json.loads(self.scenarios)


def create_assignment(db: sqlite_utils.Database, **fields: Any) -> AssignmentRecord:
    row = {**fields, "scenarios": json.dumps(list(fields["scenarios"])), "created_at": _now()}
    for key in ("opens_at", "closes_at"):
        row[key] = _timestamp(fields[key])
    assignment_id = db["assignments"].insert(row).last_pk
    return get_assignment(db, assignment_id)  # type: ignore[return-value]


def get_assignment(db: sqlite_utils.Database, assignment_id: int) -> AssignmentRecord | None:
    rows = list(db["assignments"].rows_where("id = ?", [assignment_id]))
    return AssignmentRecord(**rows[0]) if rows else None


def class_assignments(db: sqlite_utils.Database, class_id: int) -> list[AssignmentRecord]:
    return [
        AssignmentRecord(**row)
        for row in db["assignments"].rows_where("class_id = ?", [class_id], order_by="closes_at, id")
    ]


def student_assignments(db: sqlite_utils.Database, user_id: int) -> list[AssignmentRecord]:
    """The assignments of every class the student belongs to, by closing date."""
    rows = db.execute(
        "SELECT a.* FROM assignments a JOIN class_members m ON m.class_id = a.class_id "
        "WHERE m.user_id = ? ORDER BY a.closes_at, a.id",
        [user_id],
    )
    names = [d[0] for d in rows.description]
    return [AssignmentRecord(**dict(zip(names, row, strict=True))) for row in rows.fetchall()]


def set_assignment_version(db: sqlite_utils.Database, assignment_id: int, pack_version: str) -> None:
    db.execute("UPDATE assignments SET pack_version = ? WHERE id = ?", [pack_version, assignment_id])


def assignment_attempts(
    db: sqlite_utils.Database,
    assignment_id: int,
    user_id: int | None = None,
    submitted: bool | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[Attempt]:
    """The attempts made for an assignment (of one student), oldest first; ``offset`` and ``limit`` take a
    slice of that order (a regrade reads its chunks so)."""
    where, args = "assignment_id = ?", [assignment_id]
    if user_id is not None:
        where, args = where + " AND user_id = ?", [*args, user_id]
    if submitted is not None:
        where += " AND submitted_at IS NOT NULL" if submitted else " AND submitted_at IS NULL"
    rows = db["attempts"].rows_where(where, args, order_by="id", offset=offset or None, limit=limit)
    return [Attempt(**row) for row in rows]


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """One attempt as the gradebook needs it: no log, the score read from the stored grade."""

    id: int
    user_id: int
    scenario: str
    created_at: str
    submitted_at: str | None
    score: float | None
    seconds: int  # from the start to the submission, else to the last action
    #: the grading version of the stored grade (its ``grading_version``; "1" for a grade stored before
    #: grades carried one), None without a grade
    grading_version: str | None = None


def assignment_summaries(db: sqlite_utils.Database, assignment_id: int) -> list[AttemptSummary]:
    """Every attempt of an assignment by a known user, oldest first, in one query."""
    rows = db.execute(
        """
        SELECT a.id, a.user_id, a.scenario, a.created_at, a.submitted_at, a.score,
               CAST(ROUND((julianday(COALESCE(a.submitted_at,
                       (SELECT MAX(created_at) FROM actions WHERE attempt_id = a.id), a.created_at))
                   - julianday(a.created_at)) * 86400) AS INTEGER),
               CASE WHEN a.grade IS NOT NULL THEN COALESCE(a.grading_version, '1') END
        FROM attempts a WHERE a.assignment_id = ? AND a.user_id IS NOT NULL ORDER BY a.id
        """,
        [assignment_id],
    ).fetchall()
    return [AttemptSummary(*row) for row in rows]


def list_actions_timed(db: sqlite_utils.Database, attempt_id: int) -> list[tuple[dict[str, Any], str]]:
    """The attempt's actions in order, each with the time it was recorded."""
    rows = db.execute(
        "SELECT payload, created_at FROM actions WHERE attempt_id = ? ORDER BY seq", [attempt_id]
    ).fetchall()
    return [(json.loads(payload), created_at) for payload, created_at in rows]


# --- regrades ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegradeRecord:
    id: int
    assignment_id: int
    pack_version: str
    total: int
    done: int
    started_at: str
    finished_at: str | None


def start_regrade(
    db: sqlite_utils.Database, assignment_id: int, pack_version: str, total: int
) -> RegradeRecord:
    """A new regrade job, or the one already running for the assignment (at most one runs at a time)."""
    with db.atomic():
        db.execute(
            "INSERT OR IGNORE INTO regrades (assignment_id, pack_version, total, started_at) VALUES (?, ?, ?, ?)",
            [assignment_id, pack_version, total, _now()],
        )
        return running_regrade(db, assignment_id)  # type: ignore[return-value]


def running_regrade(db: sqlite_utils.Database, assignment_id: int) -> RegradeRecord | None:
    rows = list(db["regrades"].rows_where("assignment_id = ? AND finished_at IS NULL", [assignment_id]))
    return RegradeRecord(**rows[0]) if rows else None


def get_regrade(db: sqlite_utils.Database, regrade_id: int) -> RegradeRecord | None:
    rows = list(db["regrades"].rows_where("id = ?", [regrade_id]))
    return RegradeRecord(**rows[0]) if rows else None


def last_regrade(db: sqlite_utils.Database, assignment_id: int) -> RegradeRecord | None:
    rows = list(db["regrades"].rows_where("assignment_id = ?", [assignment_id], order_by="id DESC", limit=1))
    return RegradeRecord(**rows[0]) if rows else None


def claim_regrade_chunk(db: sqlite_utils.Database, regrade_id: int, done: int, size: int) -> bool:
    """Take attempts ``done`` to ``done + size`` of the job: False if another request took them first."""
    cursor = db.execute(
        "UPDATE regrades SET done = MIN(total, done + ?) WHERE id = ? AND done = ? AND finished_at IS NULL",
        [size, regrade_id, done],
    )
    return cursor.rowcount == 1


def store_regraded(
    db: sqlite_utils.Database,
    regrade_id: int,
    graded: Sequence[tuple[int, str, dict[str, Any], float | None]],
) -> None:
    """Keep the new grades of a chunk in one transaction: (attempt id, pack version, grade, old score)."""
    with db.atomic():
        for attempt_id, version, grade, old_score in graded:
            db.execute(
                "UPDATE attempts SET grade = ?, graded_at = ?, score = ?, grading_version = ?, pack_version = ?"
                " WHERE id = ?",
                [
                    json.dumps(grade, ensure_ascii=False, allow_nan=False),
                    _now(),
                    grade["score"],
                    grade.get("grading_version", "1"),
                    version,
                    attempt_id,
                ],
            )
            if old_score != grade["score"]:
                db.execute(
                    "INSERT OR REPLACE INTO regrade_changes VALUES (?, ?, ?, ?)",
                    [regrade_id, attempt_id, old_score, grade["score"]],
                )


def finish_regrade(db: sqlite_utils.Database, regrade_id: int, assignment_id: int, pack_version: str) -> None:
    with db.atomic():
        cursor = db.execute(
            "UPDATE regrades SET finished_at = ? WHERE id = ? AND finished_at IS NULL AND done >= total",
            [_now(), regrade_id],
        )
        if cursor.rowcount:
            set_assignment_version(db, assignment_id, pack_version)


def regrade_changes(db: sqlite_utils.Database, regrade_id: int) -> list[tuple[int, float | None, float]]:
    return [
        tuple(row)
        for row in db.execute(
            "SELECT attempt_id, old_score, new_score FROM regrade_changes WHERE regrade_id = ? ORDER BY attempt_id",
            [regrade_id],
        ).fetchall()
    ]


def actions_of(db: sqlite_utils.Database, attempt_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
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
