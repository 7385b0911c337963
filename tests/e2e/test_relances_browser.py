"""In Chromium, through labels and buttons only: the relance-telephone scenario played from Clients à
relancer to a score of 100 (the solver says what to type); Imprimer la lettre opens the PDF and records the
letter; axe finds no serious or critical violation on the Relances and Rapports screens."""

from __future__ import annotations

import re

import pytest
from driver import Student
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

pytestmark = pytest.mark.e2e


def test_relance_telephone_played_through_the_follow_up_page_scores_100(page: Page, live_server):
    student = Student(page, live_server).start("relance-telephone")
    call, next_action = student.reference()
    customer = student.world.customer(call["customer"])
    student.open_customer(call["customer"])
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

    expect(student.hand_in()).to_have_text("100")


def test_imprimer_la_lettre_opens_the_pdf_and_records_the_letter(page: Page, live_server):
    student = Student(page, live_server).start("relance-telephone")
    call, _ = student.reference()
    student.open_customer(call["customer"])
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


def test_the_relances_and_rapports_screens_pass_axe(page: Page, live_server):
    attempt_id = Student(page, live_server).start("relance-telephone").attempt_id
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
    student = Student(page, live_server).start("releve-litige", pack="relances")
    exclude, expected, _, next_action = student.reference()
    student.open_customer(student.world.document(exclude["document"]).customer)

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

    expect(student.hand_in()).to_have_text("100")
