"""Shared fixtures: the Flask app on a temporary database (flaskr style), and a live server with Debian's
Chromium for the browser tests (pytest-playwright cannot download its own browser on these machines).

The application is built once per session (its URL map and its Jinja environment, whose compiled templates
are cached, cost more than most tests); each test gets it pointed at a database of its own, copied from a
database migrated once, and its configuration back as it was at the end.

Under pytest-xdist (``make test`` runs two workers, a test file each at a time) every session fixture is per
worker process: its app and template database, its PostgreSQL server in its own temporary folder, its live
server on a free port and its Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from app_snapshots import SharedApp, on_sqlite, take_snapshot
from werkzeug.serving import BaseWSGIServer, make_server

from simulator import create_app, store

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Chromium's own language: its date fields read and type JJ/MM/AAAA (with Debian's chromium-l10n, whose
#: locale files Chromium needs for any language but English; the page's locale alone does not change them).
CHROMIUM_ENV = {"LANGUAGE": "fr"}


def browser_environment() -> dict[str, str]:
    return {**os.environ, **CHROMIUM_ENV}


#: One round of PBKDF2 instead of scrypt (about 0.2 s per account created or logged in): the tests create
#: hundreds of accounts. Production keeps scrypt (tests/web/test_accounts.py checks it).
TEST_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


def _test_config(db_path) -> dict:
    return {
        "TESTING": True,
        "DATABASE": str(db_path),
        "SECRET_KEY": "test-secret-key",
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
    }


@pytest.fixture(scope="session")
def shared_app(tmp_path_factory) -> SharedApp:
    """The application of the tests that take ``app``, built once, on a template database."""
    folder = tmp_path_factory.mktemp("template")
    app = create_app(_test_config(folder / "built" / "simulator.db"))  # migrates, registers built-in packs
    return SharedApp(app, dict(app.config), take_snapshot(app, folder / "snapshot"))


@pytest.fixture
def app(tmp_path, request):
    """The application on a fresh database (a SQLite file, unless LETTRAGE_APP_ENGINE says) for each test:
    no test sees another's rows, installed packs or configuration changes."""
    if not on_sqlite():
        # The instance folder (of the LTI keys, of old installed packs) is the test's (also for commands)
        request.getfixturevalue("monkeypatch").setenv("SIMULATOR_INSTANCE", str(tmp_path))
        yield create_app(_test_config(request.getfixturevalue("postgresql_url")))
        return
    shared: SharedApp = request.getfixturevalue("shared_app")
    with shared.on(shared.template, tmp_path / "simulator.db") as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


# --- database engines --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgresql_server():
    """A PostgreSQL server of its own for the session (see postgresql_server.py); fails, not skips, when
    it cannot start, unless LETTRAGE_SKIP_POSTGRESQL is set."""
    from postgresql_server import SKIP_VARIABLE, PostgreSQLServer, ServerUnavailable

    if os.environ.get(SKIP_VARIABLE):
        pytest.skip(f"PostgreSQL tests skipped ({SKIP_VARIABLE} is set)")
    try:
        server = PostgreSQLServer()
        server.start()
    except ServerUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield server
    finally:
        store.close_pools()
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request) -> str:
    return request.param


@pytest.fixture
def postgresql_url(postgresql_server):
    """The URL of a new empty PostgreSQL database, dropped at the end."""
    url = postgresql_server.create_database()
    try:
        yield url
    finally:
        store.close_pools()  # this URL's, and those of the same database under another spelling
        postgresql_server.drop_database(url)


@pytest.fixture
def db_address(engine, tmp_path, request):
    """The address of a new empty database on each engine: a file path (its folder not yet made), or the
    URL of a new PostgreSQL database."""
    if engine == "sqlite":
        return tmp_path / "instance" / "simulator.db"
    return request.getfixturevalue("postgresql_url")


# --- browser tests ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at Debian's Chromium."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not executable:
        pytest.fail(
            "Chromium not found: install Debian's chromium package (make test does) or set CHROMIUM_PATH"
        )
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
        "env": browser_environment(),
    }


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: object


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The application served over HTTP in a background thread, on a free port, for the whole session."""
    app = create_app(_test_config(tmp_path_factory.mktemp("live") / "simulator.db"))
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Lets browser tests write ``page.goto("/")``."""
    return live_server.url
