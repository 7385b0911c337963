"""Working days in France: Monday to Friday, except the eleven national public holidays (Code du travail
L3133-1). Alsace-Moselle's two extra days (Good Friday, 26 December) are not counted. A deadline that falls
on a Saturday, a Sunday or a public holiday moves to the next working day, as a debtor reads it.

Stdlib only: Easter Sunday comes from the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

#: the fixed public holidays (month, day)
FIXED_HOLIDAYS = (
    (1, 1),  # Jour de l'an
    (5, 1),  # Fête du Travail
    (5, 8),  # Victoire 1945
    (7, 14),  # Fête nationale
    (8, 15),  # Assomption
    (11, 1),  # Toussaint
    (11, 11),  # Armistice 1918
    (12, 25),  # Noël
)


def easter_sunday(year: int) -> date:
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """France's eleven national public holidays of ``year``."""
    easter = easter_sunday(year)
    movable = (
        easter + timedelta(days=1),  # Lundi de Pâques
        easter + timedelta(days=39),  # Ascension
        easter + timedelta(days=50),  # Lundi de Pentecôte
    )
    return frozenset((*(date(year, m, d) for m, d in FIXED_HOLIDAYS), *movable))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
