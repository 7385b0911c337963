"""What Faire correspondre offers: the bank receipts no statement line accounts for, the slips the bank has
not credited, and the running total of a selection against a line (domain.md §1 and §2 figures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ledger_builders import customer, endorsed, invoice

from simulator.ledger.bank import (
    receipts_to_reconcile,
    reconcile_statement_line,
    selection_gap,
    slips_to_credit,
)
from simulator.ledger.books import open_books
from simulator.ledger.cheques import cancel_deposit, deposit_cheques
from simulator.ledger.model import Cheque, SlipLine, StatementLine
from simulator.ledger.payments import cancel_payment, register_payment


def ok(result):
    books, problems = result
    assert problems == [], [p.message for p in problems]
    return books


def world():
    """Bernard's transfer of 1 440,00 (FA-0101), Café Martin's cheque of 720,00 (FA-0102), Durand's of
    360,00 (FA-0097), the bank's lines."""
    docs = [
        invoice("FA-0101", "BER", date(2025, 3, 3), "1200.00", date(2025, 4, 2)),
        invoice("FA-0102", "MAR", date(2025, 2, 20), "600.00", date(2025, 3, 22)),
        invoice("FA-0097", "DUR", date(2025, 2, 10), "300.00", date(2025, 3, 12)),
    ]
    cheques = [
        Cheque("C1", "MAR", "Café Martin", "Crédit Agricole", "4521877", D("720.00"), "",
               date(2025, 3, 9), date(2025, 3, 10), "Nous"),
        Cheque("C2", "DUR", "Durand EURL", "LCL", "0088214", D("360.00"), "",
               date(2025, 3, 9), date(2025, 3, 10), "Nous"),
    ]  # fmt: skip
    lines = [
        StatementLine("L1", date(2025, 3, 25), "VIR SEPA BERNARD SAS FA-0101", D("1440.00")),
        StatementLine("L9", date(2025, 3, 13), "REMISE CHQ 000123", D("1080.00")),
    ]
    customers = [customer("BER", "Bernard SAS"), customer("MAR", "Café Martin"), customer("DUR", "Durand")]
    return endorsed(open_books(date(2025, 3, 31), customers, docs, cheques, lines))


def pay(books, cust, doc, amount, journal="BNK", on=date(2025, 3, 25), **kwargs):
    return ok(
        register_payment(
            books, customer=cust, journal=journal, on=on, amount=D(amount), documents=[doc], **kwargs
        )
    )


def test_bank_receipts_without_a_line_are_offered_until_reconciled_or_cancelled():
    books = pay(world(), "BER", "FA-0101", "1440.00")  # P1, recorded from the invoice
    books = pay(books, "MAR", "FA-0102", "720.00", journal="CHQ", source_kind="cheque", source="C1")  # P2
    assert receipts_to_reconcile(books) == ("P1",)  # a cheque waits for its slip, not for a line
    reconciled = ok(reconcile_statement_line(books, statement_line="L1", payments=["P1"]))
    assert receipts_to_reconcile(reconciled) == ()
    assert receipts_to_reconcile(ok(cancel_payment(books, payment="P1"))) == ()
    from_line = pay(world(), "BER", "FA-0101", "1440.00", source_kind="statement_line", source="L1")
    assert receipts_to_reconcile(from_line) == ()  # recorded from its line: reconciled already


def test_slips_are_offered_until_credited_or_cancelled():
    books = pay(world(), "MAR", "FA-0102", "720.00", journal="CHQ", source_kind="cheque", source="C1")
    books = pay(books, "DUR", "FA-0097", "360.00", journal="CHQ", source_kind="cheque", source="C2")
    lines = [
        SlipLine("C1", "Café Martin", "Crédit Agricole", "4521877", D("720.00")),
        SlipLine("C2", "Durand EURL", "LCL", "0088214", D("360.00")),
    ]
    slipped = ok(deposit_cheques(books, on=date(2025, 3, 11), account="FR76", lines=lines, count=2,
                                 total=D("1080.00")))  # fmt: skip
    assert slips_to_credit(books) == () and slips_to_credit(slipped) == ("S1",)
    assert slips_to_credit(ok(cancel_deposit(slipped, slip="S1"))) == ()
    assert slips_to_credit(ok(reconcile_statement_line(slipped, statement_line="L9", slip="S1"))) == ()


def test_the_selection_total_and_what_the_line_leaves_over():
    books = pay(world(), "BER", "FA-0101", "1000.00")  # a first part of Bernard's transfer…
    books = pay(books, "BER", "FA-0101", "440.00")  # …and the rest
    assert selection_gap(books, "L1", []) == (D("0"), D("1440.00"))
    assert selection_gap(books, "L1", ["P1"]) == (D("1000.00"), D("440.00"))
    assert selection_gap(books, "L1", ["P1", "P2", "P1"]) == (D("1440.00"), D("0"))
    assert selection_gap(books, "L1", ["P9"]) == (D("0"), D("1440.00"))
