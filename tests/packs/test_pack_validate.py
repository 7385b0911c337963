"""Pack validation: every problem reported with its file and line, and the ``pack validate`` command.

Each folder of tests/packs/broken/ is a small pack broken on purpose; its EXPECTED file lists the exact
``FILE:LINE`` of every problem the validator must report, each with a fragment of the French message.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from simulator.packs import commands
from simulator.packs.spec.loader import PackInvalid, validate_pack
from simulator.packs.spec.registry import list_packs, load_pack
from simulator.packs.spec.yamlsource import PackError

BROKEN = Path(__file__).parent / "broken"
BUILTIN = Path(__file__).resolve().parents[2] / "scenarios" / "procedure-11"
BROKEN_CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "EXPECTED").is_file())


def _expected(case: str) -> list[tuple[str, int, str]]:
    rows = []
    for row in (BROKEN / case / "EXPECTED").read_text(encoding="utf-8").splitlines():
        if row.strip():
            file, line, fragment = row.split(":", 2)
            rows.append((file, int(line), fragment.strip()))
    return rows


def test_the_builtin_pack_is_valid():
    assert validate_pack(BUILTIN) == []
    pack = load_pack("procedure-11")
    assert pack.scenario_ids == (
        "virement",
        "cheque",
        "arrondi",
        "escompte",
        "partiel",
        "multi-factures",
        "relance-telephone",
        "relance-email",
        "remise-creditee",
    )
    assert pack.version == "1"
    assert "procedure-11" in [p.id for p in list_packs()]


def test_there_are_enough_broken_packs():
    assert len(BROKEN_CASES) >= 12


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_broken_pack_reports_each_problem_at_its_file_and_line(case):
    errors = validate_pack(BROKEN / case)
    expected = _expected(case)
    assert sorted((e.file, e.line) for e in errors) == sorted((f, n) for f, n, _ in expected), errors
    for file, line, fragment in expected:
        messages = [e.message for e in errors if (e.file, e.line) == (file, line)]
        assert any(fragment in m for m in messages), (fragment, messages)


def test_three_errors_in_two_files_are_all_reported():
    errors = validate_pack(BROKEN / "three-errors-two-files")
    assert len(errors) == 3
    assert {e.file for e in errors} == {"pack.yaml", "base.yaml"}


def test_load_pack_raises_with_every_error():
    with pytest.raises(PackInvalid) as info:
        load_pack(BROKEN / "three-errors-two-files")
    assert len(info.value.errors) == 3
    assert all(isinstance(e, PackError) for e in info.value.errors)


def test_unknown_builtin_id_is_reported():
    with pytest.raises(PackInvalid) as info:
        load_pack("no-such-pack")
    assert "introuvable" in info.value.errors[0].message


def test_missing_pack_yaml_and_scenario_listed_without_file(tmp_path):
    assert validate_pack(tmp_path) == [PackError("pack.yaml", 0, "fichier pack.yaml manquant")]
    shutil.copytree(BROKEN / "id-not-stem", tmp_path / "p")
    pack_yaml = tmp_path / "p" / "pack.yaml"
    pack_yaml.write_text(
        pack_yaml.read_text(encoding="utf-8") + "scenarios: [base, absent]\n", encoding="utf-8"
    )
    errors = validate_pack(tmp_path / "p")
    assert PackError("pack.yaml", 8, "scénario « absent » listé mais fichier absent.yaml absent") in errors


def _base_pack(tmp_path: Path, scenario: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(BROKEN / "id-not-stem" / "pack.yaml", folder / "pack.yaml")
    (folder / "base.yaml").write_text(scenario, encoding="utf-8")
    return folder


BASE = (BROKEN / "id-not-stem" / "base.yaml").read_text(encoding="utf-8").replace("id: autre", "id: base")


def test_the_base_scenario_of_the_fixtures_is_valid(tmp_path):
    assert validate_pack(_base_pack(tmp_path, BASE)) == []


def test_when_groups_need_one_chance_and_guard_what_cites_them(tmp_path):
    scenario = BASE.replace(
        "  - key: A\n",
        '  - key: A\n  - key: B\n    when: {group: extra, chance: "0.5"}\n'
        '  - key: C\n    when: {group: extra, chance: "0.3"}\n',
    ).replace('brief: "Nous sommes le {today}."', 'brief: "Nous sommes le {today}, {B.name}."')
    errors = validate_pack(_base_pack(tmp_path, scenario))
    assert [(e.line, e.message.split(" :")[0]) for e in errors] == [
        (3, "variable {B.name}"),
        (11, "le groupe « extra » a déjà la probabilité 0.5 (ligne 9)"),
    ]


def test_leave_and_adjust_ranges_are_checked(tmp_path):
    scenario = BASE.replace(
        "amount: {documents: [F1]}",
        'amount: {documents: [F1], leave: {min: "0", max: "100"}, '
        'adjust: {min: "0", max: "0", nonzero: true}}',
    )
    errors = validate_pack(_base_pack(tmp_path, scenario))
    messages = sorted(e.message for e in errors)
    assert all(e.line == 18 for e in errors)
    assert messages == [
        "le reste laissé ouvert doit être positif (reçu 0)",
        "nonzero: true avec une plage réduite à 0",
    ]


# --- the command ----------------------------------------------------------------------------------------


def test_validate_command_prints_file_line_message_and_exits_1(capsys):
    typed = str(BROKEN / "three-errors-two-files")
    status = commands.main(["pack", "validate", typed])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert len(lines) == 3
    assert lines[0].startswith(f"{typed}/pack.yaml:4: clé inconnue « auteur »")
    assert lines[1].startswith(f"{typed}/base.yaml:13: ")
    assert lines[2] == f"{typed}/base.yaml:22: le barème (rubric) est vide : au moins un critère"


def test_validate_command_keeps_the_path_as_typed(capsys, monkeypatch):
    monkeypatch.chdir(BROKEN)
    assert commands.main(["pack", "validate", "empty-rubric"]) == 1
    assert capsys.readouterr().out.startswith("empty-rubric/base.yaml:22: ")


def test_validate_command_on_a_valid_pack(capsys):
    assert commands.main(["pack", "validate", str(BUILTIN)]) == 0
    assert capsys.readouterr().out.strip() == "Pack valide : 9 scénarios"


def test_pack_list_prints_id_version_and_scenarios(capsys):
    assert commands.main(["pack", "list"]) == 0
    line = next(row for row in capsys.readouterr().out.splitlines() if row.startswith("procedure-11"))
    assert line.split("\t") == [
        "procedure-11",
        "1",
        "virement cheque arrondi escompte partiel multi-factures relance-telephone relance-email remise-creditee",
    ]


def test_world_command_prints_the_world_as_json(capsys):
    assert commands.main(["world", "procedure-11", "virement", "--seed", "3"]) == 0
    world = json.loads(capsys.readouterr().out)
    assert world["scenario"] == "virement" and world["seed"] == 3
    assert world["expected"]["receipts"][0]["source"] == world["keys"]["VIR"]


def test_world_command_errors_exit_1(capsys):
    assert commands.main(["world", "procedure-11", "inconnu", "--seed", "1"]) == 1
    assert "inconnu" in capsys.readouterr().err
    assert commands.main(["world", str(BROKEN / "empty-rubric"), "base", "--seed", "1"]) == 1
    assert "base.yaml:22: le barème" in capsys.readouterr().err


def test_world_command_needs_an_integer_seed():
    with pytest.raises(SystemExit) as info:
        commands.main(["world", "procedure-11", "virement", "--seed", "abc"])
    assert info.value.code == 2


def test_two_customers_cannot_have_the_same_fixed_name(tmp_path):
    scenario = BASE.replace("  - key: A\n", "  - key: A\n    name: Dupont\n  - key: B\n    name: dupont\n")
    assert validate_pack(_base_pack(tmp_path, scenario)) == [
        PackError("base.yaml", 10, "le nom « dupont » est déjà celui de « A »")
    ]
