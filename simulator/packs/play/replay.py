"""Replay: a World and an attempt's actions (contracts.md vocabulary) -> the books and the problems.

Pure: the books always derive from the world plus the action log. An action that cannot apply (unknown
document, amount that does not parse, cheque deposited twice…) is reported with a French reason and
skipped; the others still apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from simulator.ledger import (
    answers,
    bank,
    calendar,
    cheques,
    dates,
    followup,
    litigation,
    lots,
    matching,
    payments,
    strategy,
)
from simulator.ledger.books import Books
from simulator.ledger.model import DepositSlip, SlipLine
from simulator.ledger.money import ZERO, parse_amount, parse_rate
from simulator.ledger.problems import Problem
from simulator.packs.play import auto_reconcile as auto_reconcile_actions
from simulator.packs.spec.letter_template import template_problems
from simulator.packs.world.model import World
from simulator.packs.world.opening import customer_emails, customer_methods, initial_books


@dataclass(frozen=True, slots=True)
class ActionProblem:
    """Why action number ``index`` (0-based) was not applied."""

    index: int
    type: str
    code: str
    field: str | None
    message: str


@dataclass(frozen=True)
class Replay:
    books: Books
    problems: tuple[ActionProblem, ...]
    applied: tuple[int, ...]  # indexes of the actions that were applied
    #: slips the ledger refused only because a cheque on them was recorded straight in the bank or was
    #: not endorsed: that is already a mistake (WRONG_JOURNAL, CHEQUE_NOT_ENDORSED), so grading judges
    #: these slips on their own lines (no cascade into SLIP_MISSING)
    refused_slips: tuple[DepositSlip, ...] = ()


#: refusals of a slip that grading names by their own mistake, judging the slip as written
SLIP_JUDGED_CODES = frozenset({"cheque_not_in_5112", "cheque_not_endorsed"})


class _Invalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


# -- field readers: each returns the typed value or raises _Invalid with a French reason ------------------
def _required(action: Mapping, name: str) -> Any:
    value = action.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _Invalid([Problem("field_required", name, {"name": name})])
    return value


def _text(action: Mapping, name: str, default: str | None = None) -> str:
    """A required text field, or an optional one (JSON null = absent) when ``default`` is given."""
    if default is None:
        value = _required(action, name)
    else:
        value = action.get(name)
        value = default if value is None else value
    if not isinstance(value, str):
        raise _Invalid([Problem("field_invalid", name, {"name": name, "reason": "texte attendu."})])
    return value


def parse_date(value: Any, name: str = "date") -> date:
    """ISO (2026-03-02) as in attempt files, or French (02/03/2026) as typed in a form."""
    day, problem = dates.parse_date(value, name)
    if problem:
        raise _Invalid([problem])
    return day  # type: ignore[return-value]


def _opt_text(action: Mapping, name: str) -> str | None:
    value = action.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _Invalid([Problem("field_invalid", name, {"name": name, "reason": "texte attendu."})])
    return value


def _date(action: Mapping, name: str = "date") -> date:
    return parse_date(_required(action, name), name)


def parse_money(value: Any, name: str) -> Decimal:
    amount, problem = parse_amount(value, field=name)
    if problem:
        raise _Invalid([problem])
    return amount  # type: ignore[return-value]


def _amount(action: Mapping, name: str) -> Decimal:
    return parse_money(_required(action, name), name)


def _rate(value: Any, name: str) -> Decimal:
    """A rate (ledger.money.parse_rate), or _Invalid with its French reason."""
    rate, problem = parse_rate(value, name)
    if problem:
        raise _Invalid([problem])
    return rate  # type: ignore[return-value]


def _list(action: Mapping, name: str, required: bool = True) -> list[str]:
    value = action.get(name)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or (required and not value):
        raise _Invalid(
            [Problem("field_invalid", name, {"name": name, "reason": "liste de références attendue."})]
        )
    return value


def _int(action: Mapping, name: str) -> int:
    value = _required(action, name)
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value))
    ):
        raise _Invalid([Problem("field_invalid", name, {"name": name, "reason": "nombre entier attendu."})])
    return int(value)


# -- one function per action type -----------------------------------------------------------------------
def _register_payment(books: Books, a: Mapping, world: World):
    return payments.register_payment(books, **payment_arguments(a))


def plan_payment(books: Books, action: Mapping) -> tuple[payments.ReceiptPlan | None, list[Problem]]:
    """The entry a ``register_payment`` action would post on ``books`` (nothing is posted), or why the
    action would be refused: the payment dialog's preview."""
    try:
        return payments.plan_receipt(books, **payment_arguments(action))
    except _Invalid as invalid:
        return None, invalid.problems
    except TypeError:
        return None, [Problem("action_malformed", "type", {"type": "register_payment"})]


