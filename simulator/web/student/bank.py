"""Banque en ligne: the statement, and an Annotation per line (action ``annotate_statement``).

The pattern of every screen:

1. ``GET`` the screen: ``attempt_or_404``, the rows from :mod:`simulator.services.views`, and
   ``page_or_fragment(page, fragment, **context)`` (htmx gets the fragment alone).
2. ``POST`` one form = one action: ``attempt_or_404``, read the fields (``ActionForm`` for amounts and
   dates), build the action of contracts.md, ``perform`` it, and let ``action_response`` choose the answer
   (422 fragment / redirect / swap + ``HX-Trigger``).
"""

from __future__ import annotations

from flask import request, url_for

from simulator import services
from simulator.services.attempts import LoadedAttempt

from ..access import attempt_or_404
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp

PAGE, FRAGMENT = "student/bank.html", "student/_bank_statement.html"
#: The event other panels listen to (``hx-trigger="statement-changed from:body"``).
TRIGGER = "statement-changed"
LABELS = {"text": "Annotation", "statement_line": "Ligne du relevé"}


def _context(attempt: LoadedAttempt) -> dict:
    return {"attempt": attempt, "rows": services.views.bank_statement(attempt)}


@bp.get("/tentatives/<int:attempt_id>/banque")
def bank(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    return page_or_fragment(PAGE, FRAGMENT, **_context(attempt), errors={}, form={})


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
