"""A receipt for an invoice transferred to 416 « Clients douteux ou litigieux » (domain.md §7.2 level 5): it
is credited to 416 (D 512 / C 416), not to 411, and the invoice's residual goes down as usual. Worked by
hand on FA-2025-0110 of domain.md §7.1: 2,400.00 TTC, moved to 416 on 24/04/2025 after the mise en
demeure of 15/04/2025 (8 days to pay)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger_builders import customer, invoice

from simulator.ledger.books import open_books
from simulator.ledger.followup import send_letter
from simulator.ledger.litigation import transfer_to_doubtful
from simulator.ledger.matching import match
from simulator.ledger.model import FollowupLevel
from simulator.ledger.payments import WRITE_OFF, Difference, cancel_payment, register_payment
from simulator.ledger.views import books_view, customer_ledger

LEVELS = (FollowupLevel(4, 60, "Mise en demeure", ("registered_letter",)),)
ROUX = invoice("FA-2025-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14))  # 2,400.00 TTC
# a second invoice of Roux SAS that stays on 411: 1,000.00 HT = 1,200.00 TTC, due 30/05/2025
OTHER = invoice("FA-2025-0180", "ROU", date(2025, 4, 30), "1000.00", date(2025, 5, 30))
D = Decimal


def transferred(*documents):
    """Roux SAS on 30/04/2025 with FA-2025-0110 moved to 416 on 24/04/2025."""
    books = open_books(date(2025, 4, 30), [customer("ROU", "Roux SAS")], [ROUX, *documents], levels=LEVELS)
    books, problems = send_letter(books, customer="ROU", level=4, on=date(2025, 4, 15))
    assert problems == []
    books, problems = transfer_to_doubtful(
        books, customer="ROU", on=date(2025, 4, 24), invoices=["FA-2025-0110"]
    )
    assert problems == []
    return books


def receive(books, amount: str, documents=("FA-2025-0110",), **kwargs):
    return register_payment(
        books,
        customer="ROU",
        journal="BNK",
        on=date(2025, 4, 30),
        amount=D(amount),
        documents=list(documents),
        **kwargs,
    )


def test_a_partial_receipt_after_the_transfer_is_credited_to_416_and_leaves_the_rest_there():
    books, problems = receive(transferred(), "1000.00")
    assert problems == []
    entry = books.entries[-1]
    assert entry.journal == "BNK"
    assert {(ln.account, ln.debit, ln.credit) for ln in entry.lines} == {
        ("512", D("1000.00"), D("0")),
        ("416", D("0"), D("1000.00")),
    }
    assert books.account_balance("512") == D("1000.00")
    assert books.account_balance("416") == D("1400.00")  # 2,400.00 transferred - 1,000.00 received
    assert books.account_balance("411ROU") == D("0.00")  # the OD settled 411; the receipt does not touch it
    assert books.residual("FA-2025-0110") == D("1400.00")
    view = books_view(books)
    row = view.documents["FA-2025-0110"]
    assert row.residual == D("1400.00") and row.payment_state == "Partiellement réglé" and row.doubtful
    roux = view.customers["ROU"]
    assert roux.balance == D("0.00") and roux.amount_due == D("0.00")
    assert roux.open_items == ()  # the receipt is no credit waiting on 411
    assert [(i.key, i.residual) for i in roux.doubtful_items] == [("FA-2025-0110", D("1400.00"))]
    assert roux.doubtful_total == D("1400.00")
    payment = view.payments["P1"]
    assert (
        payment.doubtful
        and payment.residual == D("0")
        and payment.matched == (("FA-2025-0110", D("1000.00")),)
    )
    ledger = customer_ledger(books, "ROU")
    assert [r.journal for r in ledger] == ["VT", "OD"] and ledger[-1].balance == D("0.00")


def test_the_rest_received_later_settles_the_invoice_and_empties_416():
    books, _ = receive(transferred(), "1000.00")
    books, problems = receive(books, "1400.00")
    assert problems == []
    assert books.account_balance("416") == D("0.00") and books.account_balance("411ROU") == D("0.00")
    assert books.account_balance("512") == D("2400.00")
    row = books_view(books).documents["FA-2025-0110"]
    # settled, by receipts the bank statement has not shown yet (no reconciliation): « En paiement »
    assert row.residual == D("0") and row.payment_state == "En paiement" and not row.doubtful
    assert books_view(books).customers["ROU"].doubtful_items == ()


def test_cancelling_the_receipt_puts_the_amount_back_on_416():
    books, _ = receive(transferred(), "1000.00")
    books, problems = cancel_payment(books, payment="P1")
    assert problems == []
    assert books.account_balance("416") == D("2400.00") and books.account_balance("512") == D("0.00")
    row = books_view(books).documents["FA-2025-0110"]
    assert row.residual == D("2400.00") and row.payment_state == "Client douteux (416)"


def test_one_receipt_for_an_invoice_on_416_and_one_on_411_is_refused_with_why():
    books = transferred(OTHER)
    after, problems = receive(books, "3600.00", documents=("FA-2025-0110", "FA-2025-0180"))
    assert after is books
    assert [(p.code, p.field) for p in problems] == [("doubtful_mixed", "documents")]
    message = problems[0].message
    assert "FA-2025-0110" in message and "FA-2025-0180" in message and "deux règlements" in message
    # recorded as two receipts, each goes to its own account
    books, problems = receive(books, "2400.00", documents=("FA-2025-0110",))
    assert problems == []
    books, problems = receive(books, "1200.00", documents=("FA-2025-0180",))
    assert problems == []
    assert books.account_balance("416") == D("0.00") and books.account_balance("411ROU") == D("0.00")


def test_no_write_off_and_no_excess_on_a_receipt_for_416():
    books = transferred()
    loss = Difference(WRITE_OFF, "658", "Écart")
    assert [(p.code, p.field) for p in receive(books, "2390.00", difference=loss)[1]] == [
        ("doubtful_write_off", "difference")
    ]
    _, problems = receive(books, "2500.00")
    assert [(p.code, p.field) for p in problems] == [("doubtful_overpaid", "amount")]
    assert "2\u202f400,00\u00a0€" in problems[0].message
    # an allocation caps what the receipt may be: 1,000.00 allocated, 1,200.00 received is too much
    _, problems = receive(books, "1200.00", allocations={"FA-2025-0110": D("1000.00")})
    assert [p.code for p in problems] == ["doubtful_overpaid"]


def test_a_411_credit_cannot_be_matched_with_an_invoice_on_416():
    books, problems = receive(transferred(), "300.00", documents=())  # on account: a credit on 411
    assert problems == [] and books.entries[-1].lines[-1].account == "411ROU"
    after, problems = match(books, "ROU", ["FA-2025-0110", "P1"])
    assert after is books and [p.code for p in problems] == ["items_mix_doubtful"]
    assert "416" in problems[0].message and "411" in problems[0].message
