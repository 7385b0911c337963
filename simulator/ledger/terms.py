"""Payment terms of an invoice: its due date and how the terms are written on it (French)."""

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
