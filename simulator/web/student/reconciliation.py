"""Rapprochement bancaire (the ERP side of the bank): each statement line with its state, and for a credit
line still to reconcile, Faire correspondre: receipts already recorded in the bank journal (checkboxes,
with their running total) or a deposit slip → action ``reconcile_statement_line``."""

from __future__ import annotations

from flask import render_template, request, url_for

from simulator.formatting import format_date, format_money
from simulator.ledger.bank import receipts_to_reconcile, selection_gap, slips_to_credit
from simulator.ledger.views import LINE_TO_RECONCILE, SlipRow, books_view
from simulator.services.attempts import LoadedAttempt

from ..access import attempt_or_404
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp
from .bank import errors_on

PAGE, FRAGMENT = "student/reconciliation.html", "student/_reconciliation.html"
TOTAL = "student/_reconciliation_total.html"
TRIGGER = "statement-changed"
LABELS = {"statement_line": "Ligne du relevé", "payments": "Règlements", "slip": "Remise de chèques"}


def _context(attempt: LoadedAttempt, line_id: str = "", selected: tuple[str, ...] = ()) -> dict:
    books, view = attempt.books, books_view(attempt.books)
    line = view.statement_lines.get(line_id)
    total, gap = selection_gap(books, line_id, selected)
    return {
        "attempt": attempt,
        "rows": list(view.statement_lines.values()),
        "line": line if line is not None and line.state == LINE_TO_RECONCILE else None,
        "receipts": [view.payments[p] for p in receipts_to_reconcile(books)],
        "slip_options": [("", "— aucune —")] + [_slip_option(view.slips[s]) for s in slips_to_credit(books)],
        "selected": selected,
        "total": total,
        "gap": gap,
    }


def _slip_option(slip: SlipRow) -> tuple[str, str]:
    count = len(slip.lines)
    cheques = f"{count} chèque" + ("s" if count > 1 else "")
    text = f"Remise n° {slip.id} du {format_date(slip.date)} · {cheques} · {format_money(slip.amount)}"
    return slip.id, text


@bp.get("/tentatives/<int:attempt_id>/rapprochement")
def reconciliation(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    context = _context(attempt, request.args.get("ligne", ""))
    return page_or_fragment(PAGE, FRAGMENT, **context, errors={}, form={})


@bp.post("/tentatives/<int:attempt_id>/rapprochement/total")
def reconciliation_total(attempt_id: int):
    """The running total of the receipts ticked so far (htmx, on each change of a checkbox)."""
    attempt = attempt_or_404(attempt_id)
    line_id = request.form.get("statement_line", "")
    return render_template(TOTAL, **_context(attempt, line_id, tuple(request.form.getlist("payments"))))


@bp.post("/tentatives/<int:attempt_id>/rapprochement/correspondre")
def reconcile(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    line_id = request.form.get("statement_line", "")
    payments = tuple(p for p in request.form.getlist("payments") if p)
    slip = request.form.get("slip", "").strip()
    action: dict = {"type": "reconcile_statement_line", "statement_line": line_id}
    if payments:
        action["payments"] = list(payments)
    if slip:
        action["slip"] = slip
    # a problem of the line against what was chosen is said next to what was chosen
    moved = {"statement_line": "slip" if slip else "payments" if payments else ""}
    return action_response(
        errors_on(perform(attempt, action, labels=LABELS), ("payments", "slip"), moved),
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.reconciliation", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=lambda a: _context(a, line_id, payments),
        form=request.form.to_dict(),
    )
