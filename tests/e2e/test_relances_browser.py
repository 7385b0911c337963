"""In Chromium, through labels and buttons only: the relance-telephone scenario played from Clients à
relancer to a score of 100 (the solver says what to type); Imprimer la lettre opens the PDF and records the
letter; axe finds no serious or critical violation on the Relances and Rapports screens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

from simulator import services, store
from simulator.packs.solve import solve

pytestmark = pytest.mark.e2e


def _start(page: Page, title: str) -> int:
    page.goto("/entrainement")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title))
    card.get_by_role("button", name="Commencer").click()
    expect(page).to_have_url(re.compile(r"/tentatives/\d+/consignes$"))
    return int(re.search(r"/tentatives/(\d+)/", page.url)[1])


def _reference(live_server, attempt_id: int) -> list[dict]:
    db = store.open_db(live_server.app.config["DATABASE"])
    try:
        record = store.get_attempt(db, attempt_id)
    finally:
        db.close()
    world = services.grader_for(record.pack).world(record.scenario, record.seed)
    return solve(world), world


def _open_customer(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Menu du PGI").get_by_text("Relances", exact=True).click()
    page.get_by_role("link", name="Clients à relancer").click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_relance_telephone_played_through_the_follow_up_page_scores_100(page: Page, live_server):
    attempt_id = _start(page, "Relance téléphonique d'un client en retard")
    actions, world = _reference(live_server, attempt_id)
    call, next_action = actions
    customer = world.customer(call["customer"])
    _open_customer(page, customer.customer.name)
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.lettrageMarker = 'same page'")

    form = page.locator("#form-appel")
    expect(form.get_by_label(call["documents"][0])).to_be_checked()  # the overdue invoice, pre-ticked
    form.get_by_label("Date de l'appel").fill(call["date"])
    form.get_by_label("Interlocuteur").fill(customer.contact.full_name)
    form.get_by_label("Compte rendu").fill(call["note"])
    form.get_by_role("button", name="Noter un appel").click()
    history = page.locator("#historique")
    expect(history.get_by_text(f"Interlocuteur : {customer.contact.full_name}")).to_be_visible()

    reminder = page.locator("#form-rappel")
    reminder.get_by_role("button", name="Planifier le rappel").click()  # empty: refused beside the date
    expect(reminder.get_by_text("La date est obligatoire.")).to_be_visible()
    reminder.get_by_label("Date du prochain rappel").fill(next_action["date"])
    reminder.get_by_label("Note").fill(next_action["note"])
    reminder.get_by_role("button", name="Planifier le rappel").click()
    expect(history.get_by_text(next_action["note"])).to_be_visible()
    expect(page.locator("#synthese")).to_contain_text(
        re.sub(r"(\d+)-(\d+)-(\d+)", r"\3/\2/\1", next_action["date"])
    )
    assert page.evaluate("window.lettrageMarker") == "same page"  # htmx swapped, no reload

    page.get_by_role("link", name="Rendre le travail").click()
    page.get_by_role("button", name="Rendre le travail").click()
    expect(page.locator(".score-value")).to_have_text("100")


def test_imprimer_la_lettre_opens_the_pdf_and_records_the_letter(page: Page, live_server):
    attempt_id = _start(page, "Relance téléphonique d'un client en retard")
    (call, _), world = _reference(live_server, attempt_id)
    _open_customer(page, world.customer(call["customer"]).customer.name)
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Imprimer la lettre").click()
    pdf = opened.value
    pdf.wait_for_load_state()
    assert re.search(r"/lettre-1\.pdf\?date=\d{4}-\d\d-\d\d$", pdf.url)
    response = page.request.get(pdf.url)
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(b"%PDF")
    page.reload()
    expect(page.locator("#historique").get_by_text("Lettre de relance")).to_be_visible()
    expect(page.locator("#historique").get_by_role("link", name="Voir la lettre (PDF)")).to_be_visible()


def test_the_relances_and_rapports_screens_pass_axe(page: Page):
    attempt_id = _start(page, "Relance téléphonique d'un client en retard")
    base = f"/tentatives/{attempt_id}"
    for url in ("/relances", "/niveaux-de-relance", "/livre-des-tiers", "/balance-agee", "/balance"):
        page.goto(base + url)
        assert_accessible(page)
    page.goto(base + "/relances")
    page.get_by_role("row").nth(1).get_by_role("link").click()
    page.locator("#form-rappel").get_by_role("button", name="Planifier le rappel").click()
    expect(page.locator("#form-rappel .field-error")).to_be_visible()  # with a message shown
    assert_accessible(page)


def _invoice_row(page: Page, number: str):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=number, exact=True))


def test_releve_client_et_litige_played_by_labels_scores_100(page: Page, live_server):
    """Issue 12, scenario 3: exclude the disputed invoice, note the announced payment date, send the
    statement (its PDF opens), plan the next action — by labels and buttons — then 100; axe on the page."""
    _start(page, "Relevé client et litige")
    page.wait_for_url(re.compile(r"/consignes$"))
    attempt_id = int(re.search(r"/tentatives/(\d+)/", page.url)[1])
    actions, world = _reference(live_server, attempt_id)
    exclude, expected, _, next_action = actions
    customer = world.customer(world.document(exclude["document"]).customer)
    _open_customer(page, customer.customer.name)
    page.wait_for_function("window.htmx !== undefined")

    litige = page.locator("#form-litige")
    litige.get_by_label("Facture contestée").select_option(exclude["document"])
    litige.get_by_label("Motif du litige").fill(exclude["reason"])
    litige.get_by_role("button", name="Exclure des relances").click()
    expect(_invoice_row(page, exclude["document"])).to_contain_text("Exclue : en litige")

    paiement = page.locator("#form-paiement-prevu")
    paiement.get_by_label("Facture concernée").select_option(expected["document"])
    paiement.get_by_label("Date de paiement prévue").fill(expected["date"])
    paiement.get_by_role("button", name="Noter la date").click()
    day = re.sub(r"(\d+)-(\d+)-(\d+)", r"\3/\2/\1", expected["date"])
    expect(_invoice_row(page, expected["document"])).to_contain_text(day)

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Envoyer le relevé").click()
    opened.value.wait_for_load_state()
    assert opened.value.url.endswith("/releve.pdf")
    page.reload()
    expect(page.locator("#historique").get_by_text("Relevé de compte envoyé")).to_be_visible()
    assert_accessible(page)

    reminder = page.locator("#form-rappel")
    reminder.get_by_label("Date du prochain rappel").fill(next_action["date"])
    reminder.get_by_label("Note").fill(next_action["note"])
    reminder.get_by_role("button", name="Planifier le rappel").click()
    expect(page.locator("#historique").get_by_text(next_action["note"])).to_be_visible()

    page.get_by_role("link", name="Rendre le travail").click()
    page.get_by_role("button", name="Rendre le travail").click()
    expect(page.locator(".score-value")).to_have_text("100")
