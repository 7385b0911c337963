"""One name per receipt on every screen: the number of its journal entry (« BNK/2026/0002 », what Odoo
shows), never ``P1`` (the id of the attempt files); a bank line by its date, label and amount; and the
discount condition of an invoice stated inclusive (« au plus tard le »)."""

from __future__ import annotations

import re
from html import unescape

from compta_helpers import attempt_of, play, reference
from workspace_helpers import post, start

from simulator.formatting import format_date

ENTRY = re.compile(r"BNK/\d{4}/\d{4}")


def _visible(html: str) -> str:
    """The text a reader sees (tags, attribute values and hidden form values dropped, aria-labels kept)."""
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', html))
    return unescape(re.sub(r"<[^>]*>", " ", html)) + " " + unescape(labels)


def test_a_receipt_is_named_by_its_entry_number_on_every_screen(client):
    attempt_id = start(client, "virement", seed=1)
    payment = next(a for a in reference(client, attempt_id) if a["type"] == "register_payment")
    unmatched = {**payment, "documents": [], "difference": {"handling": "keep_open"}}
    unmatched.pop("source")  # recorded by hand: its bank line is still to reconcile
    assert play(client, attempt_id, unmatched).status_code in (200, 303)
    entry = attempt_of(client, attempt_id).books.payments["P1"].entry
    assert ENTRY.fullmatch(entry)
    base = f"/tentatives/{attempt_id}"
    customer = payment["customer"]
    invoice = payment["documents"][0]
    pages = {
        "Règlements clients": f"{base}/reglements",
        "règlement": f"{base}/reglements/P1",
        "Lettrage": f"{base}/lettrage?customer={customer}",
        "Livre des tiers": f"{base}/livre-des-tiers",
        "facture (Crédits en circulation)": f"{base}/factures/{invoice}",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = _visible(response.get_data(as_text=True))
        assert entry in text, name
        assert not re.search(r"\bP1\b", text), f"{name}: {text[text.find('P1') - 80 : text.find('P1') + 40]}"
    for url in (f"{base}/balance-agee", f"{base}/reglements/nouveau?customer={customer}"):  # no receipt row
        assert not re.search(r"\bP1\b", _visible(client.get(url).get_data(as_text=True))), url


def test_a_prior_receipt_is_named_by_its_entry_number_too(client):
    """The world's earlier receipts (« antérieur », ids HIST-1…) are named like the student's: by their
    entry number, on every screen that lists them and in the message refusing to cancel one."""
    attempt_id = start(client, "virement", seed=1)
    attempt = attempt_of(client, attempt_id)
    prior = attempt.world.prior_payments[0]
    assert prior.id.startswith("HIST-")
    entry = attempt.books.payments[prior.id].entry
    assert ENTRY.fullmatch(entry)
    base = f"/tentatives/{attempt_id}"
    invoice = prior.documents[0]
    listed = client.get(f"{base}/reglements").get_data(as_text=True)
    assert f'href="{base}/reglements/{entry}"' in listed  # its link names it too
    pages = {
        "Règlements clients": f"{base}/reglements",
        "règlement": f"{base}/reglements/{entry}",
        "Lettrage": f"{base}/lettrage?customer={prior.customer}",
        "Livre des tiers": f"{base}/livre-des-tiers",
        "facture payée": f"{base}/factures/{invoice}",
        "relances du client": f"{base}/relances/{prior.customer}",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        # what is read and the links (their address is shown); a checkbox's value is for the machine
        page = re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))
        assert "HIST-" not in page, f"{name}: {page[page.find('HIST-') - 80 : page.find('HIST-') + 40]}"
        text = _visible(page)
        if name != "relances du client":
            assert entry in text, name
    refused = post(client, f"{base}/reglements/{entry}/annuler").get_data(as_text=True)
    assert (
        f"Le règlement {entry} a été saisi avant votre arrivée" in _visible(refused)
        and "HIST-" not in refused
    )
    assert client.get(f"{base}/reglements/{prior.id}").status_code == 200  # the id is still understood


def test_a_receipt_is_opened_and_cancelled_through_its_entry_number(client):
    attempt_id = start(client, "virement", seed=1)
    payment = next(a for a in reference(client, attempt_id) if a["type"] == "register_payment")
    assert play(client, attempt_id, payment).status_code in (200, 303)
    entry = attempt_of(client, attempt_id).books.payments["P1"].entry
    base = f"/tentatives/{attempt_id}"
    assert f'href="{base}/reglements/{entry}"' in client.get(f"{base}/reglements").get_data(as_text=True)
    detail = client.get(f"{base}/reglements/{entry}")
    assert detail.status_code == 200 and f"{base}/reglements/{entry}/annuler" in detail.get_data(as_text=True)
    done = post(client, f"{base}/reglements/{entry}/annuler")
    assert done.status_code == 303 and done.location.endswith(f"/reglements/{entry}")
    assert attempt_of(client, attempt_id).books.payments["P1"].cancelled
    assert client.get(f"{base}/reglements/BNK/2026/9999").status_code == 404


def test_a_reconciled_line_names_its_receipt_and_the_receipt_names_its_line(client):
    attempt_id = start(client, "virement", seed=1)
    payment = next(a for a in reference(client, attempt_id) if a["type"] == "register_payment")
    assert play(client, attempt_id, payment).status_code in (200, 303)
    attempt = attempt_of(client, attempt_id)
    entry = attempt.books.payments["P1"].entry
    line = attempt.world.statement_line(payment["source"]["statement_line"])
    bank = _visible(client.get(f"/tentatives/{attempt_id}/rapprochement").get_data(as_text=True))
    assert f"Règlement {entry}" in bank and "REL-" not in bank
    detail = _visible(client.get(f"/tentatives/{attempt_id}/reglements/P1").get_data(as_text=True))
    squashed = re.sub(r"\s+", " ", detail)
    assert f"ligne du relevé du {format_date(line.date)} « {line.label} »" in squashed
    assert line.id not in detail


def test_an_invoice_states_its_discount_deadline_inclusive(client):
    attempt_id = start(client, "escompte", seed=1)
    world = attempt_of(client, attempt_id).world
    invoice = next(d for d in world.documents if d.discount is not None and d.kind == "invoice")
    html = _visible(client.get(f"/tentatives/{attempt_id}/factures/{invoice.number}").get_data(as_text=True))
    squashed = re.sub(r"\s+", " ", html)
    assert f"si paiement au plus tard le {format_date(invoice.discount.deadline)}" in squashed
    assert "avant le" not in squashed
