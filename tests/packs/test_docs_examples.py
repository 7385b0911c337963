"""The packs docs/packs.md shows as files (a YAML block whose first line is ``# file: FOLDER/NAME.yaml``) are
real packs: written out as they are in the doc, they validate, every scenario generates, and the reference
solution scores 100."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from simulator.grading.engine import grade
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.loader import validate_pack
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate

DOC = Path(__file__).resolve().parents[2] / "docs" / "packs.md"
_BLOCK = re.compile(r"```yaml\n# file: (?P<path>[\w./-]+)\n(?P<body>.*?)```", re.S)


def doc_files() -> dict[str, str]:
    return {m["path"]: m["body"] for m in _BLOCK.finditer(DOC.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("doc-packs")
    folders = {}
    for path, body in doc_files().items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        folders[target.parent.name] = target.parent
    return folders


def test_the_doc_shows_the_tutorial_pack_and_the_reminder_example():
    assert set(doc_files()) == {
        "escompte-tuto/pack.yaml",
        "escompte-tuto/a-temps.yaml",
        "escompte-tuto/hors-delai.yaml",
        "relance-tuto/pack.yaml",
        "relance-tuto/lettre.yaml",
    }


@pytest.mark.parametrize("name", ["escompte-tuto", "relance-tuto"])
def test_every_pack_of_the_doc_validates_and_its_reference_scores_100(packs, name):
    assert [str(e) for e in validate_pack(packs[name])] == []
    pack = load_pack(packs[name])
    for scenario in pack.scenario_ids:
        for seed in (1, 2, 3, 17):
            world = generate(pack, scenario, seed)
            assert grade(world, replay(world, solve(world))).score == 100, (scenario, seed)


def test_the_tutorial_worlds_are_the_procedures_worked_example(packs):
    pack = load_pack(packs["escompte-tuto"])
    for seed in (1, 2, 3):
        on_time = generate(pack, "a-temps", seed)
        [invoice] = on_time.documents
        # domain.md §4: 982.08 TTC = 818.40 HT + 163.68 VAT, paid 962.44 with the 2 % discount.
        assert (invoice.amount_ht, invoice.amount_vat, invoice.amount_ttc) == (
            Decimal("818.40"),
            Decimal("163.68"),
            Decimal("982.08"),
        )
        assert on_time.statement_lines[0].amount == Decimal("962.44")
        assert on_time.company.name == "Papeterie Morel SARL"  # the pack's company
        late = generate(pack, "hors-delai", seed)
        reams, delivery = late.documents[0].lines
        assert reams.amount_ht / 40 in {Decimal("3.50") + Decimal("0.10") * k for k in range(35)}
        assert delivery.amount_ht == Decimal("25.00")
        assert late.company.name == "Papeterie Morel SAS"  # the scenario's legal form, the pack's name


def test_the_reminder_example_uses_its_own_plan(packs):
    world = generate(load_pack(packs["relance-tuto"]), "lettre", 1)
    assert [(lv.level, lv.days) for lv in world.followup_levels] == [(1, 10), (2, 40)]
    assert world.expected.reminders[0].level == 1
