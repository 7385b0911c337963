"""Relances: Clients à relancer, the customer follow-up page (Odoo 17 « Rapport de relance ») with its seven
forms (Niveaux de relance: :mod:`.levels`).

The follow-up page holds seven forms; each posts one action of contracts.md:

- Litige -> ``exclude_from_followup`` (and, on each excluded invoice, Réintégrer ->
  ``include_in_followup``);
- Paiement annoncé -> ``set_expected_payment_date``;
- Relevé de compte -> ``send_statement``, then the statement's PDF;
- Noter un appel -> ``log_call`` (the Interlocuteur opens the note: « Interlocuteur : … » then the
  Compte rendu on the next line);
- Envoyer un e-mail -> ``send_email``;
- Lettre de relance -> ``send_letter`` at the customer's level, dated today, then the letter's PDF (a GET
  of the PDF records nothing);
- Prochain rappel -> ``set_next_action``.

A hidden ``form`` field names the form that posted, so that a refusal refills that form alone. Each form
and panel is a fragment the page includes; an htmx request gets the fragment its target names, alone
(:data:`FRAGMENTS`): Noter un appel, Envoyer un e-mail and Prochain rappel swap only themselves, Litige and
Paiement annoncé the whole customer fragment (the invoices table changes), and the summary and the history
refresh on ``followup-changed``.
"""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, request, url_for

from simulator.ledger.views import books_view
from simulator.services import lots as lot_service
from simulator.services import reports, views
from simulator.services.attempts import LoadedAttempt

from ..access import attempt_or_404
from ..extensions import htmx
from ..forms import ActionForm
from ..rendering import page_or_fragment
from ..responses import action_response, pdf_response, perform
from . import bp

PAGE, FRAGMENT = "student/followup_customer.html", "student/_followup_customer.html"
#: The fragment an htmx request gets, by the id of the element it swaps (``HX-Target``); any other target
#: gets the whole customer fragment.
FRAGMENTS = {
    "synthese": "student/_followup_summary.html",
    "historique": "student/_followup_history.html",
    "form-appel": "student/_followup_call.html",
    "form-email": "student/_followup_email.html",
    "form-rappel": "student/_followup_next_action.html",
}
#: The event the follow-up page's panels listen to (``hx-trigger="followup-changed from:body"``).
TRIGGER = "followup-changed"
LABELS = {
    "date": "Date",
    "note": "Compte rendu",
    "to": "À",
    "subject": "Objet",
    "body": "Message",
    "documents": "Factures concernées",
}
NEXT_LABELS = {**LABELS, "date": "Date du prochain rappel", "note": "Note"}
EVENT_KINDS = views.EVENT_KINDS
#: why a customer is on the « À contacter aujourd'hui » list (ledger.followup.contact_reason)
CONTACT_REASONS = {"level": "Nouveau niveau atteint", "next_action": "Prochain rappel échu"}
EXCLUDE_LABELS = {"document": "Facture contestée", "reason": "Motif du litige"}
EXPECTED_LABELS = {"document": "Facture concernée", "date": "Date de paiement prévue"}


def call_note(interlocutor: str, report: str) -> str:
    """The note of a call as the log keeps it: « Interlocuteur : M. Pons » on its own line, then the
    compte rendu; empty when there is no compte rendu (the core then refuses the call)."""
    interlocutor, report = interlocutor.strip(), report.strip()
    if not report:
        return ""
    return f"Interlocuteur : {interlocutor}\n{report}" if interlocutor else report


def customer_or_404(attempt: LoadedAttempt, customer: str):
    row = books_view(attempt.books).customers.get(customer)
    if row is None:
        abort(404)
    return row


