"""Follow-up mistakes that used to score 100, each a class caught in every scenario where the world allows
it: the reference attempt of the scenario, the mistake injected, the new code reported and the score below
100. Which scenarios allow a mistake is asserted too (a rule cannot silently skip a scenario): a letter
below the level reached, a reminder to a customer in litigation (416) or whose only overdue invoices are
disputed, a reminder while a payment date announced is pending, the same reminder twice a day (and a lot
run twice, refused by the core), a letter before its level is reached by days, a next action before the
announced payment where the brief asks for « le lendemain du paiement annoncé »."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest
from grading_builders import codes, graded
from pack_cache import builtin_pack

from simulator.ledger.followup import followup_level, overdue_invoices
from simulator.ledger.model import FollowupEvent
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.world.generate import generate
from simulator.packs.world.model import World

SCENARIOS = [
    ("relances", "strategie"),
    ("relances", "relances-par-lot"),
    ("relances", "releve-litige"),
    ("relances", "a-contacter"),
    ("relances", "un-mois"),
    ("procedure-11", "relance-telephone"),
    ("procedure-11", "relance-email"),
    ("procedure-11", "remise-creditee"),
]
IDS = [s for _, s in SCENARIOS]
SEEDS = range(1, 16)
ALL = set(IDS)
NO_OVERDUE = {"remise-creditee"}  # nobody is overdue there: no reminder can be wrong this way

Actions = list[dict[str, Any]]
Injection = Callable[[World, Actions], "tuple[Actions, str] | None"]


@cache
def _world(pack: str, scenario: str, seed: int) -> World:
    return generate(builtin_pack(pack), scenario, seed)


@cache
def _reference(pack: str, scenario: str, seed: int) -> tuple[tuple[dict[str, Any], ...], Any]:
    w = _world(pack, scenario, seed)
    actions = solve(w)
    return tuple(actions), replay(w, actions).books


# --- the calendar of a reference attempt (un-mois: the days move) -----------------------------------------


def _on_day(w: World, actions: Actions, day: date, extra: Actions) -> Actions:
    """``actions`` with ``extra`` done on ``day``: after the reference's work of that day (an
    « Avancer de N jours » over it is split)."""
    today, out, placed = w.today, [], False
    for action in actions:
        if action["type"] == "advance_days" and not placed:
            if today == day:
                out += extra
                placed = True
            elif today < day < today + timedelta(days=action["days"]):
                first = (day - today).days
                out += [{"type": "advance_days", "days": first}, *extra]
                out.append({"type": "advance_days", "days": action["days"] - first})
                today += timedelta(days=action["days"])
                placed = True
                continue
            today += timedelta(days=action["days"])
        out.append(action)
    assert placed or today == day, f"{day} is not a day of the attempt"
    return out if placed else out + extra


def _letter(customer: str, level: int, on: date) -> dict[str, Any]:
    return {"type": "send_letter", "customer": customer, "level": level, "date": on.isoformat()}


def _call(customer: str, on: date, documents: list[str]) -> dict[str, Any]:
    note = f"Relance par téléphone le {on:%d/%m/%Y} : {', '.join(documents)} ; répondeur, message laissé."
    return {
        "type": "log_call",
        "customer": customer,
        "date": on.isoformat(),
        "documents": documents,
        "note": note,
    }


def _reminders(books) -> list[FollowupEvent]:
    return [e for e in books.followup if not e.prior and e.kind in ("call", "email", "letter")]


def _lowest(books) -> int:
    return min(lvl.level for lvl in books.levels)


def _chaseable(books, w: World) -> list[str]:
    """Customers at a level at the end of a day's reference (the scenario does not move the calendar)."""
    return [c for c in sorted(books.customers) if followup_level(books, c) and not w.calendar_moves]


# --- the injections: the mistake on the reference, or None when the world does not allow it --------------


