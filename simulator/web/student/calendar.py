"""The calendar control of the attempt bar in a scenario whose calendar moves (« Passer au jour suivant »,
« Avancer de N jours »): it posts ``advance_days`` (docs/grading.md). It is a plain form on every screen:
a day change changes every panel, so the answer is the page itself (303 back to the screen it came from);
a refusal is the control alone with its message next to the field (422). The litigation actions of such a
scenario are in :mod:`.litigation`.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from ..access import attempt_or_404
from ..forms import ActionForm, whole_number
from ..responses import perform
from . import bp

CALENDAR_LABELS = {"days": "Avancer de"}


def _back(attempt_id: int) -> str:
    """The screen the control was used on (a path of this attempt), else Clients à relancer."""
    back = request.form.get("next", "")
    if back.startswith(f"/tentatives/{attempt_id}/") and "//" not in back and "\\" not in back:
        return back
    return url_for("student.followup", attempt_id=attempt_id)


@bp.post("/tentatives/<int:attempt_id>/calendrier")
def advance_days(attempt_id: int):
    attempt = attempt_or_404(attempt_id)
    if not attempt.world.calendar_moves:
        abort(404)
    form = ActionForm(request.form)
    days = whole_number(request.form.get("days"))
    result = perform(attempt, {"type": "advance_days", "days": days}, form, labels=CALENDAR_LABELS)
    if result.accepted or result.status in ("conflict", "frozen"):
        return redirect(_back(attempt_id), 303)
    page = render_template(
        "student/calendar.html", attempt=result.attempt, errors=result.errors, form=request.form.to_dict()
    )
    return page, 422
