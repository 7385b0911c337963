"""Niveaux de relance and the new quote's warning (the strategy scenario): what the screens need
beside the books — the letter placeholders a level's template may use, the French names of the level
actions, and the warning on sales for a customer."""

from __future__ import annotations

from simulator.ledger.strategy import LEVEL_ACTIONS, sales_warning_days
from simulator.packs.spec.letter_template import PLACEHOLDERS
from simulator.packs.world.strategy import ACTION_LABELS

from .attempts import LoadedAttempt

__all__ = ["ACTION_CHOICES", "letter_placeholders", "quote_warning"]

#: (action, label) in the order of the form's checkboxes (screens.md › Niveaux de relance)
ACTION_CHOICES: tuple[tuple[str, str], ...] = tuple((a, ACTION_LABELS[a]) for a in LEVEL_ACTIONS)


def letter_placeholders() -> dict[str, str]:
    """Placeholder -> what it writes (``partner_name`` -> « raison sociale du client »)."""
    return dict(PLACEHOLDERS)


def quote_warning(attempt: LoadedAttempt, customer: str) -> int:
    """N of « Attention dépassement de la date d'échéance du paiement de N jours » on a new quote for
    ``customer`` today; 0: no warning."""
    return sales_warning_days(attempt.books, customer)
