"""Bank reconciliation (rapprochement bancaire): a statement line matched with receipts already recorded in
the bank journal, or with the deposit slip it credits — then, and only then, D 512 / C 5112 is posted for the
slip's total at the statement line's date (domain.md §2, step 5)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from types import MappingProxyType

from simulator.messages.formatting import euros as _amount
from simulator.messages.formatting import short_date

from .accounts import BANK, BANK_JOURNAL, CHEQUES_TO_CASH
from .books import Books
from .entries import credit, debit, make_entry
from .money import ZERO
from .names import payment_name, statement_line_called
from .problems import Problem


def check_line(books: Books, statement_line: str, field: str = "statement_line") -> list[Problem]:
    """The line exists, is a credit to our account and is not reconciled yet."""
    line = books.statement_lines.get(statement_line)
    named = {"line": statement_line_called(books, statement_line)}
    if line is None:
        return [Problem("unknown_statement_line", field, named)]
    if line.amount <= ZERO:
        return [Problem("statement_line_not_receipt", field, named)]
    if statement_line in books.statement_matches:
        return [Problem("statement_line_reconciled", field, named)]
    return []


def reconcile_statement_line(
    books: Books, *, statement_line: str, payments: Sequence[str] = (), slip: str | None = None
) -> tuple[Books, list[Problem]]:
    """Match a bank line with ``payments`` recorded in BNK without a source (Odoo's "match existing
    payment"), or with the deposit ``slip`` it credits (posts D 512 / C 5112 at the line's date)."""
    if bool(payments) == (slip is not None):
        code = "reconcile_both" if payments else "reconcile_target_required"
        return books, [Problem(code, "payments", {"line": statement_line_called(books, statement_line)})]
    if slip is not None:
        return credit_slip(books, slip, statement_line)
    problems = check_line(books, statement_line)
    tied = books.statement_line_of()
    chosen = list(dict.fromkeys(payments))
    for pid in chosen:
        pay = books.payments.get(pid)
        named = {"payment": payment_name(books, pid)}
        if pay is None:
            problems.append(Problem("unknown_payment", "payments", named))
        elif pay.cancelled:
            problems.append(Problem("payment_cancelled", "payments", named))
        elif pay.journal != BANK_JOURNAL:
            problems.append(Problem("payment_not_bank", "payments", named))
        elif pid in tied or pay.source_kind == "statement_line":
            line = statement_line_called(books, tied.get(pid) or pay.source)
            problems.append(Problem("payment_reconciled", "payments", {**named, "line": line}))
    if problems:
        return books, problems
    line = books.statement_lines[statement_line]
    total = sum((books.payments[pid].amount for pid in chosen), ZERO)
    if total != line.amount:
        params = {"line": statement_line_called(books, statement_line), "expected": _amount(total)}
        return books, [Problem("statement_amount_payments", "payments", params)]
    matches = MappingProxyType({**books.statement_matches, statement_line: tuple(chosen)})
    return books.evolve(statement_matches=matches), []


def credit_slip(books: Books, slip_id: str, statement_line: str) -> tuple[Books, list[Problem]]:
    """The bank's credit of a deposit slip: the line must be a credit of the slip's total, dated on or after
    the deposit, not reconciled yet; posts D 512 / C 5112 at the line's date."""
    slip = next((s for s in books.slips if s.id == slip_id), None)
    if slip is None:
        return books, [Problem("unknown_slip", "slip", {"slip": slip_id})]
    if slip.cancelled:
        return books, [Problem("slip_cancelled", "slip", {"slip": slip_id})]
    if slip.credited:
        line = statement_line_called(books, slip.statement_line)
        return books, [Problem("slip_credited", "slip", {"slip": slip_id, "line": line})]
    problems = check_line(books, statement_line)
    if problems:
        return books, problems
    line = books.statement_lines[statement_line]
    if line.amount != slip.amount:
        params = {
            "line": statement_line_called(books, statement_line),
            "slip": slip_id,
            "expected": _amount(slip.amount),
        }
        return books, [Problem("statement_amount_slip", "statement_line", params)]
    if line.date < slip.date:
        params = {
            "line": statement_line_called(books, statement_line),
            "slip": slip_id,
            "slip_date": short_date(slip.date),
        }
        return books, [Problem("statement_line_before_slip", "statement_line", params)]
    label = f"Remise de chèques {slip_id}"
    number = books.next_entry_number(BANK_JOURNAL, line.date)
    entry = make_entry(
        number,
        BANK_JOURNAL,
        line.date,
        label,
        [debit(BANK, slip.amount, label), credit(CHEQUES_TO_CASH, slip.amount, label)],
        slip_id,
    )
    credited = dataclasses.replace(slip, entry=number, statement_line=statement_line)
    return books.evolve(
        entries=books.entries + (entry,),
        slips=tuple(credited if s.id == slip_id else s for s in books.slips),
        statement_matches=MappingProxyType({**books.statement_matches, statement_line: (slip_id,)}),
    ), []


# -- what the reconciliation screen offers (Faire correspondre) ---------------------------------------------
def receipts_to_reconcile(books: Books) -> tuple[str, ...]:
    """Receipts recorded in the bank journal that no statement line accounts for yet (by date, then id):
    the ones a credit line can be matched with. Earlier receipts were reconciled in their time."""
    tied = books.statement_line_of()
    return tuple(
        p.id
        for p in sorted(books.payments.values(), key=lambda p: (p.date, p.id))
        if p.journal == BANK_JOURNAL
        and not p.cancelled
        and not p.prior
        and p.source_kind != "statement_line"
        and p.id not in tied
    )


def slips_to_credit(books: Books) -> tuple[str, ...]:
    """Deposit slips handed in that the bank has not credited yet, in the order they were handed in."""
    return tuple(s.id for s in books.slips if not s.cancelled and not s.credited)


def selection_gap(books: Books, statement_line: str, payments: Sequence[str]) -> tuple[Decimal, Decimal]:
    """(total of the chosen receipts, what the statement line's amount leaves over): the running figures
    of Faire correspondre. Unknown ids count for nothing; the reconciliation itself re-checks everything."""
    line = books.statement_lines.get(statement_line)
    total = sum(
        (books.payments[pid].amount for pid in dict.fromkeys(payments) if pid in books.payments), ZERO
    )
    return total, (line.amount if line else ZERO) - total


def statement_line_for(books: Books, document: str) -> str | None:
    """The bank line a receipt for ``document`` most likely records: the one credit not reconciled yet
    whose label names the document and whose amount is what it still owes. None when no line, or more
    than one, fits: the student chooses (Ligne du relevé)."""
    if document not in books.items() or books.residual(document) <= ZERO:
        return None
    due, wanted = books.residual(document), _compact(document)
    found = [
        line.id
        for line in books.statement_lines.values()
        if line.amount == due and line.id not in books.statement_matches and wanted in _compact(line.label)
    ]
    return found[0] if len(found) == 1 else None


def _compact(text: str) -> str:
    return "".join(text.split()).upper()
