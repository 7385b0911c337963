"""One name per thing in what a student reads: a bank statement line by its date, label and amount, a receipt
by the number of its journal entry (« BNK/2026/0002 », what the screens show), never by the ids of the
attempt files (« REL-03 », « P1 ») — in mistake messages and in the refusals of the core."""

from __future__ import annotations

import re

from grading_builders import codes, find, graded, key, reference, squash, without, world

from simulator.formatting import format_money
from simulator.packs.play.replay import replay

#: an id of the attempt files: a statement line (REL-03) or a receipt (P1)
INTERNAL_ID = re.compile(r"\bREL-\d+|\bP\d+\b")


def _texts(grade: dict) -> list[str]:
    return [m["message"] for m in grade["mistakes"]] + [p["message"] for p in grade["problems"]]


def _assert_named_by_date_label_amount(message: str, line) -> None:
    assert f"du {line.date:%d/%m/%Y} « {line.label} »" in message, message
    assert squash(format_money(line.amount)) in squash(message), message
    assert not INTERNAL_ID.search(message), message


def test_a_statement_line_not_annotated_nor_reconciled_is_named_by_date_label_and_amount():
    w = world("virement", 1)
    line = w.statement_line(key(w, "VIR"))
    actions = without(reference(w), "annotate_statement")
    payment = find(actions, "register_payment")
    del payment["source"]  # recorded by hand, never reconciled with its line
    g = graded(w, actions)
    assert {"STATEMENT_NOT_ANNOTATED", "STATEMENT_NOT_RECONCILED"} <= codes(g)
    for m in g["mistakes"]:
        if m["code"] in ("STATEMENT_NOT_ANNOTATED", "STATEMENT_NOT_RECONCILED"):
            _assert_named_by_date_label_amount(m["message"], line)


def test_a_slip_credit_not_reconciled_is_named_by_date_label_and_amount():
    w = world("remise-creditee", 1)
    actions = without(reference(w), "reconcile_statement_line")
    g = graded(w, actions)
    message = next(m["message"] for m in g["mistakes"] if m["code"] == "SLIP_NOT_RECONCILED")
    line_id = next(a["statement_line"] for a in reference(w) if a["type"] == "reconcile_statement_line")
    _assert_named_by_date_label_amount(message, w.statement_line(line_id))


def test_refusals_name_receipts_by_entry_number_and_lines_by_date_label_amount():
    w = world("virement", 1)
    actions = reference(w)
    books = replay(w, actions).books
    entry = books.payments["P1"].entry
    assert re.fullmatch(r"BNK/\d{4}/\d{4}", entry)
    line_id = actions[0]["source"]["statement_line"]
    line = w.statement_line(line_id)
    customer = actions[0]["customer"]
    invoice = actions[0]["documents"][0]
    wrong = [
        {"type": "reconcile_statement_line", "statement_line": line_id, "payments": ["P1"]},
        {"type": "match", "customer": customer, "items": [invoice, "P1"]},
        {"type": "cancel_payment", "payment": "P1"},
        {"type": "cancel_payment", "payment": "P1"},
    ]
    g = graded(w, actions + wrong)
    by_code = {}
    for p in g["problems"]:
        by_code.setdefault(p["code"], []).append(p["message"])
    reconciled = by_code["statement_line_reconciled"][0]
    assert reconciled.startswith("La ligne du relevé du ") and "est déjà rapprochée" in reconciled
    _assert_named_by_date_label_amount(reconciled, line)
    assert f"« {entry} » est déjà entièrement lettré." in by_code["item_already_matched"]
    assert by_code["payment_cancelled"] == [f"Le règlement {entry} est annulé."]
    for text in _texts(g):
        assert not INTERNAL_ID.search(text), text


def test_an_unknown_receipt_is_named_as_typed():
    w = world("virement", 1)
    g = graded(w, [*reference(w), {"type": "cancel_payment", "payment": "P9"}])
    assert [p["message"] for p in g["problems"]] == ["Le règlement « P9 » n'existe pas."]
