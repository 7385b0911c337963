"""Checks on cheques: endorsed to our bank for our account, all on a deposit slip whose lines, count
and total are right."""

from __future__ import annotations

import re
import unicodedata

from simulator.ledger.money import ZERO

from .context import Context, Mistake, total


def _compact(text: str) -> str:
    """Compare what a student wrote by hand: case, accents and spaces do not matter."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", "", plain).upper()


def check_cheques(ctx: Context) -> list[Mistake]:
    deposit = ctx.world.expected.deposit
    if deposit is None:
        return []
    books, company = ctx.books, ctx.world.company
    iban = _compact(company.iban)
    mistakes: list[Mistake] = []
    for cheque_id in deposit.cheques:
        cheque = ctx.world.cheque(cheque_id)
        endorsement = books.endorsements.get(cheque_id)
        if (
            endorsement is None
            or iban not in _compact(endorsement.account)
            or not endorsement.signature.strip()
        ):
            mistakes.append(
                Mistake(
                    "CHEQUE_NOT_ENDORSED",
                    {
                        "cheque": cheque.number,
                        "customer": cheque.drawer,
                        "amount": cheque.amount,  # type: ignore[union-attr]
                        "account": company.iban,
                    },
                    cheque_id,
                )
            )
    slips = [
        s
        for s in (*books.slips, *ctx.refused_slips)
        if not s.cancelled and any(line.cheque in deposit.cheques for line in s.lines)
    ]
    # One mistake costs once: a cheque whose receipt went to another journal than CHQ cannot be deposited
    # (the ledger refuses it); WRONG_JOURNAL already says so, the slip is judged without it.
    due = [c for c in deposit.cheques if not (ctx.receipt_journals(c) - {"CHQ"})]
    if not slips:
        if not due:
            return mistakes
        return mistakes + [
            Mistake(
                "SLIP_MISSING",
                {"count": len(due), "amount": total(ctx.world.cheque(c).amount for c in due)},  # type: ignore[union-attr]
                "slip",
            )
        ]
    on_slips = {line.cheque: line for s in slips for line in s.lines}
    for cheque_id in deposit.cheques:
        cheque = ctx.world.cheque(cheque_id)
        line = on_slips.get(cheque_id)
        if line is None and cheque_id not in due:
            continue
        if line is None:
            mistakes.append(
                Mistake(
                    "SLIP_CHEQUE_MISSING",
                    {
                        "cheque": cheque.number,
                        "customer": cheque.drawer,  # type: ignore[union-attr]
                        "amount": cheque.amount,
                    },
                    cheque_id,
                )
            )  # type: ignore[union-attr]
            continue
        wrong = [
            name
            for name, typed, real in (
                ("tireur", line.drawer, cheque.drawer),
                ("banque", line.bank, cheque.bank),  # type: ignore[union-attr]
                ("numéro", line.number, cheque.number),
            )
            if _compact(typed) != _compact(real)
        ]  # type: ignore[union-attr]
        if line.amount != cheque.amount:  # type: ignore[union-attr]
            wrong.append("montant")
        if wrong:
            mistakes.append(
                Mistake(
                    "SLIP_FIELD_WRONG",
                    {
                        "cheque": cheque.number,
                        "customer": cheque.drawer,  # type: ignore[union-attr]
                        "field": wrong,
                        "amount": cheque.amount,
                    },
                    cheque_id,
                )
            )  # type: ignore[union-attr]
    for slip in slips:
        if _compact(slip.account) != iban:
            mistakes.append(
                Mistake(
                    "SLIP_FIELD_WRONG",
                    {
                        "cheque": slip.id,
                        "customer": company.name,
                        "field": ["compte à créditer"],
                        "amount": slip.amount,
                    },
                    f"{slip.id}-account",
                )
            )
        # The count and total must add up the slip's own lines; a wrong line is SLIP_FIELD_WRONG above.
        lines_total = total(line.amount or ZERO for line in slip.lines)
        if slip.count != len(slip.lines) or slip.total != lines_total:
            mistakes.append(
                Mistake(
                    "SLIP_TOTAL_WRONG",
                    {
                        "count": slip.count if slip.count is not None else "—",
                        "expected_count": len(slip.lines),
                        "amount": slip.total if slip.total is not None else ZERO,
                        "expected_amount": lines_total,
                    },
                    slip.id,
                )
            )
    if deposit.statement_line is not None and not any(
        s.statement_line == deposit.statement_line for s in slips
    ):
        mistakes.append(_not_reconciled(ctx, deposit.statement_line, slips[0].id))
    return mistakes


def check_slip_credits(ctx: Context) -> list[Mistake]:
    """The bank's credit of an earlier slip must be reconciled with that slip (it posts D 512 / C 5112)."""
    slips = {s.id: s for s in ctx.books.slips}
    return [
        _not_reconciled(ctx, r.statement_line, r.slip)
        for r in ctx.world.expected.reconcile
        if slips.get(r.slip) is None or slips[r.slip].statement_line != r.statement_line
    ]


def _not_reconciled(ctx: Context, line_id: str, slip_id: str) -> Mistake:
    line = ctx.world.statement_line(line_id)
    params = {
        "document": line_id,
        "date": line.date,
        "label": line.label,
        "amount": line.amount,
        "slip": slip_id,
    }  # type: ignore[union-attr]
    return Mistake("SLIP_NOT_RECONCILED", params, line_id)
