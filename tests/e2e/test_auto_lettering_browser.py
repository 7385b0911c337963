"""The month-end lettrage in Chromium, by labels and buttons only: Comptabilité › Lettrage automatique with
the parameters of the reference, the report (« Écritures lettrées », « Écritures non lettrées »), one set
délettré and the run made again, then the rest lettered by hand on Lettrage; hand in: 100. Bad input is
refused next to its field; axe on both screens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from driver import Student
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

pytestmark = pytest.mark.e2e


def _run(student: Student, page: Page, power: str, gap: str) -> None:
    page.get_by_label("Comptes à lettrer").select_option("411")
    page.get_by_label("Puissance", exact=True).fill(power)
    page.get_by_label("Écart autorisé", exact=True).fill(gap)
    page.get_by_label("Autoriser les annulations").check()
    page.get_by_label("Compte d'annulation", exact=True).fill("658")
    page.get_by_label("Compte d'annulation (écart favorable)", exact=True).fill("758")
    page.get_by_label("Journal d'annulation").select_option("OD")
    page.get_by_label("Date de début").fill("2026-05-01")
    page.get_by_label("Date de fin").fill("2026-05-31")
    page.get_by_role("button", name="Lettrer", exact=True).click()


def test_lettrage_automatique_then_by_hand_scores_100(page: Page, live_server):
    student = Student(page, live_server).start("lettrage-automatique", seed=3, pack="lettrage")
    Path("/tmp/shots").mkdir(exist_ok=True)
    student.open("Comptabilité", "Lettrage automatique")
    assert_accessible(page)

    _run(student, page, "5", "1,00")  # refused next to Puissance, nothing logged
    expect(page.locator("#champ-power-error")).to_contain_text("La puissance doit être un entier de 2 à 4")
    assert student.log() == []
    page.screenshot(path="/tmp/shots/lettrage-automatique-erreur.png", full_page=True)

    _run(student, page, "3", "1,00")
    page.wait_for_url("**/lettrage-automatique/LA1")
    expect(page.get_by_role("heading", name="Écritures lettrées")).to_be_visible()
    expect(page.get_by_role("heading", name="Écritures non lettrées")).to_be_visible()
    expect(page.get_by_text("Plusieurs combinaisons possibles").first).to_be_visible()
    page.screenshot(path="/tmp/shots/lettrage-automatique-compte-rendu.png", full_page=True)
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(r"^Délettrer FAC")).first.click()
    expect(page.get_by_text("Délettré", exact=True)).to_be_visible()
    assert [a["type"] for a in student.log()] == ["auto_reconcile", "undo_auto_reconcile"]

    student.open("Comptabilité", "Lettrage automatique")
    _run(student, page, "3", "1,00")
    page.wait_for_url("**/lettrage-automatique/LA2")
    # the manual step: each set the reference letters by hand, from the customer's Lettrage
    link = page.get_by_role("link", name="Lettrage", exact=False).filter(has_text="Lettrage d").first
    expect(link).to_be_visible()
    for action in student.reference():
        if action["type"] == "match":
            student.act(action)
    expect(student.hand_in()).to_have_text("100")
