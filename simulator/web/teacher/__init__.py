"""The teacher's blueprint, under ``/enseignant/…``: classes, packs, assignments with their gradebook,
analytics and regrade, and a student's attempt with its timeline. One module per screen family; every view
that names a class, pack, assignment or attempt reads it through :mod:`.access` (404 when not theirs).

A guest is sent to Connexion; a student gets 404 (the teacher's side does not exist for them).
"""

from flask import Blueprint, abort
from flask_login import current_user

from ..extensions import login_manager

bp = Blueprint("teacher", __name__, url_prefix="/enseignant")


@bp.before_request
def _teachers_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role != "teacher":
        abort(404)
    return None


from . import assignments, attempts, classes, lti, packs, skills  # noqa: E402,F401  (the modules register their routes)
