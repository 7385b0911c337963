"""Issue 9 figures: one student's workspace on an attempt of 60 actions (the cheque scenario's reference
solution, then notes, annotations and reminders). Server time of the main GETs (Factures clients, an invoice,
Banque en ligne, a customer's follow-up page) and of a payment POST (Enregistrer le règlement, accepted),
median and p95:

1. through the Flask test client, in this process (the time around the call);
2. under gunicorn with 2 workers on 127.0.0.1 (the server's own time, ``%(D)s`` of its access log), and the
   requests/s of one student's page against a bare route (``/comptabilite``, a redirect) in the same run,
   from 4 client threads;
3. a cProfile of the invoice list, summed by what dominates (replay, world, template, store).

Target (issue 9): p95 <= 30 ms per request, server side. Every loop is bounded; the server is stopped at
the end.

    .venv/bin/python bench/web_workspace.py [REQUESTS]      (default 60 per GET)
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from simulator import create_app, services, store
from simulator.packs.play.solve import solve

ACTIONS = 60
SCENARIO, SEED = "cheque", 1
SECRET = "bench-web-workspace"
TARGET_MS = 30.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _stats(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    flag = "" if p95 <= TARGET_MS else "  > target"
    return f"{statistics.median(ordered):8.2f} {p95:8.2f}{flag}"


def _log(world) -> list[dict]:
    """The reference solution, then notes, annotations and next reminders up to ACTIONS actions."""
    actions = list(solve(world))
    invoices = [d.number for d in world.documents if d.kind == "invoice"]
    lines = [s.id for s in world.statement_lines]
    customers = [c.id for c in world.customers]
    for n in range(ACTIONS - len(actions)):
        kind = n % 3
        if kind == 0:
            actions.append({"type": "add_note", "document": invoices[n % len(invoices)], "text": f"Note {n}"})
        elif kind == 1:
            actions.append(
                {"type": "annotate_statement", "statement_line": lines[n % len(lines)], "text": f"Vu {n}"}
            )
        else:
            day = (world.today + timedelta(days=1 + n % 10)).isoformat()
            actions.append(
                {"type": "set_next_action", "customer": customers[n % len(customers)], "date": day}
            )
    return actions


def _payment(world) -> dict[str, str]:
    """Enregistrer le règlement of the invoice of the customer who sent no cheque (still open), as posted."""
    paid = {d for a in solve(world) if a["type"] == "register_payment" for d in a["documents"]}
    invoice = next(d for d in world.documents if d.kind == "invoice" and d.number not in paid)
    return {
        "document": invoice.number,
        "journal": "BNK",
        "amount": f"{invoice.amount_ttc}",
        "date": world.today.isoformat(),
        "reference": "VIR SEPA BENCH",
    }


def _setup(db_path: Path, copies: int):
    """A guest's attempt with ACTIONS actions, and ``copies`` more like it (one per payment POST); the
    session cookie of that guest (signed with SECRET) and the URLs to time."""
    app = create_app(
        {"DATABASE": str(db_path), "SECRET_KEY": SECRET, "WTF_CSRF_ENABLED": False, "JOBS_WORKER": False}
    )
    client = app.test_client()
    response = client.post(f"/entrainement/procedure-11/{SCENARIO}", data={"seed": str(SEED)})
    first = int(re.search(r"/tentatives/(\d+)/", response.location)[1])
    db = store.open_db(db_path)
    record = store.get_attempt(db, first)
    world = services.grader_for("procedure-11").world(SCENARIO, SEED)
    log = _log(world)
    attempt = services.attempts.load_any(db, first)
    for action in log:
        result = services.attempts.apply_action(db, attempt, action)
        assert result.accepted, (action, result.errors)
        attempt = result.attempt
    ids = [first]
    for _ in range(copies):
        copy = store.create_attempt(
            db,
            pack=record.pack,
            pack_version=record.pack_version,
            scenario=SCENARIO,
            seed=SEED,
            guest_token=record.guest_token,
        )
        for action in log:
            store.append_action(db, copy.id, action)
        ids.append(copy.id)
    db.close()
    cookie = next(c for c in client._cookies.values() if c.key == "session").value
    base = f"/tentatives/{first}"
    invoice = next(d.number for d in world.documents if d.kind == "invoice")
    customer = world.customers[0].id
    gets = {
        "Factures clients": f"{base}/factures",
        "facture (formulaire)": f"{base}/factures/{invoice}",
        "Banque en ligne": f"{base}/banque",
        "relance client": f"{base}/relances/{customer}",
    }
    return app, client, cookie, gets, ids[1:], _payment(world)


def _flask_client(app, client, gets, attempts, payment, n: int) -> None:
    print(f"Flask test client, {ACTIONS} actions: server time (ms)   median      p95")
    for name, url in gets.items():
        assert client.get(url).status_code == 200, url
        samples = []
        for _ in range(n):
            t = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
        print(f"  GET {name:<40} {_stats(samples)}")
    samples = []
    for attempt_id in attempts:
        t = time.perf_counter()
        response = client.post(f"/tentatives/{attempt_id}/reglement", data=payment)
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 303, response.status_code
    print(f"  POST Enregistrer le règlement (accepted, n={len(samples):>3})    {_stats(samples)}")


def _profile(client, url: str) -> None:
    """Where the time of one GET goes (cumulative time of the big parts, over 20 requests)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    parts = {
        "replay of the log (packs.replay.replay)": ("simulator/packs/play/replay.py", "replay"),
        "world (grader.world, cached)": ("simulator/grading/batch.py", "world"),
        "read the log (store.list_actions)": ("simulator/store.py", "list_actions"),
        "books view (ledger.views.books_view)": ("simulator/ledger/views.py", "books_view"),
        "templates (flask.render_template)": ("flask/templating.py", "render_template"),
    }
    print(f"cProfile of GET Factures clients x 20: {total * 1000 / 20:.1f} ms per request under the profiler")
    for label, (file, function) in parts.items():
        cumulative = sum(
            value[3]
            for (path, _, name), value in stats.stats.items()
            if path.endswith(file) and name == function
        )
        print(f"  {label:<44} {cumulative * 1000 / 20:7.2f} ms  ({cumulative / total:5.1%})")


