"""Relevé de compte client: the customer's open items with due dates, days overdue and letters, the total
due and the total overdue; items set aside (in dispute) are listed apart and left out of the totals."""

from __future__ import annotations

from collections.abc import Collection

from simulator.ledger.books import Books
from simulator.ledger.statements import customer_statement
from simulator.packs.world import World

from .render import DocumentUnavailable, Printable


def statement_document(
    world: World, books: Books, customer: str, excluded: Collection[str] = ()
) -> Printable:
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
            "statement": customer_statement(books, customer, excluded=excluded),
        },
    )
