"""Follow-up in depth, in the core: an invoice in dispute excluded from follow-up (no level, no letter,
apart on the statement), the payment date a customer announced, the statement sent, the customers to
contact today (domain.md §7.2: the level follows the most overdue invoice; a next action due), and the
warning at the last level. Worked on domain.md §7's Roux example: FA-2025-0110, 2 400,00 TTC due 14/02/2025."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ledger_builders import customer, invoice

from simulator.ledger import followup
from simulator.ledger.books import open_books
from simulator.ledger.model import FollowupEvent
from simulator.ledger.statements import customer_statement
from simulator.ledger.views import books_view
from simulator.packs.spec.schema import DEFAULT_FOLLOWUP_LEVELS

ROUX = customer("ROU", "Roux SAS")
TODAY = date(2025, 3, 31)  # FA-0110 45 days late: level 3 (lettre)


def books(today: date = TODAY):
    docs = [
        invoice("FA-2025-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14)),  # 45 days late
        invoice("FA-2025-0120", "ROU", date(2025, 2, 10), "500.00", date(2025, 3, 12)),  # 19 days late
    ]
    return open_books(today, [ROUX], docs, levels=DEFAULT_FOLLOWUP_LEVELS)


def codes(problems):
    return [(p.code, p.field) for p in problems]


def test_an_excluded_invoice_no_longer_sets_the_level_nor_goes_in_a_letter():
    b = books()
    assert followup.followup_level(b, "ROU") == 3
    b, problems = followup.exclude_from_followup(b, document="FA-2025-0110", reason="Marchandise endommagée")
    assert problems == []
    assert followup.followup_level(b, "ROU") == 1  # FA-0120, 19 days: level 1 (J+15)
    assert followup.overdue_invoices(b, "ROU") == ["FA-2025-0120"]
    row = books_view(b).customers["ROU"]
    assert row.disputed_total == D("2400.00") and row.oldest_days_overdue == 19
    doc = books_view(b).documents["FA-2025-0110"]
    assert doc.excluded and doc.exclusion_reason == "Marchandise endommagée"
    b, _ = followup.send_letter(b, customer="ROU", level=1, on=TODAY)
    assert b.followup[-1].documents == ("FA-2025-0120",)
    back, problems = followup.include_in_followup(b, document="FA-2025-0110")
    assert problems == [] and followup.followup_level(back, "ROU") == 3


def test_exclusion_refusals_are_french_problems_and_change_nothing():
    b = books()
    for kwargs, expected in [
        ({"document": "FA-9999", "reason": "x"}, [("unknown_invoice", "document")]),
        ({"document": "FA-2025-0110", "reason": "  "}, [("exclusion_reason_required", "reason")]),
    ]:
        after, problems = followup.exclude_from_followup(b, **kwargs)
        assert codes(problems) == expected and after is b
    b, _ = followup.exclude_from_followup(b, document="FA-2025-0110", reason="Litige")
    again, problems = followup.exclude_from_followup(b, document="FA-2025-0110", reason="Litige")
    assert codes(problems) == [("already_excluded", "document")] and again is b
    assert "déjà exclue des relances" in problems[0].message
    _, problems = followup.include_in_followup(books(), document="FA-2025-0120")
    assert codes(problems) == [("not_excluded", "document")]


def test_the_announced_payment_date_is_kept_on_the_invoice_and_never_in_the_past():
    b = books()
    b, problems = followup.set_expected_payment_date(b, document="FA-2025-0120", on=date(2025, 4, 10))
    assert problems == [] and books_view(b).documents["FA-2025-0120"].expected_payment == date(2025, 4, 10)
    _, problems = followup.set_expected_payment_date(b, document="FA-2025-0120", on=date(2025, 3, 30))
    assert codes(problems) == [("expected_date_in_past", "date")]


def test_the_statement_sent_shows_the_dispute_apart_out_of_the_totals():
    b, _ = followup.exclude_from_followup(books(), document="FA-2025-0110", reason="Litige")
    b, problems = followup.send_statement(b, customer="ROU", on=TODAY)
    assert problems == [] and b.followup[-1] == FollowupEvent("statement", "ROU", TODAY, ("FA-2025-0110",))
    statement = customer_statement(b, "ROU", excluded=b.followup[-1].documents)
    assert statement.total_due == D("600.00") and statement.total_excluded == D("2400.00")
    _, problems = followup.send_statement(b, customer="ROU", on=date(2025, 4, 1))
    assert codes(problems) == [("date_in_future", "date")]


def test_the_customers_to_contact_today():
    b = books()
    assert followup.contact_reason(b, "ROU") == "level"  # level 3 reached, never reminded
    b, _ = followup.send_letter(b, customer="ROU", level=3, on=TODAY)
    b, _ = followup.set_next_action(b, customer="ROU", on=date(2025, 4, 7))
    assert followup.contact_reason(b, "ROU") == ""  # level answered, next action ahead
    assert books_view(b).to_contact_today == ()
    later = b.evolve(today=date(2025, 4, 7))  # the next action's day, still level 3 (FA-0110 52 days)
    assert followup.contact_reason(later, "ROU") == "next_action"
    level_4 = b.evolve(today=date(2025, 4, 15))  # FA-0110 60 days late: level 4 reached
    assert followup.contact_reason(level_4, "ROU") == "level"


def test_a_customer_with_nothing_overdue_is_nobody_to_contact_whatever_was_planned():
    b = books(today=date(2025, 2, 10))  # nothing due yet
    b, _ = followup.set_next_action(b, customer="ROU", on=date(2025, 2, 10))
    assert followup.contact_reason(b, "ROU") == ""


def test_the_warning_at_the_last_level_gives_the_days_overdue():
    assert books_view(books()).customers["ROU"].warning_days == 0  # level 3 of 4
    late = books(today=date(2025, 4, 20))  # 65 days: mise en demeure (level 4, the last)
    row = books_view(late).customers["ROU"]
    assert row.level == 4 and row.warning_days == 65