class _Session:
    """The guest's browser: its session cookie (kept up to date), and the CSRF token read from a page."""

    def __init__(self, base: str, cookie: str) -> None:
        self.base, self.cookie = base, cookie
        self.opener = urllib.request.build_opener(_NoRedirect)

    def _open(self, url: str, body: bytes | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + url, body, headers={"Cookie": f"session={self.cookie}"})
        try:
            response = self.opener.open(request)
        except urllib.error.HTTPError as answer:  # a redirect (303 after a POST, the bare route's 302)
            response = answer
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                if header.startswith("session="):
                    self.cookie = header.split(";")[0].removeprefix("session=")
            return response.status, response.read().decode()

    def get(self, url: str) -> tuple[int, str]:
        return self._open(url)

    def post(self, url: str, data: dict[str, str]) -> int:
        _, html = self.get("/entrainement")
        body = urllib.parse.urlencode({**data, "csrf_token": CSRF.search(html)[1]}).encode()
        return self._open(url, body)[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn(db_path: Path, tmp: Path, cookie: str, gets, attempts, payment, n: int) -> None:
    port, access = _free_port(), tmp / "access.log"
    env = {**os.environ, "SIMULATOR_DB": str(db_path), "SIMULATOR_SECRET_KEY": SECRET}
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile", str(access),
         "--access-logformat", "%(m)s %(U)s %(s)s %(D)s", "simulator:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        session = _Session(f"http://127.0.0.1:{port}", cookie)
        for _ in range(100):  # up to 10 s to boot
            try:
                session.get("/comptabilite")
                break
            except OSError:
                time.sleep(0.1)
        for url in gets.values():  # each worker warms its world cache and templates
            for _ in range(4):
                assert session.get(url)[0] == 200
        access.write_text("")
        for url in gets.values():
            for _ in range(n):
                session.get(url)
        for attempt_id in attempts:
            assert session.post(f"/tentatives/{attempt_id}/reglement", payment) == 303
        time.sleep(0.3)  # the access log is written after the response
        times: dict[tuple[str, str], list[float]] = defaultdict(list)
        for line in access.read_text().splitlines():
            method, path, status, micros = line.split()
            times[method, path].append(int(micros) / 1000)
        print("gunicorn -w 2, 127.0.0.1: server time from its access log (ms)   median      p95")
        for name, url in gets.items():
            print(f"  GET {name:<40} {_stats(times['GET', url])}")
        posts = [t for (method, path), ts in times.items() if method == "POST" for t in ts]
        print(f"  POST Enregistrer le règlement (accepted, n={len(posts):>3})    {_stats(posts)}")
        page, bare = gets["Factures clients"], "/comptabilite"
        for label, url in (("one student's Factures clients", page), ("bare route /comptabilite", bare)):
            print(f"  {label:<44} {_throughput(session, url, 4 * n):8.0f} requests/s (4 client threads)")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _throughput(session: _Session, url: str, requests: int) -> float:
    def worker(count: int) -> None:
        for _ in range(count):
            session.get(url)

    threads = [threading.Thread(target=worker, args=(requests // 4,)) for _ in range(4)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return requests / (time.perf_counter() - start)


def main(n: int = 60) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db_path = tmp / "simulator.db"
        app, client, cookie, gets, attempts, payment = _setup(db_path, copies=2 * n)
        _flask_client(app, client, gets, attempts[:n], payment, n)
        _profile(client, gets["Factures clients"])
        _gunicorn(db_path, tmp, cookie, gets, attempts[n:], payment, n)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
