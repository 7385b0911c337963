"""Rapports through the Flask client: Livre des tiers, Balance âgée des clients (table and inline SVG chart),
Balance, and their PDF and French CSV exports.

relance-telephone, seed 1, worked by hand: today 16/06/2026. Open: GOM's FAC/2026/00240, 3 994,61 € due
30/05/2026 (17 days: 1-30) and DAN's FAC/2026/00241, 3 994,61 € due 08/07/2026 (not due). Paid: MIC's
FAC/2026/00239 and DAN's FAC/2026/00238 (both with their payment in the books)."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from workspace_helpers import start

from simulator import services
from simulator.ledger.reports import customer_ledger

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def attempt_id(client, monkeypatch) -> int:
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: 1)
    return start(client, "relance-telephone")


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def _rows(page: str, section: str = "tbody") -> list[list[str]]:
    body = re.search(rf"<{section}>(.*?)</{section}>", page, re.S)[1]
    return [
        [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_a_ledger_line_carries_the_due_date_of_its_invoice():
    world = services.grader_for("procedure-11").world("relance-telephone", 1)
    books = services.attempts.expected_books(services.grader_for("procedure-11"), "relance-telephone", 1)
    gom = customer_ledger(books, "GOM")
    assert [(r.item, r.due_date) for r in gom] == [("FAC/2026/00240", date(2026, 5, 30))]
    dan = customer_ledger(books, "DAN")
    payments = [r for r in dan if r.journal == "BNK"]
    assert payments and all(r.due_date is None for r in payments)
    assert world.today == date(2026, 6, 16)


def test_livre_des_tiers_shows_each_customer_with_due_dates_letters_and_running_balance(client, attempt_id):
    page = client.get(f"/tentatives/{attempt_id}/livre-des-tiers").get_data(as_text=True)
    for column in ("Journal", "Compte", "Date", "Date d'échéance", "Lettrage", "Débit", "Crédit", "Solde"):
        assert f">{html.escape(column, quote=True)}</th>" in page or f">{column}</th>" in page
    gom = page.split('Maçonnerie Gomes SA <span class="muted">')[1].split("</table>")[0]
    rows = _rows(gom)
    assert rows == [
        ["FAC/2026/00240", "Facture FAC/2026/00240 Maçonnerie Gomes SA", "VT", "411GOM", "30/04/2026",
         "30/05/2026", "", f"3{NNBSP}994,61", "", f"3{NNBSP}994,61"]
    ]  # fmt: skip
    dan = _rows(page.split('Ambulances Daniel SA <span class="muted">')[1].split("</table>")[0])
    letters = [row[6] for row in dan]
    assert letters.count("A") == 2  # the paid invoice and its payment share a letter
    assert dan[-1][-1] == f"3{NNBSP}994,61"  # running balance: only FAC/2026/00241 is open
    assert "Exporter en PDF" in page and "Exporter en CSV" in page


def test_balance_agee_buckets_by_due_date_with_the_chart_beside(client, attempt_id):
    page = client.get(f"/tentatives/{attempt_id}/balance-agee").get_data(as_text=True)
    header = _rows(page, "thead")[0]
    assert header == ["Client", "Non échu", "1-30", "31-60", "61-90", "Plus de 90 jours", "Total"]
    amount = f"3{NNBSP}994,61"
    assert _rows(page) == [
        ["Ambulances Daniel SA", amount, "", "", "", "", amount],
        ["Maçonnerie Gomes SA", "", amount, "", "", "", amount],
    ]
    assert _rows(page, "tfoot") == [["Total", amount, amount, "0,00", "0,00", "0,00", f"7{NNBSP}989,22"]]
    svg = re.search(r"<svg.*?</svg>", page, re.S)[0]  # inline, accessible
    assert 'role="img"' in svg and "<title" in svg and "Maçonnerie Gomes SA" in svg
    assert "<script" not in svg


def test_balance_is_balanced(client, attempt_id):
    page = client.get(f"/tentatives/{attempt_id}/balance").get_data(as_text=True)
    accounts = {row[0]: row for row in _rows(page)}
    assert accounts["411GOM"][2:] == [f"3{NNBSP}994,61", "0,00", f"3{NNBSP}994,61", ""]
    totals = _rows(page, "tfoot")[0]
    assert totals[0] == "Totaux" and totals[1] == totals[2] and totals[3] == totals[4]


@pytest.mark.parametrize("report", ["livre-des-tiers", "balance-agee", "balance"])
def test_each_report_exports_a_pdf_to_download(client, attempt_id, report):
    response = client.get(f"/tentatives/{attempt_id}/{report}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{report}-au-16-06-2026.pdf"'


@pytest.mark.parametrize("report", ["livre-des-tiers", "balance-agee", "balance"])
def test_each_report_exports_a_french_csv(client, attempt_id, report):
    response = client.get(f"/tentatives/{attempt_id}/{report}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{report}-au-16-06-2026.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    text = response.data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert ";" in lines[0] and "3994,61" in text  # decimal comma, no thousands separator


def test_balance_agee_csv_totals_to_the_cent(client, attempt_id):
    text = client.get(f"/tentatives/{attempt_id}/balance-agee.csv").data.decode("utf-8-sig")
    grand = next(line for line in text.split("\r\n") if line.startswith("Total général"))
    cells = grand.split(";")
    assert Decimal(cells[-1].replace(",", ".")) == Decimal("7989.22")


def test_an_unknown_report_format_is_404(client, attempt_id):
    assert client.get(f"/tentatives/{attempt_id}/balance.xlsx").status_code == 404
    assert client.get(f"/tentatives/{attempt_id}/inconnu.csv").status_code == 404
