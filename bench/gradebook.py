"""The teacher's side at class scale: 300 students x 8 scenarios x 3 attempts (7,200 submitted attempts) of
one assignment in a temporary store. Times the gradebook page and the CSV export through the Flask app
(median of 5), and the regrade of the whole assignment with a new pack version (attempts/s, median of 3).
Targets (issue 11): gradebook <= 200 ms, regrade >= 1,000 attempts/s.

    .venv/bin/python bench/gradebook.py [STUDENTS]      (default 300)
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from werkzeug.security import generate_password_hash

from simulator import create_app, services, store
from simulator.packs.play.solve import solve
from simulator.packs.spec.loader import builtin_root

ATTEMPTS = 3


def _populate(db, students: int) -> tuple[int, int]:
    teacher, _ = services.accounts.add_teacher(db, "prof@bench.fr")
    group, _ = services.classes.create(db, teacher, "Bench")
    grader = services.packs.grader(db, "procedure-11", "1")
    scenarios = list(grader.pack.scenario_ids)
    now = datetime.now(UTC)
    assignment = store.create_assignment(
        db,
        class_id=group.id,
        title="Bench",
        pack="procedure-11",
        pack_version="1",
        scenarios=scenarios,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        mode="practice",
        max_submissions=None,
        feedback="immediate",
        seed_policy="per_student",
    )
    stamp = now.isoformat(timespec="seconds")
    with db.atomic():
        for n in range(students):
            user = store.create_user(
                db, email=f"eleve{n}@bench.fr", first_name=f"Élève{n}", last_name="Bench", password_hash="!"
            )
            store.add_class_member(db, group.id, user.id)
            for scenario in scenarios:
                seed = services.assignment_attempts.student_seed(grader, assignment.id, user.id, scenario)
                reference = solve(grader.world(scenario, seed))
                for k in range(ATTEMPTS):
                    actions = reference[: len(reference) - (ATTEMPTS - 1 - k)]  # the last one complete
                    attempt = store.create_attempt(
                        db,
                        pack="procedure-11",
                        pack_version="1",
                        scenario=scenario,
                        seed=seed,
                        user_id=user.id,
                        assignment_id=assignment.id,
                    )
                    db.executemany(
                        "INSERT INTO actions (attempt_id, seq, payload, created_at) VALUES (?, ?, ?, ?)",
                        [(attempt.id, i, json.dumps(a), stamp) for i, a in enumerate(actions, start=1)],
                    )
                    db.execute("UPDATE attempts SET submitted_at = ? WHERE id = ?", [stamp, attempt.id])
    return teacher.id, assignment.id


def _median_ms(call, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(students: int = 300) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-gradebook-"))
    try:
        app = create_app(
            {
                "DATABASE": str(folder / "simulator.db"),
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "JOBS_WORKER": False,  # the bench runs the regrades itself, in the foreground
            }
        )
        db = store.open_db(app.config["DATABASE"])
        start = time.perf_counter()
        teacher_id, assignment_id = _populate(db, students)
        print(
            f"store: {students} students x 8 scenarios x {ATTEMPTS} attempts in {time.perf_counter() - start:.1f} s"
        )
        sys.stdout.flush()
        assignment = store.get_assignment(db, assignment_id)
        first = services.regrade.run(db, services.regrade.start(db, assignment, "1"))  # grades them all
        total = first.job.total

        # The regrade after a fix: each round installs a new version (a new grader, worlds not cached).
        rates = []
        for round_ in range(3):
            version = f"fix{round_}"
            source = folder / f"v{round_}"
            shutil.copytree(builtin_root() / "procedure-11", source)
            text = (
                (source / "pack.yaml")
                .read_text(encoding="utf-8")
                .replace('version: "1"', f'version: "{version}"')
            )
            (source / "pack.yaml").write_text(text, encoding="utf-8")
            installed = services.packs.install_folder(db, source)
            assert not installed.errors, installed.errors
            assignment = store.get_assignment(db, assignment_id)
            start = time.perf_counter()
            services.regrade.run(db, services.regrade.start(db, assignment, version))
            rates.append(total / (time.perf_counter() - start))

        store.set_password_hash(db, teacher_id, generate_password_hash("motdepasse-prof"))
        client = app.test_client()
        client.post("/connexion", data={"email": "prof@bench.fr", "password": "motdepasse-prof"})
        url = f"/enseignant/devoirs/{assignment_id}"
        assert client.get(url).status_code == 200
        page = _median_ms(lambda: client.get(url))
        csv_export = _median_ms(lambda: client.get(url + "/notes.csv"))
        moodle = _median_ms(lambda: client.get(url + "/notes-moodle.csv"))
        print(f"gradebook page: {page:.0f} ms (target <= 200 ms)")
        print(f"CSV export: {csv_export:.0f} ms; Moodle CSV: {moodle:.0f} ms")
        print(
            f"regrade: {statistics.median(rates):,.0f} attempts/s (median of 3 rounds of {total:,} attempts; "
            "target >= 1,000)"
        )
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
