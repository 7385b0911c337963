"""Where SQLite and PostgreSQL differ, and only that: every other query of the store is written once, in the
SQL both engines share (``?`` placeholders, ``INSERT … ON CONFLICT … DO UPDATE``, ``RETURNING``, partial
indexes, ``CAST``), and runs unchanged on either.

Schema scripts (migrations) name the differences with ``{placeholders}`` that :meth:`Dialect.ddl` fills:

- ``{pk}``: an integer primary key numbered by the database (``INTEGER PRIMARY KEY`` / an identity column);
- ``{real}``: a double-precision number (PostgreSQL's ``REAL`` is single precision);
- ``{blob}``: bytes (``BLOB`` / ``bytea``);
- ``{rowid}``: the insertion order of a table without an integer key, as ``rowid`` (implicit in SQLite);
- ``{email}``: an e-mail column unique whatever its case (``COLLATE NOCASE`` / a unique index on ``lower()``,
  with ``{email_index[table.column]}`` for PostgreSQL's index);
- ``{json_valid[column]}``: a check that a text column holds JSON (JSON is stored as the text the simulator
  wrote, on both engines, so that a grade reads back byte for byte);
- ``{json_number[column.key]}``: a number read from a JSON text column;
- ``{json_text[column.key]}``: a text read from a JSON text column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class _Template(dict):
    """``{name[argument]}`` in a schema script: calls ``function(argument)``."""

    def __init__(self, function: Any) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, argument: str) -> str:
        return self.function(argument)


@dataclass(frozen=True)
class Dialect:
    name: str  # "sqlite" or "postgresql"
    words: dict[str, str] = field(default_factory=dict)

    # --- schema --------------------------------------------------------------------------------------

    def ddl(self, script: str) -> str:
        """A schema script with its ``{placeholders}`` filled for this engine."""
        return script.format(
            **self.words,
            json_valid=_Template(self.json_valid),
            json_number=_Template(self.json_number),
            json_text=_Template(self.json_text),
            email_index=_Template(self.email_index),
        )

    def json_valid(self, column: str) -> str:
        raise NotImplementedError

    def json_number(self, column_key: str) -> str:
        raise NotImplementedError

    def json_text(self, column_key: str) -> str:
        raise NotImplementedError

    def email_index(self, table_column: str) -> str:
        raise NotImplementedError

    # --- queries -------------------------------------------------------------------------------------

    def sql(self, query: str) -> str:
        """A query with ``?`` placeholders, as the driver takes it."""
        return query

    def nocase(self, expression: str) -> str:
        """``expression`` for sorting without case."""
        raise NotImplementedError

    def email_equals(self, column: str) -> str:
        """A condition: ``column`` is the ``?`` address whatever its case (through the column's index)."""
        raise NotImplementedError

    def least(self, a: str, b: str) -> str:
        raise NotImplementedError

    def same(self, column: str) -> str:
        """A condition: ``column`` equals the ``?`` value, NULL being equal to NULL."""
        raise NotImplementedError

    def seconds_between(self, later: str, earlier: str) -> str:
        """Whole seconds between two ISO 8601 UTC timestamps stored as text."""
        raise NotImplementedError

    #: Taken before reading the next sequence number of an attempt's log, with the attempt's id: None where
    #: the insert itself serialises writers (SQLite's single write lock).
    lock_attempt: str | None = None

    #: After a ``SELECT … LIMIT 1`` that picks a row to update: other takers skip a row one of them is
    #: taking instead of waiting for it (nothing where writers are serialised anyway: SQLite).
    skip_locked: str = ""

    #: Run outside any transaction before migrating, then at the start of each migration's transaction.
    before_migrations: tuple[str, ...] = ()
    migration_lock: tuple[str, ...] = ()

    #: The names of the tables of the current database (or schema).
    table_names: str = ""

    #: After rows were copied with their ids: the statements that make the next id follow them, per table.
    def after_copy(self, table: str) -> list[str]:
        return []


SCHEMA_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
)


