"""The follow-up strategy (Mint « Stratégie de relance », Odoo « Niveaux de relance »): the levels the books
hold (``books.levels``), changed by the student, and the warning on sales a level may carry.

The levels are kept sorted by their days after the due date and numbered 1, 2, 3… in that order: adding a
level puts it at its place and renumbers the next ones; removing one renumbers the next ones down; an edit
keeps its number, so its days must stay between its neighbours'. Reminders and lots logged at a level move
with it to its new number (:func:`_with_levels`). Since the level a customer is at is
derived from ``books.levels`` (:func:`simulator.ledger.followup.followup_level`), the strategy the student
configures drives the levels of the attempt, as in a real ERP.

A level's letter template is checked by the caller against the letter placeholders
(``simulator.packs.spec.letter_template``, the one vocabulary of letters): the ledger only stores its text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from .books import Books
from .followup import days_overdue, followup_level, overdue_invoices
from .model import FollowupLevel
from .problems import Problem

#: What a level can do when it is reached, in the order screens list them.
LEVEL_ACTIONS: tuple[str, ...] = (
    "email",  # Envoyer un e-mail
    "letter",  # Imprimer une lettre
    "phone",  # Appel téléphonique
    "sales_warning",  # Ajouter un avertissement sur les ventes
    "registered_letter",  # lettre recommandée avec AR (mise en demeure)
    "litigation",  # transmission au contentieux
)
SALES_WARNING = "sales_warning"
MAX_DAYS = 3650
MAX_NAME = 120
MAX_MARKER = 12
MAX_TEMPLATE = 5000


def name_key(text: str) -> str:
    """A level name as compared: accents, case and spacing ignored (« Retard  1 » = « retard 1 »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("\u2019", "'").split())


def _renumbered(levels: Sequence[FollowupLevel]) -> tuple[FollowupLevel, ...]:
    ordered = sorted(levels, key=lambda lvl: lvl.days)
    return tuple(lvl if lvl.level == i else replace(lvl, level=i) for i, lvl in enumerate(ordered, start=1))


def _with_levels(books: Books, levels: tuple[FollowupLevel, ...]) -> Books:
    """``books`` with the strategy ``levels``; what was logged at a level (reminders, lots) follows that
    level to its new number, so a customer already reminded at a level is not listed again because a level
    was added before it. A level is known by its days (no two levels share them); a reminder at a removed
    level counts for the level below it."""
    new_number = {lvl.days: lvl.level for lvl in levels}
    moved = {
        old.level: new_number.get(
            old.days, max((lvl.level for lvl in levels if lvl.days < old.days), default=0)
        )
        for old in books.levels
    }
    if all(old == new for old, new in moved.items()):
        return books.evolve(levels=levels)
    followup = tuple(replace(e, level=moved[e.level]) if e.level in moved else e for e in books.followup)
    lots = tuple(replace(lot, level=moved[lot.level]) if lot.level in moved else lot for lot in books.lots)
    return books.evolve(levels=levels, followup=followup, lots=lots)


def _level_problems(
    others: Sequence[FollowupLevel], name: str, days: int, actions: Sequence[str], marker: str, template: str
) -> list[Problem]:
    """What is wrong with a level named ``name``… beside the ``others`` levels of the strategy."""
    problems: list[Problem] = []
    if not name.strip():
        problems.append(Problem("level_name_required", "name", {}))
    elif len(name) > MAX_NAME:
        problems.append(Problem("level_name_too_long", "name", {"max": MAX_NAME}))
    else:
        twin = next((o for o in others if name_key(o.name) == name_key(name)), None)
        if twin is not None:
            problems.append(
                Problem("level_name_taken", "name", {"level_name": name.strip(), "level": twin.level})
            )
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        problems.append(Problem("level_days_invalid", "days", {"value": days, "max": MAX_DAYS}))
    else:
        twin = next((o for o in others if o.days == days), None)
        if twin is not None:
            problems.append(
                Problem(
                    "level_days_taken", "days", {"days": days, "level": twin.level, "level_name": twin.name}
                )
            )
    unknown = [a for a in actions if a not in LEVEL_ACTIONS]
    if unknown:
        problems.append(Problem("level_action_unknown", "actions", {"action": unknown[0]}))
    elif not actions:
        problems.append(Problem("level_actions_required", "actions", {}))
    if len(marker) > MAX_MARKER:
        problems.append(Problem("level_marker_too_long", "marker", {"max": MAX_MARKER}))
    elif marker.strip():
        twin = next((o for o in others if o.marker and name_key(o.marker) == name_key(marker)), None)
        if twin is not None:
            problems.append(
                Problem("level_marker_taken", "marker", {"marker": marker.strip(), "level": twin.level})
            )
    if len(template) > MAX_TEMPLATE:
        problems.append(Problem("level_template_too_long", "template", {"max": MAX_TEMPLATE}))
    return problems


