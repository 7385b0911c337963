"""Relances par lot: the wizard « Lancer le processus de relance » (Synthèse, Détail, Clients sans adresse
électronique), « Lots de relance » (list and detail), the customer statements sent in batch from « Clients
à relancer », and the brief's answer box on Consignes.

- The wizard is one form: its choices (Niveau de relance, Date de relance, Modes de règlement exclus, a
  customer's « Exclure ») are query parameters; changing one refreshes the preview (htmx ``hx-get`` on
  change, or « Actualiser la synthèse » without JavaScript, a post redirected to that URL so that no CSRF
  token ends in a URL); « Lancer la relance » posts ``run_followup``.
  The figures are the core's (services.lots.plan -> ledger.lots.plan_run).
- Clients sans adresse électronique: one form per customer posts ``set_customer_email``.
- Envoyer les relevés: one ``send_statement`` per customer ticked (the action Envoyer le relevé records
  on the customer page: no second way to record a statement), then the list of the statements to print.
- The answer box: one ``answer`` action per figure typed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import abort, redirect, render_template, request, url_for

from simulator.ledger.lots import DEFAULT_STRATEGY, PAYMENT_METHODS, find_lot
from simulator.services import lots as lot_service
from simulator.services.attempts import ActionResult, LoadedAttempt, first_refusal
from simulator.services.views import messages_received

from ..access import attempt_or_404
from ..forms import ActionForm, read_amount, read_date, whole_number
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp
from .workspace import first_screen

PAGE, FRAGMENT = "student/followup_run.html", "student/_followup_run.html"
#: The event the wizard sends when a run or an address changed the books.
TRIGGER = "lots-changed"
RUN_LABELS = {
    "level": "Niveau de relance",
    "date": "Date de relance",
    "excluded_methods": "Modes de règlement exclus",
    "excluded_customers": "Exclure",
}
EMAIL_LABELS = {"email": "Adresse électronique"}
ANSWER_LABELS = {"value": "Réponse"}
#: why a customer at the level is not in the run (ledger.lots.RunPlan.left_out)
LEFT_OUT = {"method": "Mode de règlement exclu", "customer": "Client exclu"}


# --- the wizard -------------------------------------------------------------------------------------------


def _choices(attempt: LoadedAttempt, data: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The wizard's choices from the query string or the posted form, and the French errors of those
    that do not parse (the level falls back to the first, the date to today)."""
    levels = sorted(attempt.books.levels, key=lambda lvl: lvl.level)
    errors: dict[str, str] = {}
    raw_level = (data.get("level") or "").strip()
    level = levels[0].level if levels else 0
    if raw_level:
        number = whole_number(raw_level)
        if isinstance(number, int) and any(lvl.level == number for lvl in levels):
            level = number
        else:
            errors["level"] = f"Le niveau de relance {raw_level} n'existe pas."
    raw_date = (data.get("date") or "").strip()
    on = attempt.books.today
    if raw_date:
        parsed, error = read_date(raw_date)
        if error:
            errors["date"] = error
        else:
            on = parsed  # type: ignore[assignment]
    choices = {
        "level": level,
        "date": on,
        "excluded_methods": [m for m in data.getlist("excluded_methods") if m in PAYMENT_METHODS],
        "excluded_customers": [c for c in data.getlist("excluded_customers") if c in attempt.books.customers],
    }
    return choices, errors


def _query(choices: dict[str, Any]) -> dict[str, Any]:
    """The choices as query parameters of the wizard's URL."""
    return {
        "level": choices["level"],
        "date": choices["date"].isoformat(),
        "excluded_methods": choices["excluded_methods"],
        "excluded_customers": choices["excluded_customers"],
    }


