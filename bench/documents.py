"""Document rendering speed: the first render after start (imports of Jinja, Babel and WeasyPrint included)
in a fresh process, then the warm render time per document type (median, p95). Target: a one-page letter
in ≤ 150 ms warm.

    .venv/bin/python bench/documents.py [N]      (default 20 renders per type)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

FIRST = """
import time
t0 = time.perf_counter()
from simulator.documents.letters import letter_document
from simulator.documents.render import to_pdf
from simulator.packs.world.generate import generate
from simulator.packs.spec.registry import load_pack
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
world = generate(load_pack("procedure-11"), "relance-email", 1)
books = replay(world, solve(world)).books
t1 = time.perf_counter()
to_pdf(letter_document(world, books, world.expected.reminders[0].customer, 2))
print(f"{(t1 - t0) * 1000:.0f} {(time.perf_counter() - t1) * 1000:.0f}")
"""


def documents():
    from simulator.documents import bank, customer, letters, reports, result
    from simulator.grading.engine import grade
    from simulator.packs.play.replay import replay
    from simulator.packs.play.solve import solve
    from simulator.packs.spec.registry import load_pack
    from simulator.packs.world.generate import generate

    pack = load_pack("procedure-11")

    def solved(scenario):
        world = generate(pack, scenario, 1)
        replayed = replay(world, solve(world))
        return world, replayed

    w, r = solved("relance-email")
    late = w.expected.reminders[0].customer
    cw, cr = solved("cheque")
    vw, vr = solved("virement")
    return {
        "letter (level 2)": lambda: letters.letter_document(w, r.books, late, 2),
        "mise en demeure": lambda: letters.letter_document(w, r.books, late, 4),
        "customer statement": lambda: customer.statement_document(w, r.books, late),
        "bank statement": lambda: bank.bank_statement_document(vw, vr.books),
        "deposit slip": lambda: bank.slip_document(cw, cr.books),
        "result": lambda: result.result_document(vw, vr.books, grade(vw, vr), vr.books),
        "aged balance": lambda: reports.aged_balance_document(w, r.books),
        "customer ledger": lambda: reports.customer_ledger_document(w, r.books),
        "trial balance": lambda: reports.trial_balance_document(w, r.books),
    }


def main(n: int = 20) -> None:
    out = subprocess.run([sys.executable, "-c", FIRST], capture_output=True, text=True, check=True).stdout
    setup, first = out.split()
    print(
        f"first letter after start: {first} ms to render (imports included), after {setup} ms of world setup"
    )
    from simulator.documents.render import to_pdf

    for name, build in documents().items():
        to_pdf(build())  # warm-up
        times = []
        for _ in range(n):
            t = time.perf_counter()
            to_pdf(build())
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{name:<20}: median {statistics.median(times):6.1f} ms, p95 {p95:6.1f} ms (warm, {n} renders)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
