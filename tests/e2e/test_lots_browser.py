"""Issue 12, scenario 2 in Chromium, by labels and buttons only: Lancer le processus de relance (exclude
Prélèvement, set the missing address from the customer's message, exclude the customer nobody has an
address for), read the lot in Lots de relance, quote its Synthèse in the Consignes' answer box, hand in:
100. Statements sent in batch from Clients à relancer; axe on every screen of the lots."""

from __future__ import annotations

import pytest
from driver import Student
from playwright.sync_api import Page, expect
from test_workspace_browser import assert_accessible

pytestmark = pytest.mark.e2e


def _name(student: Student, key: str) -> str:
    return student.world.customer(student.world.keys[key]).customer.name


def test_relances_par_lot_played_by_labels_scores_100(page: Page, live_server):
    student = Student(page, live_server).start("relances-par-lot", seed=5, pack="relances")
    [(_, address)] = student.world.expected.followup_run.emails
    d_name, e_name = _name(student, "D"), _name(student, "E")
    expect(page.get_by_text(address)).to_have_count(0)  # the brief does not give it: D's message does

    page.get_by_role("link", name="Lancer le processus de relance").first.click()
    expect(page.get_by_role("heading", name="Lancer le processus de relance", level=1)).to_be_visible()
    page.get_by_label("Niveau de relance").select_option(label="Niveau 1 : 15 jours net — e-mail de rappel")
    student.settle()
    page.get_by_label("Prélèvement").check()
    student.settle()
    expect(page.get_by_text("Mode de règlement exclu")).to_be_visible()

    # launching now is refused: D and E have no address
    page.get_by_role("button", name="Lancer la relance").click()
    expect(page.get_by_role("alert")).to_contain_text("pas d'adresse électronique")
    assert student.log() == []

    missing = page.locator("#sans-adresse")
    missing.get_by_label(f"Adresse électronique de {d_name}").fill(address)
    missing.get_by_role("button", name=f"Enregistrer l'adresse de {d_name}").click()
    expect(page.locator("#detail-lot")).to_contain_text(address)  # the wizard swapped by htmx
    student.settle()
    assert [a["type"] for a in student.log()] == ["set_customer_email"]
    page.get_by_label(f"Exclure {e_name}").check()
    student.settle()
    summary = page.locator("#synthese-lot")
    expect(summary).to_contain_text("Nombre de clients3")

    page.get_by_role("button", name="Lancer la relance").click()
    expect(page.get_by_role("heading", name="Lot de relance REL/2026/0001", level=1)).to_be_visible()
    facts = page.locator(".lot-summary dd").all_inner_texts()
    assert facts[:2] == ["3", "5"]

    # launched again for the same level and day: refused, as an ERP does (nobody gets it twice)
    logged = student.log()
    page.goto(f"/tentatives/{student.attempt_id}/relances/lancer?level=1")
    page.get_by_role("button", name="Lancer la relance").click()
    refusal = page.get_by_text("le lot REL/2026/0001 a déjà relancé le niveau 1 le 16/11/2026")
    expect(refusal).to_be_visible()  # next to the Niveau de relance field
    assert student.log() == logged

    student.open("Relances", "Lots de relance")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="REL/2026/0001"))
    expect(row).to_contain_text("Exécuté")

    page.locator(".attempt-bar").get_by_role("link", name="Consignes").click()
    page.wait_for_url("**/consignes")
    answers = page.locator("#reponses")
    labels = ["nombre de clients", "nombre d'écritures", "total débit", "total crédit", "solde"]
    for label, value in zip(labels, facts, strict=True):
        answers.get_by_label(f"Synthèse du lot : {label}").fill(value.replace(" €", ""))
    answers.get_by_role("button", name="Enregistrer les réponses").click()
    expect(answers.get_by_text("Réponse enregistrée").first).to_be_visible()

    expect(student.hand_in()).to_have_text("100")


def test_statements_in_batch_and_axe_on_the_lot_screens(page: Page, live_server):
    student = Student(page, live_server).start("relances-par-lot", seed=5, pack="relances")
    base = f"/tentatives/{student.attempt_id}"
    page.goto(base + "/relances/lancer?level=1")
    assert_accessible(page)
    page.get_by_role("button", name="Lancer la relance").click()  # refused: a message next to the form
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/consignes")
    assert_accessible(page)

    student.open("Relances", "Clients à relancer")
    a_name, b_name = _name(student, "A"), _name(student, "B")
    page.get_by_label(a_name, exact=True).check()
    page.get_by_label(b_name, exact=True).check()
    page.get_by_role("button", name="Envoyer les relevés").click()
    expect(page.get_by_role("heading", name="Relevés envoyés")).to_be_visible()
    assert [a["type"] for a in student.log()] == ["send_statement", "send_statement"]
    link = page.get_by_role("link", name=f"Imprimer le relevé de {a_name}")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(b"%PDF")
    assert_accessible(page)

    # the lot screens, once a lot exists: the wizard opened with the brief's choices in its address
    [(d, address)] = student.world.expected.followup_run.emails
    e = student.world.keys["E"]
    page.goto(f"{base}/relances/lancer?level=1&excluded_methods=prelevement&excluded_customers={e}")
    page.get_by_label(f"Adresse électronique de {_name(student, 'D')}").fill(address)
    page.get_by_role("button", name=f"Enregistrer l'adresse de {_name(student, 'D')}").click()
    expect(page.locator("#detail-lot")).to_contain_text(address)
    student.settle()
    page.get_by_role("button", name="Lancer la relance").click()
    expect(page.get_by_role("heading", name="Lot de relance REL/2026/0001", level=1)).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/relances/lots")
    assert_accessible(page)
