"""Edge cases of the procedure that domain.md's worked examples do not cover.

Expected amounts are worked out by hand in each test (HT × rate, half-up to the cent), never taken from the
code's own helpers.
"""

from __future__ import annotations

import string
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from ledger_builders import credit_note, customer, endorsed, invoice

from simulator.ledger.bank import reconcile_statement_line
from simulator.ledger.books import open_books
from simulator.ledger.cheques import deposit_cheques
from simulator.ledger.followup import followup_level, log_call, overdue_invoices, send_email, set_next_action
from simulator.ledger.matching import match, unmatch
from simulator.ledger.model import Cheque, FollowupLevel, SlipLine, StatementLine
from simulator.ledger.payments import Difference, issue_credit_note, register_payment
from simulator.ledger.reports import aged_balance, aged_totals, customer_ledger, trial_balance
from simulator.ledger.views import books_view

#: domain.md §7.2: J+15, J+30, J+45, J+60.
LEVELS = (
    FollowupLevel(1, 15, "Relance amiable", ("phone", "email")),
    FollowupLevel(2, 30, "Relance ferme", ("email", "phone")),
    FollowupLevel(3, 45, "Dernière relance amiable", ("letter",)),
    FollowupLevel(4, 60, "Mise en demeure", ("registered_letter",)),
)


def ok(result):
    books, problems = result
    assert problems == [], [p.message for p in problems]
    return books


def refused(books, result, *codes):
    """The operation was refused with exactly these problem codes, and the books are the same object."""
    new, problems = result
    assert [p.code for p in problems] == list(codes), [p.message for p in problems]
    assert all(p.message and p.message != p.code for p in problems), "every problem has a French message"
    assert new is books
    return problems


def pay(books, cust, amount, documents, on=date(2025, 3, 20), **kwargs):
    return register_payment(
        books,
        customer=cust,
        journal=kwargs.pop("journal", "BNK"),
        on=on,
        amount=D(amount),
        documents=documents,
        **kwargs,
    )


def two_customers(today=date(2025, 3, 31)):
    """Bernard: FA-1 1 200.00 HT → 1 440.00 TTC. Martin: FA-2 600.00 HT → 720.00 TTC."""
    docs = [
        invoice("FA-1", "BER", date(2025, 3, 3), "1200.00", date(2025, 4, 2)),
        invoice("FA-2", "MAR", date(2025, 3, 4), "600.00", date(2025, 4, 3)),
    ]
    return open_books(
        today, [customer("BER", "Bernard SAS"), customer("MAR", "Café Martin")], docs, levels=LEVELS
    )


# -- payments ---------------------------------------------------------------------------------------------
def test_payment_on_another_customers_invoice_is_refused_and_changes_nothing():
    books = two_customers()
    problems = refused(books, pay(books, "BER", "720.00", ["FA-2"]), "document_other_customer")
    assert "FA-2" in problems[0].message and "Bernard SAS" in problems[0].message
    assert books.residual("FA-2") == D("720.00") and books.payments == {}


def test_payment_naming_an_unknown_document_is_refused():
    books = two_customers()
    refused(books, pay(books, "BER", "1440.00", ["FA-1", "FA-9"]), "unknown_document")


@pytest.mark.parametrize(
    ("amount", "on", "code"),
    [
        ("0.00", date(2025, 3, 20), "amount_zero"),
        ("-10.00", date(2025, 3, 20), "amount_zero"),
        ("1440.00", date(2025, 4, 1), "date_in_future"),  # today is 31/03/2025
    ],
)
def test_zero_amount_or_future_dated_payment_is_refused(amount, on, code):
    books = two_customers()
    refused(books, pay(books, "BER", amount, ["FA-1"], on=on), code)


def test_dates_in_refusals_are_written_the_french_way():
    """A student reads « 01/04/2025 », never the ISO form the action carries, whatever the refusal."""
    books = two_customers()
    _, problems = pay(books, "BER", "1440.00", ["FA-1"], on=date(2025, 4, 1))
    assert [p.message for p in problems] == [
        "La date du 01/04/2025 est postérieure à la date du jour de l'exercice."
    ]
    _, problems = log_call(books, customer="BER", on=date(2025, 4, 1), note="Appel")
    assert "01/04/2025" in problems[0].message and "2025-04-01" not in problems[0].message


def test_payment_in_the_sales_journal_is_refused():
    books = two_customers()
    refused(books, pay(books, "BER", "1440.00", ["FA-1"], journal="VT"), "receipt_journal")


def test_payment_on_a_settled_invoice_is_refused():
    books = ok(pay(two_customers(), "BER", "1440.00", ["FA-1"]))
    refused(books, pay(books, "BER", "1440.00", ["FA-1"]), "document_already_settled")


