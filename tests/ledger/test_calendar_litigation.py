"""The moving calendar, the transfer to 416 and the penalties billed (domain.md §7.1–7.2, issue 12 §5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from ledger_builders import customer, invoice

from simulator.ledger.books import open_books
from simulator.ledger.calendar import advance_days
from simulator.ledger.followup import contact_reason, followup_level, send_letter
from simulator.ledger.litigation import bill_late_fees, late_fee_preview, transfer_to_doubtful
from simulator.ledger.model import FollowupEvent, FollowupLevel, StatementLine
from simulator.ledger.payments import register_payment
from simulator.ledger.views import books_view, customer_ledger

LEVELS = (
    FollowupLevel(1, 15, "Niveau 1", ("email",)),
    FollowupLevel(2, 30, "Niveau 2", ("phone",)),
    FollowupLevel(3, 45, "Niveau 3", ("letter",)),
    FollowupLevel(4, 60, "Mise en demeure", ("registered_letter",)),
)
# domain.md §7.1: FA-2025-0110, Roux SAS, 2,000.00 HT = 2,400.00 TTC, dated 15/01/2025, due 14/02/2025
ROUX = invoice("FA-2025-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14))
LINE = StatementLine("L1", date(2025, 3, 31), "VIR ROUX SAS FA-2025-0110", Decimal("2400.00"))


def books_on(today: date, lines=()):
    return open_books(today, [customer("ROU", "Roux SAS")], [ROUX], statement_lines=lines, levels=LEVELS)


def test_advancing_moves_today_and_shows_the_bank_lines_of_the_new_day_only():
    books = books_on(date(2025, 3, 29))
    moved, problems = advance_days(books, days=1, last_day=date(2025, 4, 30), lines=[LINE])
    assert problems == [] and moved.today == date(2025, 3, 30)
    assert "L1" not in moved.statement_lines  # dated 31/03: not shown yet
    moved, _ = advance_days(moved, days=1, last_day=date(2025, 4, 30), lines=[LINE])
    assert moved.today == date(2025, 3, 31) and "L1" in moved.statement_lines
    assert books.today == date(2025, 3, 29)  # books are values


def test_advancing_is_bounded_by_the_step_and_the_last_day_and_refused_when_the_calendar_is_fixed():
    books = books_on(date(2025, 3, 29))
    assert [p.code for p in advance_days(books, days=0, last_day=date(2025, 4, 30))[1]] == [
        "days_out_of_range"
    ]
    assert [p.code for p in advance_days(books, days=32, last_day=date(2025, 6, 30))[1]] == [
        "days_out_of_range"
    ]
    refused = advance_days(books, days=3, last_day=date(2025, 3, 31))[1]
    assert [p.code for p in refused] == ["beyond_last_day"]
    assert "31/03/2025" in refused[0].message and "2 jour" in refused[0].message
    assert [p.code for p in advance_days(books, days=1, last_day=None)[1]] == ["calendar_fixed"]


def test_a_receipt_cannot_be_recorded_before_its_bank_line_appears():
    books = books_on(date(2025, 3, 30))
    kwargs = dict(customer="ROU", journal="BNK", on=date(2025, 3, 31), amount=Decimal("2400.00"))
    _, problems = register_payment(
        books, **kwargs, documents=["FA-2025-0110"], source_kind="statement_line", source="L1"
    )
    assert problems  # the line is not on the statement yet
    moved, _ = advance_days(books, days=1, last_day=date(2025, 4, 30), lines=[LINE])
    paid, problems = register_payment(
        moved, **kwargs, documents=["FA-2025-0110"], source_kind="statement_line", source="L1"
    )
    assert problems == [] and paid.residual("FA-2025-0110") == 0


def test_the_daily_run_raises_the_level_at_the_day_change_and_lists_the_customer():
    # J+30 = 16/03/2025 (domain.md §7.2): level 2 reached that day, not the day before
    books = books_on(date(2025, 3, 15))
    books = books.evolve(followup=(FollowupEvent("email", "ROU", date(2025, 3, 1), level=1),))
    assert followup_level(books, "ROU") == 1 and contact_reason(books, "ROU") == ""
    moved, _ = advance_days(books, days=1, last_day=date(2025, 4, 30))
    assert followup_level(moved, "ROU") == 2 and contact_reason(moved, "ROU") == "level"
    assert len(moved.followup) == 1  # the run lists; it sends nothing by itself


def _with_notice(sent: date, today: date):
    books = books_on(today)
    books, problems = send_letter(books, customer="ROU", level=4, on=sent)
    assert problems == []
    return books


def test_transfer_to_416_posts_the_open_ttc_only_after_the_notice_deadline():
    # mise en demeure (J+60) on 15/04/2025, 8 days to pay: deadline 23/04, transfer from 24/04
    books = _with_notice(date(2025, 4, 15), date(2025, 4, 30))
    early, problems = transfer_to_doubtful(books, customer="ROU", on=date(2025, 4, 23))
    assert [p.code for p in problems] == ["notice_not_expired"] and "23/04/2025" in problems[0].message
    done, problems = transfer_to_doubtful(books, customer="ROU", on=date(2025, 4, 24))
    assert problems == []
    entry = done.entries[-1]
    assert entry.journal == "OD" and entry.date == date(2025, 4, 24)
    assert {(ln.account, ln.debit, ln.credit) for ln in entry.lines} == {
        ("416", Decimal("2400.00"), Decimal("0")),
        ("411ROU", Decimal("0"), Decimal("2400.00")),
    }
    assert done.account_balance("411ROU") == 0 and done.account_balance("416") == Decimal("2400.00")
    assert followup_level(done, "ROU") == 0 and contact_reason(done, "ROU") == ""  # out of the follow-up
    again = transfer_to_doubtful(done, customer="ROU", on=date(2025, 4, 25), invoices=["FA-2025-0110"])[1]
    assert [p.code for p in again] == ["already_doubtful"]


def test_no_transfer_without_a_mise_en_demeure():
    books = books_on(date(2025, 4, 30))
    assert [p.code for p in transfer_to_doubtful(books, customer="ROU", on=date(2025, 4, 30))[1]] == [
        "no_formal_notice"
    ]
    books, _ = send_letter(books, customer="ROU", level=3, on=date(2025, 3, 31))  # a letter, not the notice
    assert [p.code for p in transfer_to_doubtful(books, customer="ROU", on=date(2025, 4, 30))[1]] == [
        "no_formal_notice"
    ]


def test_late_fees_of_the_worked_example_2400_at_12_15_for_45_days_are_35_95_plus_40():
    books = books_on(date(2025, 3, 31), [LINE])
    books, _ = register_payment(
        books, customer="ROU", journal="BNK", on=date(2025, 3, 31), amount=Decimal("2400.00"),
        documents=["FA-2025-0110"], source_kind="statement_line", source="L1",
    )  # fmt: skip
    books = books.evolve(today=date(2025, 4, 10))
    # billed on 10/04 but paid on 31/03: the days stop at the payment date (45, not 55)
    fee, problems = late_fee_preview(
        books, invoice="FA-2025-0110", on=date(2025, 4, 10), rate=Decimal("12.15")
    )
    assert problems == [] and (fee.days, fee.penalty, fee.indemnity) == (
        45,
        Decimal("35.95"),
        Decimal("40.00"),
    )
    billed, problems = bill_late_fees(
        books, invoice="FA-2025-0110", on=date(2025, 4, 10), rate=Decimal("12.15")
    )
    assert problems == []
    entry = billed.entries[-1]
    assert entry.total_debit == Decimal("75.95")
    assert billed.account_balance("7631") == Decimal("-75.95") and billed.account_balance(
        "411ROU"
    ) == Decimal("75.95")
    assert [p.code for p in bill_late_fees(billed, invoice="FA-2025-0110", on=date(2025, 4, 10))[1]] == [
        "late_fees_already_billed"
    ]


def test_late_fees_of_an_unpaid_invoice_run_to_the_billing_date_at_the_legal_rate_without_indemnity():
    # unpaid on 31/03/2025: 45 days in H1 2025 at 3.15 + 10 = 13.15 %: 2400 × 13.15 % × 45 / 365 = 38.91
    books = books_on(date(2025, 3, 31))
    fee, problems = late_fee_preview(books, invoice="FA-2025-0110", on=date(2025, 3, 31), indemnity=False)
    assert problems == [] and (fee.days, fee.penalty, fee.indemnity) == (45, Decimal("38.91"), Decimal("0"))


@pytest.mark.parametrize(("rate", "shown"), [("1E+9", "1000000000"), ("0", "0"), ("150.5", "150,5")])
def test_an_impossible_penalty_rate_is_echoed_as_a_french_number(rate, shown):
    books = books_on(date(2025, 3, 31))
    _, problems = late_fee_preview(books, invoice="FA-2025-0110", on=date(2025, 3, 31), rate=Decimal(rate))
    assert [p.message for p in problems] == [
        f"« {shown} » n'est pas un taux annuel valable (par exemple 12,15)."
    ]


def test_no_penalties_before_the_due_date():
    books = books_on(date(2025, 2, 14))
    assert [p.code for p in late_fee_preview(books, invoice="FA-2025-0110", on=date(2025, 2, 14))[1]] == [
        "invoice_not_late"
    ]


def test_a_transferred_invoice_shows_as_doubtful_and_leaves_the_411_amount_due():
    # a second invoice of Roux SAS stays on 411: 1,000.00 HT = 1,200.00 TTC, due 30/04/2025
    other = invoice("FA-2025-0180", "ROU", date(2025, 3, 31), "1000.00", date(2025, 4, 30))
    books = open_books(date(2025, 4, 30), [customer("ROU", "Roux SAS")], [ROUX, other], levels=LEVELS)
    books, _ = send_letter(books, customer="ROU", level=4, on=date(2025, 4, 15))
    before = books_view(books)
    assert before.documents["FA-2025-0110"].payment_state == "Non payé"
    assert before.customers["ROU"].amount_due == Decimal("3600.00")
    done, problems = transfer_to_doubtful(
        books, customer="ROU", on=date(2025, 4, 24), invoices=["FA-2025-0110"]
    )
    assert problems == []
    view = books_view(done)
    row = view.documents["FA-2025-0110"]
    # still owed by the customer (the OD settles nothing) but on 416 now, with its OD number
    assert (
        row.payment_state == "Client douteux (416)"
        and row.doubtful
        and row.doubtful_entry == done.entries[-1].number
    )
    assert row.residual == Decimal("2400.00")
    assert (
        view.documents["FA-2025-0180"].payment_state == "Non payé"
        and not view.documents["FA-2025-0180"].doubtful
    )
    roux = view.customers["ROU"]
    # the 411 view follows the account: 411ROU is 1,200.00, the 2,400.00 are on 416
    assert roux.balance == Decimal("1200.00") == roux.amount_due
    assert roux.overdue_total == 0  # FA-2025-0180 is due on 30/04, today: not late yet
    assert [i.key for i in roux.open_items] == ["FA-2025-0180"]
    assert [(i.key, i.residual, i.doubtful_entry) for i in roux.doubtful_items] == [
        ("FA-2025-0110", Decimal("2400.00"), row.doubtful_entry)
    ]
    assert roux.doubtful_total == Decimal("2400.00")
    # the Livre des tiers shows the OD crediting 411 with the invoice's reference, balance back to 1,200.00
    od = [r for r in customer_ledger(done, "ROU") if r.journal == "OD"]
    assert [(r.item, r.debit, r.credit) for r in od] == [("FA-2025-0110", Decimal("0"), Decimal("2400.00"))]
    assert customer_ledger(done, "ROU")[-1].balance == Decimal("1200.00")
