"""Every scenario of the built-in packs, seeds 1–500: replaying the reference solution gives books where every
expected outcome holds — documents settled or open with the expected residual, accounts at the expected
balances — and the premise of each scenario holds across seeds."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from pack_cache import builtin_pack

from simulator.ledger.money import ZERO
from simulator.ledger.settlement import DISCOUNT, NOT_ENTITLED, PARTIAL, ROUNDING
from simulator.packs.play.outcome import expected_outcome, remittance_of
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.world.generate import generate

PACK = builtin_pack("procedure-11")
RELANCES = builtin_pack("relances")
SEEDS = range(1, 501)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pack", "scenario"),
    [(PACK, s) for s in PACK.scenario_ids] + [(RELANCES, s) for s in RELANCES.scenario_ids],
)
def test_reference_solution_replays_onto_the_expected_outcome(pack, scenario):
    kinds: Counter[str] = Counter()
    for seed in SEEDS:
        world = generate(pack, scenario, seed)
        outcome = expected_outcome(world)
        books = replay(world, solve(world))
        assert books.problems == (), (seed, [p.message for p in books.problems])
        for number, residual in outcome.residuals.items():
            assert books.books.residual(number) == residual, (seed, number)
        for account, balance in outcome.balances.items():
            assert books.books.account_balance(account) == balance, (seed, account)
        assert all(entry.is_balanced for entry in books.books.entries)
        kinds.update(r.treatment.kind for r in outcome.receipts)
    _premise_holds_across_seeds(scenario, kinds)


def _premise_holds_across_seeds(scenario: str, kinds: Counter[str]) -> None:
    expected = {
        "arrondi": {ROUNDING},
        "escompte": {DISCOUNT, NOT_ENTITLED},  # both: some customers pay in time, some late
        "partiel": {PARTIAL},
        "multi-factures": {PARTIAL},
    }.get(scenario)
    if expected:
        assert set(kinds) == expected, kinds


def test_rounding_scenario_has_short_and_over_payments_within_tolerance():
    gaps = []
    for seed in range(1, 101):
        world = generate(PACK, "arrondi", seed)
        (receipt,) = expected_outcome(world).receipts
        gaps.append(receipt.treatment.gap)
        assert ZERO < abs(receipt.treatment.gap) <= world.settings.rounding_tolerance
    assert any(g > 0 for g in gaps) and any(g < 0 for g in gaps)


def test_discount_amount_is_two_percent_of_ht_plus_its_vat():
    for seed in range(1, 51):
        world = generate(PACK, "escompte", seed)
        receipt = expected_outcome(world).receipts[0]  # customer A's transfer (the variants follow)
        invoice = world.document(receipt.receipt.documents[0])
        discount_ht = (invoice.amount_ht * Decimal("0.02")).quantize(
            Decimal("0.01"), rounding="ROUND_HALF_UP"
        )
        discount_vat = (discount_ht * Decimal("0.20")).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        assert receipt.amount == invoice.amount_ttc - discount_ht - discount_vat


def test_multi_invoice_transfer_leaves_exactly_the_newest_invoice_partial():
    for seed in range(1, 51):
        world = generate(PACK, "multi-factures", seed)
        (receipt,) = expected_outcome(world).receipts
        books = replay(world, solve(world)).books
        invoices = [world.document(n) for n in receipt.receipt.documents if world.document(n).is_invoice]
        newest = max(invoices, key=lambda d: (d.due_date, d.date))
        if remittance_of(world, receipt.receipt):  # the customer's advice pays the oldest last
            newest = min(invoices, key=lambda d: (d.due_date, d.date))
        open_ones = [d.number for d in invoices if books.residual(d.number) > ZERO]
        assert open_ones == [newest.number]
        assert all(books.residual(n) == ZERO for n in receipt.receipt.documents if n != newest.number)
