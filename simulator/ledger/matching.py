"""Matching (lettrage) of a customer's 411 items: invoices against payments and credit notes.

Default order (domain.md §6): each credit note against the invoice it refers to, then the payments
against invoices due first, oldest first. At most the last invoice stays partial.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from .books import Books, letter_code
from .model import Allocation, OpenItem
from .money import ZERO
from .names import item_name
from .problems import Problem


def due_order(item: OpenItem) -> tuple:
    return (item.due_date or item.date, item.date, item.key)


def plan_allocations(
    books: Books,
    debits: Sequence[OpenItem],
    credits: Sequence[OpenItem],
    explicit: Mapping[str, Decimal] | None = None,
    credit_amounts: Mapping[str, Decimal] | None = None,
) -> list[tuple[str, str, Decimal]]:
    """Pairs (debit item, credit item, amount) settling ``debits`` with ``credits``.

    ``credit_amounts`` overrides what a credit item can give (a payment not yet in the books).
    ``explicit`` {invoice: amount} caps what each invoice receives from the payment credits, as a
    remittance advice does; credit notes still go to their invoice first.
    """
    due = {d.key: books.residual(d.key) if d.key in books.items() else abs(d.amount) for d in debits}
    available = {
        c.key: (credit_amounts or {}).get(
            c.key, books.residual(c.key) if c.key in books.items() else abs(c.amount)
        )
        for c in credits
    }
    ordered = sorted(debits, key=due_order)
    pairs: list[tuple[str, str, Decimal]] = []

    def settle(debit_keys: list[str], credit_key: str, cap: Mapping[str, Decimal] | None = None) -> None:
        for debit_key in debit_keys:
            room = due[debit_key] if cap is None else min(due[debit_key], cap.get(debit_key, ZERO))
            amount = min(room, available[credit_key])
            if amount > ZERO:
                pairs.append((debit_key, credit_key, amount))
                due[debit_key] -= amount
                available[credit_key] -= amount
                if cap is not None:
                    cap[debit_key] -= amount  # type: ignore[index]

    notes = [c for c in credits if c.kind == "credit_note"]
    others = [c for c in credits if c.kind != "credit_note"]
    for note in sorted(notes, key=lambda c: (c.date, c.key)):
        first = [note.refers_to] if note.refers_to in due else []
        settle(first + [d.key for d in ordered if d.key not in first], note.key)
    cap = dict(explicit) if explicit is not None else None
    for payment in sorted(others, key=lambda c: (c.date, c.key)):
        settle([d.key for d in ordered], payment.key, cap)
    return pairs


def next_letter(books: Books, customer: str) -> tuple[str, dict[str, int]]:
    used = books.letters_used.get(customer, 0)
    return letter_code(used), {**books.letters_used, customer: used + 1}


def apply_pairs(books: Books, customer: str, pairs: list[tuple[str, str, Decimal]]) -> Books:
    if not pairs:
        return books
    letter, used = next_letter(books, customer)
    new = tuple(Allocation(d, c, amount, customer, letter) for d, c, amount in pairs)
    return books.evolve(allocations=books.allocations + new, letters_used=used)


def match(books: Books, customer: str, keys: Sequence[str]) -> tuple[Books, list[Problem]]:
    """Manual lettrage of open items of one customer (full or partial)."""
    if customer not in books.customers:
        return books, [Problem("unknown_customer", "customer", {"customer": customer})]
    items = books.items()
    problems = []
    for key in keys:
        named = {"item": item_name(books, key)}
        if key not in items:
            problems.append(Problem("unknown_item", "items", named))
        elif books.is_cancelled(key):
            problems.append(Problem("item_cancelled", "items", named))
        elif items[key].customer != customer:
            problems.append(Problem("item_other_customer", "items", {**named, "customer": customer}))
        elif books.residual(key) == ZERO:
            problems.append(Problem("item_already_matched", "items", named))
    if problems:
        return books, problems
    if len({books.on_doubtful(k) for k in keys}) > 1:  # one on 416, another on 411: not one account
        return books, [Problem("items_mix_doubtful", "items", {})]
    chosen = [items[k] for k in dict.fromkeys(keys)]
    debits = [i for i in chosen if i.amount > 0]
    credits = [i for i in chosen if i.amount < 0]
    if not debits or not credits:
        return books, [Problem("match_needs_both_sides", "items", {})]
    return apply_pairs(books, customer, plan_allocations(books, debits, credits)), []


def unmatch(books: Books, keys: Sequence[str]) -> tuple[Books, list[Problem]]:
    """Undo every allocation that touches one of ``keys``."""
    items = books.items()
    unknown = [k for k in keys if k not in items]
    if unknown:
        return books, [Problem("unknown_item", "items", {"item": k}) for k in unknown]
    wanted = set(keys)
    kept = tuple(a for a in books.allocations if a.debit_item not in wanted and a.credit_item not in wanted)
    if len(kept) == len(books.allocations):
        return books, [
            Problem("nothing_to_unmatch", "items", {"items": ", ".join(item_name(books, k) for k in keys)})
        ]
    return books.evolve(allocations=kept), []
