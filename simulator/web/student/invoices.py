"""Factures clients and Avoirs: the lists, the document form (Crédits en circulation with Ajouter →
``match``, Information complémentaire → ``add_note``, Annuler l'avoir → ``cancel_credit_note``), the
Avoir form (→ ``credit_note``) and the Enregistrer le règlement dialog (→ ``register_payment``), a
<dialog> loaded by htmx that is also a plain page without JavaScript."""

from __future__ import annotations

from flask import abort, render_template, request, url_for

from simulator.formatting import format_amount
from simulator.ledger.views import DocumentRow, books_view
from simulator.services.attempts import LoadedAttempt, proposed_credit_note_number

from ..access import attempt_or_404
from ..forms import ActionForm
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp
from .payments import (
    DIFFERENCE_FRAGMENT,
    PREVIEW_FRAGMENT,
    gap_of,
    payment_action,
    payment_preview,
    receipt_choices,
    receipt_defaults,
)

TRIGGER = "invoices-changed"
LABELS = {
    "text": "Note",
    "document": "Facture",
    "items": "Crédits en circulation",
    "date": "Date",
    "amount_ht": "Montant HT",
    "vat_rate": "Taux de TVA",
    "reason": "Motif",
    "number": "Numéro",
}
#: Filters of the list: URL value -> (label, keeps a row).
FILTERS = {
    "non-payees": ("Non payées", lambda d: d.residual > 0),
    "en-retard": ("En retard", lambda d: d.days_overdue > 0),
}
DOCUMENT_PAGE, DOCUMENT_FRAGMENT = "student/invoice.html", "student/_invoice.html"
DIALOG_PAGE, DIALOG_FRAGMENT = "student/payment_dialog.html", "student/_payment_form.html"
CREDIT_PAGE, CREDIT_FRAGMENT = "student/credit_note_form.html", "student/_credit_note_form.html"


# --- lists ------------------------------------------------------------------------------------------------


def _list(attempt: LoadedAttempt, kind: str, endpoint: str, title: str):
    view = books_view(attempt.books)
    rows = view.invoices if kind == "invoice" else view.credit_notes
    chosen = request.args.get("filtre", "")
    if chosen in FILTERS:
        rows = tuple(filter(FILTERS[chosen][1], rows))
    return page_or_fragment(
        "student/invoices.html",
        "student/_invoices_table.html",
        attempt=attempt,
        rows=rows,
        kind=kind,
        title=title,
        endpoint=endpoint,
        filters=FILTERS if kind == "invoice" else {},
        chosen=chosen,
    )


@bp.get("/tentatives/<int:attempt_id>/factures")
def invoices(attempt_id: int):
    return _list(attempt_or_404(attempt_id), "invoice", "student.invoices", "Factures clients")


@bp.get("/tentatives/<int:attempt_id>/avoirs")
def credit_notes(attempt_id: int):
    return _list(attempt_or_404(attempt_id), "credit_note", "student.credit_notes", "Avoirs")


# --- the document form ----------------------------------------------------------------------------------


def _document(attempt: LoadedAttempt, number: str) -> DocumentRow:
    row = books_view(attempt.books).documents.get(number)
    if row is None:
        abort(404)
    return row


def _document_context(number: str):
    def context(attempt: LoadedAttempt) -> dict:
        view = books_view(attempt.books)
        document = _document(attempt, number)
        customer = view.customers[document.customer]
        credits = [i for i in customer.open_items if not i.is_debit] if document.kind == "invoice" else []
        return {
            "attempt": attempt,
            "document": document,
            "customer_profile": next(c for c in attempt.world.customers if c.id == document.customer),
            "credits": credits
            if document.residual > 0 and not document.doubtful
            else [],  # 411 credits: not for 416
            "lines": attempt.books.documents[number].lines,
            "discount_rate": str(document.discount.rate).replace(".", ",") if document.discount else "",
        }

    return context


@bp.get("/tentatives/<int:attempt_id>/factures/<path:number>")
def invoice(attempt_id: int, number: str):
    attempt = attempt_or_404(attempt_id)
    return page_or_fragment(
        DOCUMENT_PAGE, DOCUMENT_FRAGMENT, **_document_context(number)(attempt), errors={}, form={}
    )


def _document_response(attempt: LoadedAttempt, number: str, action: dict, form: ActionForm | None = None):
    _document(attempt, number)  # 404 for an unknown document, before anything is tried
    return action_response(
        perform(attempt, action, form, labels=LABELS),
        page=DOCUMENT_PAGE,
        fragment=DOCUMENT_FRAGMENT,
        redirect_to=url_for("student.invoice", attempt_id=attempt.id, number=number),
        trigger=TRIGGER,
        context=_document_context(number),
        form=request.form.to_dict(),
    )


@bp.post("/tentatives/<int:attempt_id>/documents/ajouter")
def add_credit(attempt_id: int):
    """Ajouter: match the invoice with one of the customer's outstanding credits."""
    attempt = attempt_or_404(attempt_id)
    number = request.form.get("document", "")
    document = _document(attempt, number)
    action = {"type": "match", "customer": document.customer, "items": [number, request.form.get("item", "")]}
    return _document_response(attempt, number, action)


