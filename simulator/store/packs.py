"""The pack versions the application has loaded, and from where: a pack is shared (built-in, installed from
the command line) or a teacher's own, its identity being (owner, id, version). Each version's files are kept
here too (``pack_files``), so that every host sharing the database can load it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
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
    digest: str | None = None  # of its files in the store (see files_digest); None: files not stored yet


PACK_COLUMNS = ", ".join(PackRecord.__dataclass_fields__)


def record_pack(
    db: Database,
    pack_id: str,
    version: str,
    title: str,
    source: str | Path,
    at: datetime | None = None,
    owner_id: int | None = None,
    digest: str | None = None,
) -> PackRecord:
    """Remember that a pack version (shared, or ``owner_id``'s own) was loaded (again) from ``source`` (it
    keeps its place in the order of installation); ``digest``: of its files, when they are in the store."""
    record = PackRecord(pack_id, version, title, str(source), timestamp(at), owner_id, digest)
    with db.atomic():
        # Insert, or update the row already there: its identity (id, version, owner) has no plain unique
        # key to name in ON CONFLICT (the owner may be NULL), and hosts starting together may both insert.
        cursor = db.execute(
            f"INSERT INTO packs ({PACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                record.id,
                record.version,
                record.title,
                record.source,
                record.loaded_at,
                record.owner_id,
                record.digest,
            ],
        )
        if not cursor.rowcount:
            db.execute(
                "UPDATE packs SET title = ?, source = ?, loaded_at = ?, digest = ? "
                f"WHERE id = ? AND version = ? AND {db.dialect.same('owner_id')}",
                [record.title, record.source, record.loaded_at, digest, pack_id, version, owner_id],
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


# --- the files of each version ------------------------------------------------------------------------------


def files_digest(files: Mapping[str, bytes]) -> str:
    """SHA-256 of a version's files, names and bytes: equal digests, equal files."""
    sha = hashlib.sha256()
    for name in sorted(files):
        sha.update(f"{name}\0{len(files[name])}\0".encode())
        sha.update(files[name])
    return sha.hexdigest()


class PackFilesDiffer(RuntimeError):
    """The store already holds other files under this pack version: an installed version never changes."""


def store_pack_files(
    db: Database, pack_id: str, version: str, owner_id: int | None, files: Mapping[str, bytes]
) -> str:
    """Keep a version's files (in the caller's transaction, if any) and return their digest. Storing the
    same files again changes nothing (hosts starting together may both store the built-in packs); other
    files under the same version raise :class:`PackFilesDiffer`."""
    with db.atomic():
        for name, content in sorted(files.items()):
            db.execute(
                "INSERT INTO pack_files (pack_id, version, owner_id, name, content, sha256) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [pack_id, version, owner_id, name, content, hashlib.sha256(content).hexdigest()],
            )
        stored = {
            name: sha256
            for name, sha256 in db.execute(
                f"SELECT name, sha256 FROM pack_files WHERE pack_id = ? AND version = ? "
                f"AND {db.dialect.same('owner_id')}",
                [pack_id, version, owner_id],
            ).fetchall()
        }
        if stored != {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}:
            raise PackFilesDiffer(f"{pack_id} {version}: other files are stored under this version")
    return files_digest(files)


def pack_files(db: Database, pack_id: str, version: str, owner_id: int | None = None) -> dict[str, bytes]:
    """A version's files by name (empty when none are stored)."""
    rows = db.execute(
        f"SELECT name, content FROM pack_files WHERE pack_id = ? AND version = ? AND {db.dialect.same('owner_id')}",
        [pack_id, version, owner_id],
    ).fetchall()
    return {name: bytes(content) for name, content in rows}


def set_pack_digest(
    db: Database, pack_id: str, version: str, owner_id: int | None, digest: str, source: str
) -> None:
    """A version recorded before its files were stored: its files are now in the store, under ``digest``."""
    db.execute(
        f"UPDATE packs SET digest = ?, source = ? WHERE id = ? AND version = ? AND {db.dialect.same('owner_id')}",
        [digest, source, pack_id, version, owner_id],
    )