@pytest.mark.parametrize("account", ["411BER", "411", "512", "5112", "44571", "416", "999", ""])
def test_write_off_to_411_or_512_is_refused(account):
    books = two_customers()
    refused(
        books,
        pay(books, "BER", "1439.60", ["FA-1"], difference=Difference("write_off", account, "Écart")),
        "write_off_account",
    )


def test_overpayment_kept_open_leaves_an_unused_credit():
    books = ok(pay(two_customers(), "BER", "1500.00", ["FA-1"], difference=Difference("keep_open")))
    # 1 500.00 received for 1 440.00 due: 60.00 stays on the payment as a credit to the customer.
    assert books.residual("FA-1") == D("0.00")
    assert books.residual("P1") == D("60.00")
    assert books_view(books).customers["BER"].balance == D("-60.00")
    assert books.letters()["FA-1"] == books.letters()["P1"] == "a"  # the group does not net to zero
    assert [(r.item, r.bucket, r.amount) for r in aged_balance(books) if r.customer == "BER"] == [
        ("P1", "not_due", D("-60.00"))
    ]


def test_short_payment_kept_open_leaves_the_invoice_partial():
    books = ok(pay(two_customers(), "BER", "1000.00", ["FA-1"], difference=Difference("keep_open")))
    assert books.residual("FA-1") == D("440.00")
    assert books.residual("P1") == D("0.00")
    assert books.letters()["FA-1"] == "a"


def test_explicit_allocations_above_residual_are_refused():
    books = two_customers()
    refused(
        books,
        pay(books, "BER", "1440.01", ["FA-1"], allocations={"FA-1": D("1440.01")}),
        "allocation_exceeds_residual",
    )


def test_explicit_allocation_on_a_document_not_paid_is_refused():
    books = two_customers()
    refused(
        books,
        pay(books, "BER", "100.00", ["FA-1"], allocations={"FA-2": D("100.00")}),
        "allocation_not_in_documents",
    )


def test_explicit_allocation_caps_what_the_invoice_receives():
    books = ok(pay(two_customers(), "BER", "1440.00", ["FA-1"], allocations={"FA-1": D("400.00")}))
    assert books.residual("FA-1") == D("1040.00")
    assert books.residual("P1") == D("1040.00")  # the rest of the payment stays unused
    assert books_view(books).customers["BER"].balance == D("0.00")


def test_write_off_with_vat_splits_a_shortfall_into_ht_and_vat():
    # Invoice 1 440.00, 1 428.00 received, 12.00 written off as a discount with VAT:
    # 12.00 / 1.20 = 10.00 HT on 665 and 2.00 on 44571.
    books = ok(
        pay(
            two_customers(),
            "BER",
            "1428.00",
            ["FA-1"],
            difference=Difference("write_off", "665", "Escompte", D("20")),
        )
    )
    lines = sorted((ln.account, ln.debit, ln.credit) for ln in books.entries[-1].lines)
    assert lines == [
        ("411BER", D("0"), D("1440.00")),
        ("44571", D("2.00"), D("0")),
        ("512", D("1428.00"), D("0")),
        ("665", D("10.00"), D("0")),
    ]


def test_write_off_when_credit_notes_cover_the_invoices_is_refused():
    """Regression (fixed in ce4c9e1): the 'gap' was written off although the credit note covered the invoice,
    and the receipt debited 411 (settled -480.00, 758 credited 490.00)."""
    docs = [
        invoice("FA-1", "BER", date(2025, 3, 3), "1200.00", date(2025, 4, 2)),
        invoice("FA-2", "BER", date(2025, 3, 4), "600.00", date(2025, 4, 3)),
        credit_note("AV-1", "BER", date(2025, 3, 5), "1000.00", "FA-1"),
    ]
    books = open_books(date(2025, 3, 31), [customer("BER")], docs)
    # FA-2 720.00 - AV-1 1 200.00 = -480.00: nothing is due, so there is no gap to write off.
    refused(
        books,
        pay(books, "BER", "10.00", ["FA-2", "AV-1"], difference=Difference("write_off", "758", "Écart")),
        "nothing_due_to_write_off",
    )
    # Kept open, the receipt is an unused credit that credits 411.
    books = ok(pay(books, "BER", "10.00", ["FA-2", "AV-1"]))
    assert [(ln.account, ln.credit) for ln in books.entries[-1].lines if ln.account == "411BER"] == [
        ("411BER", D("10.00"))
    ]
    assert books_view(books).customers["BER"].balance == D("1440.00") + D("720.00") - D("1200.00") - D(
        "10.00"
    )


def test_payment_id_equal_to_a_document_number_is_refused():
    """Regression (fixed in ce4c9e1): payment_id="FA-1" was accepted and the payment replaced invoice FA-1
    among the matchable items."""
    books = two_customers()
    refused(books, pay(books, "BER", "100.00", [], payment_id="FA-1"), "duplicate_payment_id")


