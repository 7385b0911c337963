"""A whole database copied into another one, empty and at the same schema version: a school's SQLite file
moved to the PostgreSQL database of a hosted service (``simulator db copy``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .engine import Database
from .migrations import schema_version

BATCH = 1000


@dataclass(frozen=True, slots=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def matches(self) -> bool:
        return self.source == self.target


class CopyRefused(RuntimeError):
    """The copy was not made (nothing was written): the target is not empty, or not at the same version.
    The message is French: the command prints it."""


class CopyMismatch(RuntimeError):
    """Rows were lost on the way: the copy was rolled back. ``counts`` says where."""

    def __init__(self, counts: list[TableCount]) -> None:
        super().__init__("row counts differ after the copy")
        self.counts = counts


def _tables_in_order(source: Database) -> list[str]:
    """The source's tables, each after the tables its foreign keys point to."""
    sqlite = source.sqlite
    pending = {
        name: {fk.other_table for fk in sqlite[name].foreign_keys} - {name} for name in source.table_names()
    }
    pending.pop("schema_version", None)
    ordered: list[str] = []
    while pending:
        ready = sorted(name for name, needs in pending.items() if not needs - set(ordered))
        if not ready:
            raise CopyRefused(f"clés étrangères circulaires entre {', '.join(sorted(pending))}.")
        ordered += ready
        for name in ready:
            del pending[name]
    return ordered


def _count(db: Database, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _rows(source: Database, table: str, columns: list[str]) -> Any:
    # In rowid order: the order of installation that some lists keep (packs) is the order of insertion.
    return source.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")


def copy_database(source: Database, target: Database) -> list[TableCount]:
    """Copy every row of ``source`` (a SQLite database) into ``target`` in one transaction, and return the
    row count of each table on both sides. :class:`CopyRefused` if the target already has rows or another
    schema version; :class:`CopyMismatch` (and nothing kept) if a count differs at the end."""
    version, target_version = schema_version(source), schema_version(target)
    if version != target_version:
        raise CopyRefused(f"la source est au schéma {version}, la base cible au schéma {target_version}.")
    tables = _tables_in_order(source)
    filled = [table for table in tables if _count(target, table)]
    if filled:
        raise CopyRefused(f"la base cible n'est pas vide (tables {', '.join(filled)}).")
    with target.atomic():
        for table in tables:
            columns = source.columns(table)
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
            cursor = _rows(source, table, columns)
            while batch := cursor.fetchmany(BATCH):
                target.executemany(insert, batch)
            if source.sqlite[table].columns_dict.get("id") is int:  # numbered by the database
                for statement in target.dialect.after_copy(table):
                    target.execute(statement)
        counts = [TableCount(table, _count(source, table), _count(target, table)) for table in tables]
        if not all(count.matches for count in counts):
            raise CopyMismatch(counts)
    return counts
