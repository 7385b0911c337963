"""World generation: the built-in scenarios hold their premise for every seed, checked with plain
arithmetic from domain.md (not with the generator's own helpers); worlds are deterministic across
processes; a broken premise is refused with a clear error."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml
from stdnum import iban as std_iban
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva

from simulator.packs.spec.registry import load_pack
from simulator.packs.spec.schema import ScenarioSpec
from simulator.packs.world.draw import ScenarioPremiseError, derive_seed
from simulator.packs.world.generate import generate, generate_world
from simulator.packs.world.serialize import world_to_dict, world_to_json

ROOT = Path(__file__).resolve().parents[2]
SEEDS = range(1, 301)
SCENARIOS = (
    "virement",
    "cheque",
    "arrondi",
    "escompte",
    "partiel",
    "multi-factures",
    "relance-telephone",
    "relance-email",
)


def c(value: Decimal) -> Decimal:
    """Half-up to the cent, written here again so the tests do not trust the code they check."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ht(doc) -> Decimal:
    return sum((line.amount_ht for line in doc.lines), Decimal("0"))


def ttc(doc) -> Decimal:
    """TTC recomputed from the lines: HT + VAT rounded per rate."""
    bases: dict[Decimal, Decimal] = {}
    for line in doc.lines:
        bases[line.vat_rate] = bases.get(line.vat_rate, Decimal("0")) + line.amount_ht
    return ht(doc) + sum((c(base * rate / 100) for rate, base in bases.items()), Decimal("0"))


@cache
def pack():
    return load_pack("procedure-11")


@cache
def world(scenario: str, seed: int):
    return generate(pack(), scenario, seed)


def worlds(scenario: str):
    return [world(scenario, seed) for seed in SEEDS]


def the_receipt(w):
    [receipt] = w.expected.receipts
    return receipt


def docs_of(w, receipt):
    return [w.document(n) for n in receipt.documents]


def overdue_days(w, doc) -> int:
    return (w.today - doc.due_date).days


def paid_numbers(w) -> set[str]:
    return {n for p in w.prior_payments for n in p.documents}


# --- every world ------------------------------------------------------------------------------------------


def check_world_is_consistent(w) -> None:
    invoices = sorted((d for d in w.documents if d.is_invoice), key=lambda d: d.number)
    numbers = [int(re.fullmatch(r"FAC/(\d{4})/(\d{5})", d.number).group(2)) for d in invoices]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # a sequence, no gaps
    assert [d.date for d in invoices] == sorted(d.date for d in invoices)  # numbered in date order
    assert all(d.number.split("/")[1] == str(d.date.year) for d in invoices)
    notes = [d for d in w.documents if not d.is_invoice]
    for note in notes:
        assert re.fullmatch(r"AV/\d{4}/\d{5}", note.number)
        assert note.refers_to in {d.number for d in invoices}
        assert ttc(note) < ttc(w.document(note.refers_to))
    assert re.fullmatch(r"AV/2026/\d{5}", w.settings.next_credit_note)
    assert w.settings.next_credit_note not in {d.number for d in notes}
    if notes:
        assert int(w.settings.next_credit_note[-5:]) == max(int(n.number[-5:]) for n in notes) + 1
    assert len({d.number for d in w.documents}) == len(w.documents)
    for doc in invoices:
        assert doc.due_date >= doc.date
        assert doc.date <= w.today
        assert doc.payment_terms in (
            "30 jours date de facture",
            "45 jours fin de mois",
        )
        assert doc.lines and all(line.amount_ht > 0 and line.label for line in doc.lines)
        assert all(line.amount_ht == c(line.amount_ht) for line in doc.lines)

    names = [p.customer.name for p in w.customers] + [w.company.name]
    assert len(set(names)) == len(names)
    ids = [p.id for p in w.customers]
    assert len(set(ids)) == len(ids)
    for profile in w.customers:
        assert re.fullmatch(r"[A-Z]{3}\d?", profile.id)
        assert profile.customer.account == "411" + profile.id
        assert std_siret.is_valid(profile.siret)
        assert std_iban.is_valid(profile.iban)
        assert re.fullmatch(r"[a-z0-9.\-]+@[a-z0-9\-]+\.fr", profile.contact.email)
        assert profile.contact.email.split("@")[1] == profile.email.split("@")[1]
    assert std_siret.is_valid(w.company.siret)
    assert std_iban.is_valid(w.company.iban)
    assert std_tva.is_valid(w.company.vat_number)
    assert w.company.signatory.role and "@" in w.company.signatory.email

    lines = w.statement_lines
    assert [s.id for s in lines] == [f"REL-{n:02d}" for n in range(1, len(lines) + 1)]
    assert [s.date for s in lines] == sorted(s.date for s in lines)
    assert all(s.date <= w.today and s.amount != 0 and s.amount == c(s.amount) for s in lines)
    assert "{" not in w.brief and all("{" not in s.label for s in lines)
    for n, cheque in enumerate(w.cheques, 1):
        assert cheque.id == f"CHQ-{n}"
        assert cheque.amount_in_words and "euro" in cheque.amount_in_words
        assert re.fullmatch(r"\d{7}", cheque.number)
        assert cheque.payee == w.company.name
        assert cheque.drawer == w.customer(cheque.customer).customer.name
        assert cheque.bank
        assert cheque.date <= cheque.received <= w.today
    for payment in w.prior_payments:
        [number] = payment.documents
        doc = w.document(number)
        assert payment.amount == ttc(doc) and payment.customer == doc.customer
        assert doc.date < payment.date < w.today

    for receipt in w.expected.receipts:
        source = (
            w.statement_line(receipt.source)
            if receipt.source_kind == "statement_line"
            else w.cheque(receipt.source)
        )
        assert source is not None and source.amount > 0
        assert all(w.document(n).customer == receipt.customer for n in receipt.documents)
        assert receipt.journal == ("BNK" if receipt.source_kind == "statement_line" else "CHQ")
    for value in w.keys.values():
        assert (
            w.customer(value)
            or w.document(value)
            or w.statement_line(value)
            or w.cheque(value)
            or any(m.id == value for m in w.messages)
        )
    assert sum(r.points for r in w.rubric) > 0


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_few_worlds_are_consistent(scenario):
    for seed in (1, 2, 3):
        check_world_is_consistent(world(scenario, seed))


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_world_of_300_seeds_is_consistent(scenario):
    for w in worlds(scenario):
        check_world_is_consistent(w)


