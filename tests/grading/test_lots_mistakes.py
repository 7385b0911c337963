"""Relances par lot: each mistake caught the way a student makes it, from the reference attempt of
`relances-par-lot` altered, with the exact set of codes, the points lost and the French message naming
what went wrong (grading_builders.assert_mistakes). The summary figures are worked by hand from the
invoices' HT amounts (TTC = HT + 20 % VAT) as the brief's customers stand: A (its invoice and its open
credit note), B (its overdue invoice and the one not yet due), D."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from grading_builders import assert_mistakes, graded, without
from pack_cache import builtin_pack

from simulator.packs.play.solve import solve
from simulator.packs.world.generate import generate
from simulator.packs.world.lots import expected_figures

PACK = builtin_pack("relances")


def _world(seed: int = 1):
    return generate(PACK, "relances-par-lot", seed)


def _ttc(w, key: str) -> Decimal:
    doc = w.document(w.keys[key])
    ht = sum((line.amount_ht for line in doc.lines), Decimal("0"))
    return ht + (ht * Decimal("0.20")).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _replace(actions, kind: str, **fields):
    return [{**a, **fields} if a["type"] == kind else a for a in actions]


def _name(w, key: str) -> str:
    return w.customer(w.keys[key]).customer.name


@pytest.mark.parametrize("seed", [1, 2, 3, 17])
def test_reference_is_perfect_and_the_figures_are_those_worked_by_hand(seed):
    w = _world(seed)
    g = graded(w, solve(w))
    assert g["score"] == 100.0 and g["mistakes"] == [] and g["problems"] == []
    debit = _ttc(w, "FA") + _ttc(w, "FB") + _ttc(w, "FB2") + _ttc(w, "FD")
    credit = _ttc(w, "AVA")
    assert expected_figures(w) == {
        "lot_partners": 3,
        "lot_entries": 5,
        "lot_debit": debit,
        "lot_credit": credit,
        "lot_balance": debit - credit,
    }
    run = w.expected.followup_run
    assert set(run.customers) == {w.keys["A"], w.keys["B"], w.keys["D"]}
    assert run.excluded_customers == (w.keys["E"],)
    # the address to set is the one D's message quotes, and D's card has none
    [(customer, address)] = run.emails
    assert customer == w.keys["D"] and w.customer(customer).contact.email == ""
    assert address in next(m.body for m in w.messages if m.customer == customer)


def test_no_run():
    w = _world()
    actions = without(solve(w), "run_followup")
    assert_mistakes(
        w,
        actions,
        {"LOT_MISSING"},
        "LOT_MISSING",
        [_name(w, "A"), _name(w, "B"), _name(w, "D")],
        undone={"lot_customers": 3},
    )


def test_run_refused_while_d_has_no_address_is_a_missing_run_and_an_unresolved_address():
    w = _world()
    actions = without(solve(w), "set_customer_email")
    assert_mistakes(
        w,
        actions,
        {"LOT_MISSING", "LOT_EMAIL_UNRESOLVED"},
        "LOT_EMAIL_UNRESOLVED",
        [_name(w, "D")],
        problems=1,
        undone={"lot_customers": 3, "emails": 1},
    )


def test_run_at_the_wrong_level():
    w = _world()
    actions = _replace(solve(w), "run_followup", level=2, excluded_customers=[])
    # nobody at level 1 is reminded; F (level 2) gets the level-2 reminder
    g = assert_mistakes(
        w,
        actions,
        {"LOT_WRONG_LEVEL", "LOT_MISSING"},
        "LOT_WRONG_LEVEL",
        ["REL/2026/0001"],
        undone={"lot_customers": 3},
    )
    assert "niveau 1" in next(m["message"] for m in g["mistakes"] if m["code"] == "LOT_WRONG_LEVEL")


def test_run_dated_the_day_before_selects_the_same_customers_but_is_misdated():
    w = _world()
    yesterday = (w.today - timedelta(days=1)).isoformat()
    actions = _replace(solve(w), "run_followup", date=yesterday)
    assert_mistakes(w, actions, {"LOT_WRONG_DATE"}, "LOT_WRONG_DATE", [w.today - timedelta(days=1), w.today])


def test_run_dated_weeks_ago_reminds_a_customer_not_at_that_level_today():
    w = _world()
    # 18 days ago F's invoice (33 to 42 days late today) was 15 to 24 days late: level 1 then, not today
    actions = _replace(solve(w), "run_followup", date=(w.today - timedelta(days=18)).isoformat())
    g = graded(w, actions)
    found = {m["code"] for m in g["mistakes"]}
    assert {"LOT_WRONG_DATE", "LOT_CUSTOMER_NOT_DUE", "LOT_CUSTOMER_MISSING"} <= found
    not_due = next(m["message"] for m in g["mistakes"] if m["code"] == "LOT_CUSTOMER_NOT_DUE")
    assert _name(w, "F") in not_due


def test_a_customer_wrongly_excluded_is_missing_from_the_lot():
    w = _world()
    actions = _replace(solve(w), "run_followup", excluded_customers=[w.keys["E"], w.keys["B"]])
    # B's overdue amount is its overdue invoice only: the one not yet due is not « échu »
    fragments = [_name(w, "B"), _ttc(w, "FB")]
    assert_mistakes(
        w, actions, {"LOT_CUSTOMER_MISSING"}, "LOT_CUSTOMER_MISSING", fragments, undone={"lot_customers": 1}
    )


def test_direct_debit_not_excluded():
    w = _world()
    actions = _replace(solve(w), "run_followup", excluded_methods=[])
    assert_mistakes(
        w,
        actions,
        {"LOT_EXCLUDED_METHOD_REMINDED"},
        "LOT_EXCLUDED_METHOD_REMINDED",
        [_name(w, "C"), "prélèvement"],
    )


def test_customer_to_exclude_given_a_made_up_address():
    w = _world()
    e = w.keys["E"]
    actions = [
        {"type": "set_customer_email", "customer": e, "email": "contact@inconnu.fr"},
        *_replace(solve(w), "run_followup", excluded_customers=[]),
    ]
    assert_mistakes(
        w, actions, {"LOT_EXCLUDED_CUSTOMER_REMINDED"}, "LOT_EXCLUDED_CUSTOMER_REMINDED", [_name(w, "E")]
    )


def test_customer_without_address_excluded_instead_of_resolved():
    w = _world()
    d = w.keys["D"]
    actions = without(solve(w), "set_customer_email")
    actions = _replace(actions, "run_followup", excluded_customers=[w.keys["E"], d])
    assert_mistakes(
        w,
        actions,
        {"LOT_EMAIL_UNRESOLVED", "LOT_CUSTOMER_MISSING"},
        "LOT_EMAIL_UNRESOLVED",
        [_name(w, "D")],
        undone={"lot_customers": 1, "emails": 1},
    )


def test_wrong_address_typed():
    w = _world()
    [(d, address)] = w.expected.followup_run.emails
    actions = _replace(solve(w), "set_customer_email", email="compta@ailleurs.fr")
    assert_mistakes(w, actions, {"LOT_EMAIL_WRONG"}, "LOT_EMAIL_WRONG", [_name(w, "D"), address])


def test_a_figure_not_quoted():
    w = _world()
    actions = without(solve(w), "answer", question="solde")
    balance = expected_figures(w)["lot_balance"]
    assert_mistakes(
        w,
        actions,
        {"ANSWER_MISSING"},
        "ANSWER_MISSING",
        ["Synthèse du lot : solde", balance],
        undone={"answers": 1},
    )


def test_total_debit_without_the_invoice_not_yet_due():
    w = _world()
    debit = expected_figures(w)["lot_debit"]
    wrong = debit - _ttc(w, "FB2")  # only the overdue invoices: the summary counts every open item
    actions = [{**a, "value": f"{wrong:.2f}"} if a.get("question") == "debit" else a for a in solve(w)]
    assert_mistakes(w, actions, {"ANSWER_WRONG"}, "ANSWER_WRONG", [wrong, debit])


def test_count_of_entries_quoted_wrong():
    w = _world()
    actions = [
        {**a, "value": "4"} if a.get("question") == "ecritures" else a for a in solve(w)
    ]  # the open credit note forgotten
    assert_mistakes(w, actions, {"ANSWER_WRONG"}, "ANSWER_WRONG", ["nombre d'écritures", "4", "5"])


def test_the_lot_reminders_are_in_the_follow_up_log_and_a_reminder_to_a_payer_is_still_caught():
    w = _world()
    g_customer = w.keys["G"]
    email = {
        "type": "send_email",
        "customer": g_customer,
        "to": "compta@exemple.fr",
        "subject": "Relance",
        "body": "Merci de régler.",
        "documents": [w.keys["FG"]],
    }
    g = graded(w, [*solve(w), email])
    assert {m["code"] for m in g["mistakes"]} == {"REMINDED_PAID_CUSTOMER"}


def test_the_lot_launched_twice_is_refused_and_a_manual_email_on_top_is_a_duplicate():
    w = _world()
    actions = solve(w)
    lot = next(a for a in actions if a["type"] == "run_followup")
    g = graded(w, [*actions, dict(lot)])
    # the core refuses the second run (as an ERP does): nobody gets the reminder twice, the grade says why
    assert [p["message"] for p in g["problems"]] == [
        f"Relance refusée : le lot REL/{w.today.year}/0001 a déjà relancé le niveau 1 le "
        f"{w.today:%d/%m/%Y}. Ses clients ont reçu leur relance : la renvoyer ferait doublon."
    ]
    assert g["mistakes"] == []
    a = w.keys["A"]
    email = {
        "type": "send_email",
        "customer": a,
        "to": w.customer(a).contact.email,
        "subject": f"Relance {w.keys['FA']}",
        "body": "Bonjour, merci de régler la facture. Cordialement.",
        "documents": [w.keys["FA"]],
    }
    g = assert_mistakes(
        w, [*actions, email], {"REMINDER_DUPLICATED"}, "REMINDER_DUPLICATED", [_name(w, "A"), w.today]
    )
    assert "2 relances de niveau 1 (e-mail)" in g["mistakes"][0]["message"]
