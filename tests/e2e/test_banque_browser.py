"""In Chromium, by labels and roles only: the cheque scenario's steps seen on Chèques reçus and Remises de
chèques, remise-creditee on Rapprochement bancaire (a refusal first) and Banque en ligne, both scoring 100; axe finds no serious or
critical violation on the Banque screens, forms open and an error shown. The solver says what to type."""

from __future__ import annotations

import re

import pytest
from driver import Student, open_screen
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

pytestmark = pytest.mark.e2e


def _open(page: Page, screen: str) -> None:
    open_screen(page, "Banque", screen)


def test_the_cheque_scenario_shows_each_step_on_cheques_recus_and_remises(page: Page, live_server):
    """The driver plays the solver's actions; each leaves its mark on the cheques and the slips."""
    student = Student(page, live_server).start("cheque")
    for action in student.reference():
        student.act(action)
        if action["type"] == "register_payment":
            cheque = student.cheque(action["source"]["cheque"])
            expect(cheque.get_by_text("À remettre", exact=True)).to_be_visible()
        elif action["type"] == "endorse_cheque":
            cheque = student.cheque(action["cheque"])
            expect(cheque.get_by_text(f"compte n° {action['account']}", exact=True)).to_be_visible()
    slip = page.get_by_role("row").filter(has_text="S1")
    expect(slip.get_by_text("Remis", exact=True)).to_be_visible()
    expect(student.hand_in()).to_have_text("100")


def test_remise_creditee_through_rapprochement_and_the_bank_scores_100(page: Page, live_server):
    student = Student(page, live_server).start("remise-creditee")
    reconcile, annotate = student.reference()
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
    expect(student.hand_in()).to_have_text("100")


def test_the_banque_screens_pass_axe_with_their_forms_open(page: Page, live_server):
    Student(page, live_server).start("cheque")
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

    Student(page, live_server).start("remise-creditee")
    _open(page, "Rapprochement bancaire")
    assert_accessible(page)
    page.get_by_role("button", name="Faire correspondre").first.click()
    expect(page.get_by_role("form", name=re.compile("Faire correspondre"))).to_be_visible()
    assert_accessible(page)
    _open(page, "Banque en ligne")
    assert_accessible(page)
