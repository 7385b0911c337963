"""The workspace of one attempt: the attempt bar (Consignes, Procédure, Rendre le travail), the ERP menus,
the result and what follows it (Recommencer, Nouvelle variante, Télécharger la tentative)."""

from __future__ import annotations

import json

from flask import Response, redirect, render_template, url_for

from simulator import services
from simulator.services.strategy import ACTION_CHOICES

from ..access import attempt_or_404
from ..db import get_db
from . import bp

#: The ERP's top navigation (screens.md): menu -> (endpoint, label). A screen is an endpoint of this
#: blueprint taking ``attempt_id``, under ``/tentatives/<attempt_id>/…``.
MENUS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Comptabilité",
        (
            ("student.invoices", "Factures clients"),
            ("student.credit_notes", "Avoirs"),
            ("student.payments", "Règlements clients"),
            ("student.entries", "Pièces comptables"),
            ("student.lettering", "Lettrage"),
            ("student.auto_lettering", "Lettrage automatique"),  # Tâches périodiques (Odoo 8)
        ),
    ),
    (
        "Banque",
        (
            ("student.bank", "Banque en ligne"),
            ("student.reconciliation", "Rapprochement bancaire"),
            ("student.cheques", "Chèques reçus"),
            ("student.deposits", "Remises de chèques"),
        ),
    ),
    (
        "Relances",
        (
            ("student.followup", "Clients à relancer"),
            ("student.followup_run", "Lancer le processus de relance"),
            ("student.followup_lots", "Lots de relance"),
            ("student.followup_levels", "Niveaux de relance"),
        ),
    ),
    ("Ventes", (("student.quotes", "Devis"),)),  # the new quote's warning (levels.py)
    (
        "Rapports",
        (
            ("student.customer_ledger", "Livre des tiers"),
            ("student.aged_balance", "Balance âgée des clients"),
            ("student.trial_balance", "Balance"),
        ),
    ),
)


@bp.app_context_processor
def _menus() -> dict:
    return {"workspace_menus": MENUS}


@bp.get("/tentatives/<int:attempt_id>")
def attempt_home(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    target = "student.result" if attempt.submitted else "student.brief"
    return redirect(url_for(target, attempt_id=attempt.id))


#: The screen the Consignes open first, by the scenario's first procedure step (default: the bank).
FIRST_SCREENS = {
    "releve": ("student.bank", "Ouvrir la banque en ligne"),
    "identification": ("student.cheques", "Ouvrir les chèques reçus"),
    "relance": ("student.followup", "Ouvrir les clients à relancer"),
    "strategie": ("student.followup_levels", "Ouvrir les niveaux de relance"),  # the strategy scenario
    "lot": ("student.followup_run", "Lancer le processus de relance"),
}


def first_screen(attempt) -> tuple[str, str]:
    """(endpoint, label) of the screen the Consignes open first."""
    first_step = attempt.world.procedure[0] if attempt.world.procedure else ""
    endpoint, label = FIRST_SCREENS.get(first_step, FIRST_SCREENS["releve"])
    if endpoint == "student.cheques" and not attempt.world.cheques:
        endpoint, label = FIRST_SCREENS["releve"]
    return endpoint, label


@bp.get("/tentatives/<int:attempt_id>/consignes")
def brief(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    return render_template("student/brief.html", attempt=attempt, first_screen=first_screen(attempt))


@bp.get("/tentatives/<int:attempt_id>/procedure")
def procedure(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    hints_hidden, _ = services.assignments.policy(get_db(), attempt.record)
    return render_template(
        "student/procedure.html",
        attempt=attempt,
        steps=services.catalogue.procedure(attempt.record.pack),
        practised=set(attempt.world.procedure),
        # the one level -> channel mapping of this dossier, the one its reminders are graded on
        levels=sorted(attempt.world.followup_levels, key=lambda lvl: lvl.level),
        action_labels=dict(ACTION_CHOICES),
        hints_hidden=hints_hidden,
    )


@bp.get("/tentatives/<int:attempt_id>/rendre")
def confirm_submit(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    if attempt.submitted:
        return redirect(url_for("student.result", attempt_id=attempt.id))
    return render_template("student/submit.html", attempt=attempt)


@bp.post("/tentatives/<int:attempt_id>/rendre")
def submit(attempt_id: int):
    # a SubmissionRefused (the assignment is closed, or used up) goes back here with why (web/errors.py)
    attempt = services.submission.submit(get_db(), attempt_or_404(attempt_id))
    return redirect(url_for("student.result", attempt_id=attempt.id), 303)


@bp.get("/tentatives/<int:attempt_id>/resultat")
def result(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    outcome = services.attempts.result(attempt)
    if outcome is None:
        return redirect(url_for("student.confirm_submit", attempt_id=attempt.id))
    exam, held_until = services.assignments.policy(get_db(), attempt.record)
    if held_until:  # an evaluation whose grades are shown after closing
        return render_template("student/result_held.html", attempt=attempt, held_until=held_until)
    customers = {c.id: c.customer.name for c in attempt.world.customers}
    steps = {s.id: s for s in services.catalogue.procedure(attempt.record.pack)}
    return render_template(
        "student/result.html",
        attempt=attempt,
        result=outcome,
        customers=customers,
        steps=steps,
        practice=not exam,  # « S'entraîner sur mes points faibles » is off inside an Évaluation
    )


@bp.post("/tentatives/<int:attempt_id>/recommencer")
def restart(attempt_id: int):
    new = services.attempts.restart(get_db(), attempt_or_404(attempt_id))
    return redirect(url_for("student.brief", attempt_id=new.id), 303)


@bp.post("/tentatives/<int:attempt_id>/variante")
def new_variant(attempt_id: int):
    new = services.attempts.new_variant(get_db(), attempt_or_404(attempt_id))
    return redirect(url_for("student.brief", attempt_id=new.id), 303)


@bp.get("/tentatives/<int:attempt_id>/tentative.json")
def export(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    body = json.dumps(services.attempts.export(attempt), ensure_ascii=False, indent=2)
    name = f"tentative-{attempt.record.scenario}-{attempt.record.seed}-{attempt.id}.json"
    return Response(
        body + "\n",
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