# --- the premise of each scenario, for 300 seeds --------------------------------------------------------


@pytest.mark.slow
def test_virement_pays_one_invoice_whose_twin_has_the_same_amount():
    for w in worlds("virement"):
        receipt = the_receipt(w)
        [invoice] = docs_of(w, receipt)
        line = w.statement_line(receipt.source)
        assert line.amount == ttc(invoice)
        assert invoice.number in line.label
        assert line.label.startswith("VIR SEPA ") and line.label == line.label.upper()
        twins = [d for d in w.documents if d.customer != invoice.customer and ttc(d) == ttc(invoice)]
        assert twins, "the distractor invoice has the same amount"
        assert [s for s in w.statement_lines if s.amount < 0], "bank lines that are not receipts"
        assert w.expected.annotate == (line.id,)
        assert paid_numbers(w)


@pytest.mark.slow
def test_cheque_two_or_three_cheques_one_invoice_each_deposited_together():
    counts = Counter()
    for w in worlds("cheque"):
        counts[len(w.cheques)] += 1
        assert len(w.expected.receipts) == len(w.cheques)
        assert len({ch.customer for ch in w.cheques}) == len(w.cheques)
        for receipt in w.expected.receipts:
            cheque = w.cheque(receipt.source)
            [invoice] = docs_of(w, receipt)
            assert receipt.source_kind == "cheque" and receipt.journal == "CHQ"
            assert cheque.customer == receipt.customer and cheque.amount == ttc(invoice)
            assert cheque.received == w.today - (w.today - cheque.received)  # a date of the calendar
            assert (w.today - cheque.received).days == 1
        assert w.expected.deposit.cheques == tuple(ch.id for ch in w.cheques)
        assert w.expected.deposit.statement_line is None
        first = docs_of(w, w.expected.receipts[0])[0]
        assert any(d.customer != first.customer and ttc(d) == ttc(first) for d in w.documents)
        if len(w.cheques) == 2:
            assert "C" not in w.keys and "FC" not in w.keys and "C3" not in w.keys
    assert set(counts) == {2, 3}
    assert 90 <= counts[3] <= 210  # chance 0.5


@pytest.mark.slow
def test_arrondi_gap_is_nonzero_within_tolerance_both_ways():
    signs = Counter()
    for w in worlds("arrondi"):
        receipt = the_receipt(w)
        [invoice] = docs_of(w, receipt)
        gap = ttc(invoice) - w.statement_line(receipt.source).amount
        assert Decimal("0") < abs(gap) <= w.settings.rounding_tolerance == Decimal("1.00")
        signs[gap > 0] += 1
    assert signs[True] > 50 and signs[False] > 50


@pytest.mark.slow
def test_escompte_transfer_is_the_discounted_amount_on_time_or_late():
    late = 0
    for w in worlds("escompte"):
        receipt = w.expected.receipts[0]  # customer A's transfer; the variants' receipts follow
        [invoice] = docs_of(w, receipt)
        line = w.statement_line(receipt.source)
        assert invoice.discount.rate == Decimal("2")
        assert invoice.discount.deadline == invoice.date.fromordinal(invoice.date.toordinal() + 10)
        discount_ht = c(ht(invoice) * Decimal("0.02"))
        discount_vat = c(discount_ht * Decimal("0.20"))
        assert line.amount == ttc(invoice) - (discount_ht + discount_vat)
        late += line.date > invoice.discount.deadline
    assert 0.15 * len(SEEDS) <= late <= 0.45 * len(SEEDS)  # about one in three


@pytest.mark.slow
def test_partiel_leaves_a_round_residual_with_a_two_instalment_proposal():
    for w in worlds("partiel"):
        receipt = the_receipt(w)
        [invoice] = docs_of(w, receipt)
        amount = w.statement_line(receipt.source).amount
        residual = ttc(invoice) - amount
        assert amount > 0 and 0 < residual < ttc(invoice)
        assert residual % 200 == 0 and 400 <= residual <= 1200
        assert receipt.schedule_required
        assert overdue_days(w, invoice) > 0
        assert 1500 <= ht(invoice) <= 4000
        [message] = w.messages
        assert message.customer == receipt.customer and message.kind == "email"
        euros = f"{int(residual):,}".replace(",", "\u202f")
        assert f"{euros},00\u00a0€" in message.body  # the residual, French formatted
        assert invoice.number in message.subject


@pytest.mark.slow
def test_multi_factures_one_transfer_leaves_only_the_newest_invoice_partial():
    for w in worlds("multi-factures"):
        receipt = the_receipt(w)
        f1, f2, note, f3 = docs_of(w, receipt)
        assert [d.is_invoice for d in (f1, f2, note, f3)] == [True, True, False, True]
        assert f1.date < f2.date < f3.date and f1.due_date < f2.due_date < f3.due_date
        assert note.refers_to == f2.number and ttc(note) < ttc(f2)
        assert all(line.account == "707" for line in note.lines)
        amount = w.statement_line(receipt.source).amount
        owed = ttc(f1) + ttc(f2) - ttc(note) + ttc(f3)
        assert 0 < owed - amount < ttc(f3)
        assert amount > ttc(f1) + ttc(f2) - ttc(note)
        assert len({d.customer for d in w.documents}) == 2


def check_reminders(w, channel: str, low: int, high: int) -> int:
    [reminder] = w.expected.reminders
    assert reminder.channel == channel and reminder.next_action
    [invoice] = [w.document(n) for n in reminder.documents]
    days = overdue_days(w, invoice)
    assert low <= days <= high
    assert invoice.number not in paid_numbers(w)
    level = 1 if days < 30 else 2 if days < 45 else 3
    assert reminder.level == level
    assert reminder.customer not in w.expected.not_reminded
    assert len(w.expected.not_reminded) == 2
    for customer in w.expected.not_reminded:
        late = [
            d
            for d in w.documents
            if d.customer == customer
            and d.is_invoice
            and d.number not in paid_numbers(w)
            and overdue_days(w, d) > 0
        ]
        assert not late
    kinds = set()
    for customer in w.expected.not_reminded:
        own = [d for d in w.documents if d.customer == customer]
        if any(d.number not in paid_numbers(w) and overdue_days(w, d) <= 0 for d in own):
            kinds.add("not due")  # an open invoice whose due date has not passed
        elif own and all(d.number in paid_numbers(w) for d in own):
            kinds.add("paid")
    assert kinds == {"paid", "not due"}
    return level


@pytest.mark.slow
def test_relance_telephone_one_customer_at_level_one():
    assert {check_reminders(w, "phone", 15, 29) for w in worlds("relance-telephone")} == {1}


@pytest.mark.slow
def test_relance_email_one_customer_at_level_one_or_two():
    assert {check_reminders(w, "email", 16, 40) for w in worlds("relance-email")} == {1, 2}


