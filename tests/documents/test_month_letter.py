"""Scenario 5 « Un mois de relances »: the mise en demeure prints the deadline the transfer to 416 waits
for — one rule (ledger.litigation: the world's notice days from the letter's date, domain.md §7.3), read
back from the PDF and checked against the transfer's refusal and the follow-up page's « Fin du délai »."""

import dataclasses
from datetime import date, timedelta

import pytest
from document_helpers import jjmmaaaa, pdf_text, read_in_full

from simulator.documents.letters import letter_document
from simulator.documents.render import to_pdf
from simulator.ledger import litigation
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate
from simulator.services.views import litigation_panel


def _before_transfer(seed: int):
    """(world, customer, date of its mise en demeure, books on the day of the reference transfer)."""
    world = generate(load_pack("relances"), "un-mois", seed)
    actions = solve(world)
    at = next(i for i, a in enumerate(actions) if a["type"] == "transfer_to_doubtful")
    customer = actions[at]["customer"]
    notice = next(
        a
        for a in actions[:at]
        if a["type"] == "send_letter" and a["customer"] == customer and a["level"] == 4
    )
    return world, customer, date.fromisoformat(notice["date"]), replay(world, actions[:at]).books


def _printed_deadline(text: str) -> date:
    """The deadline written in full (« au plus tard le lundi 30 novembre 2026 »), weekday checked."""
    return read_in_full(text, "au plus tard le")


def _working_day(day: date) -> date:
    """Hand-made: the next Monday-to-Friday day that is not one of the public holidays of November and
    December 2026 (the month of un-mois.yaml): 11/11 (Armistice) and 25/12 (Noël)."""
    while day.weekday() >= 5 or day in (date(2026, 11, 11), date(2026, 12, 25)):
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_mise_en_demeure_prints_the_deadline_the_transfer_waits_for(seed):
    world, customer, sent, books = _before_transfer(seed)
    text = pdf_text(to_pdf(letter_document(world, books, customer, 4, on=sent)))
    printed = _printed_deadline(text)
    # un-mois.yaml: « calendar: {days: 30, notice_days: 8} »: 8 days from the letter's date, moved to the
    # next working day when they end on a Saturday, a Sunday or a public holiday
    assert printed == _working_day(sent + timedelta(days=8))
    assert printed.weekday() < 5
    assert litigation_panel(world, books, customer).deadline == printed  # the page's « Fin du délai »
    refused, problems = litigation.transfer_preview(
        books, customer=customer, on=printed, notice_days=world.notice_days
    )
    assert refused is None and [p.code for p in problems] == ["notice_not_expired"]
    assert jjmmaaaa(printed) in problems[0].message
    allowed, problems = litigation.transfer_preview(
        books, customer=customer, on=printed + timedelta(days=1), notice_days=world.notice_days
    )
    assert allowed is not None and problems == []


def test_a_scenario_with_other_notice_days_prints_them_and_waits_for_them():
    world, customer, sent, books = _before_transfer(1)
    world = dataclasses.replace(world, notice_days=12)
    text = pdf_text(to_pdf(letter_document(world, books, customer, 4, on=sent)))
    assert _printed_deadline(text) == _working_day(sent + timedelta(days=12))
    assert litigation_panel(world, books, customer).deadline == _working_day(sent + timedelta(days=12))
