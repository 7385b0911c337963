"""French display of amounts and dates, shared by the web pages and the documents.

Money and short dates are written by :mod:`simulator.messages.formatting` (standard library, so the core's
messages write them the same way): thousands grouped with a narrow no-break space (U+202F), a no-break space
(U+00A0) before the euro sign, so an amount never wraps across two lines; JJ/MM/AAAA. They are the strings
Babel writes for fr_FR (tests/test_formatting.py checks it); what only Babel knows (month and weekday names,
time zones, scores and rates) goes through Babel here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal

from simulator.messages.formatting import amount, euros, short_date

LOCALE = "fr_FR"


def format_money(value: Decimal | int) -> str:
    """``Decimal("1234.56")`` -> ``"1 234,56 €"`` (narrow no-break space between thousands), rounded half up
    to the cent as the books round."""
    return euros(value)


def format_amount(value: Decimal | int) -> str:
    """Like :func:`format_money` without the euro sign, for table columns: ``"1 234,56"``."""
    return amount(value)


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"expected a date, not {type(value).__name__}")
    return value


def format_date(value: date) -> str:
    """``date(2026, 3, 2)`` -> ``"02/03/2026"`` (JJ/MM/AAAA)."""
    return short_date(_as_date(value))


def format_date_long(value: date) -> str:
    """``date(2026, 3, 2)`` -> ``"2 mars 2026"``; the first of the month is written ``"1er mars 2026"``."""
    day = _as_date(value)
    text = _babel_format_date(day, "d MMMM y", locale=LOCALE)
    if day.day == 1:
        # French typography writes the first day as an ordinal; Babel does not.
        text = "1er" + text[1:]
    return text


def format_date_weekday(value: date) -> str:
    """``date(2026, 11, 30)`` -> ``"lundi 30 novembre 2026"``: a deadline written in full."""
    day = _as_date(value)
    return f"{_babel_format_date(day, 'EEEE', locale=LOCALE)} {format_date_long(day)}"


def format_timestamp(value: str | datetime, timezone: str = "Europe/Paris") -> str:
    """A stored UTC timestamp (ISO text) in French local time: ``"02/03/2026 à 10:30"``."""
    from babel.dates import format_datetime, get_timezone

    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_datetime(moment, "dd/MM/yyyy 'à' HH:mm", tzinfo=get_timezone(timezone), locale=LOCALE)


@lru_cache(maxsize=2048)  # scores take at most 1,001 values; a gradebook formats thousands of them
def format_score(value: float | int) -> str:
    """A score out of 100 with at most one decimal, French style: ``87.5`` -> ``"87,5"``, ``100.0`` -> ``"100"``."""
    return format_decimal(Decimal(str(value)), format="0.#", locale=LOCALE)


def format_rate(value: Decimal) -> str:
    """``Decimal("12.15")`` -> ``"12,15 %"`` (an annual rate in percent, no-break space before the sign)."""
    return format_decimal(value, format="#,##0.00", locale=LOCALE) + "\u00a0%"


@lru_cache(maxsize=1024)
def format_points(value: float | int) -> str:
    """Rubric points with at most two decimals, French style: ``4.5`` -> ``"4,5"``, ``0.67`` -> ``"0,67"``,
    ``3`` -> ``"3"`` (a criterion earns in proportion to the work done right, docs/grading.md)."""
    return format_decimal(Decimal(str(value)), format="0.##", locale=LOCALE)
