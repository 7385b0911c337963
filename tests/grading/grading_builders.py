"""Helpers for the mistake tests: worlds of the built-in pack, the reference attempt to alter, grading,
and the assertions every mistake test shares (exact codes, points lost, French message, no problems).

Imported by the tests of this folder as ``from grading_builders import ...``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from simulator.grading.catalogue import MISTAKES
from simulator.grading.engine import grade
from simulator.grading.scoring import charged_criterion
from simulator.packs.play.outcome import Outcome, expected_outcome
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.loader import Pack
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate
from simulator.packs.world.model import World

PACK_ID = "procedure-11"

#: Every mistake code of contracts.md ("Mistake codes").
CONTRACT_CODES: tuple[str, ...] = (
    "WRONG_CUSTOMER",
    "WRONG_DOCUMENT",
    "WRONG_AMOUNT",
    "WRONG_JOURNAL",
    "WRONG_DATE",
    "MISSING_PAYMENT",
    "DUPLICATE_PAYMENT",
    "UNMATCHED_PAYMENT",
    "DIFFERENCE_LEFT_OPEN",
    "WRONG_WRITEOFF_ACCOUNT",
    "WRITEOFF_TOO_LARGE",
    "DISCOUNT_VAT_MISSING",
    "DISCOUNT_NOT_ENTITLED",
    "PARTIAL_WRITTEN_OFF",
    "SCHEDULE_NOTE_MISSING",
    "CREDIT_NOTE_IGNORED",
    "WRONG_ALLOCATION_ORDER",
    "CHEQUE_NOT_ENDORSED",
    "SLIP_MISSING",
    "SLIP_CHEQUE_MISSING",
    "SLIP_FIELD_WRONG",
    "SLIP_TOTAL_WRONG",
    "STATEMENT_NOT_ANNOTATED",
    "REMINDED_PAID_CUSTOMER",
    "REMINDED_NOT_DUE",
    "OVERDUE_NOT_REMINDED",
    "EMAIL_WRONG_RECIPIENT",
    "EMAIL_MISSING_AMOUNT",
    "EMAIL_MISSING_REFERENCE",
    "EMAIL_MISSING_DUE_DATE",
    "EMAIL_NO_PAYMENT_REQUEST",
    "EMAIL_NO_POLITENESS",
    "EMAIL_NO_SIGNATURE",
    "CALL_NOT_LOGGED",
    "CALL_NOTE_INCOMPLETE",
    "NEXT_ACTION_MISSING",
)


# --- worlds and seeds ------------------------------------------------------------------------------------


@cache
def pack() -> Pack:
    return load_pack(PACK_ID)


@cache
def world(scenario: str, seed: int) -> World:
    return generate(pack(), scenario, seed)


@cache
def outcome(scenario: str, seed: int) -> Outcome:
    return expected_outcome(world(scenario, seed))


def first_seed(
    scenario: str, wanted: Callable[[World, Outcome], bool], start: int = 1, stop: int = 200
) -> int:
    """The smallest seed (from ``start``) whose world has the situation a test needs: deterministic, and
    still right if generation changes."""
    for seed in range(start, stop):
        if wanted(world(scenario, seed), outcome(scenario, seed)):
            return seed
    raise LookupError(f"{scenario}: no seed in {start}..{stop - 1} has the wanted situation")


def treatment(scenario: str, seed: int, index: int = 0):
    return outcome(scenario, seed).receipts[index].treatment


# --- attempts --------------------------------------------------------------------------------------------


def reference(w: World) -> list[dict[str, Any]]:
    """A fresh, editable copy of the reference attempt."""
    return copy.deepcopy(solve(w))


def money(amount: Decimal) -> str:
    """An amount as in attempt files."""
    return f"{amount:.2f}"


def key(w: World, name: str) -> str:
    """The world id (customer id, document number, line or cheque id) of a scenario key."""
    return w.keys[name]


def _matches(action: dict[str, Any], kind: str, fields: dict[str, Any]) -> bool:
    return action.get("type") == kind and all(action.get(k) == v for k, v in fields.items())


def find(actions: list[dict[str, Any]], kind: str, **fields: Any) -> dict[str, Any]:
    """The (first) action of type ``kind`` whose fields have these values; edit it in place."""
    found = [a for a in actions if _matches(a, kind, fields)]
    assert found, f"no {kind} action with {fields} in {actions}"
    return found[0]


def without(actions: list[dict[str, Any]], kind: str, **fields: Any) -> list[dict[str, Any]]:
    """The attempt minus the actions of type ``kind`` with these field values (at least one)."""
    kept = [a for a in actions if not _matches(a, kind, fields)]
    assert len(kept) < len(actions), f"no {kind} action with {fields} to remove"
    return kept


def graded(w: World, actions: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return grade(w, replay(w, list(actions))).as_dict()


def codes(grade_: dict[str, Any]) -> set[str]:
    return {m["code"] for m in grade_["mistakes"]}


# --- what a mistake must cost and say --------------------------------------------------------------------


def criterion_of(w: World, code: str) -> str:
    """The rubric criterion a mistake fails in this world: its own, else the engine's fallback."""
    return charged_criterion(MISTAKES[code].criterion, (c.id for c in w.rubric))


