"""The request's database connection (flaskr's ``get_db`` pattern) on top of :mod:`simulator.store`."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g

from .. import store


def get_db() -> store.Database:
    """The connection of the current application context, opened on first use (the schema was brought up
    to date when the app started: see :func:`init_app`)."""
    if "db" not in g:
        g.db = store.connect(current_app.config["DATABASE"])
    return g.db


def database_answers() -> bool:
    """Whether the database answers a trivial query now (the health check)."""
    try:
        get_db().execute("SELECT 1").fetchall()
    except Exception:
        return False
    return True


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    """Create or migrate the database file now and register the built-in packs, so the first visitor does
    not pay for it, and close each request's connection at the end of the request."""
    from .. import services

    db = store.open_db(app.config["DATABASE"])
    try:
        services.packs.register_builtin(db, Path(app.config["PACKS_FOLDER"]))
    finally:
        db.close()
    app.teardown_appcontext(close_db)
