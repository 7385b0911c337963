"""Texts with placeholders (brief, hints, line labels, credit note reasons, bank labels, messages, history):
each placeholder is well formed, names a key or ``company``/``today`` with an attribute its kind has, and
an item that exists whenever the text does."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from simulator.packs.spec import placeholders as ph
from simulator.packs.spec.checks.context import ScenarioContext
from simulator.packs.spec.schema import FromDocuments
from simulator.packs.spec.yamlsource import Loc


def templates(ctx: ScenarioContext) -> Iterator[tuple[Loc, str, str | None]]:
    """(location, template, group of the item holding it) for every text that takes placeholders."""
    s = ctx.scenario
    yield ("brief",), s.brief, None
    for i, hint in enumerate(s.hints):
        yield ("hints", i), hint, None
    for section in ("invoices", "credit_notes"):
        for i, doc in enumerate(getattr(s, section)):
            group = doc.when.group if doc.when else None
            for j, line in enumerate(doc.lines):
                if line.label is not None:
                    yield (section, i, "lines", j, "label"), line.label, group
            if section == "credit_notes":
                yield (section, i, "reason"), doc.reason, group
    for i, line in enumerate(s.statement):
        yield ("statement", i, "label"), line.label, line.when.group if line.when else None
    for i, msg in enumerate(s.messages):
        group = msg.when.group if msg.when else None
        yield ("messages", i, "subject"), msg.subject, group
        yield ("messages", i, "body"), msg.body, group
    for i, entry in enumerate(s.history):
        yield ("history", i, "text"), entry.text, ctx.group_of(entry.customer)


def check_templates(ctx: ScenarioContext) -> None:
    for loc, template, group in templates(ctx):
        try:
            found = ph.placeholders(template)
        except ph.TemplateError as exc:
            ctx.error(loc, str(exc))
            continue
        for p in found:
            check_placeholder(ctx, loc, p, group)


def check_placeholder(ctx: ScenarioContext, loc: Loc, p: ph.Placeholder, group: str | None) -> None:
    if p.key == "today":
        return
    if p.key == "company":
        kind = "company"
    else:
        item = ctx.items.get(p.key)
        if item is None and p.key in ctx.pruned.broken_keys:
            return
        if item is None:
            close = difflib.get_close_matches(p.key, list(ctx.items) + ["company"], n=1)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            ctx.error(loc, f"variable inconnue {p.text} : « {p.key} » n'est pas une clé du scénario{hint}")
            return
        kind = item.kind
        if item.group is not None and item.group != group:
            ctx.error(
                loc,
                f"variable {p.text} : « {p.key} » appartient au groupe « {item.group} » (when) et peut manquer",
            )
    allowed = ph.ATTRIBUTES[kind]
    if p.attribute not in allowed:
        ctx.error(
            loc, f"variable inconnue {p.text} : attributs possibles de « {p.key} » : {', '.join(allowed)}"
        )
        return
    if p.attribute == "leave":
        amount = ctx.items[p.key].spec.amount
        if not (isinstance(amount, FromDocuments) and amount.leave is not None):
            ctx.error(
                loc, f"variable {p.text} : « {p.key} » ne laisse pas de reste (pas de leave dans son montant)"
            )
    if p.attribute in ("discount_rate", "discount_deadline") and ctx.items[p.key].spec.discount is None:
        ctx.error(loc, f"variable {p.text} : la facture « {p.key} » n'a pas d'escompte")