#: The work each criterion judges (docs/grading.md, « Scoring »), named for this oracle; the criteria not
#: listed judge harm.
WORK: dict[str, str] = {
    "receipts_recorded": "receipts",
    "receipts_matched": "receipts",
    "difference_handled": "receipts",
    "schedule_noted": "schedules",
    "statement_annotated": "annotations",
    "cheques_endorsed": "cheques",
    "deposit_slip": "slip_lines",
    "statement_reconciled": "credits",
    "reminders_sent": "reminders",
    "reminder_content": "reminders",
    "reminders_on_time": "reminders",
    "next_action_set": "next_actions",
    "disputes_handled": "disputes",
    "expected_payments_noted": "payment_dates",
    "statement_sent": "statements",
    "doubtful_transferred": "doubtful",
    "late_fees_billed": "late_fees",
    "strategy_levels": "levels",
    "strategy_actions": "levels",
    "strategy_templates": "templates",
    "lot_run": "lot_customers",
    "lot_emails": "emails",
    "summary_quoted": "answers",
}


def work_units(w: World, work: str) -> int:
    """How many units of ``work`` the world expects, counted from its brief (``expected``)."""
    from simulator.grading.period import reminders_due

    e = w.expected
    cheques = len(e.deposit.cheques) if e.deposit else 0
    counts: dict[str, Callable[[], int]] = {
        "receipts": lambda: len(e.receipts),
        "schedules": lambda: sum(r.schedule_required for r in e.receipts),
        "annotations": lambda: len(e.annotate),
        "cheques": lambda: cheques,
        "slip_lines": lambda: cheques,
        "credits": lambda: (
            sum(r.source_kind == "statement_line" for r in e.receipts)
            + len(e.reconcile)
            + bool(e.deposit and e.deposit.statement_line)
        ),
        "reminders": lambda: len(e.reminders) + (len(reminders_due(w)) if w.calendar_moves else 0),
        "next_actions": lambda: len(
            {r.customer for r in e.reminders if r.next_action}
            | {s.customer for s in e.statements if s.next_action}
        ),
        "disputes": lambda: len(e.disputes),
        "payment_dates": lambda: len(e.expected_payments),
        "statements": lambda: len(e.statements),
        "doubtful": lambda: len(e.doubtful),
        "late_fees": lambda: len(e.late_fees),
        "levels": lambda: len(e.strategy.levels) if e.strategy else 0,
        "templates": lambda: sum(bool(t.placeholders) for t in e.strategy.levels) if e.strategy else 0,
        "lot_customers": lambda: len(e.followup_run.customers) if e.followup_run else 0,
        "emails": lambda: len(e.followup_run.emails) if e.followup_run else 0,
        "answers": lambda: len(w.questions),
    }
    return counts[work]()


