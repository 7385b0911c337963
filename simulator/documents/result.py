"""Résultat of an attempt, printable for the student's portfolio: score, criteria, mistakes, problems, and
the student's trial balance beside the reference solution's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal

from simulator.grading.grades import Grade
from simulator.ledger.books import Books
from simulator.ledger.compare import compare_entries
from simulator.ledger.model import FollowupEvent
from simulator.ledger.money import ZERO
from simulator.ledger.reports import trial_balance
from simulator.packs.world.model import World
from simulator.packs.world.opening import initial_books

from .render import Printable


@dataclass(frozen=True, slots=True)
class BalanceComparison:
    account: str
    name: str
    student: Decimal  # debit minus credit
    expected: Decimal

    @property
    def difference(self) -> Decimal:
        return self.student - self.expected


def compare_balances(books: Books, expected: Books) -> list[BalanceComparison]:
    """Balance per account, student vs expected, for every account either side uses."""
    mine = {row.account: row for row in trial_balance(books)}
    theirs = {row.account: row for row in trial_balance(expected)}
    return [
        BalanceComparison(
            account,
            (mine.get(account) or theirs[account]).name,
            mine[account].balance if account in mine else ZERO,
            theirs[account].balance if account in theirs else ZERO,
        )
        for account in sorted(mine.keys() | theirs.keys())
    ]


def posted(books: Books, start: Books) -> bool:
    """Anything recorded beyond the opening books: an entry, a matching, a slip."""
    return (len(books.entries), len(books.allocations), len(books.slips)) != (
        len(start.entries),
        len(start.allocations),
        len(start.slips),
    )


def new_events(books: Books, start: Books) -> tuple[FollowupEvent, ...]:
    """The follow-up log written during the exercise (not the world's earlier reminders)."""
    return tuple(e for e in books.followup if not e.prior and e not in start.followup)


def no_mistakes(books_compared: bool, followup_compared: bool) -> str:
    """The Résultat's sentence when there is no mistake, on the screen and on paper: it names what was
    compared with the expected solution (the books only where the scenario or the student touched them,
    the follow-up log only where either has any)."""
    if books_compared and followup_compared:
        return "Aucune erreur : les écritures et les relances sont celles attendues."
    if followup_compared:
        return "Aucune erreur : les relances sont celles attendues."
    if books_compared:
        return "Aucune erreur : les écritures sont celles attendues."
    return "Aucune erreur."


def result_document(
    world: World, books: Books, grade: Grade, expected: Books, student: str = ""
) -> Printable:
    """``grade`` is the grade of ``books``; ``expected`` the reference solution's books."""
    rows = compare_balances(books, expected)
    start = initial_books(world)
    books_compared = posted(books, start) or posted(expected, start)
    followup_compared = bool(new_events(books, start) or new_events(expected, start))
    return Printable(
        "documents/result.html",
        f"Résultat – {world.title}",
        {
            "company": world.company,
            "today": world.today,
            "world": world,
            "grade": grade,
            "score": format_decimal(grade.score, format="0.#", locale="fr_FR"),
            "student": student,
            "balances": rows,
            "differences": sum(1 for r in rows if r.difference),
            "entries": compare_entries(books, expected) if books_compared else None,
            "books_compared": books_compared,
            "no_mistakes": no_mistakes(books_compared, followup_compared),
        },
    )
