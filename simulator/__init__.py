"""Lettrage: a training simulator for the customer-payment and follow-up procedure of French SMEs.

``create_app`` is the Flask application factory. Flask is imported inside it so that the core packages
(``simulator.ledger``, ``simulator.packs``, ``simulator.grading``) and batch commands load without it.
"""

from __future__ import annotations

import gc
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

DEFAULT_LOCALE = "fr"
DEFAULT_TIMEZONE = "Europe/Paris"


class ConfigurationError(RuntimeError):
    """The application cannot start with this configuration (the message says what to set)."""


#: Why several hosts need the key from the environment (printed when it is missing).
SHARED_KEY_MESSAGE = (
    "Base de données PostgreSQL partagée : définissez la clé de session SIMULATOR_SECRET_KEY dans "
    "l'environnement, la même sur chaque serveur (par exemple : python3 -c 'import secrets; "
    "print(secrets.token_hex(32))'). Une clé tirée dans le dossier instance de chaque serveur "
    "déconnecterait les élèves d'un serveur à l'autre. Voir docs/deployment.md."
)


def instance_folder() -> Path:
    """The instance folder: ``$SIMULATOR_INSTANCE``, else ``instance/`` under the current directory."""
    return Path(os.environ.get("SIMULATOR_INSTANCE") or Path.cwd() / "instance").resolve()


def packs_folder(database: str) -> Path:
    """Where an instance from before pack versions were kept in the database had them (imported at start):
    ``packs/`` beside a SQLite file, or in the instance folder for a PostgreSQL database."""
    from .services.packs import packs_root
    from .store import is_postgresql

    return instance_folder() / "packs" if is_postgresql(database) else packs_root(database)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web application.

    Configuration, later sources winning: defaults (database ``instance/simulator.db`` under the current
    directory), the environment (``SIMULATOR_DB``: a SQLite file or a ``postgresql://`` URL,
    ``SIMULATOR_INSTANCE``, ``SIMULATOR_SECRET_KEY``, ``SIMULATOR_JOBS_WORKER=0`` for no jobs worker
    thread in this process), then ``test_config``.

    On a PostgreSQL database (several hosts) the session key must come from the environment or the
    configuration: :class:`ConfigurationError` otherwise.
    """
    from flask import Flask
    from flask_babel import Babel

    from . import formatting, services
    from .messages import french
    from .resources import resource_path
    from .store import is_postgresql
    from .web import api, auth, db, errors, lti, main, student, teacher
    from .web.extensions import csrf, htmx
    from .web.markdown import render_markdown

    instance_path = instance_folder()
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(resource_path("templates")),
        static_folder=str(resource_path("static")),
    )
    app.config.from_mapping(
        DATABASE=os.environ.get("SIMULATOR_DB") or str(instance_path / "simulator.db"),
        SECRET_KEY=os.environ.get("SIMULATOR_SECRET_KEY"),
        BABEL_DEFAULT_LOCALE=DEFAULT_LOCALE,
        BABEL_DEFAULT_TIMEZONE=DEFAULT_TIMEZONE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # valid for the browser session: a long exercise must not expire
        MAX_CONTENT_LENGTH=3 * 1024 * 1024,  # an uploaded pack is a few kilobytes; refuse floods early
        PASSWORD_HASH_METHOD=services.accounts.PASSWORD_HASH_METHOD,  # werkzeug's name; scrypt
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config.setdefault("PACKS_FOLDER", str(packs_folder(app.config["DATABASE"])))
    if not app.config["SECRET_KEY"]:
        if is_postgresql(app.config["DATABASE"]):
            raise ConfigurationError(SHARED_KEY_MESSAGE)
        app.config["SECRET_KEY"] = _instance_secret_key(instance_path)

    Babel(app)
    htmx.init_app(app)
    app.add_template_filter(formatting.format_money, "money")
    app.add_template_filter(formatting.format_amount, "amount")
    app.add_template_filter(formatting.format_date, "date_fr")
    app.add_template_filter(formatting.format_date_long, "date_long")
    app.add_template_filter(formatting.format_timestamp, "timestamp")
    app.add_template_filter(formatting.format_score, "score")
    app.add_template_filter(formatting.format_points, "points")
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(french.de, "de")

    csrf.init_app(app)
    db.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(student.bp)
    app.register_blueprint(teacher.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(lti.bp)
    csrf.exempt(api.bp)  # JSON for scripts, no browser session: nothing to forge
    # The platform's POSTs carry a signed id_token and the OIDC state, not our CSRF token; the Deep Linking
    # form lives in Moodle's frame (no session cookie there) and is proven by its one-time launch id.
    for view in (lti.login, lti.launch, lti.deep_link):
        csrf.exempt(view)
    app.json.ensure_ascii = False  # French feedback stays readable in API responses
    # Regrades and grades sent to a platform run in the background, on whichever host is free: each process
    # runs one worker thread (not under tests, which run jobs when they mean to; JOBS_WORKER=False for a
    # host that leaves them to `simulator jobs run`).
    if app.config.get("JOBS_WORKER", not app.testing and os.environ.get("SIMULATOR_JOBS_WORKER") != "0"):
        from .services.jobs import start_worker

        start_worker(app.config["DATABASE"])
    if not app.testing:
        # What is alive now (modules, templates' code, the app) lives as long as the process: kept out of
        # the garbage collector's full passes, which otherwise rescan it every few large requests (the
        # gradebook of a full class paid ~85 ms on every other request for it).
        gc.collect()
        gc.freeze()
    return app


def _instance_secret_key(instance_path: Path) -> str:
    # Kept in the instance folder so that every worker process (gunicorn -w 2) and every restart signs
    # sessions with the same key, with nothing to configure to try the simulator.
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker wrote it first
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return key_file.read_text().strip()
