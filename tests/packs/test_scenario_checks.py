"""Cross-checks of a scenario that the broken fixtures and the authoring tests do not reach, one group per
module of simulator/packs/spec/checks/: each problem is reported at its file and line, in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.packs.spec.loader import validate_pack

PACK = """\
id: essai
version: "1"
title: Pack d'essai
procedure:
  - {id: saisie, title: Saisie, summary: Saisir les règlements.}
"""

# Lines 1-10; what a test adds starts at line 11, the rubric follows it.
BASE = """\
id: s
title: Essai
brief: "Essai du {today}."
today: 2026-03-20
customers:
  - key: A
  - key: B
invoices:
  - {key: FA, customer: A, date: -10, lines: [{amount_ht: "100"}]}
  - {key: FB, customer: B, date: -10, lines: [{amount_ht: "200"}]}
"""
RUBRIC = """\
rubric:
  - {criterion: books_clean, points: 1}
"""


def problems(tmp_path: Path, extra: str, base: str = BASE) -> list[str]:
    folder = tmp_path / "essai"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    (folder / "s.yaml").write_text(base + extra + RUBRIC, encoding="utf-8")
    return [str(error) for error in validate_pack(folder)]


def test_the_base_scenario_is_valid(tmp_path):
    assert problems(tmp_path, "") == []


# --- bank: statement lines, cheques, slips, expected receipts --------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            'cheques:\n  - {key: C1, customer: A, date: -3, received: -5, amount: "50.00"}\n',
            ["s.yaml:12: chèque reçu avant la date écrite dessus"],
        ),
        (
            'cheques:\n  - {key: C1, customer: A, date: -5, received: -3, amount: "50.00"}\n'
            "slips:\n  - {key: R1, date: -1, cheques: [C1]}\n",
            [
                "s.yaml:14: le chèque « C1 » d'une remise passée doit avoir un montant {documents: [...]} : "
                "ce sont les pièces que son encaissement a réglées"
            ],
        ),
        (
            'statement:\n  - {key: V1, date: -1, label: "VIR", amount: {documents: [FA, FB]}}\n',
            ["s.yaml:12: les documents d'un même règlement doivent être du même client"],
        ),
        (
            'statement:\n  - {key: V1, date: -1, label: "VIR", amount: "0"}\n',
            ["s.yaml:12: montant nul"],
        ),
        (
            'statement:\n  - {key: V1, date: -1, label: "VIR", amount: {documents: [FA]}}\n'
            "expected:\n  receipts:\n    - {source: V1, customer: A, documents: [FA], journal: CHQ}\n",
            ["s.yaml:15: un virement lu sur le relevé s'enregistre au journal BNK, pas CHQ"],
        ),
        (
            "cheques:\n  - {key: C1, customer: A, date: -5, received: -3, amount: {documents: [FA]}}\n"
            "expected:\n  receipts:\n    - {source: C1, customer: B, documents: [FB]}\n",
            ["s.yaml:15: le chèque « C1 » vient de « A », pas de « B »"],
        ),
    ],
)
def test_bank_checks(tmp_path, extra, expected):
    assert problems(tmp_path, extra) == expected


# --- follow-up: messages, expected reminders --------------------------------------------------------------------


def test_only_a_remittance_advice_settles_documents(tmp_path):
    extra = (
        "messages:\n"
        '  - {key: M1, customer: A, kind: email, date: -1, subject: "Facture", body: "Bonjour", settles: [FA]}\n'
    )
    assert problems(tmp_path, extra) == [
        "s.yaml:12: settles n'a de sens que pour un avis de règlement (kind: remittance)"
    ]


def test_a_customer_cannot_be_both_reminded_and_not_reminded(tmp_path):
    # FA: dated 50 days ago at 30 days, 20 days overdue: a phone reminder is due (level 1, J+15)
    late = BASE.replace("{key: FA, customer: A, date: -10,", "{key: FA, customer: A, date: -50,")
    extra = (
        "expected:\n  reminders:\n    - {customer: A, channel: phone, documents: [FA]}\n  not_reminded: [A]\n"
    )
    assert problems(tmp_path, extra, late) == [
        "s.yaml:14: « A » est à la fois dans reminders et dans not_reminded",
        "s.yaml:14: le client « A » ne doit pas être relancé mais sa facture « FA » est échue et non réglée",
    ]


# --- litigation: disputes, payment dates, replies ------------------------------------------------------------


def test_a_disputed_invoice_has_no_expected_payment_date(tmp_path):
    extra = "expected:\n  disputes: [FA]\n  expected_payments:\n    - {document: FA, date: 5}\n"
    assert problems(tmp_path, extra) == ["s.yaml:14: « FA » est en litige : pas de date de paiement prévue"]


def test_replies_need_a_message_and_a_calendar_that_moves(tmp_path):
    extra = "expected:\n  replies:\n    - {message: M9}\n"
    found = problems(tmp_path, extra)
    assert "s.yaml:13: « M9 » n'est pas un message (messages)" in found
    assert any(
        p.endswith("replies, doubtful et late_fees demandent un calendrier qui avance (calendar)")
        for p in found
    )


# --- texts: placeholders ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("placeholder", "message"),
    [
        ("{FA.discount_rate}", "variable {FA.discount_rate} : la facture « FA » n'a pas d'escompte"),
        ("{V1.leave}", "variable {V1.leave} : « V1 » ne laisse pas de reste (pas de leave dans son montant)"),
        ("{FA.reste}", "variable inconnue {FA.reste} : attributs possibles de « FA » : "),
    ],
)
def test_a_placeholder_asks_for_what_its_item_has(tmp_path, placeholder, message):
    base = BASE.replace('brief: "Essai du {today}."', f'brief: "Essai du {{today}}, {placeholder}."')
    extra = 'statement:\n  - {key: V1, date: -1, label: "VIR", amount: {documents: [FA]}}\n'
    [problem] = problems(tmp_path, extra, base)
    assert problem.startswith("s.yaml:3: " + message)
