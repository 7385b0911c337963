"""Two app hosts sharing one PostgreSQL database, against SQLite on one host, in the same run.

A throwaway PostgreSQL server (the tests' own, ``tests/postgresql_server.py``: Debian's binaries, a temporary
folder, a Unix socket), two gunicorn instances (``-w 2`` each) on two ports sharing it, and one gunicorn on a
SQLite file. Simulated students are HTTP clients doing the whole virement flow (start a variant, Banque en
ligne, Enregistrer le règlement, annotate the statement line, Rendre le travail, the result), each click sent
to either host as a load balancer would (a host that refuses the connection is skipped, as nginx does).

1. **Throughput**, closed loop (STUDENTS clients, no pause): completed clicks/s on host A alone, on A and B,
   and on the SQLite host, each for SECONDS.
2. **The knee**: clicks offered at a rising rate (open loop); the knee is the highest rate of which at least
   90 % is served, with a p95 under 250 ms.
3. **A host killed**: students at a human pace (0.2 to 0.6 s between clicks) on A and B; B is ``kill -9``ed
   (master and workers) a third of the way in, and restarted a little later. Printed: errors other than the
   cut connections of B's requests in flight (must be 0), and acknowledged actions lost (must be 0), checked
   against the database: every answer 303 to an action is in the attempt's log, every acknowledged
   « Rendre » is a submitted attempt scored 100.

The machine running this runs the clients too: on a small machine the figures are a floor. The PostgreSQL
server flushes its commits to disk (the tests' server does not), as SQLite does. Every loop is bounded; every
process is stopped at the end.

    .venv/bin/python bench/two_hosts.py [SECONDS]      (default 8 s per throughput measure; < 3 min in all)
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from postgresql_server import PostgreSQLServer  # noqa: E402  (the tests' throwaway server, reused)

from simulator import services, store  # noqa: E402
from simulator.packs.play.solve import solve  # noqa: E402

SECRET = "bench-two-hosts"
STUDENTS = 24
RAMP = (25, 50, 100, 150, 200, 300)  # clicks/s offered
RAMP_SECONDS = 3.0
KNEE_P95_MS = 250.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


# --- the servers ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Host:
    """One gunicorn instance (its own process group, so that ``kill -9`` takes the master and its workers)."""

    def __init__(self, name: str, database: str, instance: Path) -> None:
        self.name, self.database, self.instance = name, database, instance
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "SIMULATOR_DB": self.database,
            "SIMULATOR_SECRET_KEY": SECRET,  # the same on every host
            "SIMULATOR_INSTANCE": str(self.instance),
            "PYTHONPATH": str(ROOT),
        }
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        self.process = subprocess.Popen(
            [gunicorn, "-w", "2", "-b", f"127.0.0.1:{self.port}", "simulator:create_app()"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        for _ in range(300):  # up to 30 s to boot
            try:
                if _request(self.port, "GET", "/sante")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"host {self.name} did not start")

    def kill(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


# --- the students --------------------------------------------------------------------------------------------


class Cut(Exception):
    """The connection was cut after the request was sent: the host died under it."""


def _request(port: int, method: str, path: str, body: str | None = None, cookie: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body, headers)
        try:
            response = connection.getresponse()
            text = response.read().decode()
        except (ConnectionError, http.client.HTTPException, TimeoutError) as error:
            raise Cut(str(error)) from error
        session = next(
            (c.split(";")[0] for c in response.msg.get_all("Set-Cookie") or [] if c.startswith("session=")),
            None,
        )
        return response.status, response.getheader("Location") or "", session, text
    finally:
        connection.close()


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    clicks: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    cut: int = 0
    acked_actions: dict[int, int] = field(default_factory=dict)  # attempt id -> actions answered 303
    acked_submits: set[int] = field(default_factory=set)
    started_flows: int = 0

    def click(self, seconds: float) -> None:
        with self.lock:
            self.clicks += 1
            self.latencies.append(seconds)


class Balancer:
    """Which hosts take clicks: each click to a random one; a host refusing connections is skipped."""

    def __init__(self, hosts: list[Host]) -> None:
        self.hosts = hosts

    def send(self, method: str, path: str, body: str | None, cookie: str | None):
        for host in random.sample(self.hosts, len(self.hosts)):
            try:
                return _request(host.port, method, path, body, cookie)
            except ConnectionRefusedError:
                continue  # nothing was sent: the next host (nginx's proxy_next_upstream)
        raise ConnectionRefusedError("no host accepts connections")


VARIANTS: list[tuple[int, list[dict]]] = []


def _variants(count: int = 40) -> None:
    grader = services.grader_for("procedure-11")
    seed = 0
    while len(VARIANTS) < count:
        seed += 1
        if services.attempts.valid_seed(grader, "virement", seed):
            actions = list(solve(grader.world("virement", seed)))
            if [a["type"] for a in actions] == ["register_payment", "annotate_statement"]:
                VARIANTS.append((seed, actions))


def _french(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _payment_form(action: dict) -> dict[str, str]:
    return {
        "document": action["documents"][0],
        "journal": action["journal"],
        "amount": action["amount"].replace(".", ","),
        "date": _french(action["date"]),
        "reference": action.get("reference", ""),
        "statement_line": action["source"]["statement_line"],
        "handling": "keep_open",
    }


class Student:
    """One student's whole virement flow, a click at a time (``step`` returns False when the flow is over)."""

    def __init__(self, balancer: Balancer, tally: Tally) -> None:
        self.balancer, self.tally = balancer, tally
        self.cookie: str | None = None
        self.token = ""
        self.attempt = 0
        self.seed, self.solution = random.choice(VARIANTS)
        self.stage = 0

    def _send(self, method: str, path: str, data: dict | None = None, expect: int = 200) -> tuple[str, str]:
        body = urllib.parse.urlencode({**data, "csrf_token": self.token}) if data is not None else None
        start = time.perf_counter()
        status, location, cookie, text = self.balancer.send(method, path, body, self.cookie)
        self.tally.click(time.perf_counter() - start)
        if cookie and cookie.startswith("session="):
            self.cookie = cookie.split(";")[0].removeprefix("session=")
        if status != expect:
            raise UnexpectedAnswer(f"{method} {path.split('/')[-1] or path}: {status}")
        return location, text

    def step(self) -> bool:
        base = f"/tentatives/{self.attempt}"
        payment, annotation = self.solution
        match self.stage:
            case 0:
                _, page = self._send("GET", "/entrainement")
                self.token = CSRF.search(page)[1]
            case 1:
                location, _ = self._send(
                    "POST", "/entrainement/procedure-11/virement", {"seed": str(self.seed)}, 303
                )
                self.attempt = int(re.search(r"/tentatives/(\d+)", location)[1])
                with self.tally.lock:
                    self.tally.acked_actions[self.attempt] = 0
                    self.tally.started_flows += 1
            case 2:
                self._send("GET", f"{base}/banque")
            case 3 | 4:
                if self.stage == 3:
                    self._send("POST", f"{base}/reglement", _payment_form(payment), 303)
                else:
                    form = {"statement_line": annotation["statement_line"], "text": annotation["text"]}
                    self._send("POST", f"{base}/banque/annotation", form, 303)
                with self.tally.lock:
                    self.tally.acked_actions[self.attempt] += 1
            case 5:
                self._send("POST", f"{base}/rendre", {}, 303)
                with self.tally.lock:
                    self.tally.acked_submits.add(self.attempt)
            case 6:
                self._send("GET", f"{base}/resultat")
                return False
        self.stage += 1
        return True