def test_automatic_payment_id_skips_numbers_used_by_documents():
    """Regression (fixed in ce4c9e1): after a credit note numbered P1, the next payment also got id P1."""
    books = ok(
        issue_credit_note(
            two_customers(),
            invoice="FA-1",
            on=date(2025, 3, 10),
            amount_ht=D("100.00"),
            vat_rate=D("20"),
            reason="Geste commercial",
            number="P1",
        )
    )
    books = ok(pay(books, "BER", "50.00", []))
    assert books.items()["P1"].kind == "credit_note"
    assert len(books.payments) == 1 and "P1" not in books.payments


# -- credit notes ------------------------------------------------------------------------------------------
def test_credit_note_larger_than_residual_is_refused():
    books = ok(pay(two_customers(), "BER", "1000.00", ["FA-1"]))  # FA-1: 1 440.00 - 1 000.00 = 440.00 left
    # 400.00 HT + 80.00 VAT = 480.00 > 440.00
    refused(
        books,
        issue_credit_note(
            books,
            invoice="FA-1",
            on=date(2025, 3, 25),
            amount_ht=D("400.00"),
            vat_rate=D("20"),
            reason="Remise",
            number="AV-1",
        ),
        "credit_note_too_large",
    )
    # 366.67 HT + 73.33 VAT (73.334) = 440.00: exactly what is left, accepted
    books = ok(
        issue_credit_note(
            books,
            invoice="FA-1",
            on=date(2025, 3, 25),
            amount_ht=D("366.67"),
            vat_rate=D("20"),
            reason="Remise",
            number="AV-1",
        )
    )
    assert books.documents["AV-1"].amount_ttc == D("440.00")


def test_second_credit_note_cannot_exceed_what_is_left_on_the_invoice():
    """Regression (fixed in ce4c9e1): a note was compared with the invoice's residual only, so two notes of
    1 440.00 TTC were both accepted on a 1 440.00 invoice."""
    books = ok(
        issue_credit_note(
            two_customers(),
            invoice="FA-1",
            on=date(2025, 3, 10),
            amount_ht=D("1200.00"),
            vat_rate=D("20"),
            reason="Retour",
            number="AV-1",
        )
    )
    refused(
        books,
        issue_credit_note(
            books,
            invoice="FA-1",
            on=date(2025, 3, 11),
            amount_ht=D("1200.00"),
            vat_rate=D("20"),
            reason="Retour",
            number="AV-2",
        ),
        "credit_note_too_large",
    )
    refused(
        books,
        issue_credit_note(
            books,
            invoice="FA-1",
            on=date(2025, 3, 11),
            amount_ht=D("0.01"),
            vat_rate=D("20"),
            reason="Retour",
            number="AV-2",
        ),
        "credit_note_too_large",
    )


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (date(2025, 3, 2), "credit_note_date"),  # before the invoice
        (date(2025, 4, 1), "credit_note_date"),
    ],
)  # after today
def test_credit_note_dated_outside_the_invoice_and_today_is_refused(on, code):
    books = two_customers()
    refused(
        books,
        issue_credit_note(
            books,
            invoice="FA-1",
            on=on,
            amount_ht=D("10.00"),
            vat_rate=D("20"),
            reason="Remise",
            number="AV-1",
        ),
        code,
    )


def test_credit_note_needs_a_reason_and_a_free_number():
    books = two_customers()
    refused(
        books,
        issue_credit_note(
            books,
            invoice="FA-1",
            on=date(2025, 3, 10),
            amount_ht=D("10.00"),
            vat_rate=D("20"),
            reason="  ",
            number="FA-2",
        ),
        "number_taken",
        "reason_required",
    )


def test_financial_credit_note_posts_665_and_44571_against_411():
    books = ok(
        issue_credit_note(
            two_customers(),
            invoice="FA-1",
            on=date(2025, 3, 10),
            amount_ht=D("24.00"),
            vat_rate=D("20"),
            reason="Escompte 2 %",
            number="AV-F",
        )
    )
    # 2 % of 1 200.00 HT = 24.00 HT, 4.80 VAT, 28.80 TTC
    lines = sorted((ln.account, ln.debit, ln.credit) for ln in books.entries[-1].lines)
    assert lines == [
        ("411BER", D("0"), D("28.80")),
        ("44571", D("4.80"), D("0")),
        ("665", D("24.00"), D("0")),
    ]
    assert books.entries[-1].journal == "VT"
    assert books_view(books).customers["BER"].balance == D("1411.20")


