"""The rows a screen shows, computed from the world and the replayed books (no accounting in templates).

Until the core's view module (issue 7) covers a screen, its rows are built here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .attempts import LoadedAttempt


@dataclass(frozen=True, slots=True)
class StatementRow:
    id: str
    date: date
    label: str
    amount: Decimal  # positive: credit to our account
    annotation: str  # "" when not annotated
    reconciled_with: str | None  # payment or slip id the line is matched with

    @property
    def is_credit(self) -> bool:
        return self.amount > 0


def bank_statement(attempt: LoadedAttempt) -> list[StatementRow]:
    """Banque en ligne: the statement lines by date, with the student's annotation and reconciliation."""
    books = attempt.books
    return [
        StatementRow(
            line.id,
            line.date,
            line.label,
            line.amount,
            books.annotations.get(line.id, ""),
            books.statement_matches.get(line.id),
        )
        for line in sorted(attempt.world.statement_lines, key=lambda line: (line.date, line.id))
    ]
