"""The « Écart de règlement » preview (payments.payment_gap) on domain.md's worked examples: what the
payment dialog shows before the student validates, computed as register_payment will post it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ledger_builders import credit_note, customer, invoice

from simulator.ledger.books import open_books
from simulator.ledger.payments import (
    Difference,
    issue_credit_note,
    payment_gap,
    register_payment,
    write_off_accounts,
)


def _petit():
    fa = invoice("FA-2025-0103", "PET", date(2025, 3, 1), "1042.00", date(2025, 3, 31))
    return open_books(date(2025, 3, 30), [customer("PET", "Petit SA")], [fa])


def test_a_short_payment_of_40_cents_shows_a_gap_of_0_40_against_us():
    gap = payment_gap(_petit(), ["FA-2025-0103"], D("1250.00"))
    assert (gap.due, gap.amount, gap.gap) == (D("1250.40"), D("1250.00"), D("0.40"))
    assert gap.exists and (gap.amount_ht, gap.vat) == (D("0.40"), D("0"))


def test_an_overpayment_shows_a_negative_gap():
    fa = invoice("FA-2025-0106", "PET", date(2025, 3, 1), "817.13", date(2025, 3, 31))  # 980.56 TTC
    books = open_books(date(2025, 3, 30), [customer("PET")], [fa])
    assert fa.amount_ttc == D("980.56")
    assert payment_gap(books, ["FA-2025-0106"], D("981.00")).gap == D("-0.44")


def test_the_exact_amount_shows_no_gap():
    assert not payment_gap(_petit(), ["FA-2025-0103"], D("1250.40")).exists


def test_a_discount_split_at_20_percent_gives_16_37_ht_and_3_27_vat():
    fa = invoice("F", "DUR", date(2025, 3, 1), "818.40", date(2025, 3, 31))  # 982.08 TTC
    books = open_books(date(2025, 3, 12), [customer("DUR")], [fa])
    gap = payment_gap(books, ["F"], D("962.44"), vat_rate=D("20"))
    assert (gap.gap, gap.amount_ht, gap.vat) == (D("19.64"), D("16.37"), D("3.27"))


def test_the_preview_agrees_with_the_write_off_register_payment_posts():
    fa = invoice("F", "DUR", date(2025, 3, 1), "818.40", date(2025, 3, 31))
    books = open_books(date(2025, 3, 12), [customer("DUR")], [fa])
    gap = payment_gap(books, ["F"], D("962.44"), vat_rate=D("20"))
    posted, problems = register_payment(
        books,
        customer="DUR",
        journal="BNK",
        on=date(2025, 3, 12),
        amount=D("962.44"),
        documents=["F"],
        difference=Difference("write_off", "665", "Escompte", D("20")),
    )
    assert problems == []
    write_off = posted.payments["P1"].write_off
    assert (write_off.amount_ht, write_off.vat) == (gap.amount_ht, gap.vat)


def test_several_invoices_and_a_credit_note_net_to_2760_and_leave_760_after_2000():
    """domain.md §6: F-0088 1 200 + F-0095 840 − AV-0012 240 + F-0104 960 = 2 760; 2 000 received."""
    docs = [
        invoice("F-0088", "LER", date(2025, 2, 5), "1000.00", date(2025, 3, 7)),
        invoice("F-0095", "LER", date(2025, 2, 20), "700.00", date(2025, 3, 22)),
        credit_note("AV-0012", "LER", date(2025, 2, 25), "200.00", "F-0095"),
        invoice("F-0104", "LER", date(2025, 3, 3), "800.00", date(2025, 4, 2)),
    ]
    books = open_books(date(2025, 3, 30), [customer("LER")], docs)
    gap = payment_gap(books, ["F-0088", "F-0095", "AV-0012", "F-0104"], D("2000.00"))
    assert (gap.due, gap.gap) == (D("2760.00"), D("760.00"))


def test_settled_unknown_and_credit_only_selections_leave_nothing_to_compare():
    books = _petit()
    assert payment_gap(books, ["NOPE"], D("10.00")).gap == D("0")
    assert payment_gap(books, [], D("10.00")).due == D("0")
    books, problems = issue_credit_note(
        books,
        invoice="FA-2025-0103",
        on=date(2025, 3, 30),
        amount_ht=D("10.00"),
        vat_rate=None,
        reason="Escompte",
        number="AV-1",
    )
    assert problems == []
    assert payment_gap(books, ["AV-1"], D("12.00")).gap == D("0")  # a credit note alone: no invoice
    paid, _ = register_payment(
        books,
        customer="PET",
        journal="BNK",
        on=date(2025, 3, 30),
        amount=D("1250.40"),
        documents=["FA-2025-0103"],
    )
    assert payment_gap(paid, ["FA-2025-0103"], D("5.00")).gap == D("0")  # already settled: left out


def test_a_difference_goes_to_an_expense_or_income_account_never_to_bank_vat_or_411():
    codes = [code for code, _ in write_off_accounts()]
    assert {"658", "758", "665"} <= set(codes)
    assert not {"512", "5112", "44571", "416", "411"} & set(codes)
    assert codes == sorted(codes)
