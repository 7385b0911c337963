"""Relances › Niveaux de relance (the follow-up strategy) and Ventes › Devis
(a new quote's warning for a customer at a level that warns on sales).

- the list of levels (Nom, Jours après l'échéance, the actions, Modèle), each with Modifier and Supprimer,
  and Ajouter un niveau;
- one form per level: Nouveau niveau -> ``add_followup_level``, Modifier -> ``update_followup_level``,
  Supprimer -> ``remove_followup_level`` (from the list);
- Nouveau devis: the Client select shows, through the core (``ledger.strategy.sales_warning_days``),
  « Attention dépassement de la date d'échéance du paiement de N jours » (htmx on change; without
  JavaScript, the Vérifier button). Creating a quote is not an accounting action: the form stops there.
"""

from __future__ import annotations

import dataclasses

from flask import abort, request, url_for

from simulator.ledger.strategy import MAX_DAYS, warns_on_sales
from simulator.ledger.views import books_view
from simulator.services import strategy
from simulator.services.attempts import LoadedAttempt

from ..access import attempt_or_404
from ..forms import ActionForm, whole_number
from ..rendering import page_or_fragment
from ..responses import action_response, perform
from . import bp

LIST_PAGE, LIST_FRAGMENT = "student/followup_levels.html", "student/_followup_levels.html"
FORM_PAGE, FORM_FRAGMENT = "student/followup_level_form.html", "student/_followup_level_form.html"
QUOTE_PAGE, QUOTE_FRAGMENT = "student/quote.html", "student/_quote_warning.html"
#: The event other panels listen to when the strategy changed.
TRIGGER = "levels-changed"
LABELS = {
    "name": "Nom",
    "marker": "Marqueur",
    "days": "Jours après l'échéance",
    "actions": "Actions",
    "template": "Modèle",
    "level": "Niveau",
}
FIELDS = ("name", "marker", "days", "actions", "template")


def _levels(attempt: LoadedAttempt):
    return sorted(attempt.books.levels, key=lambda lvl: lvl.level)


def _list_context(attempt: LoadedAttempt) -> dict:
    levels = _levels(attempt)
    return {
        "attempt": attempt,
        "levels": levels,
        "warning_levels": {lvl.level for lvl in levels if warns_on_sales(levels, lvl.level)},
    }


def _form_context(level: int | None, done: str | None = None):
    def context(attempt: LoadedAttempt) -> dict:
        return {
            "attempt": attempt,
            "level": level,
            "done": done,
            "action_choices": strategy.ACTION_CHOICES,
            "placeholders": [(f"%({name})s", text) for name, text in strategy.letter_placeholders().items()],
        }

    return context


def _posted() -> dict:
    return {**request.form.to_dict(), "actions": request.form.getlist("actions")}


def _level_action(form: ActionForm) -> dict:
    """The fields of a level as the form posted them (days that are not a whole number as typed: the core
    says why)."""
    return {
        "name": form.text("name"),
        "marker": form.text("marker"),
        "days": whole_number(form.text("days")),
        "actions": request.form.getlist("actions"),
        "template": (request.form.get("template") or "").strip(),
    }


def _shown(errors: dict[str, str]) -> dict[str, str]:
    """A refusal's messages on the form's fields; anything else on the form itself."""
    shown: dict[str, str] = {}
    for key, message in errors.items():
        key = key if key in FIELDS else ""
        shown[key] = f"{shown[key]} {message}" if key in shown else message
    return shown


def _answer(attempt: LoadedAttempt, action: dict, level: int | None, done: str):
    form = ActionForm(request.form)
    result = perform(attempt, action, form, labels=LABELS)
    if result.errors:
        result = dataclasses.replace(result, errors=_shown(result.errors))
    return action_response(
        result,
        page=FORM_PAGE,
        fragment=FORM_FRAGMENT,
        redirect_to=url_for("student.followup_levels", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=_form_context(level, done if result.accepted else None),
        form=_posted(),
    )


# --- Niveaux de relance -----------------------------------------------------------------------------------


@bp.get("/tentatives/<int:attempt_id>/niveaux-de-relance")
def followup_levels(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    return page_or_fragment(LIST_PAGE, LIST_FRAGMENT, **_list_context(attempt), errors={}, form={})


@bp.get("/tentatives/<int:attempt_id>/niveaux-de-relance/nouveau")
def new_followup_level(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    last = max((lvl.days for lvl in attempt.books.levels), default=0)
    form = {"days": str(min(last + 15, MAX_DAYS)), "actions": ["email"]}
    return page_or_fragment(FORM_PAGE, FORM_FRAGMENT, **_form_context(None)(attempt), errors={}, form=form)


@bp.post("/tentatives/<int:attempt_id>/niveaux-de-relance/nouveau")
def add_followup_level(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    action = {"type": "add_followup_level", **_level_action(ActionForm(request.form))}
    return _answer(attempt, action, None, "Niveau ajouté.")


def _level_or_404(attempt: LoadedAttempt, level: int):
    found = next((lvl for lvl in attempt.books.levels if lvl.level == level), None)
    if found is None:
        abort(404)
    return found


@bp.get("/tentatives/<int:attempt_id>/niveaux-de-relance/<int:level>")
def edit_followup_level(attempt_id: int, level: int):
    attempt = attempt_or_404(attempt_id)
    found = _level_or_404(attempt, level)
    form = {
        "name": found.name,
        "marker": found.marker,
        "days": str(found.days),
        "actions": list(found.actions),
        "template": found.template,
    }
    return page_or_fragment(FORM_PAGE, FORM_FRAGMENT, **_form_context(level)(attempt), errors={}, form=form)


@bp.post("/tentatives/<int:attempt_id>/niveaux-de-relance/<int:level>")
def update_followup_level(attempt_id: int, level: int):
    attempt = attempt_or_404(attempt_id)
    _level_or_404(attempt, level)
    action = {"type": "update_followup_level", "level": level, **_level_action(ActionForm(request.form))}
    return _answer(attempt, action, level, "Niveau enregistré.")


@bp.post("/tentatives/<int:attempt_id>/niveaux-de-relance/<int:level>/supprimer")
def remove_followup_level(attempt_id: int, level: int):
    attempt = attempt_or_404(attempt_id)
    _level_or_404(attempt, level)
    result = perform(attempt, {"type": "remove_followup_level", "level": level}, labels=LABELS)
    return action_response(
        result,
        page=LIST_PAGE,
        fragment=LIST_FRAGMENT,
        redirect_to=url_for("student.followup_levels", attempt_id=attempt.id),
        trigger=TRIGGER,
        context=_list_context,
    )


# --- Ventes › Devis › Nouveau devis -----------------------------------------------------------------------


@bp.get("/tentatives/<int:attempt_id>/devis")
def quotes(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    view = books_view(attempt.books)
    customer = request.args.get("client", "")
    row = view.customers.get(customer)
    return page_or_fragment(
        QUOTE_PAGE,
        QUOTE_FRAGMENT,
        attempt=attempt,
        customers=[("", "— Choisir un client —")] + [(c.id, c.name) for c in view.customers.values()],
        customer=row,
        warning_days=strategy.quote_warning(attempt, customer) if row else 0,
        form={"client": customer},
        errors={},
    )
