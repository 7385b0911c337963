"""What a teacher writing a pack needs (issue 11): a scenario's own reminder plan, invoice lines as quantity ×
unit price or as a TTC amount, a pack-level company the scenarios inherit, and the premises that the YAML
alone decides refused at validation (FILE:LINE) rather than by ``solve`` later."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from simulator.grading.engine import grade
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.loader import validate_pack
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate

PACK = """\
id: auteur
version: "1"
title: Pack d'essai
procedure:
  - {id: relancer, title: Relancer, summary: Relancer le client au bon niveau.}
"""

# 2026-03-20, an invoice of 2026-01-29 at 30 days: due 2026-02-28, 20 days overdue.
REMINDER = """\
id: s
title: Relance
brief: "Relance du {today}."
today: 2026-03-20
customers:
  - key: A
invoices:
  - {key: FA, customer: A, date: -50, lines: [{amount_ht: "100"}]}
expected:
  reminders:
    - {customer: A, channel: phone, documents: [FA]}
rubric:
  - {criterion: reminders_sent, points: 1}
  - {criterion: books_clean, points: 1}
"""


def write_pack(tmp_path: Path, scenarios: dict[str, str], pack: str = PACK) -> Path:
    folder = tmp_path / "auteur"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    for name, text in scenarios.items():
        (folder / f"{name}.yaml").write_text(text.replace("id: s\n", f"id: {name}\n"), encoding="utf-8")
    return folder


def messages(folder: Path) -> list[str]:
    return [str(error) for error in validate_pack(folder)]


def reference_score(folder: Path, scenario: str, seed: int = 1) -> float:
    world = generate(load_pack(folder), scenario, seed)
    return grade(world, replay(world, solve(world))).as_dict()["score"]


# --- premises decided at validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # 20 days before today, at 30 days: not due yet.
        (("date: -50", "date: -20"), "aucune de ses factures n'est échue au 20/03/2026"),
        # 5 days overdue: before J+15.
        (("date: -50", "date: -35"), "après 5 jours de retard, avant le premier niveau de relance (J+15)"),
        # 20 days overdue is level 1 (phone, e-mail): no letter yet.
        (
            ("channel: phone", "channel: letter"),
            "relance attendue par lettre après 20 jours de retard, mais au niveau 1 (Relance amiable, J+15) la "
            "relance se fait par téléphone, e-mail",
        ),
        # From 5 to 20 days overdue depending on the seed: some seeds fall before J+15.
        (
            ("date: -50", "date: {min: -50, max: -35}"),
            "après 5 jours de retard, avant le premier niveau de relance (J+15) : rien n'est encore à relancer (pour certaines graines)",
        ),
    ],
)
def test_a_reminder_that_cannot_be_due_is_refused_at_its_line(tmp_path, change, message):
    folder = write_pack(tmp_path, {"s": REMINDER.replace(*change)})
    [error] = messages(folder)
    assert error.startswith("s.yaml:11: ") and message in error  # line 11: the reminder


def test_a_customer_not_to_remind_with_an_overdue_invoice_is_refused_at_its_line(tmp_path):
    late = REMINDER.replace("  - key: A\n", "  - key: A\n  - key: B\n").replace(
        "invoices:\n", 'invoices:\n  - {key: FB, customer: B, date: -70, lines: [{amount_ht: "80"}]}\n'
    )
    late = late.replace("rubric:", "  not_reminded: [B]\nrubric:")
    folder = write_pack(tmp_path, {"s": late})
    assert messages(folder) == [
        "s.yaml:14: le client « B » ne doit pas être relancé mais sa facture « FB » est échue et non réglée"
    ]
    on_time = late.replace("date: -70", "date: -10")  # due in 20 days
    assert messages(write_pack(tmp_path, {"s": on_time})) == []


def test_a_reminder_premise_that_holds_validates(tmp_path):
    folder = write_pack(tmp_path, {"s": REMINDER})
    assert messages(folder) == []
    assert reference_score(folder, "s") == 100


# --- a scenario's own reminder plan ---------------------------------------------------------------------------

OWN_LEVELS = REMINDER.replace("channel: phone", "channel: letter").replace(
    "customers:",
    """followup_levels:
  - {level: 1, days: 10, name: "Lettre de rappel", actions: [letter]}
  - {level: 2, days: 40, name: "Mise en demeure", actions: [registered_letter]}
customers:""",
)


def test_a_scenario_pins_its_own_reminder_levels_and_the_others_keep_the_packs(tmp_path):
    folder = write_pack(tmp_path, {"lettre": OWN_LEVELS, "telephone": REMINDER})
    assert messages(folder) == []
    pack = load_pack(folder)
    own = generate(pack, "lettre", 1)
    assert [(lv.level, lv.days, lv.actions) for lv in own.followup_levels] == [
        (1, 10, ("letter",)),
        (2, 40, ("registered_letter",)),
    ]
    [reminder] = own.expected.reminders
    assert (reminder.level, reminder.channel) == (1, "letter")  # 20 days overdue: level 1 of its own plan
    other = generate(pack, "telephone", 1)
    assert [lv.days for lv in other.followup_levels] == [15, 30, 45, 60]  # domain.md §7.2, the pack's default
    assert reference_score(folder, "lettre") == 100


def test_a_scenarios_levels_are_checked_like_the_packs(tmp_path):
    broken = OWN_LEVELS.replace("days: 40", "days: 5")
    folder = write_pack(tmp_path, {"s": broken})
    assert messages(folder) == ["s.yaml:7: les niveaux de relance doivent croître (numéro et jours)"]


# --- invoice lines: quantity × unit price, or TTC ---------------------------------------------------------------

LINES = """\
id: s
title: Lignes
brief: "Facture {F1.number} : {F1.ttc}."
today: 2026-03-20
customers:
  - key: A
