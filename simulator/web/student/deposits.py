"""Remises de chèques: the slips handed in (Annuler la remise while the bank has not credited it, Imprimer le
bordereau), and Nouveau bordereau, the deposit slip as the student fills it in → action ``deposit_cheques``.

What the student copies from the cheques (tireur, banque, numéro, montant, count, total) is kept as written:
the grader judges it. Only what cannot be read is refused (an amount that is not one, a count that is not a
whole number)."""

from __future__ import annotations

import re

from flask import abort, request, url_for

from simulator.ledger.problems import Problem
from simulator.ledger.views import CHEQUE_TO_DEPOSIT, SLIP_DEPOSITED, books_view
from simulator.services import reports
from simulator.services.attempts import LoadedAttempt

from ..access import attempt_or_404
from ..forms import ActionForm, whole_number
from ..rendering import page_or_fragment
from ..responses import action_response, pdf_response, perform
from . import bp
from .bank import errors_on
from .payments import cheque_option

PAGE, FRAGMENT = "student/deposits.html", "student/_deposits.html"
TRIGGER = "cheques-changed"
LINE_FIELDS = ("cheque", "drawer", "bank", "number", "amount")
LABELS = {
    "date": "Date de la remise",
    "account": "Compte à créditer",
    "count": "Nombre de chèques",
    "total": "Montant total",
    "lines": "Chèques remis",
    "slip": "Remise",
}
_LINE_KEY = re.compile(r"lines-(\d{1,3})-(cheque|drawer|bank|number|amount)$")


def _context(attempt: LoadedAttempt, new_slip: bool = False, rows: int | None = None) -> dict:
    view = books_view(attempt.books)
    to_deposit = [c for c in view.cheques.values() if c.state == CHEQUE_TO_DEPOSIT]
    options = [("", "— choisir —")] + [cheque_option(c) for c in to_deposit]
    return {
        "attempt": attempt,
        "slips": list(view.slips.values()),
        "cancellable": SLIP_DEPOSITED,
        "new_slip": new_slip,
        "cheque_options": options,
        "rows": range(rows if rows is not None else max(1, len(to_deposit))),
    }


def _line_indexes(form) -> list[int]:
    return sorted({int(m[1]) for key in form if (m := _LINE_KEY.match(key))})


@bp.get("/tentatives/<int:attempt_id>/remises")
def deposits(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    new_slip = bool(request.args.get("nouveau"))
    form = {"date": attempt.books.today.isoformat()} if new_slip else {}
    return page_or_fragment(PAGE, FRAGMENT, **_context(attempt, new_slip), errors={}, form=form)


@bp.get("/tentatives/<int:attempt_id>/remises/<slip>/bordereau.pdf")
def slip_pdf(attempt_id: int, slip: str):
    attempt = attempt_or_404(attempt_id)
    if not any(s.id == slip for s in attempt.books.slips):
        abort(404)
    return pdf_response(reports.slip_pdf(attempt, slip), f"bordereau-{slip}.pdf")


@bp.post("/tentatives/<int:attempt_id>/remises/bordereau")
def deposit(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    indexes = _line_indexes(request.form)
    typed = request.form.to_dict()
    if request.form.get("ajouter"):  # Ajouter un chèque: the same form with one more row, nothing stored
        rows = (max(indexes) + 2) if indexes else 1
        context = _context(attempt, new_slip=True, rows=rows)
        return page_or_fragment(PAGE, FRAGMENT, **context, errors={}, form=typed)
    form = ActionForm(request.form)
    lines = []
    for i in indexes:
        values = {name: form.text(f"lines-{i}-{name}") for name in LINE_FIELDS}
        if not any(values.values()):
            continue  # a row left empty
        values["amount"] = form.amount(f"lines-{i}-amount")
        lines.append(values)
    count = form.text("count")
    if not count:
        form.errors["count"] = Problem("field_required", "count", {"name": LABELS["count"]}).message
    elif not re.fullmatch(r"[0-9]{1,4}", count):
        params = {"name": LABELS["count"], "reason": "nombre entier attendu."}
        form.errors["count"] = Problem("field_invalid", "count", params).message
    action = {
        "type": "deposit_cheques",
        "date": form.date("date"),
        "account": form.text("account"),
        "lines": lines,
        "count": number if isinstance(number := whole_number(count), int) else None,
        "total": form.amount("total"),
    }
    shown = ("date", "account", "lines", "count", "total")
    shown += tuple(f"lines-{i}-{name}" for i in indexes for name in LINE_FIELDS)
    before = len(attempt.actions)
    return action_response(
        errors_on(perform(attempt, action, form, labels=LABELS), shown),
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.deposits", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=lambda a: _context(
            a, new_slip=len(a.actions) == before, rows=max(indexes, default=-1) + 1 or None
        ),
        form=typed,
    )


@bp.post("/tentatives/<int:attempt_id>/remises/annulation")
def cancel_deposit(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    action = {"type": "cancel_deposit", "slip": request.form.get("slip", "")}
    return action_response(
        errors_on(perform(attempt, action, labels=LABELS), ()),
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.deposits", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=_context,
        form=request.form.to_dict(),
    )
