"""Note de débit: the pièce that bills a customer the late-payment penalties and the 40 € recovery
indemnity of a late invoice (domain.md §0.2 and §7.1). ``ledger.litigation.bill_late_fees`` numbers it
(ND/2026/0001, one sequence a year) and posts it (D 411 / C 7631) with its number as the entry's pièce."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from simulator.ledger.books import Books
from simulator.ledger.litigation import LateFee
from simulator.ledger.penalties import half_year, penalty_rate
from simulator.packs.world.model import World

from .render import DocumentUnavailable, Printable


def _rates(fee: LateFee, due: date) -> list[Decimal | None]:
    """The annual rates the penalty used: the one typed, else the legal rate of each half-year the delay
    runs through."""
    if fee.rate is not None:
        return [fee.rate]
    rates: list[Decimal | None] = []
    day, seen = due + timedelta(days=1), set()
    while day <= fee.until:
        if half_year(day) not in seen:
            seen.add(half_year(day))
            rates.append(penalty_rate(day))
        day += timedelta(days=1)
    return rates


def debit_notes(books: Books) -> list[LateFee]:
    """The penalties billed with a note de débit, in order."""
    return [fee for fee in books.late_fees if fee.debit_note]


def debit_note_document(world: World, books: Books, number: str | None = None) -> Printable:
    """The note de débit ``number`` (default: the first one of the books)."""
    notes = debit_notes(books)
    if not notes:
        raise DocumentUnavailable("aucune note de débit : aucune pénalité de retard n'a été facturée.")
    fee = notes[0] if number is None else next((f for f in notes if f.debit_note == number), None)
    if fee is None:
        known = ", ".join(f.debit_note for f in notes)
        raise DocumentUnavailable(f"note de débit « {number} » inconnue (notes : {known}).")
    invoice = books.documents[fee.invoice]
    profile = world.customer(fee.customer)
    rates = _rates(fee, invoice.due_date)  # type: ignore[arg-type]
    return Printable(
        "documents/debit_note.html",
        f"Note de débit {fee.debit_note} – {profile.customer.name if profile else fee.customer}",
        {
            "company": world.company,
            "today": fee.date,  # the note is issued the day the penalties are billed
            "customer": profile,
            "fee": fee,
            "invoice": invoice,
            "late_from": invoice.due_date + timedelta(days=1),  # type: ignore[operator]
            "rate": rates[0] if len(rates) == 1 else None,
            "legal_rate": fee.rate is None,
        },
    )
