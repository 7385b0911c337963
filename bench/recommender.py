"""« S'entraîner sur mes points faibles »: time of one proposal for a student with 500 graded attempts in
their history, stored grades (JSON text) read into skills then the seed search, each proposal after one more
attempt (so each searches new seeds: worlds not cached, and reads one new stored grade). The first proposal
of a process also reads the 500 stored grades and surveys the scenarios (which traps their first variants
draw): printed apart. Target: < 50 ms per proposal.

    .venv/bin/python bench/recommender.py [N]      (default 40 proposals)
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def history_grades(count: int = 500) -> list[tuple[int, str, int, str, str]]:
    """(id, scenario, seed, when, grade JSON) of ``count`` handed-in attempts: real grades of a student who
    falls into one trap or another, repeated over ids and dates."""
    from simulator.grading.batch import Grader
    from simulator.grading.traps import fall_into, traps
    from simulator.packs.play.solve import attempt, solve
    from simulator.packs.spec.registry import load_pack

    grader = Grader(load_pack("procedure-11"))
    base = []
    for number, scenario in enumerate(
        ("virement", "arrondi", "escompte", "cheque", "partiel", "multi-factures")
    ):
        for seed in range(1, 5):
            world = grader.world(scenario, seed)
            actions = solve(world)
            found = traps(world)
            if found and (seed + number) % 2:
                actions = fall_into(world, actions, found[0])
            base.append((scenario, seed, json.dumps(grader.grade(attempt(world, actions)).as_dict())))
    return [
        (
            i + 1,
            *base[i % len(base)][:2],
            f"2026-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}T10:00:00",
            base[i % len(base)][2],
        )
        for i in range(count)
    ]


def main(n: int = 40) -> None:
    from simulator.grading.batch import Grader
    from simulator.grading.practice import graded_attempt, propose
    from simulator.packs.spec.registry import load_pack

    rows = history_grades()
    grader = Grader(load_pack("procedure-11"))

    def one(rows) -> float:
        start = time.perf_counter()
        history = [graded_attempt(grader, i, s, seed, when, g) for i, s, seed, when, g in rows]
        proposal = propose(grader, history)
        assert proposal is not None
        return (time.perf_counter() - start) * 1000

    first = one(rows)
    times = []
    for k in range(n):
        extra = rows[k % len(rows)]
        rows = [*rows[1:], (rows[-1][0] + 1, extra[1], extra[2], "2027-01-01T10:00:00", extra[4])]
        times.append(one(rows))
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"history: {len(rows)} graded attempts; first proposal of the process (500 grades read, scenario survey): {first:.0f} ms"
    )
    print(f"proposal: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {n} (target < 50 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