def payment_arguments(a: Mapping) -> dict[str, Any]:
    """The arguments of :func:`payments.register_payment` a ``register_payment`` action gives."""
    source = a.get("source") or {}
    if (
        not isinstance(source, dict)
        or len(source) > 1
        or (source and next(iter(source)) not in ("statement_line", "cheque"))
    ):
        raise _Invalid([Problem("unknown_source", "source", {"source": str(source)})])
    source_kind, source_id = next(iter(source.items())) if source else (None, None)
    if source_id is not None and not isinstance(source_id, str):
        raise _Invalid([Problem("unknown_source", "source", {"source": str(source)})])
    diff = a.get("difference")
    difference = None
    if diff is not None:
        if not isinstance(diff, dict):
            raise _Invalid([Problem("unknown_handling", "difference", {"handling": str(diff)})])
        rate = diff.get("vat_rate")
        by_invoice = rate == payments.BY_INVOICE_RATES  # the invoices' own rates (several on one invoice)
        difference = payments.Difference(
            handling=str(diff.get("handling", "")),
            account=str(diff.get("account", "")).strip(),
            label=str(diff.get("label", "")),
            vat_rate=_rate(rate, "vat_rate") if rate not in (None, "") and not by_invoice else None,
            by_invoice_rates=by_invoice,
        )
    allocations = a.get("allocations")
    if allocations is not None:
        if not isinstance(allocations, dict):
            raise _Invalid(
                [
                    Problem(
                        "field_invalid",
                        "allocations",
                        {"name": "allocations", "reason": "répartition {pièce: montant} attendue."},
                    )
                ]
            )
        allocations = {str(k): parse_money(v, "allocations") for k, v in allocations.items()}
    return dict(
        customer=_text(a, "customer"),
        journal=_text(a, "journal"),
        on=_date(a),
        amount=_amount(a, "amount"),
        documents=_list(a, "documents", required=False),
        allocations=allocations,
        reference=_text(a, "reference", ""),
        source_kind=source_kind,
        source=source_id,
        difference=difference,
        payment_id=_opt_text(a, "id"),
    )


def _credit_note(books: Books, a: Mapping, world: World):
    rate = a.get("vat_rate")
    return payments.issue_credit_note(
        books,
        invoice=_text(a, "invoice"),
        on=_date(a),
        amount_ht=_amount(a, "amount_ht"),
        vat_rate=_rate(rate, "vat_rate") if rate not in (None, "") else None,
        reason=_text(a, "reason"),
        number=_text(a, "number", "") or next_credit_note_number(world, books),
        account=_text(a, "account", "665"),
    )


def next_credit_note_number(world: World, books: Books) -> str:
    """The world's next credit-note number, moved on by the credit notes already issued in the attempt."""
    number = world.settings.next_credit_note
    while number in books.documents:
        head, digits = re.match(r"(.*?)(\d+)$", number).groups()  # type: ignore[union-attr]
        number = f"{head}{int(digits) + 1:0{len(digits)}d}"
    return number


