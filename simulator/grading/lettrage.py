"""Checks of the month-end lettrage (scenarios/lettrage): the final lettrage of the customer accounts
against the world's expected sets (simulator.packs.world.lettrage), whatever mix of lettrage automatique and
manual lettrage produced it.

- every group of lines lettered together belongs to one customer (``LETTRAGE_ACROSS_CUSTOMERS``) and lies
  within one expected set (``LETTRAGE_WRONG_COMBINATION``: lines that do not settle each other);
- every expected set is lettered together (``LETTRAGE_MISSING``): in full when its gap is nil or within the
  tolerance, at least partially when beyond it;
- a gap written off (a write-off line of a lettrage automatique still lettered) lies within the tolerance
  (``AUTO_WRITEOFF_TOO_LARGE``) and sits on 658 for a shortfall, 758 for an overpayment
  (``AUTO_WRITEOFF_WRONG_ACCOUNT``); a set within the tolerance lettered by hand, its gap left on 411, is
  ``LETTRAGE_MISSING`` too (the invoice is not settled);
- in the imposed variant, a lettrage automatique still in force was run with the brief's parameters
  (``AUTO_PARAMETERS_WRONG``).

Units of work: the expected sets (``lettrage_sets``), the sets with a gap to write off
(``lettrage_writeoffs``), the run with the imposed parameters (``auto_run_parameters``).
"""

from __future__ import annotations

from decimal import Decimal

from simulator.ledger.autoreconcile import WRITE_OFF
from simulator.ledger.books import Books
from simulator.ledger.money import ZERO
from simulator.ledger.names import item_name
from simulator.packs.world.lettrage import ExpectedSet, LettrageWorld

from .context import Context, Mistake


def lettrage_of(ctx: Context) -> LettrageWorld | None:
    return getattr(ctx.world, "lettrage", None)


def groups(books: Books) -> list[set[str]]:
    """The sets of items lettered together, as the Lettrage screen shows them (one letter each)."""
    return sorted((set(members) for _, members in books.letter_groups()), key=sorted)


def _write_offs(books: Books) -> dict[str, str]:
    """Write-off item (its entry number) -> its account, for the write-offs still lettered."""
    matched = books.matched()
    accounts = {}
    for key, item in books.extra_items.items():
        if item.kind == WRITE_OFF and item.amount != ZERO and matched.get(key, ZERO) > ZERO:
            entry = next(e for e in books.entries if e.number == key)
            accounts[key] = next(line.account for line in entry.lines if line.item != key)
    return accounts


def _names(books: Books, keys) -> list[str]:
    return [item_name(books, k) for k in sorted(keys)]


def _set_done(books: Books, s: ExpectedSet, lettered: dict[str, frozenset[str]], write_offs: dict) -> bool:
    group = lettered.get(s.items[0])
    if group is None or not all(lettered.get(k) == group for k in s.items):
        return False
    if s.kind == "partial":
        return True
    return all(books.residual(k) == ZERO for k in s.items)


