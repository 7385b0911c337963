"""In Chromium: the home page, and the procedure steps fetched by htmx without reloading the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from simulator.packs.spec.registry import load_pack

pytestmark = pytest.mark.e2e


def test_home_page_is_french_with_the_odoo_like_top_bar(page: Page):
    page.goto("/")
    expect(page).to_have_title("Accueil · Lettrage")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link")).to_have_text(["S'entraîner", "Mes tentatives", "Mes progrès"])
    expect(page.locator(".topbar")).to_have_css("background-color", "rgb(113, 75, 103)")  # #714B67


def test_steps_button_swaps_in_the_fragment_without_reloading(page: Page):
    page.goto("/")
    expect(page.locator("#procedure-steps")).to_have_count(0)
    page.wait_for_function("window.htmx !== undefined")
    # A full navigation would wipe this; an htmx swap keeps it.
    page.evaluate("window.lettrageMarker = 'same page'")

    page.get_by_role("button", name="Voir les étapes de la procédure").click()

    steps = page.locator("#procedure-steps > li strong")
    expect(steps).to_have_count(6)
    expect(steps.first).to_have_text("Contrôler la banque en ligne")
    expect(steps.last).to_have_text("Relancer les clients en retard (téléphone, e-mail, lettre)")
    assert page.evaluate("window.lettrageMarker") == "same page"
    expect(page).to_have_url(re.compile(r"/procedure$"))
    expect(page.get_by_role("button", name="Voir les étapes de la procédure")).to_have_count(0)
    expect(page.locator(".topbar")).to_have_count(1)  # the fragment did not bring a second layout


def test_reloading_the_pushed_url_gives_the_full_page(page: Page):
    page.goto("/")
    page.get_by_role("button", name="Voir les étapes de la procédure").click()
    expect(page.locator("#procedure-steps")).to_be_visible()
    page.reload()
    expect(page).to_have_title("Accueil · Lettrage")
    expect(page.locator(".topbar")).to_be_visible()
    expect(page.locator("#procedure-steps > li")).to_have_count(6)


def test_the_home_page_leads_to_the_catalogue(page: Page):
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="S'entraîner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("S'entraîner")
    for pack_id in ("procedure-11", "relances"):  # the catalogue is grouped by pack
        pack = load_pack(pack_id)
        group = page.get_by_role("region", name=pack.spec.title)
        expect(group.get_by_role("button", name="Commencer")).to_have_count(len(pack.scenarios))
