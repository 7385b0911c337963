"""The value types of a lettrage automatique run (simulator.ledger.autoreconcile): its parameters, the sets it
lettered, the lines it left with their reason (a code: out_of_period, partly_matched, doubtful, ambiguous,
gap_not_allowed, no_match), and the run the books record (``Books.auto_runs``).
The books import them: nothing here imports the rest of the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from simulator.messages import render


@dataclass(frozen=True, slots=True)
class WriteOffRule:
    """« Autoriser les annulations »: where a gap within the écart autorisé goes. ``account`` takes a
    shortfall (debit, e.g. 658), ``gain_account`` an overpayment (credit, e.g. 758; the same account as
    ``account`` when empty, as Odoo 8's single « Compte d'annulation »)."""

    account: str
    journal: str
    gain_account: str = ""

    @property
    def gain(self) -> str:
        return self.gain_account or self.account


@dataclass(frozen=True, slots=True)
class AutoParams:
    accounts: tuple[str, ...]
    power: int
    max_gap: Decimal
    write_off: WriteOffRule | None
    date_from: date
    date_to: date


@dataclass(frozen=True, slots=True)
class AutoSet:
    """One set lettered by a run: its debit and credit items, ``gap`` = debits − credits (positive: the
    customer paid less), the write-off entry and its 411 item when the gap was written off, and the letter
    of the matching."""

    id: str
    customer: str
    debits: tuple[str, ...]
    credits: tuple[str, ...]
    gap: Decimal
    letter: str
    write_off_entry: str | None = None
    write_off_account: str | None = None
    undone: bool = False
    reversal_entry: str | None = None

    @property
    def items(self) -> tuple[str, ...]:
        return self.debits + self.credits


@dataclass(frozen=True, slots=True)
class LeftLine:
    """A line of the chosen accounts the run left unlettered, with why (a code of :data:`REASONS`)."""

    item: str
    customer: str
    reason: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        """The reason in French (simulator.messages: the codes ``auto_left_<reason>``)."""
        return render(f"auto_left_{self.reason}", **dict(self.params))


@dataclass(frozen=True, slots=True)
class AutoRun:
    id: str  # LA1, LA2…
    params: AutoParams
    sets: tuple[AutoSet, ...]
    left: tuple[LeftLine, ...]

    @property
    def active_sets(self) -> tuple[AutoSet, ...]:
        return tuple(s for s in self.sets if not s.undone)

    @property
    def undone(self) -> bool:
        return bool(self.sets) and not self.active_sets