def _match(books: Books, a: Mapping, world: World):
    return matching.match(books, _text(a, "customer"), _list(a, "items"))


def _unmatch(books: Books, a: Mapping, world: World):
    return matching.unmatch(books, _list(a, "items"))


def _endorse(books: Books, a: Mapping, world: World):
    return cheques.endorse_cheque(
        books, cheque=_text(a, "cheque"), account=_text(a, "account"), signature=_text(a, "signature", "")
    )


def _slip_line(raw: Any) -> SlipLine:
    if not isinstance(raw, dict):
        raise _Invalid(
            [Problem("field_invalid", "lines", {"name": "lines", "reason": "ligne de bordereau attendue."})]
        )
    amount, _ = parse_amount(raw.get("amount"), field="lines")  # a wrong amount is graded, not refused
    return SlipLine(
        str(raw.get("cheque", "")),
        str(raw.get("drawer", "")),
        str(raw.get("bank", "")),
        str(raw.get("number", "")),
        amount,
    )


def _slip_fields(a: Mapping) -> dict[str, Any]:
    """The arguments of :func:`cheques.deposit_cheques` a ``deposit_cheques`` action gives."""
    raw_lines = a.get("lines")
    if not isinstance(raw_lines, list):
        raise _Invalid([Problem("slip_empty", "lines", {})])
    count = a.get("count")
    total, _ = parse_amount(a.get("total"), field="total")
    return {
        "on": _date(a),
        "account": _text(a, "account"),
        "lines": [_slip_line(r) for r in raw_lines],
        "count": count if isinstance(count, int) and not isinstance(count, bool) else None,
        "total": total,
        "statement_line": _opt_text(a, "statement_line"),
        "slip_id": _opt_text(a, "id"),
    }


def _deposit(books: Books, a: Mapping, world: World):
    return cheques.deposit_cheques(books, **_slip_fields(a))


def _cancel_payment(books: Books, a: Mapping, world: World):
    return payments.cancel_payment(books, payment=_text(a, "payment"))


def _cancel_credit_note(books: Books, a: Mapping, world: World):
    return payments.cancel_credit_note(books, number=_text(a, "number"))


def _cancel_deposit(books: Books, a: Mapping, world: World):
    return cheques.cancel_deposit(books, slip=_text(a, "slip"))


def _reconcile(books: Books, a: Mapping, world: World):
    return bank.reconcile_statement_line(
        books,
        statement_line=_text(a, "statement_line"),
        payments=_list(a, "payments", required=False),
        slip=_opt_text(a, "slip"),
    )


def _annotate(books: Books, a: Mapping, world: World):
    return followup.annotate_statement(
        books, statement_line=_text(a, "statement_line"), text=_text(a, "text")
    )


def _add_note(books: Books, a: Mapping, world: World):
    return followup.add_note(books, document=_text(a, "document"), text=_text(a, "text"))


def _log_call(books: Books, a: Mapping, world: World):
    return followup.log_call(
        books,
        customer=_text(a, "customer"),
        on=_date(a),
        note=_text(a, "note"),
        documents=_list(a, "documents", required=False),
    )


def _send_email(books: Books, a: Mapping, world: World):
    return followup.send_email(
        books,
        customer=_text(a, "customer"),
        to=_text(a, "to"),
        subject=_text(a, "subject"),
        body=_text(a, "body"),
        documents=_list(a, "documents", required=False),
    )


def _send_letter(books: Books, a: Mapping, world: World):
    return followup.send_letter(books, customer=_text(a, "customer"), level=_int(a, "level"), on=_date(a))


def _exclude(books: Books, a: Mapping, world: World):
    return followup.exclude_from_followup(books, document=_text(a, "document"), reason=_text(a, "reason", ""))


def _include(books: Books, a: Mapping, world: World):
    return followup.include_in_followup(books, document=_text(a, "document"))


def _expected_payment(books: Books, a: Mapping, world: World):
    return followup.set_expected_payment_date(books, document=_text(a, "document"), on=_date(a))


