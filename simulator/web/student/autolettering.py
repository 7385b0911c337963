"""Lettrage automatique (Comptabilité › Tâches périodiques › Lettrage automatique, Odoo 8's wizard): the
form (Comptes à lettrer, Puissance, Écart autorisé, Autoriser les annulations with Compte d'annulation and
Journal d'annulation, Date de début, Date de fin; « Lettrer » posts ``auto_reconcile``), then the run's
report (« Écritures lettrées », « Écritures non lettrées » with a link to each customer's Lettrage), where
« Délettrer » posts ``undo_auto_reconcile`` for one set or the whole run.

The view only reads the form into the action: the core checks every field (power 2 to 4, écart ≥ 0, the
period, the accounts) and its French messages go next to the fields (422, nothing recorded)."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, request, url_for

from simulator.ledger.autoreconcile import find_run, report
from simulator.services.attempts import LoadedAttempt

from ..access import attempt_or_404
from ..forms import ActionForm
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp

PAGE, FRAGMENT = "student/auto_lettering.html", "student/_auto_lettering.html"
RESULT_PAGE, RESULT_FRAGMENT = "student/auto_lettering_run.html", "student/_auto_lettering_run.html"
TRIGGER = "lettering-changed"
LABELS = {
    "accounts": "Comptes à lettrer",
    "power": "Puissance",
    "max_gap": "Écart autorisé",
    "write_off_account": "Compte d'annulation",
    "write_off_gain_account": "Compte d'annulation (écart favorable)",
    "write_off_journal": "Journal d'annulation",
    "date_from": "Date de début",
    "date_to": "Date de fin",
}
JOURNALS = (("OD", "Opérations diverses (OD)"), ("BNK", "Banque (BNK)"))


def _defaults(attempt: LoadedAttempt) -> dict[str, object]:
    """Odoo 8's defaults (power 2, no gap, no annulations), the period being the month before today: the
    month a month-end lettrage closes."""
    end = attempt.books.today.replace(day=1) - timedelta(days=1)
    return {
        "accounts": ["411"],
        "power": "2",
        "max_gap": "0,00",
        "write_off_account": "658",
        "write_off_gain_account": "758",
        "write_off_journal": "OD",
        "date_from": end.replace(day=1).isoformat(),
        "date_to": end.isoformat(),
    }


def _context(attempt: LoadedAttempt) -> dict:
    customers = sorted(attempt.books.customers.values(), key=lambda c: c.account)
    return {
        "attempt": attempt,
        "account_options": [("411", "411 — Tous les clients")]
        + [(c.account, f"{c.account} — {c.name}") for c in customers],
        "journals": JOURNALS,
        "runs": tuple(reversed(attempt.books.auto_runs)),
    }


@bp.get("/tentatives/<int:attempt_id>/lettrage-automatique")
def auto_lettering(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    form = _defaults(attempt)
    return page_or_fragment(PAGE, FRAGMENT, **_context(attempt), errors={}, form=form)


@bp.post("/tentatives/<int:attempt_id>/lettrage-automatique")
def run_auto_lettering(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    form = ActionForm(request.form)
    allowed = bool(request.form.get("write_off"))
    action = {
        "type": "auto_reconcile",
        "accounts": request.form.getlist("accounts"),
        "power": form.text("power"),
        "max_gap": form.text("max_gap"),
        "write_off": {
            "account": form.text("write_off_account"),
            "gain_account": form.text("write_off_gain_account"),
            "journal": form.text("write_off_journal"),
        }
        if allowed
        else None,
        "date_from": form.text("date_from"),
        "date_to": form.text("date_to"),
    }
    result = perform(attempt, action, form, labels=LABELS)
    run = result.attempt.books.auto_runs[-1].id if result.accepted else ""
    posted = {**request.form.to_dict(), "accounts": request.form.getlist("accounts")}
    return action_response(
        result,
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.auto_lettering_run", attempt_id=attempt.id, run=run)
        if run
        else url_for("student.auto_lettering", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=_context,
        form=posted,
    )


def _run_context(run_id: str):
    def context(attempt: LoadedAttempt) -> dict:
        run = find_run(attempt.books, run_id)
        if run is None:
            abort(404)
        sets, left = report(attempt.books, run)
        return {"attempt": attempt, "run": run, "sets": sets, "left": left}

    return context


@bp.get("/tentatives/<int:attempt_id>/lettrage-automatique/<run>")
def auto_lettering_run(attempt_id: int, run: str):
    attempt = attempt_or_404(attempt_id)
    return page_or_fragment(RESULT_PAGE, RESULT_FRAGMENT, **_run_context(run)(attempt), errors={}, form={})


@bp.post("/tentatives/<int:attempt_id>/lettrage-automatique/<run>/delettrer")
def undo_auto_lettering(attempt_id: int, run: str):
    attempt = attempt_or_404(attempt_id)
    if find_run(attempt.books, run) is None:
        abort(404)
    chosen = [s for s in request.form.getlist("set") if s]
    action = {"type": "undo_auto_reconcile", "run": run, **({"sets": chosen} if chosen else {})}
    return action_response(
        perform(attempt, action, ActionForm(request.form), labels={"sets": "Lettrage", "run": "Lettrage"}),
        page=RESULT_PAGE,
        fragment=RESULT_FRAGMENT,
        redirect_to=url_for("student.auto_lettering_run", attempt_id=attempt.id, run=run),
        trigger=TRIGGER,
        context=_run_context(run),
    )
