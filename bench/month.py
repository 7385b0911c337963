"""Issue 12 §5 figures: a month-long attempt of « Un mois de relances » (hundreds of actions: the reference
month taken one day at a time, plus every day a note on each open invoice and a next action for each
customer, as a diligent student leaves them). Medians over the runs, one core:

- replay: the books rebuilt from the log (packs.replay.replay);
- grade: the grade of the replayed attempt, cold (the month's reminders due computed: the reference month
  solved and replayed) and warm (cached for that world, as when a class is regraded);
- web: GET of the customer's follow-up page for that attempt through the Flask test client (the service
  loads the attempt, replays it, renders the page), and of Clients à relancer.

    .venv/bin/python bench/month.py [RUNS] [NOTES_PER_DAY]     (default 15 runs, 1 note per invoice per day)
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from simulator import create_app, store
from simulator.grading import period as month
from simulator.grading.engine import grade
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate

SCENARIO, SEED = "un-mois", 1


def long_month(world, notes: int = 1) -> list[dict]:
    """The reference month, one day per advance_days, with the day's notes and next actions."""
    actions: list[dict] = []
    today = world.today
    invoices = [d.number for d in world.documents if d.kind == "invoice"]
    customers = [c.id for c in world.customers]

    def diligence() -> list[dict]:
        extra = [
            {"type": "add_note", "document": n, "text": f"Point du {today:%d/%m} n° {k}"}
            for n in invoices
            for k in range(notes)
        ]
        later = (today + timedelta(days=30)).isoformat()
        return extra + [{"type": "set_next_action", "customer": c, "date": later} for c in customers]

    for action in solve(world):
        if action["type"] != "advance_days":
            actions.append(action)
            continue
        for _ in range(action["days"]):
            actions += diligence()
            actions.append({"type": "advance_days", "days": 1})
            today += timedelta(days=1)
    return actions


def _median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main(runs: int = 15, notes: int = 1) -> None:
    world = generate(load_pack("relances"), SCENARIO, SEED)
    actions = long_month(world, notes)
    replayed = replay(world, actions)
    assert not replayed.problems, replayed.problems[:3]
    print(f"attempt: {len(actions)} actions, {sum(a['type'] == 'advance_days' for a in actions)} day changes")
    print(f"replay           {_median_ms(lambda: replay(world, actions), runs):8.1f} ms")

    def cold() -> None:
        month._DUE.clear()
        grade(world, replay(world, actions))

    replay_ms = _median_ms(lambda: replay(world, actions), runs)
    print(f"replay + grade   {_median_ms(cold, runs):8.1f} ms (cold: the month's reminders due computed)")
    warm = _median_ms(lambda: grade(world, replay(world, actions)), runs)
    print(f"replay + grade   {warm:8.1f} ms (warm)  -> grade alone ≈ {warm - replay_ms:.1f} ms")
    print(f"score            {grade(world, replayed).score}")

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "simulator.db"
        app = create_app(
            {
                "DATABASE": str(db_path),
                "SECRET_KEY": "bench-month",
                "WTF_CSRF_ENABLED": False,
                "JOBS_WORKER": False,
            }
        )
        client = app.test_client()
        response = client.post(f"/entrainement/relances/{SCENARIO}", data={"seed": str(SEED)})
        attempt_id = int(re.search(r"/tentatives/(\d+)/", response.location)[1])
        db = store.open_db(db_path)
        for action in actions:
            store.append_action(db, attempt_id, action)
        db.close()
        customer = world.keys["C"]
        for name, url in (
            ("relance client", f"/tentatives/{attempt_id}/relances/{customer}"),
            ("Clients à relancer", f"/tentatives/{attempt_id}/relances"),
        ):
            assert client.get(url).status_code == 200
            print(f"GET {name:<18} {_median_ms(lambda url=url: client.get(url), runs):8.1f} ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
