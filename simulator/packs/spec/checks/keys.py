"""Keys and `when` groups: every item's key is unique and not a reserved variable name, fixed company
names are unique in a world, and the items of a group share one chance."""

from __future__ import annotations

from decimal import Decimal

from simulator.packs.spec.checks.context import Item, ScenarioContext

#: the keyed sections of a scenario and the kind of their items
SECTIONS = (
    ("customers", "customer"),
    ("invoices", "invoice"),
    ("credit_notes", "credit_note"),
    ("statement", "statement"),
    ("cheques", "cheque"),
    ("slips", "slip"),
    ("messages", "message"),
)
#: names placeholders give to something else than a key
RESERVED_KEYS = ("company", "today")


def collect_keys(ctx: ScenarioContext) -> None:
    """Fill ``ctx.items`` with each keyed item, reporting reserved and repeated keys."""
    for section, kind in SECTIONS:
        for i, spec in enumerate(getattr(ctx.scenario, section)):
            loc = (section, i, "key")
            if spec.key in RESERVED_KEYS:
                ctx.error(loc, f"« {spec.key} » est réservé aux variables, choisissez une autre clé")
            elif spec.key in ctx.items:
                first = ctx.line(ctx.items[spec.key].loc + ("key",))
                ctx.error(loc, f"clé « {spec.key} » déjà utilisée ligne {first}")
            else:
                ctx.items[spec.key] = Item(kind, (section, i), spec)


def check_fixed_names(ctx: ScenarioContext) -> None:
    """Company names are unique in a world: two fixed names cannot be the same."""
    seen: dict[str, str] = {}
    if ctx.company.name:
        seen[ctx.company.name.casefold()] = "notre société (company)"
    for i, customer in enumerate(ctx.scenario.customers):
        if customer.name is None:
            continue
        if customer.name.casefold() in seen:
            ctx.error(
                ("customers", i, "name"),
                f"le nom « {customer.name} » est déjà celui de {seen[customer.name.casefold()]}",
            )
        seen.setdefault(customer.name.casefold(), f"« {customer.key} »")


def check_groups(ctx: ScenarioContext) -> None:
    """A `when` chance lies in ]0, 1], and every item of a group has the same one."""
    chances: dict[str, tuple[Decimal, int]] = {}
    for item in ctx.items.values():
        when = getattr(item.spec, "when", None)
        if when is None:
            continue
        loc = item.loc + ("when", "chance")
        if not Decimal(0) < when.chance <= Decimal(1):
            ctx.error(loc, f"la probabilité {when.chance} doit être comprise entre 0 (exclu) et 1")
        if when.group in chances and chances[when.group][0] != when.chance:
            ctx.error(
                loc,
                f"le groupe « {when.group} » a déjà la probabilité {chances[when.group][0]} "
                f"(ligne {chances[when.group][1]}) : une seule probabilité par groupe",
            )
        chances.setdefault(when.group, (when.chance, ctx.line(loc)))
