"""Customer and bank statements computed by the ledger (simulator.ledger.statements), on hand-built books."""

from datetime import date
from decimal import Decimal

from document_helpers import ledger_builders as lb

from simulator.ledger.books import open_books
from simulator.ledger.model import StatementLine
from simulator.ledger.payments import register_payment
from simulator.ledger.statements import bank_statement, customer_statement

D = Decimal


def _roux_books():
    # Roux: FA-0110 2,400.00 TTC due 14/02/2025; FA-0120 1,200.00 TTC due 15/04/2025; paid 1,000.00 on FA-0110
    docs = [
        lb.invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14)),
        lb.invoice("FA-0120", "ROU", date(2025, 3, 16), "1000.00", date(2025, 4, 15)),
    ]
    books = open_books(date(2025, 3, 30), [lb.customer("ROU", "Roux SAS")], docs)
    books, problems = register_payment(
        books, customer="ROU", journal="BNK", on=date(2025, 3, 1), amount=D("1000.00"), documents=["FA-0110"]
    )
    assert problems == []
    return books


def test_customer_statement_lists_open_items_with_days_overdue_and_totals():
    statement = customer_statement(_roux_books(), "ROU")
    assert [i.key for i in statement.items] == ["FA-0110", "FA-0120"]
    fa110, fa120 = statement.items
    assert fa110.residual == D("1400.00") and fa110.days_overdue == 44  # 14/02 -> 30/03
    assert fa110.letter.islower()  # partially matched
    assert fa120.residual == D("1200.00") and fa120.days_overdue == 0 and not fa120.overdue
    assert statement.total_due == D("2600.00")
    assert statement.total_overdue == D("1400.00")


def test_excluded_items_are_listed_apart_and_out_of_the_totals():
    statement = customer_statement(_roux_books(), "ROU", excluded={"FA-0110"})
    assert [i.key for i in statement.items] == ["FA-0120"]
    assert [i.key for i in statement.excluded] == ["FA-0110"]
    assert statement.total_due == D("1200.00") and statement.total_overdue == D("0.00")
    assert statement.total_excluded == D("1400.00")


def test_bank_statement_balances_and_period():
    lines = [
        StatementLine("L2", date(2025, 3, 25), "VIR SEPA BERNARD", D("1440.00")),
        StatementLine("L1", date(2025, 3, 10), "FRAIS TENUE DE COMPTE", D("-13.00")),
        StatementLine("L3", date(2025, 4, 2), "VIR plus tard", D("50.00")),
    ]
    books = open_books(date(2025, 3, 30), [], [], statement_lines=lines)
    statement = bank_statement(books, opening=D("500.00"))
    assert [r.id for r in statement.rows] == ["L1", "L2"]  # in date order, nothing after today
    assert statement.start == date(2025, 3, 1) and statement.end == date(2025, 3, 30)
    assert statement.total_debit == D("13.00") and statement.total_credit == D("1440.00")
    assert statement.closing == D("1927.00")  # 500.00 - 13.00 + 1,440.00