class UnexpectedAnswer(Exception):
    pass


def _click(student: Student, tally: Tally) -> Student | None:
    """One click of ``student``; the student to use for the next click (a new one when the flow ended or was
    cut by a dying host)."""
    try:
        return student if student.step() else None
    except Cut:
        with tally.lock:
            tally.cut += 1
        return None  # the click's answer was lost with the host: this student starts again
    except (UnexpectedAnswer, OSError) as error:
        with tally.lock:
            tally.errors[str(error)[:80]] += 1
        return None


def closed_loop(balancer: Balancer, seconds: float, students: int = STUDENTS) -> Tally:
    """``students`` clients clicking with no pause for ``seconds``."""
    tally = Tally()
    stop = time.monotonic() + seconds

    def run() -> None:
        student = None
        while time.monotonic() < stop:
            student = _click(student or Student(balancer, tally), tally)

    _threads(run, students)
    return tally


def open_loop(balancer: Balancer, rate: float, seconds: float) -> Tally:
    """Clicks offered at ``rate`` per second for ``seconds`` (by up to 96 clients); the late ones are not
    made up: a saturated server shows as a served rate below the offered one."""
    tally = Tally()
    start = time.monotonic()
    total = int(rate * seconds)
    tickets = iter(range(total))
    lock = threading.Lock()

    def run() -> None:
        student = None
        while True:
            with lock:
                ticket = next(tickets, None)
            if ticket is None:
                return
            due = start + ticket / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif -delay > 1.0:  # more than a second behind: the server does not keep up
                continue
            student = _click(student or Student(balancer, tally), tally)

    _threads(run, min(96, max(8, int(rate / 2))))
    tally.elapsed = time.monotonic() - start  # type: ignore[attr-defined]
    return tally