@dataclass(frozen=True)
class _SQLite(Dialect):
    def json_valid(self, column: str) -> str:
        return f"json_valid({column})"

    def json_number(self, column_key: str) -> str:
        column, key = column_key.split(".")
        return f"json_extract({column}, '$.{key}')"

    def json_text(self, column_key: str) -> str:
        column, key = column_key.split(".")
        return f"CAST(json_extract({column}, '$.{key}') AS TEXT)"

    def email_index(self, table_column: str) -> str:
        return ""  # the column is declared UNIQUE COLLATE NOCASE

    def nocase(self, expression: str) -> str:
        return f"{expression} COLLATE NOCASE"

    def email_equals(self, column: str) -> str:
        return f"{column} = ?"  # the column's collation is NOCASE

    def least(self, a: str, b: str) -> str:
        return f"MIN({a}, {b})"

    def same(self, column: str) -> str:
        return f"{column} IS ?"

    def seconds_between(self, later: str, earlier: str) -> str:
        return f"CAST(ROUND((julianday({later}) - julianday({earlier})) * 86400) AS INTEGER)"


@dataclass(frozen=True)
class _PostgreSQL(Dialect):
    def json_valid(self, column: str) -> str:
        return f"{column}::jsonb IS NOT NULL"  # a cast that fails refuses the row

    def json_number(self, column_key: str) -> str:
        column, key = column_key.split(".")
        return f"({column}::jsonb ->> '{key}')::double precision"

    def json_text(self, column_key: str) -> str:
        column, key = column_key.split(".")
        return f"({column}::jsonb ->> '{key}')"

    def email_index(self, table_column: str) -> str:
        table, column = table_column.split(".")
        return f"CREATE UNIQUE INDEX {table}_{column}_nocase ON {table} (lower({column}));"

    def sql(self, query: str) -> str:
        # psycopg's placeholder is %s, and a literal % is written %%; no query of the store has a ? or a %
        # inside a string literal.
        return query.replace("%", "%%").replace("?", "%s")

    def nocase(self, expression: str) -> str:
        return f"lower({expression})"

    def email_equals(self, column: str) -> str:
        return f"lower({column}) = lower(?)"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})"

    def same(self, column: str) -> str:
        return f"{column} IS NOT DISTINCT FROM ?"

    def seconds_between(self, later: str, earlier: str) -> str:
        return (
            f"CAST(ROUND(EXTRACT(EPOCH FROM (({later})::timestamptz - ({earlier})::timestamptz))) AS BIGINT)"
        )

    def after_copy(self, table: str) -> list[str]:
        return [
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) "
            f"FROM {table}"
        ]


SQLITE = _SQLite(
    name="sqlite",
    words={
        "pk": "INTEGER PRIMARY KEY",
        "real": "REAL",
        "blob": "BLOB",
        "rowid": "",
        "email": "TEXT NOT NULL UNIQUE COLLATE NOCASE",
    },
    before_migrations=(SCHEMA_VERSION_TABLE,),
    # A write statement takes SQLite's write lock before the version is read: two processes starting
    # together (gunicorn -w 2) do not both apply the same migration.
    migration_lock=("UPDATE schema_version SET version = version WHERE 0",),
    table_names="SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
)

POSTGRESQL = _PostgreSQL(
    name="postgresql",
    words={
        "pk": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        "real": "DOUBLE PRECISION",
        "blob": "BYTEA",
        "rowid": ", rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE",
        "email": "TEXT NOT NULL",
    },
    # Several hosts may start together: one transaction-scoped advisory lock (any fixed number) serialises
    # their migrations, the table included.
    migration_lock=("SELECT pg_advisory_xact_lock(7311532)", SCHEMA_VERSION_TABLE),
    # The row lock serialises the appends of one attempt (and waits for a submission in progress), so the
    # next number read is the one the insert gets.
    lock_attempt="SELECT 1 FROM attempts WHERE id = ? FOR UPDATE",
    skip_locked=" FOR UPDATE SKIP LOCKED",
    table_names="SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
)