def expected_loss(
    w: World,
    mistake_codes: Iterable[str],
    undone: dict[str, int] | None = None,
    hit: dict[str, int] | None = None,
) -> dict[str, Decimal]:
    """Points each criterion must lose (docs/grading.md, « Scoring ») when the reference attempt is altered
    so that ``mistake_codes`` occur and ``undone`` units of work (by WORK name) are no longer done: a work
    criterion loses points × units lost / units, its units lost being those its mistakes are about
    (``hit``, 1 by default) or the units left undone, whichever is more; a harm criterion loses everything
    when one of its mistakes occurred, else points × units undone / the units of the rubric's work."""
    undone = undone or {}
    failed = {criterion_of(w, code) for code in mistake_codes}
    kinds = {WORK[c.id] for c in w.rubric if c.id in WORK and work_units(w, WORK[c.id])}
    all_work = sum(work_units(w, k) for k in kinds)
    lost: dict[str, Decimal] = {}
    for c in w.rubric:
        work = WORK.get(c.id)
        units = work_units(w, work) if work else 0
        if units:
            mine = max((hit or {}).get(c.id, 1 if c.id in failed else 0), undone.get(work, 0))  # type: ignore[arg-type]
            share = Decimal(c.points * min(mine, units)) / units
        elif c.id in failed:
            share = Decimal(c.points)
        else:
            share = Decimal(c.points * sum(n for k, n in undone.items() if k in kinds)) / all_work
        lost[c.id] = c.points - (c.points - share).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )  # points are rounded
    return lost


def squash(text: str) -> str:
    """Text without any kind of space (ordinary, U+00A0, U+202F…), to compare French amounts."""
    return re.sub(r"\s+", "", text)


def french(value: Any) -> str:
    """How a value must read in a French message: 1574,98 (spaces aside) for an amount, JJ/MM/AAAA for a
    date, as is for the rest."""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def message_of(grade_: dict[str, Any], code: str) -> str:
    messages = [m["message"] for m in grade_["mistakes"] if m["code"] == code]
    assert messages, f"{code} not among {codes(grade_)}"
    return messages[0]


def assert_mistakes(
    w: World,
    actions: list[dict[str, Any]],
    expected: set[str],
    code: str,
    mentions: Iterable[Any] = (),
    problems: int = 0,
    undone: dict[str, int] | None = None,
    hit: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Grade ``actions`` and check: ``code`` is reported; the mistakes are exactly ``expected``; each
    criterion loses the points :func:`expected_loss` computes (``undone``: the units of work the change
    leaves undone; ``hit``: units a criterion's mistakes are about, when more than one), and is passed
    exactly when it loses nothing; the message of ``code`` names each of ``mentions`` (amounts in
    French); the replay reported ``problems`` problems (a mistake is not a format error)."""
    assert code in expected
    g = graded(w, actions)
    found = codes(g)
    assert code in found, f"{code} not detected; mistakes: {found}"
    assert found == expected, f"expected exactly {sorted(expected)}, got {sorted(found)}"
    assert len(g["problems"]) == problems, g["problems"]
    lost = expected_loss(w, expected, undone, hit)
    for criterion in g["criteria"]:
        loss = criterion["max_points"] - Decimal(str(criterion["points"]))
        assert loss == lost[criterion["id"]], (criterion["id"], loss, lost, criterion)
        assert criterion["passed"] is (lost[criterion["id"]] == 0), criterion
    points = sum((Decimal(c.points) - lost[c.id] for c in w.rubric), Decimal(0))
    assert Decimal(str(g["points"])) == points
    percent = (100 * points / Decimal(g["max_points"])).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert g["score"] == float(percent)
    for mistake in g["mistakes"]:
        assert mistake["criterion"] == criterion_of(w, mistake["code"])
        assert mistake["procedure"] == MISTAKES[mistake["code"]].procedure
    text = squash(message_of(g, code))
    for value in mentions:
        assert squash(french(value)) in text, f"{french(value)!r} missing from {message_of(g, code)!r}"
    return g
