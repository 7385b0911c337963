"""In Chromium, through labels and buttons only: a newcomer plays the virement scenario from the home page
to the result; axe finds no serious or critical violation on the pages of the workspace; the keyboard
alone can annotate a statement line."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

_axe = Axe()


def assert_accessible(page: Page) -> None:
    results = _axe.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in serious
    )


def _start_virement(page: Page) -> None:
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="S'entraîner").click()
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Règlement d'une facture par virement")
    )
    card.get_by_role("button", name="Commencer").click()
    expect(page).to_have_url(re.compile(r"/tentatives/\d+/consignes$"))


def test_a_newcomer_plays_a_scenario_and_reads_the_result(page: Page):
    _start_virement(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Règlement d'une facture par virement")
    expect(page.locator(".attempt-bar")).to_contain_text(re.compile(r"Nous sommes le \d\d/\d\d/\d{4}"))

    page.get_by_role("link", name="Consignes").click()
    expect(page.get_by_text("Annotez la ligne du relevé que vous avez traitée.")).to_be_visible()

    page.get_by_role("navigation", name="Menu du PGI").get_by_text("Banque", exact=True).click()
    page.get_by_role("link", name="Banque en ligne", exact=True).click()
    expect(page.get_by_role("heading", name="Banque en ligne")).to_be_visible()
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.lettrageMarker = 'same page'")

    row = page.get_by_role("row").filter(has_text="VIR SEPA")
    row.get_by_role("button", name="Noter").click()  # empty: refused next to the field, nothing stored
    expect(page.get_by_text("Le champ « Annotation » est obligatoire.")).to_be_visible()

    row = page.get_by_role("row").filter(has_text="VIR SEPA")
    row.get_by_label("Annotation").fill("Enregistré le 14/04/2026 par Léa Martin")
    row.get_by_role("button", name="Noter").click()
    expect(
        page.get_by_role("row")
        .filter(has_text="VIR SEPA")
        .get_by_text("Enregistré le 14/04/2026 par Léa Martin")
    ).to_be_visible()
    expect(page.get_by_text("Le champ « Annotation » est obligatoire.")).to_have_count(0)
    assert page.evaluate("window.lettrageMarker") == "same page"  # htmx swapped the statement

    page.get_by_role("link", name="Rendre le travail").click()
    page.get_by_role("button", name="Rendre le travail").click()
    expect(page.get_by_role("heading", name="Critères")).to_be_visible()
    expect(page.locator(".score-value")).to_have_text(re.compile(r"^\d+(,\d)?$"))
    mistakes = page.locator(".mistakes li")
    expect(mistakes.first).to_contain_text("n'a pas été enregistré")
    mistakes.first.get_by_role("link", name=re.compile("Revoir l’étape")).click()
    expect(page).to_have_url(re.compile(r"/procedure#etape-"))


def test_the_workspace_pages_pass_axe(page: Page):
    page.goto("/")
    assert_accessible(page)
    page.goto("/entrainement")
    assert_accessible(page)
    page.goto("/inscription")
    assert_accessible(page)
    page.goto("/connexion")
    assert_accessible(page)
    _start_virement(page)
    assert_accessible(page)  # Consignes
    attempt = re.search(r"/tentatives/(\d+)/", page.url)[1]
    for screen in ("procedure", "banque", "factures", "rendre"):
        page.goto(f"/tentatives/{attempt}/{screen}")
        assert_accessible(page)
    page.goto(f"/tentatives/{attempt}/banque")
    page.get_by_role("button", name="Noter").first.click()
    expect(page.locator(".field-error")).to_be_visible()
    assert_accessible(page)  # with an error shown
    page.goto(f"/tentatives/{attempt}/rendre")
    page.get_by_role("button", name="Rendre le travail").click()
    expect(page.get_by_role("heading", name="Critères")).to_be_visible()
    assert_accessible(page)
    page.goto("/tentatives")
    assert_accessible(page)


def test_the_keyboard_alone_opens_the_bank_and_annotates(page: Page):
    _start_virement(page)
    page.get_by_role("navigation", name="Menu du PGI").get_by_text("Banque", exact=True).focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Banque en ligne", exact=True)
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Banque en ligne")).to_be_visible()
    page.wait_for_function("window.htmx !== undefined")
    field = page.get_by_role("row").filter(has_text="VIR SEPA").get_by_label("Annotation")
    field.focus()
    page.keyboard.type("Vu au clavier")
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("row").filter(has_text="VIR SEPA").get_by_role("button", name="Noter")
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("row").filter(has_text="VIR SEPA").get_by_text("Vu au clavier", exact=True)
    ).to_be_visible()