invoices:
  - key: F1
    customer: A
    date: -8
    lines:
      - {label: "Cartouches", quantity: 3, unit_price: "19.99"}
      - {label: "Livraison", amount_ttc: "120.00"}
statement:
  - key: VIR
    date: -1
    label: "VIR {A.name_upper} {F1.number}"
    amount: {documents: [F1]}
expected:
  receipts:
    - {source: VIR, customer: A, documents: [F1]}
rubric:
  - {criterion: receipts_recorded, points: 1}
  - {criterion: books_clean, points: 1}
"""


def test_lines_as_quantity_times_unit_price_and_as_ttc(tmp_path):
    folder = write_pack(tmp_path, {"s": LINES})
    assert messages(folder) == []
    world = generate(load_pack(folder), "s", 4)
    [invoice] = world.documents
    # 3 × 19.99 = 59.97 HT; 120.00 TTC at 20 % = 100.00 HT. VAT 20 % of 159.97 = 31.994 -> 31.99.
    assert [line.amount_ht for line in invoice.lines] == [Decimal("59.97"), Decimal("100.00")]
    assert (invoice.amount_ht, invoice.amount_vat, invoice.amount_ttc) == (
        Decimal("159.97"),
        Decimal("31.99"),
        Decimal("191.96"),
    )
    assert reference_score(folder, "s") == 100


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{label: "Livraison", amount_ht: "100", amount_ttc: "120.00"}',
            "une ligne donne son montant d'une seule façon : « amount_ht » (HT), « quantity » × « unit_price » "
            "(prix unitaire HT) ou « amount_ttc » (trouvé : « amount_ht » et « amount_ttc »)",
        ),
        ('{label: "Livraison"}', "(trouvé : aucun)"),
        ('{label: "Livraison", quantity: 2}', "« quantity » sans « unit_price » : donnez les deux"),
        ('{label: "Livraison", quantity: 0, unit_price: "5"}', "la quantité doit être positive (reçu 0)"),
        ('{label: "Livraison", amount_ttc: "-3"}', "le montant TTC doit être positif (reçu -3)"),
        # 83.37 HT makes 100.04 TTC and 83.38 HT makes 100.06: no HT in cents makes 100.05.
        (
            '{label: "Livraison", amount_ttc: "100.05"}',
            "aucun montant HT au centime ne donne 100.05 TTC à 20 % (le plus proche, 83.38 HT, donne 100.06 TTC)",
        ),
        (
            '{label: "Livraison", amount_ttc: 120.5}',
            "le nombre 120.5 est lu comme un nombre à virgule flottante",
        ),
    ],
)
def test_a_line_gives_its_amount_one_way_and_soundly(tmp_path, line, message):
    folder = write_pack(tmp_path, {"s": LINES.replace('{label: "Livraison", amount_ttc: "120.00"}', line)})
    [error] = messages(folder)
    assert error.startswith("s.yaml:13: ") and message in error  # line 13: the second line


def test_a_vat_rate_france_does_not_have_is_refused_with_the_french_rates(tmp_path):
    line = '{label: "Livraison", amount_ht: "100.00", vat_rate: "19.6"}'  # the normal rate until 2013
    folder = write_pack(tmp_path, {"s": LINES.replace('{label: "Livraison", amount_ttc: "120.00"}', line)})
    [error] = messages(folder)
    assert error == (
        "s.yaml:13: taux de TVA 19,6 % inconnu (taux français : 0 % ; 2,1 % ; 5,5 % ; 10 % ; 20 %)"
    ), error


# --- a pack-level company ---------------------------------------------------------------------------------------

COMPANY_PACK = PACK + "company: {name: Atelier Morel, legal_form: SAS}\n"


def test_scenarios_inherit_the_packs_company_and_override_it_field_by_field(tmp_path):
    own_form = REMINDER.replace("customers:", "company: {legal_form: SARL}\ncustomers:")
    folder = write_pack(tmp_path, {"herite": REMINDER, "sarl": own_form}, COMPANY_PACK)
    assert messages(folder) == []
    pack = load_pack(folder)
    assert {generate(pack, "herite", seed).company.name for seed in (1, 2, 3)} == {"Atelier Morel SAS"}
    assert generate(pack, "sarl", 1).company.name == "Atelier Morel SARL"
    assert reference_score(folder, "herite") == 100


def test_a_customer_cannot_take_the_inherited_company_name(tmp_path):
    clash = REMINDER.replace("  - key: A\n", "  - {key: A, name: Atelier Morel}\n")
    folder = write_pack(tmp_path, {"s": clash}, COMPANY_PACK)
    assert messages(folder) == [
        "s.yaml:6: le nom « Atelier Morel » est déjà celui de notre société (company)"
    ]
