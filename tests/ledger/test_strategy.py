"""The follow-up strategy (ledger/strategy.py): levels added, edited and removed as logged actions, kept in
order of days and numbered by it; the refusals a student meets; the levels it then drives; the warning on
sales (« Attention dépassement de la date d'échéance du paiement de N jours »)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from ledger_builders import customer, invoice

from simulator.ledger.books import open_books
from simulator.ledger.followup import DUE_LEVEL, contact_reason, followup_level, send_email
from simulator.ledger.model import FollowupLevel
from simulator.ledger.strategy import (
    add_level,
    remove_level,
    sales_warning_days,
    update_level,
    warns_on_sales,
)

TODAY = date(2026, 11, 16)
DEFAULT = FollowupLevel(1, 15, "Premier rappel", ("email",))


def _books(levels=(DEFAULT,), overdue_days=(8,)):
    customers = [customer(f"C{i}") for i in range(len(overdue_days))]
    docs = [
        invoice(f"FAC-{i}", f"C{i}", TODAY - timedelta(days=30 + d), "1000.00", TODAY - timedelta(days=d))
        for i, d in enumerate(overdue_days)
    ]
    return open_books(TODAY, customers, docs, levels=levels)


def _ok(result):
    books, problems = result
    assert problems == [], [p.message for p in problems]
    return books


def _refused(result, field):
    books, problems = result
    assert [p.field for p in problems] == [field], [p.message for p in problems]
    return problems[0].message


def _mint(books):
    books = _ok(remove_level(books, level=1))
    books = _ok(add_level(books, name="Retard 2", days=10, actions=["email", "letter"], marker="R2"))
    books = _ok(add_level(books, name="Retard 1", days=5, actions=["email"], marker="R1"))
    return _ok(
        add_level(books, name="Retard 3", days=20, actions=["email", "letter", "sales_warning"], marker="R3")
    )


def test_levels_are_numbered_by_their_days_whatever_the_order_they_are_added_in():
    books = _mint(_books())
    assert [(lvl.level, lvl.name, lvl.days, lvl.marker) for lvl in books.levels] == [
        (1, "Retard 1", 5, "R1"),
        (2, "Retard 2", 10, "R2"),
        (3, "Retard 3", 20, "R3"),
    ]


def test_a_level_added_before_the_default_one_pushes_it_to_number_two():
    books = _ok(add_level(_books(), name="Rappel courtois", days=5, actions=["email"]))
    assert [(lvl.level, lvl.name) for lvl in books.levels] == [(1, "Rappel courtois"), (2, "Premier rappel")]


def test_removing_a_level_renumbers_the_next_ones():
    books = _ok(remove_level(_mint(_books()), level=1))
    assert [(lvl.level, lvl.name) for lvl in books.levels] == [(1, "Retard 2"), (2, "Retard 3")]


def test_an_edit_keeps_the_number_and_replaces_every_field():
    books = _ok(
        update_level(
            _books(),
            level=1,
            name=" Retard 1 ",
            days=5,
            actions=["letter", "email"],
            marker="R1",
            template="%(partner_name)s",
        )
    )
    assert books.levels == (FollowupLevel(1, 5, "Retard 1", ("email", "letter"), "R1", "%(partner_name)s"),)


def test_an_edit_that_would_overtake_a_neighbour_is_refused_and_says_between_which_days():
    books = _mint(_books())
    message = _refused(update_level(books, level=2, name="Retard 2", days=25, actions=["email"]), "days")
    assert "niveau 2" in message and "niveau 1 (5 jours)" in message and "niveau 3 (20 jours)" in message
    message = _refused(update_level(books, level=1, name="Retard 1", days=12, actions=["email"]), "days")
    assert "avant le niveau 2 (10 jours)" in message
    message = _refused(update_level(books, level=3, name="Retard 3", days=9, actions=["email"]), "days")
    assert "après le niveau 2 (10 jours)" in message


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"name": "  "}, "name", "nom du niveau est obligatoire"),
        ({"name": "premier  RAPPEL"}, "name", "s'appelle déjà « premier  RAPPEL »"),
        ({"days": 15}, "days", "déjà atteint à 15 jours"),
        ({"days": 0}, "days", "entre 1 et 3650"),
        ({"days": 3651}, "days", "entre 1 et 3650"),
        ({"actions": []}, "actions", "Cochez au moins une action"),
        ({"actions": ["fax"]}, "actions", "« fax »"),
    ],
)
def test_a_bad_new_level_is_refused_with_a_french_reason_next_to_its_field(fields, field, words):
    books = _books()
    level = {"name": "Retard 1", "days": 5, "actions": ["email"], **fields}
    message = _refused(add_level(books, **level), field)
    assert words in message


def test_two_levels_cannot_share_a_marker():
    books = _mint(_books())
    message = _refused(add_level(books, name="Retard 4", days=40, actions=["letter"], marker="r1"), "marker")
    assert message == "Le marqueur « r1 » est déjà celui du niveau 1."


def test_editing_or_removing_an_unknown_level_is_refused():
    books = _books()
    assert _refused(remove_level(books, level=4), "level") == "Le niveau de relance 4 n'existe pas."
    _refused(update_level(books, level=2, name="X", days=30, actions=["email"]), "level")


def _reminded(books, customer="C0"):
    books = _ok(send_email(books, customer=customer, to="compta@c0.fr", subject="Relance", body="Bonjour"))
    assert contact_reason(books, customer) == ""  # reminded at the level reached: nobody to contact
    return books


def test_a_reminder_keeps_its_level_when_a_level_is_added_before_it():
    """C0 is 20 days late, reminded at « Premier rappel » (J+15, level 1). A « Rappel courtois » at J+5
    becomes level 1 and pushes « Premier rappel » to 2: the reminder moves with it, so C0 is still not to
    contact, and its history still names « Premier rappel »."""
    books = _reminded(_books(overdue_days=(20,)))
    books = _ok(add_level(books, name="Rappel courtois", days=5, actions=["email"]))
    assert followup_level(books, "C0") == 2
    assert [e.level for e in books.followup] == [2]
    assert contact_reason(books, "C0") == ""


def test_a_reminder_at_a_removed_level_counts_for_the_level_below():
    """Levels J+5, J+15; C0 (20 days late) reminded at J+15 (level 2). Removing J+15 leaves J+5 as the
    level reached: the reminder counts for it (level 1), and C0 is not listed again."""
    books = _ok(add_level(_books(overdue_days=(20,)), name="Rappel courtois", days=5, actions=["email"]))
    books = _reminded(books)
    assert [e.level for e in books.followup] == [2]
    books = _ok(remove_level(books, level=2))
    assert [e.level for e in books.followup] == [1]
    assert contact_reason(books, "C0") == ""


def test_a_new_level_after_the_reminded_one_is_a_new_level_to_treat():
    """Reminded at J+15; a level added at J+18 is reached (20 days late) and not yet treated."""
    books = _reminded(_books(overdue_days=(20,)))
    books = _ok(add_level(books, name="Deuxième rappel", days=18, actions=["email"]))
    assert [e.level for e in books.followup] == [1]
    assert contact_reason(books, "C0") == DUE_LEVEL


def test_the_strategy_drives_the_level_a_customer_is_at():
    books = _books(overdue_days=(8, 25))
    assert [followup_level(books, c) for c in ("C0", "C1")] == [0, 1]  # only J+15 exists
    books = _mint(books)
    assert [followup_level(books, c) for c in ("C0", "C1")] == [1, 3]  # J+8 ≥ R1 (5); J+25 ≥ R3 (20)


def test_sales_warning_on_the_level_that_carries_it():
    books = _mint(_books(overdue_days=(8, 12, 25)))
    assert [sales_warning_days(books, c) for c in ("C0", "C1", "C2")] == [0, 0, 25]
    # the warning ticked on R2 only: R3 no longer warns, R2 does
    books = _ok(update_level(books, level=2, name="Retard 2", days=10, actions=["email", "sales_warning"]))
    books = _ok(update_level(books, level=3, name="Retard 3", days=20, actions=["email", "letter"]))
    assert [sales_warning_days(books, c) for c in ("C0", "C1", "C2")] == [0, 12, 0]


def test_without_any_sales_warning_action_the_last_level_warns_as_before():
    levels = (FollowupLevel(1, 15, "A", ("email",)), FollowupLevel(2, 30, "B", ("letter",)))
    assert [warns_on_sales(levels, n) for n in (0, 1, 2)] == [False, False, True]
    books = _books(levels=levels, overdue_days=(20, 45))
    assert [sales_warning_days(books, c) for c in ("C0", "C1", "nobody")] == [0, 45, 0]
