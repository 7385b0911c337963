"""Reports: the aged balance to the cent against domain.md §7.4 (PDF, CSV, chart), the customer ledger
and the trial balance as French CSV read back with the csv module."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from document_helpers import jjmmaaaa, pdf_text, solved
from document_helpers import ledger_builders as lb

from simulator.documents import reports
from simulator.documents.render import to_pdf
from simulator.ledger.books import open_books
from simulator.ledger.views import books_view

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def domain_74():
    """domain.md §7.4 at 30/03/2025: Leroy 760.00 not due, Garnier 1,000.00 at 1-30 days, Roux 2,400.00 at
    31-60 days, Blanc 350.00 over 90 days (invoice dates chosen so that bucketing by invoice date would
    give other columns)."""
    world, _, _ = solved("relance-email", 1)  # for the letterhead only
    docs = [
        lb.invoice("F-0104", "LER", date(2025, 1, 3), "633.33", date(2025, 4, 2)),
        lb.invoice("FA-0105", "GAR", date(2024, 12, 13), "1000.00", date(2025, 3, 15), vat_rate="0"),
        lb.invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14)),
        lb.invoice("FA-0071", "BLA", date(2024, 11, 26), "350.00", date(2024, 12, 26), vat_rate="0"),
    ]
    customers = [
        lb.customer("LER", "Leroy"),
        lb.customer("GAR", "Garnier"),
        lb.customer("ROU", "Roux"),
        lb.customer("BLA", "Blanc"),
    ]
    return world, open_books(date(2025, 3, 30), customers, docs)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_aged_balance_csv_buckets_by_due_date_to_the_cent(domain_74):
    world, books = domain_74
    rows = read_csv(reports.aged_balance_csv(world, books, date(2025, 3, 30)))
    assert rows[0] == [
        "Client",
        "Pièce",
        "Échéance",
        "Situation",  # « 416 » or « Litige »; none in this example
        "Non échu",
        "1 à 30 j",
        "31 à 60 j",
        "61 à 90 j",
        "Plus de 90 j",
        "Total",
    ]
    by_item = {r[1]: r for r in rows[1:] if r[1]}
    assert by_item["F-0104"][2:] == ["02/04/2025", "", "760,00", "", "", "", "", "760,00"]
    assert by_item["FA-0105"][3:] == ["", "", "1000,00", "", "", "", "1000,00"]
    assert by_item["FA-0110"][3:] == ["", "", "", "2400,00", "", "", "2400,00"]
    assert by_item["FA-0071"][3:] == ["", "", "", "", "", "350,00", "350,00"]
    assert rows[-1] == [
        "Total général",
        "",
        "",
        "",
        "760,00",
        "1000,00",
        "2400,00",
        "0,00",
        "350,00",
        "4510,00",
    ]


def test_aged_balance_pdf_has_the_buckets_and_the_grand_total(domain_74):
    world, books = domain_74
    text = pdf_text(to_pdf(reports.aged_balance_document(world, books, date(2025, 3, 30))))
    assert "Balance âgée des clients" in text and "au 30/03/2025" in text
    assert "FA-0110 14/02/2025 2 400,00 2 400,00" in text
    assert "Total général 760,00 1 000,00 2 400,00 0,00 350,00 4 510,00" in text


def test_aged_balance_chart_is_an_accessible_svg_with_one_bar_per_customer(domain_74):
    world, books = domain_74
    svg = ET.fromstring(reports.aged_balance_chart(world, books, date(2025, 3, 30)))
    assert svg.get("role") == "img"
    assert "30/03/2025" in svg.find(f"{SVG}title").text
    desc = svg.find(f"{SVG}desc").text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Roux : 2 400,00 € dont 31 à 60 j 2 400,00 €" in desc
    texts = [t.text.replace("\u202f", " ").replace("\u00a0", " ") for t in svg.iter(f"{SVG}text")]
    assert {"Leroy", "Garnier", "Roux", "Blanc"} <= set(texts)
    assert {"760,00 €", "1 000,00 €", "2 400,00 €", "350,00 €"} <= set(texts)  # the numbers beside the bars
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 4
    widest = max(bars, key=lambda r: float(r.get("width")))
    assert "Roux" in widest.find(f"{SVG}title").text


def test_customer_ledger_csv_has_letters_and_running_balances():
    world, _, replayed = solved("virement", 1)
    books = replayed.books
    rows = read_csv(reports.customer_ledger_csv(world, books))
    assert rows[0][:3] == ["Compte", "Client", "Date"]
    for row in rows[1:]:
        day, month, year = row[2].split("/")
        assert len(day) == 2 and len(month) == 2 and len(year) == 4
        assert "." not in row[7] and "," in row[7]
    for profile in world.customers:
        mine = [r for r in rows[1:] if r[0] == profile.customer.account]
        running = Decimal(0)
        for r in mine:
            running += Decimal(r[7].replace(",", ".")) - Decimal(r[8].replace(",", "."))
            assert Decimal(r[10].replace(",", ".")) == running
        assert running == books_view(books).customers[profile.id].balance
    assert any(r[9] for r in rows[1:])  # matched lines carry a letter


def test_trial_balance_csv_and_pdf_balance():
    world, _, replayed = solved("cheque", 1)
    rows = read_csv(reports.trial_balance_csv(world, replayed.books))
    assert rows[0] == ["Compte", "Intitulé", "Débit", "Crédit", "Solde débiteur", "Solde créditeur"]
    debit = sum(Decimal(r[2].replace(",", ".")) for r in rows[1:])
    credit = sum(Decimal(r[3].replace(",", ".")) for r in rows[1:])
    assert debit == credit > 0
    accounts = [r[0] for r in rows[1:]]
    # domain.md §2 step 5: the bank has not credited the slip yet, so the cheques are still on 5112
    assert "5112" in accounts and "512" not in accounts
    text = pdf_text(to_pdf(reports.trial_balance_document(world, replayed.books)))
    assert "Balance générale" in text and f"au {jjmmaaaa(world.today)}" in text


def test_customer_ledger_pdf_lists_every_customer():
    world, _, replayed = solved("multi-factures", 2)
    text = pdf_text(to_pdf(reports.customer_ledger_document(world, replayed.books)))
    for profile in world.customers:
        assert f"{profile.customer.account} – {profile.customer.name}" in text
