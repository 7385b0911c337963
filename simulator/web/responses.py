"""The answer to a form that posted one action, the same way on every screen (design.md, Web conventions):

- accepted: plain POST -> 303 redirect to the screen (no-JS path); htmx -> the fragment of the new state,
  with ``HX-Trigger`` naming what changed so other panels refresh;
- refused: 422 with the page (plain) or the fragment (htmx) re-rendered with the messages by field and what
  the student typed; nothing was stored;
- conflict (another tab) or frozen (handed in): htmx -> 409 + ``HX-Refresh`` (the page reloads); plain ->
  a flash message and a redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, flash, redirect

from simulator import services
from simulator.services.attempts import ActionResult, LoadedAttempt

from .db import get_db
from .extensions import htmx
from .forms import ActionForm
from .rendering import page_or_fragment

Context = Callable[[LoadedAttempt], dict[str, Any]]


def perform(
    attempt: LoadedAttempt,
    action: dict[str, Any],
    form: ActionForm | None = None,
    labels: dict[str, str] | None = None,
) -> ActionResult:
    """Apply the action unless the form's own fields did not parse (then refused, the service not called).
    ``labels`` name the action's fields as the form shows them, for messages like « Le champ … est
    obligatoire »."""
    if form is not None and form.errors:
        return ActionResult("refused", attempt, dict(form.errors))
    return services.attempts.apply_action(get_db(), attempt, action, labels=labels)


def action_response(
    result: ActionResult,
    *,
    page: str,
    fragment: str,
    redirect_to: str,
    trigger: str,
    context: Context,
    form: dict[str, str] | None = None,
) -> Response:
    """``context(attempt)`` gives the template variables of the screen for the attempt's new (or unchanged)
    state; ``form`` is what was posted, to refill the fields after a refusal."""
    if result.status in ("conflict", "frozen"):
        if htmx:
            response = Response(result.errors.get("", ""), 409, mimetype="text/plain")
            response.headers["HX-Refresh"] = "true"
            return response
        flash(result.errors.get("", ""), "error")
        return redirect(redirect_to, 303)
    if result.accepted and not htmx:
        return redirect(redirect_to, 303)
    variables = {**context(result.attempt), "errors": result.errors, "form": form or {}}
    if result.accepted:
        variables["form"] = {}
    response = page_or_fragment(page, fragment, **variables)
    if result.accepted:
        response.headers["HX-Trigger"] = trigger
    else:
        response.status_code = 422
    return response


def pdf_response(body: bytes, filename: str) -> Response:
    """A printed document shown inline by the browser (the screens open it in a new tab)."""
    return Response(
        body, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )
