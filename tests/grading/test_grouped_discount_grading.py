"""Grading of a grouped receipt that deducts only the discount still due (Odoo's
``test_group_payment_method_with_and_without_discount``): two invoices of 25.00 HT with « 2 % 10 jours »,
one within its term and one late, one transfer for both. The reference books the on-time invoice's
discount on 665 (and 44571 at 20 %) and settles both; a write-off of the same gap on 658 is a wrong
account, and leaving it open is a discount due left open. At 0 % VAT (Odoo's numbers: 50.00 due, 49.50
paid, 0.50 on 665) and at 20 % (60.00 due, 59.40 paid, 0.50 on 665 and 0.10 on 44571)."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from grading_builders import codes, find, graded, money, reference

from simulator.packs.play.outcome import expected_outcome
from simulator.packs.play.replay import replay
from simulator.packs.spec.loader import builtin_root
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate

SCENARIO = """\
id: groupe
title: "Virement groupé, une facture escomptée et une en retard"
brief: |
  Nous sommes le **{{today}}**. Enregistrez le virement de {{H.name}} et lettrez-le.
procedure: [releve, identification, enregistrement, lettrage, escompte, annotation]
today: 2026-05-12
customers:
  - key: H
invoices:
  - key: LATE
    customer: H
    date: -11
    terms: {{days: 30}}
    discount: {{rate: "2", days: 10}}
    lines:
      - amount_ht: "25.00"
        vat_rate: "{rate}"
  - key: ONTIME
    customer: H
    date: 0
    terms: {{days: 30}}
    discount: {{rate: "2", days: 10}}
    lines:
      - amount_ht: "25.00"
        vat_rate: "{rate}"
statement:
  - key: VIR
    date: 0
    label: "VIR SEPA {{H.name_upper}} {{LATE.number}} {{ONTIME.number}}"
    amount: {{documents: [LATE, ONTIME], discount: due}}
expected:
  receipts:
    - source: VIR
      customer: H
      documents: [LATE, ONTIME]
  annotate: [VIR]
rubric:
  - criterion: receipts_recorded
    points: 2
  - criterion: receipts_matched
    points: 2
  - criterion: difference_handled
    points: 3
  - criterion: statement_annotated
    points: 1
  - criterion: books_clean
    points: 1
"""

#: VAT rate -> (due TTC, paid, discount HT on 665, its VAT on 44571), worked by hand
CASES = {
    "0": (D("50.00"), D("49.50"), D("0.50"), D("0.00")),
    "20": (D("60.00"), D("59.40"), D("0.50"), D("0.10")),
}


@pytest.fixture(params=sorted(CASES), ids=lambda r: f"tva-{r}")
def case(request, tmp_path: Path):
    rate = request.param
    folder = tmp_path / "pack"
    shutil.copytree(builtin_root() / "procedure-11", folder)
    pack_file = folder / "pack.yaml"
    text = pack_file.read_text(encoding="utf-8")
    pack_file.write_text(text.replace("\nscenarios:\n", "\nscenarios:\n  - groupe\n"), encoding="utf-8")
    (folder / "groupe.yaml").write_text(SCENARIO.format(rate=rate), encoding="utf-8")
    world = generate(load_pack(folder), "groupe", 1)
    return rate, world


def test_the_reference_grants_the_on_time_discount_on_665(case):
    rate, w = case
    due, paid, ht, vat = CASES[rate]
    line = w.statement_line(w.keys["VIR"])
    assert line.amount == paid
    receipt = expected_outcome(w).receipts[0]
    t = receipt.treatment
    assert (t.kind, t.account, t.amount_ht, t.vat) == ("discount", "665", ht, vat)
    assert t.granted == (w.keys["ONTIME"],) and t.late == ()
    g = graded(w, reference(w))
    assert g["mistakes"] == [] and g["score"] == 100.0
    books = replay(w, reference(w)).books
    assert books.account_balance("665") == ht
    assert books.account_balance("658") == 0
    assert books.residual(w.keys["ONTIME"]) == 0 and books.residual(w.keys["LATE"]) == 0


def test_the_gap_written_off_on_658_is_a_wrong_account(case):
    rate, w = case
    actions = reference(w)
    payment = find(actions, "register_payment")
    payment["difference"] = {"handling": "write_off", "account": "658", "label": "Écart de règlement"}
    g = graded(w, actions)
    assert "WRONG_WRITEOFF_ACCOUNT" in codes(g)
    message = next(m["message"] for m in g["mistakes"] if m["code"] == "WRONG_WRITEOFF_ACCOUNT")
    assert "658" in message and "665" in message
    assert w.keys["ONTIME"] in message and w.keys["LATE"] not in message  # the on-time invoice's discount
    assert g["score"] < 100.0


def test_the_discount_left_open_is_flagged(case):
    rate, w = case
    due, paid, ht, vat = CASES[rate]
    actions = reference(w)
    payment = find(actions, "register_payment")
    payment["difference"] = {"handling": "keep_open"}
    assert payment["amount"] == money(paid)
    g = graded(w, actions)
    assert "DISCOUNT_LEFT_OPEN" in codes(g)
    message = next(m["message"] for m in g["mistakes"] if m["code"] == "DISCOUNT_LEFT_OPEN")
    assert w.keys["ONTIME"] in message and w.keys["LATE"] not in message
