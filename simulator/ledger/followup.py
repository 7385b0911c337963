"""Follow-up (relances): reminder levels, the level a customer is at, and the follow-up log (calls,
e-mails, letters, next action dates), plus notes on documents and bank statement annotations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from email.utils import getaddresses
from types import MappingProxyType

from .books import Books, FollowupEvent, Note
from .model import FollowupLevel
from .money import ZERO
from .payments import check_documents
from .problems import Problem


def days_overdue(books: Books, number: str, at: date | None = None) -> int:
    doc = books.documents[number]
    return ((at or books.today) - doc.due_date).days if doc.due_date else 0


def overdue_invoices(books: Books, customer: str, at: date | None = None) -> list[str]:
    """Open invoices of ``customer`` past their due date at ``at`` (default: today), most overdue first."""
    when = at or books.today
    found = [
        d.number
        for d in books.documents.values()
        if d.customer == customer
        and d.is_invoice
        and d.due_date
        and d.due_date < when
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


def _log(books: Books, event: FollowupEvent, problems: list[Problem]) -> tuple[Books, list[Problem]]:
    if problems:
        return books, problems
    return books.evolve(followup=books.followup + (event,)), []


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
        problems.append(Problem("date_in_future", "date", {"date": on.isoformat()}))
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
        problems.append(Problem("date_in_future", "date", {"date": on.isoformat()}))
    docs = tuple(overdue_invoices(books, customer)) if not problems else ()
    return _log(books, FollowupEvent("letter", customer, on, docs, level=level), problems)


def set_next_action(books: Books, *, customer: str, on: date, note: str = ""):
    """The next follow-up date for a customer (not in the past)."""
    problems = _check(books, customer, ())
    if on < books.today:
        problems.append(Problem("next_action_in_past", "date", {"date": on.isoformat()}))
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
        return books, [Problem("unknown_statement_line", "statement_line", {"line": statement_line})]
    if not text.strip():
        return books, [Problem("note_required", "text", {})]
    return books.evolve(annotations=MappingProxyType({**books.annotations, statement_line: text.strip()})), []