# -- matching ----------------------------------------------------------------------------------------------
def test_manual_match_of_invoice_and_credit_note():
    docs = [
        invoice("FA-1", "BER", date(2025, 3, 3), "1200.00", date(2025, 4, 2)),
        credit_note("AV-1", "BER", date(2025, 3, 5), "200.00", "FA-1"),
    ]
    books = open_books(date(2025, 3, 31), [customer("BER")], docs)
    books = ok(match(books, "BER", ["FA-1", "AV-1"]))
    # 1 440.00 - 240.00 = 1 200.00 still due; the credit note is used up
    assert books.residual("FA-1") == D("1200.00") and books.residual("AV-1") == D("0.00")
    assert books.letters() == {"FA-1": "a", "AV-1": "a"}
    books = ok(pay(books, "BER", "1200.00", ["FA-1"]))
    # The payment joins the group, which now nets to zero: one upper-case letter, the group's first.
    assert books.letters() == {"FA-1": "A", "AV-1": "A", "P1": "A"}
    assert books_view(books).customers["BER"].balance == D("0.00")


def test_match_across_customers_is_refused():
    books = ok(
        pay(two_customers(), "MAR", "720.00", [], on=date(2025, 3, 20))
    )  # unmatched receipt from Martin
    refused(books, match(books, "BER", ["FA-1", "P1"]), "item_other_customer")


def test_match_needs_an_invoice_and_a_credit():
    books = two_customers()
    refused(books, match(books, "BER", ["FA-1"]), "match_needs_both_sides")


def test_unmatch_reopens_the_invoice_and_clears_the_letter():
    books = ok(pay(two_customers(), "BER", "1440.00", ["FA-1"]))
    assert books.letters() == {"FA-1": "A", "P1": "A"}
    entries = books.entries
    books = ok(unmatch(books, ["P1"]))
    assert books.residual("FA-1") == D("1440.00") and books.residual("P1") == D("1440.00")
    assert books.letters() == {}
    assert books.entries == entries, "unmatching changes the matching only, not the entries"
    assert books_view(books).customers["BER"].balance == D("0.00")
    assert [r.letter for r in customer_ledger(books, "BER")] == ["", ""]
    books = ok(match(books, "BER", ["FA-1", "P1"]))
    letters = books.letters()
    assert letters["FA-1"] == letters["P1"] and letters["P1"].isupper()


def test_unmatch_of_an_unmatched_item_is_refused():
    books = two_customers()
    refused(books, unmatch(books, ["FA-1"]), "nothing_to_unmatch")
    refused(books, unmatch(books, ["NOPE"]), "unknown_item")


def test_letters_run_A_to_Z_then_AA():
    first = date(2025, 1, 1)
    docs = [
        invoice(f"F{i:02d}", "BER", first + timedelta(days=i), "10.00", first + timedelta(days=30 + i))
        for i in range(28)
    ]
    books = open_books(date(2025, 3, 31), [customer("BER")], docs)
    for i in range(28):
        books = ok(pay(books, "BER", "12.00", [f"F{i:02d}"], on=date(2025, 3, 1)))
    letters = books.letters()
    assert [letters[f"F{i:02d}"] for i in range(28)] == list(string.ascii_uppercase) + ["AA", "AB"]


def test_letters_are_counted_per_customer_account():
    books = ok(pay(two_customers(), "BER", "1440.00", ["FA-1"]))
    books = ok(pay(books, "MAR", "720.00", ["FA-2"]))
    assert books.letters() == {"FA-1": "A", "P1": "A", "FA-2": "A", "P2": "A"}


# -- follow-up ---------------------------------------------------------------------------------------------
def roux_books(today, *invoices):
    return open_books(today, [customer("ROU", "Roux SAS")], list(invoices), levels=LEVELS)


def test_invoice_is_overdue_from_the_day_after_its_due_date():
    fa = invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14))
    assert overdue_invoices(roux_books(date(2025, 2, 14), fa), "ROU") == []
    assert overdue_invoices(roux_books(date(2025, 2, 15), fa), "ROU") == ["FA-0110"]


@pytest.mark.parametrize(
    ("today", "level"),
    [
        (date(2025, 2, 28), 0),  # J+14
        (date(2025, 3, 1), 1),  # J+15
        (date(2025, 3, 16), 2),  # J+30
        (date(2025, 3, 31), 3),  # J+45
        (date(2025, 4, 15), 4),  # J+60
        (date(2025, 9, 1), 4),
    ],
)
def test_followup_level_follows_the_reminder_plan_of_domain_7_2(today, level):
    fa = invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14))
    assert followup_level(roux_books(today, fa), "ROU") == level


def test_followup_level_comes_from_the_most_overdue_open_invoice():
    books = roux_books(
        date(2025, 3, 31),
        invoice("F-A", "ROU", date(2024, 12, 31), "100.00", date(2025, 1, 30)),  # J+60 at 31/03, but paid
        invoice("F-B", "ROU", date(2025, 1, 15), "100.00", date(2025, 2, 14)),  # J+45 → level 3
        invoice("F-C", "ROU", date(2025, 2, 14), "100.00", date(2025, 3, 16)),  # J+15 → level 1
    )
    assert followup_level(books, "ROU") == 4
    books = ok(pay(books, "ROU", "120.00", ["F-A"]))
    assert followup_level(books, "ROU") == 3


