"""Chèques reçus: each cheque drawn as a French cheque (front and back), its state, and two forms under it:
Enregistrer le règlement (journal CHQ, account 5112: action ``register_payment`` with source {cheque}) and
Endosser (action ``endorse_cheque``). The student identifies the customer: nothing is preselected from the
drawer; choosing the Client reloads the customer's open invoices (htmx on change, « Choisir » without JS)."""

from __future__ import annotations

from flask import render_template, request, url_for

from simulator.ledger.views import CHEQUE_TO_RECORD, books_view
from simulator.services.attempts import LoadedAttempt

from ..access import attempt_or_404
from ..forms import ActionForm
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp
from .bank import errors_on
from .payments import PREVIEW_FRAGMENT, entry_preview

PAGE, FRAGMENT = "student/cheques.html", "student/_cheques.html"
TRIGGER = "cheques-changed"
PAYMENT_FIELDS = ("customer", "documents", "amount", "date", "reference")
ENDORSEMENT_FIELDS = ("account", "signature")
LABELS = {
    "customer": "Client",
    "documents": "Factures à régler",
    "amount": "Montant",
    "date": "Date de règlement",
    "reference": "Mémo",
    "account": "Compte à créditer",
    "signature": "Signature",
}
PANELS = ("reglement", "endos")


def _context(attempt: LoadedAttempt, cheque_id: str = "", panel: str = "", customer: str = "") -> dict:
    view = books_view(attempt.books)
    cheque = view.cheques.get(cheque_id)
    if cheque is None or panel not in PANELS:
        cheque, panel = None, ""
    elif panel == "reglement" and cheque.state != CHEQUE_TO_RECORD:
        cheque, panel = None, ""  # recorded already: Annuler le règlement is on Règlements clients
    elif panel == "endos" and (cheque.slip is not None or cheque.endorsed):
        cheque, panel = None, ""  # endorsed already: the endorsement is written on its back
    client = view.customers.get(customer)
    # its open 411 documents, then its invoices transferred to 416 (a receipt for them credits 416)
    documents = (
        [i for i in client.open_items if i.kind != "payment"] + list(client.doubtful_items) if client else []
    )
    return {
        "attempt": attempt,
        "cheques": list(view.cheques.values()),
        "open_cheque": cheque,
        "panel": panel,
        "customers": [("", "— choisir —")] + [(c.id, c.name) for c in view.customers.values()],
        "open_documents": documents,
        "client": client,
    }


def _kept_open(before: LoadedAttempt, cheque_id: str, panel: str, customer: str = ""):
    """The screen after a post: the form stays open under its cheque only if nothing was stored."""

    def context(after: LoadedAttempt) -> dict:
        unchanged = len(after.actions) == len(before.actions)
        return _context(after, cheque_id, panel if unchanged else "", customer)

    return context


@bp.get("/tentatives/<int:attempt_id>/cheques")
def cheques(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    cheque_id, panel = request.args.get("cheque", ""), request.args.get("action", "")
    context = _context(attempt, cheque_id, panel, request.args.get("customer", ""))
    form = {}
    if context["open_cheque"] is not None and panel == "reglement":
        form = {"date": context["open_cheque"].received.isoformat()}  # the reception date, by default
    return page_or_fragment(PAGE, FRAGMENT, **context, errors={}, form=form)


@bp.post("/tentatives/<int:attempt_id>/cheques/reglement")
def record_cheque(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    cheque_id, customer = request.form.get("cheque", ""), request.form.get("customer", "")
    context = _kept_open(attempt, cheque_id, "reglement", customer)
    typed = {**request.form.to_dict(), "documents": request.form.getlist("documents")}
    if request.form.get("choisir"):  # the customer changed: show their invoices, act on nothing
        typed["documents"] = []
        return page_or_fragment(PAGE, FRAGMENT, **context(attempt), errors={}, form=typed)
    form = ActionForm(request.form)
    action = _cheque_receipt(form, request.form)
    return action_response(
        errors_on(perform(attempt, action, form, labels=LABELS), PAYMENT_FIELDS),
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.cheques", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=context,
        form=typed,
    )


def _cheque_receipt(form: ActionForm, data) -> dict:
    """``register_payment`` of the cheque form: journal CHQ, the cheque as its source."""
    return {
        "type": "register_payment",
        "customer": data.get("customer", ""),
        "journal": "CHQ",
        "date": form.date("date"),
        "amount": form.amount("amount"),
        "documents": [d for d in data.getlist("documents") if d],
        "reference": form.text("reference"),
        "source": {"cheque": data.get("cheque", "")},
    }


@bp.get("/tentatives/<int:attempt_id>/cheques/reglement/ecriture")
def cheque_entry_preview(attempt_id: int):
    """« Écriture comptable » for what the cheque's receipt form holds (htmx refresh on every change)."""
    attempt = attempt_or_404(attempt_id)
    form = ActionForm(request.args)
    action = _cheque_receipt(form, request.args)
    return render_template(
        PREVIEW_FRAGMENT,
        preview=entry_preview(attempt, action, form.errors),
        preview_url=url_for("student.cheque_entry_preview", attempt_id=attempt.id),
        errors={},
    )


@bp.post("/tentatives/<int:attempt_id>/cheques/endos")
def endorse(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    cheque_id = request.form.get("cheque", "")
    action = {
        "type": "endorse_cheque",
        "cheque": cheque_id,
        "account": request.form.get("account", ""),
        "signature": request.form.get("signature", ""),
    }
    return action_response(
        errors_on(perform(attempt, action, labels=LABELS), ENDORSEMENT_FIELDS),
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.cheques", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=_kept_open(attempt, cheque_id, "endos"),
        form=request.form.to_dict(),
    )
