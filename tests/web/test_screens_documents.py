"""The professional documents on the screens of scenario 5 « Un mois de relances » (seed 1, the reference
month applied through the services, as the forms would): the note de débit of billed penalties is linked
from the customer's follow-up page and is the entry's pièce in Pièces comptables; the aged balance marks
the customers with invoices on 416 or in dispute; the trial balance names each customer's 411 account."""

from __future__ import annotations

import html
import io
import re

import pytest
from compta_helpers import attempt_of
from pypdf import PdfReader
from workspace_helpers import start

from simulator import services, store
from simulator.packs.play.solve import solve


def _text(page: bytes) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.decode())))


@pytest.fixture
def month(client, monkeypatch):
    """(attempt id, world) after the whole reference month."""
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: 1)
    attempt_id = start(client, "un-mois", pack="relances")
    attempt = attempt_of(client, attempt_id)
    db = store.open_db(client.application.config["DATABASE"])
    for action in solve(attempt.world):
        result = services.attempts.apply_action(db, attempt, action)
        assert result.accepted, (action, result.errors)
        attempt = result.attempt
    return attempt_id, attempt.world


def test_the_debit_note_is_linked_where_penalties_are_billed_and_is_the_entry_piece(client, month):
    attempt_id, world = month
    books = attempt_of(client, attempt_id).books
    fee = books.late_fees[0]
    page = client.get(f"/tentatives/{attempt_id}/relances/{fee.customer}").data
    link = re.search(rb'<a href="([^"]+)"[^>]*>Note de d\xc3\xa9bit ND/2026/0001</a>', page)
    assert link, _text(page)
    pdf = client.get(html.unescape(link[1].decode()))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Note de débit n° ND/2026/0001" in text and world.customer(fee.customer).customer.name in text
    journal = _text(client.get(f"/tentatives/{attempt_id}/pieces?journal=OD").data)
    assert f"{fee.entry} ND/2026/0001" in journal
    other = next(c.id for c in world.customers if c.id != fee.customer)
    assert (
        client.get(f"/tentatives/{attempt_id}/relances/{other}/note-de-debit-2026-1.pdf").status_code == 404
    )


def test_the_aged_balance_screen_marks_416_and_disputes_and_the_trial_balance_names_customers(client, month):
    attempt_id, world = month
    aged = _text(client.get(f"/tentatives/{attempt_id}/balance-agee").data)
    names = {c.id: c.customer.name for c in world.customers}
    assert f"{names[world.keys['C']]} 416" in aged  # moved to 416 after the mise en demeure
    assert f"{names[world.keys['B']]} Litige" in aged  # contested its invoice
    assert "416 facture transférée en clients douteux ou litigieux (compte 416)" in aged
    trial = _text(client.get(f"/tentatives/{attempt_id}/balance").data)
    for profile in world.customers:
        assert f"{profile.customer.account} Clients – {profile.customer.name}" in trial