def letter_below_level(w: World, actions: Actions, books) -> tuple[Actions, str] | None:
    if w.calendar_moves:  # the day the reference sends its highest letter, the lowest one too
        high = max((e for e in _reminders(books) if e.kind == "letter"), key=lambda e: e.level, default=None)
        if high is None or high.level <= 1:
            return None
        return _on_day(w, actions, high.date, [_letter(high.customer, 1, high.date)]), "REMINDER_LEVEL_BELOW"
    above = [c for c in _chaseable(books, w) if followup_level(books, c) > _lowest(books)]
    if not above:
        return None
    return [*actions, _letter(above[0], _lowest(books), w.today)], "REMINDER_LEVEL_BELOW"


def reminder_in_litigation(w: World, actions: Actions, books) -> tuple[Actions, str] | None:
    transfer = next((a for a in actions if a["type"] == "transfer_to_doubtful"), None)
    if transfer is None:
        return None
    day, customer = date.fromisoformat(transfer["date"]), transfer["customer"]
    numbers = sorted(books.doubtful)
    extra = [_letter(customer, 4, day), _call(customer, day, numbers[:1])]
    return _on_day(w, actions, day, extra), "REMINDED_IN_LITIGATION"


def reminder_all_disputed(w: World, actions: Actions, books) -> tuple[Actions, str] | None:
    if w.calendar_moves:  # the day after a customer's reply disputes its only overdue invoice
        for reply in (r for r in w.expected.replies if r.disputes):
            others = [
                d
                for d in w.documents
                if d.customer == reply.customer and d.is_invoice and d.number not in reply.disputes
            ]
            if not others:
                day = reply.date + timedelta(days=1)
                return _on_day(
                    w, actions, day, [_letter(reply.customer, 1, day)]
                ), "REMINDED_DISPUTED_CUSTOMER"
        return None
    late = [
        c
        for c in sorted(books.customers)
        if overdue_invoices(books, c)
        or any(n in books.excluded for n in overdue_invoices(books.evolve(excluded={}), c))
    ]
    if not late:
        return None
    customer = late[0]
    open_ones = overdue_invoices(books.evolve(excluded={}), customer)
    excluded = [
        {"type": "exclude_from_followup", "document": n, "reason": "Litige : marchandise contestée"}
        for n in open_ones
        if n not in books.excluded
    ]
    return [*actions, *excluded, _letter(customer, _lowest(books), w.today)], "REMINDED_DISPUTED_CUSTOMER"


def reminder_before_promise(w: World, actions: Actions, books) -> tuple[Actions, str] | None:
    if w.calendar_moves:  # a second reminder the day the customer's promise arrives
        reply = next((r for r in w.expected.replies if r.promises), None)
        if reply is None:
            return None
        extra = [_call(reply.customer, reply.date, list(reply.promises))]
        return _on_day(w, actions, reply.date, extra), "REMINDED_BEFORE_PROMISED_DATE"
    promised = {p.document for p in w.expected.expected_payments}
    for customer in _chaseable(books, w):
        numbers = overdue_invoices(books, customer)
        noted = [
            {
                "type": "set_expected_payment_date",
                "document": n,
                "date": (w.today + timedelta(days=5)).isoformat(),
            }
            for n in numbers
            if n not in promised
        ]
        return [*actions, *noted, _call(customer, w.today, numbers)], "REMINDED_BEFORE_PROMISED_DATE"
    return None


def reminder_twice(w: World, actions: Actions, books) -> tuple[Actions, str] | None:
    if w.calendar_moves:
        first = next((e for e in _reminders(books) if e.kind == "letter"), None)
        if first is None:
            return None
        extra = [_letter(first.customer, first.level, first.date)]
        return _on_day(w, actions, first.date, extra), "REMINDER_DUPLICATED"
    chaseable = _chaseable(books, w)
    if not chaseable:
        return None
    customer = chaseable[0]
    level = followup_level(books, customer)
    letters = [_letter(customer, level, w.today), _letter(customer, level, w.today)]
    return [*actions, *letters], "REMINDER_DUPLICATED"


