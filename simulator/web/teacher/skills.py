"""Compétences de la classe: the students × skills grid (sortable), the class's weakest skills, the CSV
export, and « Créer un entraînement ciblé » (an Entraînement assignment on them, where each student's
company is drawn for their own weak skills)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from simulator import services

from ..db import get_db
from . import bp
from .access import class_or_404, teacher


def _grid(class_id: int):
    group = class_or_404(class_id)
    sort = request.args.get("tri", "nom")
    descending = request.args.get("ordre") == "desc"
    return services.progress.class_skills(get_db(), group, request.args.get("pack", ""), sort, descending)


@bp.get("/classes/<int:class_id>/competences")
def class_skills(class_id: int):
    return render_template("teacher/class_skills.html", grid=_grid(class_id))


@bp.get("/classes/<int:class_id>/competences.csv")
def class_skills_csv(class_id: int):
    grid = _grid(class_id)
    return Response(
        "\ufeff" + services.progress.class_skills_csv(grid),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="competences-classe-{class_id}-{grid.pack}.csv"'
        },
    )


@bp.post("/classes/<int:class_id>/competences/entrainement")
def targeted_assignment(class_id: int):
    group = class_or_404(class_id)
    assignment, refusal = services.progress.create_targeted(
        get_db(), teacher().id, group, request.form.get("pack", "")
    )
    if assignment is None:
        flash(refusal, "error")
        return redirect(url_for("teacher.class_skills", class_id=class_id), 303)
    flash(
        f"Devoir « {assignment.title} » créé en Entraînement, ouvert une semaine : chaque élève reçoit, à chaque "
        "tentative, une société choisie pour ses propres points faibles."
    )
    return redirect(url_for("teacher.gradebook", assignment_id=assignment.id), 303)
