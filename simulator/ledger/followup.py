"""Follow-up (relances): reminder levels, the level a customer is at, and the follow-up log (calls,
e-mails, letters, next action dates), plus notes on documents and bank statement annotations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from email.utils import getaddresses
from types import MappingProxyType

from .books import Books
from .model import FollowupEvent, FollowupLevel, Note
from .money import ZERO
from .names import statement_line_called
from .payments import check_documents
from .problems import Problem
from .terms import days_past_due, is_overdue


def days_overdue(books: Books, number: str, at: date | None = None) -> int:
    doc = books.documents[number]
    return days_past_due(doc.due_date, at or books.today)


def overdue_invoices(books: Books, customer: str, at: date | None = None) -> list[str]:
    """Open invoices of ``customer`` past their due date at ``at`` (default: today), most overdue first;
    invoices excluded from follow-up (in dispute) or transferred to 416 (in litigation) are left out."""
    when = at or books.today
    found = [
        d.number
        for d in books.documents.values()
        if d.customer == customer
        and d.is_invoice
        and is_overdue(d.due_date, when)
        and d.number not in books.excluded
        and d.number not in books.doubtful  # transferred to 416: in litigation, no more reminders
        and books.residual(d.number) > ZERO
    ]
    return sorted(found, key=lambda n: (books.documents[n].due_date, n))


def level_reached(levels: Sequence[FollowupLevel], days: int) -> FollowupLevel | None:
    """The highest level of the plan whose delay ``days`` overdue has reached; None before the first."""
    reached = [lvl for lvl in levels if days >= lvl.days]
    return max(reached, key=lambda lvl: lvl.level) if reached else None


def level_for_days(levels: Sequence[FollowupLevel], days: int) -> int:
    """The level number reached at ``days`` overdue; 0 before the first level."""
    reached = level_reached(levels, days)
    return reached.level if reached else 0


def followup_level(books: Books, customer: str, at: date | None = None) -> int:
    """The level a customer is at on ``at`` (default: today): the level of the plan reached by the days
    overdue of its most overdue open invoice; 0 when nothing is overdue.

    Derived from the invoices only, never from the log: a letter of a higher level typed by the student
    does not raise it, and once the most overdue invoice is paid the customer falls back to the level of
    the next one (domain.md §7.4: the level follows the bucket)."""
    overdue = overdue_invoices(books, customer, at)
    if not overdue:
        return 0
    return level_for_days(books.levels, days_overdue(books, overdue[0], at))


#: why an open invoice past due is not to be chased on a day (:func:`held_invoices`)
HELD_EXCLUDED = "excluded"  # excluded from follow-up: in dispute
HELD_DOUBTFUL = "doubtful"  # transferred to 416: in litigation, amicable follow-up is over
HELD_PROMISED = "promised"  # the customer announced a payment date that is still ahead


def held_invoices(books: Books, customer: str, at: date | None = None) -> tuple[tuple[str, str], ...]:
    """The open invoices of ``customer`` past due at ``at`` (default: today) that no reminder may chase
    that day, each with why: :data:`HELD_DOUBTFUL` (transferred to 416), :data:`HELD_EXCLUDED` (excluded
    from follow-up) or :data:`HELD_PROMISED` (a payment date announced — set_expected_payment_date — on
    ``at`` or later: the promise is still pending). Most overdue first."""
    when = at or books.today
    held = []
    for d in books.documents.values():
        if d.customer != customer or not d.is_invoice or not is_overdue(d.due_date, when):
            continue
        if books.residual(d.number) <= ZERO:
            continue
        promised = books.expected_payments.get(d.number)
        if d.number in books.doubtful:
            held.append((d, HELD_DOUBTFUL))
        elif d.number in books.excluded:
            held.append((d, HELD_EXCLUDED))
        elif promised is not None and promised >= when:
            held.append((d, HELD_PROMISED))
    held.sort(key=lambda pair: (pair[0].due_date, pair[0].number))
    return tuple((d.number, why) for d, why in held)


#: the follow-up log entries that are reminders (a statement or a next action is not)
REMINDER_KINDS = ("call", "email", "letter")
#: why a customer is on the « À contacter aujourd'hui » list
DUE_LEVEL = "level"  # a level reached that no reminder has answered yet
DUE_NEXT_ACTION = "next_action"  # the next action planned is today or past


def contact_reason(books: Books, customer: str) -> str:
    """Why ``customer`` is to contact today, or "" (CloudFacile's daily list, Odoo's « à relancer
    aujourd'hui »): it has something overdue (excluded invoices left out) and either its last reminder
    is below the level reached today — or there is none — (:data:`DUE_LEVEL`), or the last next action
    planned falls today or before (:data:`DUE_NEXT_ACTION`). A customer with nothing overdue is nobody
    to chase, whatever was planned; nor is one whose overdue invoices all have a payment date announced
    that is still ahead (:func:`held_invoices`: wait for the promise, then check the bank)."""
    level = followup_level(books, customer)
    if not level:
        return ""
    promised = {n for n, why in held_invoices(books, customer) if why == HELD_PROMISED}
    if set(overdue_invoices(books, customer)) <= promised:
        return ""
    log = [e for e in books.followup if e.customer == customer]
    reminder = next((e for e in reversed(log) if e.kind in REMINDER_KINDS), None)
    if reminder is None or reminder.level < level:
        return DUE_LEVEL
    planned = next((e for e in reversed(log) if e.kind == "next_action"), None)
    if planned is not None and planned.date <= books.today:
        return DUE_NEXT_ACTION
    return ""


def _log(books: Books, event: FollowupEvent, problems: list[Problem]) -> tuple[Books, list[Problem]]:
    if problems:
        return books, problems
    held = held_invoices(books, event.customer, event.date) if event.kind in REMINDER_KINDS else ()
    return books.evolve(followup=books.followup + (replace(event, recorded=books.today, held=held),)), []


def _check(books: Books, customer: str, documents: Sequence[str]) -> list[Problem]:
    if customer not in books.customers:
        return [Problem("unknown_customer", "customer", {"customer": customer})]
    # a reminder or a call may cite any document of the customer, settled or cancelled
    quiet = ("document_already_settled", "document_cancelled")
    return [p for p in check_documents(books, customer, documents) if p.code not in quiet]


def log_call(books: Books, *, customer: str, on: date, note: str, documents: Sequence[str] = ()):
    """A phone reminder and the customer's answer."""
    problems = _check(books, customer, documents)
    if not note.strip():
        problems.append(Problem("note_required", "note", {}))
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on}))
    level = followup_level(books, customer, at=on) if not problems else 0
    return _log(
        books, FollowupEvent("call", customer, on, tuple(documents), note.strip(), level=level), problems
    )


