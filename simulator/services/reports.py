"""The follow-up's printouts for the screens of an attempt: the three reports of the Rapports menu (their
data for the page, and their PDF and CSV exports) and the reminder letters of the Relances menu.

The documents themselves are simulator.documents'; this module only picks them for an attempt and names
the files the French way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from simulator.documents import letters
from simulator.documents import reports as printed
from simulator.documents.bank import bank_statement_document, slip_document
from simulator.documents.customer import statement_document
from simulator.documents.debit_note import debit_note_document, debit_notes
from simulator.documents.render import DocumentUnavailable, Printable, to_pdf
from simulator.ledger.books import Books
from simulator.ledger.views import books_view
from simulator.packs.world.model import World

from .attempts import LoadedAttempt

__all__ = [
    "REPORTS",
    "DocumentUnavailable",
    "Export",
    "Report",
    "export",
    "debit_note_pdf",
    "letter_filename",
    "letter_level",
    "letter_pdf",
    "report_data",
    "statement_filename",
    "statement_pdf",
]


@dataclass(frozen=True, slots=True)
class Report:
    """A report of the Rapports menu: its French title, its printable and its CSV."""

    title: str
    document: Callable[[World, Books], Printable]
    csv: Callable[[World, Books], bytes]


#: URL segment (also the exported file's stem) -> report
REPORTS: Mapping[str, Report] = {
    "livre-des-tiers": Report(
        "Livre des tiers", printed.customer_ledger_document, printed.customer_ledger_csv
    ),
    "balance-agee": Report(
        "Balance âgée des clients", printed.aged_balance_document, printed.aged_balance_csv
    ),
    "balance": Report("Balance", printed.trial_balance_document, printed.trial_balance_csv),
}

MIMETYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


@dataclass(frozen=True, slots=True)
class Export:
    body: bytes
    mimetype: str
    filename: str  # e.g. "balance-agee-au-16-06-2026.csv"


def report_data(attempt: LoadedAttempt, name: str) -> Mapping[str, Any]:
    """What the report's page shows: the same rows and totals as its printed version."""
    return REPORTS[name].document(attempt.world, attempt.books).context


def export(attempt: LoadedAttempt, name: str, fmt: str) -> Export:
    """The report ``name`` as a PDF (``fmt`` "pdf") or a French CSV ("csv")."""
    report = REPORTS[name]
    world, books = attempt.world, attempt.books
    body = to_pdf(report.document(world, books)) if fmt == "pdf" else report.csv(world, books)
    return Export(body, MIMETYPES[fmt], f"{name}-au-{books.today:%d-%m-%Y}.{fmt}")


def letter_pdf(attempt: LoadedAttempt, customer: str, level: int, on: date) -> bytes:
    """The reminder letter of ``level`` for ``customer`` dated ``on``; DocumentUnavailable (French) when
    there is none to print (no overdue invoice, unknown level, a level that sends no letter)."""
    return to_pdf(letters.letter_document(attempt.world, attempt.books, customer, level=level, on=on))


def letter_filename(customer: str, level: int, on: date) -> str:
    return f"lettre-de-relance-{customer}-niveau-{level}-{on:%d-%m-%Y}.pdf"


def letter_level(attempt: LoadedAttempt, customer: str) -> int | None:
    """The level whose letter « Imprimer la lettre » prints for ``customer`` today: the level the customer
    is at, if it has a letter; None when there is nothing to print."""
    row = books_view(attempt.books).customers.get(customer)
    level = row.level if row is not None else 0
    levels = tuple(attempt.books.levels)
    chosen = next((lvl for lvl in levels if lvl.level == level), None)
    if chosen is None or letters.letter_kind(chosen, levels) is None:
        return None
    return level


def statement_pdf(attempt: LoadedAttempt, customer: str) -> bytes:
    """The customer statement as last sent (its documents shown apart), else as it would be sent today:
    the customer's invoices excluded from follow-up shown apart, out of the totals."""
    return to_pdf(statement_document(attempt.world, attempt.books, customer))


def statement_filename(customer: str, on: date) -> str:
    return f"releve-de-compte-{customer}-{on:%d-%m-%Y}.pdf"


def bank_statement_pdf(attempt: LoadedAttempt) -> bytes:
    """Banque en ligne › Imprimer le relevé: the statement with the student's annotations."""
    return to_pdf(bank_statement_document(attempt.world, attempt.books))


def slip_pdf(attempt: LoadedAttempt, slip: str) -> bytes:
    """Remises de chèques › Imprimer le bordereau: the slip as the student filled it in."""
    return to_pdf(slip_document(attempt.world, attempt.books, slip))


def debit_note_pdf(attempt: LoadedAttempt, customer: str, number: str) -> bytes:
    """Relances › Facturer les pénalités: the note de débit ``number`` of ``customer``; DocumentUnavailable
    when the customer has no such note."""
    note = next((f for f in debit_notes(attempt.books) if f.debit_note == number), None)
    if note is None or note.customer != customer:
        raise DocumentUnavailable(f"note de débit « {number} » inconnue pour ce client.")
    return to_pdf(debit_note_document(attempt.world, attempt.books, number))
