"""The tests' own PostgreSQL server: without PostgreSQL's binaries its tests fail with a clear message (CI
must not pass them silently), unless LETTRAGE_SKIP_POSTGRESQL is set."""

from __future__ import annotations

import pytest
from postgresql_server import SKIP_VARIABLE, PostgreSQLServer, ServerUnavailable


def test_without_binaries_the_server_says_what_to_install_and_how_to_skip(monkeypatch):
    monkeypatch.setattr("glob.glob", lambda pattern: [])
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(ServerUnavailable) as missing:
        PostgreSQLServer()
    message = str(missing.value)
    assert "postgresql" in message and "make test" in message and f"{SKIP_VARIABLE}=1" in message


def test_the_server_listens_on_a_socket_in_its_folder_and_on_no_port(postgresql_server):
    import psycopg

    with psycopg.connect(postgresql_server.admin_url) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""
        assert conn.execute("SHOW unix_socket_directories").fetchone()[0] == str(postgresql_server.folder)
