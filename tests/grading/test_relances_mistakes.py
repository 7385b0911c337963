"""The follow-up pack's mistakes, caught the way a student makes them: each test starts from the reference
attempt of a scenario of `relances`, alters it, and checks the exact set of codes, the points lost (the
rubric points of the failed criteria) and that the French message names the invoice, customer or date
(tests/grading/grading_builders.assert_mistakes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from grading_builders import assert_mistakes, find, graded, without
from pack_cache import builtin_pack

from simulator.formatting import format_date
from simulator.packs.play.solve import solve
from simulator.packs.world.generate import generate

PACK = builtin_pack("relances")


def _world(scenario: str, seed: int = 1):
    return generate(PACK, scenario, seed)


def _litige(seed: int = 1):
    w = _world("releve-litige", seed)
    return w, solve(w), w.keys["FL"], w.keys["FP"], w.keys["A"]


def test_reference_solutions_are_perfect_and_deterministic():
    for scenario in PACK.scenario_ids:
        w = _world(scenario, 3)
        first, second = graded(w, solve(w)), graded(_world(scenario, 3), solve(_world(scenario, 3)))
        assert first == second and first["score"] == 100.0 and first["mistakes"] == []


def test_disputed_invoice_not_excluded():
    w, actions, disputed, _, customer = _litige()
    actions = without(actions, "exclude_from_followup")
    # the statement sent then counts the disputed invoice in its total, too
    assert_mistakes(
        w,
        actions,
        {"DISPUTE_NOT_EXCLUDED", "STATEMENT_SHOWS_DISPUTE"},
        "DISPUTE_NOT_EXCLUDED",
        [disputed],
        undone={"disputes": 1},
    )


def test_excluding_after_sending_the_statement_counts_the_dispute_in_it():
    w, actions, disputed, _, _ = _litige()
    exclude = find(actions, "exclude_from_followup")
    others = [a for a in actions if a is not exclude]
    statement = others.index(find(others, "send_statement"))
    late = others[: statement + 1] + [exclude] + others[statement + 1 :]
    assert_mistakes(w, late, {"STATEMENT_SHOWS_DISPUTE"}, "STATEMENT_SHOWS_DISPUTE", [disputed])


def test_excluding_an_invoice_nobody_disputes():
    w, actions, _, promised, _ = _litige()
    extra = {"type": "exclude_from_followup", "document": promised, "reason": "Par prudence"}
    assert_mistakes(
        w, [*actions, extra], {"EXCLUDED_WITHOUT_DISPUTE"}, "EXCLUDED_WITHOUT_DISPUTE", [promised]
    )


def test_excluding_then_putting_back_the_wrong_invoice_costs_nothing():
    w, actions, _, promised, _ = _litige()
    undo = [
        {"type": "exclude_from_followup", "document": promised, "reason": "Erreur"},
        {"type": "include_in_followup", "document": promised},
    ]
    assert graded(w, [*undo, *actions])["score"] == 100.0


def test_reminding_the_disputed_invoice():
    w, actions, disputed, _, customer = _litige()
    call = {
        "type": "log_call",
        "customer": customer,
        "date": w.today.isoformat(),
        "documents": [disputed],
        "note": f"Relance de {disputed} : le client maintient sa contestation.",
    }
    assert_mistakes(
        w, [*actions, call], {"REMINDED_DISPUTED_INVOICE"}, "REMINDED_DISPUTED_INVOICE", [disputed, w.today]
    )


def test_announced_payment_date_missing_or_wrong():
    w, actions, _, promised, _ = _litige()
    expected = w.expected.expected_payments[0].date
    missing = without(actions, "set_expected_payment_date")
    assert_mistakes(
        w,
        missing,
        {"EXPECTED_PAYMENT_DATE_MISSING"},
        "EXPECTED_PAYMENT_DATE_MISSING",
        [promised, expected],
        undone={"payment_dates": 1},
    )
    wrong_date = expected + timedelta(days=5)
    wrong = [
        {**a, "date": wrong_date.isoformat()} if a["type"] == "set_expected_payment_date" else a
        for a in actions
    ]
    g = assert_mistakes(
        w,
        wrong,
        {"EXPECTED_PAYMENT_DATE_WRONG"},
        "EXPECTED_PAYMENT_DATE_WRONG",
        [promised, wrong_date, expected],
    )
    assert format_date(expected) in g["mistakes"][0]["message"]


def test_statement_not_sent_and_next_action_missing_or_late():
    w, actions, disputed, _, _ = _litige()
    assert_mistakes(
        w,
        without(actions, "send_statement"),
        {"STATEMENT_NOT_SENT"},
        "STATEMENT_NOT_SENT",
        [disputed],
        undone={"statements": 1},
    )
    assert_mistakes(
        w,
        without(actions, "set_next_action"),
        {"NEXT_ACTION_MISSING"},
        "NEXT_ACTION_MISSING",
        undone={"next_actions": 1},
    )
    late = (w.today + timedelta(days=30)).isoformat()
    later = [{**a, "date": late} if a["type"] == "set_next_action" else a for a in actions]
    assert_mistakes(w, later, {"NEXT_ACTION_WRONG_DATE"}, "NEXT_ACTION_WRONG_DATE")


# --- Les clients à contacter aujourd'hui ----------------------------------------------------------------------


def _contact(seed: int = 1):
    w = _world("a-contacter", seed)
    return w, solve(w)


def test_contacting_a_late_customer_whose_next_action_is_ahead():
    w, actions = _contact()
    d = w.keys["D"]
    call = {
        "type": "log_call",
        "customer": d,
        "date": w.today.isoformat(),
        "documents": [w.keys["FD"]],
        "note": "Relance : règlement promis.",
    }
    planned = w.today + timedelta(days=4)
    assert_mistakes(w, [*actions, call], {"CONTACTED_NOT_DUE_TODAY"}, "CONTACTED_NOT_DUE_TODAY", [planned])


def test_contacting_the_customer_who_paid_although_an_action_was_planned():
    w, actions = _contact()
    f = w.keys["F"]
    email = {**find(actions, "send_email"), "customer": f, "documents": [w.keys["FF"]]}
    g = graded(w, [*actions, email])
    assert "REMINDED_PAID_CUSTOMER" in {m["code"] for m in g["mistakes"]}
    assert "CONTACTED_NOT_DUE_TODAY" not in {m["code"] for m in g["mistakes"]}  # nothing overdue: not twice


def test_a_level_3_customer_phoned_instead_of_a_letter():
    w, actions = _contact()
    c, fc = w.keys["C"], w.keys["FC"]
    letter = find(actions, "send_letter", customer=c)
    call = {
        "type": "log_call",
        "customer": c,
        "date": w.today.isoformat(),
        "documents": [fc],
        "note": f"Relance de {fc} : paiement promis par virement.",
    }
    others = [a for a in actions if a is not letter]
    g = assert_mistakes(
        w,
        [*others, call],
        {"WRONG_CHANNEL_FOR_LEVEL", "OVERDUE_NOT_REMINDED"},
        "WRONG_CHANNEL_FOR_LEVEL",
        ["lettre"],
        undone={"reminders": 1},
    )
    assert "appel téléphonique" in g["mistakes"][-1]["message"] or any(
        "appel téléphonique" in m["message"] for m in g["mistakes"]
    )


@pytest.mark.parametrize("name", ["A", "B", "C", "E"])
def test_a_customer_due_today_not_contacted(name):
    w, actions = _contact()
    customer = w.keys[name]
    kept = [a for a in actions if a.get("customer") != customer or a["type"] == "set_next_action"]
    g = graded(w, kept)
    expected = {reminder.channel for reminder in w.expected.reminders if reminder.customer == customer}
    code = "CALL_NOT_LOGGED" if expected == {"phone"} else "OVERDUE_NOT_REMINDED"
    assert {m["code"] for m in g["mistakes"]} == {code}
    assert g["score"] < 100


def test_history_before_the_scenario_is_never_graded():
    w, _ = _contact()
    assert w.prior_followup and graded(w, [])["score"] < 100
    # nothing done: only the missing reminders and next actions, never the colleagues' past e-mails
    assert {m["code"] for m in graded(w, [])["mistakes"]} <= {
        "OVERDUE_NOT_REMINDED",
        "CALL_NOT_LOGGED",
        "NEXT_ACTION_MISSING",
    }
