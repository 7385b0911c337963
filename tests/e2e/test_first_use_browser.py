"""In Chromium at 1280 × 720, what a student meets on first use: the Enregistrer le règlement dialog fits
the window (Valider in sight without scrolling), proposes the bank line that names the invoice with its
date, and shows the entry Valider will post, as the core plans it; a deposit slip with an unendorsed
cheque is refused with a French message, and Endosser becomes « Endossé » once done."""

from __future__ import annotations

import os
from decimal import ROUND_HALF_UP, Decimal

import pytest
from driver import Student, french, open_screen
from playwright.sync_api import Page, expect

from simulator.formatting import format_date, format_money
from simulator.packs.play.replay import replay

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser_context_args(locale="fr-FR", viewport={"width": 1280, "height": 720}),
]

#: set SCREENSHOTS=dir to keep what the student saw
SHOTS = os.environ.get("SCREENSHOTS")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def _in_sight(page: Page, control) -> None:
    """The control is inside the 720 px window as the page stands (no scrolling)."""
    box = control.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box


def _open_dialog(student: Student, number: str):
    student.open_document(number)
    student.page.get_by_role("button", name="Enregistrer le règlement").click()
    dialog = student.page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    student.settle()
    return dialog


def test_the_dialog_proposes_the_bank_line_naming_the_invoice_with_its_date(page: Page, live_server):
    student = Student(page, live_server).start("virement", 3)
    payment = student.reference()[0]
    number = payment["documents"][0]
    line = student.world.statement_line(payment["source"]["statement_line"])
    assert number in line.label and line.amount == student.world.document(number).amount_ttc
    dialog = _open_dialog(student, number)
    _shot(page, "dialog-virement")
    expect(dialog.get_by_label("Ligne du relevé")).to_have_value(line.id)
    expect(dialog.get_by_label("Date de règlement")).to_have_value(line.date.isoformat())
    expect(dialog.get_by_label("Mémo")).to_have_value(line.label)
    _in_sight(page, dialog.get_by_role("button", name="Valider"))
    # choosing « Aucune », then the line again, brings the line's date back into the date field
    dialog.get_by_label("Date de règlement").fill(student.world.today.isoformat())
    dialog.get_by_label("Ligne du relevé").select_option("")
    dialog.get_by_label("Ligne du relevé").select_option(line.id)
    expect(dialog.get_by_label("Date de règlement")).to_have_value(line.date.isoformat())