def _context(customer: str):
    def context(attempt: LoadedAttempt) -> dict:
        view = books_view(attempt.books)
        row = view.customers[customer]
        invoices = [view.documents[item.key] for item in row.open_items if item.is_debit]
        overdue = [d.number for d in invoices if d.days_overdue > 0]
        profile = attempt.world.customer(customer)
        contact = profile.contact if profile is not None else None
        return {
            "attempt": attempt,
            "customer": row,
            "contact": contact,
            "email": views.contact_email(attempt.world, attempt.books, customer),
            "invoices": invoices,
            "doubtful": [view.documents[item.key] for item in row.doubtful_items],  # transferred to 416
            "history": tuple(reversed(row.history)),
            # the e-mails a batch run sent, as the customer read them (the log keeps a one-line note)
            "lot_emails": lot_service.customer_lot_emails(attempt, customer) if attempt.books.lots else {},
            "event_kinds": EVENT_KINDS,
            "letter_level": reports.letter_level(attempt, customer),
            "level_names": {lvl.level: lvl.name for lvl in attempt.books.levels},
            "messages": views.messages_received(attempt.world, attempt.books, customer),
            "litigation": views.litigation_panel(attempt.world, attempt.books, customer)
            if attempt.world.calendar_moves
            else None,
            "defaults": {
                "call": {"date": attempt.books.today.isoformat(), "documents": overdue},
                "email": {
                    "to": views.contact_email(attempt.world, attempt.books, customer),
                    "documents": overdue,
                },
                "next": {},
                "exclude": {},
                "expected": {},
            },
            "options": {
                "followed": [(d.number, d.number) for d in invoices if not d.excluded],
                "invoices": [(d.number, d.number) for d in invoices],
            },
        }

    return context


def _posted() -> dict:
    """What was posted, to refill the form after a refusal (the invoices ticked as a list)."""
    return {**request.form.to_dict(), "documents": request.form.getlist("documents")}


def _answer(attempt: LoadedAttempt, customer: str, action: dict, form: ActionForm, labels: dict):
    return respond(attempt, customer, perform(attempt, action, form, labels=labels))


def _fragment() -> str:
    return FRAGMENTS.get(htmx.target or "", FRAGMENT) if htmx else FRAGMENT


def respond(attempt: LoadedAttempt, customer: str, result):
    """The answer to a follow-up form: the page (plain POST), or the fragment the htmx request swaps."""
    return action_response(
        result,
        page=PAGE,
        fragment=_fragment(),
        redirect_to=url_for("student.followup_customer", attempt_id=attempt.id, customer=customer),
        trigger=TRIGGER,
        context=_context(customer),
        form=_posted(),
    )


# --- Clients à relancer -----------------------------------------------------------------------------------


