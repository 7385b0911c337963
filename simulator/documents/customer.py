"""Relevé de compte client: the customer's open items with due dates, days overdue and letters, the total
due and the total overdue; items set aside (in dispute) are listed apart and left out of the totals."""

from __future__ import annotations

from collections.abc import Collection

from simulator.ledger.books import Books
from simulator.ledger.statements import customer_statement, shown_apart
from simulator.packs.world.model import World

from .render import DocumentUnavailable, Printable


def statement_document(
    world: World, books: Books, customer: str, excluded: Collection[str] | None = None
) -> Printable:
    """The statement as last sent to the customer, else as it would be sent today (``excluded``, when
    given, names the items shown apart instead: :func:`simulator.ledger.statements.shown_apart`)."""
    profile = world.customer(customer)
    if profile is None:
        known = ", ".join(c.id for c in world.customers)
        raise DocumentUnavailable(f"le client « {customer} » n'existe pas (clients : {known}).")
    return Printable(
        "documents/customer_statement.html",
        f"Relevé de compte – {profile.customer.name}",
        {
            "company": world.company,
            "today": books.today,
            "customer": profile,
            "statement": customer_statement(
                books, customer, excluded=shown_apart(books, customer) if excluded is None else excluded
            ),
        },
    )
