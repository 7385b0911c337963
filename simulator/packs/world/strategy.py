"""Configurer une stratégie: the strategy a brief asks for, drawn per seed from the scenario's declarative
variants (which guide, the days of each level), its description in the brief, and the reference actions
that configure it."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from simulator.ledger.model import FollowupLevel
from simulator.ledger.strategy import LEVEL_ACTIONS
from simulator.packs.spec.loader import Pack
from simulator.packs.spec.schema import OffsetRange, ScenarioSpec, StrategySpec
from simulator.packs.spec.strategy import levels_of
from simulator.packs.world.model import Expected, StrategyTarget, TargetLevel

#: How the brief and the screens name each action of a level (screens.md › Niveaux de relance).
ACTION_LABELS: dict[str, str] = {
    "email": "Envoyer un e-mail",
    "letter": "Imprimer une lettre",
    "phone": "Appel téléphonique",
    "sales_warning": "Ajouter un avertissement sur les ventes",
    "registered_letter": "Lettre recommandée avec AR",
    "litigation": "Transmettre au contentieux",
}


def draw_target(spec: StrategySpec, rng: random.Random) -> StrategyTarget:
    """One variant, then each level's days in its range, in the order the scenario declares them."""
    variant = spec.variants[rng.randrange(len(spec.variants))]
    levels = []
    for level in variant.levels:
        days = (
            rng.randint(level.days.min, level.days.max) if isinstance(level.days, OffsetRange) else level.days
        )
        levels.append(
            TargetLevel(
                name=level.name.replace("{days}", str(days)),
                days=days,
                actions=tuple(a for a in LEVEL_ACTIONS if a in level.actions),
                marker=level.marker,
                placeholders=tuple(level.template),
            )
        )
    return StrategyTarget(variant.guide, tuple(levels))


def describe(target: StrategyTarget) -> str:
    """The strategy in the brief's Markdown: one item per level, in the guide's words."""
    lines = [f"**La stratégie à configurer** ({target.guide}) :", ""]
    for level in target.levels:
        marker = f" (marqueur {level.marker})" if level.marker else ""
        actions = ", ".join(ACTION_LABELS[a].lower() for a in level.actions)
        text = f"- **{level.name}**{marker} : après {level.days} jours échus ; actions : {actions}"
        if level.placeholders:
            text += " ; modèle de lettre citant " + ", ".join(f"`%({p})s`" for p in level.placeholders)
        lines.append(text + ".")
    return "\n".join(lines)


#: The reference template's sentences, each with the placeholders it uses.
_SENTENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("%(courtesy_title)s,", ("courtesy_title",)),
    (
        "Sauf erreur de notre part, %(partner_name)s reste nous devoir %(amount_due)s au titre des factures "
        "%(invoice_numbers)s, échues le %(due_dates)s.",
        ("partner_name", "amount_due", "invoice_numbers", "due_dates"),
    ),
    ("%(invoice_lines)s", ("invoice_lines",)),
    (
        "Nous vous rappelons que tout retard de paiement entraîne des pénalités au taux annuel de "
        "%(penalty_rate)s (%(penalties)s à ce jour) et une indemnité forfaitaire de recouvrement de "
        "%(indemnity)s par facture, soit %(indemnity_total)s.",
        ("penalty_rate", "penalties", "indemnity", "indemnity_total"),
    ),
    ("Nous vous demandons de régler cette somme avant le %(deadline)s.", ("deadline",)),
    ("Règlement par virement : IBAN %(iban)s, BIC %(bic)s.", ("iban", "bic")),
    ("Veuillez agréer nos salutations distinguées.", ()),
    ("%(date)s\n%(user_signature)s\n%(company_name)s", ("date", "user_signature", "company_name")),
)


def reference_template(level: TargetLevel) -> str:
    """A letter text that uses every placeholder ``level`` asks for (and the usual ones)."""
    usual = {"courtesy_title", "partner_name", "amount_due", "invoice_numbers", "due_dates", "user_signature"}
    wanted = usual | set(level.placeholders)
    return "\n\n".join(text for text, used in _SENTENCES if not used or wanted & set(used))


def reference_actions(start: Sequence[FollowupLevel], target: StrategyTarget) -> list[dict[str, Any]]:
    """Remove the levels the world starts with (the first one, as many times as there are), then add the
    target's levels."""
    actions: list[dict[str, Any]] = [{"type": "remove_followup_level", "level": 1} for _ in start]
    for level in target.levels:
        action: dict[str, Any] = {
            "type": "add_followup_level",
            "name": level.name,
            "days": level.days,
            "actions": list(level.actions),
        }
        if level.marker:
            action["marker"] = level.marker
        if level.placeholders:
            action["template"] = reference_template(level)
        actions.append(action)
    return actions


def starting_levels(pack: Pack, scenario: ScenarioSpec) -> tuple[FollowupLevel, ...]:
    """The levels a world starts with, each with its letter: the scenario's own ``followup_levels`` if it
    gives them, else the pack's."""
    if scenario.followup_levels is None:
        return pack.followup_levels
    return levels_of(scenario.followup_levels)


def describe_strategy(expected: Expected) -> str:
    """What the brief gets after its text: the strategy to configure, if the scenario asks for one."""
    return f"\n\n{describe(expected.strategy)}" if expected.strategy is not None else ""
