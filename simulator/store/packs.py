"""The pack versions the application has loaded, and from where: a pack is shared (built-in, installed from
the command line) or a teacher's own, its identity being (owner, id, version)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .engine import Database, timestamp


@dataclass(frozen=True, slots=True)
class PackRecord:
    """A pack the application has loaded, and from where."""

    id: str
    version: str
    title: str
    source: str
    loaded_at: str
    owner_id: int | None = None  # None: built-in or installed from the command line, every teacher sees it


PACK_COLUMNS = ", ".join(PackRecord.__dataclass_fields__)


def record_pack(
    db: Database,
    pack_id: str,
    version: str,
    title: str,
    source: str | Path,
    at: datetime | None = None,
    owner_id: int | None = None,
) -> PackRecord:
    """Remember that a pack version (shared, or ``owner_id``'s own) was loaded (again) from ``source`` (it
    keeps its place in the order of installation)."""
    record = PackRecord(pack_id, version, title, str(source), timestamp(at), owner_id)
    with db.atomic():
        # Insert, or update the row already there: its identity (id, version, owner) has no plain unique
        # key to name in ON CONFLICT (the owner may be NULL), and hosts starting together may both insert.
        cursor = db.execute(
            f"INSERT INTO packs ({PACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [record.id, record.version, record.title, record.source, record.loaded_at, record.owner_id],
        )
        if not cursor.rowcount:
            db.execute(
                "UPDATE packs SET title = ?, source = ?, loaded_at = ? "
                f"WHERE id = ? AND version = ? AND {db.dialect.same('owner_id')}",
                [record.title, record.source, record.loaded_at, pack_id, version, owner_id],
            )
    return record


def _packs(db: Database, where: str, parameters: list[Any], order_by: str = "id, rowid") -> list[PackRecord]:
    # rowid: the order of installation (an explicit column on PostgreSQL, see the dialect's {rowid}).
    rows = db.execute(f"SELECT {PACK_COLUMNS} FROM packs WHERE {where} ORDER BY {order_by}", parameters)
    return [PackRecord(*row) for row in rows.fetchall()]


def list_packs(db: Database) -> list[PackRecord]:
    """Every loaded pack version, by id, then in the order they were installed."""
    return _packs(db, "1 = 1", [])


def get_pack(db: Database, pack_id: str, version: str, owner_id: int | None = None) -> PackRecord | None:
    """One version of a shared pack (``owner_id`` None) or of a teacher's own pack."""
    found = _packs(
        db, f"id = ? AND version = ? AND {db.dialect.same('owner_id')}", [pack_id, version, owner_id]
    )
    return found[0] if found else None


def pack_versions(db: Database, pack_id: str) -> list[PackRecord]:
    """Every installed version of a pack id, whoever owns it, oldest first."""
    return _packs(db, "id = ?", [pack_id], order_by="rowid")


def visible_packs(db: Database, owner_id: int) -> list[PackRecord]:
    """The pack versions a teacher may use: shared ones and their own, by id then oldest first."""
    return _packs(db, "owner_id IS NULL OR owner_id = ?", [owner_id])


def attempts_per_version(db: Database) -> dict[tuple[str, str, int | None], int]:
    """How many attempts (submitted or not) each pack version carries: (pack id, version, owner) -> count."""
    rows = db.execute(
        "SELECT pack, pack_version, pack_owner, COUNT(*) FROM attempts GROUP BY pack, pack_version, pack_owner"
    )
    return {(pack, version, owner): count for pack, version, owner, count in rows.fetchall()}
