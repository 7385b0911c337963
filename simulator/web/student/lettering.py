"""Lettrage: a customer's 411 account (Livre du client) with its letters; tick lines, then Lettrer
(→ ``match``) or Délettrer (→ ``unmatch``)."""

from __future__ import annotations

from flask import request, url_for

from simulator.ledger.views import books_view, customer_ledger
from simulator.services.attempts import LoadedAttempt

from ..access import attempt_or_404
from ..forms import ActionForm
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp

PAGE, FRAGMENT = "student/lettering.html", "student/_lettering.html"
TRIGGER = "lettering-changed"
LABELS = {"items": "Lignes", "customer": "Client"}


def _context(customer: str, unlettered: bool):
    def context(attempt: LoadedAttempt) -> dict:
        view = books_view(attempt.books)
        row = view.customers.get(customer)
        rows = customer_ledger(attempt.books, customer) if row else []
        if unlettered:  # « Non lettrées »: lines not lettered, or lettered partially (lower case)
            rows = [r for r in rows if not r.letter or r.letter.islower()]
        return {
            "attempt": attempt,
            "customers": [("", "Choisir un client")] + [(c.id, c.name) for c in view.customers.values()],
            "customer": row,
            "rows": rows,
            "unlettered": unlettered,
            "due_dates": {d.number: d.due_date for d in view.documents.values()},
        }

    return context


@bp.get("/tentatives/<int:attempt_id>/lettrage")
def lettering(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    context = _context(request.args.get("customer", ""), bool(request.args.get("non_lettrees")))
    return page_or_fragment(PAGE, FRAGMENT, **context(attempt), errors={}, form={})


@bp.post("/tentatives/<int:attempt_id>/lettrage")
def letter(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    customer = request.form.get("customer", "")
    items = request.form.getlist("items")
    if request.form.get("operation") == "unmatch":
        action = {"type": "unmatch", "items": items}
    else:
        action = {"type": "match", "customer": customer, "items": items}
    unlettered = bool(request.form.get("non_lettrees"))
    form = ActionForm(request.form)
    if not items:
        form.errors["items"] = "Cochez les lignes à lettrer ou à délettrer."
    return action_response(
        perform(attempt, action, form, labels=LABELS),
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for(
            "student.lettering",
            attempt_id=attempt.id,
            customer=customer,
            **({"non_lettrees": "1"} if unlettered else {}),
        ),
        trigger=TRIGGER,
        context=_context(customer, unlettered),
        form=request.form.to_dict(),
    )
