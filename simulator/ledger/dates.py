"""Dates as people and files write them: ISO (``2026-03-02``) in attempt files, French (``02/03/2026``) as
typed in a form. Like :func:`simulator.ledger.money.parse_amount`, the reader never raises: it returns the
value or a :class:`Problem` with a French reason."""

from __future__ import annotations

import re
from datetime import date

from .problems import Problem

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value: object, field: str = "date") -> tuple[date | None, Problem | None]:
    """``"2026-03-02"`` or ``"02/03/2026"`` -> ``(date(2026, 3, 2), None)``; empty, malformed or impossible
    (``31/02/2026``) -> ``(None, problem)``."""
    if isinstance(value, date):
        return value, None
    if not isinstance(value, str) or not value.strip():
        return None, Problem("date_empty" if not value else "date_invalid", field, {"value": str(value)})
    text = value.strip()
    try:
        if _ISO.fullmatch(text):
            return date.fromisoformat(text), None
        m = _FRENCH.fullmatch(text)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1])), None
    except ValueError:
        pass
    return None, Problem("date_invalid", field, {"value": text})
