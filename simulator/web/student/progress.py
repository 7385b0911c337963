"""« Mes progrès » (skills with their level and trend, the last attempts, the mistakes that came back, a
chart) and « S'entraîner sur mes points faibles » (a variant chosen for the weakest skills, and why). Both
work for a guest (this browser's attempts) and an account."""

from __future__ import annotations

from flask import render_template, request

from simulator import services

from ..access import current_owner
from ..db import get_db
from . import bp


@bp.get("/progres")
def my_progress():
    return render_template(
        "student/progress.html", packs=services.progress.progress(get_db(), current_owner())
    )


@bp.get("/entrainement/points-faibles")
def weak_points():
    db = get_db()
    owner = current_owner()
    text = request.args.get("autre", "0")
    extra = int(text) if text.isdigit() and len(text) < 6 else 0
    if services.progress.exam_in_progress(db, owner):
        return render_template("student/weak_points.html", offers=[], refusal=services.progress.EXAM_MESSAGE)
    offers = services.progress.offers(db, owner, extra)
    refusal = "" if offers else services.progress.NO_HISTORY_MESSAGE
    return render_template("student/weak_points.html", offers=offers, refusal=refusal, extra=extra)
