"""In Chromium, by labels and roles only: the arrondi scenario played through Factures clients and the
Enregistrer le règlement dialog (Écart de règlement refreshed by htmx), annotated at the bank, scoring
100; axe finds no serious or critical violation on the Comptabilité screens."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

from simulator import services, store
from simulator.packs.solve import solve

pytestmark = pytest.mark.e2e
TITLE = "Écart de règlement : quelques centimes de différence"


def _start(page: Page) -> int:
    page.goto("/entrainement")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=TITLE))
    card.get_by_role("button", name="Commencer").click()
    expect(page).to_have_url(re.compile(r"/tentatives/\d+/consignes$"))
    return int(re.search(r"/tentatives/(\d+)/", page.url)[1])


def _reference(live_server, attempt_id: int) -> list[dict]:
    record = store.get_attempt(store.open_db(live_server.app.config["DATABASE"]), attempt_id)
    return solve(services.grader_for(record.pack).world(record.scenario, record.seed))


def _french(amount: str) -> str:
    return f"{Decimal(amount):.2f}".replace(".", ",")


def _menu(page: Page, menu: str, screen: str) -> None:
    page.get_by_role("navigation", name="Menu du PGI").get_by_text(menu, exact=True).click()
    page.get_by_role("link", name=screen, exact=True).click()


def test_arrondi_through_the_payment_dialog_scores_100(page: Page, live_server):
    attempt_id = _start(page)
    payment, annotation = _reference(live_server, attempt_id)
    number = payment["documents"][0]
    _menu(page, "Comptabilité", "Factures clients")
    page.get_by_role("link", name=number).click()
    page.wait_for_function("window.htmx !== undefined")
    page.get_by_role("button", name="Enregistrer le règlement").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text("Aucun écart")).to_be_visible()  # the amount proposed is what is due
    dialog.get_by_label("Journal").select_option("BNK")
    dialog.get_by_label("Montant").fill(_french(payment["amount"]))
    expect(dialog.get_by_text("Marquer comme entièrement payé")).to_be_visible()  # htmx refreshed the block
    dialog.get_by_label("Date de règlement").fill(payment["date"])
    dialog.get_by_label("Mémo").fill(payment["reference"])
    dialog.get_by_label("Ligne du relevé").select_option(payment["source"]["statement_line"])
    dialog.get_by_label("Marquer comme entièrement payé").check()
    dialog.get_by_label("Compte de contrepartie").select_option(payment["difference"]["account"])
    dialog.get_by_label("Libellé").fill(payment["difference"]["label"])
    dialog.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    paid_on = date.fromisoformat(payment["date"]).strftime("%d/%m/%Y")
    expect(page.get_by_text(f"Payé le {paid_on}")).to_be_visible()

    _menu(page, "Banque", "Banque en ligne")
    row = page.get_by_role("row").filter(has_text="VIR SEPA")
    row.get_by_label("Annotation").fill(annotation["text"])
    row.get_by_role("button", name="Noter").click()
    expect(page.get_by_text(annotation["text"])).to_be_visible()
    page.get_by_role("link", name="Rendre le travail").click()
    page.get_by_role("button", name="Rendre le travail").click()
    expect(page.locator(".score-value")).to_have_text("100")


def test_the_comptabilite_screens_pass_axe(page: Page, live_server):
    attempt_id = _start(page)
    payment = _reference(live_server, attempt_id)[0]
    number, customer = payment["documents"][0], payment["customer"]
    base = f"/tentatives/{attempt_id}"
    for screen in (
        "factures",
        f"factures/{number}",
        f"avoir?facture={number}",
        f"reglement?facture={number}",
        "avoirs",
        "reglements",
        f"reglements/nouveau?customer={customer}",
        f"lettrage?customer={customer}",
        "pieces",
    ):
        page.goto(f"{base}/{screen}")
        assert_accessible(page)
    page.goto(f"{base}/factures/{number}")
    page.wait_for_function("window.htmx !== undefined")
    page.get_by_role("button", name="Enregistrer le règlement").click()
    page.get_by_role("dialog").get_by_label("Montant").fill("abc")
    page.get_by_role("dialog").get_by_role("button", name="Valider").click()
    expect(page.get_by_role("dialog").get_by_text("n'est pas un montant")).to_be_visible()
    assert_accessible(page)  # the dialog open, with an error
    page.get_by_role("dialog").get_by_role("button", name="Annuler").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