def test_a_paid_invoice_does_not_keep_its_customer_at_a_high_level():
    """issue 8: the level follows the most overdue OPEN invoice, not the reminders already sent."""
    books = roux_books(
        date(2025, 3, 31),
        invoice("F-A", "ROU", date(2025, 1, 15), "100.00", date(2025, 2, 14)),  # J+45 → level 3
        invoice("F-B", "ROU", date(2025, 2, 18), "100.00", date(2025, 3, 20)),  # J+11 → level 0 alone
    )
    books = ok(
        send_email(
            books,
            customer="ROU",
            to="compta@roux.fr",
            subject="Relance F-A",
            body="Bonjour,",
            documents=["F-A"],
        )
    )
    assert books.followup[-1].level == 3
    books = ok(pay(books, "ROU", "120.00", ["F-A"]))
    assert overdue_invoices(books, "ROU") == ["F-B"]
    assert followup_level(books, "ROU") == 0, "F-B is 11 days late: below the first level (J+15)"
    assert followup_level(books, "ROU", at=date(2025, 4, 4)) == 1, "F-B at J+15"
    books = ok(pay(books, "ROU", "120.00", ["F-B"]))
    assert followup_level(books, "ROU") == 0, "nothing overdue: no level"


def test_followup_level_starts_again_after_everything_was_paid():
    """Regression (fixed in ce4c9e1): the highest level of the whole log held for ever, so F-B, 5 days late,
    started at level 3 because of a reminder about F-A, settled before F-B fell due."""
    books = roux_books(
        date(2025, 3, 31),
        invoice("F-A", "ROU", date(2025, 1, 15), "100.00", date(2025, 2, 14)),  # J+45 at 31/03 → level 3
        invoice("F-B", "ROU", date(2025, 3, 16), "100.00", date(2025, 4, 15)),  # not due yet at 31/03
    )
    books = ok(
        send_email(
            books,
            customer="ROU",
            to="compta@roux.fr",
            subject="Relance F-A",
            body="Bonjour,",
            documents=["F-A"],
        )
    )
    assert books.followup[-1].level == 3
    books = ok(pay(books, "ROU", "120.00", ["F-A"], on=date(2025, 3, 31)))
    assert followup_level(books, "ROU") == 0
    assert overdue_invoices(books, "ROU", at=date(2025, 4, 20)) == ["F-B"]
    assert followup_level(books, "ROU", at=date(2025, 4, 20)) == 0


def test_paid_invoice_is_not_overdue():
    fa = invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14))
    books = ok(pay(roux_books(date(2025, 3, 31), fa), "ROU", "2000.00", ["FA-0110"], on=date(2025, 3, 20)))
    assert overdue_invoices(books, "ROU") == ["FA-0110"], "400.00 still due: overdue"
    books = ok(pay(books, "ROU", "400.00", ["FA-0110"], on=date(2025, 3, 25)))
    assert overdue_invoices(books, "ROU") == []
    assert followup_level(books, "ROU") == 0


def test_email_reminder_is_logged_with_the_customers_level():
    fa = invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14))
    books = roux_books(date(2025, 3, 16), fa)  # J+30 → level 2
    books = ok(
        send_email(
            books,
            customer="ROU",
            to=" compta@roux.fr ",
            subject="Relance FA-0110",
            body="Bonjour, la facture FA-0110 de 2 400,00 € TTC…",
            documents=["FA-0110"],
        )
    )
    event = books.followup[-1]
    assert (event.kind, event.customer, event.date, event.level) == ("email", "ROU", date(2025, 3, 16), 2)
    assert (event.to, event.subject, event.documents) == ("compta@roux.fr", "Relance FA-0110", ("FA-0110",))


@pytest.mark.parametrize(
    ("to", "subject", "body", "codes"),
    [
        ("compta roux.fr", "Relance", "Bonjour", ["email_address_invalid"]),
        ("compta@roux.fr", " ", "Bonjour", ["subject_required"]),
        ("compta@roux.fr", "Relance", "", ["body_required"]),
    ],
)
def test_incomplete_email_is_refused(to, subject, body, codes):
    books = roux_books(
        date(2025, 3, 16), invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14))
    )
    refused(books, send_email(books, customer="ROU", to=to, subject=subject, body=body), *codes)


def test_call_without_a_note_or_in_the_future_is_refused():
    books = roux_books(
        date(2025, 3, 16), invoice("FA-0110", "ROU", date(2025, 1, 15), "2000.00", date(2025, 2, 14))
    )
    refused(books, log_call(books, customer="ROU", on=date(2025, 3, 16), note="  "), "note_required")
    refused(books, log_call(books, customer="ROU", on=date(2025, 3, 17), note="Appel"), "date_in_future")
    books = ok(
        log_call(
            books,
            customer="ROU",
            on=date(2025, 3, 16),
            note="Paiement promis le 20/03/2025",
            documents=["FA-0110"],
        )
    )
    assert (books.followup[-1].kind, books.followup[-1].level) == ("call", 2)


