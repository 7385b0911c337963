"""Scenario 5 « Un mois de relances » (scenarios/relances/un-mois.yaml): the reference month scores 100,
and each mistake of the month is caught with its code, the points of its criterion and a French message
that names the customer, the invoice or the amount (worked by hand from domain.md §7.1)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from grading_builders import assert_mistakes, find, graded, without

from simulator.formatting import format_money
from simulator.grading.period import TOLERANCE_DAYS, reminders_due
from simulator.ledger.litigation import payment_deadline
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate

PACK = load_pack("relances")


def _month(seed: int = 1):
    w = generate(PACK, "un-mois", seed)
    return w, solve(w)


def insert_on(
    w, actions: list[dict[str, Any]], day: date, extra: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The attempt with ``extra`` done on ``day`` (an advance_days cut in two if it jumps over that day)."""
    out: list[dict[str, Any]] = []
    today, done = w.today, False
    for a in actions:
        if not done and a["type"] == "advance_days":
            if today == day:
                out += extra
                done = True
            elif today < day < today + timedelta(days=a["days"]):
                first = (day - today).days
                out += [
                    {"type": "advance_days", "days": first},
                    *extra,
                    {"type": "advance_days", "days": a["days"] - first},
                ]
                today += timedelta(days=a["days"])
                done = True
                continue
        out.append(a)
        if a["type"] == "advance_days":
            today += timedelta(days=a["days"])
    if not done:
        if day > today:
            out.append({"type": "advance_days", "days": (day - today).days})
        out += extra
    return out


def moved(w, actions, action: dict[str, Any], day: date) -> list[dict[str, Any]]:
    """``action`` done on ``day`` instead of its own day."""
    rest = [a for a in actions if a is not action]
    again = {**action, "date": day.isoformat()} if "date" in action else dict(action)
    return insert_on(w, rest, day, [again])


def test_the_reference_month_is_perfect_deterministic_and_moves_the_calendar():
    w, actions = _month(3)
    first, second = graded(w, actions), graded(*_month(3))
    assert first == second and first["score"] == 100.0 and first["mistakes"] == [] and first["problems"] == []
    steps = [a["days"] for a in actions if a["type"] == "advance_days"]
    assert steps and all(1 <= s <= 31 for s in steps) and sum(steps) <= 30


@pytest.mark.parametrize("seed", [1, 2, 7])
def test_the_month_has_each_story(seed):
    w, _ = _month(seed)
    k = w.keys
    due = {(e.customer, e.level, e.kind) for e in reminders_due(w)}
    # A: e-mail at level 1 before its promise; C: letter (3), mise en demeure (4); E: call (2), letter (3)
    assert due == {
        (k["A"], 1, "email"),
        (k["C"], 3, "letter"),
        (k["C"], 4, "letter"),
        (k["E"], 2, "call"),
        (k["E"], 3, "letter"),
    }
    # B (dispute) and D (paid before its first level) are never reminded
    assert not {c for c, _, _ in due} & {k["B"], k["D"]}


def test_a_reminder_within_the_tolerance_is_on_time_and_one_beyond_it_is_late():
    w, actions = _month()
    letter = find(actions, "send_letter", customer=w.keys["C"], level=3)
    reached = date.fromisoformat(letter["date"])
    on_time = moved(w, actions, letter, reached + timedelta(days=TOLERANCE_DAYS))
    assert graded(w, on_time)["score"] == 100.0
    late = moved(w, actions, letter, reached + timedelta(days=TOLERANCE_DAYS + 1))
    assert_mistakes(w, late, {"REMINDER_LATE"}, "REMINDER_LATE", [reached, reached + timedelta(days=3)])


def test_a_call_noted_late_with_an_earlier_date_is_still_late():
    w, actions = _month()
    call = find(actions, "log_call", customer=w.keys["E"])
    reached = date.fromisoformat(call["date"])
    rest = [a for a in actions if a is not call]
    backdated = insert_on(
        w, rest, reached + timedelta(days=TOLERANCE_DAYS + 3), [call]
    )  # dated the level's day
    assert_mistakes(w, backdated, {"REMINDER_LATE"}, "REMINDER_LATE", [reached])


def test_a_level_never_reminded():
    w, actions = _month()
    call = find(actions, "log_call", customer=w.keys["E"])
    assert_mistakes(
        w,
        without(actions, "log_call", customer=w.keys["E"]),
        {"CALL_NOT_LOGGED"},
        "CALL_NOT_LOGGED",
        [call["documents"][0]],
        undone={"reminders": 1},
    )
    letter = find(actions, "send_letter", customer=w.keys["C"], level=4)
    fewer = [a for a in actions if a is not letter]
    # no mise en demeure: no transfer to 416 either (the ledger refuses it: one problem), two mistakes
    g = graded(w, fewer)
    assert {"OVERDUE_NOT_REMINDED", "DOUBTFUL_NOT_TRANSFERRED"} == {m["code"] for m in g["mistakes"]}
    assert [p["code"] for p in g["problems"]] == ["no_formal_notice"]


def test_email_content_is_checked_with_the_amount_due_that_day():
    # A pays at the end of the month: the e-mail of day 3-5 still had to give the TTC then due, not the HT
    w, actions = _month()
    email = find(actions, "send_email", customer=w.keys["A"])
    invoice = w.document(w.keys["FA"])
    assert format_money(invoice.amount_ttc) in email["body"]
    email["body"] = email["body"].replace(format_money(invoice.amount_ttc), format_money(invoice.amount_ht))
    assert_mistakes(w, actions, {"EMAIL_MISSING_AMOUNT"}, "EMAIL_MISSING_AMOUNT", [invoice.amount_ttc])


