"""Undo and bank reconciliation: cancel_payment, cancel_credit_note, cancel_deposit, reconcile_statement_line.
Valid uses, and refusals that change nothing (the same books object comes back)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ledger_builders import credit_note, customer, endorsed, invoice

from simulator.ledger.bank import reconcile_statement_line
from simulator.ledger.books import open_books
from simulator.ledger.cheques import cancel_deposit, deposit_cheques
from simulator.ledger.matching import match
from simulator.ledger.model import Cheque, SlipLine, StatementLine
from simulator.ledger.payments import (
    Difference,
    cancel_credit_note,
    cancel_payment,
    issue_credit_note,
    register_payment,
)
from simulator.ledger.views import books_view


def ok(result):
    books, problems = result
    assert problems == [], [p.message for p in problems]
    return books


def refused(books, result, *codes):
    new, problems = result
    assert [p.code for p in problems] == list(codes), [p.message for p in problems]
    assert all(p.message and p.message != p.code for p in problems)
    assert new is books
    return problems


def world():
    """domain.md §2: Café Martin 720.00 by cheque, the bank's REMISE CHQ line on 13/03; a rent debit; a
    transfer of 1 440.00 from Bernard (§1)."""
    f102 = invoice("FA-0102", "MAR", date(2025, 2, 20), "600.00", date(2025, 3, 22))
    f101 = invoice("FA-0101", "BER", date(2025, 3, 3), "1200.00", date(2025, 4, 2))
    chq = Cheque(
        "C1", "MAR", "Café Martin", "Crédit Agricole", "4521877", D("720.00"), "", date(2025, 3, 9),
        date(2025, 3, 10), "Nous",
    )  # fmt: skip
    lines = [
        StatementLine("L1", date(2025, 3, 25), "VIR SEPA BERNARD SAS FA-0101", D("1440.00")),
        StatementLine("L8", date(2025, 3, 10), "REMISE CHQ ANCIENNE", D("720.00")),
        StatementLine("L9", date(2025, 3, 13), "REMISE CHQ 000123", D("720.00")),
        StatementLine("L5", date(2025, 3, 14), "PRLV SEPA LOYER", D("-720.00")),
        StatementLine("L6", date(2025, 3, 15), "REMISE CHQ 000124", D("700.00")),
    ]
    return endorsed(
        open_books(
            date(2025, 3, 31),
            [customer("MAR", "Café Martin"), customer("BER", "Bernard SAS")],
            [f102, f101],
            [chq],
            lines,
        )
    )


SLIP = [SlipLine("C1", "Café Martin", "Crédit Agricole", "4521877", D("720.00"))]


def received(books):
    return ok(
        register_payment(
            books, customer="MAR", journal="CHQ", on=date(2025, 3, 10), amount=D("720.00"),
            documents=["FA-0102"], source_kind="cheque", source="C1",
        )
    )  # fmt: skip


def deposited(books, on=date(2025, 3, 11), **kwargs):
    return deposit_cheques(books, on=on, account="FR76", lines=SLIP, count=1, total=D("720.00"), **kwargs)


def transfer(books, **kwargs):
    return register_payment(
        books, customer="BER", journal="BNK", on=date(2025, 3, 25), amount=D("1440.00"), documents=["FA-0101"],
        **kwargs,
    )  # fmt: skip


# -- deposit slips and their bank credit ----------------------------------------------------------------------
def test_a_slip_posts_nothing_and_gets_ids_s1_s2_or_its_own():
    books = received(world())
    slip_books = ok(deposited(books))
    assert slip_books.entries == books.entries and slip_books.slips[-1].id == "S1"
    again = ok(cancel_deposit(slip_books, slip="S1"))
    assert ok(deposited(again)).slips[-1].id == "S2"
    named = ok(deposited(again, slip_id="000123"))
    assert named.slips[-1].id == "000123"
    refused(named, deposit_cheques(named, on=date(2025, 3, 11), account="FR76", lines=[], count=0, total=None, slip_id="S1"),
            "slip_empty", "slip_id_taken")  # fmt: skip


def test_the_bank_credit_must_be_a_credit_of_the_slip_total_dated_on_or_after_it():
    books = ok(deposited(received(world())))
    refused(
        books, reconcile_statement_line(books, statement_line="L5", slip="S1"), "statement_line_not_receipt"
    )
    refused(books, reconcile_statement_line(books, statement_line="L6", slip="S1"), "statement_amount_slip")
    refused(
        books, reconcile_statement_line(books, statement_line="L8", slip="S1"), "statement_line_before_slip"
    )
    refused(books, reconcile_statement_line(books, statement_line="L9", slip="S7"), "unknown_slip")
    refused(books, reconcile_statement_line(books, statement_line="L9"), "reconcile_target_required")
    credited = ok(reconcile_statement_line(books, statement_line="L9", slip="S1"))
    assert credited.account_balance("512") == D("720.00") and credited.account_balance("5112") == D("0")
    assert credited.entries[-1].date == date(2025, 3, 13)


def test_a_bank_line_or_a_slip_is_reconciled_once():
    books = ok(reconcile_statement_line(ok(deposited(received(world()))), statement_line="L9", slip="S1"))
    refused(books, reconcile_statement_line(books, statement_line="L9", slip="S1"), "slip_credited")
    books2 = ok(transfer(books))
    refused(
        books2,
        reconcile_statement_line(books2, statement_line="L9", payments=["P2"]),
        "statement_line_reconciled",
    )


def test_deposit_with_its_statement_line_is_deposit_and_reconcile_at_once_with_the_same_checks():
    books = received(world())
    refused(books, deposited(books, statement_line="L6"), "statement_amount_slip")
    refused(books, deposited(books, statement_line="L5"), "statement_line_not_receipt")
    refused(books, deposited(books, on=date(2025, 3, 11), statement_line="L8"), "statement_line_before_slip")
    done = ok(deposited(books, statement_line="L9"))
    assert done.slips[-1].credited and done.statement_matches == {"L9": ("S1",)}


def test_a_slip_the_bank_credited_cannot_be_cancelled_nor_cancelled_twice():
    books = ok(deposited(received(world())))
    credited = ok(reconcile_statement_line(books, statement_line="L9", slip="S1"))
    refused(credited, cancel_deposit(credited, slip="S1"), "slip_credited")
    cancelled = ok(cancel_deposit(books, slip="S1"))
    refused(cancelled, cancel_deposit(cancelled, slip="S1"), "slip_cancelled")
    refused(cancelled, reconcile_statement_line(cancelled, statement_line="L9", slip="S1"), "slip_cancelled")
    refused(cancelled, cancel_deposit(cancelled, slip="S9"), "unknown_slip")


# -- cancelling a payment -------------------------------------------------------------------------------------
def test_cancel_payment_reverses_its_entry_at_its_date_and_frees_its_statement_line():
    books = ok(transfer(world(), source_kind="statement_line", source="L1"))
    undone = ok(cancel_payment(books, payment="P1"))
    reversal = undone.entries[-1]
    assert reversal.date == date(2025, 3, 25) and reversal.journal == "BNK"
    assert [(ln.account, ln.debit, ln.credit) for ln in reversal.lines] == [
        ("512", D("0"), D("1440.00")),
        ("411BER", D("1440.00"), D("0")),
    ]
    assert undone.account_balance("512") == D("0") and undone.residual("FA-0101") == D("1440.00")
    assert undone.payments["P1"].cancelled and undone.statement_matches == {}
    redone = ok(transfer(undone, source_kind="statement_line", source="L1"))
    assert redone.payments["P2"].id == "P2" and redone.statement_matches == {"L1": ("P2",)}
    refused(redone, cancel_payment(redone, payment="P1"), "payment_cancelled")
    refused(redone, cancel_payment(redone, payment="P9"), "unknown_payment")


def test_cancel_payment_undoes_its_write_off_and_its_whole_matching_operation():
    leroy = customer("LER")
    docs = [
        invoice("F-0095", "LER", date(2025, 2, 20), "700.00", date(2025, 3, 22)),
        credit_note("AV-0012", "LER", date(2025, 2, 25), "200.00", "F-0095"),
    ]
    books = open_books(date(2025, 3, 30), [leroy], docs)
    books = ok(
        register_payment(
            books, customer="LER", journal="BNK", on=date(2025, 3, 28), amount=D("599.60"),
            documents=["F-0095", "AV-0012"], difference=Difference("write_off", "658", "Écart"),
        )
    )  # fmt: skip
    assert books.account_balance("658") == D("0.40")
    undone = ok(cancel_payment(books, payment="P1"))
    assert undone.account_balance("658") == D("0") and undone.allocations == ()
    assert undone.residual("AV-0012") == D("240.00") and undone.residual("F-0095") == D("840.00")
    refused(undone, match(undone, "LER", ["F-0095", "P1"]), "item_cancelled")


def test_a_cheque_receipt_on_a_slip_is_cancelled_only_after_the_slip():
    books = ok(deposited(received(world())))
    refused(books, cancel_payment(books, payment="P1"), "payment_on_slip")
    freed = ok(cancel_payment(ok(cancel_deposit(books, slip="S1")), payment="P1"))
    assert freed.account_balance("5112") == D("0")
    refused(freed, deposited(freed), "cheque_not_received")


def test_a_payment_recorded_before_the_scenario_is_not_cancelled():
    books = ok(transfer(world(), payment_id="HIST-1", prior=True))
    refused(books, cancel_payment(books, payment="HIST-1"), "payment_prior")


# -- reconciling recorded receipts ------------------------------------------------------------------------------
def test_a_transfer_recorded_without_its_line_is_reconciled_with_it_afterwards():
    books = ok(transfer(world()))
    refused(
        books,
        reconcile_statement_line(books, statement_line="L6", payments=["P1"]),
        "statement_amount_payments",
    )
    refused(
        books,
        reconcile_statement_line(books, statement_line="L5", payments=["P1"]),
        "statement_line_not_receipt",
    )
    refused(
        books,
        reconcile_statement_line(books, statement_line="L1", payments=["P1"], slip="S1"),
        "reconcile_both",
    )
    done = ok(reconcile_statement_line(books, statement_line="L1", payments=["P1"]))
    assert done.statement_matches == {"L1": ("P1",)} and done.entries == books.entries
    # the books are those of a transfer recorded from its line
    sourced = ok(transfer(world(), source_kind="statement_line", source="L1"))
    assert done.statement_line_of() == sourced.statement_line_of() == {"P1": "L1"}
    assert [(e.date, e.lines) for e in done.entries] == [(e.date, e.lines) for e in sourced.entries]
    refused(done, reconcile_statement_line(done, statement_line="L1", payments=["P1"]), "statement_line_reconciled",
            "payment_reconciled")  # fmt: skip


def test_only_live_bank_receipts_are_reconciled_with_a_line():
    books = received(world())  # P1: a cheque in CHQ
    refused(books, reconcile_statement_line(books, statement_line="L8", payments=["P1"]), "payment_not_bank")
    books = ok(cancel_payment(ok(transfer(books)), payment="P2"))
    refused(books, reconcile_statement_line(books, statement_line="L1", payments=["P2"]), "payment_cancelled")
    refused(books, reconcile_statement_line(books, statement_line="L1", payments=["P7"]), "unknown_payment")


# -- cancelling a credit note ---------------------------------------------------------------------------------
def test_cancel_credit_note_only_for_own_unmatched_notes():
    books = open_books(
        date(2025, 3, 30),
        [customer("LER")],
        [
            invoice("F-1", "LER", date(2025, 3, 1), "100.00", date(2025, 3, 31)),
            credit_note("AV-W", "LER", date(2025, 3, 2), "10.00", "F-1"),
        ],
    )
    books = ok(
        issue_credit_note(
            books, invoice="F-1", on=date(2025, 3, 5), amount_ht=D("5.00"), vat_rate=None, reason="Escompte", number="AV-1"
        )
    )  # fmt: skip
    refused(books, cancel_credit_note(books, number="AV-W"), "credit_note_not_issued")
    refused(books, cancel_credit_note(books, number="F-1"), "unknown_credit_note")
    matched = ok(match(books, "LER", ["F-1", "AV-1"]))
    refused(matched, cancel_credit_note(matched, number="AV-1"), "credit_note_matched")
    done = ok(cancel_credit_note(books, number="AV-1"))
    assert books_view(done).customers["LER"].balance == D(
        "108.00"
    )  # 120.00 - 12.00 (world's note), own note reversed
    assert done.entries[-1].date == date(2025, 3, 5) and done.entries[-1].journal == "VT"
    refused(done, cancel_credit_note(done, number="AV-1"), "credit_note_cancelled")
    refused(done, match(done, "LER", ["F-1", "AV-1"]), "item_cancelled")
