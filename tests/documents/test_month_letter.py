"""Scenario 5 « Un mois de relances »: the mise en demeure prints the deadline the transfer to 416 waits
for — one rule (ledger.litigation: the world's notice days from the letter's date, domain.md §7.3), read
back from the PDF and checked against the transfer's refusal and the follow-up page's « Fin du délai »."""

import dataclasses
import re
from datetime import date, timedelta

import pytest
from document_helpers import jjmmaaaa, pdf_text

from simulator.documents.letters import letter_document
from simulator.documents.render import to_pdf
from simulator.ledger import litigation
from simulator.packs.generate import generate
from simulator.packs.registry import load_pack
from simulator.packs.replay import replay
from simulator.packs.solve import solve
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
    found = re.search(r"au plus tard le (\d\d)/(\d\d)/(\d{4})", text)
    assert found, text
    day, month, year = map(int, found.groups())
    return date(year, month, day)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_mise_en_demeure_prints_the_deadline_the_transfer_waits_for(seed):
    world, customer, sent, books = _before_transfer(seed)
    text = pdf_text(to_pdf(letter_document(world, books, customer, 4, on=sent)))
    printed = _printed_deadline(text)
    # un-mois.yaml: « calendar: {days: 30, notice_days: 8} »: 8 days from the letter's date
    assert printed == sent + timedelta(days=8)
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
    assert _printed_deadline(text) == sent + timedelta(days=12)
    assert litigation_panel(world, books, customer).deadline == sent + timedelta(days=12)
