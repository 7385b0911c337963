"""One template serves the full page and, for htmx, the fragment the page includes."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template

from .extensions import htmx


def page_or_fragment(page: str, fragment: str, **context: Any) -> Response:
    """Render ``fragment`` alone for an htmx request, else the ``page`` that includes it.

    The response varies on ``HX-Request`` so that a cache or the browser's back button never serves the
    bare fragment as a page. A history restore (htmx's cache missed) needs the whole page.
    """
    template = fragment if htmx and not htmx.history_restore_request else page
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response
