"""Mes devoirs: the assignments of the student's classes with their state and deadline, and the button that
starts (or resumes) the attempt of a scenario of an assignment."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from simulator import services

from ..db import get_db
from . import bp


@bp.get("/devoirs")
@login_required
def my_assignments():
    return render_template(
        "student/assignments.html",
        assignments=services.assignments.for_student(get_db(), current_user.id),
        states=services.assignments.STATES,
        modes=services.assignments.MODES,
        local=services.assignments.local,
    )


@bp.post("/devoirs/<int:assignment_id>/<scenario>")
@login_required
def start_assignment(assignment_id: int, scenario: str):
    db = get_db()
    assignment = services.assignments.member_assignment(db, current_user.id, assignment_id)
    if assignment is None:
        abort(404)
    attempt, refusal = services.assignment_attempts.start(db, current_user.id, assignment, scenario)
    if attempt is None:
        flash(refusal, "error")
        return redirect(url_for("student.my_assignments"), 303)
    return redirect(url_for("student.brief", attempt_id=attempt.id), 303)
