"""A pack's own letter text for a follow-up level (``letter`` in ``followup_levels``): validated at its
lines, carried into the world, printed instead of the default text; levels without one keep the default."""

import shutil
from decimal import Decimal
from pathlib import Path

import yaml
from document_helpers import euros, jjmmaaaa, pdf_text

from simulator.documents.letters import letter_document
from simulator.documents.render import to_pdf
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.loader import validate_pack
from simulator.packs.spec.registry import load_pack
from simulator.packs.spec.yamlsource import PackError
from simulator.packs.world.generate import generate

BUILTIN = Path(__file__).resolve().parents[2] / "scenarios" / "procedure-11"
LEVEL_2 = '  - {level: 2, days: 30, name: "Deuxième relance", actions: [email, phone]}\n'
CUSTOM = (
    "  - level: 2\n"
    "    days: 30\n"
    '    name: "Deuxième relance"\n'
    "    actions: [email, phone]\n"
    "    letter: |\n"
    "      Bonjour %(courtesy_title)s,\n"
    "\n"
    "      Relance maison pour %(partner_name)s : %(amount_due)s TTC attendus depuis le %(due_dates)s,\n"
    "      soit 100 %% des factures %(invoice_numbers)s.\n"
    "\n"
    "      %(invoice_lines)s\n"
    "\n"
    "      Fait le %(date)s pour %(company_name)s.\n"
)


