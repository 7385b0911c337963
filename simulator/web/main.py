"""The home page, the procedure overview, and the screens still to come."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from .rendering import page_or_fragment

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str:
    return render_template("index.html", show_steps=False)


@bp.get("/procedure")
def procedure() -> Response:
    return page_or_fragment("index.html", "_procedure_steps.html", show_steps=True)


# The top bar's screens, until the student blueprint replaces them: say so rather than 404.
_SCREENS = ("comptabilite", "clients", "banque", "relances")


def _placeholder(screen: str):
    def view() -> str:
        return render_template("placeholder.html", screen=screen)

    view.__name__ = screen
    return view


for _screen in _SCREENS:
    bp.add_url_rule(f"/{_screen}", endpoint=_screen, view_func=_placeholder(_screen), methods=["GET"])
