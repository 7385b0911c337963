"""In Chromium, on the screens only: typical mistakes are explained on the Résultat page with the documents
they concern, and a wrong payment undone with « Annuler le règlement » leaves nothing to hold against the
student (100). The solver's actions, changed the way a student gets them wrong, are played by the driver."""

from __future__ import annotations

from decimal import Decimal

import pytest
from driver import Student
from playwright.sync_api import Page, expect

from simulator.formatting import format_amount as french_amount
from simulator.formatting import format_date, format_money

pytestmark = pytest.mark.e2e


def _mistake(page: Page, text: str):
    return page.locator(".mistakes li").filter(has_text=text)


def test_typical_mistakes_show_their_messages_on_the_result_page(page: Page, live_server):
    # A transfer recorded on the invoice of another customer of the same amount (virement's trap).
    student = Student(page, live_server).start("virement", 3)
    payment, annotation = student.reference()
    paid = student.world.document(payment["documents"][0])
    trap = next(
        d
        for d in student.world.documents
        if d.customer != paid.customer and d.amount_ttc == paid.amount_ttc and d.kind == "invoice"
    )
    student.play([{**payment, "customer": trap.customer, "documents": [trap.number]}, annotation])
    expect(student.hand_in()).to_have_text("25")  # 2 points of 8: the annotation, clean books
    wrong = _mistake(page, f"a été lettré avec {trap.number} alors qu'il réglait {paid.number}")
    expect(wrong).to_have_count(1)
    expect(
        wrong.get_by_role("link", name="Revoir l’étape : Identifier le client et la pièce")
    ).to_be_visible()

    # A rounding gap of a few cents left open instead of written off (arrondi).
    student = Student(page, live_server).start("arrondi", 1)
    payment, annotation = student.reference()
    invoice = student.world.document(payment["documents"][0])
    gap = abs(invoice.amount_ttc - Decimal(payment["amount"]))
    assert Decimal("0") < gap <= Decimal("1.00")
    student.play([{**payment, "difference": {"handling": "keep_open"}}, annotation])
    expect(student.hand_in()).to_have_text("66,7")  # 6 points of 9: the gap's 3 lost
    name = student.world.customer(invoice.customer).customer.name
    expect(
        _mistake(page, f"L'écart de {format_money(gap)} sur {invoice.number} ({name}) est resté ouvert")
    ).to_have_count(1)

    # A deposit slip whose total is 100 € short of its lines (cheque, two cheques).
    student = Student(page, live_server).start("cheque", 2)
    *recorded, deposit = student.reference()
    lines = sum(Decimal(line["amount"]) for line in deposit["lines"])
    short = lines - 100
    student.play([*recorded, {**deposit, "total": str(short)}])
    # 7 points of 8: deposit_slip judges the 2 cheques to deposit; both are on the slip, and the wrong total
    # (a mistake about the slip, not about either cheque) costs one of them: 1 of its 2 points
    expect(student.hand_in()).to_have_text("87,5")
    expect(
        _mistake(
            page,
            f"Le bordereau de remise annonce 2 chèque(s) pour {format_money(short)} alors que ses lignes "
            f"totalisent 2 chèque(s) pour {format_money(lines)}",
        )
    ).to_have_count(1)


def test_a_wrong_payment_cancelled_then_recorded_again_scores_100(page: Page, live_server):
    """Recorded on the other customer's invoice of the same amount, cancelled on Règlements clients, recorded
    again on Nouveau règlement without choosing the invoice, and matched from the invoice's Crédits en
    circulation (« Ajouter »)."""
    student = Student(page, live_server).start("virement", 2)
    payment, annotation = student.reference()
    paid = student.world.document(payment["documents"][0])
    trap = next(
        d
        for d in student.world.documents
        if d.customer != paid.customer and d.amount_ttc == paid.amount_ttc and d.kind == "invoice"
    )
    student.act({**payment, "customer": trap.customer, "documents": [trap.number]})  # P1, wrong
    student.act({"type": "cancel_payment", "payment": "P1"})
    expect(page.get_by_role("button", name="Annuler le règlement")).to_have_count(0)
    student.act({**payment, "documents": []})  # P2, on no invoice yet
    student.act({"type": "match", "customer": payment["customer"], "items": [paid.number, "P2"]})
    expect(page.get_by_role("main").get_by_text("Payé", exact=True)).to_be_visible()  # the invoice's state
    expect(page.get_by_role("heading", name="Crédits en circulation")).to_have_count(0)
    student.act(annotation)
    assert [a["type"] for a in student.log()] == [
        "register_payment",
        "cancel_payment",
        "register_payment",
        "match",
        "annotate_statement",
    ]
    expect(student.hand_in()).to_have_text("100")


def test_the_result_page_names_the_entries_missing_in_excess_or_different(page: Page, live_server):
    """Écritures à revoir: the transfer recorded on the other customer's invoice is the expected bank entry
    with another 411 line (same statement line, same journal); an attempt without the receipt misses it."""
    student = Student(page, live_server).start("virement", 3)
    payment, annotation = student.reference()
    paid = student.world.document(payment["documents"][0])
    trap = next(
        d
        for d in student.world.documents
        if d.customer != paid.customer and d.amount_ttc == paid.amount_ttc and d.kind == "invoice"
    )
    student.play([{**payment, "customer": trap.customer, "documents": [trap.number]}, annotation])
    student.hand_in()
    expect(page.get_by_role("heading", name="Écritures à revoir")).to_be_visible()
    different = page.get_by_role("table", name="Écritures différentes")
    expected_rows = different.locator("tbody").nth(0)
    mine = different.locator("tbody").nth(1)
    expect(expected_rows).to_contain_text("Attendue")
    expect(expected_rows).to_contain_text(f"411{paid.customer}")
    expect(mine).to_contain_text("La vôtre")
    expect(mine).to_contain_text(f"411{trap.customer}")
    expect(mine).to_contain_text(french_amount(paid.amount_ttc))
    expect(page.get_by_role("table", name="Écritures manquantes")).to_have_count(0)
    page.locator("#ecritures-a-revoir").screenshot(path="/tmp/shots/result-entries-differing.png")

    student = Student(page, live_server).start("virement", 3)
    student.play([annotation])
    student.hand_in()
    missing = page.get_by_role("table", name="Écritures manquantes")
    expect(missing).to_contain_text("512")
    expect(missing).to_contain_text(f"411{paid.customer}")
    expect(missing).to_contain_text(french_amount(paid.amount_ttc))
    expect(missing).to_contain_text(
        format_date(student.world.statement_line(payment["source"]["statement_line"]).date)
    )
    expect(page.get_by_role("table", name="Écritures différentes")).to_have_count(0)
    page.locator("#ecritures-a-revoir").screenshot(path="/tmp/shots/result-entries-missing.png")
