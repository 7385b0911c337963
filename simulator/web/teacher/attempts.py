"""A student's attempt as the teacher sees it: the grade, the books against the expected ones, and the
timeline (step through the books after each action; htmx swaps the step)."""

from __future__ import annotations

from flask import request

from simulator import services

from ..db import get_db
from ..rendering import page_or_fragment
from . import bp
from .access import attempt_or_404


@bp.get("/tentatives/<int:attempt_id>")
def attempt(attempt_id: int):
    loaded = attempt_or_404(attempt_id)
    db = get_db()
    timeline = services.review.timeline(db, loaded, request.args.get("etape", type=int))
    return page_or_fragment(
        "teacher/attempt.html",
        "teacher/_timeline_step.html",
        attempt=loaded,
        result=services.attempts.result(loaded),
        timeline=timeline,
        customers={c.id: c.customer.name for c in loaded.world.customers},
        steps={s.id: s for s in loaded.grader.pack.spec.procedure} if loaded.grader else {},
    )
