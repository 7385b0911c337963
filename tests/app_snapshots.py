"""Snapshots of the application's state for the tests: a database file and its installed packs, saved once
and copied for each test; and the one application the tests share, pointed at such a copy."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from simulator import services

#: ``LETTRAGE_APP_ENGINE=postgresql pytest tests/web tests/teacher`` runs the application's tests on a
#: PostgreSQL database instead of a SQLite file (the store tests run on both anyway).
APP_ENGINE_VARIABLE = "LETTRAGE_APP_ENGINE"


@dataclass(frozen=True)
class Snapshot:
    """A SQLite database file (pack versions included: the store keeps their files), and the instance's
    packs folder when there is one (where an older instance kept them), saved once to give each test a
    copy."""

    database: Path
    packs: Path


def take_snapshot(app, folder: Path) -> Snapshot:
    """Save the database of ``app`` (no connection open: each request closes its own) and its packs."""
    folder.mkdir(parents=True, exist_ok=True)
    snapshot = Snapshot(folder / "simulator.db", folder / "packs")
    _copy_database(Path(app.config["DATABASE"]), snapshot.database)
    if Path(app.config["PACKS_FOLDER"]).exists():
        shutil.copytree(app.config["PACKS_FOLDER"], snapshot.packs)
    return snapshot


def restore(snapshot: Snapshot, database: Path) -> Path:
    """A copy of ``snapshot`` at ``database`` (replacing what is there), its packs folder beside it, as
    create_app places it; returns that folder."""
    packs = services.packs.packs_root(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    _copy_database(snapshot.database, database)
    shutil.rmtree(packs, ignore_errors=True)
    if snapshot.packs.exists():
        shutil.copytree(snapshot.packs, packs)
    _RESTORED[database] = _state(database)
    return packs


#: The state of each database file as :func:`restore` left it.
_RESTORED: dict[Path, str] = {}


def untouched(database: Path) -> bool:
    """No write since :func:`restore` made ``database``: a fixture may then replace it with a snapshot of
    more state; once another fixture wrote (a Moodle registration...), it must build its state on top."""
    return _RESTORED.get(database) == _state(database)


def _state(database: Path) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        file = database.with_name(database.name + suffix)
        digest.update(file.read_bytes() if file.exists() else b"-")
    return digest.hexdigest()


def _copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal"):  # a write-ahead log left by a connection not closed yet goes with its file
        origin = source.with_name(source.name + suffix)
        copy = target.with_name(target.name + suffix)
        copy.unlink(missing_ok=True)
        if origin.exists():
            shutil.copyfile(origin, copy)
    target.with_name(target.name + "-shm").unlink(missing_ok=True)


@dataclass(frozen=True)
class SharedApp:
    app: object
    config: dict  # its configuration as built, given back after each test
    template: Snapshot  # migrated, built-in packs registered: copied for each test

    @contextmanager
    def on(self, snapshot: Snapshot, database: Path) -> Iterator[object]:
        """The application on a copy of ``snapshot`` at ``database``; its configuration given back after."""
        packs = restore(snapshot, database)
        app = self.app
        saved = dict(app.config)
        app.config.clear()
        app.config.update(self.config, DATABASE=str(database), PACKS_FOLDER=str(packs))
        try:
            yield app
        finally:
            app.config.clear()
            app.config.update(saved)


def on_sqlite() -> bool:
    """The application's tests run on SQLite files (copied from snapshots), not PostgreSQL."""
    return os.environ.get(APP_ENGINE_VARIABLE) != "postgresql"