@bp.get("/tentatives/<int:attempt_id>/relances")
def followup(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    view = books_view(attempt.books)
    everyone = request.args.get("tous") == "1"
    today = not everyone and request.args.get("aujourdhui") == "1"
    # a month-long scenario also lists the customers already reminded who have paid (their penalties)
    followed = attempt.world.calendar_moves
    rows = (
        [
            c
            for c in view.customers.values()
            if c.open_items or c.doubtful_items or (followed and c.last_reminder)
        ]
        if everyone
        else view.to_remind
    )
    if today:
        rows = view.to_contact_today
    return render_template(
        "student/followup.html",
        attempt=attempt,
        rows=rows,
        everyone=everyone,
        today=today,
        event_kinds=EVENT_KINDS,
        contact_reasons=CONTACT_REASONS,
    )


# --- the customer follow-up page --------------------------------------------------------------------------


@bp.get("/tentatives/<int:attempt_id>/relances/<customer>")
def followup_customer(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    return page_or_fragment(PAGE, _fragment(), **_context(customer)(attempt), errors={}, form={})


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/appel")
def log_call(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    form = ActionForm(request.form)
    action = {
        "type": "log_call",
        "customer": customer,
        "date": form.date("date"),
        "documents": request.form.getlist("documents"),
        "note": call_note(form.text("interlocutor"), form.text("note")),
    }
    return _answer(attempt, customer, action, form, {**LABELS, "date": "Date de l'appel"})


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/email")
def send_email(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    form = ActionForm(request.form)
    action = {
        "type": "send_email",
        "customer": customer,
        "to": form.text("to"),
        "subject": form.text("subject"),
        "body": form.text("body"),
        "documents": request.form.getlist("documents"),
    }
    return _answer(attempt, customer, action, form, LABELS)


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/prochain-rappel")
def set_next_action(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    form = ActionForm(request.form)
    action = {
        "type": "set_next_action",
        "customer": customer,
        "date": form.date("date"),
        "note": form.text("note"),
    }
    return _answer(attempt, customer, action, form, NEXT_LABELS)


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/lettre")
def send_letter(attempt_id: int, customer: str):
    """Imprimer la lettre: records the letter of the customer's level, dated today, then opens its PDF."""
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    level = reports.letter_level(attempt, customer)
    if level is None:
        abort(404)
    today = attempt.books.today
    action = {"type": "send_letter", "customer": customer, "level": level, "date": today.isoformat()}
    result = perform(attempt, action)
    if not result.accepted:  # handed in meanwhile, or another tab: the page says why
        return respond(attempt, customer, result)
    return redirect(
        url_for("student.followup_letter", attempt_id=attempt.id, customer=customer, level=level,
                date=today.isoformat()),
        303,
    )  # fmt: skip


@bp.get("/tentatives/<int:attempt_id>/relances/<customer>/lettre-<int:level>.pdf")
def followup_letter(attempt_id: int, customer: str, level: int):
    """The letter's PDF (inline), dated ``?date=`` (default: today). Reading it records nothing."""
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    try:
        on = date.fromisoformat(request.args.get("date", "")) if request.args.get("date") else None
    except ValueError:
        abort(404)
    on = on or attempt.books.today
    body = reports.letter_pdf(attempt, customer, level, on)  # DocumentUnavailable is a 404 (web/errors.py)
    name = reports.letter_filename(customer, level, on)
    return pdf_response(body, name)


# --- disputes, announced payments, the customer statement (the follow-up pack) ---------------------------


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/exclure")
def exclude_from_followup(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    form = ActionForm(request.form)
    action = {
        "type": "exclude_from_followup",
        "document": form.text("document"),
        "reason": form.text("reason"),
    }
    return _answer(attempt, customer, action, form, EXCLUDE_LABELS)


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/reintegrer")
def include_in_followup(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    form = ActionForm(request.form)
    action = {"type": "include_in_followup", "document": form.text("document")}
    return _answer(attempt, customer, action, form, EXCLUDE_LABELS)


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/paiement-prevu")
def set_expected_payment_date(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    form = ActionForm(request.form)
    action = {
        "type": "set_expected_payment_date",
        "document": form.text("document"),
        "date": form.date("date"),
    }
    return _answer(attempt, customer, action, form, EXPECTED_LABELS)


@bp.post("/tentatives/<int:attempt_id>/relances/<customer>/releve")
def send_statement(attempt_id: int, customer: str):
    """Envoyer le relevé: records the statement sent today (the invoices excluded from follow-up shown
    apart), then opens its PDF, like Imprimer la lettre."""
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    action = {"type": "send_statement", "customer": customer, "date": attempt.books.today.isoformat()}
    result = perform(attempt, action)
    if not result.accepted:
        return respond(attempt, customer, result)
    return redirect(url_for("student.followup_statement", attempt_id=attempt.id, customer=customer), 303)


@bp.get("/tentatives/<int:attempt_id>/relances/<customer>/releve.pdf")
def followup_statement(attempt_id: int, customer: str):
    """The customer statement's PDF (inline), as last sent. Reading it records nothing."""
    attempt = attempt_or_404(attempt_id)
    customer_or_404(attempt, customer)
    body = reports.statement_pdf(attempt, customer)  # DocumentUnavailable is a 404 (web/errors.py)
    name = reports.statement_filename(customer, attempt.books.today)
    return pdf_response(body, name)