# --- determinism ----------------------------------------------------------------------------------------


def test_same_seed_same_world_and_different_seeds_differ():
    a = world_to_json(generate(pack(), "multi-factures", 7))
    assert a == world_to_json(generate(load_pack("procedure-11"), "multi-factures", 7))
    assert a != world_to_json(generate(pack(), "multi-factures", 8))


def test_derived_seed_does_not_depend_on_python_hashing():
    assert derive_seed("procedure-11", "escompte", 42) == int.from_bytes(
        __import__("hashlib").sha256(b"procedure-11\x1fescompte\x1f42").digest()[:8], "big"
    )


def _world_in_subprocess(hash_seed: str) -> bytes:
    code = (
        "import sys\n"
        "from simulator.packs.world.generate import generate_world\n"
        "from simulator.packs.world.serialize import world_to_json\n"
        "for scenario, seed in (('cheque', 11), ('multi-factures', 5), ('partiel', 300)):\n"
        "    sys.stdout.write(world_to_json(generate_world('procedure-11', scenario, seed)))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, env=env, cwd=ROOT
    ).stdout


def test_worlds_are_identical_byte_for_byte_across_processes():
    first = _world_in_subprocess("0")
    assert first == _world_in_subprocess("12345")
    assert b'"scenario": "cheque"' in first


def _one_world_in_subprocess(scenario: str, seed: int) -> str:
    code = (
        "import sys\n"
        "from simulator.packs.world.generate import generate_world\n"
        "from simulator.packs.world.serialize import world_to_json\n"
        f"sys.stdout.write(world_to_json(generate_world('procedure-11', {scenario!r}, {seed})))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, env=env, cwd=ROOT, text=True
    ).stdout


def test_a_world_does_not_depend_on_the_worlds_generated_before_it_in_the_process():
    # The process reuses one Faker, reseeded per world: A, B, A gives A twice, as a fresh process does.
    first = world_to_json(generate_world("procedure-11", "multi-factures", 5))
    other = world_to_json(generate_world("procedure-11", "partiel", 300))
    again = world_to_json(generate_world("procedure-11", "multi-factures", 5))
    assert again == first != other
    assert _one_world_in_subprocess("multi-factures", 5) == first


# --- small packs: the worked example of domain.md §4 and broken premises --------------------------------

PACK_YAML = """\
id: petit
version: "1"
title: Petit pack
procedure:
  - {id: p, title: Étape, summary: Résumé}
"""

ESCOMPTE = """\
id: s
title: Escompte
brief: "Le {today}, {A.name} règle {F1.number} ({F1.ttc}) par {VIR.amount}."
today: 2026-03-20
customers:
  - key: A
invoices:
  - key: F1
    customer: A
    date: -8
    discount: {rate: "2", days: 10}
    lines:
      - {label: "Marchandises", amount_ht: "818.40"}
statement:
  - key: VIR
    date: -1
    label: "VIR SEPA {A.name_upper} {F1.number}"
    amount: {documents: [F1], discount: true}
expected:
  receipts:
    - {source: VIR, customer: A, documents: [F1]}
rubric:
  - {criterion: difference_handled, points: 1}
  - {criterion: books_clean, points: 1}
"""


def small_pack(tmp_path: Path, scenario: str):
    folder = tmp_path / "petit"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    (folder / "s.yaml").write_text(scenario, encoding="utf-8")
    return load_pack(folder)


def test_domain_worked_example_gives_962_44(tmp_path):
    w = generate(small_pack(tmp_path, ESCOMPTE), "s", 1)
    [invoice] = w.documents
    assert (invoice.amount_ht, invoice.amount_vat, invoice.amount_ttc) == (
        Decimal("818.40"),
        Decimal("163.68"),
        Decimal("982.08"),
    )
    assert w.statement_lines[0].amount == Decimal("962.44")
    assert invoice.discount.deadline == date(2026, 3, 22)
    name = w.customers[0].customer.name
    assert w.brief == f"Le 20/03/2026, {name} règle {invoice.number} (982,08\u00a0€) par 962,44\u00a0€."
    assert world_to_dict(w)["statement_lines"][0]["amount"] == "962.44"


def test_every_amount_is_the_same_whatever_the_seed_when_fixed(tmp_path):
    amounts = {
        generate(small_pack(tmp_path, ESCOMPTE), "s", seed).statement_lines[0].amount for seed in range(20)
    }
    assert amounts == {Decimal("962.44")}