def _send_statement(books: Books, a: Mapping, world: World):
    excluded = _list(a, "excluded", required=False) if a.get("excluded") is not None else None
    return followup.send_statement(books, customer=_text(a, "customer"), on=_date(a), excluded=excluded)


def _next_action(books: Books, a: Mapping, world: World):
    return followup.set_next_action(
        books, customer=_text(a, "customer"), on=_date(a), note=_text(a, "note", "")
    )


# -- configuring a reminder strategy: the follow-up levels (ledger.strategy) ------------------------------
def _level_fields(a: Mapping) -> dict[str, Any]:
    """The fields of a level as an add/update action gives them; the template is checked against the
    letters' placeholders (letter_template, the one vocabulary of letters)."""
    template = _text(a, "template", "")
    for line, detail in template_problems(template)[:1]:
        raise _Invalid([Problem("level_template_invalid", "template", {"line": line, "detail": detail})])
    return {
        "name": _text(a, "name"),
        "days": _int(a, "days"),
        "actions": _list(a, "actions", required=False),
        "marker": _text(a, "marker", ""),
        "template": template,
    }


def _add_level(books: Books, a: Mapping, world: World):
    return strategy.add_level(books, **_level_fields(a))


def _update_level(books: Books, a: Mapping, world: World):
    return strategy.update_level(books, level=_int(a, "level"), **_level_fields(a))


def _remove_level(books: Books, a: Mapping, world: World):
    return strategy.remove_level(books, level=_int(a, "level"))


# -- « Un mois de relances »: the calendar, the transfer to 416, the penalties ------------------
def _advance_days(books: Books, a: Mapping, world: World):
    return calendar.advance_days(
        books, days=_int(a, "days"), last_day=world.last_day, lines=world.statement_lines
    )


def _transfer_to_doubtful(books: Books, a: Mapping, world: World):
    invoices = _list(a, "invoices", required=False) if a.get("invoices") is not None else None
    return litigation.transfer_to_doubtful(
        books, customer=_text(a, "customer"), on=_date(a), invoices=invoices, notice_days=world.notice_days
    )


def _bill_late_fees(books: Books, a: Mapping, world: World):
    rate = a.get("rate")
    indemnity = a.get("indemnity", True)
    if not isinstance(indemnity, bool):
        raise _Invalid(
            [Problem("field_invalid", "indemnity", {"name": "indemnity", "reason": "oui ou non."})]
        )
    try:
        parsed = _rate(rate, "rate") if rate not in (None, "") else None
    except _Invalid:
        raise _Invalid([Problem("penalty_rate_invalid", "rate", {"rate": str(rate)})]) from None
    return litigation.bill_late_fees(
        books, invoice=_text(a, "invoice"), on=_date(a), rate=parsed, indemnity=indemnity
    )


# -- batch reminder runs and the answers to the brief: simulator.ledger.lots, simulator.ledger.answers ----
def _run_followup(books: Books, a: Mapping, world: World):
    return lots.run_followup(
        books,
        level=_int(a, "level"),
        on=_date(a),
        methods=customer_methods(world),
        emails=customer_emails(world),
        excluded_methods=_list(a, "excluded_methods", required=False),
        excluded_customers=_list(a, "excluded_customers", required=False),
        operator=_text(a, "operator", ""),
    )


def _set_customer_email(books: Books, a: Mapping, world: World):
    return lots.set_customer_email(books, customer=_text(a, "customer"), email=_text(a, "email"))


def _answer(books: Books, a: Mapping, world: World):
    question = world.question(_text(a, "question"))
    if question is None:
        raise _Invalid([Problem("unknown_question", "question", {"question": a.get("question")})])
    raw = _required(a, "value")
    if question.is_count:
        value = Decimal(_int(a, "value"))
    else:
        value, problem = parse_amount(raw, field="value", allow_zero=True)
        if problem:
            raise _Invalid([problem])
    return answers.record_answer(
        books, question=question.id, value=value, questions=[q.id for q in world.questions]
    )


