"""The SQLite file, through sqlite-utils: connections, the versioned schema, and the small reads and writes
the rest of the project needs. This is the only module that writes SQL.

Attempts are stored as (pack, version, scenario, seed) plus an append-only log of actions; the books are
never stored, they are replayed from the log.
"""

from __future__ import annotations

import json
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


#: Applied in order; migration ``n`` (1-based) brings the file to schema version ``n``. Append, never edit:
#: files in classrooms are already at the versions that exist.
MIGRATIONS: tuple[Migration, ...] = (_v1_packs_attempts_actions,)

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
    """One student's try at one scenario; the actions are kept apart (see :func:`list_actions`)."""

    id: int
    student: str
    pack: str
    pack_version: str
    scenario: str
    seed: int
    created_at: str
    submitted_at: str | None


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
    student: str,
    pack: str,
    pack_version: str,
    scenario: str,
    seed: int,
    at: datetime | None = None,
) -> Attempt:
    """Start an attempt with no actions yet."""
    row = {
        "student": student,
        "pack": pack,
        "pack_version": pack_version,
        "scenario": scenario,
        "seed": int(seed),
        "created_at": _timestamp(at),
        "submitted_at": None,
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
    db: sqlite_utils.Database, attempt_id: int, action: dict[str, Any], at: datetime | None = None
) -> int:
    """Append one action to the attempt's log and return its sequence number (1, 2, ...).

    Raises ``sqlite3.IntegrityError`` if the attempt does not exist, ``TypeError`` if the action is not a
    JSON object of plain JSON values.
    """
    if not isinstance(action, dict):
        raise TypeError(f"an action is a dict, not {type(action).__name__}")
    payload = json.dumps(action, ensure_ascii=False, allow_nan=False)
    with db.atomic():
        # One statement computes the next number and inserts, so concurrent appends cannot collide.
        cursor = db.execute(
            """
            INSERT INTO actions (attempt_id, seq, payload, created_at)
            SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ? FROM actions WHERE attempt_id = ?
            """,
            [attempt_id, payload, _timestamp(at), attempt_id],
        )
        return db.execute("SELECT seq FROM actions WHERE rowid = ?", [cursor.lastrowid]).fetchone()[0]


def list_actions(db: sqlite_utils.Database, attempt_id: int) -> list[dict[str, Any]]:
    """The attempt's actions in the order they were made."""
    rows = db.execute(
        "SELECT payload FROM actions WHERE attempt_id = ? ORDER BY seq", [attempt_id]
    ).fetchall()
    return [json.loads(payload) for (payload,) in rows]
