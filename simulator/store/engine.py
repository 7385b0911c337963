"""One small interface over two engines: a SQLite file through sqlite-utils, or a PostgreSQL database through
a psycopg connection pool, chosen by the address (a ``postgresql://`` URL, else a file path).

The rest of the store writes plain DB-API SQL against :class:`Database`: ``execute`` (``?`` placeholders),
``atomic`` for a transaction, ``insert`` for a row that gets an id. Each statement outside ``atomic`` is
committed on its own, on both engines. Why not an ORM or SQLAlchemy Core: the queries are few and already
written in SQL; the differences between the two engines fit in :mod:`.dialect`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from .dialect import POSTGRESQL, SQLITE, Dialect

BUSY_TIMEOUT_MS = 5000

#: Connections a PostgreSQL pool keeps per process: a gunicorn sync worker holds one per request; the
#: rest is for threaded servers (``simulator serve``). PostgreSQL's default limit is 100 connections for
#: every host and worker together. A request that finds them all busy waits ``POOL_TIMEOUT`` seconds.
POOL_MIN, POOL_MAX, POOL_TIMEOUT = 1, 8, 30


class IntegrityError(Exception):
    """A constraint refused the change (the driver's own error is the ``__cause__``).

    ``kind``: ``"unique"``, ``"foreign_key"``, ``"check"``, ``"not_null"`` or ``"other"``."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class DatabaseUnreachable(RuntimeError):
    """No connection to the PostgreSQL server could be made (the message is French: it is printed)."""


def is_postgresql(address: str | Path) -> bool:
    """Whether the database address names a PostgreSQL server (else it is a SQLite file path)."""
    return isinstance(address, str) and address.startswith(("postgresql://", "postgres://"))


def display_address(address: str | Path) -> str:
    """The address without its password, to print."""
    if not is_postgresql(address):
        return str(address)
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(str(address))
    if "password" in params:
        params["password"] = "***"
    return make_conninfo(**params)


class Database:
    """A connection to either engine; close it to give it back (to its pool, for PostgreSQL)."""

    def __init__(
        self, conn: Any, dialect: Dialect, address: str, *, sqlite: sqlite_utils.Database | None = None
    ) -> None:
        self.conn = conn
        self.dialect = dialect
        self.address = address
        self._sqlite = sqlite
        self._pool: Any = None

    @property
    def is_postgresql(self) -> bool:
        return self.dialect is POSTGRESQL

    @property
    def sqlite(self) -> sqlite_utils.Database:
        """The sqlite-utils database (SQLite only: for what has no PostgreSQL counterpart)."""
        if self._sqlite is None:
            raise TypeError("not a SQLite database")
        return self._sqlite

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """Run one statement (``?`` placeholders) and return the driver's cursor."""
        with self._integrity_errors():
            if self._sqlite is not None:
                return self._sqlite.execute(sql, list(parameters))
            return self.conn.execute(self.dialect.sql(sql), list(parameters))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters (a bulk copy)."""
        with self._integrity_errors(), self.atomic():
            if self._sqlite is not None:
                self.conn.executemany(sql, rows)
            else:
                with self.conn.cursor() as cursor:
                    cursor.executemany(self.dialect.sql(sql), rows)

    @contextmanager
    def _integrity_errors(self) -> Iterator[None]:
        """The driver's constraint errors as :class:`IntegrityError`, the same on both engines."""
        try:
            yield
        except sqlite3.IntegrityError as error:
            raise IntegrityError(str(error), _sqlite_kind(str(error))) from error
        except Exception as error:
            if self._sqlite is None:
                _raise_postgresql_integrity(error)
            raise

    def executescript(self, script: str) -> None:
        """Run several statements with no parameters (a schema script), inside the current transaction."""
        if self._sqlite is not None:
            self._sqlite.executescript(script)
        else:
            self.conn.execute(script)

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.execute(sql, parameters)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, parameters: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self.rows(sql, parameters)
        return rows[0] if rows else None

    def insert(self, table: str, row: dict[str, Any], returning: str | None = "id") -> Any:
        """Insert one row; return its ``returning`` column (the id the database gave it)."""
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        if returning is None:
            self.execute(sql, list(row.values()))
            return None
        # In a transaction: a statement that returns rows is not committed on its own by sqlite-utils.
        with self.atomic():
            return self.execute(f"{sql} RETURNING {returning}", list(row.values())).fetchall()[0][0]

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction (a savepoint when nested): committed at the end, rolled back on an exception."""
        if self._sqlite is not None:
            with self._sqlite.atomic():
                yield self
        else:
            with self.conn.transaction():
                yield self

    def table_names(self) -> list[str]:
        return [name for (name,) in self.execute(self.dialect.table_names).fetchall()]

    def columns(self, table: str) -> list[str]:
        cursor = self.execute(f"SELECT * FROM {table} WHERE 1 = 0")
        cursor.fetchall()
        return [column[0] for column in cursor.description]

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        elif self._pool is not None:
            pool, self._pool = self._pool, None
            pool.putconn(self.conn)


def _sqlite_kind(message: str) -> str:
    for prefix, kind in (
        ("UNIQUE", "unique"),
        ("FOREIGN KEY", "foreign_key"),
        ("CHECK", "check"),
        ("NOT NULL", "not_null"),
    ):
        if message.startswith(prefix):
            return kind
    return "other"


def _raise_postgresql_integrity(error: Exception) -> None:
    import psycopg

    if isinstance(error, psycopg.IntegrityError):
        kinds = {"23505": "unique", "23503": "foreign_key", "23514": "check", "23502": "not_null"}
        raise IntegrityError(str(error), kinds.get(error.sqlstate or "", "other")) from error
    if isinstance(error, psycopg.errors.InvalidTextRepresentation):
        # A JSON column's check casts to jsonb: invalid JSON fails the cast, as a refused check.
        raise IntegrityError(str(error), "check") from error


# --- opening ------------------------------------------------------------------------------------------------


def connect(address: str | Path) -> Database:
    """A connection to the database at ``address``, schema not checked (see :func:`.migrations.open_db`)."""
    if is_postgresql(address):
        return _connect_postgresql(str(address))
    path = Path(address)
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite = sqlite_utils.Database(path)
    # Per connection, and only effective outside a transaction.
    sqlite.execute("PRAGMA foreign_keys = ON")
    sqlite.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    sqlite.enable_wal()
    return Database(sqlite.conn, SQLITE, str(path), sqlite=sqlite)


_pools: dict[tuple[int, str], Any] = {}
_pools_lock = threading.Lock()


def _pool(url: str) -> Any:
    # One pool per process and address: a pool made before gunicorn forks must not be shared by workers.
    key = (os.getpid(), url)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            from psycopg_pool import ConnectionPool, PoolTimeout

            pool = ConnectionPool(
                url,
                min_size=POOL_MIN,
                max_size=POOL_MAX,
                timeout=POOL_TIMEOUT,
                kwargs={"autocommit": True},
                check=ConnectionPool.check_connection,  # a server restarted: reconnect, not a 500
                open=True,
                name="lettrage",
            )
            try:
                pool.wait(timeout=POOL_TIMEOUT)
            except PoolTimeout:
                pool.close()
                raise DatabaseUnreachable(
                    f"la base PostgreSQL {display_address(url)} ne répond pas (après {POOL_TIMEOUT} s) : "
                    "vérifiez l'adresse, le mot de passe et que le serveur accepte les connexions."
                ) from None
            _pools[key] = pool
        return pool


def _connect_postgresql(url: str) -> Database:
    pool = _pool(url)
    db = Database(pool.getconn(), POSTGRESQL, url)
    db._pool = pool
    return db


def close_pools(address: str | None = None) -> None:
    """Close this process's PostgreSQL pools (of one address, or all): their connections end."""
    with _pools_lock:
        for key in [key for key in _pools if address is None or key[1] == address]:
            pool = _pools.pop(key)
            if key[0] == os.getpid():
                pool.close()


# --- timestamps ---------------------------------------------------------------------------------------------


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def timestamp(at: datetime | None) -> str:
    """An aware datetime as stored: ISO 8601 text in UTC (now when None)."""
    if at is None:
        return now()
    if at.tzinfo is None:
        raise ValueError("timestamps are stored in UTC: pass an aware datetime")
    return at.astimezone(UTC).isoformat(timespec="seconds")