def letter_too_early(w: World, actions: Actions, books) -> tuple[Actions, str] | None:
    """A letter the day after an invoice's due date, its customer still at level 0."""
    for doc in sorted((d for d in w.documents if d.is_invoice and d.due_date), key=lambda d: d.number):
        day = doc.due_date + timedelta(days=1)
        if w.calendar_moves:
            last = w.last_day or w.today
            paid = any(
                a["type"] == "register_payment"
                and doc.number in a["documents"]
                and a["date"] <= day.isoformat()
                for a in actions
            )
            if w.today <= day <= last and not paid and doc.number not in w.expected.disputes:
                letter = _letter(doc.customer, 1, day)
                return _on_day(w, actions, day, [letter]), "REMINDER_TOO_EARLY"
            continue
        # the calendar stays on today: a customer overdue today but below the first level
        if overdue_invoices(books, doc.customer) and not followup_level(books, doc.customer):
            return [*actions, _letter(doc.customer, _lowest(books), w.today)], "REMINDER_TOO_EARLY"
    return None


def next_action_before_promise(w: World, actions: Actions, books) -> tuple[Actions, str] | None:
    if not any(s.next_action for s in w.expected.statements) or not w.expected.expected_payments:
        return None
    promised = max(p.date for p in w.expected.expected_payments)
    changed = copy.deepcopy(actions)
    planned = [a for a in changed if a["type"] == "set_next_action"]
    planned[-1]["date"] = promised.isoformat()
    return changed, "NEXT_ACTION_BEFORE_PROMISE"


RULES: dict[str, tuple[Callable, set[str]]] = {
    # rule: (injection, the scenarios whose world allows it)
    "below": (
        letter_below_level,
        {"a-contacter", "un-mois", "relances-par-lot", "strategie", "relance-email"},
    ),
    "litigation": (reminder_in_litigation, {"un-mois"}),
    "all_disputed": (reminder_all_disputed, ALL - NO_OVERDUE),
    "promise": (reminder_before_promise, ALL - NO_OVERDUE),
    "twice": (reminder_twice, ALL - NO_OVERDUE),
    "too_early": (letter_too_early, {"un-mois", "strategie"}),
    "next_action": (next_action_before_promise, {"releve-litige"}),
}


@pytest.mark.parametrize("rule", sorted(RULES))
@pytest.mark.parametrize(("pack", "scenario"), SCENARIOS, ids=IDS)
def test_the_mistake_is_caught_wherever_the_world_allows_it(rule, pack, scenario):
    inject, allowed = RULES[rule]
    for seed in SEEDS:
        w = _world(pack, scenario, seed)
        actions, books = _reference(pack, scenario, seed)
        injected = inject(w, copy.deepcopy(list(actions)), books)
        if injected is not None:
            break
    assert (injected is not None) == (scenario in allowed), f"{rule}: does {scenario}'s world allow it?"
    if injected is None:
        return
    attempt, code = injected
    g = graded(w, attempt)
    assert g["problems"] == [], g["problems"]
    assert code in codes(g), (seed, codes(g))
    assert g["score"] < 100
    message = next(m["message"] for m in g["mistakes"] if m["code"] == code)
    assert "{" not in message and " de I" not in message


@pytest.mark.parametrize(("pack", "scenario"), SCENARIOS, ids=IDS)
def test_references_make_none_of_these_mistakes(pack, scenario):
    new = {
        "REMINDER_LEVEL_BELOW",
        "REMINDER_TOO_EARLY",
        "REMINDED_IN_LITIGATION",
        "REMINDED_DISPUTED_CUSTOMER",
        "REMINDED_BEFORE_PROMISED_DATE",
        "REMINDER_DUPLICATED",
        "NEXT_ACTION_BEFORE_PROMISE",
    }
    for seed in (1, 2, 3):
        w = _world(pack, scenario, seed)
        g = graded(w, list(_reference(pack, scenario, seed)[0]))
        assert g["score"] == 100.0 and not codes(g) & new, (seed, g["mistakes"])
