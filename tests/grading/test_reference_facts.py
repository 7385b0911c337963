"""References state only the world's facts (a-contacter, un-mois): a call note records a payment date only
where the customer announced one in the world, and known by the call's day; a customer the world leaves
silent is noted as such (« répondeur, message laissé »); the payment dates noted are the world's; the next
action after a silent customer's call is the day its next level is reached, within the brief's window.
And such a note is a complete call note (the customer's answer is that nobody answered)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from grading_builders import graded
from pack_cache import builtin_pack

from simulator.grading.reminder_rules import check_reminder
from simulator.packs.play.solve import solve
from simulator.packs.world.generate import generate
from simulator.packs.world.model import World

PACK = builtin_pack("relances")
SCENARIOS = ("a-contacter", "un-mois")
PROMISE = re.compile(r"(?:promis|annoncé|réglera|prévu)[^;.]*?(\d{2})/(\d{2})/(\d{4})", re.IGNORECASE)


def _world_promises(w: World) -> list[tuple[str, date, date]]:
    """(customer, payment date, first day known) of every promise the world's messages make."""
    found = [
        (r.customer, r.pays_on, r.date) for r in w.expected.replies if r.promises and r.pays_on is not None
    ]
    found += [(w.document(p.document).customer, p.date, w.today) for p in w.expected.expected_payments]
    return found


def _days(w: World, actions):
    """Each action with the day the calendar is at when it is done."""
    today = w.today
    for action in actions:
        yield today, action
        if action["type"] == "advance_days":
            today += timedelta(days=action["days"])


def _check_reference(w: World) -> None:
    promises = _world_promises(w)
    actions = solve(w)
    calls = 0
    for day, action in _days(w, actions):
        if action["type"] == "log_call":
            calls += 1
            customer, note = action["customer"], action["note"]
            said = [date(int(y), int(m), int(d)) for d, m, y in PROMISE.findall(note)]
            for promised in said:
                assert any(c == customer and p == promised and k <= day for c, p, k in promises), (
                    f"seed {w.seed}: {note!r} records a promise the world does not make"
                )
            if not said:
                assert "répondeur, message laissé" in note, note
        if action["type"] == "set_expected_payment_date":
            customer = w.document(action["document"]).customer
            on = date.fromisoformat(action["date"])
            assert any(c == customer and p == on and k <= day for c, p, k in promises), (w.seed, action)
    assert calls, "the scenario's reference makes calls"
    # the next action after a reminder of a silent customer: the day the next level is reached
    for action in (a for a in actions if a["type"] == "set_next_action"):
        reminder = next(r for r in w.expected.reminders if r.customer == action["customer"])
        oldest = min(w.document(n).due_date for n in reminder.documents)
        later = sorted(lvl.days for lvl in w.followup_levels if lvl.level > reminder.level)
        reached = oldest + timedelta(days=later[0]) if later else w.today + timedelta(days=7)
        window = w.today + timedelta(days=reminder.next_action_days or 7)
        expected = min(max(reached, w.today + timedelta(days=1)), window)
        assert date.fromisoformat(action["date"]) == expected, (w.seed, action)


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_references_record_only_the_worlds_promises(scenario, seed):
    w = generate(PACK, scenario, seed)
    _check_reference(w)
    assert graded(w, solve(w))["score"] == 100.0


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_references_record_only_the_worlds_promises_and_grade_100_seeds_1_to_300(scenario):
    for seed in range(1, 301):
        w = generate(PACK, scenario, seed)
        _check_reference(w)
        g = graded(w, solve(w))
        assert g["score"] == 100.0 and g["mistakes"] == [] and g["problems"] == [], (seed, g["mistakes"])


def _check(note: str, silence_answers: bool):
    return check_reminder(
        note,
        amount_ttc=Decimal("2400.00"),
        amount_ht=Decimal("2000.00"),
        references=["FA-2025-0110"],
        due_dates=[date(2025, 2, 14)],
        signatory_name="Léa Martin",
        company_name="Martin SARL",
        channel="phone",
        year_hint=2025,
        call_date=date(2025, 3, 3),
        silence_answers=silence_answers,
    )


def test_a_note_of_nobody_reached_answers_only_where_the_world_gives_no_answer():
    silent = (
        "Appel le 03/03/2025 : FA-2025-0110, 2 400,00 € TTC échue le 14/02/2025 ; répondeur, message laissé."
    )
    assert _check(silent, silence_answers=True).ok
    assert _check(silent, silence_answers=False).missing == ("answer",)
    # a note that invents nothing but says nothing of the call is still incomplete
    bare = "Appel le 03/03/2025 : FA-2025-0110, 2 400,00 € TTC échue le 14/02/2025."
    assert _check(bare, silence_answers=True).missing == ("answer",)
    # reaching the customer is not silence: what it said must be recorded
    reached = "Appel le 03/03/2025 : FA-2025-0110, 2 400,00 € TTC échue le 14/02/2025 ; parlé avec M. Roux, il ne répond pas sur la date."
    assert _check(reached, silence_answers=True).missing == ("answer",)
