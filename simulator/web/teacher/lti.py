"""Moodle (LTI 1.3): the platforms a teacher registered, with the tool's URLs to paste into Moodle; the
grades waiting to go back to a course's gradebook (« Réessayer »); the roster read from the course."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from simulator import services

from ..db import get_db
from . import bp
from .access import assignment_or_404, class_or_404, teacher


def tool_urls() -> list[tuple[str, str, str]]:
    """(Moodle's field, the value to paste, help) for « Configurer un outil manuellement »."""
    launch = url_for("lti.launch", _external=True)
    return [
        ("URL de l'outil", launch, ""),
        ("URL d'initiation de la connexion", url_for("lti.login", _external=True), ""),
        ("URL(s) de redirection", launch, ""),
        (
            "URL du jeu de clés publiques",
            url_for("lti.jwks", _external=True),
            "Type de clé publique : URL du jeu de clés",
        ),
        ("URL du contenu (Deep Linking)", launch, "Prise en charge du Deep Linking : cochée"),
    ]


@bp.route("/moodle", methods=["GET", "POST"])
def platforms():
    db = get_db()
    errors: dict[str, str] = {}
    if request.method == "POST":
        platform, errors = services.lti.register(db, teacher().id, request.form)
        if platform:
            flash(
                f"Plateforme « {platform.name} » enregistrée : ajoutez maintenant une activité depuis Moodle."
            )
            return redirect(url_for("teacher.platforms"), 303)
    return render_template(
        "teacher/platforms.html",
        platforms=services.lti.platforms_of(db, teacher().id),
        urls=tool_urls(),
        form=request.form,
        errors=errors,
    ), 422 if errors else 200


@bp.post("/devoirs/<int:assignment_id>/notes-moodle/envoyer")
def send_grades(assignment_id: int):
    """« Réessayer » (the grades not sent yet) or « Transmettre toutes les notes » (every platform student)."""
    assignment = assignment_or_404(assignment_id)
    db = get_db()
    if request.form.get("tout"):
        services.lti.queue_all(db, assignment)
    sent, failed = services.lti.send_pending(db, assignment.id)
    if failed:
        waiting = _grades(failed, "non transmise")
        flash(f"{waiting} à Moodle ({_grades(sent, 'transmise')}) : réessayez plus tard.", "error")
    else:
        flash(f"{_grades(sent, 'transmise')} à Moodle.")
    return redirect(url_for("teacher.gradebook", assignment_id=assignment.id), 303)


def _grades(count: int, participle: str) -> str:
    """« 1 note transmise », « 3 notes non transmises », « aucune note transmise »."""
    if count == 0:
        return f"aucune note {participle}"
    plural = "s" if count > 1 else ""
    return f"{count} note{plural} {participle}{plural}"


@bp.post("/classes/<int:class_id>/liste-moodle")
def sync_roster(class_id: int):
    group = class_or_404(class_id)
    try:
        count = services.lti.sync_roster(get_db(), group.id)
    except Exception:  # the platform's service is down or refuses: say so, change nothing else
        flash("Moodle n'a pas donné la liste des participants : réessayez plus tard.", "error")
    else:
        flash(f"Liste des participants lue depuis Moodle : {count} élève{'s' if count > 1 else ''}.")
    return redirect(url_for("teacher.class_page", class_id=group.id), 303)
