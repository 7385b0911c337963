"""The cash discount computed once (ledger/discount.py), against domain.md §4's worked example and cases
worked by hand the way Odoo's early-payment discount books them: per VAT rate, discount HT = rate × that
rate's HT base (to the cent), its VAT = the VAT rate × discount HT (to the cent); no VAT line at 0 %."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ledger_builders import customer, invoice

from simulator.ledger.books import open_books
from simulator.ledger.discount import DiscountPart, discount_parts, split_by_rates
from simulator.ledger.model import INVOICE, DiscountTerms, Document, DocumentLine
from simulator.ledger.payments import Difference, payment_gap, register_payment

TERMS = DiscountTerms(D("2"), date(2025, 3, 11))


def _two_rates() -> Document:
    """1 000,00 HT at 20 % and 300,00 HT at 5,5 %: TTC 1 200,00 + 316,50 = 1 516,50."""
    lines = (DocumentLine("Fournitures", D("1000.00")), DocumentLine("Livres", D("300.00"), D("5.5")))
    return Document("F-2T", INVOICE, "ESC", date(2025, 3, 1), lines, date(2025, 3, 31), discount=TERMS)


def test_domain_example_982_08_ttc_gives_16_37_ht_and_3_27_vat():
    f = invoice("F-ESC", "ESC", date(2025, 3, 1), "818.40", date(2025, 3, 31), discount=TERMS)
    assert f.amount_ttc == D("982.08")
    assert discount_parts(f) == (DiscountPart(D("20"), D("16.37"), D("3.27")),)


def test_two_vat_rates_give_one_part_per_rate():
    # 2 % × 1 000,00 = 20,00 HT, VAT 4,00; 2 % × 300,00 = 6,00 HT, VAT 5,5 % × 6,00 = 0,33
    assert discount_parts(_two_rates()) == (
        DiscountPart(D("5.5"), D("6.00"), D("0.33")),
        DiscountPart(D("20"), D("20.00"), D("4.00")),
    )


def test_a_0_percent_invoice_has_a_discount_without_vat():
    f = invoice("F-EX", "ESC", date(2025, 3, 1), "1250.00", date(2025, 3, 31), discount=TERMS, vat_rate="0")
    assert discount_parts(f) == (DiscountPart(D("0"), D("25.00"), D("0.00")),)


def test_no_terms_no_discount():
    assert discount_parts(invoice("F", "ESC", date(2025, 3, 1), "100.00", date(2025, 3, 31))) == ()


def test_the_exact_discount_is_split_as_computed_and_another_gap_by_ttc_weight():
    assert split_by_rates(D("30.33"), [_two_rates()]) == discount_parts(_two_rates())
    # 10,00 shared 1 200,00 : 316,50 — 5,5 %: 10 × 316,50 / 1 516,50 = 2,087 → 2,09 (HT 1,98, VAT 0,11);
    # 20 % takes the rest, 7,91 (HT 6,59, VAT 1,32)
    assert split_by_rates(D("10.00"), [_two_rates()]) == (
        DiscountPart(D("5.5"), D("1.98"), D("0.11")),
        DiscountPart(D("20"), D("6.59"), D("1.32")),
    )


def test_write_off_at_the_invoices_rates_posts_26_00_to_665_and_4_33_to_44571():
    books = open_books(date(2025, 3, 10), [customer("ESC")], [_two_rates()])
    gap = payment_gap(books, ["F-2T"], D("1486.17"), by_invoice_rates=True)  # the screens' preview
    assert (gap.gap, gap.amount_ht, gap.vat) == (D("30.33"), D("26.00"), D("4.33"))
    books, problems = register_payment(
        books,
        customer="ESC",
        journal="BNK",
        on=date(2025, 3, 10),
        amount=D("1486.17"),
        documents=["F-2T"],
        difference=Difference("write_off", "665", "Escompte 2 %", by_invoice_rates=True),
    )
    assert problems == []
    # 44571: the invoice's VAT 200,00 + 16,50 credited, the discount's 4,33 debited
    assert (books.account_balance("665"), books.account_balance("44571")) == (D("26.00"), D("-212.17"))
    assert books.residual("F-2T") == 0
