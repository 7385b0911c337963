"""Bank papers: the bank statement as the bank prints it, and the deposit slip as the student filled it in."""

from __future__ import annotations

from decimal import Decimal

from simulator.ledger.books import Books
from simulator.ledger.model import DepositSlip
from simulator.ledger.money import ZERO
from simulator.ledger.statements import bank_statement
from simulator.packs.world.model import World

from .render import DocumentUnavailable, Printable


def bank_statement_document(world: World, books: Books, opening: Decimal = ZERO) -> Printable:
    """Relevé bancaire: the company's account at its bank, period, balances, lines and the student's
    annotations in a margin column when there are any. The world carries no opening balance yet: the
    caller may give one."""
    statement = bank_statement(books, opening)
    return Printable(
        "documents/bank_statement.html",
        f"Relevé de compte {world.company.bank}",
        {
            "company": world.company,
            "today": books.today,
            "statement": statement,
            "annotated": any(row.annotation for row in statement.rows),
        },
    )


def find_slip(books: Books, slip: int | str = -1) -> DepositSlip:
    """A deposit slip by its position (``0`` first, ``-1`` last) or its id, whatever the id format."""
    if not books.slips:
        raise DocumentUnavailable("aucun bordereau de remise de chèques n'a été établi dans cette tentative.")
    if isinstance(slip, int):
        try:
            return books.slips[slip]
        except IndexError:
            raise DocumentUnavailable(
                f"il n'y a que {len(books.slips)} bordereau(x) de remise dans cette tentative."
            ) from None
    found = next((s for s in books.slips if s.id == slip), None)
    if found is None:
        known = ", ".join(s.id for s in books.slips)
        raise DocumentUnavailable(f"pas de bordereau « {slip} » (bordereaux : {known}).")
    return found


def slip_document(world: World, books: Books, slip: int | str = -1) -> Printable:
    """Bordereau de remise de chèques exactly as filled in; a count or total that disagrees with the lines
    is printed as written, with a warning below."""
    found = find_slip(books, slip)
    amounts = [line.amount for line in found.lines]
    lines_total = sum((a for a in amounts if a is not None), ZERO)
    mismatch = (
        found.count != len(found.lines) or found.total != lines_total or any(a is None for a in amounts)
    )
    return Printable(
        "documents/slip.html",
        f"Bordereau de remise de chèques {found.id}",
        {
            "company": world.company,
            "today": books.today,
            "slip": found,
            "lines_count": len(found.lines),
            "lines_total": lines_total,
            "mismatch": mismatch,
        },
    )