def test_reminding_a_customer_who_has_paid():
    w, actions = _month()
    paid_on = w.statement_line(w.keys["PD"]).date
    email = {
        "type": "send_email",
        "customer": w.keys["D"],
        "to": w.customer(w.keys["D"]).contact.email,
        "subject": f"Relance facture {w.keys['FD']}",
        "body": "Bonjour, merci de régler la facture. Cordialement",
        "documents": [w.keys["FD"]],
    }
    later = insert_on(w, actions, paid_on + timedelta(days=1), [email])
    assert_mistakes(w, later, {"REMINDED_PAID_CUSTOMER"}, "REMINDED_PAID_CUSTOMER", [w.keys["FD"]])


def test_reminding_a_disputed_invoice():
    w, actions = _month()
    disputed = next(r for r in w.expected.replies if r.disputes)
    call = {
        "type": "log_call",
        "customer": w.keys["B"],
        "date": (disputed.date + timedelta(days=1)).isoformat(),
        "note": f"Appel pour {w.keys['FB']} : le client maintient sa contestation.",
        "documents": [w.keys["FB"]],
    }
    later = insert_on(w, actions, disputed.date + timedelta(days=1), [call])
    assert_mistakes(w, later, {"REMINDED_DISPUTED_INVOICE"}, "REMINDED_DISPUTED_INVOICE", [w.keys["FB"]])


def test_a_mise_en_demeure_sent_before_its_level_skips_levels():
    w, actions = _month()
    early = insert_on(
        w,
        actions,
        w.today,
        [{"type": "send_letter", "customer": w.keys["C"], "level": 4, "date": w.today.isoformat()}],
    )
    assert_mistakes(w, early, {"REMINDER_LEVEL_SKIPPED"}, "REMINDER_LEVEL_SKIPPED", [w.today])


def _open_ttc(w, *keys):
    return sum((w.document(w.keys[k]).amount_ttc for k in keys), Decimal("0.00"))


def test_doubtful_not_transferred():
    w, actions = _month()
    assert_mistakes(
        w,
        without(actions, "transfer_to_doubtful"),
        {"DOUBTFUL_NOT_TRANSFERRED"},
        "DOUBTFUL_NOT_TRANSFERRED",
        [_open_ttc(w, "FC1", "FC2")],
        undone={"doubtful": 1},
    )


def test_doubtful_transfer_of_one_invoice_only_is_the_wrong_amount():
    w, actions = _month()
    find(actions, "transfer_to_doubtful")["invoices"] = [w.keys["FC1"]]
    assert_mistakes(
        w,
        actions,
        {"DOUBTFUL_WRONG_AMOUNT"},
        "DOUBTFUL_WRONG_AMOUNT",
        [_open_ttc(w, "FC1"), _open_ttc(w, "FC1", "FC2")],
    )


def test_doubtful_transfer_of_a_customer_the_brief_does_not_name():
    w, actions = _month()
    start = w.today + timedelta(days=1)
    notice = {"type": "send_letter", "customer": w.keys["E"], "level": 4, "date": start.isoformat()}
    # the day after the deadline, 8 days on, moved to a working day (03/11 + 8 = 11/11, a public holiday)
    transfer_day = payment_deadline(start, w.notice_days) + timedelta(days=1)
    transfer = {"type": "transfer_to_doubtful", "customer": w.keys["E"], "date": transfer_day.isoformat()}
    wrong = insert_on(w, insert_on(w, actions, start, [notice]), transfer_day, [transfer])
    g = graded(w, wrong)
    assert "DOUBTFUL_UNDUE" in {m["code"] for m in g["mistakes"]} and g["problems"] == []


def _penalty_by_hand(w) -> tuple[int, Decimal]:
    """domain.md §7.1: TTC × (ECB 2.15 % + 10 points) × days late / 365, from the day after the due date to
    the payment (the bank line of the promised transfer), H2 2026."""
    invoice = w.document(w.keys["FA"])
    days = (w.statement_line(w.keys["PA"]).date - invoice.due_date).days
    amount = invoice.amount_ttc * Decimal("12.15") / 100 * days / 365
    return days, amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_penalties_not_billed():
    w, actions = _month()
    days, amount = _penalty_by_hand(w)
    assert_mistakes(
        w,
        without(actions, "bill_late_fees"),
        {"PENALTIES_NOT_BILLED"},
        "PENALTIES_NOT_BILLED",
        [amount, w.keys["FA"]],
        undone={"late_fees": 1},
    )


def test_penalties_at_the_legal_interest_rate_are_the_wrong_amount():
    w, actions = _month()
    days, amount = _penalty_by_hand(w)
    find(actions, "bill_late_fees")["rate"] = "3.00"  # not ECB + 10 points
    wrong = (w.document(w.keys["FA"]).amount_ttc * 3 / 100 * days / 365).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    assert_mistakes(w, actions, {"PENALTIES_WRONG_AMOUNT"}, "PENALTIES_WRONG_AMOUNT", [wrong, amount])


def test_penalties_without_the_40_euro_indemnity():
    w, actions = _month()
    find(actions, "bill_late_fees")["indemnity"] = False
    assert_mistakes(w, actions, {"INDEMNITY_MISSING"}, "INDEMNITY_MISSING", [w.keys["FA"]])


def test_advancing_past_the_last_day_is_refused_and_other_scenarios_never_move():
    w, actions = _month()
    g = graded(w, [*actions, {"type": "advance_days", "days": 31}])
    assert [p["code"] for p in g["problems"]] == ["beyond_last_day"] or [
        p["code"] for p in g["problems"]
    ] == ["days_out_of_range"]
    other = generate(PACK, "a-contacter", 1)
    g = graded(other, [*solve(other), {"type": "advance_days", "days": 1}])
    assert [p["code"] for p in g["problems"]] == ["calendar_fixed"] and g["score"] == 100.0