REMINDER = """\
id: s
title: Relance
brief: "Relance du {today}."
today: 2026-03-20
customers:
  - key: A
  - key: B
invoices:
  - {key: FA, customer: A, date: -50, lines: [{amount_ht: "100"}]}
  - {key: FB, customer: B, date: -10, lines: [{amount_ht: "100"}]}
expected:
  reminders:
    - {customer: A, channel: phone, documents: [FA]}
  not_reminded: [B]
rubric:
  - {criterion: reminders_sent, points: 1}
  - {criterion: books_clean, points: 1}
"""


#: A scenario given to generate() without the loader's cross-checks (which refuse some premises already).
UNCHECKED = "# unchecked\n"


def test_reminder_level_follows_days_overdue(tmp_path):
    w = generate(small_pack(tmp_path, REMINDER), "s", 1)
    [reminder] = w.expected.reminders
    assert (reminder.level, reminder.channel, reminder.documents) == (1, "phone", (w.keys["FA"],))
    w = generate(small_pack(tmp_path, REMINDER.replace("date: -50", "date: -64")), "s", 1)
    assert w.expected.reminders[0].level == 2  # 34 days overdue: level 2 (J+30), phone still allowed


@pytest.mark.parametrize(
    ("base", "change", "message"),
    [
        # Refused at validation already (tests/packs/test_authoring.py); generation checks them again.
        (UNCHECKED + REMINDER, ("date: -50", "date: -20"), "aucune des factures n'est échue"),
        (
            UNCHECKED + REMINDER,
            ("date: -50", "date: -35"),
            "retard de 5 jours, avant le premier niveau de relance (J+15)",
        ),
        (UNCHECKED + REMINDER, ("channel: phone", "channel: letter"), "pas par letter"),
        (REMINDER, ("date: -50, lines", "date: -50, status: paid, lines"), "est déjà réglée"),
        (
            UNCHECKED + REMINDER,
            ("date: -10", "date: -70"),
            "« B » ne doit pas être relancé mais a une facture échue",
        ),
        (ESCOMPTE, ("discount: true}", 'leave: {min: "2000", max: "3000"}}'), "aucune valeur possible"),
        (
            ESCOMPTE.replace(
                "statement:",
                "credit_notes:\n  - {key: AV, customer: A, refers_to: F1, date: -2, "
                'reason: Retour, lines: [{amount_ht: "10"}]}\nstatement:',
            ),
            ("amount: {documents: [F1], discount: true}", "amount: {documents: [AV]}"),
            "nul ou négatif",
        ),
    ],
)
def test_a_broken_premise_is_refused(tmp_path, base, change, message):
    assert change[0] in base
    scenario = base.replace(*change)
    if scenario.startswith(UNCHECKED):
        valid = small_pack(tmp_path, base)
        pack = dataclasses.replace(
            valid, scenarios={"s": ScenarioSpec.model_validate(yaml.safe_load(scenario))}
        )
    else:
        pack = small_pack(tmp_path, scenario)
    with pytest.raises(ScenarioPremiseError) as info:
        generate(pack, "s", 1)
    assert message in str(info.value)
    assert str(info.value).startswith("petit/s, graine 1 : ")


def test_the_partial_invoice_must_be_the_last_listed(tmp_path):
    scenario = (
        ESCOMPTE.replace(
            "statement:",
            '  - {key: F0, customer: A, date: -2, lines: [{amount_ht: "100"}]}\nstatement:',
        )
        .replace(
            "amount: {documents: [F1], discount: true}",
            'amount: {documents: [F1, F0], leave: {min: "10", max: "50"}}',
        )
        .replace("documents: [F1]}", "documents: [F1, F0]}")
    )
    assert generate(small_pack(tmp_path, scenario), "s", 1)
    with pytest.raises(ScenarioPremiseError, match="doit être la plus récente"):
        generate(small_pack(tmp_path, scenario.replace("[F1, F0], leave", "[F0, F1], leave")), "s", 1)


def test_generate_world_accepts_an_id_a_path_or_a_pack(tmp_path):
    by_id = world_to_json(generate_world("procedure-11", "virement", 4))
    assert by_id == world_to_json(generate_world(ROOT / "scenarios" / "procedure-11", "virement", 4))
    assert by_id == world_to_json(generate_world(pack(), "virement", 4))
    with pytest.raises(KeyError, match="inconnu"):
        generate_world(pack(), "inconnu", 1)
