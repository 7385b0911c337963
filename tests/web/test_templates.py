"""House rules for templates: French text goes through ``_()``, a template is either a page or an
``_fragment.html`` that a page includes, and htmx swaps what the server answers (no ``hx-select``).

The printed documents under ``templates/documents/`` are rendered by simulator.documents with a plain Jinja
environment (no Flask, no gettext): their pages extend ``documents/base.html`` and only the page/fragment rule
applies to them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from simulator.resources import resource_path

TEMPLATES = resource_path("templates")
EVERY = sorted(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html"))
ALL = [name for name in EVERY if not name.startswith("documents/")]  # the web pages
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
INCLUDE = re.compile(r"""\{%-?\s*include\s+["']([^"']+)["']""")
#: Attributes a user reads or hears.
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "value", "hx-confirm", "hx-prompt"}


class _BareText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value and re.search(r"[^\W\d_]", value):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and re.search(r"[^\W\d_]", data):
            self.found.append(data.strip())


def test_there_are_templates():
    assert "base.html" in ALL and "index.html" in ALL


@pytest.mark.parametrize("name", ALL)
def test_every_visible_string_goes_through_gettext(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    parser = _BareText()
    parser.feed(JINJA.sub("\u00a7", source))
    assert parser.found == [], f"{name}: wrap these in _(): {parser.found}"


def test_the_rule_catches_bare_text():
    parser = _BareText()
    parser.feed(JINJA.sub("\u00a7", '<p>{{ _("Bonjour") }} Relances</p><input placeholder="Montant">'))
    assert parser.found == ["\u00a7 Relances", 'placeholder="Montant"']


#: Layouts a page may extend (base.html, or workspace.html for the screens of an attempt).
LAYOUTS = ("base.html", "workspace.html")
#: Jinja macro libraries: imported, never included or extended.
MACRO_LIBRARIES = ("macros.html", "result_parts.html", "teacher/charts.html")


def test_macro_libraries_hold_only_macros_and_are_imported():
    for name in MACRO_LIBRARIES:
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        assert "{% macro" in source and "{% extends" not in source and "{% block" not in source
        assert any(f'import "{name}"' in (TEMPLATES / other).read_text("utf-8") for other in ALL)


@pytest.mark.parametrize("name", [n for n in EVERY if n not in MACRO_LIBRARIES])
def test_a_template_is_a_page_or_an_included_fragment(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    for included in INCLUDE.findall(source):
        assert included.rsplit("/", 1)[-1].startswith("_"), f"{name} includes {included}, not a _fragment"
    if name.rsplit("/", 1)[-1].startswith("_"):
        includers = [
            other for other in EVERY if name in INCLUDE.findall((TEMPLATES / other).read_text("utf-8"))
        ]
        assert includers, f"{name} is a fragment that no page includes"
    elif name not in ("base.html", "documents/base.html"):
        layouts = ("documents/base.html",) if name.startswith("documents/") else LAYOUTS
        extended = re.search(r'\{%-?\s*extends\s+"([^"]+)"', source)
        assert extended and extended[1] in layouts, f"{name} is a page that does not extend a layout"


def test_no_template_picks_its_swap_out_of_a_bigger_answer():
    """design.md: an htmx request gets the fragment it swaps, alone (a fragment per form or panel), so no
    element asks htmx to cut it out of a whole page with ``hx-select``."""
    found = [name for name in EVERY if "hx-select" in (TEMPLATES / name).read_text(encoding="utf-8")]
    assert found == [], f"hx-select in: {found}"
