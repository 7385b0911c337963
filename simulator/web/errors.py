"""French error pages; no stack trace ever reaches the browser. Every response says ``nosniff``.

Each domain exception a view lets through has one handler here, so that views call the services and do not
catch: a submission refused goes back to the confirmation page with the reason, a document that cannot be
printed or a platform's link this tool does not know is a 404, an attempt the grading API cannot read is a 400 with its French reasons."""

from __future__ import annotations

from flask import Flask, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from simulator.services.grading import AttemptError
from simulator.services.lti import UnknownLink
from simulator.services.reports import DocumentUnavailable
from simulator.services.submission import SubmissionRefused

#: A form posted with a missing or stale CSRF token: most often a page left open across a restart or a
#: new login. What to do, not what went wrong.
PAGE_EXPIRED = "La page a expiré : rechargez-la (F5) puis recommencez."


def _render_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    return render_template("error.html", code=code), code


def _render_csrf(error: CSRFError) -> tuple[str, int]:
    return render_template("error.html", code=400, title="Page expirée", message=PAGE_EXPIRED), 400


def _submission_refused(error: SubmissionRefused) -> Response:
    """The assignment is closed or its submissions are used up: back to « Rendre le travail », with why."""
    flash(str(error), "error")
    attempt_id = (request.view_args or {}).get("attempt_id")
    return redirect(url_for("student.confirm_submit", attempt_id=attempt_id), 303)


def _not_found(error: DocumentUnavailable | UnknownLink) -> tuple[str, int]:
    """A letter, statement or debit note that does not exist for this customer (or not yet), a launch from
    a platform's link this tool does not know: the French 404 page."""
    return _render_error(NotFound())


def _attempt_unreadable(error: AttemptError) -> tuple[Response, int]:
    """The grading API's answer to an attempt it cannot grade: its French reasons."""
    return jsonify({"errors": list(error.reasons)}), 400


def _no_sniffing(response: Response) -> Response:
    """Browsers take each response for the type it declares (JSON stays JSON, never run as a script)."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _render_csrf)
    app.register_error_handler(HTTPException, _render_error)
    # Unhandled exceptions reach Flask as InternalServerError once logged; show the same French page.
    app.register_error_handler(InternalServerError, _render_error)
    app.register_error_handler(SubmissionRefused, _submission_refused)
    app.register_error_handler(DocumentUnavailable, _not_found)
    app.register_error_handler(UnknownLink, _not_found)
    app.register_error_handler(AttemptError, _attempt_unreadable)
    app.after_request(_no_sniffing)
