"""French display of amounts and dates."""

from __future__ import annotations

import ast
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from simulator.formatting import format_amount, format_date, format_date_long, format_money, format_points

NNBSP = "\u202f"  # narrow no-break space: Babel's thousands separator for fr_FR
NBSP = "\u00a0"  # no-break space before the euro sign


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.56"), f"1{NNBSP}234,56{NBSP}€"),
        (Decimal("0"), f"0,00{NBSP}€"),
        (Decimal("7.5"), f"7,50{NBSP}€"),
        (Decimal("-962.44"), f"-962,44{NBSP}€"),
        (Decimal("1234567.89"), f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
        (12, f"12,00{NBSP}€"),
    ],
)
def test_money_is_french_with_euro_sign_after(value, expected):
    assert format_money(value) == expected


def test_money_rounds_half_up_like_the_books():
    # Babel alone would give 0,00 and 1 234,56 (half-even).
    assert format_money(Decimal("0.005")) == f"0,01{NBSP}€"
    assert format_money(Decimal("1234.565")) == f"1{NNBSP}234,57{NBSP}€"


def test_amount_has_no_currency_sign():
    assert format_amount(Decimal("1234.5")) == f"1{NNBSP}234,50"
    assert "€" not in format_amount(Decimal("3"))


@pytest.mark.parametrize("bad", [1234.56, "1234.56", True, None])
def test_money_refuses_anything_but_decimal_or_int(bad):
    with pytest.raises(TypeError):
        format_money(bad)


def test_displayed_amount_is_accepted_back_as_student_input():
    # A student who copies an amount from the screen must be able to type it back.
    from simulator.ledger.money import parse_amount

    amount, problem = parse_amount(format_amount(Decimal("1234.56")))
    assert problem is None
    assert amount == Decimal("1234.56")


def test_short_date_is_dd_mm_yyyy():
    assert format_date(date(2026, 3, 2)) == "02/03/2026"
    assert format_date(datetime(2026, 12, 31, 23, 59)) == "31/12/2026"


def test_long_date_names_the_month_in_french():
    assert format_date_long(date(2026, 3, 2)) == "2 mars 2026"
    assert format_date_long(date(2026, 8, 15)) == "15 août 2026"
    assert format_date_long(date(2026, 2, 1)) == "1er février 2026"


def test_date_refuses_strings():
    with pytest.raises(TypeError):
        format_date("2026-03-02")


def test_formatting_does_not_import_flask():
    source = Path(__file__).resolve().parents[1] / "simulator" / "formatting.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "flask" not in imported
    assert "flask_babel" not in imported


@pytest.mark.parametrize(
    ("value", "expected"), [(4.5, "4,5"), (0.67, "0,67"), (3, "3"), (1.0, "1"), (0, "0")]
)
def test_rubric_points_show_at_most_two_decimals_the_french_way(value, expected):
    assert format_points(value) == expected


# -- one way to write money and dates: the standard-library formatter the core uses is what Babel writes ----
AGREED_AMOUNTS = [
    "0",
    "0.00",
    "-0.00",
    "0.01",
    "-0.01",
    "0.005",  # half up to 0,01 (Babel alone would round half even)
    "1.5",
    "12.345",
    "-5",
    "999.99",
    "1000",
    "-1000.00",
    "1234.56",
    "-1234.56",
    "100000",
    "1234567.89",
    "-1234567.89",
    "999999999.99",
]
AGREED_DATES = [date(2025, 1, 1), date(2025, 3, 31), date(2026, 12, 7), date(2024, 2, 29), date(1999, 9, 9)]


@pytest.mark.parametrize("text", AGREED_AMOUNTS)
def test_the_cores_money_formatter_writes_what_babel_writes(text):
    from babel.numbers import format_currency, format_decimal

    from simulator.messages.formatting import amount, euros

    rounded = Decimal(text).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert euros(Decimal(text)) == format_currency(rounded, "EUR", locale="fr_FR")
    assert amount(Decimal(text)) == format_decimal(rounded, format="#,##0.00", locale="fr_FR")
    assert format_money(Decimal(text)) == euros(Decimal(text))


def test_the_cores_money_formatter_on_worked_examples():
    from simulator.messages.formatting import euros

    assert euros(Decimal("1234567.89")) == f"1{NNBSP}234{NNBSP}567,89{NBSP}€"
    assert euros(Decimal("-1234.5")) == f"-1{NNBSP}234,50{NBSP}€"
    assert euros(Decimal("0")) == f"0,00{NBSP}€"
    assert euros(7) == f"7,00{NBSP}€"


@pytest.mark.parametrize("day", AGREED_DATES, ids=str)
def test_the_cores_date_formatter_writes_what_babel_writes(day):
    from babel.dates import format_date as babel_format_date

    from simulator.messages.formatting import short_date

    assert short_date(day) == babel_format_date(day, "dd/MM/yyyy", locale="fr_FR")
    assert format_date(day) == short_date(day)


def test_a_message_parameter_is_written_like_the_screens_write_it():
    from simulator.messages.formatting import shown

    assert shown(Decimal("-1234567.89")) == format_money(Decimal("-1234567.89"))
    assert shown(date(2025, 3, 1)) == "01/03/2025" == format_date(date(2025, 3, 1))
    assert shown(["FA-1", "FA-2", "FA-3"]) == "FA-1, FA-2 et FA-3"
    with pytest.raises(TypeError):
        shown(1.5)
