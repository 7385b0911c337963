"""Lettrage automatique figures: the time of one run (simulator.ledger.autoreconcile.auto_reconcile, search
and posting) on books of C customers × L open 411 lines each, median of N runs, one core.

The lines of a customer are a month's: half invoices (80 to 5 000 €), the other half receipts paying
them one for one, in two or three parts, one receipt for two invoices, short or over by a few cents, and a
few receipts that settle nothing. The promise: 50 customers × 40 lines at power 4 in 200 ms or less.

    .venv/bin/python bench/auto_reconcile.py [N]      (default 7)
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from simulator.ledger.autoreconcile import AutoParams, WriteOffRule, auto_reconcile
from simulator.ledger.books import open_books
from simulator.ledger.model import Customer, Document, DocumentLine
from simulator.ledger.payments import register_payment

START, END = date(2026, 5, 1), date(2026, 5, 31)
RULE = WriteOffRule("658", "OD", "758")


def _receipts(rng: random.Random, amounts: list[Decimal]) -> list[Decimal]:
    """How the customer paid these invoices (in order)."""
    out: list[Decimal] = []
    i = 0
    while i < len(amounts):
        kind = rng.random()
        amount = amounts[i]
        if kind < 0.45:
            out.append(amount)
        elif kind < 0.6:
            first = (amount * Decimal(rng.randint(30, 70)) / 100).quantize(Decimal("0.01"))
            out += [first, amount - first]
        elif kind < 0.7:
            a = (amount / 3).quantize(Decimal("0.01"))
            out += [a, a, amount - 2 * a]
        elif kind < 0.8 and i + 1 < len(amounts):
            out.append(amount + amounts[i + 1])
            i += 1
        elif kind < 0.9:
            out.append(amount - Decimal(rng.randint(1, 90)) / 100)
        else:
            out.append(Decimal(rng.randint(5000, 300000)) / 100)  # pays nothing of the month
        i += 1
    return out


def books_of(customers: int, lines: int, seed: int = 1):
    rng = random.Random(seed)
    people = [Customer(f"C{n:03d}", f"Client {n}", f"411C{n:03d}") for n in range(customers)]
    documents, receipts = [], []
    for who in people:
        amounts = [Decimal(rng.randint(8000, 500000)) / 100 for _ in range(lines // 2)]
        for k, amount in enumerate(amounts):
            number = f"FAC/{who.id}/{k:03d}"
            day = START + timedelta(days=rng.randint(0, 20))
            line = DocumentLine("Marchandises", amount, Decimal("0"))
            documents.append(
                Document(number, "invoice", who.id, day, (line,), due_date=day + timedelta(days=30))
            )
        paid = _receipts(rng, amounts)[: lines - len(amounts)]
        receipts += [(who.id, amount) for amount in paid]
    books = open_books(END, people, documents)
    for n, (who, amount) in enumerate(receipts):
        books, problems = register_payment(
            books,
            customer=who,
            journal="BNK",
            on=END - timedelta(days=n % 10),
            amount=amount,
            payment_id=f"P{n}",
        )
        assert not problems, problems
    return books


def timed(books, power: int, repeat: int) -> tuple[float, int]:
    params = AutoParams(("411",), power, Decimal("1.00"), RULE, START, END)
    samples, sets = [], 0
    for _ in range(repeat):
        t = time.perf_counter_ns()
        after, problems = auto_reconcile(books, params)
        samples.append(time.perf_counter_ns() - t)
        assert not problems
        sets = len(after.auto_runs[-1].sets)
    return statistics.median(samples) / 1e6, sets


def main(repeat: int = 7) -> None:
    books = books_of(50, 40)
    print("50 customers × 40 lines, écart 1,00 €, annulations 658/758")
    print(f"{'power':>5} {'median (ms)':>12} {'sets lettered':>14}")
    for power in (2, 3, 4):
        ms, sets = timed(books, power, repeat)
        print(f"{power:>5} {ms:>12.1f} {sets:>14}")
    print("\n50 customers at power 4, lines per customer")
    print(f"{'lines':>5} {'median (ms)':>12} {'sets lettered':>14}")
    for lines in (10, 20, 40, 80):
        ms, sets = timed(books_of(50, lines), 4, repeat)
        print(f"{lines:>5} {ms:>12.1f} {sets:>14}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
