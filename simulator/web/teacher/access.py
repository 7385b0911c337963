"""The one way a teacher's view reads what it names: each function returns the thing if the logged-in
teacher owns it (or, for a pack, may use it), and answers 404 otherwise — whether it exists or not."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from simulator import services, store
from simulator.services.attempts import LoadedAttempt

from ..db import get_db


def class_or_404(class_id: int) -> store.ClassRecord:
    return services.classes.owned(get_db(), current_user.id, class_id) or abort(404)


def pack_or_404(pack_id: str, version: str) -> store.PackRecord:
    return services.packs.visible(get_db(), current_user.id, pack_id, version) or abort(404)


def assignment_or_404(assignment_id: int) -> store.AssignmentRecord:
    return services.assignments.owned(get_db(), current_user.id, assignment_id) or abort(404)


def attempt_or_404(attempt_id: int) -> LoadedAttempt:
    return services.review.attempt_for_teacher(get_db(), current_user.id, attempt_id) or abort(404)


def teacher() -> store.User:
    return current_user.user
