"""One name per thing, the one the screens show: a receipt is named by the number of its journal entry
(« BNK/2026/0002 », what Odoo shows), a bank statement line by its date, label and amount (« ligne du relevé
du 12/05/2026 « VIR SEPA … » de 1 234,56 € »). The ids of the attempt files (``P1``, ``REL-03``) name them
for the machine and are never shown to a student."""

from __future__ import annotations

from simulator.messages.formatting import euros, short_date

from .books import Books
from .model import StatementLine


def statement_line_name(line: StatementLine) -> str:
    """« ligne du relevé du 12/05/2026 « VIR SEPA ROUX SAS FAC/2026/00012 » de 1 234,56 € » (without its
    article: a message writes « la {line} », « de la {line} »)."""
    return f"ligne du relevé du {short_date(line.date)} « {line.label} » de {euros(line.amount)}"


def statement_line_called(books: Books, line_id: str | None) -> str:
    """The name of the statement line ``line_id`` of ``books``; a line the books do not have is named
    by what was typed (« ligne de relevé « X » »)."""
    line = books.statement_lines.get(line_id or "")
    return statement_line_name(line) if line is not None else f"ligne de relevé « {line_id} »"


def payment_name(books: Books, payment_id: str) -> str:
    """The number of the receipt's journal entry (« BNK/2026/0002 »); an id the books do not have is
    written as typed, between quotation marks."""
    payment = books.payments.get(payment_id)
    return payment.entry if payment is not None and payment.entry else f"« {payment_id} »"


def payment_called(books: Books, name: str) -> str:
    """The id of the receipt ``name`` names: its entry number (what the screens show and link to) or its
    id; a name no receipt has is returned as it is."""
    if name in books.payments:
        return name
    return next((pid for pid, p in books.payments.items() if p.entry and p.entry == name), name)


def item_name(books: Books, key: str) -> str:
    """An open item of a 411 account as the screens name it: a document by its number, a receipt by its
    entry number."""
    return payment_name(books, key) if key in books.payments else key
