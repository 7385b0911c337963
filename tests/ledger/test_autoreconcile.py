"""Lettrage automatique (simulator.ledger.autoreconcile) on hand-worked cases, one per rule of the module's
docstring. Invoices are at 0 % VAT so that their TTC is the amount written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ledger_builders import credit_note, customer, invoice

from simulator.ledger.autoreconcile import AutoParams, WriteOffRule, auto_reconcile, undo_auto_reconcile
from simulator.ledger.books import open_books
from simulator.ledger.matching import match
from simulator.ledger.payments import register_payment
from simulator.ledger.views import books_view

D = Decimal
MAY = date(2026, 5, 1)
END = date(2026, 5, 31)
OD = WriteOffRule("658", "OD", "758")


def books_with(invoices: dict[str, tuple[str, str]], payments: dict[str, tuple[str, str]], notes=()):
    """Invoices {number: (customer, amount)} dated 02/05, payments {id: (customer, amount)} dated 10/05,
    recorded on 411 and not lettered."""
    docs = [
        invoice(n, c, date(2026, 5, 2), amount, date(2026, 6, 1), vat_rate="0")
        for n, (c, amount) in invoices.items()
    ]
    docs += list(notes)
    books = open_books(date(2026, 5, 31), [customer("BER"), customer("PET"), customer("ROU")], docs)
    for pid, (cust, amount) in payments.items():
        books, problems = register_payment(
            books, customer=cust, journal="BNK", on=date(2026, 5, 10), amount=D(amount), payment_id=pid
        )
        assert not problems
    return books


def params(power=2, max_gap="0", write_off=None, accounts=("411",), start=MAY, end=END):
    return AutoParams(tuple(accounts), power, D(max_gap), write_off, start, end)


def run(books, **kw):
    books, problems = auto_reconcile(books, params(**kw))
    assert not problems
    return books, books.auto_runs[-1]


def lettered(run_) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(s.debits, s.credits) for s in run_.active_sets}


def reasons(run_) -> dict[str, str]:
    return {line.item: line.reason for line in run_.left}


def test_one_to_one_exact_within_each_customer():
    books = books_with(
        {"F1": ("BER", "500.00"), "F2": ("PET", "500.00"), "F3": ("BER", "120.00")},
        {"P1": ("BER", "500.00"), "P2": ("PET", "500.00"), "P3": ("BER", "80.00")},
    )
    books, r = run(books)
    # same amount at two customers: each customer's own pair, never across
    assert lettered(r) == {(("F1",), ("P1",)), (("F2",), ("P2",))}
    assert books.residual("F1") == books.residual("P2") == D("0.00")
    assert reasons(r) == {"F3": "no_match", "P3": "no_match"}
    assert books.letters()["F1"] == "A" and books.letters()["F2"] == "A"  # letters are per account


def test_two_invoices_of_the_same_amount_are_ambiguous():
    books = books_with({"F1": ("BER", "500.00"), "F2": ("BER", "500.00")}, {"P1": ("BER", "500.00")})
    books, r = run(books)
    assert not r.sets
    assert reasons(r) == {"F1": "ambiguous", "F2": "ambiguous", "P1": "ambiguous"}
    assert "Plusieurs combinaisons" in r.left[0].message
    assert not books.allocations


def test_exact_pair_first_then_within_the_gap():
    # F1 100,00 has P1 100,00 exactly and P2 99,60 within the gap: the exact pair wins; F2 99,70 then
    # takes P2 (gap 0,10) with annulations allowed
    books = books_with(
        {"F1": ("BER", "100.00"), "F2": ("BER", "99.70")}, {"P1": ("BER", "100.00"), "P2": ("BER", "99.60")}
    )
    books, r = run(books, max_gap="1.00", write_off=OD)
    assert lettered(r) == {(("F1",), ("P1",)), (("F2",), ("P2",))}
    gap_set = next(s for s in r.sets if s.debits == ("F2",))
    assert gap_set.gap == D("0.10") and gap_set.write_off_account == "658"


def test_power_combines_partial_payments_up_to_the_limit():
    # F1 900,00 paid in three parts 300 + 250 + 350; F2 400,00 in two 150 + 250,00 … kept apart: F2 by P4+P5
    books = books_with(
        {"F1": ("BER", "900.00"), "F2": ("BER", "400.00")},
        {
            "P1": ("BER", "300.00"),
            "P2": ("BER", "260.00"),
            "P3": ("BER", "340.00"),
            "P4": ("BER", "150.00"),
            "P5": ("BER", "250.00"),
        },
    )
    _, r2 = run(books, power=2)
    assert lettered(r2) == {(("F2",), ("P4", "P5"))}  # 900 needs three lines: beyond power 2
    assert reasons(r2)["F1"] == "no_match"
    _, r3 = run(books, power=3)
    assert lettered(r3) == {(("F2",), ("P4", "P5")), (("F1",), ("P1", "P2", "P3"))}


def test_one_payment_for_several_invoices():
    books = books_with({"F1": ("BER", "300.00"), "F2": ("BER", "200.00")}, {"P1": ("BER", "500.00")})
    b, r = run(books, power=2)
    assert lettered(r) == {(("F1", "F2"), ("P1",))}
    assert b.residual("P1") == D("0.00") and b.letters()["F2"] == "A"


def test_an_invoice_against_its_credit_note_and_the_payment_of_the_rest():
    note = credit_note("AV1", "BER", date(2026, 5, 5), "50.00", "F1")  # 50,00 HT at 20 %: 60,00 TTC
    books = books_with({"F1": ("BER", "300.00")}, {"P1": ("BER", "240.00")}, notes=[note])
    b, r = run(books, power=2)
    assert lettered(r) == {(("F1",), ("AV1", "P1"))}


def test_several_lines_on_both_sides_are_left_for_the_manual_step():
    # F1 + F2 = 500 = P1 + P2, but no one line settles a combination of the other side
    books = books_with(
        {"F1": ("BER", "300.00"), "F2": ("BER", "200.00")}, {"P1": ("BER", "260.00"), "P2": ("BER", "240.00")}
    )
    _, r = run(books, power=4)
    assert not r.sets and set(reasons(r).values()) == {"no_match"}


def test_two_combinations_fitting_letter_neither():
    # F1 300 = P1 100 + P2 200 = P3 100 + P2 200: P2 is in both combinations
    books = books_with(
        {"F1": ("BER", "300.00")}, {"P1": ("BER", "100.00"), "P2": ("BER", "200.00"), "P3": ("BER", "100.00")}
    )
    b, r = run(books, power=2)
    assert not r.sets
    assert reasons(r) == {"F1": "ambiguous", "P1": "ambiguous", "P2": "ambiguous", "P3": "ambiguous"}


def test_gap_in_both_directions_with_write_off():
    books = books_with(
        {"F1": ("BER", "1250.40"), "F2": ("PET", "980.55")},
        {"P1": ("BER", "1250.00"), "P2": ("PET", "981.00")},
    )
    b, r = run(books, max_gap="1.00", write_off=OD)
    short = next(s for s in r.sets if s.customer == "BER")
    over = next(s for s in r.sets if s.customer == "PET")
    assert (short.gap, short.write_off_account) == (D("0.40"), "658")  # domain.md §3 example A
    assert (over.gap, over.write_off_account) == (D("-0.45"), "758")  # example B
    assert b.account_balance("658") == D("0.40") and b.account_balance("758") == D("-0.45")
    assert books_view(b).customers["BER"].balance == D("0.00") and books_view(b).customers[
        "PET"
    ].balance == D("0.00")
    entry = next(e for e in b.entries if e.number == short.write_off_entry)
    assert entry.journal == "OD" and entry.date == date(2026, 5, 10)
    assert all(b.residual(k) == D("0.00") for k in ("F1", "F2", "P1", "P2"))


def test_gap_without_annulations_leaves_the_set():
    books = books_with({"F1": ("BER", "1250.40")}, {"P1": ("BER", "1250.00")})
    b, r = run(books, max_gap="1.00", write_off=None)
    assert not r.sets and not b.allocations
    assert reasons(r) == {"F1": "gap_not_allowed", "P1": "gap_not_allowed"}
    assert "0,40" in r.left[0].message


def test_gap_beyond_the_allowed_gap_is_not_lettered():
    books = books_with({"F1": ("BER", "1250.40")}, {"P1": ("BER", "1249.00")})
    _, r = run(books, max_gap="1.00", write_off=OD)
    assert not r.sets and reasons(r) == {"F1": "no_match", "P1": "no_match"}


def test_period_chosen_accounts_and_partly_lettered_lines():
    books = books_with(
        {"F1": ("BER", "100.00"), "F2": ("BER", "200.00"), "F3": ("PET", "50.00")},
        {"P1": ("BER", "100.00"), "P2": ("BER", "150.00"), "P3": ("PET", "50.00")},
    )
    books, problems = match(books, "BER", ["F2", "P2"])  # partial: F2 keeps 50,00 due
    assert not problems
    _, r = run(books, accounts=("411BER",))
    assert lettered(r) == {(("F1",), ("P1",))}
    assert reasons(r) == {"F2": "partly_matched"}  # P2 is fully used; PET is not chosen
    _, r = run(books, start=date(2026, 5, 5))
    assert (
        reasons(r)["F1"] == "out_of_period"
        and "02/05/2026" in dict((line.item, line.message) for line in r.left)["F1"]
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"power": 5}, "power"),
        ({"power": 1}, "power"),
        ({"max_gap": "-1"}, "max_gap"),
        ({"accounts": ("401XYZ",)}, "accounts"),
        ({"accounts": ()}, "accounts"),
        ({"start": END, "end": MAY}, "date_to"),
        ({"write_off": WriteOffRule("411BER", "OD")}, "write_off_account"),
        ({"write_off": WriteOffRule("658", "VT")}, "write_off_journal"),
    ],
)
def test_bad_parameters_change_nothing(changes, field):
    books = books_with({"F1": ("BER", "100.00")}, {"P1": ("BER", "100.00")})
    after, problems = auto_reconcile(books, params(**changes))
    assert after is books
    assert [p.field for p in problems] == [field]
    assert problems[0].message and "{" not in problems[0].message


def test_undo_one_set_then_the_whole_run_restores_the_books():
    books = books_with(
        {"F1": ("BER", "1250.40"), "F2": ("PET", "980.55"), "F3": ("BER", "300.00")},
        {"P1": ("BER", "1250.00"), "P2": ("PET", "981.00"), "P3": ("BER", "300.00")},
    )
    before = books
    b, r = run(books, max_gap="1.00", write_off=OD)
    assert len(r.sets) == 3
    first = r.sets[0]
    b, problems = undo_auto_reconcile(b, r.id, [first.id])
    assert not problems
    assert all(b.residual(k) > 0 for k in first.items)
    b, problems = undo_auto_reconcile(b, r.id)
    assert not problems
    for key in before.items():
        assert b.residual(key) == before.residual(key)
    for account in ("658", "758", "411BER", "411PET"):
        assert b.account_balance(account) == before.account_balance(account)
    assert not b.allocations and b.auto_runs[0].undone
    assert [p.code for p in undo_auto_reconcile(b, r.id)[1]] == ["auto_run_undone"]
    assert [p.code for p in undo_auto_reconcile(b, "LA9")[1]] == ["auto_run_unknown"]


# -- properties ------------------------------------------------------------------------------------------
AMOUNTS = st.sampled_from(["100.00", "150.00", "200.00", "250.00", "300.00", "99.60", "100.40", "450.00"])


@st.composite
def month(draw):
    invoices = {
        f"F{i}": (draw(st.sampled_from(["BER", "PET", "ROU"])), draw(AMOUNTS))
        for i in range(draw(st.integers(1, 8)))
    }
    payments = {
        f"P{i}": (draw(st.sampled_from(["BER", "PET", "ROU"])), draw(AMOUNTS))
        for i in range(draw(st.integers(1, 8)))
    }
    rule = draw(st.sampled_from([None, OD]))
    return (
        books_with(invoices, payments),
        draw(st.integers(2, 4)),
        draw(st.sampled_from(["0", "0.50", "1.00"])),
        rule,
    )


@settings(max_examples=60, deadline=None)
@given(month())
def test_properties_of_a_run(case):
    books, power, gap, rule = case
    after, r = run(books, power=power, max_gap=gap, write_off=rule)
    items = after.items()
    for a in after.allocations:  # never across partners
        assert items[a.debit_item].customer == items[a.credit_item].customer == a.customer
    for s in r.sets:  # never a gap beyond the écart autorisé, and a gap only with annulations
        assert abs(s.gap) <= D(gap)
        assert s.gap == 0 or rule is not None
        assert all(after.residual(k) == 0 for k in s.items)
        assert len(s.debits) == 1 or len(s.credits) == 1
        assert max(len(s.debits), len(s.credits)) <= power
    again, r2 = run(after, power=power, max_gap=gap, write_off=rule)  # idempotent
    assert not r2.sets and again.allocations == after.allocations and again.entries == after.entries
    undone, problems = undo_auto_reconcile(after, r.id)
    assert not problems or not r.sets
    for key in books.items():  # undo restores the books
        assert undone.residual(key) == books.residual(key)
    for account in ("658", "758", "411BER", "411PET", "411ROU", "512"):
        assert undone.account_balance(account) == books.account_balance(account)
