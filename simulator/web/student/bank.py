"""Banque en ligne: the statement, an Annotation per line (action ``annotate_statement``), and Imprimer le
relevé (the bank statement as a PDF, opened in a new tab).

The pattern of every screen:

1. ``GET`` the screen: ``attempt_or_404``, the rows from :func:`simulator.ledger.views.books_view`, and
   ``page_or_fragment(page, fragment, **context)`` (htmx gets the fragment alone).
2. ``POST`` one form = one action: ``attempt_or_404``, read the fields (``ActionForm`` for amounts and
   dates), build the action of contracts.md, ``perform`` it, and let ``action_response`` choose the answer
   (422 fragment / redirect / swap + ``HX-Trigger``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from flask import request, url_for

from simulator.ledger.views import books_view
from simulator.services import reports
from simulator.services.attempts import ActionResult, LoadedAttempt

from ..access import attempt_or_404
from ..rendering import page_or_fragment
from ..responses import action_response, pdf_response, perform
from . import bp

PAGE, FRAGMENT = "student/bank.html", "student/_bank_statement.html"
#: The event other panels listen to (``hx-trigger="statement-changed from:body"``).
TRIGGER = "statement-changed"
LABELS = {"text": "Annotation", "statement_line": "Ligne du relevé"}


def _context(attempt: LoadedAttempt) -> dict:
    return {"attempt": attempt, "rows": list(books_view(attempt.books).statement_lines.values())}


def errors_on(
    result: ActionResult, fields: Iterable[str], moved: dict[str, str] | None = None
) -> ActionResult:
    """The refusal's messages placed where the form can show them: ``moved`` renames a field of the action
    to the form's field that shows it (``{"source": ""}``); a field the form does not have goes to the
    form's own message (key "")."""
    if not result.errors:
        return result
    shown: dict[str, str] = {}
    for key, message in result.errors.items():
        key = (moved or {}).get(key, key)
        key = key if key in fields else ""
        shown[key] = f"{shown[key]} {message}" if key in shown else message
    return dataclasses.replace(result, errors=shown)


@bp.get("/tentatives/<int:attempt_id>/banque")
def bank(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    return page_or_fragment(PAGE, FRAGMENT, **_context(attempt), errors={}, form={})


@bp.get("/tentatives/<int:attempt_id>/banque/releve.pdf")
def bank_statement_pdf(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    return pdf_response(reports.bank_statement_pdf(attempt), f"releve-{attempt.books.today.isoformat()}.pdf")


@bp.post("/tentatives/<int:attempt_id>/banque/annotation")
def annotate(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    action = {
        "type": "annotate_statement",
        "statement_line": request.form.get("statement_line", ""),
        "text": request.form.get("text", ""),
    }
    return action_response(
        perform(attempt, action, labels=LABELS),
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.bank", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=_context,
        form=request.form.to_dict(),
    )
