"""French display of amounts and dates with the standard library alone, so that the accounting core, the
grader and the app write them the same way: ``1 234,56 €`` (thousands grouped with a narrow no-break space,
U+202F; a no-break space, U+00A0, before the euro sign, so an amount never wraps) and ``JJ/MM/AAAA``.

These are the strings Babel writes for fr_FR (simulator.formatting hands its money and short dates to this
module; tests/test_formatting.py checks that Babel agrees). Amounts are rounded half up to the cent first,
as the books round (Babel alone would round half even).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = ["amount", "euros", "listed", "short_date", "shown"]

_CENT = Decimal("0.01")
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def amount(value: Decimal | int) -> str:
    """``Decimal("-1234.5")`` -> ``"-1 234,50"``: two decimals, a comma, thousands grouped (narrow
    no-break space). Never a float: money is Decimal (an int counts whole euros)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"an amount is a Decimal (or an int), not {type(value).__name__}")
    text = f"{Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP):,.2f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def euros(value: Decimal | int) -> str:
    """``Decimal("1234.56")`` -> ``"1 234,56 €"``."""
    return amount(value) + NBSP + "€"


def short_date(value: date) -> str:
    """``date(2026, 3, 2)`` -> ``"02/03/2026"`` (JJ/MM/AAAA); a datetime gives its day."""
    if not isinstance(value, date):
        raise TypeError(f"expected a date, not {type(value).__name__}")
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def listed(items: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b et c"``; one item alone; nothing gives ``""``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def shown(value: Any) -> str:
    """A message parameter as a French reader reads it: a Decimal in euros, a date JJ/MM/AAAA, a list or a
    tuple as ``a, b et c`` (each item shown the same way), anything else with ``str``. A float raises
    ``TypeError``: money is never a float."""
    if isinstance(value, Decimal):
        return euros(value)
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, list | tuple):
        return listed([shown(item) for item in value])
    if isinstance(value, float):
        raise TypeError("money is never a float: pass a Decimal")
    return str(value)
