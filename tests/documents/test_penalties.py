"""Late-payment penalties (domain.md §7.1): formula, ECB rate per half-year + 10 points, 40 € per invoice."""

from datetime import date
from decimal import Decimal

from simulator.ledger.penalties import (
    RECOVERY_INDEMNITY,
    late_penalty,
    penalty,
    penalty_rate,
)
from simulator.ledger.terms import days_late


def test_domain_example_2400_at_12_15_percent_for_45_days_is_35_95():
    # FA-2025-0110 due 14/02/2025, paid 31/03/2025: 45 days late counted from 15/02
    assert days_late(date(2025, 2, 14), date(2025, 3, 31)) == 45
    assert penalty(Decimal("2400.00"), Decimal("12.15"), 45) == Decimal("35.95")
    assert Decimal("40.00") == RECOVERY_INDEMNITY


def test_the_rate_is_the_ecb_rate_of_the_half_year_plus_ten_points():
    # ECB MRO rate 3.15 % on 1 January 2025, 2.15 % on 1 July 2025
    assert penalty_rate(date(2025, 1, 1)) == Decimal("13.15")
    assert penalty_rate(date(2025, 6, 30)) == Decimal("13.15")
    assert penalty_rate(date(2025, 7, 1)) == Decimal("12.15")
    assert penalty_rate(date(2019, 12, 31)) is None


def test_late_penalty_uses_the_table_and_splits_the_delay_at_the_half_year():
    # whole delay in H1 2025: 2,400.00 x 13.15 % x 45 / 365 = 38.909... -> 38.91
    assert late_penalty(Decimal("2400.00"), date(2025, 2, 14), date(2025, 3, 31)) == Decimal("38.91")
    # 10 days in June at 13.15 %, 10 days in July at 12.15 %: 1,000 x (1.315 + 1.215) / 365 = 6.93
    assert late_penalty(Decimal("1000.00"), date(2025, 6, 20), date(2025, 7, 10)) == Decimal("6.93")


def test_no_penalty_before_or_on_the_due_date():
    assert days_late(date(2025, 2, 14), date(2025, 2, 14)) == 0
    assert late_penalty(Decimal("2400.00"), date(2025, 2, 14), date(2025, 2, 10)) == Decimal("0.00")
    assert penalty(Decimal("2400.00"), Decimal("12.15"), 0) == Decimal("0.00")
