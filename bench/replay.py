"""Issue 3 figures: time to generate a world and to replay its reference solution, per scenario of
procedure-11 (median and p95 over N seeds, one core).

    .venv/bin/python bench/replay.py [N]      (default 200)
"""

from __future__ import annotations

import statistics
import sys
import time

from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate


def _ms(samples: list[int]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) / 1e6, ordered[int(len(ordered) * 0.95)] / 1e6


def main(n: int = 200) -> None:
    pack = load_pack("procedure-11")
    print(f"{'scenario':<18} {'generate p50/p95 (ms)':>22} {'solve+replay p50/p95 (ms)':>27}")
    all_gen, all_replay = [], []
    for scenario in pack.scenario_ids:
        gen, rep = [], []
        for seed in range(1, n + 1):
            t = time.perf_counter_ns()
            world = generate(pack, scenario, seed)
            t1 = time.perf_counter_ns()
            result = replay(world, solve(world))
            t2 = time.perf_counter_ns()
            assert not result.problems
            gen.append(t1 - t)
            rep.append(t2 - t1)
        all_gen += gen
        all_replay += rep
        g, r = _ms(gen), _ms(rep)
        print(f"{scenario:<18} {g[0]:>10.2f} / {g[1]:<10.2f} {r[0]:>13.3f} / {r[1]:<10.3f}")
    g, r = _ms(all_gen), _ms(all_replay)
    print(f"{'all':<18} {g[0]:>10.2f} / {g[1]:<10.2f} {r[0]:>13.3f} / {r[1]:<10.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