def test_next_action_in_the_past_is_refused():
    books = two_customers(today=date(2025, 3, 31))
    refused(
        books,
        set_next_action(books, customer="BER", on=date(2025, 3, 30), note="Rappeler"),
        "next_action_in_past",
    )
    books = ok(set_next_action(books, customer="BER", on=date(2025, 3, 31), note="Rappeler"))  # today is fine
    assert books.followup[-1].date == date(2025, 3, 31)


# -- cheques and the bank statement --------------------------------------------------------------------------
def cheque_books():
    mar = customer("MAR", "Café Martin")
    fa = invoice("FA-0102", "MAR", date(2025, 2, 20), "600.00", date(2025, 3, 22))
    chq = Cheque(
        "C1",
        "MAR",
        "Café Martin",
        "Crédit Agricole",
        "4521877",
        D("720.00"),
        "sept cent vingt euros",
        date(2025, 3, 9),
        date(2025, 3, 10),
        "Lettrage SA",
    )
    remise = StatementLine("L9", date(2025, 3, 13), "REMISE CHQ 000123", D("720.00"))
    return endorsed(open_books(date(2025, 3, 13), [mar], [fa], cheques=[chq], statement_lines=[remise]))


SLIP = [SlipLine("C1", "Café Martin", "Crédit Agricole", "4521877", D("720.00"))]


def deposit(books, lines=SLIP, **kwargs):
    return deposit_cheques(
        books,
        on=date(2025, 3, 11),
        account="FR76 3000",
        lines=lines,
        count=len(lines),
        total=sum((ln.amount for ln in lines), D("0")),
        **kwargs,
    )


def test_deposit_of_a_cheque_recorded_in_512_is_refused():
    books = ok(
        pay(
            cheque_books(),
            "MAR",
            "720.00",
            ["FA-0102"],
            on=date(2025, 3, 10),
            source_kind="cheque",
            source="C1",
        )
    )
    assert books.account_balance("512") == D("720.00") and books.account_balance("5112") == D("0")
    refused(books, deposit(books), "cheque_not_in_5112")


def test_deposit_of_a_cheque_not_yet_received_is_refused():
    books = cheque_books()
    refused(books, deposit(books), "cheque_not_received")


def test_same_cheque_twice_on_one_slip_is_refused():
    books = ok(
        pay(
            cheque_books(),
            "MAR",
            "720.00",
            ["FA-0102"],
            on=date(2025, 3, 10),
            journal="CHQ",
            source_kind="cheque",
            source="C1",
        )
    )
    refused(books, deposit(books, lines=SLIP * 2), "cheque_already_deposited")


def test_cheque_recorded_twice_leaves_the_duplicate_in_5112_after_the_deposit():
    # Recording a cheque twice is a student's mistake the grader reports; the bank credits it once.
    books = ok(
        pay(
            cheque_books(),
            "MAR",
            "720.00",
            ["FA-0102"],
            on=date(2025, 3, 10),
            journal="CHQ",
            source_kind="cheque",
            source="C1",
        )
    )
    books = ok(
        pay(
            books, "MAR", "720.00", [], on=date(2025, 3, 10), journal="CHQ", source_kind="cheque", source="C1"
        )
    )
    assert books.account_balance("5112") == D("1440.00")
    books = ok(deposit(books, statement_line="L9"))
    assert books.account_balance("512") == D("720.00")
    assert books.account_balance("5112") == D("720.00")
    assert books_view(books).customers["MAR"].balance == D("-720.00")


def test_statement_line_reconciled_once():
    books = two_customers()
    line = StatementLine("L1", date(2025, 3, 25), "VIR SEPA BERNARD SAS FA-1", D("1440.00"))
    books = open_books(
        books.today, books.customers.values(), books.documents.values(), statement_lines=[line]
    )
    books = ok(
        pay(
            books, "BER", "1440.00", ["FA-1"], on=date(2025, 3, 25), source_kind="statement_line", source="L1"
        )
    )
    assert books.statement_matches == {"L1": ("P1",)}
    # The same line recorded again is a duplicate receipt (graded as such): the line stays reconciled with P1.
    books = ok(
        pay(books, "BER", "1440.00", [], on=date(2025, 3, 25), source_kind="statement_line", source="L1")
    )
    assert books.statement_matches == {"L1": ("P1",)}
    assert books.account_balance("512") == D("2880.00")
    # Nothing else can be reconciled with it either.
    refused(
        books,
        reconcile_statement_line(books, statement_line="L1", payments=["P2"]),
        "statement_line_reconciled",
        "payment_reconciled",
    )


