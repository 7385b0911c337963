"""Mes classes: create a class, its join code (regenerate), its roster (remove a student, one-time
password-reset link) and its assignments."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from simulator import services

from ..db import get_db
from . import bp
from .access import class_or_404, teacher


@bp.get("/")
def home():
    return redirect(url_for("teacher.classes"))


@bp.route("/classes", methods=["GET", "POST"])
def classes():
    errors: dict[str, str] = {}
    if request.method == "POST":
        group, errors = services.classes.create(get_db(), teacher(), request.form.get("name", ""))
        if group:
            flash(f"Classe « {group.name} » créée. Code pour la rejoindre : {group.join_code}")
            return redirect(url_for("teacher.class_page", class_id=group.id), 303)
    return render_template(
        "teacher/classes.html",
        classes=services.classes.of_teacher(get_db(), teacher().id),
        form=request.form,
        errors=errors,
    ), 422 if errors else 200


@bp.get("/classes/<int:class_id>")
def class_page(class_id: int):
    group = class_or_404(class_id)
    db = get_db()
    return render_template(
        "teacher/class.html",
        group=group,
        members=services.classes.roster(db, group),
        assignments=services.assignments.of_class(db, group),
        states=services.assignments.STATES,
        state=services.assignments.state,
        local=services.assignments.local,
        moodle=services.lti.roster_state(db, group.id),
        course=services.lti.course_of(db, group.id),
    )


@bp.post("/classes/<int:class_id>/code")
def regenerate_code(class_id: int):
    code = services.classes.regenerate_code(get_db(), class_or_404(class_id))
    flash(f"Nouveau code : {code}. L'ancien ne fonctionne plus.")
    return redirect(url_for("teacher.class_page", class_id=class_id), 303)


@bp.post("/classes/<int:class_id>/eleves/<int:user_id>/retirer")
def remove_student(class_id: int, user_id: int):
    group = class_or_404(class_id)
    if services.classes.remove_student(get_db(), group, user_id):
        flash("L'élève a été retiré de la classe (ses tentatives sont conservées).")
    return redirect(url_for("teacher.class_page", class_id=class_id), 303)


@bp.post("/classes/<int:class_id>/eleves/<int:user_id>/lien")
def reset_link(class_id: int, user_id: int):
    found = services.classes.reset_link_token(get_db(), class_or_404(class_id), user_id)
    if found is None:
        return render_template("error.html", code=404), 404
    member, token = found
    return render_template(
        "teacher/reset_link.html",
        class_id=class_id,
        member=member,
        link=url_for("auth.one_time_link", token=token, _external=True),
    )
