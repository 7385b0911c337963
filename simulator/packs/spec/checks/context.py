"""The state every cross-check of a scenario reads: the scenario, its file (for file:line), the keys it
declares, our company and reminder plan as inherited from pack.yaml — and the two questions every check asks
of it: where a location is in the file (:meth:`ScenarioContext.error`) and whether a key names an item of the
wanted kind that exists whenever its holder does (:meth:`ScenarioContext.ref`).

A scenario whose schema errors all lie inside list items is checked on the rest: :func:`prune` leaves those
items out and remembers where the kept ones were in the file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from simulator.ledger.model import FollowupLevel
from simulator.packs.spec.schema import CompanyOverride, PackSpec, ScenarioSpec
from simulator.packs.spec.strategy import levels_of
from simulator.packs.spec.yamlsource import Loc, Source

#: what a kind of item is called in a message, with its section
KIND_NAMES = {
    "customer": "un client (customers)",
    "invoice": "une facture (invoices)",
    "credit_note": "un avoir (credit_notes)",
    "statement": "une ligne du relevé (statement)",
    "cheque": "un chèque (cheques)",
    "slip": "une remise de chèques (slips)",
}


@dataclass
class Item:
    """A keyed item of the scenario: its kind, where it is declared, its spec."""

    kind: str
    loc: Loc
    spec: Any

    @property
    def group(self) -> str | None:
        when = getattr(self.spec, "when", None)
        return when.group if when else None


@dataclass
class Pruned:
    """A scenario with its invalid list items left out, so that the cross-checks can still run on the
    rest: ``kept[prefix]`` maps each kept item's new index to its index in the file."""

    kept: dict[Loc, list[int]] = field(default_factory=dict)
    broken_keys: set[str] = field(default_factory=set)


#: the lists whose invalid items can be left out
PRUNABLE: tuple[Loc, ...] = (
    ("customers",),
    ("invoices",),
    ("credit_notes",),
    ("statement",),
    ("cheques",),
    ("slips",),
    ("messages",),
    ("rubric",),
    ("hints",),
    ("expected", "receipts"),
    ("expected", "reminders"),
)


def prune(data: Any, errors: list[dict[str, Any]]) -> tuple[Any, Pruned] | None:
    """``data`` without the list items that fail the schema, or None when an error lies elsewhere."""
    bad: dict[Loc, set[int]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        prefix = next(
            (
                p
                for p in PRUNABLE
                if loc[: len(p)] == p and len(loc) > len(p) and isinstance(loc[len(p)], int)
            ),
            None,
        )
        if prefix is None:
            return None
        bad.setdefault(prefix, set()).add(loc[len(prefix)])
    pruned = Pruned()
    data = dict(data)
    for prefix, indexes in bad.items():
        parent = data
        for part in prefix[:-1]:
            parent[part] = dict(parent[part])
            parent = parent[part]
        items = parent[prefix[-1]]
        for i in sorted(indexes):
            if isinstance(items[i], dict) and isinstance(items[i].get("key"), str):
                pruned.broken_keys.add(items[i]["key"])
        pruned.kept[prefix] = [i for i in range(len(items)) if i not in indexes]
        parent[prefix[-1]] = [items[i] for i in pruned.kept[prefix]]
    return data, pruned


class ScenarioContext:
    """One scenario being cross-checked: problems go to its source at their line in the file."""

    def __init__(
        self,
        scenario: ScenarioSpec,
        source: Source,
        stem: str,
        steps: list[str] | None,
        pruned: Pruned | None = None,
        pack: PackSpec | None = None,
    ):
        self.scenario = scenario
        self.source = source
        self.stem = stem
        self.steps = steps  # pack.yaml's procedure steps; None when pack.yaml is invalid
        self.company = scenario.company.inherit(pack.company if pack else CompanyOverride())
        own = (
            scenario.followup_levels
            if scenario.followup_levels is not None
            else pack and pack.followup_levels
        )
        self.levels: tuple[FollowupLevel, ...] | None = (
            levels_of(own) if own else None
        )  # None: pack.yaml is invalid
        self.pruned = pruned or Pruned()
        self.items: dict[str, Item] = {}  # filled by keys.collect_keys

    def original(self, loc: Loc) -> Loc:
        """The location in the file of a location in the (possibly pruned) scenario."""
        for prefix, kept in self.pruned.kept.items():
            n = len(prefix)
            if loc[:n] == prefix and len(loc) > n and isinstance(loc[n], int):
                return prefix + (kept[loc[n]],) + loc[n + 1 :]
        return loc

    def line(self, loc: Loc) -> int:
        return self.source.line(self.original(loc))

    def error(self, loc: Loc, message: str) -> None:
        self.source.error(self.original(loc), message)

    @property
    def calendar_days(self) -> int:
        """How many days the calendar moves (bank lines and messages may be dated up to its end: they
        appear on their day); 0 when everything happens today."""
        return self.scenario.calendar.days if self.scenario.calendar else 0

    def group_of(self, key: str) -> str | None:
        item = self.items.get(key)
        return item.group if item else None

    def customer_of(self, key: str) -> str | None:
        item = self.items.get(key)
        return getattr(item.spec, "customer", None) if item else None

    def ref(
        self, loc: Loc, key: str, kinds: tuple[str, ...], holder: Any = None, group: str | None = ""
    ) -> bool:
        """Check that ``key`` names an item of one of ``kinds`` that exists whenever the holder does (the
        holder's ``when`` group, or ``group`` when given)."""
        item = self.items.get(key)
        wanted = " ou ".join(KIND_NAMES[k] for k in kinds)
        if item is None and key in self.pruned.broken_keys:
            return False  # the item itself is already reported
        if item is None:
            close = difflib.get_close_matches(key, list(self.items), n=1)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            self.error(loc, f"« {key} » n'est pas une clé déclarée : attendu {wanted}{hint}")
            return False
        if item.kind not in kinds:
            self.error(loc, f"« {key} » est {KIND_NAMES.get(item.kind, item.kind)}, attendu {wanted}")
            return False
        holder_group = (
            group if group != "" else (holder.when.group if getattr(holder, "when", None) else None)
        )
        if item.group is not None and item.group != holder_group:
            self.error(
                loc,
                f"« {key} » appartient au groupe « {item.group} » (when) et peut manquer : "
                f"ce qui le cite doit être dans le même groupe",
            )
        return True

    def check_owner(self, loc: Loc, key: str, customer: str) -> None:
        """The invoice ``key`` belongs to ``customer``."""
        owner = self.customer_of(key)
        if owner != customer:
            self.error(loc, f"« {key} » est une facture de « {owner} », pas de « {customer} »")
