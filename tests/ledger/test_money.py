"""Money: what a French user may type as an amount, half-up rounding to the cent, VAT splitting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from simulator.ledger.money import D, cents, ht_of_ttc, parse_amount, split_vat, vat_of


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1 234,56 €", "1234.56"),
        ("1234,56€", "1234.56"),
        ("1234,5", "1234.50"),
        ("1\u202f234,56", "1234.56"),  # narrow no-break space, as Babel formats French amounts
        ("1\u00a0234,56", "1234.56"),  # no-break space
        ("1\u202f234,56\u00a0€", "1234.56"),
        ("12 EUR", "12.00"),
        ("12 euros", "12.00"),
        ("  42,00  ", "42.00"),
        ("0,01", "0.01"),
        ("1 234 567,89", "1234567.89"),
        ("999 999 999,99", "999999999.99"),
        ("0" * 30 + "12,00", "12.00"),  # leading zeros are not digits of the amount
    ],
)
def test_parse_amount_accepts_what_a_french_user_types(typed, expected):
    amount, problem = parse_amount(typed)
    assert problem is None, problem and problem.message
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2, "amounts come back with exactly two decimals"


@pytest.mark.parametrize(
    ("given", "expected"), [(Decimal("962.44"), "962.44"), (Decimal("12.5"), "12.50"), (17, "17.00")]
)
def test_parse_amount_accepts_decimals_and_integers(given, expected):
    assert parse_amount(given) == (Decimal(expected), None)


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("abc", "amount_invalid", "n'est pas un montant"),
        ("-5", "amount_negative", "positif"),
        ("−5", "amount_negative", "positif"),  # U+2212 minus sign
        ("1e9", "amount_invalid", "n'est pas un montant"),
        ("", "amount_empty", "obligatoire"),
        ("   ", "amount_empty", "obligatoire"),
        ("0", "amount_zero", "supérieur à zéro"),
        ("0,00", "amount_zero", "supérieur à zéro"),
        ("12,345", "amount_invalid", "n'est pas un montant"),  # three decimals: a cent is the smallest unit
        # Dot for thousands and comma for decimals: a French user typing this meant 1 234,56, but the parser
        # accepts only spaces as thousands separators, so it refuses rather than guess.
        ("1.234,56", "amount_invalid", "n'est pas un montant"),
        ("1,234.56", "amount_invalid", "n'est pas un montant"),
        ("1 23,4", "amount_invalid", "n'est pas un montant"),  # misplaced thousands separator
        ("12,", "amount_invalid", "n'est pas un montant"),
        (",50", "amount_invalid", "n'est pas un montant"),
        ("€ 12", "amount_invalid", "n'est pas un montant"),
        ("1 000 000 000,00", "amount_too_large", "trop élevé"),
        ("9999999999", "amount_too_large", "trop élevé"),
    ],
)
def test_parse_amount_refuses_with_a_french_message(typed, code, words):
    amount, problem = parse_amount(typed, field="montant")
    assert amount is None
    assert problem.code == code
    assert problem.field == "montant"
    assert words in problem.message


@pytest.mark.parametrize("given", [12.5, 0.1, float("nan"), None, True, ["12"]])
def test_parse_amount_refuses_floats_and_other_types_without_converting(given):
    amount, problem = parse_amount(given)
    assert amount is None
    assert problem is not None and problem.message


def test_money_helper_never_takes_a_float():
    with pytest.raises(TypeError):
        D(0.1)


@pytest.mark.parametrize("typed", ["0", "0,00", "0.0"])
def test_zero_is_accepted_only_when_allowed(typed):
    assert parse_amount(typed, allow_zero=True) == (Decimal("0.00"), None)
    assert parse_amount(typed)[1].code == "amount_zero"


@pytest.mark.parametrize(
    "typed",
    ["9" * 27, "1" * 40, "1 000 000 000 000 000 000 000 000 000 000,00", Decimal("1E+30"), 10**40],
    ids=["27 nines", "40 ones", "grouped", "1E+30", "10**40"],
)
def test_parse_amount_refuses_absurdly_long_amounts_without_raising(typed):
    """Regression (fixed in ce4c9e1): 27 digits and more raised decimal.InvalidOperation (cents() went past
    Decimal's 28-digit precision before the maximum was checked)."""
    amount, problem = parse_amount(typed)
    assert amount is None and problem.code == "amount_too_large"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),  # a float 2.675 would round down; Decimal keeps the half
        ("16.368", "16.37"),
        ("3.274", "3.27"),
        ("262.496", "262.50"),
        ("1.995", "2.00"),
        ("10", "10.00"),
    ],
)
def test_cents_rounds_half_up(value, expected):
    assert cents(Decimal(value)) == Decimal(expected)
    assert cents(Decimal(value)).as_tuple().exponent == -2


def test_split_vat_of_the_discount_example():
    # domain.md §4: discount TTC 19.64 = 16.37 HT + 3.27 VAT.
    assert split_vat(Decimal("19.64"), Decimal("20")) == (Decimal("16.37"), Decimal("3.27"))


def test_split_vat_of_the_invoice_example_adds_up():
    # 982.08 TTC / 1.20 = 818.40 HT, and the VAT is the rest.
    assert split_vat(Decimal("982.08"), Decimal("20")) == (Decimal("818.40"), Decimal("163.68"))


@pytest.mark.parametrize(
    ("ht", "rate", "expected"),
    [
        ("818.40", "20", "163.68"),
        ("16.37", "20", "3.27"),  # 3.274
        ("1312.48", "20", "262.50"),  # 262.496, domain.md §5
        ("100.00", "5.5", "5.50"),
        ("10.10", "5.5", "0.56"),  # 0.5555
        ("0.05", "10", "0.01"),  # 0.005
        ("1234.56", "0", "0.00"),
    ],
)
def test_vat_of_rounds_half_up_to_the_cent(ht, rate, expected):
    assert vat_of(Decimal(ht), Decimal(rate)) == Decimal(expected)


def test_the_ht_of_a_ttc_gives_the_ttc_back_to_the_cent():
    # domain.md §4: 982.08 TTC is 818.40 HT + 163.68 VAT.
    assert ht_of_ttc(Decimal("982.08"), Decimal("20")) == (Decimal("818.40"), True)
    # 10 % : 110.00 TTC is 100.00 HT; 5.5 %: 105.50 TTC is 100.00 HT.
    assert ht_of_ttc(Decimal("110.00"), Decimal("10")) == (Decimal("100.00"), True)
    assert ht_of_ttc(Decimal("105.50"), Decimal("5.5")) == (Decimal("100.00"), True)
    # 83.37 HT makes 100.04 TTC (VAT 16.674 -> 16.67), 83.38 HT makes 100.06 (16.676 -> 16.68): no HT gives
    # 100.05; 100.05 / 1.2 = 83.375, rounded half up to 83.38.
    assert ht_of_ttc(Decimal("100.05"), Decimal("20")) == (Decimal("83.38"), False)