def paced(balancer: Balancer, seconds: float, students: int, events: list[tuple[float, callable]]) -> Tally:
    """``students`` clients at a human pace (0.2 to 0.6 s between clicks); ``events`` run at their time."""
    tally = Tally()
    start = time.monotonic()
    stop = start + seconds

    def run() -> None:
        student = None
        while time.monotonic() < stop:
            student = _click(student or Student(balancer, tally), tally)
            time.sleep(random.uniform(0.2, 0.6))

    def timeline() -> None:
        for at, event in events:
            time.sleep(max(0.0, start + at - time.monotonic()))
            event()

    clock = threading.Thread(target=timeline)
    clock.start()
    _threads(run, students)
    clock.join()
    return tally


def _threads(target, count: int) -> None:
    threads = [threading.Thread(target=target, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def _p95_ms(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0


# --- checks against the database ----------------------------------------------------------------------------


def lost_actions(database: str, tally: Tally) -> tuple[int, int, int]:
    """(acknowledged actions, of which missing from the database, acknowledged submissions not submitted or
    not scored 100)."""
    db = store.open_db(database)
    try:
        missing = 0
        for attempt_id, acked in tally.acked_actions.items():
            if len(store.list_actions(db, attempt_id)) < acked:
                missing += 1
        wrong = 0
        for attempt_id in tally.acked_submits:
            attempt = store.get_attempt(db, attempt_id)
            if attempt is None or attempt.submitted_at is None or attempt.score != 100:
                wrong += 1
        return sum(tally.acked_actions.values()), missing, wrong
    finally:
        db.close()


# --- the run -------------------------------------------------------------------------------------------------


def _knee(balancer: Balancer) -> tuple[float, list[str]]:
    knee, lines = 0.0, []
    for rate in RAMP:
        tally = open_loop(balancer, rate, RAMP_SECONDS)
        served = tally.clicks / tally.elapsed  # type: ignore[attr-defined]
        p95 = _p95_ms(tally.latencies)
        ok = served >= 0.9 * rate and p95 <= KNEE_P95_MS and not tally.errors
        lines.append(
            f"    {rate:>4} offered: {served:6.0f} clicks/s served, p95 {p95:6.0f} ms{'' if ok else '  ✗'}"
        )
        if not ok:
            break
        knee = rate
    return knee, lines


def main(seconds: float = 8.0) -> None:
    began = time.monotonic()
    _variants()
    server = PostgreSQLServer()
    hosts: list[Host] = []
    try:
        server.start(durable=True)  # commits flushed to disk, as SQLite's are: a fair comparison
        url = server.create_database()
        folder = Path(tempfile.mkdtemp(prefix="lettrage-bench-"))
        a = Host("A", url, folder / "a")
        b = Host("B", url, folder / "b")
        lite = Host("SQLite", str(folder / "sqlite" / "simulator.db"), folder / "sqlite")
        hosts = [a, b, lite]
        a.start()  # migrates the database first; B finds it ready
        b.start()
        lite.start()
        print(f"PostgreSQL {url.split('?')[0]}, hosts A :{a.port} and B :{b.port}; SQLite host :{lite.port}")
        print(f"(gunicorn -w 2 each; {os.cpu_count()} cores, clients on the same machine)\n")

        print(f"1. Throughput, {STUDENTS} students clicking without pause, {seconds:.0f} s each")
        results = {}
        for label, balancer in (
            ("PostgreSQL, host A alone", Balancer([a])),
            ("PostgreSQL, hosts A + B", Balancer([a, b])),
            ("SQLite, one host", Balancer([lite])),
        ):
            tally = closed_loop(balancer, seconds)
            results[label] = tally.clicks / seconds
            errors = sum(tally.errors.values())
            print(
                f"  {label:<28} {results[label]:6.0f} clicks/s   p50 "
                f"{1000 * statistics.median(tally.latencies):5.0f} ms  p95 {_p95_ms(tally.latencies):5.0f} ms"
                f"   errors {errors}"
            )
        two, one = results["PostgreSQL, hosts A + B"], results["PostgreSQL, host A alone"]
        print(f"  two hosts / one host: {two / one:.2f}")

        print(f"\n2. The knee: clicks offered at a rising rate, {RAMP_SECONDS:.0f} s a step")
        for label, balancer in (
            ("PostgreSQL, A + B", Balancer([a, b])),
            ("SQLite, one host", Balancer([lite])),
        ):
            knee, lines = _knee(balancer)
            print(f"  {label}: knee ≈ {knee:.0f} clicks/s (≥ 90 % served, p95 ≤ {KNEE_P95_MS:.0f} ms)")
            print("\n".join(lines))

        duration = max(12.0, 2 * seconds)
        print(f"\n3. Host B killed (kill -9, master and workers) at {duration / 3:.0f} s, restarted at "
              f"{duration / 2:.0f} s; 60 students at a human pace for {duration:.0f} s")  # fmt: skip
        restarted = []

        def restart() -> None:
            t = time.monotonic()
            b.start()
            restarted.append(time.monotonic() - t)

        tally = paced(Balancer([a, b]), duration, 60, [(duration / 3, b.kill), (duration / 2, restart)])
        acked, missing, wrong = lost_actions(url, tally)
        errors = sum(tally.errors.values())
        print(f"  clicks {tally.clicks}, flows started {tally.started_flows}, "
              f"submitted and acknowledged {len(tally.acked_submits)}")  # fmt: skip
        print(f"  connections cut by the killed host: {tally.cut}")
        print(f"  other errors: {errors}{'' if not errors else '  ' + str(dict(tally.errors))}   (must be 0)")
        print(f"  acknowledged actions lost: {missing} of {acked}   (must be 0)")
        print(
            f"  acknowledged submissions not stored with 100: {wrong} of {len(tally.acked_submits)}   (must be 0)"
        )
        if restarted:
            print(f"  host B back in {restarted[0]:.1f} s")
        print(f"\nTotal time {time.monotonic() - began:.0f} s")
        if errors or missing or wrong:
            sys.exit(1)
    finally:
        for host in hosts:
            host.stop()
        store.close_pools()
        server.stop()
        if hosts:
            shutil.rmtree(hosts[0].instance.parent, ignore_errors=True)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 8.0)
