"""Placeholders in pack texts (brief, hints, bank labels, messages): ``{KEY.attribute}``, ``{today+N}``.

A deliberately tiny language: a placeholder names a value, nothing else — no expressions, no code.
``{{`` and ``}}`` write literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from simulator.messages.french import elide_before

#: attributes a placeholder may ask for, by the kind of the key it names
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "company": ("name", "iban", "bic", "bank", "siret", "phone", "email", "signatory", "address"),
    "customer": ("name", "name_upper", "contact", "email", "phone", "id", "account", "address"),
    "invoice": ("number", "ttc", "ht", "vat", "date", "due", "terms", "discount_rate", "discount_deadline"),
    "credit_note": ("number", "ttc", "ht", "vat", "date"),
    "statement": ("id", "amount", "date", "leave"),
    "cheque": ("id", "amount", "date", "received", "number", "bank", "leave"),
    "slip": ("id", "amount", "date", "count"),
    "message": ("id", "date"),
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_TODAY = re.compile(r"^today(?:([+-])(\d{1,4}))?$")
_NAMED = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\.([a-z_]+)$")


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A parsed placeholder: ``key`` is ``"today"``, ``"company"`` or a scenario key."""

    text: str
    key: str
    attribute: str = ""
    days: int = 0


class TemplateError(ValueError):
    pass


def parse(template: str) -> list[str | Placeholder]:
    """Split a template into literal text and placeholders; raise TemplateError on a malformed one."""
    parts: list[str | Placeholder] = []
    pos = 0
    for match in _TOKEN.finditer(template):
        if match.start() > pos:
            parts.append(template[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
            continue
        if token in ("{", "}"):
            raise TemplateError(
                f"accolade « {token} » seule : écrivez « {token * 2} » pour une accolade littérale"
            )
        inner = (match.group(1) or "").strip()
        today = _TODAY.match(inner)
        if today:
            sign, number = today.groups()
            days = int(number) if number else 0
            parts.append(Placeholder(token, "today", "", -days if sign == "-" else days))
            continue
        named = _NAMED.match(inner)
        if not named:
            raise TemplateError(
                f"variable inconnue {token} (forme attendue : {{CLÉ.attribut}} ou {{today+N}})"
            )
        parts.append(Placeholder(token, named.group(1), named.group(2)))
    if pos < len(template):
        parts.append(template[pos:])
    return parts


def placeholders(template: str) -> list[Placeholder]:
    return [part for part in parse(template) if isinstance(part, Placeholder)]


def render(template: str, value_of: Callable[[Placeholder], str]) -> str:
    """Fill a template; ``value_of`` gives the text of each placeholder. The word before a placeholder
    is elided by its value (« de {company.name} » gives « d'Imprimerie Jacques SA », also across
    Markdown emphasis: « d'**Imprimerie Jacques SA** »), so pack authors write « de » and « le »
    as if every name began with a consonant."""
    out: list[str] = []
    for part in parse(template):
        if isinstance(part, str):
            out.append(part)
            continue
        value = value_of(part)
        if out:
            out[-1] = elide_before(out[-1], value)
        out.append(value)
    return "".join(out)
