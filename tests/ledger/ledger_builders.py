"""Small builders for ledger tests: customers and documents as in domain.md's worked examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from simulator.ledger.model import CREDIT_NOTE, INVOICE, Customer, DiscountTerms, Document, DocumentLine


def customer(code: str, name: str | None = None) -> Customer:
    return Customer(code, name or code.title(), "411" + code)


def invoice(
    number: str,
    cust: str,
    on: date,
    ht: str,
    due: date,
    discount: DiscountTerms | None = None,
    vat_rate: str = "20",
) -> Document:
    return Document(
        number,
        INVOICE,
        cust,
        on,
        (DocumentLine("Marchandises", Decimal(ht), Decimal(vat_rate)),),
        due_date=due,
        discount=discount,
    )


def credit_note(number: str, cust: str, on: date, ht: str, refers_to: str) -> Document:
    return Document(
        number,
        CREDIT_NOTE,
        cust,
        on,
        (DocumentLine("Retour de marchandises", Decimal(ht)),),
        refers_to=refers_to,
    )


def endorsed(books):
    """``books`` with every cheque endorsed to our account, as the bank wants before a deposit."""
    from simulator.ledger.cheques import endorse_cheque

    for cheque in books.cheques:
        books, problems = endorse_cheque(books, cheque=cheque, account="FR76 3000", signature="J. Dupont")
        assert not problems
    return books
