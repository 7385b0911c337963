"""The simulated calendar of a scenario played over several days: ``books.today`` moves forward by logged
``advance_days`` actions, and what the world dates after the start becomes visible when its day comes.

The world holds every bank statement line from the start, some dated after it; the books only carry the
lines dated on or before ``books.today``, so a receipt cannot be recorded from a line the bank has not
shown yet and screens show the statement as it is on that day. Levels and the « à contacter aujourd'hui »
list follow from ``books.today`` (ledger.followup), so the scheduled daily run needs nothing stored: on
each day change the customers whose level is reached appear on the list. The run only lists them — it
sends nothing by itself: the student reminds each one through the channel of its level, on that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from types import MappingProxyType

from .books import Books
from .model import StatementLine
from .problems import Problem

#: the most days one ``advance_days`` moves (« Avancer de N jours », 1 to 31)
MAX_STEP = 31


def visible(lines: Iterable[StatementLine], on: date) -> tuple[StatementLine, ...]:
    """The bank statement lines the bank has shown on ``on`` (dated on or before it)."""
    return tuple(line for line in lines if line.date <= on)


def advance_days(
    books: Books, *, days: int, last_day: date | None, lines: Iterable[StatementLine] = ()
) -> tuple[Books, list[Problem]]:
    """Passer au jour suivant (``days`` = 1) / Avancer de N jours: ``books.today`` moves forward, never
    beyond ``last_day`` (the scenario's end; None: the scenario's calendar does not move), and the
    statement ``lines`` of the world dated up to the new day appear in the books."""
    if last_day is None:
        return books, [Problem("calendar_fixed", "days", {})]
    if not 1 <= days <= MAX_STEP:
        return books, [Problem("days_out_of_range", "days", {"days": days, "max": MAX_STEP})]
    target = books.today + timedelta(days=days)
    if target > last_day:
        left = (last_day - books.today).days
        return books, [Problem("beyond_last_day", "days", {"date": last_day, "left": left})]
    arrived = {line.id: line for line in visible(lines, target)}
    return books.evolve(
        today=target, statement_lines=MappingProxyType({**books.statement_lines, **arrived})
    ), []
