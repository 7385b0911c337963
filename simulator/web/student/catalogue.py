"""S'entraîner: the catalogue of scenarios, Commencer (a guest needs no account), Mes tentatives."""

from __future__ import annotations

from flask import abort, render_template, url_for
from werkzeug.utils import redirect

from simulator import services

from ..access import current_owner
from ..db import get_db
from . import bp


@bp.get("/entrainement")
def catalogue():
    return render_template(
        "student/catalogue.html",
        groups=services.catalogue.groups(),
    )


@bp.post("/entrainement/<pack_id>/<scenario_id>")
def start(pack_id: str, scenario_id: str):
    attempt = services.attempts.start(get_db(), current_owner(create_guest=True), pack_id, scenario_id)
    if attempt is None:
        abort(404)
    return redirect(url_for("student.brief", attempt_id=attempt.id), 303)


@bp.get("/tentatives")
def my_attempts():
    return render_template(
        "student/attempts.html", attempts=services.attempts.list_attempts(get_db(), current_owner())
    )