def _pack(tmp_path: Path, level_2: str) -> Path:
    folder = tmp_path / "procedure-11"
    shutil.copytree(BUILTIN, folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert text.count(LEVEL_2) == 1
    (folder / "pack.yaml").write_text(text.replace(LEVEL_2, level_2), encoding="utf-8")
    return folder


def _level_2_line(folder: Path) -> int:
    lines = (folder / "pack.yaml").read_text(encoding="utf-8").splitlines()
    return lines.index("  - level: 2") + 1


def _with_text(world) -> set[int]:
    """The levels whose letter has its own text in the pack."""
    return {lvl.level for lvl in world.followup_levels if lvl.template}


def test_a_pack_letter_is_printed_with_its_placeholders_filled(tmp_path):
    pack = load_pack(_pack(tmp_path, CUSTOM))
    world = generate(pack, "relance-email", 1)
    assert _with_text(world) == {2, 3}  # ours, and the built-in pack's level 3
    books = replay(world, solve(world)).books
    customer = world.expected.reminders[0].customer
    overdue = [
        d
        for d in world.documents
        if d.customer == customer and d.due_date and d.due_date < world.today and books.residual(d.number) > 0
    ]
    assert overdue
    due = sum((books.residual(d.number) for d in overdue), Decimal(0))
    name = world.customer(customer).customer.name

    text = pdf_text(to_pdf(letter_document(world, books, customer, 2)))
    assert f"Relance maison pour {name} : {euros(due)} € TTC attendus depuis le" in text
    assert "soit 100 % des factures" in text and "%(" not in text and "%%" not in text
    for doc in overdue:
        assert doc.number in text and jjmmaaaa(doc.due_date) in text
    assert f"pour {world.company.name}." in text
    assert "convenir d'un échéancier de paiement" not in text  # the default firm text is not used
    # level 1 has no pack text: the default courteous text
    default = pdf_text(to_pdf(letter_document(world, books, customer, 1)))
    assert "Il s'agit sans doute d'un simple oubli" in default and "Relance maison" not in default


def test_the_builtin_pack_prints_its_level_3_text_and_the_defaults_elsewhere():
    world = generate(load_pack("procedure-11"), "relance-email", 1)
    assert _with_text(world) == {3}
    books = replay(world, solve(world)).books
    customer = world.expected.reminders[0].customer
    level_3 = pdf_text(to_pdf(letter_document(world, books, customer, 3)))
    assert "dernière relance amiable" in level_3 and "mise en demeure" in level_3
    assert "12,15 %" in level_3 and "40,00 € par facture" in level_3  # 2026: ECB 2.15 % + 10 points
    level_2 = pdf_text(to_pdf(letter_document(world, books, customer, 2)))
    assert (
        "nous restons à votre disposition pour convenir d'un échéancier" in level_2
    )  # the default firm text


def test_a_pack_letter_stays_with_its_level_when_a_level_is_added_before_it():
    """Niveaux de relance: a level added at J+20 renumbers « Dernière relance amiable » from 3 to 4; its
    letter is still the pack's text, and the new level 3 (J+30, « Deuxième relance ») prints the default."""
    world = generate(load_pack("procedure-11"), "relance-email", 1)
    added = {"type": "add_followup_level", "name": "Rappel intermédiaire", "days": 20, "actions": ["email"]}
    books = replay(world, [*solve(world), added]).books
    assert [lvl.name for lvl in books.levels][2:4] == ["Deuxième relance", "Dernière relance amiable"]
    customer = world.expected.reminders[0].customer
    moved = pdf_text(to_pdf(letter_document(world, books, customer, 4)))
    assert "dernière relance amiable" in moved and "régler sous huit jours" in moved
    renumbered = pdf_text(to_pdf(letter_document(world, books, customer, 3)))
    assert (
        "nous restons à votre disposition pour convenir d'un échéancier" in renumbered
        and "régler sous huit jours" not in renumbered
    )


def test_the_builtin_level_3_letter_recalls_only_reminders_the_log_shows():
    """« Malgré nos relances » only after a reminder the follow-up log shows: the pack's text opens with
    ``%(opening)s`` like the default texts."""
    world = generate(load_pack("procedure-11"), "relance-email", 1)
    customer = world.expected.reminders[0].customer
    unreminded = pdf_text(to_pdf(letter_document(world, replay(world, []).books, customer, 3)))
    assert "régler sous huit jours" in unreminded  # the pack's own text
    assert "Malgré" not in unreminded and "Sauf erreur ou omission de notre part" in unreminded
    # the solution e-mails the customer on 23/06/2026, the day of the letter
    reminded = pdf_text(to_pdf(letter_document(world, replay(world, solve(world)).books, customer, 3)))
    assert "Malgré notre relance du 23/06/2026, les factures suivantes" in reminded


def test_no_letter_text_of_the_builtin_packs_claims_reminders():
    """Every letter text of the built-in packs and their scenarios leaves « Malgré nos relances » to
    ``%(opening)s``: the text cannot know whether reminders were sent."""
    texts = []
    for source in sorted(BUILTIN.parent.glob("*/*.yaml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        for level in (data or {}).get("followup_levels") or []:
            if isinstance(level, dict) and level.get("letter"):
                texts.append((source.name, level["letter"]))
    assert texts  # procedure-11 has one
    for name, text in texts:
        assert "Malgré" not in text and "précédentes" not in text, name
        assert "%(opening)s" in text, name


def test_an_unknown_placeholder_or_a_lone_percent_is_refused_at_its_line(tmp_path):
    bad = CUSTOM.replace("%(due_dates)s", "%(unknown)s").replace("soit 100 %%", "soit 100 %")
    folder = _pack(tmp_path, bad)
    start = _level_2_line(folder)
    errors = validate_pack(folder)
    # the text starts on the line after « letter: | » (start + 5); its 3rd and 4th lines are faulty
    assert [(e.file, e.line) for e in errors] == [("pack.yaml", start + 7), ("pack.yaml", start + 8)]
    assert "lettre du niveau 2" in errors[0].message and "variable inconnue %(unknown)s" in errors[0].message
    assert "« % » seul" in errors[1].message


def test_a_quoted_letter_is_refused_at_its_key_and_a_litigation_level_takes_no_letter(tmp_path):
    level = (
        '  - {level: 2, days: 30, name: "Deuxième relance", actions: [litigation], letter: "Payez %(x)s"}\n'
    )
    folder = _pack(tmp_path, level)
    line = (folder / "pack.yaml").read_text(encoding="utf-8").splitlines().index(level.rstrip("\n")) + 1
    everything = validate_pack(folder)
    errors = [e for e in everything if e.file == "pack.yaml"]
    assert {(e.file, e.line) for e in errors} == {("pack.yaml", line)}
    # and the e-mail reminder of relance-email (level 2, J+30) cannot be due any more: level 2 is litigation
    [premise] = [e for e in everything if e.file != "pack.yaml"]
    assert premise.file == "relance-email.yaml" and "se fait par contentieux" in premise.message
    assert any("ne prévoit pas de lettre" in e.message for e in errors)
    assert any("variable inconnue %(x)s" in e.message for e in errors)
    assert all(isinstance(e, PackError) for e in errors)
