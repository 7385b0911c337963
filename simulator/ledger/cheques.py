"""Cheques received: endorsement, deposit slip (bordereau de remise) posting D 512 / C 5112, and the
bank statement line that credits the slip."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from .accounts import BANK, BANK_JOURNAL, CHEQUES_TO_CASH
from .books import Books, DepositSlip, Endorsement, SlipLine
from .entries import credit, debit, make_entry
from .money import ZERO
from .problems import Problem


def received_payment(books: Books, cheque_id: str):
    """The (first) receipt recorded for a cheque, or None."""
    return next(
        (p for p in books.payments.values() if p.source_kind == "cheque" and p.source == cheque_id), None
    )


def deposited_cheques(books: Books) -> set[str]:
    return {line.cheque for slip in books.slips for line in slip.lines}


def endorse_cheque(
    books: Books, *, cheque: str, account: str, signature: str = ""
) -> tuple[Books, list[Problem]]:
    """Write the endorsement on the back of a received cheque (to our bank, for our account)."""
    if cheque not in books.cheques:
        return books, [Problem("unknown_cheque", "cheque", {"cheque": cheque})]
    if cheque in deposited_cheques(books):
        return books, [Problem("cheque_already_deposited", "cheque", {"cheque": cheque})]
    if not account.strip():
        return books, [Problem("endorsement_account_required", "account", {})]
    endorsement = Endorsement(cheque, account.strip(), signature.strip())
    return books.evolve(endorsements=MappingProxyType({**books.endorsements, cheque: endorsement})), []


def deposit_cheques(
    books: Books,
    *,
    on: date,
    account: str,
    lines: Sequence[SlipLine],
    count: int | None,
    total: Decimal | None,
    statement_line: str | None = None,
) -> tuple[Books, list[Problem]]:
    """Record a deposit slip as filled in and post D 512 / C 5112 for the receipts of its cheques.

    The slip's own count and total are kept as written (grading compares them with the lines); the
    entry uses what 5112 holds for these cheques, so 5112 always equals cheques received and not yet
    deposited.
    """
    problems: list[Problem] = []
    if not lines:
        problems.append(Problem("slip_empty", "lines", {}))
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on.isoformat()}))
    already = deposited_cheques(books)
    seen: set[str] = set()
    receipts = []
    for line in lines:
        if line.cheque not in books.cheques:
            problems.append(Problem("unknown_cheque", "lines", {"cheque": line.cheque}))
        elif line.cheque in already or line.cheque in seen:
            problems.append(Problem("cheque_already_deposited", "lines", {"cheque": line.cheque}))
        else:
            payment = received_payment(books, line.cheque)
            if payment is None:
                problems.append(Problem("cheque_not_received", "lines", {"cheque": line.cheque}))
            elif payment.journal != "CHQ":
                problems.append(Problem("cheque_not_in_5112", "lines", {"cheque": line.cheque}))
            else:
                receipts.append(payment)
        seen.add(line.cheque)
    if statement_line is not None:
        if statement_line not in books.statement_lines:
            problems.append(Problem("unknown_statement_line", "statement_line", {"line": statement_line}))
        elif statement_line in books.statement_matches:
            problems.append(Problem("statement_line_reconciled", "statement_line", {"line": statement_line}))
    if problems:
        return books, problems
    slip_id = f"REM-{len(books.slips) + 1}"
    amount = sum((p.amount for p in receipts), ZERO)
    label = f"Remise de chèques {slip_id}"
    on_bank = books.statement_lines[statement_line].date if statement_line else on
    number = books.next_entry_number(BANK_JOURNAL, on_bank)
    entry = make_entry(
        number,
        BANK_JOURNAL,
        on_bank,
        label,
        [debit(BANK, amount, label), credit(CHEQUES_TO_CASH, amount, label)],
        slip_id,
    )
    slip = DepositSlip(
        slip_id, on, account.strip(), tuple(lines), count, total, amount, number, statement_line
    )
    matches = books.statement_matches
    if statement_line:
        matches = MappingProxyType({**matches, statement_line: slip_id})
    return books.evolve(
        entries=books.entries + (entry,), slips=books.slips + (slip,), statement_matches=matches
    ), []
