"""The ``simulator`` command: parser structure, exit statuses, ``serve``."""

from __future__ import annotations

import subprocess
import sys

import pytest
from flask import Flask

from simulator import ConfigurationError, cli, create_app


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2
    assert "usage: simulator" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["nonsense"], ["serve", "--port", "not-a-number"], ["serve", "--bogus"]])
def test_bad_arguments_exit_2(argv):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2


def test_help_lists_serve_and_mentions_gunicorn(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--db FILE" in out and "gunicorn" in out


def test_every_add_function_becomes_a_subcommand():
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    expected = {name.removeprefix("_add_") for name in vars(cli) if name.startswith("_add_")}
    assert set(subparsers.choices) == expected
    assert "serve" in expected


def test_serve_runs_the_app_on_the_given_address_and_database(tmp_path, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(Flask, "run", lambda app, **kwargs: calls.append((app, kwargs)))
    db = tmp_path / "classe.db"
    assert cli.main(["serve", "--host", "127.0.0.1", "--port", "5123", "--db", str(db)]) == 0
    [(app, kwargs)] = calls
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == 5123
    assert kwargs["debug"] is False
    assert app.config["DATABASE"] == str(db)
    assert db.exists()
    assert "http://127.0.0.1:5123/" in capsys.readouterr().out


def test_serve_on_a_shared_postgresql_database_refuses_to_start_without_a_session_key(monkeypatch, capsys):
    monkeypatch.delenv("SIMULATOR_SECRET_KEY", raising=False)
    monkeypatch.setattr(Flask, "run", lambda app, **kwargs: pytest.fail("the server must not start"))
    url = "postgresql://lettrage:motdepasse@db.example/lettrage"

    assert cli.main(["serve", "--db", url]) == 1

    err = capsys.readouterr().err
    assert "SIMULATOR_SECRET_KEY" in err and "la même sur chaque serveur" in err
    with pytest.raises(ConfigurationError):
        create_app({"DATABASE": url})


def test_serve_on_postgresql_with_the_key_from_the_environment(monkeypatch, capsys, postgresql_url, tmp_path):
    monkeypatch.setenv("SIMULATOR_SECRET_KEY", "shared-by-every-host")
    monkeypatch.setenv("SIMULATOR_INSTANCE", str(tmp_path))
    calls = []
    monkeypatch.setattr(Flask, "run", lambda app, **kwargs: calls.append(app))
    password_url = postgresql_url.replace("postgresql://postgres@", "postgresql://postgres:motdepasse@")

    assert cli.main(["serve", "--db", password_url]) == 0

    [app] = calls
    assert app.config["SECRET_KEY"] == "shared-by-every-host"
    out = capsys.readouterr().out
    assert "Base de données : " in out and "motdepasse" not in out
    assert app.config["PACKS_FOLDER"] == str(tmp_path / "packs")  # beside no file: in the instance folder
    assert not (tmp_path / "secret_key").exists()


def test_python_dash_m_simulator_works_and_loads_neither_flask_nor_weasyprint_for_help():
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['simulator', '--help']\n"
        "try:\n"
        "    runpy.run_module('simulator', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "loaded = sorted(m for m in ('flask', 'weasyprint', 'faker') if m in sys.modules)\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "serve" in result.stdout
    assert "LOADED []" in result.stdout
