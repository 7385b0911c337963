"""In Chromium, by labels and roles only: the cheque scenario played on Chèques reçus and Remises de chèques,
remise-creditee on Rapprochement bancaire and Banque en ligne, both scoring 100; axe finds no serious or
critical violation on the Banque screens, forms open and an error shown. The solver says what to type."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

from simulator import services, store
from simulator.packs.solve import solve

pytestmark = pytest.mark.e2e


def _start(page: Page, live_server, title: str) -> tuple[int, list[dict]]:
    """Commencer a scenario from the catalogue; its attempt id and reference actions."""
    page.goto("/entrainement")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title))
    card.get_by_role("button", name="Commencer").click()
    expect(page).to_have_url(re.compile(r"/tentatives/\d+/consignes$"))
    attempt_id = int(re.search(r"/tentatives/(\d+)/", page.url)[1])
    return attempt_id, solve(_world(live_server, attempt_id))


def _world(live_server, attempt_id: int):
    db = store.open_db(live_server.app.config["DATABASE"])
    record = store.get_attempt(db, attempt_id)
    owner = services.attempts.Owner(user_id=record.user_id, guest_token=record.guest_token)
    return services.attempts.load(db, attempt_id, owner).world


def _open(page: Page, screen: str) -> None:
    page.get_by_role("navigation", name="Menu du PGI").get_by_text("Banque", exact=True).click()
    page.get_by_role("link", name=screen, exact=True).click()
    expect(page.get_by_role("heading", name=screen, level=1)).to_be_visible()
    page.wait_for_function("window.htmx !== undefined")


def _submit_scores_100(page: Page) -> None:
    page.get_by_role("link", name="Rendre le travail").click()
    page.get_by_role("button", name="Rendre le travail").click()
    expect(page.locator(".score-value")).to_have_text("100")


def test_the_cheque_scenario_through_cheques_recus_and_remises_scores_100(page: Page, live_server):
    _, reference = _start(page, live_server, "Chèques reçus : enregistrement et remise en banque")
    _open(page, "Chèques reçus")
    payments = [a for a in reference if a["type"] == "register_payment"]
    endorsements = [a for a in reference if a["type"] == "endorse_cheque"]
    deposit = reference[-1]
    for action in payments:
        cheque = page.get_by_role("article").filter(
            has=page.get_by_role("heading", name=re.compile(rf"\({action['source']['cheque']}\)"))
        )
        cheque.get_by_role("button", name="Enregistrer le règlement").click()
        form = page.get_by_role("form", name="Enregistrer le règlement")
        form.get_by_label("Client").select_option(action["customer"])
        # htmx brings the invoices on change once it has processed the page; Choisir does it in any case
        # (a click that lands before htmx is ready would otherwise race it)
        form.get_by_role("button", name="Choisir").click()
        for number in action["documents"]:
            form.get_by_label(number).check()
        form.get_by_label("Montant").fill(action["amount"].replace(".", ","))
        form.get_by_label("Date de règlement").fill(action["date"])
        form.get_by_label("Mémo").fill(action["reference"])
        form.get_by_role("button", name="Valider").click()
        expect(cheque.get_by_text("À remettre", exact=True)).to_be_visible()
    for action in endorsements:
        cheque = page.get_by_role("article").filter(
            has=page.get_by_role("heading", name=re.compile(rf"\({action['cheque']}\)"))
        )
        cheque.get_by_role("button", name="Endosser").click()
        form = page.get_by_role("form", name="Endosser")
        form.get_by_label("Compte à créditer").fill(action["account"])
        form.get_by_label("Signature").fill(action["signature"])
        form.get_by_role("button", name="Valider").click()
        expect(cheque.get_by_text(f"compte n° {action['account']}", exact=True)).to_be_visible()

    _open(page, "Remises de chèques")
    page.get_by_role("button", name="Nouveau bordereau").click()
    slip = page.get_by_role("form", name="Bordereau de remise de chèques")
    slip.get_by_label("Date de la remise").fill(deposit["date"])
    slip.get_by_label("Compte à créditer").fill(deposit["account"])
    for n, line in enumerate(deposit["lines"], start=1):
        row = slip.get_by_role("group", name=f"Chèque {n}", exact=True)
        row.get_by_label("Chèque", exact=True).select_option(line["cheque"])
        row.get_by_label("Tireur").fill(line["drawer"])
        row.get_by_label("Banque").fill(line["bank"])
        row.get_by_label("Numéro du chèque").fill(line["number"])
        row.get_by_label("Montant").fill(line["amount"].replace(".", ","))
    slip.get_by_label("Nombre de chèques").fill(str(deposit["count"]))
    slip.get_by_label("Montant total").fill(deposit["total"].replace(".", ","))
    slip.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("row").filter(has_text="S1").get_by_text("Remis", exact=True)).to_be_visible()
    _submit_scores_100(page)


def test_remise_creditee_through_rapprochement_and_the_bank_scores_100(page: Page, live_server):
    _, (reconcile, annotate) = _start(
        page, live_server, "Remise de chèques créditée par la banque : rapprochement"
    )
    _open(page, "Rapprochement bancaire")
    line = page.get_by_role("row").filter(has_text="REMISE CHQ")
    line.get_by_role("button", name="Faire correspondre").click()
    panel = page.get_by_role("form", name=re.compile("Faire correspondre"))
    panel.get_by_role("button", name="Valider").click()  # nothing chosen: refused next to the receipts
    expect(panel.get_by_text("Indiquez les règlements ou la remise à rapprocher")).to_be_visible()
    panel.get_by_label("Remise de chèques").select_option(reconcile["slip"])
    panel.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("row").filter(has_text="REMISE CHQ").get_by_text("Rapproché")).to_be_visible()

    _open(page, "Banque en ligne")
    row = page.get_by_role("row").filter(has_text="REMISE CHQ")
    row.get_by_label("Annotation").fill(annotate["text"])
    row.get_by_role("button", name="Noter").click()
    expect(page.get_by_text(annotate["text"])).to_be_visible()
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Imprimer le relevé").click()
    assert "/banque/releve.pdf" in popup.value.url
    popup.value.close()
    _submit_scores_100(page)


def test_the_banque_screens_pass_axe_with_their_forms_open(page: Page, live_server):
    _, reference = _start(page, live_server, "Chèques reçus : enregistrement et remise en banque")
    _open(page, "Chèques reçus")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le règlement").first.click()
    form = page.get_by_role("form", name="Enregistrer le règlement")
    form.get_by_role("button", name="Valider").click()  # empty: errors next to the fields
    expect(form.locator(".field-error").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Endosser").first.click()
    expect(page.get_by_role("form", name="Endosser")).to_be_visible()
    assert_accessible(page)
    _open(page, "Remises de chèques")
    page.get_by_role("button", name="Nouveau bordereau").click()
    slip = page.get_by_role("form", name="Bordereau de remise de chèques")
    slip.get_by_role("button", name="Ajouter un chèque").click()
    expect(slip.get_by_role("group", name="Chèque 2", exact=True)).to_be_visible()
    slip.get_by_role("button", name="Valider").click()
    expect(slip.locator(".field-error").first).to_be_visible()
    assert_accessible(page)

    _start(page, live_server, "Remise de chèques créditée par la banque : rapprochement")
    _open(page, "Rapprochement bancaire")
    assert_accessible(page)
    page.get_by_role("button", name="Faire correspondre").first.click()
    expect(page.get_by_role("form", name=re.compile("Faire correspondre"))).to_be_visible()
    assert_accessible(page)
    _open(page, "Banque en ligne")
    assert_accessible(page)
