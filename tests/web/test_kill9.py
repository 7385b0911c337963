"""An action the server acknowledged survives kill -9: a real `simulator serve` process on a temporary
database (a SQLite file, or a PostgreSQL database), actions posted over HTTP, SIGKILL, then the log read
back from the database."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from simulator import store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_acknowledged_actions_survive_kill_9(tmp_path, db_address):
    port = _free_port()
    env = {**os.environ, "SIMULATOR_INSTANCE": str(tmp_path), "SIMULATOR_SECRET_KEY": "kill-test"}
    server = subprocess.Popen(
        [sys.executable, "-m", "simulator", "serve", "--port", str(port), "--db", str(db_address)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def get(path: str) -> str:
        with opener.open(base + path, timeout=10) as response:
            return response.read().decode()

    def post(path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with opener.open(urllib.request.Request(base + path, body), timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        for _ in range(100):
            try:
                page = get("/entrainement")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
        assert post("/entrainement/procedure-11/virement", {"csrf_token": token}) == 303
        attempt_id = 1
        bank = get(f"/tentatives/{attempt_id}/banque")
        lines = re.findall(r'name="statement_line" value="([^"]+)"', bank)
        acknowledged = []
        for number in range(12):
            text = f"Enregistré, note {number}"
            status = post(
                f"/tentatives/{attempt_id}/banque/annotation",
                {"csrf_token": token, "statement_line": lines[number % len(lines)], "text": text},
            )
            if status == 303:
                acknowledged.append(text)
        assert len(acknowledged) == 12
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)

    assert server.returncode == -signal.SIGKILL
    db = store.open_db(db_address)
    assert [action["text"] for action in store.list_actions(db, attempt_id)] == acknowledged
    db.close()
