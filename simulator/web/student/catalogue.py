"""S'entraîner: the catalogue of scenarios, Commencer (a guest needs no account), Mes tentatives."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from werkzeug.utils import redirect

from simulator import services

from ..access import current_owner
from ..db import get_db
from . import bp


@bp.get("/entrainement")
def catalogue():
    return _catalogue()


def _catalogue(errors: dict[str, str] | None = None, form: dict[str, str] | None = None):
    """``errors`` and ``form``: the refused « Numéro de variante » and what was typed, by "pack/scenario"."""
    return render_template(
        "student/catalogue.html",
        groups=services.catalogue.groups(),
        errors=errors or {},
        form=form or {},
    )


@bp.post("/entrainement/<pack_id>/<scenario_id>")
def start(pack_id: str, scenario_id: str):
    """Commencer: a random company, or the one of the « Numéro de variante » typed (1 to 1 000 000)."""
    if services.catalogue.scenario(pack_id, scenario_id) is None:
        abort(404)
    typed = request.form.get("seed", "")
    seed, error = services.attempts.chosen_seed(pack_id, scenario_id, typed)
    if error:
        key = f"{pack_id}/{scenario_id}"
        return _catalogue({key: error}, {key: typed}), 422
    attempt = services.attempts.start(get_db(), current_owner(create_guest=True), pack_id, scenario_id, seed)
    return redirect(url_for("student.brief", attempt_id=attempt.id), 303)


@bp.get("/tentatives")
def my_attempts():
    return render_template(
        "student/attempts.html", attempts=services.attempts.list_attempts(get_db(), current_owner())
    )