def check_lettrage(ctx: Context) -> list[Mistake]:
    lettrage = lettrage_of(ctx)
    if lettrage is None:
        return []
    books = ctx.books
    items = books.items()
    mistakes: list[Mistake] = []
    set_of = {k: s for s in lettrage.sets for k in s.items}
    write_offs = _write_offs(books)
    lettered: dict[str, frozenset[str]] = {}
    for group in groups(books):
        frozen = frozenset(group)
        lettered.update(dict.fromkeys(group, frozen))
        real = [k for k in group if k not in write_offs and items[k].kind != WRITE_OFF]
        customers = {items[k].customer for k in group}
        first = sorted(real)[0] if real else sorted(group)[0]
        if len(customers) > 1:
            mistakes.append(
                Mistake(
                    "LETTRAGE_ACROSS_CUSTOMERS",
                    {
                        "items": _names(books, real),
                        "customers": sorted(ctx.customer_name(c) for c in customers),
                    },
                    f"{set_of[first].invoices[0] if first in set_of else first}",
                )
            )
            continue
        owners = {id(set_of.get(k)) for k in real}
        if len(owners) > 1 or any(k not in set_of for k in real):
            customer = next(iter(customers))
            expected = [set_of[k] for k in real if k in set_of]
            mistakes.append(
                Mistake(
                    "LETTRAGE_WRONG_COMBINATION",
                    {
                        "items": _names(books, real),
                        "customer": ctx.customer_name(customer),
                        "expected": "; ".join(
                            dict.fromkeys(" avec ".join(_names(books, s.items)) for s in expected)
                        )
                        or "aucun règlement du mois",
                    },
                    expected[0].invoices[0] if expected else sorted(real)[0],
                )
            )
    for s in lettrage.sets:
        if not _set_done(books, s, lettered, write_offs):
            params = {
                "items": _names(books, s.items),
                "customer": ctx.customer_name(s.customer),
                "how": "partiellement (l'écart dépasse la tolérance : la facture reste due pour la différence)"
                if s.kind == "partial"
                else f"avec un écart de {abs(s.gap)} soldé au {_account(lettrage, s.gap)}"
                if s.kind == "write_off"
                else "en totalité",
            }
            if not any(m.key == s.invoices[0] for m in mistakes):
                mistakes.append(Mistake("LETTRAGE_MISSING", params, s.invoices[0]))
    for key, account in sorted(write_offs.items()):
        group = lettered.get(key, frozenset())
        real = sorted(k for k in group if k != key)
        s = set_of.get(real[0]) if real else None
        gap = -items[key].amount  # + a shortfall written off, − an overpayment
        subject = s.invoices[0] if s else key
        who = ctx.customer_name(items[key].customer)
        if abs(gap) > lettrage.tolerance:
            mistakes.append(
                Mistake(
                    "AUTO_WRITEOFF_TOO_LARGE",
                    {
                        "gap": abs(gap),
                        "items": _names(books, real),
                        "customer": who,
                        "tolerance": lettrage.tolerance,
                        "account": account,
                    },
                    f"{subject}:write_off",
                    frozenset({account}),
                )
            )
        elif account != _account(lettrage, gap):
            mistakes.append(
                Mistake(
                    "AUTO_WRITEOFF_WRONG_ACCOUNT",
                    {
                        "gap": abs(gap),
                        "items": _names(books, real),
                        "customer": who,
                        "account": account,
                        "expected_account": _account(lettrage, gap),
                        "direction": "défavorable" if gap > 0 else "favorable",
                    },
                    f"{subject}:write_off",
                    frozenset({account, _account(lettrage, gap)}),
                )
            )
    if lettrage.imposed_power is not None and not _imposed_run(ctx, lettrage):
        mistakes.append(
            Mistake(
                "AUTO_PARAMETERS_WRONG",
                {
                    "power": lettrage.imposed_power,
                    "gap": lettrage.imposed_gap or ZERO,
                    "accounts": f"{lettrage.write_off_account}/{lettrage.gain_account}",
                },
                "auto_run",
            )
        )
    # the 411 accounts, 658 and 758 are explained by the lettrage mistakes: the books check does not
    # charge them twice
    touched = frozenset(
        {ctx.world.customer(s.customer).customer.account for s in lettrage.sets}  # type: ignore[union-attr]
        | {lettrage.write_off_account, lettrage.gain_account}
        | set(write_offs.values())
    )
    return [m if m.accounts or m.code == "AUTO_PARAMETERS_WRONG" else _explain(m, touched) for m in mistakes]


def _explain(m: Mistake, accounts: frozenset[str]) -> Mistake:
    return Mistake(m.code, m.params, m.key, accounts)


def _account(lettrage: LettrageWorld, gap: Decimal) -> str:
    return lettrage.write_off_account if gap > 0 else lettrage.gain_account


def _imposed_run(ctx: Context, lettrage: LettrageWorld) -> bool:
    for run in ctx.books.auto_runs:
        p = run.params
        rule = p.write_off
        if run.undone or p.power != lettrage.imposed_power or p.max_gap != lettrage.imposed_gap:
            continue
        if lettrage.imposed_write_off != (rule is not None):
            continue
        if rule is not None and (rule.account, rule.gain) != (
            lettrage.write_off_account,
            lettrage.gain_account,
        ):
            continue
        return True
    return False


# -- units of work (simulator.grading.scoring) ---------------------------------------------------------------
def set_units(ctx: Context) -> list[tuple[str, bool]]:
    lettrage = lettrage_of(ctx)
    if lettrage is None:
        return []
    lettered: dict[str, frozenset[str]] = {}
    for group in groups(ctx.books):
        lettered.update(dict.fromkeys(group, frozenset(group)))
    write_offs = _write_offs(ctx.books)
    return [(s.invoices[0], _set_done(ctx.books, s, lettered, write_offs)) for s in lettrage.sets]


def write_off_units(ctx: Context) -> list[tuple[str, bool]]:
    lettrage = lettrage_of(ctx)
    if lettrage is None:
        return []
    done = dict(set_units(ctx))
    return [
        (f"{s.invoices[0]}:write_off", done[s.invoices[0]]) for s in lettrage.sets if s.kind == "write_off"
    ]


def run_units(ctx: Context) -> list[tuple[str, bool]]:
    lettrage = lettrage_of(ctx)
    if lettrage is None or lettrage.imposed_power is None:
        return []
    return [("auto_run", _imposed_run(ctx, lettrage))]