_NOT_IN_ADDRESS = frozenset('<>()[],;:"\\')


def email_address(to: str) -> str | None:
    """The bare address of one recipient, written ``adele.pages@exemple.fr``, ``Adèle Pages
    <adele.pages@exemple.fr>``, ``"Pagès, Adèle" <adele.pages@exemple.fr>`` or ``adele.pages@exemple.fr
    (Adèle)``; None when ``to`` is not exactly one address (``local@domain``, no space)."""
    if "@" not in to:
        return None
    address = to.strip()
    if any(c in _NOT_IN_ADDRESS for c in address):  # a display name, brackets or a comment: parse
        pairs = getaddresses([to])
        if len(pairs) != 1:
            return None
        address = pairs[0][1].strip()
    local, _, domain = address.partition("@")
    if not local or not domain or "@" in domain or any(c.isspace() or c in _NOT_IN_ADDRESS for c in address):
        return None
    return address


def send_email(
    books: Books, *, customer: str, to: str, subject: str, body: str, documents: Sequence[str] = ()
):
    """An e-mail reminder, sent today. The recipient is logged as its bare address (see
    :func:`email_address`)."""
    problems = _check(books, customer, documents)
    address = email_address(to)
    if address is None:
        problems.append(Problem("email_address_invalid", "to", {"to": to}))
    if not subject.strip():
        problems.append(Problem("subject_required", "subject", {}))
    if not body.strip():
        problems.append(Problem("body_required", "body", {}))
    level = followup_level(books, customer) if not problems else 0
    event = FollowupEvent(
        "email", customer, books.today, tuple(documents), body.strip(), address or "", subject.strip(), level
    )
    return _log(books, event, problems)


def send_letter(books: Books, *, customer: str, level: int, on: date):
    """A reminder letter of a follow-up level."""
    problems = _check(books, customer, ())
    if level not in {lvl.level for lvl in books.levels}:
        problems.append(Problem("unknown_level", "level", {"level": level}))
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on}))
    docs = tuple(overdue_invoices(books, customer)) if not problems else ()
    return _log(books, FollowupEvent("letter", customer, on, docs, level=level), problems)


