"""French working days: weekends and the eleven national public holidays, checked on dates read from the
calendar (service-public.fr lists the public holidays of each year)."""

from datetime import date

import pytest

from simulator.ledger.litigation import payment_deadline
from simulator.ledger.workdays import easter_sunday, is_working_day, next_working_day, public_holidays


@pytest.mark.parametrize(
    "year, easter",
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],  # fmt: skip
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_eleven_public_holidays_of_2026():
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 8), date(2026, 5, 14),
        date(2026, 5, 25), date(2026, 7, 14), date(2026, 8, 15), date(2026, 11, 1), date(2026, 11, 11),
        date(2026, 12, 25),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 11, 27), date(2026, 11, 27)),  # Friday
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday -> Monday
        (date(2026, 11, 29), date(2026, 11, 30)),  # Sunday -> Monday
        (date(2026, 11, 11), date(2026, 11, 12)),  # Armistice, a Wednesday -> Thursday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas, a Friday -> Monday
        (date(2026, 4, 4), date(2026, 4, 7)),  # Saturday before Easter Monday -> Tuesday
        (date(2027, 5, 8), date(2027, 5, 10)),  # 8 May 2027, a Saturday -> Monday
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected
    assert is_working_day(expected)


def test_a_mise_en_demeure_deadline_falls_on_a_working_day():
    # domain.md §7.3: 8 days to pay; sent on Friday 20/11/2026, the 8th day is Saturday 28/11/2026
    assert payment_deadline(date(2026, 11, 20), 8) == date(2026, 11, 30)
    assert payment_deadline(date(2026, 11, 18), 8) == date(2026, 11, 26)  # a Thursday: unchanged
