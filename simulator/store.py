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


#: Applied in order; migration ``n`` (1-based) brings the file to schema version ``n``. Append, never edit:
#: files in classrooms are already at the versions that exist.
MIGRATIONS: tuple[Migration, ...] = (_v1_packs_attempts_actions, _v2_users_classes_owners_grades)

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
) -> PackRecord:
    """Remember that a pack version was loaded (again) from ``source``."""
    row = {
        "id": pack_id,
        "version": version,
        "title": title,
        "source": str(source),
        "loaded_at": _timestamp(at),
    }
    db["packs"].upsert(row, pk=("id", "version"))
    return PackRecord(**row)


def list_packs(db: sqlite_utils.Database) -> list[PackRecord]:
    """Every loaded pack version, by id then version."""
    return [PackRecord(**row) for row in db["packs"].rows_where(order_by="id, version")]


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
        "UPDATE attempts SET grade = ?, graded_at = ? WHERE id = ? AND submitted_at IS NOT NULL",
        [payload, _timestamp(at), attempt_id],
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