def test_the_dialog_shows_the_entry_valider_posts_and_fits_720_pixels(page: Page, live_server):
    """escompte: 2 % off, the difference to 665 split with its VAT (domain.md §4)."""
    student = Student(page, live_server).start("escompte", 4)
    payment = next(a for a in student.reference() if a.get("difference", {}).get("vat_rate") == "20")
    number = payment["documents"][0]
    due = student.world.document(number).amount_ttc
    amount = Decimal(payment["amount"])
    gap = due - amount
    ht = (gap / Decimal("1.2")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    dialog = _open_dialog(student, number)
    preview = dialog.get_by_role("region", name="Écriture comptable")
    expect(preview).to_contain_text(format_money(due))  # what is due, all to the bank, proposed first
    dialog.get_by_label("Montant").fill(french(payment["amount"]))
    block = dialog.get_by_role("group", name="Écart de règlement")
    expect(block.locator(".gap-figures")).to_contain_text(format_money(amount))
    expect(preview).to_contain_text(format_money(amount))
    block.get_by_label("Marquer comme entièrement payé").check()
    expect(preview).to_contain_text("Choisissez le compte de contrepartie")
    block.get_by_label("Compte de contrepartie").select_option("665")
    block.get_by_label("Ventiler la TVA").check()
    block.get_by_label("Taux de TVA").select_option("20")
    student.settle()
    rows = {
        r.locator("th").inner_text().split()[0]: r.locator("td").all_inner_texts()
        for r in preview.locator("tbody tr").all()
    }
    assert rows["512"] == [format_money(amount), ""]
    assert rows["665"] == [format_money(ht), ""]
    assert rows["44571"] == [format_money(gap - ht), ""]
    (receivable,) = [k for k in rows if k.startswith("411")]
    assert rows[receivable] == ["", format_money(due)]
    _shot(page, "dialog-escompte")
    valider = dialog.get_by_role("button", name="Valider")
    _in_sight(page, valider)
    valider.click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    posted = replay(student.world, student.log()).books.entries[-1]
    shown = {(a, d, c) for a, (d, c) in rows.items()}
    assert shown == {
        (ln.account, format_money(ln.debit) if ln.debit else "", format_money(ln.credit) if ln.credit else "")
        for ln in posted.lines
    }


def test_a_slip_with_an_unendorsed_cheque_is_refused_and_endosser_becomes_endosse(page: Page, live_server):
    student = Student(page, live_server).start("cheque", 4)
    actions = student.reference()
    for action in actions:
        if action["type"] == "register_payment":
            student.act(action)
    slip = next(a for a in actions if a["type"] == "deposit_cheques")
    endorsements = [a for a in actions if a["type"] == "endorse_cheque"]
    student.act(endorsements[0])  # one cheque endorsed, the others not
    before = len(student.log())
    student._deposit_cheques(slip)
    student.settle()
    refused = page.get_by_role("form", name="Bordereau de remise de chèques").locator(
        ".field-error, .form-error"
    )
    expect(refused.first).to_contain_text("n'est pas endossé")
    _shot(page, "slip-refused")
    assert len(student.log()) == before
    open_screen(page, "Banque", "Chèques reçus")
    first = page.locator(f"#cheque-{endorsements[0]['cheque']}")
    expect(first.get_by_role("button", name="Endossé")).to_be_disabled()
    expect(first.get_by_role("button", name="Endosser")).to_have_count(0)
    other = page.locator(f"#cheque-{endorsements[1]['cheque']}")
    expect(other.get_by_role("button", name="Endosser")).to_be_enabled()
    _shot(page, "cheques-endorsed")
    # the slip form names each cheque by its number, drawer and amount
    open_screen(page, "Banque", "Remises de chèques")
    page.get_by_role("button", name="Nouveau bordereau").click()
    student.settle()
    cheque = student.world.cheque(endorsements[1]["cheque"])
    options = page.get_by_label("Chèque", exact=True).first.locator("option").all_inner_texts()
    assert f"N° {cheque.number} · {cheque.drawer} · {format_money(cheque.amount)}" in options
    assert not any(o.startswith("CHQ-") for o in options)


def test_the_batch_e_mail_is_read_before_sending(page: Page, live_server):
    student = Student(page, live_server).start("relances-par-lot", seed=5, pack="relances")
    page.get_by_role("link", name="Lancer le processus de relance").first.click()
    page.get_by_label("Niveau de relance").select_option(label="Niveau 1 : 15 jours net — e-mail de rappel")
    student.settle()
    emails = page.get_by_role("region", name="E-mails qui seront envoyés")
    a = student.world.customer(student.world.keys["A"]).customer.name
    email = emails.locator("details").filter(has_text=a)
    email.locator("summary").click()
    overdue = next(
        d
        for d in student.world.documents
        if d.customer == student.world.keys["A"] and d.due_date < student.world.today
    )
    expect(email).to_contain_text(overdue.number)
    expect(email).to_contain_text(format_date(overdue.due_date))
    expect(email).to_contain_text("salutations distinguées")
    email.scroll_into_view_if_needed()
    _shot(page, "lot-email-preview")
    # « voir le message reçu »: the customer without an address links to its Messages reçus
    d = student.world.customer(student.world.keys["D"]).customer.name
    page.locator("#sans-adresse").get_by_role("link", name=f"Messages reçus de {d}").click()
    expect(page.get_by_role("heading", name="Messages reçus")).to_be_visible()


def test_the_result_of_a_reminder_scenario_shows_the_follow_up_logs(page: Page, live_server):
    student = Student(page, live_server).start("relance-email", 1)
    page.locator(".attempt-bar").get_by_role("link", name="Procédure").click()
    plan = page.get_by_role("table", name="Plan de relance du dossier")
    plan.scroll_into_view_if_needed()
    expect(plan).to_contain_text("Appel téléphonique")
    _shot(page, "procedure-plan")
    student.play(student.reference())
    expect(student.hand_in()).to_have_text("100")
    expect(page.get_by_text("Aucune erreur : les relances sont celles attendues.")).to_be_visible()
    expect(page.get_by_role("heading", name="Vos relances / Relances attendues")).to_be_visible()
    expect(page.get_by_role("heading", name="Vos écritures / Écritures attendues")).to_have_count(0)
    page.get_by_role("heading", name="Vos relances / Relances attendues").scroll_into_view_if_needed()
    _shot(page, "result-relances")