@bp.post("/tentatives/<int:attempt_id>/documents/note")
def add_note(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    number = request.form.get("document", "")
    action = {"type": "add_note", "document": number, "text": request.form.get("text", "")}
    return _document_response(attempt, number, action)


@bp.post("/tentatives/<int:attempt_id>/documents/annuler-avoir")
def cancel_credit_note(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    number = request.form.get("document", "")
    return _document_response(attempt, number, {"type": "cancel_credit_note", "number": number})


# --- Avoir: a credit note on the invoice ----------------------------------------------------------------


def _credit_context(number: str, done: str | None = None):
    def context(attempt: LoadedAttempt) -> dict:
        return {
            "attempt": attempt,
            "document": _document(attempt, number),
            "proposed": proposed_credit_note_number(attempt),
            "done": done,
        }

    return context


@bp.get("/tentatives/<int:attempt_id>/avoir")
def credit_note_form(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    number = request.args.get("facture", "")
    context = _credit_context(number)(attempt)
    rate = next(iter(attempt.books.documents[number].vat_by_rate), None)
    form = {"date": attempt.books.today.isoformat(), "vat_rate": format_amount(rate) if rate else ""}
    return page_or_fragment(CREDIT_PAGE, CREDIT_FRAGMENT, **context, errors={}, form=form)


@bp.post("/tentatives/<int:attempt_id>/avoir")
def issue_credit_note(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    number = request.form.get("invoice", "")
    _document(attempt, number)
    form = ActionForm(request.form)
    action = {
        "type": "credit_note",
        "invoice": number,
        "date": form.date("date"),
        "amount_ht": form.amount("amount_ht"),
        "reason": form.text("reason"),
    }
    for name in ("vat_rate", "number"):
        if form.text(name):
            action[name] = form.text(name)
    result = perform(attempt, action, form, labels=LABELS)
    done = result.attempt.books.credit_notes_issued[-1] if result.accepted else None
    return action_response(
        result,
        page=CREDIT_PAGE,
        fragment=CREDIT_FRAGMENT,
        redirect_to=url_for("student.invoice", attempt_id=attempt.id, number=number),
        trigger=TRIGGER,
        context=_credit_context(number, done),
        form=request.form.to_dict(),
    )


# --- Enregistrer le règlement: the dialog ----------------------------------------------------------------


def _dialog_context(number: str):
    def context(attempt: LoadedAttempt) -> dict:
        return {
            "attempt": attempt,
            "document": _document(attempt, number),
            "refresh_url": url_for("student.payment_difference", attempt_id=attempt.id, facture=number),
            "preview_url": _preview_url(attempt, number),
            **receipt_choices(attempt, [number]),
        }

    return context


@bp.get("/tentatives/<int:attempt_id>/reglement")
def payment_dialog(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    number = request.args.get("facture", "")
    context = _dialog_context(number)(attempt)
    form = receipt_defaults(attempt, context["document"].residual, [number])
    gap = gap_of(attempt, [number], form)
    preview = payment_preview(attempt, form, context["document"].customer, [number])
    return page_or_fragment(
        DIALOG_PAGE, DIALOG_FRAGMENT, **context, errors={}, form=form, gap=gap, preview=preview
    )


@bp.get("/tentatives/<int:attempt_id>/reglement/ecriture")
def payment_entry_preview(attempt_id: int):
    """« Écriture comptable » for what the dialog holds (htmx refresh on every change)."""
    attempt = attempt_or_404(attempt_id)
    number = request.args.get("facture", "")
    document = _document(attempt, number)
    preview = payment_preview(attempt, request.args, document.customer, [number])
    return render_template(
        PREVIEW_FRAGMENT, preview=preview, preview_url=_preview_url(attempt, number), errors={}
    )


def _preview_url(attempt: LoadedAttempt, number: str) -> str:
    return url_for("student.payment_entry_preview", attempt_id=attempt.id, facture=number)


@bp.get("/tentatives/<int:attempt_id>/reglement/ecart")
def payment_difference(attempt_id: int):
    """The Écart de règlement block for the amount typed in the dialog (htmx refresh)."""
    attempt = attempt_or_404(attempt_id)
    number = request.args.get("facture", "")
    choices = receipt_choices(attempt, [number])
    return render_template(
        DIFFERENCE_FRAGMENT,
        gap=gap_of(attempt, [number], request.args),
        form={"vat_rate": choices["proposed_vat_rate"], **request.args.to_dict()},
        errors={},
        refresh_url=url_for("student.payment_difference", attempt_id=attempt.id, facture=number),
        **choices,
    )


@bp.post("/tentatives/<int:attempt_id>/reglement")
def register_payment(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    number = request.form.get("document", "")
    document = _document(attempt, number)
    form = ActionForm(request.form)
    action = payment_action(attempt, form, document.customer, [number])
    result = perform(
        attempt, action, form, labels=LABELS | {"amount": "Montant", "date": "Date de règlement"}
    )
    target = url_for("student.invoice", attempt_id=attempt.id, number=number)
    if result.accepted:  # the invoice's panel replaces the dialog (which it contains)
        response = action_response(
            result,
            page=DOCUMENT_PAGE,
            fragment=DOCUMENT_FRAGMENT,
            redirect_to=target,
            trigger=TRIGGER,
            context=_document_context(number),
        )
        response.headers["HX-Retarget"] = "#facture"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    return action_response(
        result,
        page=DIALOG_PAGE,
        fragment=DIALOG_FRAGMENT,
        redirect_to=target,
        trigger=TRIGGER,
        context=lambda a: {
            **_dialog_context(number)(a),
            "gap": gap_of(a, [number], request.form),
            "preview": payment_preview(a, request.form, document.customer, [number]),
        },
        form=request.form.to_dict(),
    )
