"""Lettrage automatique (Odoo 8: Comptabilité › Tâches périodiques › Lettrage › Lettrage automatique).

The run letters, account by account, the unlettered 411 lines whose amounts correspond, and reports what it
lettered and what it left for the manual step (« rapprochement manuel »).

The rule, deterministic and explainable:

1. **Lines considered**: the open items of the chosen accounts (``411`` for every customer, or customers'
   sub-accounts such as ``411BER``) that carry no letter at all, dated within the period (both bounds
   included). A line already partly lettered, dated outside the period, or on 416 (clients douteux) is
   left, with its reason. Lines are only ever combined with lines of the **same customer**.
2. **1 ↔ 1, exact amounts first**: a debit and a credit of the same amount are lettered together when
   each is the other's only line of that amount. Two invoices of 500,00 € and one receipt of 500,00 €: the
   three lines are left (« plusieurs combinaisons possibles »), never guessed.
3. **1 ↔ 1 within the gap**: among the lines left, a debit and a credit whose amounts differ by at most
   the **écart autorisé** (``max_gap``), again only when each is the other's only such line.
4. **Up to ``power`` lines against one** (puissance 2 to 4): one line on one side against 2 to ``power``
   lines of the same customer on the other side (several partial payments for one invoice, or one payment
   for several invoices), whose sums agree within ``max_gap``. Every fitting combination is listed first;
   a combination is lettered only when none of its lines belongs to another fitting combination. Where two
   different combinations fit, neither is lettered: their lines are left as « ambiguës ».
5. **The gap**: a set whose sums agree exactly is lettered as it is. A set with a gap (at most
   ``max_gap``) is lettered only when annulations are allowed (``write_off``): the gap is posted in the
   write-off journal, at the date of the set's latest line, to the write-off account (a shortfall: D 658 /
   C 411) or to the gain account (an overpayment: D 411 / C 758), and that 411 line is lettered with the
   set. Without annulations, the set is left and the report says by how much it differs.

The cost stays bounded: amounts are worked in integer cents, the other side is sorted once per customer,
a combination is only grown while its sum can still reach the target (ascending amounts: stop at the
first line too large; stop when even the largest remaining lines cannot reach it), and its last line is
found by bisection.

A run is recorded in the books as one :class:`AutoRun` (id ``LA1``, ``LA2``…) with its sets (``LA1-1``…):
:func:`undo_auto_reconcile` délettre one set, several, or the whole run in one action, reversing the
write-off entries (contrepassation: an entry once posted is reversed, never erased).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from simulator.messages.formatting import euros

from .accounts import JOURNAL_NAMES, RECEIVABLE_PREFIX, SALES_JOURNAL, is_receivable
from .autorun import (
    AutoParams,
    AutoRun,
    AutoSet,
    LeftLine,
    WriteOffRule,
)
from .books import Books, letter_code
from .entries import Entry, credit, debit, make_entry, reversal
from .matching import plan_allocations
from .model import Allocation, OpenItem
from .money import CENT, ZERO
from .problems import Problem

MIN_POWER = 2
MAX_POWER = 4
WRITE_OFF = "write_off"  # the kind of the 411 item a write-off entry posts


# -- the plan: pure search, in integer cents --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PlannedSet:
    customer: str
    debits: tuple[str, ...]
    credits: tuple[str, ...]
    gap: int  # cents, debits - credits


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def _pairs(debits: list[tuple[int, str]], credits: list[tuple[int, str]], gap: int) -> tuple[list, set]:
    """1 ↔ 1 pairs whose amounts differ by at most ``gap`` cents, kept when each line has exactly one
    candidate; the lines with two or more candidates are returned as ambiguous."""
    amounts = [a for a, _ in credits]  # credits sorted by (amount, key)
    candidates: dict[str, list[str]] = {}
    for amount, key in debits:
        lo, hi = bisect_left(amounts, amount - gap), bisect_right(amounts, amount + gap)
        for _, other in credits[lo:hi]:
            candidates.setdefault(key, []).append(other)
            candidates.setdefault(other, []).append(key)
    pairs = []
    for _, key in debits:
        found = candidates.get(key, [])
        if len(found) == 1 and len(candidates[found[0]]) == 1:
            pairs.append((key, found[0]))
    ambiguous = {key for key, found in candidates.items() if len(found) > 1}
    for key, found in candidates.items():  # a line whose only candidate is ambiguous is not paired either
        if len(found) == 1 and found[0] in ambiguous:
            ambiguous.add(key)
    return pairs, ambiguous


def _combinations(target: int, gap: int, pool: list[tuple[int, str]], power: int) -> list[tuple[str, ...]]:
    """Every combination of 2 to ``power`` lines of ``pool`` (sorted by amount, positive cents) whose sum is
    within ``gap`` of ``target``."""
    amounts = [a for a, _ in pool]
    n = len(amounts)
    prefix = [0]
    for a in amounts:
        prefix.append(prefix[-1] + a)
    lo_target, hi_target = target - gap, target + gap
    found: list[tuple[str, ...]] = []

    def grow(start: int, chosen: list[int], total: int) -> None:
        slots = power - len(chosen)  # lines that may still be added: at least two
        low = n - slots
        for i in range(start, n - 1):
            with_i = total + amounts[i]
            if with_i + amounts[i + 1] > hi_target:
                return  # ascending amounts: i and the next line are already too much, and so on
            if total + prefix[n] - prefix[i if i > low else low] < lo_target:
                return  # even the largest lines left cannot reach the target
            # the last line by bisection: every j > i that brings the sum within the target
            lo = bisect_left(amounts, lo_target - with_i, i + 1)
            hi = bisect_right(amounts, hi_target - with_i, i + 1)
            for j in range(lo, hi):
                found.append(tuple(pool[k][1] for k in (*chosen, i, j)))
            if slots >= 3:  # room for i and two more lines
                chosen.append(i)
                grow(i + 1, chosen, with_i)
                chosen.pop()

    if power >= MIN_POWER:
        grow(0, [], 0)
    return found


def plan_customer(
    customer: str, lines: Sequence[tuple[str, Decimal]], power: int, max_gap: Decimal
) -> tuple[list[PlannedSet], dict[str, str]]:
    """The sets of one customer's lines (key, signed amount: + debit, − credit) and why each other line is
    left: ``"ambiguous"`` or ``"no_match"``."""
    gap = _cents(max_gap)
    debits = sorted((_cents(a), k) for k, a in lines if a > ZERO)
    credits = sorted((_cents(-a), k) for k, a in lines if a < ZERO)
    amount = {k: a for a, k in debits} | {k: -a for a, k in credits}
    sets: list[PlannedSet] = []
    ambiguous: set[str] = set()

    def planned(ds: Iterable[str], cs: Iterable[str]) -> PlannedSet:
        ds, cs = tuple(sorted(ds)), tuple(sorted(cs))
        return PlannedSet(customer, ds, cs, sum(amount[k] for k in ds) + sum(amount[k] for k in cs))

    for tolerance in (0, gap) if gap else (0,):
        pairs, unsure = _pairs(debits, credits, tolerance)
        ambiguous |= unsure
        used = {k for pair in pairs for k in pair} | unsure
        sets += [planned([d], [c]) for d, c in pairs]
        debits = [x for x in debits if x[1] not in used]
        credits = [x for x in credits if x[1] not in used]

    candidates: list[tuple[str, tuple[str, ...], bool]] = []  # (single line, combined lines, single is debit)
    for singles, pool, is_debit in ((debits, credits, True), (credits, debits, False)):
        for target, key in singles:
            for combo in _combinations(target, gap, pool, power):
                candidates.append((key, combo, is_debit))
    count: dict[str, int] = {}
    for key, combo, _ in candidates:
        for k in (key, *combo):
            count[k] = count.get(k, 0) + 1
    for key, combo, is_debit in candidates:
        if all(count[k] == 1 for k in (key, *combo)):
            sets.append(planned([key], combo) if is_debit else planned(combo, [key]))
        else:
            ambiguous.update((key, *combo))
    lettered = {k for s in sets for k in (*s.debits, *s.credits)}
    left = {k: "ambiguous" if k in ambiguous else "no_match" for k, _ in lines if k not in lettered}
    return sets, left


# -- the run on the books ---------------------------------------------------------------------------------
def check_params(books: Books, params: AutoParams) -> list[Problem]:
    """Why these parameters cannot run (each problem names its field)."""
    problems = []
    known = {c.account for c in books.customers.values()}
    if not params.accounts:
        problems.append(Problem("auto_accounts_required", "accounts", {}))
    for account in params.accounts:
        if account != RECEIVABLE_PREFIX and account not in known:
            problems.append(Problem("auto_account_unknown", "accounts", {"account": account}))
    if not MIN_POWER <= params.power <= MAX_POWER:
        problems.append(Problem("auto_power_invalid", "power", {"value": params.power}))
    if params.max_gap < ZERO:
        problems.append(Problem("auto_gap_negative", "max_gap", {}))
    if params.date_to < params.date_from:
        problems.append(
            Problem("auto_period_reversed", "date_to", {"start": params.date_from, "end": params.date_to})
        )
    rule = params.write_off
    if rule is not None:
        accounts = [("write_off_account", rule.account)]
        if rule.gain_account:
            accounts.append(("write_off_gain_account", rule.gain_account))
        for name, account in accounts:
            if not account.isdigit() or len(account) < 3 or is_receivable(account) or account[0] not in "67":
                problems.append(Problem("auto_write_off_account", name, {"account": account}))
        if rule.journal not in JOURNAL_NAMES or rule.journal == SALES_JOURNAL:
            problems.append(Problem("auto_write_off_journal", "write_off_journal", {"journal": rule.journal}))
    return problems


def _chosen_customers(books: Books, accounts: Sequence[str]) -> list[str]:
    every = RECEIVABLE_PREFIX in accounts
    return sorted(c.id for c in books.customers.values() if every or c.account in accounts)


def scope(books: Books, params: AutoParams) -> tuple[dict[str, list[tuple[str, Decimal]]], list[LeftLine]]:
    """The lines the run may letter, per customer, and the lines of the chosen accounts it sets aside."""
    items, matched, letters = books.items(), books.matched(), books.letters()
    chosen = set(_chosen_customers(books, params.accounts))
    lines: dict[str, list[tuple[str, Decimal]]] = {c: [] for c in sorted(chosen)}
    aside: list[LeftLine] = []
    for item in sorted(items.values(), key=lambda i: (i.customer, i.date, i.key)):
        if item.customer not in chosen or item.amount == ZERO or books.residual(item.key) == ZERO:
            continue
        if books.on_doubtful(item.key):
            aside.append(LeftLine(item.key, item.customer, "doubtful"))
        elif matched.get(item.key, ZERO) > ZERO:
            aside.append(
                LeftLine(item.key, item.customer, "partly_matched", (("letter", letters.get(item.key, "")),))
            )
        elif not params.date_from <= item.date <= params.date_to:
            aside.append(
                LeftLine(item.key, item.customer, "out_of_period", (("date", f"{item.date:%d/%m/%Y}"),))
            )
        else:
            lines[item.customer].append((item.key, item.amount))
    return lines, aside


def plan(books: Books, params: AutoParams) -> tuple[list[PlannedSet], list[LeftLine]]:
    """What a run would letter and leave (nothing posted), sets in customer then line order."""
    lines, left = scope(books, params)
    sets: list[PlannedSet] = []
    for customer, mine in lines.items():
        found, reasons = plan_customer(customer, mine, params.power, params.max_gap)
        sets += sorted(found, key=lambda s: (min(s.debits + s.credits), s.debits, s.credits))
        left += [
            LeftLine(k, customer, reason, _reason_params(reason, params)) for k, reason in reasons.items()
        ]
    return sets, left


def _reason_params(reason: str, params: AutoParams) -> tuple[tuple[str, str], ...]:
    if reason == "no_match":
        return (("power", str(params.power)), ("max_gap", euros(params.max_gap)))
    return ()


def next_run_id(books: Books) -> str:
    return f"LA{len(books.auto_runs) + 1}"


def auto_reconcile(
    books: Books, params: AutoParams, run_id: str | None = None
) -> tuple[Books, list[Problem]]:
    """Run the lettrage automatique; the run (sets and lines left) is recorded in ``books.auto_runs``."""
    problems = check_params(books, params)
    run_id = run_id or next_run_id(books)
    if any(run.id == run_id for run in books.auto_runs):
        problems.append(Problem("auto_run_id_taken", "id", {"run": run_id}))
    if problems:
        return books, problems
    planned, left = plan(books, params)
    rule = params.write_off
    done: list[AutoSet] = []
    items = books.items()
    # everything is gathered first and the books evolve once: the sets' lines are all unlettered, so
    # their allocations plan on the books as they are
    allocations: list[Allocation] = []
    entries: list[Entry] = []
    extra: dict[str, OpenItem] = {}
    used = dict(books.letters_used)
    posted: dict[str, int] = {}  # journal -> entries posted in it
    for ps in planned:
        gap = (Decimal(ps.gap) / 100).quantize(CENT)
        if gap and rule is None:
            for key in ps.debits + ps.credits:
                others = ", ".join(_name(books, k) for k in ps.debits + ps.credits if k != key)
                left.append(
                    LeftLine(
                        key, ps.customer, "gap_not_allowed", (("gap", euros(abs(gap))), ("others", others))
                    )
                )
            continue
        set_id = f"{run_id}-{len(done) + 1}"
        letter = letter_code(used.get(ps.customer, 0))
        used[ps.customer] = used.get(ps.customer, 0) + 1
        debits = [items[k] for k in ps.debits]
        credits = [items[k] for k in ps.credits]
        entry_number = account = None
        if gap:
            assert rule is not None
            if rule.journal not in posted:
                posted[rule.journal] = sum(1 for e in books.entries if e.journal == rule.journal)
            posted[rule.journal] += 1
            entry, item, account = _write_off(
                books, ps.customer, gap, rule, [*debits, *credits], posted[rule.journal]
            )
            entries.append(entry)
            extra[item.key] = item
            entry_number = item.key
            (debits if item.amount > ZERO else credits).append(item)
        pairs = plan_allocations(books, debits, credits)
        allocations += [Allocation(d, c, amount, ps.customer, letter) for d, c, amount in pairs]
        done.append(AutoSet(set_id, ps.customer, ps.debits, ps.credits, gap, letter, entry_number, account))
    left.sort(key=lambda line: (line.customer, items[line.item].date, line.item))
    run = AutoRun(run_id, params, tuple(done), tuple(left))
    return books.evolve(
        auto_runs=books.auto_runs + (run,),
        allocations=books.allocations + tuple(allocations),
        letters_used=MappingProxyType(used),
        entries=books.entries + tuple(entries),
        extra_items=MappingProxyType({**books.extra_items, **extra}) if extra else books.extra_items,
    ), []


def _name(books: Books, key: str) -> str:
    payment = books.payments.get(key)
    return payment.entry if payment is not None and payment.entry else key


def _write_off(
    books: Books, customer: str, gap: Decimal, rule: WriteOffRule, lines: list[OpenItem], count: int
) -> tuple[Entry, OpenItem, str]:
    """The entry of a set's gap (debits − credits), number ``count`` of its journal: a shortfall D account /
    C 411, an overpayment D 411 / C gain account; its 411 line is a new item keyed by the entry number."""
    on = max(line.date for line in lines)
    number = f"{rule.journal}/{on.year}/{count:04d}"
    who = books.customers[customer]
    label = f"Écart de lettrage {who.name}"
    if gap > ZERO:
        account = rule.account
        entry_lines = [debit(account, gap, label), credit(who.account, gap, label, number)]
    else:
        account = rule.gain
        entry_lines = [debit(who.account, -gap, label, number), credit(account, -gap, label)]
    entry = make_entry(number, rule.journal, on, label, entry_lines, number)
    # a shortfall is credited to 411 (a credit item), an overpayment debited (a debit item)
    return entry, OpenItem(number, customer, WRITE_OFF, on, None, -gap), account


# -- délettrer ------------------------------------------------------------------------------------------
def undo_auto_reconcile(
    books: Books, run: str, sets: Sequence[str] | None = None, on: date | None = None
) -> tuple[Books, list[Problem]]:
    """Délettrer the sets ``sets`` of run ``run`` (all its sets still lettered when None): their matchings
    are removed and their write-off entries reversed (on ``on``, else the write-off's own date)."""
    found = next((r for r in books.auto_runs if r.id == run), None)
    if found is None:
        return books, [Problem("auto_run_unknown", "run", {"run": run})]
    by_id = {s.id: s for s in found.sets}
    wanted = list(dict.fromkeys(sets)) if sets else [s.id for s in found.active_sets]
    problems = [Problem("auto_set_unknown", "sets", {"set": s, "run": run}) for s in wanted if s not in by_id]
    problems += [
        Problem("auto_set_undone", "sets", {"set": s}) for s in wanted if s in by_id and by_id[s].undone
    ]
    if not wanted and not problems:
        problems.append(Problem("auto_run_undone", "run", {"run": run}))
    if problems:
        return books, problems
    for set_id in wanted:
        books, by_id[set_id] = _undo_set(books, by_id[set_id], on)
    runs = tuple(
        replace(r, sets=tuple(by_id.get(s.id, s) for s in r.sets)) if r.id == run else r
        for r in books.auto_runs
    )
    return books.evolve(auto_runs=runs), []


def _undo_set(books: Books, s: AutoSet, on: date | None) -> tuple[Books, AutoSet]:
    kept = tuple(a for a in books.allocations if not (a.customer == s.customer and a.letter == s.letter))
    books = books.evolve(allocations=kept)
    reversal_number = None
    key = s.write_off_entry
    if key is not None and books.matched().get(key, ZERO) == ZERO:  # not lettered since by hand
        entry = next(e for e in books.entries if e.number == key)
        when = on or entry.date
        reversal_number = books.next_entry_number(entry.journal, when)
        back = reversal(entry, reversal_number, when, f"Délettrage : extourne de {key}")
        item = replace(books.extra_items[key], amount=ZERO)
        books = books.evolve(
            entries=books.entries + (back,), extra_items=MappingProxyType({**books.extra_items, key: item})
        )
    return books, replace(s, undone=True, reversal_entry=reversal_number)


def find_run(books: Books, run: str) -> AutoRun | None:
    return next((r for r in books.auto_runs if r.id == run), None)


# -- the report the screen shows (« Écritures lettrées » / « Écritures non lettrées ») -------------------------
@dataclass(frozen=True, slots=True)
class ReportLine:
    """One 411 line of the report, as the screens name it."""

    item: str
    name: str  # a document's number, a receipt's entry number
    date: date
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True, slots=True)
class SetReport:
    set: AutoSet
    customer_name: str
    lines: tuple[ReportLine, ...]
    write_off: str  # « 0,40 € au 658 (OD/2026/0001) », "" without a write-off


@dataclass(frozen=True, slots=True)
class LeftReport:
    line: ReportLine
    customer: str
    customer_name: str
    reason: str


def _report_line(books: Books, key: str) -> ReportLine:
    item = books.items()[key]
    amount = abs(item.amount)
    return ReportLine(
        key,
        _name(books, key),
        item.date,
        amount if item.amount > ZERO else ZERO,
        amount if item.amount < ZERO else ZERO,
    )


def report(books: Books, run: AutoRun) -> tuple[tuple[SetReport, ...], tuple[LeftReport, ...]]:
    """The sets of ``run`` with their lines (undone ones included, marked by their set) and the lines it left,
    grouped by customer."""
    names = {c.id: c.name for c in books.customers.values()}
    sets = tuple(
        SetReport(
            s,
            names[s.customer],
            tuple(_report_line(books, k) for k in s.debits + s.credits),
            f"{euros(abs(s.gap))} au {s.write_off_account} ({s.write_off_entry})"
            if s.write_off_entry
            else "",
        )
        for s in run.sets
    )
    left = tuple(
        LeftReport(_report_line(books, line.item), line.customer, names[line.customer], line.message)
        for line in run.left
    )
    return sets, left
