"""French input parsing for forms, and the books compared account by account (ledger.compare)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from simulator.ledger.compare import compare_balances, compare_residuals
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate
from simulator.packs.world.opening import initial_books
from simulator.web.forms import ActionForm, read_amount, read_date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("1234,5", Decimal("1234.50")),
        ("962,44 €", Decimal("962.44")),
    ],
)
def test_amounts_typed_the_french_way(typed, expected):
    assert read_amount(typed) == (expected, None)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("abc", "« abc » n'est pas un montant : saisissez par exemple 1 234,56."),
        ("-5", "Le montant doit être positif (« -5 »)."),
        ("1e9", "« 1e9 » n'est pas un montant : saisissez par exemple 1 234,56."),
        ("", "Le montant est obligatoire."),
        (None, "Le montant est obligatoire."),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(typed, reason):
    assert read_amount(typed) == (None, reason)


def test_dates_typed_or_picked():
    assert read_date("02/03/2026") == (date(2026, 3, 2), None)
    assert read_date("2026-03-02") == (date(2026, 3, 2), None)
    assert read_date("31/02/2026") == (
        None,
        "« 31/02/2026 » n'est pas une date : saisissez-la au format JJ/MM/AAAA.",
    )
    assert read_date("") == (None, "La date est obligatoire.")


def test_an_action_form_collects_errors_by_field():
    form = ActionForm({"amount": "1 234,56", "date": "demain", "memo": "  VIR 12 "})
    assert form.amount("amount") == "1234.56"
    assert form.date("date") is None
    assert form.text("memo") == "VIR 12"
    assert form.errors == {"date": "« demain » n'est pas une date : saisissez-la au format JJ/MM/AAAA."}


def test_the_same_books_compare_equal_everywhere():
    world = generate(load_pack("procedure-11"), "virement", 5)
    books = replay(world, solve(world)).books
    assert not any(row.differs for row in compare_balances(books, books))
    assert not any(row.differs for row in compare_residuals(books, books))


def test_untouched_books_differ_from_the_expected_ones_where_the_receipt_goes():
    world = generate(load_pack("procedure-11"), "virement", 5)
    expected = replay(world, solve(world)).books
    rows = {row.account: row for row in compare_balances(initial_books(world), expected)}
    paid = world.document(world.keys["FA"])
    payer = world.customer(paid.customer).customer.account
    assert [a for a, row in rows.items() if row.differs] == sorted(["512", payer])
    assert (
        rows["512"].expected_debit - rows["512"].actual_debit == paid.amount_ttc
    )  # a prior payment is on both
    assert rows[payer].expected_credit - rows[payer].actual_credit == paid.amount_ttc
    residuals = {row.document: row for row in compare_residuals(initial_books(world), expected)}
    assert [n for n, row in residuals.items() if row.differs] == [paid.number]
    assert (residuals[paid.number].actual, residuals[paid.number].expected) == (
        paid.amount_ttc,
        Decimal("0.00"),
    )
