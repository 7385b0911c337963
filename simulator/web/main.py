"""The home page, the procedure overview, and the health check of a load balancer."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, url_for

from .rendering import page_or_fragment

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str:
    return render_template("index.html", show_steps=False)


@bp.get("/sante")
def health() -> tuple[str, int, dict[str, str]]:
    """For a load balancer's probe: 200 when this host answers and reaches its database, else 503."""
    from .db import database_answers

    headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    if database_answers():
        return "ok\n", 200, headers
    return "base de données injoignable\n", 503, headers


@bp.get("/procedure")
def procedure() -> Response:
    return page_or_fragment("index.html", "_procedure_steps.html", show_steps=True)


# The screens the first top bar linked to: they live in an attempt now; start from the catalogue.
_OLD_SCREENS = ("comptabilite", "clients", "banque", "relances")


def _to_catalogue():
    return redirect(url_for("student.catalogue"))


for _screen in _OLD_SCREENS:
    bp.add_url_rule(f"/{_screen}", endpoint=_screen, view_func=_to_catalogue, methods=["GET"])
