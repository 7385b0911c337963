"""Payment terms of an invoice: its due date, how the terms are written on it (French), and the rules that
count from a due date (days overdue, is overdue) or from today (the window of a next follow-up action).

Each rule is written here once; the books, views, statements, reports, penalties, graders and pack checks
call it rather than subtracting dates themselves."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def payment_terms_text(days: int, end_of_month: bool) -> str:
    if days == 0 and not end_of_month:
        return "Paiement à réception de facture"
    if end_of_month:
        return f"{days} jours fin de mois"
    return f"{days} jours date de facture"


def due_date(issued: date, days: int, end_of_month: bool) -> date:
    """``days`` after the invoice date; "fin de mois": then to the end of that month (L441-10)."""
    due = issued + timedelta(days=days)
    if end_of_month:
        due = due.replace(day=calendar.monthrange(due.year, due.month)[1])
    return due


def days_past_due(due: date | None, at: date) -> int:
    """Days from ``due`` to ``at``, signed: positive once past due, 0 on the due date, negative before it;
    0 for a document without a due date (a credit note). Not clamped: the aged balance buckets, the
    follow-up level and the pack premises read "not yet due" from a value <= 0."""
    return (at - due).days if due is not None else 0


def days_late(due: date | None, at: date) -> int:
    """Days overdue clamped at 0 (never negative): the « En retard de N jours » of a statement and the days
    late penalties run for (from the day after the due date to ``at`` included)."""
    return max(0, days_past_due(due, at))


def is_overdue(due: date | None, at: date) -> bool:
    """Past due at ``at``: the due date is strictly before it (an invoice due today is not yet late)."""
    return due is not None and due < at


def next_action_window(today: date, days: int) -> tuple[date, date]:
    """The dates a next follow-up action may be planned on: from tomorrow to ``days`` days after today,
    both included (a next action today would be no follow-up at all)."""
    return today + timedelta(days=1), today + timedelta(days=days)


def within_window(on: date, window: tuple[date, date]) -> date:
    """``on`` moved into ``window`` (its nearest bound when outside)."""
    earliest, latest = window
    return min(max(on, earliest), latest)
