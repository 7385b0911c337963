"""Scenario 5 « Un mois de relances »: the calendar control of the attempt bar (« Passer au jour suivant »,
« Avancer de N jours ») and, on the customer's follow-up page, « Transférer en clients douteux » and
« Facturer les pénalités de retard » (amounts previewed by the core: services.views.litigation_panel).

Each form posts one action of docs/grading.md: ``advance_days``, ``transfer_to_doubtful``,
``bill_late_fees`` (its note de débit opens as a PDF). The calendar control is a plain form on every screen: a day change changes every
panel, so the answer is the page itself (303 back to the screen it came from); a refusal is the control
alone with its message next to the field (422).
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from simulator.services import reports

from ..access import attempt_or_404
from ..forms import ActionForm, whole_number
from ..responses import pdf_response, perform
from . import bp
from .followup import customer_or_404, respond

CALENDAR_LABELS = {"days": "Avancer de"}
TRANSFER_LABELS = {"date": "Date du transfert", "invoices": "Factures transférées"}
FEES_LABELS = {"invoice": "Facture en retard", "date": "Date de facturation", "rate": "Taux annuel (%)"}


def _back(attempt_id: int) -> str:
    """The screen the control was used on (a path of this attempt), else Clients à relancer."""
    back = request.form.get("next", "")
    if back.startswith(f"/tentatives/{attempt_id}/") and "//" not in back and "\\" not in back:
        return back
    return url_for("student.followup", attempt_id=attempt_id)


@bp.post("/tentatives/<int:attempt_id>/calendrier")
def advance_days(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    if not attempt.world.calendar_moves:
        abort(404)
    form = ActionForm(request.form)
    days = whole_number(request.form.get("days"))
    result = perform(attempt, {"type": "advance_days", "days": days}, form, labels=CALENDAR_LABELS)
    if result.accepted or result.status in ("conflict", "frozen"):
        return redirect(_back(attempt_id), 303)
    page = render_template(
        "student/calendar.html", attempt=result.attempt, errors=result.errors, form=request.form.to_dict()
    )
    return page, 422


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/clients-douteux")
def transfer_to_doubtful(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    form = ActionForm(request.form)
    action = {"type": "transfer_to_doubtful", "customer": customer, "date": form.date("date")}
    if request.form.getlist("invoices"):
        action["invoices"] = request.form.getlist("invoices")
    return respond(attempt, customer, perform(attempt, action, form, labels=TRANSFER_LABELS))


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/penalites")
def bill_late_fees(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    form = ActionForm(request.form)
    action = {
        "type": "bill_late_fees",
        "invoice": form.text("invoice"),
        "date": form.date("date"),
        "indemnity": request.form.get("indemnity") == "1",
    }
    rate = form.text("rate")
    if rate:
        action["rate"] = rate
    return respond(attempt, customer, perform(attempt, action, form, labels=FEES_LABELS))


@bp.get("/tentatives/<int:attempt_id>/relances/<customer>/note-de-debit-<int:year>-<int:seq>.pdf")
def debit_note(attempt_id: int, customer: str, year: int, seq: int):
    """The note de débit ND/<year>/<seq> that billed penalties to ``customer`` (inline PDF)."""
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    # DocumentUnavailable is a 404 (web/errors.py)
    body = reports.debit_note_pdf(attempt, customer, f"ND/{year}/{seq:04d}")
    return pdf_response(body, f"note-de-debit-ND-{year}-{seq:04d}.pdf")
