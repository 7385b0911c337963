"""Late-payment penalties and the recovery indemnity between businesses (C. com. L441-10, D441-5).

The default penalty rate is the ECB's main refinancing rate + 10 points: the ECB rate in force on 1 January
applies to the first half-year, the one in force on 1 July to the second. The ECB rates are data
(``ECB_RATES`` below, one line per half-year); docs/documents.md says how to add a half-year.

Penalty = amount due TTC × annual rate × days late / 365, the days running from the day after the due date;
no VAT. When a delay spans several half-years, each half-year's days take that half-year's rate. The
indemnity is a flat 40 € per late invoice.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from .money import ZERO, cents

#: ECB main refinancing operations rate (%) in force on 1 January (H1) and 1 July (H2) of each year.
#: Sources: ECB key interest rates; Banque de France / economie.gouv.fr publish the resulting penalty
#: rates each half-year. A teacher should check the latest half-years before relying on them.
ECB_RATES: dict[tuple[int, int], Decimal] = {
    (2020, 1): Decimal("0.00"),
    (2020, 2): Decimal("0.00"),
    (2021, 1): Decimal("0.00"),
    (2021, 2): Decimal("0.00"),
    (2022, 1): Decimal("0.00"),
    (2022, 2): Decimal("0.00"),  # first rise on 27/07/2022, after 1 July
    (2023, 1): Decimal("2.50"),
    (2023, 2): Decimal("4.00"),
    (2024, 1): Decimal("4.50"),
    (2024, 2): Decimal("4.25"),
    (2025, 1): Decimal("3.15"),
    (2025, 2): Decimal("2.15"),
    (2026, 1): Decimal("2.15"),
    (2026, 2): Decimal("2.15"),  # provisional: to be checked against the rate in force on 1 July 2026
}

PENALTY_MARGIN = Decimal("10")  # points above the ECB rate (L441-10)
RECOVERY_INDEMNITY = Decimal("40.00")  # per late invoice (D441-5)
DAYS_IN_YEAR = 365


def half_year(on: date) -> tuple[int, int]:
    return on.year, 1 if on.month <= 6 else 2


def penalty_rate(on: date) -> Decimal | None:
    """Annual penalty rate (%) applicable on a day: ECB rate of its half-year + 10 points; None when the
    table has no rate for that half-year."""
    ecb = ECB_RATES.get(half_year(on))
    return None if ecb is None else ecb + PENALTY_MARGIN


def penalty(amount: Decimal, rate: Decimal, days: int) -> Decimal:
    """amount × rate % × days / 365, rounded to the cent (domain.md §7.1)."""
    if days <= 0:
        return ZERO
    return cents(amount * rate / 100 * days / DAYS_IN_YEAR)


def late_penalty(amount: Decimal, due_date: date, at: date) -> Decimal | None:
    """Penalty accrued on ``amount`` from the day after ``due_date`` to ``at``, each half-year at its own
    rate; None when a half-year of the delay has no rate in the table."""
    total = Decimal(0)
    day = due_date + timedelta(days=1)
    while day <= at:
        year, half = half_year(day)
        end = min(at, date(year, 6, 30) if half == 1 else date(year, 12, 31))
        rate = penalty_rate(day)
        if rate is None:
            return None
        total += amount * rate / 100 * ((end - day).days + 1) / DAYS_IN_YEAR
        day = end + timedelta(days=1)
    return cents(total)
