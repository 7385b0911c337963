"""Markdown of pack data (scenario briefs) rendered safely: raw HTML is escaped before Markdown sees it,
and a link keeps only an http(s) or mailto address."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "#", "/")


class _SafeLinks(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not value.strip().lower().startswith(_SAFE_SCHEMES):
                    del element.attrib[attribute]


class _SafeLinksExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_SafeLinks(md), "lettrage_safe_links", 0)


def render_markdown(text: str) -> Markup:
    return Markup(markdown.markdown(html.escape(text, quote=False), extensions=[_SafeLinksExtension()]))
