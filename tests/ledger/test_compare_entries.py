"""Entry by entry: which expected entry is missing, which entry is unexpected, which one differs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from simulator.ledger.books import Books
from simulator.ledger.compare import EntryComparison, compare_entries
from simulator.ledger.entries import credit, debit, make_entry

MARCH_2 = date(2026, 3, 2)
MARCH_5 = date(2026, 3, 5)


def books(*entries):
    return Books(today=MARCH_5, customers={}, documents={}, entries=tuple(entries))


def receipt(number, on, amount, label="Règlement Dupont FAC/2026/00012", ref="REL-01", item="P1"):
    return make_entry(
        number, "BNK", on, label, [debit("512", D(amount)), credit("411DUP", D(amount), item=item)], ref
    )


def fee(number, on):
    return make_entry(
        number, "BNK", on, "Frais bancaires", [debit("627", D("12.00")), credit("512", D("12.00"))]
    )


def test_the_same_entries_under_other_numbers_labels_and_line_order_match():
    mine = make_entry(
        "BNK/9",
        "BNK",
        MARCH_2,
        "vir dupont",
        [credit("411DUP", D("120.00"), item="P7"), debit("512", D("120.00"))],
    )
    assert compare_entries(books(mine), books(receipt("BNK/1", MARCH_2, "120.00"))) == EntryComparison()
    assert not compare_entries(books(mine), books(receipt("BNK/1", MARCH_2, "120.00")))


def test_a_missing_and_an_unexpected_entry_are_named_by_date_journal_label_and_lines():
    result = compare_entries(books(fee("BNK/1", MARCH_5)), books(receipt("BNK/1", MARCH_2, "120.00")))
    (missing,) = result.missing
    assert (missing.journal, missing.date, missing.label, missing.ref) == (
        "BNK",
        MARCH_2,
        "Règlement Dupont FAC/2026/00012",
        "REL-01",
    )
    assert [(ln.account, ln.debit, ln.credit) for ln in missing.lines] == [
        ("512", D("120.00"), D("0")),
        ("411DUP", D("0"), D("120.00")),
    ]
    (extra,) = result.unexpected
    assert (extra.label, extra.total) == ("Frais bancaires", D("12.00"))
    assert result.differing == ()


def test_an_entry_for_the_same_document_with_another_amount_differs():
    """The student recorded 102 € for the 120 € transfer of REL-01: one entry that differs, not one missing
    and one in excess."""
    result = compare_entries(
        books(receipt("BNK/1", MARCH_2, "102.00")), books(receipt("BNK/1", MARCH_2, "120.00"))
    )
    assert result.missing == () and result.unexpected == ()
    (diff,) = result.differing
    assert diff.expected.total == D("120.00") and diff.actual.total == D("102.00")


def test_an_entry_twice_leaves_one_unexpected():
    twice = books(receipt("BNK/1", MARCH_2, "120.00"), receipt("BNK/2", MARCH_2, "120.00", item="P2"))
    result = compare_entries(twice, books(receipt("BNK/1", MARCH_2, "120.00")))
    assert result.missing == () and result.differing == ()
    assert [e.total for e in result.unexpected] == [D("120.00")]


def test_the_comparison_reads_back_from_its_json():
    result = compare_entries(
        books(fee("BNK/1", MARCH_5), receipt("BNK/2", MARCH_5, "102.00")),
        books(receipt("BNK/1", MARCH_2, "120.00")),
    )
    data = result.as_dict()
    assert data["differing"][0]["expected"]["date"] == "2026-03-02"
    assert data["differing"][0]["actual"]["lines"][0] == {
        "account": "512",
        "debit": "102.00",
        "credit": "0.00",
    }
    assert EntryComparison.from_dict(data) == result
