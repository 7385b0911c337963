"""The view of the books the screens show, on domain.md's worked examples: states, residuals, letters, levels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ledger_builders import credit_note, customer, endorsed, invoice

from simulator.ledger import views
from simulator.ledger.bank import reconcile_statement_line
from simulator.ledger.books import open_books
from simulator.ledger.cheques import deposit_cheques, endorse_cheque
from simulator.ledger.followup import send_email, set_next_action
from simulator.ledger.model import Cheque, FollowupLevel, SlipLine, StatementLine
from simulator.ledger.payments import (
    Difference,
    cancel_credit_note,
    cancel_payment,
    issue_credit_note,
    register_payment,
)

LEVELS = (
    FollowupLevel(1, 15, "Relance amiable", ("phone", "email")),
    FollowupLevel(2, 30, "Deuxième relance", ("email", "phone")),
    FollowupLevel(3, 45, "Dernière relance amiable", ("letter",)),
    FollowupLevel(4, 60, "Mise en demeure", ("registered_letter",)),
)


def ok(result):
    books, problems = result
    assert problems == [], [p.message for p in problems]
    return books


# §1 transfer ------------------------------------------------------------------------------------------------
def _bernard(today=date(2025, 3, 25)):
    f = invoice("FA-2025-0101", "BER", date(2025, 3, 3), "1200.00", date(2025, 4, 2))
    line = StatementLine("L1", date(2025, 3, 25), "VIR SEPA BERNARD SAS FA-2025-0101", D("1440.00"))
    return open_books(today, [customer("BER", "Bernard SAS")], [f], statement_lines=[line], levels=LEVELS)


def test_transfer_recorded_from_its_statement_line_is_paid_and_reconciled():
    books = ok(
        register_payment(
            _bernard(),
            customer="BER",
            journal="BNK",
            on=date(2025, 3, 25),
            amount=D("1440.00"),
            documents=["FA-2025-0101"],
            source_kind="statement_line",
            source="L1",
        )
    )
    view = views.books_view(books)
    doc = view.documents["FA-2025-0101"]
    assert (doc.amount_ht, doc.amount_vat, doc.amount_ttc) == (D("1200.00"), D("240.00"), D("1440.00"))
    assert (doc.residual, doc.payment_state, doc.state, doc.letter) == (D("0"), "Payé", "Comptabilisé", "A")
    assert doc.paid_on == date(2025, 3, 25) and [s.item for s in doc.settlements] == ["P1"]
    pay = view.payments["P1"]
    assert (pay.state, pay.statement_line, pay.letter, pay.journal_label) == (
        "Rapproché",
        "L1",
        "A",
        "Banque",
    )
    assert pay.matched == (("FA-2025-0101", D("1440.00")),) and pay.residual == D("0")
    line = view.statement_lines["L1"]
    assert (line.state, line.payments, line.reconciled) == ("Rapproché", ("P1",), True)
    assert view.customers["BER"].balance == D("0") and view.customers["BER"].open_items == ()
    assert view.journals["BNK"].balanced and len(view.journals["BNK"].entries) == 1


def test_transfer_recorded_without_its_line_is_in_payment_until_reconciled():
    books = ok(
        register_payment(
            _bernard(),
            customer="BER",
            journal="BNK",
            on=date(2025, 3, 25),
            amount=D("1440.00"),
            documents=["FA-2025-0101"],
        )
    )
    view = views.books_view(books)
    assert view.documents["FA-2025-0101"].payment_state == "En paiement"
    assert view.payments["P1"].state == "Comptabilisé"
    assert view.statement_lines["L1"].state == "À rapprocher"
    books = ok(reconcile_statement_line(books, statement_line="L1", payments=["P1"]))
    view = views.books_view(books)
    assert view.documents["FA-2025-0101"].payment_state == "Payé"
    assert view.payments["P1"].state == "Rapproché" and view.statement_lines["L1"].payments == ("P1",)


def test_a_cancelled_transfer_leaves_the_invoice_not_paid_and_the_line_to_reconcile():
    books = ok(
        register_payment(
            _bernard(),
            customer="BER",
            journal="BNK",
            on=date(2025, 3, 25),
            amount=D("1440.00"),
            documents=["FA-2025-0101"],
            source_kind="statement_line",
            source="L1",
        )
    )
    view = views.books_view(ok(cancel_payment(books, payment="P1")))
    doc = view.documents["FA-2025-0101"]
    assert (doc.residual, doc.payment_state, doc.letter, doc.paid_on) == (D("1440.00"), "Non payé", "", None)
    pay = view.payments["P1"]
    assert (pay.state, pay.cancelled, pay.residual, pay.statement_line) == ("Annulé", True, D("0"), None)
    assert pay.reversal == "BNK/2025/0002"
    assert view.statement_lines["L1"].state == "À rapprocher"
    assert [i.key for i in view.customers["BER"].open_items] == ["FA-2025-0101"]
    assert view.customers["BER"].balance == D("1440.00")


# §2 cheques -------------------------------------------------------------------------------------------------
def _cheque_books():
    mar, dur = customer("MAR", "Café Martin SARL"), customer("DUR", "Durand EURL")
    f102 = invoice("FA-2025-0102", "MAR", date(2025, 2, 20), "600.00", date(2025, 3, 22))
    f097 = invoice("FA-2025-0097", "DUR", date(2025, 2, 15), "300.00", date(2025, 3, 17))
    chq1 = Cheque(
        "C1", "MAR", "Café Martin SARL", "Crédit Agricole", "4521877", D("720.00"), "", date(2025, 3, 9),
        date(2025, 3, 10), "Nous",
    )  # fmt: skip
    chq2 = Cheque(
        "C2",
        "DUR",
        "Durand EURL",
        "LCL",
        "0088214",
        D("360.00"),
        "",
        date(2025, 3, 9),
        date(2025, 3, 10),
        "Nous",
    )
    remise = StatementLine("L9", date(2025, 3, 13), "REMISE CHQ 000123", D("1080.00"))
    books = open_books(date(2025, 3, 13), [mar, dur], [f102, f097], [chq1, chq2], [remise], LEVELS)
    for cust, number, amount, cheque in (
        ("MAR", "FA-2025-0102", "720.00", "C1"),
        ("DUR", "FA-2025-0097", "360.00", "C2"),
    ):
        books = ok(
            register_payment(
                books, customer=cust, journal="CHQ", on=date(2025, 3, 10), amount=D(amount),
                documents=[number], source_kind="cheque", source=cheque,
            )
        )  # fmt: skip
    return books


SLIP = [
    SlipLine("C1", "Café Martin SARL", "Crédit Agricole", "4521877", D("720.00")),
    SlipLine("C2", "Durand EURL", "LCL", "0088214", D("360.00")),
]


def test_cheques_are_in_payment_until_the_bank_credits_the_slip_then_paid():
    books = _cheque_books()
    view = views.books_view(books)
    assert view.documents["FA-2025-0102"].payment_state == "En paiement"
    assert view.documents["FA-2025-0102"].residual == D("0")
    assert view.cheques["C1"].state == "À remettre" and view.cheques["C1"].payment == "P1"
    assert view.payments["P1"].account == "5112" and view.payments["P1"].state == "Comptabilisé"
    books = ok(endorse_cheque(books, cheque="C1", account="FR76 3000", signature="J. Dupont"))
    assert (
        views.books_view(books).cheques["C1"].endorsed and not views.books_view(books).cheques["C2"].endorsed
    )
    books = ok(endorse_cheque(books, cheque="C2", account="FR76 3000", signature="J. Dupont"))
    books = ok(
        deposit_cheques(
            books, on=date(2025, 3, 11), account="FR76 3000", lines=SLIP, count=2, total=D("1080.00")
        )
    )
    view = views.books_view(books)
    assert (view.cheques["C1"].state, view.cheques["C1"].slip) == ("Remis", "S1")
    slip = view.slips["S1"]
    assert (slip.state, slip.amount, slip.count, slip.entry) == ("Remis", D("1080.00"), 2, None)
    assert view.documents["FA-2025-0102"].payment_state == "En paiement"
    books = ok(reconcile_statement_line(books, statement_line="L9", slip="S1"))
    view = views.books_view(books)
    slip = view.slips["S1"]
    assert (slip.state, slip.statement_line, slip.credited_on) == ("Crédité", "L9", date(2025, 3, 13))
    assert view.statement_lines["L9"].slip == "S1" and view.statement_lines["L9"].state == "Rapproché"
    assert view.cheques["C2"].state == "Crédité" and view.payments["P2"].state == "Rapproché"
    assert {d.payment_state for d in view.invoices} == {"Payé"}
    assert view.journals["BNK"].entries[-1].date == date(2025, 3, 13)


def test_a_cancelled_slip_gives_its_cheques_back_to_deposit():
    books = ok(
        deposit_cheques(
            endorsed(_cheque_books()),
            on=date(2025, 3, 11),
            account="FR76 3000",
            lines=SLIP,
            count=2,
            total=D("1080.00"),
        )
    )
    from simulator.ledger.cheques import cancel_deposit

    view = views.books_view(ok(cancel_deposit(books, slip="S1")))
    assert view.slips["S1"].state == "Annulé"
    assert view.cheques["C1"].state == "À remettre" and view.cheques["C1"].slip is None


# §5 partial payment -----------------------------------------------------------------------------------------
def test_partial_payment_leaves_1000_due_partially_paid_with_a_lower_case_letter():
    gar = customer("GAR", "Garnier SARL")
    f = invoice("FA-2025-0105", "GAR", date(2025, 2, 13), "1312.48", date(2025, 3, 15))
    books = ok(
        register_payment(
            open_books(date(2025, 3, 30), [gar], [f], levels=LEVELS),
            customer="GAR",
            journal="BNK",
            on=date(2025, 3, 20),
            amount=D("574.98"),
            documents=["FA-2025-0105"],
            difference=Difference("keep_open"),
        )
    )
    doc = views.books_view(books).documents["FA-2025-0105"]
    assert (doc.amount_ttc, doc.residual, doc.payment_state, doc.letter) == (
        D("1574.98"),
        D("1000.00"),
        "Partiellement réglé",
        "a",
    )
    assert doc.days_overdue == 15 and doc.paid_on is None  # due 15/03, today 30/03
    cust = views.books_view(books).customers["GAR"]
    assert (cust.balance, cust.amount_due, cust.overdue_total, cust.level) == (
        D("1000.00"),
        D("1000.00"),
        D("1000.00"),
        1,
    )


# §6 several invoices and a credit note ----------------------------------------------------------------------
def _leroy():
    docs = [
        invoice("F-0088", "LER", date(2025, 2, 5), "1000.00", date(2025, 3, 7)),
        invoice("F-0095", "LER", date(2025, 2, 20), "700.00", date(2025, 3, 22)),
        credit_note("AV-0012", "LER", date(2025, 2, 25), "200.00", "F-0095"),
        invoice("F-0104", "LER", date(2025, 3, 3), "800.00", date(2025, 4, 2)),
    ]
    books = open_books(date(2025, 3, 30), [customer("LER", "Leroy Distribution")], docs, levels=LEVELS)
    return ok(
        register_payment(
            books,
            customer="LER",
            journal="BNK",
            on=date(2025, 3, 28),
            amount=D("2000.00"),
            documents=["F-0088", "F-0095", "AV-0012", "F-0104"],
        )
    )


def test_leroy_f0104_keeps_760_partially_paid_and_the_others_are_settled():
    view = views.books_view(_leroy())
    f104 = view.documents["F-0104"]
    assert (f104.residual, f104.payment_state, f104.days_overdue) == (D("760.00"), "Partiellement réglé", 0)
    assert view.documents["F-0088"].residual == D("0") and view.documents["F-0095"].residual == D("0")
    assert view.documents["AV-0012"].kind_label == "Avoir" and view.documents["AV-0012"].residual == D("0")
    assert [s.item for s in view.documents["F-0095"].settlements] == ["AV-0012", "P1"]
    # one lettrage group, partial while F-0104 is open
    assert {view.documents[n].letter for n in ("F-0088", "F-0095", "AV-0012", "F-0104")} == {"a"}
    assert [n for n, _ in view.payments["P1"].matched] == ["F-0088", "F-0095", "F-0104"]
    cust = view.customers["LER"]
    assert (cust.balance, cust.amount_due, cust.overdue_total, cust.level) == (
        D("760.00"),
        D("760.00"),
        D("0"),
        0,
    )
    assert [(i.key, i.amount, i.residual) for i in cust.open_items] == [("F-0104", D("960.00"), D("760.00"))]
    # the transfer was recorded without its statement line: settled, but not reconciled with the bank yet
    assert view.documents["F-0088"].payment_state == "En paiement"
    assert view.documents["AV-0012"].payment_state == "Payé"


def test_an_invoice_settled_by_a_credit_note_alone_is_reversed():
    f = invoice("F-1", "LER", date(2025, 3, 1), "100.00", date(2025, 3, 31))
    books = open_books(date(2025, 3, 30), [customer("LER")], [f])
    books = ok(
        issue_credit_note(
            books,
            invoice="F-1",
            on=date(2025, 3, 5),
            amount_ht=D("100.00"),
            vat_rate=None,
            reason="Retour",
            number="AV-1",
        )
    )
    from simulator.ledger.matching import match

    view = views.books_view(ok(match(books, "LER", ["F-1", "AV-1"])))
    assert view.documents["F-1"].payment_state == "Extourné" and view.documents["F-1"].letter == "A"
    assert view.documents["AV-1"].issued_in_attempt


def test_a_cancelled_credit_note_is_annulee_and_owes_nothing():
    f = invoice("F-1", "LER", date(2025, 3, 1), "100.00", date(2025, 3, 31))
    books = open_books(date(2025, 3, 30), [customer("LER")], [f])
    books = ok(
        issue_credit_note(
            books,
            invoice="F-1",
            on=date(2025, 3, 5),
            amount_ht=D("10.00"),
            vat_rate=None,
            reason="Geste",
            number="AV-1",
        )
    )
    view = views.books_view(ok(cancel_credit_note(books, number="AV-1")))
    note = view.documents["AV-1"]
    assert (note.state, note.cancelled, note.residual, note.amount_ttc) == (
        "Annulée",
        True,
        D("0"),
        D("12.00"),
    )
    assert view.customers["LER"].balance == D("120.00")
    assert len(view.journals["VT"].entries) == 3 and view.journals["VT"].balanced


# §7 follow-up levels ---------------------------------------------------------------------------------------
def test_follow_up_levels_at_30_march_2025_follow_the_most_overdue_invoice():
    docs = [
        invoice("F-0104", "LER", date(2025, 3, 3), "800.00", date(2025, 4, 2)),  # not due
        invoice("FA-0105", "GAR", date(2025, 2, 13), "1000.00", date(2025, 3, 15)),  # 15 days
        invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14)),  # 44 days
        invoice("FA-0071", "BLA", date(2024, 11, 26), "350.00", date(2024, 12, 26)),  # 94 days
    ]
    custs = [
        customer("LER", "Leroy"),
        customer("GAR", "Garnier"),
        customer("ROU", "Roux"),
        customer("BLA", "Blanc"),
    ]
    books = open_books(date(2025, 3, 30), custs, docs, levels=LEVELS)
    books = ok(send_email(books, customer="ROU", to="compta@roux.fr", subject="Relance", body="Bonjour"))
    books = ok(set_next_action(books, customer="ROU", on=date(2025, 4, 6), note="Rappeler"))
    view = views.books_view(books)
    levels = {c.id: (c.level, c.oldest_days_overdue) for c in view.customers.values()}
    assert levels == {"LER": (0, 0), "GAR": (1, 15), "ROU": (2, 44), "BLA": (4, 94)}
    assert view.customers["ROU"].level_name == "Deuxième relance"
    assert [c.id for c in view.to_remind] == ["BLA", "ROU", "GAR"]
    rou = view.customers["ROU"]
    assert rou.last_reminder.kind == "email" and rou.next_action.date == date(2025, 4, 6)
    assert view.documents["FA-0110"].days_overdue == 44


def test_the_view_is_computed_once_per_books():
    books = _leroy()
    assert views.books_view(books) is views.books_view(books)
