"""Every worked example of domain.md, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ledger_builders import credit_note, customer, endorsed, invoice

from simulator.ledger.bank import reconcile_statement_line
from simulator.ledger.books import open_books
from simulator.ledger.cheques import deposit_cheques, endorse_cheque
from simulator.ledger.model import Cheque, DiscountTerms, SlipLine, StatementLine
from simulator.ledger.payments import Difference, issue_credit_note, register_payment
from simulator.ledger.reports import aged_balance, aged_totals, customer_ledger, trial_balance
from simulator.ledger.views import books_view


def ok(result):
    books, problems = result
    assert problems == [], [p.message for p in problems]
    return books


def entry_lines(entry):
    return sorted((line.account, line.debit, line.credit) for line in entry.lines)


# §1 transfer ----------------------------------------------------------------------------------------
def test_transfer_posts_512_against_411_and_letters_both_lines():
    ber = customer("BER", "Bernard SAS")
    fa = invoice("FA-2025-0101", "BER", date(2025, 3, 3), "1200.00", date(2025, 4, 2))
    line = StatementLine("L1", date(2025, 3, 25), "VIR SEPA BERNARD SAS FA-2025-0101", D("1440.00"))
    books = open_books(date(2025, 3, 30), [ber], [fa], statement_lines=[line])
    assert fa.amount_vat == D("240.00") and fa.amount_ttc == D("1440.00")
    books = ok(
        register_payment(
            books,
            customer="BER",
            journal="BNK",
            on=date(2025, 3, 25),
            amount=D("1440.00"),
            documents=["FA-2025-0101"],
            source_kind="statement_line",
            source="L1",
        )
    )
    assert entry_lines(books.entries[-1]) == [("411BER", D("0"), D("1440.00")), ("512", D("1440.00"), D("0"))]
    assert books.entries[-1].journal == "BNK"
    assert books.residual("FA-2025-0101") == D("0")
    assert books_view(books).customers["BER"].balance == D("0")
    rows = customer_ledger(books, "BER")
    assert [r.letter for r in rows] == ["A", "A"]
    assert books.statement_matches == {"L1": ("P1",)}


# §2 cheques ------------------------------------------------------------------------------------------
def test_two_cheques_on_one_slip_bring_5112_back_to_zero():
    mar, dur = customer("MAR", "Café Martin SARL"), customer("DUR", "Durand EURL")
    f102 = invoice("FA-2025-0102", "MAR", date(2025, 2, 20), "600.00", date(2025, 3, 22))
    f097 = invoice("FA-2025-0097", "DUR", date(2025, 2, 10), "300.00", date(2025, 3, 12))
    chq1 = Cheque(
        "C1",
        "MAR",
        "Café Martin SARL",
        "Crédit Agricole",
        "4521877",
        D("720.00"),
        "sept cent vingt euros",
        date(2025, 3, 9),
        date(2025, 3, 10),
        "Nous",
    )
    chq2 = Cheque(
        "C2",
        "DUR",
        "Durand EURL",
        "LCL",
        "0088214",
        D("360.00"),
        "trois cent soixante euros",
        date(2025, 3, 9),
        date(2025, 3, 10),
        "Nous",
    )
    remise = StatementLine("L9", date(2025, 3, 13), "REMISE CHQ 000123", D("1080.00"))
    books = open_books(
        date(2025, 3, 13), [mar, dur], [f102, f097], cheques=[chq1, chq2], statement_lines=[remise]
    )
    books = ok(
        register_payment(
            books,
            customer="MAR",
            journal="CHQ",
            on=date(2025, 3, 10),
            amount=D("720.00"),
            documents=["FA-2025-0102"],
            source_kind="cheque",
            source="C1",
        )
    )
    books = ok(
        register_payment(
            books,
            customer="DUR",
            journal="CHQ",
            on=date(2025, 3, 10),
            amount=D("360.00"),
            documents=["FA-2025-0097"],
            source_kind="cheque",
            source="C2",
        )
    )
    assert books.account_balance("5112") == D("1080.00")
    assert books.account_balance("512") == D("0")
    assert books.residual("FA-2025-0102") == D("0")
    for cheque in ("C1", "C2"):
        books = ok(
            endorse_cheque(
                books, cheque=cheque, account="FR76 3000 4000 0312 3456 7890 143", signature="J. Dupont"
            )
        )
    books = ok(
        deposit_cheques(
            books,
            on=date(2025, 3, 11),
            account="FR76 3000 4000 0312 3456 7890 143",
            lines=[
                SlipLine("C1", "Café Martin SARL", "Crédit Agricole", "4521877", D("720.00")),
                SlipLine("C2", "Durand EURL", "LCL", "0088214", D("360.00")),
            ],
            count=2,
            total=D("1080.00"),
        )
    )
    # Step 4: the slip is handed in; the bank has credited nothing yet, 5112 still holds both cheques.
    assert books.slips[-1].id == "S1" and books.slips[-1].amount == D("1080.00")
    assert books.account_balance("5112") == D("1080.00")
    assert books.account_balance("512") == D("0")
    # Step 5: the bank credits the slip on 13/03 (« REMISE CHQ 000123 »): D 512 / C 5112 at that date.
    books = ok(reconcile_statement_line(books, statement_line="L9", slip="S1"))
    slip_entry = books.entries[-1]
    assert entry_lines(slip_entry) == [("5112", D("0"), D("1080.00")), ("512", D("1080.00"), D("0"))]
    assert slip_entry.date == date(2025, 3, 13)  # the bank credit date
    assert books.account_balance("5112") == D("0")
    assert books.account_balance("512") == D("1080.00")
    assert books.statement_matches["L9"] == ("S1",)


def test_a_cheque_cannot_be_deposited_twice():
    mar = customer("MAR")
    f = invoice("F1", "MAR", date(2025, 2, 20), "600.00", date(2025, 3, 22))
    chq = Cheque(
        "C1", "MAR", "Martin", "LCL", "1", D("720.00"), "", date(2025, 3, 9), date(2025, 3, 10), "Nous"
    )
    books = endorsed(open_books(date(2025, 3, 13), [mar], [f], cheques=[chq]))
    books = ok(
        register_payment(
            books,
            customer="MAR",
            journal="CHQ",
            on=date(2025, 3, 10),
            amount=D("720.00"),
            documents=["F1"],
            source_kind="cheque",
            source="C1",
        )
    )
    slip = [SlipLine("C1", "Martin", "LCL", "1", D("720.00"))]
    books = ok(
        deposit_cheques(books, on=date(2025, 3, 11), account="FR76", lines=slip, count=1, total=D("720.00"))
    )
    again, problems = deposit_cheques(
        books, on=date(2025, 3, 12), account="FR76", lines=slip, count=1, total=D("720.00")
    )
    assert [p.code for p in problems] == ["cheque_already_deposited"]
    assert again is books


# §3 rounding ------------------------------------------------------------------------------------------
def test_short_payment_of_40_cents_is_written_off_to_658():
    pet = customer("PET", "Petit SA")
    f = invoice("FA-2025-0103", "PET", date(2025, 3, 1), "1042.00", date(2025, 3, 31))
    assert f.amount_vat == D("208.40") and f.amount_ttc == D("1250.40")
    books = open_books(date(2025, 3, 30), [pet], [f])
    books = ok(
        register_payment(
            books,
            customer="PET",
            journal="BNK",
            on=date(2025, 3, 20),
            amount=D("1250.00"),
            documents=["FA-2025-0103"],
            difference=Difference("write_off", "658", "Écart de règlement"),
        )
    )
    assert entry_lines(books.entries[-1]) == [
        ("411PET", D("0"), D("1250.40")),
        ("512", D("1250.00"), D("0")),
        ("658", D("0.40"), D("0")),
    ]
    assert books.residual("FA-2025-0103") == D("0")
    assert books.letters()["FA-2025-0103"] == "A"
    assert books.account_balance("44571") == D("-208.40")  # VAT untouched by a rounding write-off


def test_overpayment_of_45_cents_is_written_off_to_758():
    cli = customer("CLI")
    # domain.md gives only the TTC, 980.55, which no HT amount at 20 % reaches to the cent: a 0 % line stands in.
    f = invoice("FA-2025-0106", "CLI", date(2025, 3, 1), "980.55", date(2025, 3, 31), vat_rate="0")
    books = open_books(date(2025, 3, 30), [cli], [f])
    books = ok(
        register_payment(
            books,
            customer="CLI",
            journal="BNK",
            on=date(2025, 3, 20),
            amount=D("981.00"),
            documents=["FA-2025-0106"],
            difference=Difference("write_off", "758", "Écart"),
        )
    )
    assert entry_lines(books.entries[-1]) == [
        ("411CLI", D("0"), D("980.55")),
        ("512", D("981.00"), D("0")),
        ("758", D("0"), D("0.45")),
    ]
    assert books.residual("FA-2025-0106") == D("0")


# §4 discount --------------------------------------------------------------------------------------------
def _discount_books():
    cli = customer("ESC")
    f = invoice(
        "F-ESC",
        "ESC",
        date(2025, 3, 1),
        "818.40",
        date(2025, 3, 31),
        discount=DiscountTerms(D("2"), date(2025, 3, 11)),
    )
    assert f.amount_ttc == D("982.08") and f.amount_vat == D("163.68")
    return open_books(date(2025, 3, 30), [cli], [f])


def _without_sales(books):
    return trial_balance(books.evolve(entries=tuple(e for e in books.entries if e.journal != "VT")))


def test_discount_by_split_write_off_posts_16_37_on_665_and_3_27_on_44571():
    books = ok(
        register_payment(
            _discount_books(),
            customer="ESC",
            journal="BNK",
            on=date(2025, 3, 10),
            amount=D("962.44"),
            documents=["F-ESC"],
            difference=Difference("write_off", "665", "Escompte 2 %", D("20")),
        )
    )
    assert entry_lines(books.entries[-1]) == [
        ("411ESC", D("0"), D("982.08")),
        ("44571", D("3.27"), D("0")),
        ("512", D("962.44"), D("0")),
        ("665", D("16.37"), D("0")),
    ]
    assert books.residual("F-ESC") == D("0")


def test_discount_by_financial_credit_note_gives_the_same_books():
    split = ok(
        register_payment(
            _discount_books(),
            customer="ESC",
            journal="BNK",
            on=date(2025, 3, 10),
            amount=D("962.44"),
            documents=["F-ESC"],
            difference=Difference("write_off", "665", "Escompte 2 %", D("20")),
        )
    )
    books = ok(
        issue_credit_note(
            _discount_books(),
            invoice="F-ESC",
            on=date(2025, 3, 10),
            amount_ht=D("16.37"),
            vat_rate=D("20"),
            reason="Escompte 2 %",
            number="AV-F",
        )
    )
    note = books.documents["AV-F"]
    assert note.amount_ttc == D("19.64")
    assert entry_lines(books.entries[-1]) == [
        ("411ESC", D("0"), D("19.64")),
        ("44571", D("3.27"), D("0")),
        ("665", D("16.37"), D("0")),
    ]
    books = ok(
        register_payment(
            books,
            customer="ESC",
            journal="BNK",
            on=date(2025, 3, 10),
            amount=D("962.44"),
            documents=["F-ESC", "AV-F"],
        )
    )
    assert books.residual("F-ESC") == books.residual("AV-F") == books.residual("P1") == D("0")
    assert len({books.letters()[k] for k in ("F-ESC", "AV-F", "P1")}) == 1
    assert [(r.account, r.balance) for r in trial_balance(books)] == [
        (r.account, r.balance) for r in trial_balance(split)
    ]


# §5 partial ---------------------------------------------------------------------------------------------
def test_partial_payment_kept_open_leaves_1000_residual_with_partial_letter():
    gar = customer("GAR", "Garnier SARL")
    f = invoice("FA-2025-0105", "GAR", date(2025, 2, 13), "1312.48", date(2025, 3, 15))
    assert f.amount_vat == D("262.50") and f.amount_ttc == D("1574.98")
    books = ok(
        register_payment(
            open_books(date(2025, 3, 30), [gar], [f]),
            customer="GAR",
            journal="BNK",
            on=date(2025, 3, 20),
            amount=D("574.98"),
            documents=["FA-2025-0105"],
            difference=Difference("keep_open"),
        )
    )
    assert entry_lines(books.entries[-1]) == [("411GAR", D("0"), D("574.98")), ("512", D("574.98"), D("0"))]
    assert books.residual("FA-2025-0105") == D("1000.00")
    assert books.letters()["FA-2025-0105"] == "a"  # partial lettering: lower case
    assert books_view(books).customers["GAR"].balance == D("1000.00")


# §6 several invoices and a credit note -----------------------------------------------------------------
def _leroy_books():
    ler = customer("LER", "Leroy Distribution")
    docs = [
        invoice("F-0088", "LER", date(2025, 2, 5), "1000.00", date(2025, 3, 7)),
        invoice("F-0095", "LER", date(2025, 2, 20), "700.00", date(2025, 3, 22)),
        credit_note("AV-0012", "LER", date(2025, 2, 25), "200.00", "F-0095"),
        invoice("F-0104", "LER", date(2025, 3, 3), "800.00", date(2025, 4, 2)),
    ]
    return open_books(date(2025, 3, 30), [ler], docs)


def test_one_transfer_for_three_invoices_and_a_credit_note_leaves_760_on_the_newest():
    books = _leroy_books()
    assert books_view(books).customers["LER"].balance == D("2760.00")
    av = [e for e in books.entries if e.ref == "AV-0012"][0]
    assert entry_lines(av) == [
        ("411LER", D("0"), D("240.00")),
        ("44571", D("40.00"), D("0")),
        ("707", D("200.00"), D("0")),
    ]
    books = ok(
        register_payment(
            books,
            customer="LER",
            journal="BNK",
            on=date(2025, 3, 28),
            amount=D("2000.00"),
            documents=["F-0088", "F-0095", "AV-0012", "F-0104"],
        )
    )
    assert books.residual("F-0088") == D("0")
    assert books.residual("F-0095") == D("0")
    assert books.residual("AV-0012") == D("0")
    assert books.residual("F-0104") == D("760.00")
    assert books.residual("P1") == D("0")
    assert books_view(books).customers["LER"].balance == D("760.00")
    letters = books.letters()
    assert {letters[k] for k in ("F-0088", "F-0095", "AV-0012", "P1", "F-0104")} == {"a"}


def test_remittance_allocations_override_the_oldest_first_order():
    books = ok(
        register_payment(
            _leroy_books(),
            customer="LER",
            journal="BNK",
            on=date(2025, 3, 28),
            amount=D("960.00"),
            documents=["F-0104"],
            allocations={"F-0104": D("960.00")},
        )
    )
    assert books.residual("F-0104") == D("0")
    assert books.residual("F-0088") == D("1200.00")


# §7.4 aged balance ---------------------------------------------------------------------------------------
def test_aged_balance_buckets_by_due_date_at_30_march_2025():
    ler, gar, rou, bla = customer("LER"), customer("GAR"), customer("ROU"), customer("BLA")
    docs = [
        invoice("F-0104", "LER", date(2025, 3, 3), "633.33", date(2025, 4, 2), vat_rate="20"),
        invoice("FA-0105", "GAR", date(2025, 2, 13), "1000.00", date(2025, 3, 15), vat_rate="0"),
        invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14)),
        invoice("FA-0071", "BLA", date(2024, 11, 26), "350.00", date(2024, 12, 26), vat_rate="0"),
    ]
    books = open_books(date(2025, 3, 30), [ler, gar, rou, bla], docs)
    totals = aged_totals(aged_balance(books, date(2025, 3, 30)))
    assert totals["LER"]["not_due"] == D("760.00")
    assert totals["GAR"]["1_30"] == D("1000.00")
    assert totals["ROU"]["31_60"] == D("2400.00")
    assert totals["BLA"]["over_90"] == D("350.00")
    assert sum(t["total"] for t in totals.values()) == D("4510.00")


def test_customer_balances_are_the_411_sub_accounts_after_the_several_invoices_example():
    """The customer's balance on the follow-up screens and its 411 sub-account on the Balance agree."""
    books = ok(
        register_payment(
            _leroy_books(),
            customer="LER",
            journal="BNK",
            on=date(2025, 3, 28),
            amount=D("2000.00"),
            documents=["F-0088", "F-0095", "AV-0012", "F-0104"],
        )
    )
    # 2 760,00 owed - 2 000,00 received (§6)
    assert books_view(books).customers["LER"].balance == D("760.00")
    (row,) = [r for r in trial_balance(books) if r.account == "411LER"]
    assert row.debit - row.credit == D("760.00")
