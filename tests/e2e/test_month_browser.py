"""In Chromium, through labels and buttons only: « Un mois de relances » played from the first day to a
score of 100 — the calendar control of the attempt bar (Passer au jour suivant, Avancer de N jours), the
bank, the follow-up page, Transférer en clients douteux, Facturer les pénalités de retard — and axe finds
no serious or critical violation on the screens the month adds."""

from __future__ import annotations

import re
from datetime import date

import pytest
from driver import Student
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

from simulator.formatting import format_date_long

pytestmark = pytest.mark.e2e


class MonthStudent(Student):
    """The driver, plus the month's controls."""

    def _advance_days(self, action: dict) -> None:
        # the previous action's htmx swaps (the attempt bar among them) must be over: a bar swapped in
        # between the typing and the click would send its own empty field
        self.settle()
        bar = self.page.locator(".attempt-bar")
        if action["days"] == 1:
            bar.get_by_role("button", name="Passer au jour suivant").click()
        else:
            field = bar.get_by_label("Avancer de")
            field.fill(str(action["days"]))
            expect(field).to_have_value(str(action["days"]))
            bar.get_by_role("button", name="Avancer", exact=True).click()
        self._today = date.fromordinal(self._today.toordinal() + action["days"])
        expect(bar).to_contain_text(f"Nous sommes le {format_date_long(self._today)}")

    def open_customer(self, customer: str) -> None:
        """Clients à relancer, else « Tous les clients suivis » (a customer who has paid is still there)."""
        name = self.world.customer(customer).customer.name
        self.open("Relances", "Clients à relancer")
        link = self.page.get_by_role("main").get_by_role("link", name=name, exact=True)
        if link.count() == 0:
            self._follow(self.page.get_by_role("link", name="Tous les clients suivis"))
        self._follow(link)
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(name)

    def _customer_of_document(self, number: str) -> str:
        return self.world.document(number).customer

    def _exclude_from_followup(self, action: dict) -> None:
        self.open_customer(self._customer_of_document(action["document"]))
        form = self.page.get_by_role("form", name="Litige")
        form.get_by_label("Facture contestée").select_option(action["document"])
        form.get_by_label("Motif du litige").fill(action["reason"])
        form.get_by_role("button", name="Exclure des relances").click()

    def _set_expected_payment_date(self, action: dict) -> None:
        self.open_customer(self._customer_of_document(action["document"]))
        form = self.page.get_by_role("form", name="Paiement annoncé")
        form.get_by_label("Facture concernée").select_option(action["document"])
        form.get_by_label("Date de paiement prévue").fill(action["date"])
        form.get_by_role("button", name="Noter la date").click()

    def _send_letter(self, action: dict) -> None:
        self.open_customer(action["customer"])
        assert action["date"] == self._today.isoformat(), "the screen prints today's letter"
        form = self.page.get_by_role("form", name="Lettre de relance")
        expect(form).to_contain_text(f"niveau {action['level']}")
        with self.page.context.expect_page() as letter:
            form.get_by_role("button", name="Imprimer la lettre").click()
        letter.value.close()

    def _transfer_to_doubtful(self, action: dict) -> None:
        self.open_customer(action["customer"])
        form = self.page.get_by_role("form", name="Transférer en clients douteux")
        expect(form).to_contain_text("Écriture OD : débit 416")
        form.get_by_label("Date du transfert").fill(action["date"])
        form.get_by_role("button", name="Transférer en clients douteux").click()

    def _bill_late_fees(self, action: dict) -> None:
        self.open_customer(self._customer_of_document(action["invoice"]))
        form = self.page.get_by_role("form", name="Facturer les pénalités de retard")
        form.get_by_label("Facture en retard").select_option(action["invoice"])
        form.get_by_label("Date de facturation").fill(action["date"])
        expect(form.get_by_label("Indemnité forfaitaire de 40 €")).to_be_checked()
        form.get_by_role("button", name="Facturer les pénalités de retard").click()


def test_a_month_of_follow_up_played_in_the_browser_scores_100(page: Page, live_server):
    student = MonthStudent(page, live_server).start("un-mois", seed=2, pack="relances")
    student._today = student.world.today
    expect(page.locator(".attempt-bar")).to_contain_text(f"Nous sommes le {format_date_long(student._today)}")
    student.open("Relances", "Clients à relancer")
    assert_accessible(page)  # the attempt bar with its calendar control
    bar = page.locator(".attempt-bar")
    bar.get_by_label("Avancer de").fill(
        "31"
    )  # beyond the last day: refused beside the field, nothing recorded
    bar.get_by_role("button", name="Avancer", exact=True).click()
    expect(
        page.get_by_text("Le scénario s'arrête le 02/12/2026 : vous pouvez avancer de 30 jour(s) au plus.")
    ).to_be_visible()
    assert_accessible(page)
    assert student.log() == []
    student.open("Relances", "Clients à relancer")

    reference = student.reference()
    checked = False
    for action in reference:
        student.act(action)
        if action["type"] == "bill_late_fees" and not checked:  # the litigation forms, once
            assert_accessible(page)
            checked = True
    assert [a["type"] for a in student.log()] == [a["type"] for a in reference]
    expect(student.hand_in()).to_have_text(re.compile(r"100"))
