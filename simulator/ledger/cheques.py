"""Cheques received: endorsement, the deposit slip (bordereau de remise) and its cancellation. Handing in a
slip posts nothing: 5112 keeps the cheques until the bank credits the slip (ledger.bank.credit_slip)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from simulator.messages.formatting import euros

from .bank import credit_slip
from .books import Books
from .model import DepositSlip, Endorsement, Payment, SlipLine
from .money import ZERO
from .names import statement_line_called
from .problems import Problem


def received_payment(books: Books, cheque_id: str) -> Payment | None:
    """The (first) live receipt recorded for a cheque, or None."""
    return next(
        (
            p
            for p in books.payments.values()
            if p.source_kind == "cheque" and p.source == cheque_id and not p.cancelled
        ),
        None,
    )


def deposited_cheques(books: Books) -> set[str]:
    """Cheques on a slip that is not cancelled."""
    return set(books.slip_of())


def next_slip_id(books: Books) -> str:
    """S1, S2… in order, skipping any id already taken."""
    n = sum(1 for s in books.slips if not s.prior) + 1
    while _slip_id_taken(books, f"S{n}"):
        n += 1
    return f"S{n}"


def _slip_id_taken(books: Books, slip_id: str) -> bool:
    return any(s.id == slip_id for s in books.slips) or slip_id in books.payments


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
    slip_id: str | None = None,
    prior: bool = False,
) -> tuple[Books, list[Problem]]:
    """Record a deposit slip as filled in (state "Remis"); the bank's credit comes later, by reconciling
    its statement line. With ``statement_line``, deposit and reconcile at once (same checks).

    Each cheque must have been recorded on the drawer's account first (a receipt in CHQ, 5112) and
    endorsed: the bank refuses a cheque whose back is blank. Whether the endorsement is right (our IBAN,
    a signature) is for grading to judge.

    The slip's own count and total are kept as written (grading compares them with the lines); the amount
    the bank must credit is what 5112 holds for these cheques.
    """
    problems: list[Problem] = []
    if not lines:
        problems.append(Problem("slip_empty", "lines", {}))
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on}))
    if slip_id is not None and _slip_id_taken(books, slip_id):
        problems.append(Problem("slip_id_taken", "id", {"id": slip_id}))
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
            elif not prior and line.cheque not in books.endorsements:
                problems.append(_not_endorsed(books, line.cheque))
            else:
                receipts.append(payment)
        seen.add(line.cheque)
    if problems:
        return books, problems
    sid = slip_id or next_slip_id(books)
    amount = sum((p.amount for p in receipts), ZERO)
    slip = DepositSlip(sid, on, account.strip(), tuple(lines), count, total, amount, prior=prior)
    deposited = books.evolve(slips=books.slips + (slip,))
    if statement_line is None:
        return deposited, []
    credited, problems = credit_slip(deposited, sid, statement_line)
    return (books, problems) if problems else (credited, [])


def _not_endorsed(books: Books, cheque_id: str) -> Problem:
    """A bank refuses a cheque with a blank back: the endorsement names the account to credit."""
    cheque = books.cheques[cheque_id]
    params = {
        "cheque": cheque_id,
        "number": cheque.number,
        "drawer": cheque.drawer,
        "amount": euros(cheque.amount),
    }
    return Problem("cheque_not_endorsed", "lines", params)


def cancel_deposit(books: Books, *, slip: str) -> tuple[Books, list[Problem]]:
    """Cancel a slip the bank has not credited: its cheques are to deposit again. Nothing was posted."""
    found = next((s for s in books.slips if s.id == slip), None)
    if found is None:
        return books, [Problem("unknown_slip", "slip", {"slip": slip})]
    if found.cancelled:
        return books, [Problem("slip_cancelled", "slip", {"slip": slip})]
    if found.credited:
        line = statement_line_called(books, found.statement_line)
        return books, [Problem("slip_credited", "slip", {"slip": slip, "line": line})]
    if found.prior:
        return books, [Problem("slip_prior", "slip", {"slip": slip})]
    cancelled = dataclasses.replace(found, cancelled=True)
    return books.evolve(slips=tuple(cancelled if s.id == slip else s for s in books.slips)), []
