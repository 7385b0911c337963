"""The final books compared as a whole (after the per-criterion checks): every account's balance against
the expected outcome. An account no per-criterion mistake explains, whose balance differs, is
``BOOKS_DIFFER``; one the expected outcome does not touch, left with a balance, is ``UNEXPECTED_ACCOUNT``.
One mistake costs once: an account a mistake already explains is not charged again."""

from __future__ import annotations

from simulator.ledger.compare import balance_differences
from simulator.messages.formatting import shown

from .context import Context, Mistake


def check_balances(ctx: Context, found: list[Mistake]) -> list[Mistake]:
    explained = frozenset().union(*(m.accounts for m in found))
    mistakes = []
    for row in balance_differences(ctx.books, ctx.outcome.balances):
        if row.account in explained:
            continue
        params = {
            "account": row.account,
            "name": row.name,
            "actual": balance_text(row.actual_balance),
            "expected": balance_text(row.expected_balance),
        }
        code = "BOOKS_DIFFER" if row.account in ctx.outcome.balances else "UNEXPECTED_ACCOUNT"
        mistakes.append(Mistake(code, params, row.account))
    return mistakes


def balance_text(balance) -> str:
    """« débiteur de 1 440,00 € », « créditeur de 0,40 € » or « nul »."""
    if not balance:
        return "nul"
    return f"{'débiteur' if balance > 0 else 'créditeur'} de {shown(abs(balance))}"