def set_next_action(books: Books, *, customer: str, on: date, note: str = ""):
    """The next follow-up date for a customer (not in the past)."""
    problems = _check(books, customer, ())
    if on < books.today:
        problems.append(Problem("next_action_in_past", "date", {"date": on}))
    return _log(books, FollowupEvent("next_action", customer, on, (), note.strip()), problems)


def add_note(books: Books, *, document: str, text: str) -> tuple[Books, list[Problem]]:
    """A note on an invoice (e.g. the payment schedule granted), dated today."""
    if document not in books.documents:
        return books, [Problem("unknown_document", "document", {"document": document})]
    if not text.strip():
        return books, [Problem("note_required", "text", {})]
    return books.evolve(notes=books.notes + (Note(document, books.today, text.strip()),)), []


def annotate_statement(books: Books, *, statement_line: str, text: str) -> tuple[Books, list[Problem]]:
    """ "Enregistré le … par …" next to a bank statement line (the last annotation wins)."""
    if statement_line not in books.statement_lines:
        line = statement_line_called(books, statement_line)
        return books, [Problem("unknown_statement_line", "statement_line", {"line": line})]
    if not text.strip():
        return books, [Problem("note_required", "text", {})]
    return books.evolve(annotations=MappingProxyType({**books.annotations, statement_line: text.strip()})), []


def _open_invoice(books: Books, document: str) -> list[Problem]:
    doc = books.documents.get(document)
    if doc is None or not doc.is_invoice:
        return [Problem("unknown_invoice", "document", {"document": document})]
    if books.residual(document) <= ZERO:
        return [Problem("document_already_settled", "document", {"document": document})]
    return []


def exclude_from_followup(books: Books, *, document: str, reason: str) -> tuple[Books, list[Problem]]:
    """Exclure des relances: an open invoice in dispute gets no level and no reminder until it is put
    back; the customer statement shows it apart."""
    problems = _open_invoice(books, document)
    if not problems and document in books.excluded:
        problems.append(Problem("already_excluded", "document", {"document": document}))
    if not reason.strip():
        problems.append(Problem("exclusion_reason_required", "reason", {}))
    if problems:
        return books, problems
    return books.evolve(excluded=MappingProxyType({**books.excluded, document: reason.strip()})), []


def include_in_followup(books: Books, *, document: str) -> tuple[Books, list[Problem]]:
    """Réintégrer: undoes :func:`exclude_from_followup` (the dispute is settled)."""
    if document not in books.excluded:
        return books, [Problem("not_excluded", "document", {"document": document})]
    return books.evolve(
        excluded=MappingProxyType({k: v for k, v in books.excluded.items() if k != document})
    ), []


def set_expected_payment_date(books: Books, *, document: str, on: date) -> tuple[Books, list[Problem]]:
    """Date de paiement prévue: the date the customer announced for an open invoice (the last one wins)."""
    problems = _open_invoice(books, document)
    if on < books.today:
        problems.append(Problem("expected_date_in_past", "date", {"date": on}))
    if problems:
        return books, problems
    return books.evolve(expected_payments=MappingProxyType({**books.expected_payments, document: on})), []


def send_statement(
    books: Books, *, customer: str, on: date, excluded: Sequence[str] | None = None
) -> tuple[Books, list[Problem]]:
    """Envoyer le relevé: the customer statement sent on ``on``. ``excluded`` names the documents it
    shows apart (in dispute, out of the totals); by default the customer's invoices excluded from
    follow-up."""
    if excluded is None:
        apart = tuple(n for n in books.excluded if books.documents[n].customer == customer)
        problems = _check(books, customer, ())
    else:
        apart = tuple(excluded)
        problems = _check(books, customer, apart)
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on}))
    return _log(books, FollowupEvent("statement", customer, on, apart), problems)


def record_history(books: Books, event: FollowupEvent) -> Books:
    """A follow-up entry made before the scenario started (the world's history), at the level the
    customer was at on its date for a reminder."""
    level = followup_level(books, event.customer, at=event.date) if event.kind in REMINDER_KINDS else 0
    return books.evolve(followup=books.followup + (replace(event, level=event.level or level, prior=True),))
