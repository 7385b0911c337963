"""The one renderer of printed documents: Jinja templates under ``templates/documents/`` (a plain Jinja
environment, no Flask, so the command line renders without an app), one print stylesheet, and WeasyPrint
imported on the first PDF only (``import weasyprint`` costs ~0.6 s; the app and the CLI start without it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2

from simulator import formatting
from simulator.messages import french
from simulator.resources import resource_path

STYLESHEET = "documents/print.css"


class DocumentUnavailable(ValueError):
    """The document cannot be produced for this world and these books; the message is French."""


@dataclass(frozen=True)
class Printable:
    """A document ready to lay out: its template, its French title (also the PDF's title), its data."""

    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_path("templates"))),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        money=formatting.format_money,
        amount=formatting.format_amount,
        date_fr=formatting.format_date,
        date_long=formatting.format_date_long,
        rate=formatting.format_rate,
        de=french.de,
        points=formatting.format_points,
    )
    return env


def to_html(doc: Printable) -> str:
    return environment().get_template(doc.template).render(title=doc.title, **doc.context)


@lru_cache(maxsize=1)
def _stylesheet():
    import weasyprint

    return weasyprint.CSS(filename=str(resource_path("templates") / STYLESHEET))


def to_pdf(doc: Printable) -> bytes:
    """The document as an A4 PDF."""
    import weasyprint

    html = weasyprint.HTML(string=to_html(doc), base_url=str(resource_path("templates") / "documents"))
    return html.write_pdf(stylesheets=[_stylesheet()])