def test_slip_credited_on_a_statement_line_is_posted_on_the_bank_date():
    books = ok(
        pay(
            cheque_books(),
            "MAR",
            "720.00",
            ["FA-0102"],
            on=date(2025, 3, 10),
            journal="CHQ",
            source_kind="cheque",
            source="C1",
        )
    )
    books = ok(deposit(books, statement_line="L9"))
    assert books.entries[-1].date == date(2025, 3, 13)
    assert books.statement_matches == {"L9": ("S1",)}
    assert books.account_balance("5112") == D("0.00")


# -- reports -----------------------------------------------------------------------------------------------
def test_customer_ledger_running_balance_and_letters():
    docs = [
        invoice("F-1", "LER", date(2025, 2, 1), "1000.00", date(2025, 3, 3)),  # 1 200.00 TTC
        invoice("F-2", "LER", date(2025, 2, 5), "700.00", date(2025, 3, 7)),
    ]  # 840.00 TTC
    books = open_books(date(2025, 3, 31), [customer("LER")], docs)
    books = ok(pay(books, "LER", "1200.00", ["F-1"], on=date(2025, 3, 10)))
    books = ok(pay(books, "LER", "300.00", ["F-2"], on=date(2025, 3, 12)))
    rows = customer_ledger(books, "LER")
    assert [(r.date, r.item, r.debit, r.credit, r.balance, r.letter) for r in rows] == [
        (date(2025, 2, 1), "F-1", D("1200.00"), D("0"), D("1200.00"), "A"),
        (date(2025, 2, 5), "F-2", D("840.00"), D("0"), D("2040.00"), "b"),
        (date(2025, 3, 10), "P1", D("0"), D("1200.00"), D("840.00"), "A"),
        (date(2025, 3, 12), "P2", D("0"), D("300.00"), D("540.00"), "b"),
    ]
    assert rows[-1].balance == books_view(books).customers["LER"].balance


def test_trial_balance_after_sales_only():
    docs = [
        invoice("F-1", "BER", date(2025, 3, 1), "1000.00", date(2025, 3, 31)),  # VAT 200.00, TTC 1 200.00
        invoice("F-2", "MAR", date(2025, 3, 2), "500.00", date(2025, 4, 1), vat_rate="5.5"),
    ]  # 27.50, 527.50
    books = open_books(date(2025, 3, 31), [customer("BER"), customer("MAR")], docs)
    rows = {r.account: (r.debit, r.credit) for r in trial_balance(books)}
    assert rows == {
        "411BER": (D("1200.00"), D("0")),
        "411MAR": (D("527.50"), D("0")),
        "44571": (D("0"), D("227.50")),
        "707": (D("0"), D("1500.00")),
    }
    assert sum(d for d, _ in rows.values()) == sum(c for _, c in rows.values()) == D("1727.50")


def test_aged_balance_of_a_customer_adds_up_to_its_411_balance():
    books = ok(pay(two_customers(), "BER", "1500.00", ["FA-1"], difference=Difference("keep_open")))
    books = ok(pay(books, "MAR", "200.00", ["FA-2"]))
    totals = aged_totals(aged_balance(books))
    assert totals["BER"]["total"] == D("-60.00") == books_view(books).customers["BER"].balance
    assert totals["MAR"]["total"] == D("520.00") == books_view(books).customers["MAR"].balance


# -- found while reviewing the property tests ---------------------------------------------------------------
def test_one_payment_for_two_invoices_and_a_credit_note_gets_a_single_letter():
    books = open_books(
        date(2025, 3, 31),
        [customer("LER")],
        [
            invoice("F1", "LER", date(2025, 2, 1), "100.00", date(2025, 3, 3)),  # 120.00 TTC
            invoice("F2", "LER", date(2025, 2, 10), "200.00", date(2025, 3, 12)),  # 240.00 TTC
            credit_note("AV1", "LER", date(2025, 2, 15), "100.00", "F1"),  # 120.00 TTC: settles F1 alone
        ],
    )
    books = ok(pay(books, "LER", "100.00", ["F1", "F2", "AV1"], difference=Difference("keep_open")))
    # AV1 settles F1 and P1 part of F2: one lettrage operation, one group, partial while F2 is open
    assert books.letters() == {"F1": "a", "AV1": "a", "F2": "a", "P1": "a"}


def test_call_is_logged_with_the_level_at_the_date_of_the_call():
    books = roux_books(
        date(2025, 3, 31), invoice("FA", "ROU", date(2025, 1, 15), "100.00", date(2025, 2, 14))
    )
    books = ok(
        log_call(books, customer="ROU", on=date(2025, 3, 2), note="Promis pour le 10/03", documents=["FA"])
    )
    assert books.followup[-1].level == 1  # J+16 on 02/03, although J+45 (level 3) today


