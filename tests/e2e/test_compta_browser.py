"""In Chromium: the Enregistrer le règlement dialog played with the keyboard alone (Tab, arrows, Space,
Enter; the focus ring visible), the arrondi scenario scoring 100; axe finds no serious or critical violation
on the Comptabilité screens."""

from __future__ import annotations

from datetime import date

import pytest
from driver import Student, french
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

pytestmark = pytest.mark.e2e


def _focused(page: Page) -> str:
    """The accessible label of the focused control, once the browser shows its focus ring."""
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            if (!e.matches(':focus-visible') || getComputedStyle(e).outlineStyle === 'none') return 'no ring';
            return (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText).trim();
        }"""
    )


def _tab_to(page: Page, label: str) -> None:
    page.keyboard.press("Tab")
    assert _focused(page) == label


@pytest.mark.browser_context_args(locale="fr-FR")
def test_the_payment_dialog_played_with_the_keyboard_alone_scores_100(page: Page, live_server):
    """arrondi: from the invoice, Enregistrer le règlement with Enter; Tab from field to field, the focus
    ring visible on each; typed amount and date (JJ/MM/AAAA segments), arrows in the selects and the radio
    group, Space to tick; Enter on Valider. The Écart de règlement block appears (htmx) as the amount is
    typed, and the dialog keeps the focus while it does."""
    student = Student(page, live_server).start("arrondi", 5)
    payment, annotation = student.reference()
    assert payment["difference"]["account"] == "758"  # the customer paid a few cents more
    student.open_document(payment["documents"][0])

    page.get_by_role("button", name="Enregistrer le règlement").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text("Aucun écart")).to_be_visible()  # the amount proposed is what is due
    dialog.get_by_label("Journal").focus()  # showModal() focuses the first control; the ring shows on Tab
    _tab_to(page, "Montant")
    page.keyboard.type(french(payment["amount"]))  # replaces the amount proposed (Tab selected it)
    expect(dialog.get_by_text("Marquer comme entièrement payé")).to_be_visible()  # htmx refreshed the block
    _tab_to(page, "Date de règlement")
    page.keyboard.type(date.fromisoformat(payment["date"]).strftime("%d%m%Y"))
    assert dialog.get_by_label("Date de règlement").input_value() == payment["date"], (
        "Chromium's date fields follow its own language: install chromium-l10n (make test does)"
    )
    page.keyboard.press("Tab")  # the date field takes one more Tab (its calendar button)
    _tab_to(page, "Mémo")
    page.keyboard.type(payment["reference"])
    _tab_to(page, "Ligne du relevé")
    page.keyboard.press("ArrowDown")  # the only credit line not reconciled yet
    _tab_to(page, "Laisser ouvert")
    page.keyboard.press("ArrowDown")  # the radio group: Marquer comme entièrement payé
    expect(dialog.get_by_label("Marquer comme entièrement payé")).to_be_checked()
    _tab_to(page, "Compte de contrepartie")
    page.keyboard.type("758")
    _tab_to(page, "Libellé")
    page.keyboard.type(payment["difference"]["label"])
    _tab_to(page, "Ventiler la TVA")
    page.keyboard.press("Space")
    page.keyboard.press("Space")  # ticked, then unticked: an arrondi is not split
    expect(dialog.get_by_label("Ventiler la TVA")).not_to_be_checked()
    _tab_to(page, "Taux de TVA")
    _tab_to(page, "Valider")
    page.keyboard.press("Enter")

    expect(page.get_by_role("dialog")).to_have_count(0)
    paid_on = date.fromisoformat(payment["date"]).strftime("%d/%m/%Y")
    expect(page.get_by_text(f"Payé le {paid_on}")).to_be_visible()
    assert student.log()[0] == {k: v for k, v in payment.items() if k != "id"}
    student.act(annotation)
    expect(student.hand_in()).to_have_text("100")


def test_the_comptabilite_screens_pass_axe(page: Page, live_server):
    student = Student(page, live_server).start("arrondi")
    attempt_id, payment = student.attempt_id, student.reference()[0]
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
