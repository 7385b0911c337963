"""On the customer's follow-up page of a scenario whose calendar moves: « Transférer en clients douteux »
(``transfer_to_doubtful``, OD D 416 / C 411 after the formal notice's deadline) and « Facturer les pénalités
de retard » (``bill_late_fees``, D 411 / C 7631, its note de débit as a PDF). The amounts are previewed by
the core (services.views.litigation_panel); each form answers like the page's other forms
(:func:`.followup.respond`).
"""

from __future__ import annotations

from flask import request

from simulator.services import reports

from ..access import attempt_or_404
from ..forms import ActionForm
from ..responses import pdf_response, perform
from . import bp
from .followup import customer_or_404, respond

TRANSFER_LABELS = {"date": "Date du transfert", "invoices": "Factures transférées"}
FEES_LABELS = {"invoice": "Facture en retard", "date": "Date de facturation", "rate": "Taux annuel (%)"}


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
