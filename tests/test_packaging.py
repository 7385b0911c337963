"""The wheel carries the templates, static files and built-in packs, and an installed copy serves the app
from any folder. An editable install would hide a wheel missing its data files: only this test sees it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheelhouse")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--disable-pip-version-check", "-q"]
        + ["-w", str(out)],
        check=True,
        cwd=out,
    )
    [built] = out.glob("lettrage_simulator-*.whl")
    return built


def _files_under(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    )


def test_wheel_contains_templates_static_and_scenarios(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "simulator/_data/templates/base.html" in names
    assert "simulator/_data/static/js/htmx.min.js" in names
    assert "simulator/_data/static/css/app.css" in names
    for scenario_file in _files_under(ROOT / "scenarios"):
        assert f"simulator/_data/scenarios/{scenario_file}" in names
    for template in _files_under(ROOT / "templates"):
        assert f"simulator/_data/templates/{template}" in names


def test_wheel_declares_the_simulator_command(wheel):
    with zipfile.ZipFile(wheel) as archive:
        [entry_points] = [name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt")]
        assert "simulator = simulator.cli:main" in archive.read(entry_points).decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8")


def test_installed_wheel_serves_the_app_from_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--disable-pip-version-check", "-q", str(wheel)],
        check=True,
        cwd=tmp_path,
    )
    elsewhere = tmp_path / "classroom"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIMULATOR_", "PYTHON"))}

    located = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from simulator.resources import resource_path as r; print(r('templates'))",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    ).stdout.strip()
    assert Path(located).is_relative_to(venv), located

    port = _free_port()
    db = elsewhere / "classe.db"
    server = subprocess.Popen(
        [str(venv / "bin" / "simulator"), "serve", "--port", str(port), "--db", str(db)],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, home = _get(f"http://127.0.0.1:{port}/")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the installed app did not start:\n{server.communicate(timeout=5)[0]}")
                time.sleep(0.2)
        assert status == 200
        assert '<html lang="fr">' in home and "Bienvenue dans Lettrage" in home
        status, htmx_js = _get(f"http://127.0.0.1:{port}/static/js/htmx.min.js")
        assert status == 200 and 'version:"2.0.11"' in htmx_js
        assert db.exists()

        # The built-in pack and the data files travel too: solve with the installed command, grade over HTTP.
        solved = subprocess.run(
            [str(venv / "bin" / "simulator"), "solve", "procedure-11", "cheque", "--seed", "3"],
            check=True,
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=env,
        ).stdout
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/grade",
            data=solved.encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            graded = json.loads(response.read())
        assert graded["scenario"] == "cheque" and graded["score"] == 100.0 and graded["mistakes"] == []
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()