HANDLERS: dict[str, Callable[[Books, Mapping, World], tuple[Books, list[Problem]]]] = {
    "register_payment": _register_payment,
    "credit_note": _credit_note,
    "match": _match,
    "unmatch": _unmatch,
    "endorse_cheque": _endorse,
    "deposit_cheques": _deposit,
    "annotate_statement": _annotate,
    "add_note": _add_note,
    "log_call": _log_call,
    "send_email": _send_email,
    "send_letter": _send_letter,
    "set_next_action": _next_action,
    "cancel_payment": _cancel_payment,
    "cancel_credit_note": _cancel_credit_note,
    "cancel_deposit": _cancel_deposit,
    "reconcile_statement_line": _reconcile,
    # the follow-up pack's actions (docs/grading.md)
    "exclude_from_followup": _exclude,
    "include_in_followup": _include,
    "set_expected_payment_date": _expected_payment,
    "send_statement": _send_statement,
    # a calendar that moves: litigation and late fees
    "advance_days": _advance_days,
    "transfer_to_doubtful": _transfer_to_doubtful,
    "bill_late_fees": _bill_late_fees,
    # the follow-up strategy
    "add_followup_level": _add_level,
    "update_followup_level": _update_level,
    "remove_followup_level": _remove_level,
    # batch reminder runs
    "run_followup": _run_followup,
    "set_customer_email": _set_customer_email,
    "answer": _answer,
}
HANDLERS.update({k: lambda b, a, w, f=f: f(b, a) for k, f in auto_reconcile_actions.HANDLERS.items()})


def apply_action(books: Books, action: Any, world: World) -> tuple[Books, list[Problem]]:
    """Apply one action; never raises on bad input."""
    if not isinstance(action, Mapping):
        return books, [Problem("unknown_action", "type", {"type": str(action)[:40]})]
    kind = action.get("type")
    handler = HANDLERS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        return books, [Problem("unknown_action", "type", {"type": str(kind)[:40]})]
    try:
        return handler(books, action, world)
    except _Invalid as invalid:
        return books, invalid.problems
    except TypeError:  # a field of an unexpected JSON type deep in the action: refuse it, never crash
        return books, [Problem("action_malformed", "type", {"type": kind})]


def replay(world: World, actions: Iterable[Any], start: Books | None = None) -> Replay:
    """The books after ``actions``; ``start``: the world's :func:`initial_books` when the caller keeps them
    (books never change in place, so one start serves every attempt on the world)."""
    books = initial_books(world) if start is None else start
    problems: list[ActionProblem] = []
    applied: list[int] = []
    refused_slips: list[DepositSlip] = []
    for index, action in enumerate(actions):
        books, found = apply_action(books, action, world)
        kind = str(action.get("type")) if isinstance(action, Mapping) else ""
        if found:
            problems += [ActionProblem(index, kind, p.code, p.field, p.message) for p in found]
            if kind == "deposit_cheques" and all(p.code in SLIP_JUDGED_CODES for p in found):
                refused_slips.append(_refused_slip(action, index))
        else:
            applied.append(index)
    return Replay(books, tuple(problems), tuple(applied), tuple(refused_slips))


def _refused_slip(a: Mapping, index: int) -> DepositSlip:
    """The slip of a ``deposit_cheques`` action as written (it parsed: only its cheques' journal or
    endorsement refused it)."""
    f = _slip_fields(a)
    lines = tuple(f["lines"])
    return DepositSlip(
        id=f["slip_id"] or f"refusée-{index + 1}",
        date=f["on"],
        account=f["account"].strip(),
        lines=lines,
        count=f["count"],
        total=f["total"],
        amount=sum((line.amount or ZERO for line in lines), ZERO),
        statement_line=f["statement_line"],
    )
