"""World generation speed: for each scenario of procedure-11, generate the worlds of seeds 1..N (default
200) on one core and print the median, the 95th percentile and worlds per second; then the same for the
whole pack, and the cost of loading (validating) the pack once.

    .venv/bin/python bench/world_generation.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time

from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(n: int = 200) -> None:
    t = time.perf_counter()
    pack = load_pack("procedure-11")
    load_ms = (time.perf_counter() - t) * 1000
    generate(pack, pack.scenario_ids[0], 0)  # warm-up: Faker's first instance, CSV files, Babel data
    print(f"pack procedure-11 loaded and validated in {load_ms:.1f} ms; {n} seeds per scenario")
    print(f"{'scenario':<20}{'median ms':>10}{'p95 ms':>10}{'worlds/s':>10}")
    everything: list[float] = []
    for scenario in pack.scenario_ids:
        samples = []
        for seed in range(1, n + 1):
            t = time.perf_counter()
            generate(pack, scenario, seed)
            samples.append((time.perf_counter() - t) * 1000)
        everything += samples
        rate = len(samples) / (sum(samples) / 1000)
        print(f"{scenario:<20}{statistics.median(samples):>10.2f}{_p95(samples):>10.2f}{rate:>10.0f}")
    rate = len(everything) / (sum(everything) / 1000)
    print(f"{'all':<20}{statistics.median(everything):>10.2f}{_p95(everything):>10.2f}{rate:>10.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
