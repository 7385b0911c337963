"""French error pages; no stack trace ever reaches the browser. Every response says ``nosniff``."""

from __future__ import annotations

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

#: A form posted with a missing or stale CSRF token: most often a page left open across a restart or a
#: new login. What to do, not what went wrong.
PAGE_EXPIRED = "La page a expiré : rechargez-la (F5) puis recommencez."


def _render_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    return render_template("error.html", code=code), code


def _render_csrf(error: CSRFError) -> tuple[str, int]:
    return render_template("error.html", code=400, title="Page expirée", message=PAGE_EXPIRED), 400


def _no_sniffing(response: Response) -> Response:
    """Browsers take each response for the type it declares (JSON stays JSON, never run as a script)."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _render_csrf)
    app.register_error_handler(HTTPException, _render_error)
    # Unhandled exceptions reach Flask as InternalServerError once logged; show the same French page.
    app.register_error_handler(InternalServerError, _render_error)
    app.after_request(_no_sniffing)
