"""One receipt for two invoices with the same discount terms, one paid within its term and one late, the
customer deducting only the discount still due: Odoo's grouped payment
(``test_group_payment_method_with_and_without_discount``: two invoices of 25.00 untaxed, « 2% 10 Net 30 »,
one dated the payment day and one 11 days before, the group pays 49.50). The 0.50 gap is the on-time
invoice's discount (665), not a rounding difference (658); the late invoice gets none and is paid in full.
Numbers worked by hand, at 0 % VAT (Odoo's case) and at 20 %."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from simulator.ledger.model import INVOICE, DiscountTerms, Document, DocumentLine
from simulator.ledger.settlement import DISCOUNT, NOT_ENTITLED, ROUNDING, classify

PAID_ON = date(2026, 5, 12)
TOLERANCE = D("1.00")


def _invoice(number: str, issued: date, vat_rate: str) -> Document:
    """25.00 HT, « 2 % 10 jours, net 30 jours »: the discount deadline is 10 days after the invoice."""
    terms = DiscountTerms(D("2"), date.fromordinal(issued.toordinal() + 10))
    lines = (DocumentLine("Marchandises", D("25.00"), D(vat_rate)),)
    return Document(
        number, INVOICE, "ODO", issued, lines, date.fromordinal(issued.toordinal() + 30), discount=terms
    )


def _pair(vat_rate: str) -> tuple[Document, Document]:
    on_time = _invoice("F-APPLIED", PAID_ON, vat_rate)  # dated the payment day: deadline 22/05
    late = _invoice("F-NOT-APPLIED", date(2026, 5, 1), vat_rate)  # 11 days before: deadline 11/05, passed
    return on_time, late


def test_odoo_grouped_payment_at_0_percent_grants_0_50_on_665_to_the_on_time_invoice():
    on_time, late = _pair("0")
    assert on_time.amount_ttc + late.amount_ttc == D("50.00")
    # 2 % × 25.00 = 0.50 deducted for the on-time invoice only: 50.00 − 0.50 = 49.50 (Odoo's wizard amount)
    t = classify([on_time, late], D("50.00"), PAID_ON, D("49.50"), TOLERANCE)
    assert t.kind == DISCOUNT
    assert (t.account, t.amount_ht, t.vat) == ("665", D("0.50"), D("0.00"))
    assert t.granted == ("F-APPLIED",)
    assert t.late == () and t.kept_open == D("0.00")


def test_grouped_payment_at_20_percent_grants_0_50_ht_and_0_10_vat():
    on_time, late = _pair("20")
    # 25.00 HT → 30.00 TTC each; discount 0.50 HT + 20 % × 0.50 = 0.10 VAT = 0.60; paid 60.00 − 0.60 = 59.40
    t = classify([on_time, late], D("60.00"), PAID_ON, D("59.40"), TOLERANCE)
    assert t.kind == DISCOUNT
    assert (t.account, t.amount_ht, t.vat) == ("665", D("0.50"), D("0.10"))
    assert t.granted == ("F-APPLIED",) and t.late == ()


@pytest.mark.parametrize("vat_rate, due", [("0", "50.00"), ("20", "60.00")])
def test_both_discounts_deducted_grants_the_on_time_one_and_keeps_the_late_one_open(vat_rate, due):
    on_time, late = _pair(vat_rate)
    discount = D("0.50") if vat_rate == "0" else D("0.60")
    t = classify([on_time, late], D(due), PAID_ON, D(due) - 2 * discount, TOLERANCE)
    assert t.kind == DISCOUNT
    assert t.granted == ("F-APPLIED",) and t.late == ("F-NOT-APPLIED",)
    assert t.written_off == discount and t.kept_open == discount


def test_only_the_late_discount_deducted_of_two_late_invoices_is_not_entitled():
    late = _invoice("F-LATE", date(2026, 5, 1), "0")
    other = _invoice("F-LATE-2", date(2026, 4, 20), "0")
    t = classify([late, other], D("50.00"), PAID_ON, D("49.50"), TOLERANCE)
    assert t.kind == NOT_ENTITLED
    assert len(t.late) == 1


def test_a_gap_that_is_no_discount_stays_a_rounding_difference():
    on_time, late = _pair("0")
    t = classify([on_time, late], D("50.00"), PAID_ON, D("49.70"), TOLERANCE)
    assert (t.kind, t.account, t.written_off) == (ROUNDING, "658", D("0.30"))
