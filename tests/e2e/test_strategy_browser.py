"""In Chromium, through labels and buttons only: the « strategie » scenario of relances played on Niveaux de
relance to a score of 100 (the solver says what to configure), the new quote's warning for the customer the
strategy puts at its last level, and axe on the screens of the strategy."""

from __future__ import annotations

import pytest
from driver import Student, follow
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

from simulator.packs.world.strategy import ACTION_LABELS

pytestmark = pytest.mark.e2e


def _configure(page: Page, student: Student, actions: list[dict]) -> None:
    for action in actions:
        if action["type"] == "remove_followup_level":
            page.get_by_role("button", name=f"Supprimer le niveau {action['level']}").click()
            student.settle()
            continue
        follow(page, page.get_by_role("link", name="Ajouter un niveau"))
        page.get_by_label("Nom", exact=True).fill(action["name"])
        page.get_by_label("Marqueur", exact=True).fill(action.get("marker", ""))
        page.get_by_label("Jours après l'échéance", exact=True).fill(str(action["days"]))
        for value, label in ACTION_LABELS.items():
            page.get_by_label(label, exact=True).set_checked(value in action["actions"])
        page.get_by_label("Modèle", exact=True).fill(action.get("template", ""))
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_role("status")).to_have_text("Niveau ajouté. Revenir aux niveaux de relance")
        follow(page, page.get_by_role("link", name="Revenir aux niveaux de relance"))


def _open_quote(page: Page) -> None:
    menus = page.get_by_role("navigation", name="Menu du PGI")
    menus.get_by_text("Ventes", exact=True).click()
    follow(page, menus.get_by_role("link", name="Devis", exact=True))
    expect(page.get_by_role("heading", name="Nouveau devis", level=1)).to_be_visible()


def test_strategie_played_on_niveaux_de_relance_scores_100(page: Page, live_server):
    student = Student(page, live_server).start("strategie", pack="relances")
    target = student.world.expected.strategy
    student.open("Relances", "Niveaux de relance")
    expect(page.get_by_role("rowheader", name="Premier rappel")).to_be_visible()
    _configure(page, student, student.reference())
    for level in target.levels:
        expect(page.get_by_role("rowheader", name=level.name, exact=True)).to_be_visible()
    assert [a["type"] for a in student.log()] == [a["type"] for a in student.reference()]

    _open_quote(page)
    late = student.world.customer(student.world.keys["A"])
    page.evaluate("window.lettrageMarker = 'same page'")
    page.get_by_label("Client", exact=True).select_option(label=late.customer.name)
    warning = page.get_by_text("Attention dépassement de la date d'échéance du paiement de")
    expect(warning).to_be_visible()
    days = (student.world.today - student.world.documents[0].due_date).days
    expect(warning).to_have_text(f"Attention dépassement de la date d'échéance du paiement de {days} jours")
    assert page.evaluate("window.lettrageMarker") == "same page"  # htmx on change, no reload

    expect(student.hand_in()).to_have_text("100")


def test_the_strategy_screens_pass_axe(page: Page, live_server):
    student = Student(page, live_server).start("strategie", pack="relances")
    base = f"/tentatives/{student.attempt_id}"
    for url in ("/niveaux-de-relance", "/niveaux-de-relance/1", "/devis"):
        page.goto(base + url)
        assert_accessible(page)
    page.goto(base + "/niveaux-de-relance/nouveau")
    page.get_by_label("Nom", exact=True).fill("Retard 1")
    page.get_by_label("Jours après l'échéance", exact=True).fill("abc")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#champ-days-error")).to_contain_text("nombre entier attendu")
    assert_accessible(page)
    _open_quote(page)
    page.get_by_label("Client", exact=True).select_option(label=student.world.customers[0].customer.name)
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)