def _make(
    level: int, name: str, days: int, actions: Sequence[str], marker: str, template: str
) -> FollowupLevel:
    ordered = tuple(a for a in LEVEL_ACTIONS if a in set(actions))
    return FollowupLevel(level, days, name.strip(), ordered, marker.strip(), template.strip())


def add_level(
    books: Books,
    *,
    name: str,
    days: int,
    actions: Sequence[str],
    marker: str = "",
    template: str = "",
) -> tuple[Books, list[Problem]]:
    """Ajouter un niveau: a new level reached ``days`` after the due date; it takes its place by its days
    and the levels after it move up one number."""
    problems = _level_problems(books.levels, name, days, actions, marker, template)
    if problems:
        return books, problems
    new = _make(0, name, days, actions, marker, template)
    return _with_levels(books, _renumbered((*books.levels, new))), []


def update_level(
    books: Books,
    *,
    level: int,
    name: str,
    days: int,
    actions: Sequence[str],
    marker: str = "",
    template: str = "",
) -> tuple[Books, list[Problem]]:
    """Modifier un niveau: level ``level`` gets these fields and keeps its number, so its days must stay
    strictly between the previous level's and the next one's."""
    current = next((lvl for lvl in books.levels if lvl.level == level), None)
    if current is None:
        return books, [Problem("unknown_level", "level", {"level": level})]
    others = [lvl for lvl in books.levels if lvl.level != level]
    problems = _level_problems(others, name, days, actions, marker, template)
    if not any(p.field == "days" for p in problems):
        before = [o for o in others if o.level < level]
        after = [o for o in others if o.level > level]
        low = before[-1] if before else None
        high = after[0] if after else None
        if (low and days <= low.days) or (high and days >= high.days):
            problems.append(_order_problem(level, low, high))
    if problems:
        return books, problems
    changed = _make(level, name, days, actions, marker, template)
    return books.evolve(levels=tuple(changed if lvl.level == level else lvl for lvl in books.levels)), []


def _order_problem(level: int, low: FollowupLevel | None, high: FollowupLevel | None) -> Problem:
    if low and high:
        return Problem(
            "level_days_between",
            "days",
            {
                "level": level,
                "low": low.level,
                "low_days": low.days,
                "high": high.level,
                "high_days": high.days,
            },
        )
    if low:
        return Problem("level_days_after", "days", {"level": level, "low": low.level, "low_days": low.days})
    return Problem("level_days_before", "days", {"level": level, "high": high.level, "high_days": high.days})  # type: ignore[union-attr]


def remove_level(books: Books, *, level: int) -> tuple[Books, list[Problem]]:
    """Supprimer un niveau: the levels after it move down one number."""
    if not any(lvl.level == level for lvl in books.levels):
        return books, [Problem("unknown_level", "level", {"level": level})]
    return _with_levels(books, _renumbered([lvl for lvl in books.levels if lvl.level != level])), []


def warns_on_sales(levels: Sequence[FollowupLevel], level: int) -> bool:
    """True when a customer at ``level`` gets the warning on sales (new quotes, the customer form): the
    level carries the action « Ajouter un avertissement sur les ventes ». A strategy where no level carries
    it warns at its last level (Odoo's default, and every pack written before the action existed)."""
    if not level:
        return False
    if any(SALES_WARNING in lvl.actions for lvl in levels):
        return any(lvl.level == level and SALES_WARNING in lvl.actions for lvl in levels)
    return level == max((lvl.level for lvl in levels), default=0)


def sales_warning_days(books: Books, customer: str, at: date | None = None) -> int:
    """The N of « Attention dépassement de la date d'échéance du paiement de N jours » on a new quote for
    ``customer``: the days overdue of its most overdue invoice when its level warns on sales, else 0."""
    if customer not in books.customers:
        return 0
    level = followup_level(books, customer, at)
    if not warns_on_sales(books.levels, level):
        return 0
    return days_overdue(books, overdue_invoices(books, customer, at)[0], at)