def test_customer_ledger_lists_the_invoice_before_a_payment_of_the_same_day():
    books = open_books(
        date(2025, 3, 31),
        [customer("BER")],
        [invoice("FA", "BER", date(2025, 3, 5), "100.00", date(2025, 4, 4))],
    )
    books = ok(pay(books, "BER", "120.00", ["FA"], on=date(2025, 3, 5)))
    rows = customer_ledger(books, "BER")
    assert [(r.journal, r.balance) for r in rows] == [("VT", D("120.00")), ("BNK", D("0.00"))]


@pytest.mark.parametrize("typed", ["١٢٣", "１２３,４５", "12３"])
def test_amounts_in_other_scripts_digits_are_refused(typed):
    from simulator.ledger.money import parse_amount

    value, problem = parse_amount(typed)
    assert value is None and problem.code == "amount_invalid"


def test_a_bank_refuses_a_slip_with_an_unendorsed_cheque():
    """domain.md §2: a cheque is endorsed to our bank before it is deposited; a blank back is refused."""
    mar = customer("MAR", "Café Martin")
    fa = invoice("FA-0102", "MAR", date(2025, 2, 20), "600.00", date(2025, 3, 22))
    chq = Cheque(
        "C1", "MAR", "Café Martin", "Crédit Agricole", "4521877", D("720.00"), "", date(2025, 3, 9),
        date(2025, 3, 10), "Lettrage SA",
    )  # fmt: skip
    books = open_books(date(2025, 3, 13), [mar], [fa], cheques=[chq])
    books = ok(pay(books, "MAR", "720.00", ["FA-0102"], on=date(2025, 3, 10), journal="CHQ",
                   source_kind="cheque", source="C1"))  # fmt: skip
    (problem,) = refused(books, deposit(books), "cheque_not_endorsed")
    assert "4521877" in problem.message and "Café Martin" in problem.message and "720,00" in problem.message
    assert "endoss" in problem.message.lower()


def test_the_entry_planned_before_valider_is_the_entry_posted():
    """A 2 % cash discount on 2 995,00 TTC (2 495,83 HT at 20 %): 2 935,10 received; the 59,90 difference
    is 49,92 HT on 665 and 9,98 of VAT on 44571 (domain.md §4)."""
    from simulator.ledger.payments import plan_receipt

    books = open_books(
        date(2025, 3, 31),
        [customer("MAR", "Café Martin")],
        [invoice("FA-0200", "MAR", date(2025, 3, 1), "2495.83", date(2025, 3, 31))],
    )
    fields = dict(
        customer="MAR",
        journal="BNK",
        on=date(2025, 3, 10),
        amount=D("2935.10"),
        documents=["FA-0200"],
        difference=Difference("write_off", "665", "Escompte 2 %", D("20")),
    )
    plan, problems = plan_receipt(books, **fields)
    assert problems == []
    assert [(ln.account, ln.debit, ln.credit) for ln in plan.entry.lines] == [
        ("512", D("2935.10"), D("0")),
        ("665", D("49.92"), D("0")),
        ("44571", D("9.98"), D("0")),
        ("411MAR", D("0"), D("2995.00")),
    ]
    posted = ok(register_payment(books, **fields))
    assert posted.entries[-1] == plan.entry
    refused_plan, why = plan_receipt(books, **{**fields, "on": date(2026, 1, 1)})
    assert refused_plan is None and [p.code for p in why] == ["date_in_future"]


def test_the_bank_line_proposed_for_an_invoice_names_it_for_what_it_owes():
    from simulator.ledger.bank import statement_line_for

    def books_with(*lines):
        return open_books(
            date(2025, 3, 31),
            [customer("MAR", "Café Martin")],
            [invoice("FA-0200", "MAR", date(2025, 3, 1), "500.00", date(2025, 3, 31))],
            statement_lines=list(lines),
        )

    named = StatementLine("L1", date(2025, 3, 12), "VIR SEPA CAFE MARTIN FA-0200", D("600.00"))
    assert statement_line_for(books_with(named), "FA-0200") == "L1"
    other_amount = StatementLine("L2", date(2025, 3, 12), "VIR SEPA CAFE MARTIN FA-0200", D("590.00"))
    assert statement_line_for(books_with(other_amount), "FA-0200") is None
    unnamed = StatementLine("L3", date(2025, 3, 12), "VIR SEPA CAFE MARTIN", D("600.00"))
    assert statement_line_for(books_with(unnamed), "FA-0200") is None
    twice = StatementLine("L4", date(2025, 3, 13), "VIR FA-0200 CAFE MARTIN", D("600.00"))
    assert statement_line_for(books_with(named, twice), "FA-0200") is None
    used = ok(pay(books_with(named), "MAR", "600.00", ["FA-0200"], source_kind="statement_line", source="L1"))
    assert statement_line_for(used, "FA-0200") is None