def _wizard_context(choices: dict[str, Any]):
    def context(attempt: LoadedAttempt) -> dict:
        plan = lot_service.plan(
            attempt,
            level=choices["level"],
            on=min(choices["date"], attempt.books.today),
            excluded_methods=choices["excluded_methods"],
            excluded_customers=choices["excluded_customers"],
        )
        return {
            "attempt": attempt,
            "plan": plan,
            "choices": choices,
            "query": _query(choices),
            "level_options": [
                (str(lvl.level), lvl.name) for lvl in sorted(attempt.books.levels, key=lambda lvl: lvl.level)
            ],
            "strategy": DEFAULT_STRATEGY,
            "methods": PAYMENT_METHODS,
            "left_out_reasons": LEFT_OUT,
            "names": {c.id: c.customer.name for c in attempt.world.customers},
            "emails": lot_service.plan_emails(attempt, plan) if plan else {},
            # a customer without an address: its Messages reçus are where the address is to be found
            "with_messages": {
                line.customer
                for line in (plan.missing_emails if plan else ())
                if messages_received(attempt.world, attempt.books, line.customer)
            },
        }

    return context


@bp.get("/tentatives/<int:attempt_id>/relances/lancer")
def followup_run(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    choices, errors = _choices(attempt, request.args)
    context = _wizard_context(choices)(attempt)
    return page_or_fragment(PAGE, FRAGMENT, **context, errors=errors, form={})


@bp.post("/tentatives/<int:attempt_id>/relances/lancer")
def launch_followup_run(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    choices, errors = _choices(attempt, request.form)
    if request.form.get("actualiser") and not errors:  # refresh only: the wizard's URL, nothing recorded
        return redirect(url_for("student.followup_run", attempt_id=attempt.id, **_query(choices)), 303)
    form = ActionForm(request.form)
    form.errors.update(errors)
    action = {
        "type": "run_followup",
        "level": choices["level"],
        "date": form.date("date"),
        "excluded_methods": choices["excluded_methods"],
        "excluded_customers": choices["excluded_customers"],
        "operator": attempt.student_name or "",
    }
    result = perform(attempt, action, form, labels=RUN_LABELS)
    code = result.attempt.books.lots[-1].code if result.accepted and result.attempt.books.lots else ""
    return action_response(
        result,
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.followup_lot", attempt_id=attempt.id, code=code)
        if code
        else url_for("student.followup_run", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=_wizard_context(choices),
        form=request.form.to_dict(),
    )


@bp.post("/tentatives/<int:attempt_id>/relances/lancer/adresse/<customer>")
def set_customer_email(attempt_id: int, customer: str):
    attempt = attempt_or_404(attempt_id)
    if customer not in attempt.books.customers:
        abort(404)
    choices, _ = _choices(attempt, request.form)
    form = ActionForm(request.form)
    action = {"type": "set_customer_email", "customer": customer, "email": form.text("email")}
    result = perform(attempt, action, form, labels=EMAIL_LABELS)
    if result.errors:  # the message goes next to this customer's field
        result = dataclasses.replace(result, errors={f"email-{customer}": " ".join(result.errors.values())})
    return action_response(
        result,
        page=PAGE,
        fragment=FRAGMENT,
        redirect_to=url_for("student.followup_run", attempt_id=attempt.id, **_query(choices)),
        trigger=TRIGGER,
        context=_wizard_context(choices),
        form={f"email-{customer}": request.form.get("email", "")},
    )


# --- Lots de relance --------------------------------------------------------------------------------------


@bp.get("/tentatives/<int:attempt_id>/relances/lots")
def followup_lots(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    return render_template(
        "student/followup_lots.html",
        attempt=attempt,
        lots=tuple(reversed(attempt.books.lots)),
        level_names={lvl.level: lvl.name for lvl in attempt.books.levels},
    )


@bp.get("/tentatives/<int:attempt_id>/relances/lots/<path:code>")
def followup_lot(attempt_id: int, code: str):
    attempt = attempt_or_404(attempt_id)
    lot = find_lot(attempt.books, code)
    if lot is None:
        abort(404)
    return render_template(
        "student/followup_lot.html",
        attempt=attempt,
        lot=lot,
        emails=lot_service.lot_emails(attempt, lot),
        methods=PAYMENT_METHODS,
        names={c.id: c.customer.name for c in attempt.world.customers},
        level_names={lvl.level: lvl.name for lvl in attempt.books.levels},
    )


# --- customer statements sent in batch --------------------------------------------------------------------


@bp.post("/tentatives/<int:attempt_id>/relances/releves")
def send_statements(attempt_id: int):
    """Envoyer les relevés: one ``send_statement`` per customer ticked in « Clients à relancer », dated
    today; then the statements to print. The batch is checked whole first: a refusal is shown and nothing
    is sent."""
    attempt = attempt_or_404(attempt_id)
    selected = [c for c in dict.fromkeys(request.form.getlist("customers")) if c]
    if not selected:
        return _statements_page(attempt, [], "Sélectionnez au moins un client dans la liste.", 422)
    actions = [
        {"type": "send_statement", "customer": c, "date": attempt.books.today.isoformat()} for c in selected
    ]
    refused = first_refusal(attempt, actions)
    if refused is not None:
        message = " ".join(refused[1].values()) or "Relevé refusé."
        return _statements_page(attempt, [], f"Aucun relevé envoyé. {message}", 422)
    sent: list[str] = []
    for customer, action in zip(selected, actions, strict=True):
        result = perform(attempt, action)
        if not result.accepted:
            message = " ".join(result.errors.values()) or "Relevé refusé."
            return _statements_page(result.attempt, sent, message, 409 if result.status != "refused" else 422)
        attempt, sent = result.attempt, [*sent, customer]
    return redirect(url_for("student.sent_statements", attempt_id=attempt.id, clients=sent), 303)


@bp.get("/tentatives/<int:attempt_id>/relances/releves")
def sent_statements(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    customers = [c for c in request.args.getlist("clients") if c in attempt.books.customers]
    return _statements_page(attempt, customers)


def _statements_page(attempt: LoadedAttempt, customers: list[str], error: str = "", status: int = 200):
    names = {c.id: c.customer.name for c in attempt.world.customers}
    body = render_template(
        "student/sent_statements.html", attempt=attempt, customers=customers, names=names, error=error
    )
    return body, status


# --- the brief's answer box (Consignes) -------------------------------------------------------------------


@bp.post("/tentatives/<int:attempt_id>/consignes/reponses")
def answer(attempt_id: int):
    """Enregistrer les réponses: one ``answer`` action per figure typed (an empty field is left as it
    was). A value that does not parse is refused next to its field and nothing is recorded."""
    attempt = attempt_or_404(attempt_id)
    typed = {q.id: (request.form.get(f"answer-{q.id}") or "").strip() for q in attempt.world.questions}
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for question in attempt.world.questions:
        text = typed[question.id]
        if not text:
            continue
        if question.is_count:
            if isinstance(whole_number(text), int):
                values[question.id] = text
            else:
                errors[f"answer-{question.id}"] = f"« {text} » n'est pas un nombre entier."
        else:
            amount, error = read_amount(text, "value", allow_zero=True)  # as replay reads an answer
            if error:
                errors[f"answer-{question.id}"] = error
            else:
                values[question.id] = f"{amount:.2f}"
    if not values and not errors:
        errors[""] = "Saisissez au moins une réponse."
    result = ActionResult("refused", attempt, errors) if errors else None
    for question_id, value in values.items() if result is None else ():
        result = perform(attempt, {"type": "answer", "question": question_id, "value": value})
        if not result.accepted:
            break
        attempt = result.attempt
    assert result is not None
    return action_response(
        result,
        page="student/brief.html",
        fragment="student/_answers.html",
        redirect_to=url_for("student.brief", attempt_id=attempt.id) + "#reponses",
        trigger="answers-changed",
        context=_brief_context,
        form=typed and {f"answer-{k}": v for k, v in typed.items()},
    )


def _brief_context(attempt: LoadedAttempt) -> dict:
    return {"attempt": attempt, "first_screen": first_screen(attempt)}


def answer_rows(attempt: LoadedAttempt) -> list[tuple[Any, Any]]:
    """(question, the answer recorded or None) for the answer box."""
    return [(q, attempt.books.answers.get(q.id)) for q in attempt.world.questions]


@bp.app_template_global("answer_rows")
def _answer_rows(attempt: LoadedAttempt) -> list[tuple[Any, Any]]:
    return answer_rows(attempt)
