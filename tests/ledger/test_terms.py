"""The rules counted from a due date or from today, each written once in ledger.terms."""

from datetime import date

from simulator.ledger.terms import days_late, days_past_due, is_overdue, next_action_window, within_window

DUE = date(2025, 3, 31)


def test_days_past_due_is_signed_and_zero_without_a_due_date():
    assert days_past_due(DUE, date(2025, 4, 30)) == 30
    assert days_past_due(DUE, DUE) == 0
    assert days_past_due(DUE, date(2025, 3, 21)) == -10
    assert days_past_due(None, date(2025, 4, 30)) == 0


def test_days_late_never_negative():
    assert days_late(DUE, date(2025, 4, 1)) == 1
    assert days_late(DUE, date(2025, 3, 1)) == 0
    assert days_late(None, date(2025, 4, 1)) == 0


def test_an_invoice_due_today_is_not_yet_overdue():
    assert not is_overdue(DUE, DUE)
    assert is_overdue(DUE, date(2025, 4, 1))
    assert not is_overdue(None, date(2025, 4, 1))


def test_next_action_window_runs_from_tomorrow_to_the_last_day_included():
    today = date(2025, 4, 10)
    window = next_action_window(today, 7)
    assert window == (date(2025, 4, 11), date(2025, 4, 17))
    assert within_window(today, window) == date(2025, 4, 11)
    assert within_window(date(2025, 4, 30), window) == date(2025, 4, 17)
    assert within_window(date(2025, 4, 14), window) == date(2025, 4, 14)
