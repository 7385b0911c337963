"""Grading speed: generate N reference attempts across the scenarios of procedure-11, then time
replay + grade on one core. Prints attempts/s and p50/p95 per attempt; also the cost of generating the
world, which a batch pays once per (scenario, seed).

    .venv/bin/python bench/grading.py [N]      (default 20000)
"""

from __future__ import annotations

import statistics
import sys
import time

from simulator.grading.engine import grade
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate


def main(n: int = 20_000) -> None:
    pack = load_pack("procedure-11")
    scenarios = pack.scenario_ids
    seeds = max(1, n // len(scenarios))
    t0 = time.perf_counter()
    attempts = []
    for scenario in scenarios:
        for seed in range(1, seeds + 1):
            world = generate(pack, scenario, seed)
            attempts.append((world, solve(world)))
    generation = time.perf_counter() - t0
    rounds = []
    for _ in range(3):  # the machine is shared: report the median round
        per_attempt = []
        start = time.perf_counter()
        for world, actions in attempts:
            t = time.perf_counter_ns()
            result = grade(world, replay(world, actions))
            per_attempt.append(time.perf_counter_ns() - t)
            assert result.score == 100
        rounds.append((time.perf_counter() - start, per_attempt))
    rounds.sort(key=lambda r: r[0])
    elapsed, per_attempt = rounds[1]
    per_attempt.sort()
    ms = [x / 1e6 for x in per_attempt]
    print(f"attempts graded        : {len(attempts)} ({len(scenarios)} scenarios x {seeds} seeds)")
    print(
        f"world generation + solve: {generation:.1f} s ({generation / len(attempts) * 1000:.2f} ms per world)"
    )
    print(
        f"replay + grade (median of 3 rounds): {elapsed:.2f} s -> {len(attempts) / elapsed:,.0f} attempts/s on one core"
    )
    print(
        f"per attempt            : p50 {statistics.median(ms):.3f} ms, p95 {ms[int(len(ms) * 0.95)]:.3f} ms, "
        f"max {ms[-1]:.3f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
