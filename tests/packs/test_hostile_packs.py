"""Hostile pack files (issue 8 §2): ``simulator pack validate`` answers ``FILE:LINE: message`` in French and
exits 1, in bounded time and memory, whatever the files hold or are; and a pack that validates generates a
world for every seed.

The cases that could hang or exhaust memory run the real command in a subprocess with a timeout and an
address-space limit, so that a regression fails instead of hanging the suite."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from simulator.ledger.money import MAX_AMOUNT
from simulator.packs.spec import yamlsource
from simulator.packs.spec.loader import validate_pack
from simulator.packs.spec.registry import load_pack
from simulator.packs.spec.yamlsource import PackError
from simulator.packs.world.draw import ScenarioPremiseError
from simulator.packs.world.generate import generate

BROKEN = Path(__file__).parent / "broken"
PACK_YAML = (BROKEN / "id-not-stem" / "pack.yaml").read_text(encoding="utf-8")
BASE = (BROKEN / "id-not-stem" / "base.yaml").read_text(encoding="utf-8").replace("id: autre", "id: base")
ROOT = Path(__file__).resolve().parents[2]
# The bounds docs/packs.md states: today in this century, day counts within ten years.
FIRST_TODAY, LAST_TODAY, MAX_DAYS = date(2000, 1, 1), date(2099, 12, 31), 3650
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space: a billion laughs needs far more


def make_pack(tmp_path: Path, scenario: str | bytes = BASE, name: str = "pack") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    data = scenario if isinstance(scenario, bytes) else scenario.encode("utf-8")
    (folder / "base.yaml").write_bytes(data)
    return folder


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def validate_command(folder: Path, timeout: float = 30) -> tuple[int, list[str], float]:
    """``simulator pack validate FOLDER`` in a subprocess: (status, stdout lines, seconds)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "pack", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        preexec_fn=_limit_memory,
    )
    assert done.stderr == "", done.stderr[-2000:]
    return done.returncode, done.stdout.splitlines(), time.perf_counter() - start


def test_the_base_pack_is_valid(tmp_path):
    assert validate_pack(make_pack(tmp_path)) == []


# -- files that would hang, explode or leak ----------------------------------------------------------------

LOL = 'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10)
)


def _billion_laughs(tmp_path: Path) -> tuple[Path, int]:
    # 10^9 strings once expanded; the first alias is on the line of lol1, two lines below extra_hints
    text = BASE + "extra_hints:\n" + "".join("  " + line for line in LOL.splitlines(True))
    return make_pack(tmp_path, text), BASE.count("\n") + 3


def _self_reference(tmp_path: Path) -> tuple[Path, int]:
    return make_pack(tmp_path, BASE + "hints: &h [*h]\n"), BASE.count("\n") + 1


def _deep_flow(tmp_path: Path) -> tuple[Path, int]:
    return make_pack(tmp_path, BASE + "hints: " + "[" * 5000 + "]" * 5000 + "\n"), BASE.count("\n") + 1


def _deep_block(tmp_path: Path) -> tuple[Path, int]:
    return make_pack(tmp_path, BASE + "hints:\n  " + "- " * 5000 + "x\n"), BASE.count("\n") + 2


def _deep_mapping(tmp_path: Path) -> tuple[Path, int]:
    return make_pack(tmp_path, BASE + "hints: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"), BASE.count(
        "\n"
    ) + 1


def _fifo(tmp_path: Path) -> tuple[Path, int]:
    folder = make_pack(tmp_path)
    (folder / "base.yaml").unlink()
    os.mkfifo(folder / "base.yaml")  # nobody writes: reading it would wait forever
    return folder, 1


def _huge_file(tmp_path: Path) -> tuple[Path, int]:
    return make_pack(tmp_path, BASE + "# " + "x" * 50_000_000 + "\n"), 1


def _link_to_a_device(tmp_path: Path) -> tuple[Path, int]:
    folder = make_pack(tmp_path)
    (folder / "base.yaml").unlink()
    (folder / "base.yaml").symlink_to("/dev/zero")
    return folder, 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_billion_laughs, "alias YAML"),
        (_self_reference, "alias YAML"),
        (_deep_flow, "imbrication trop profonde"),
        (_deep_block, "imbrication trop profonde"),
        (_deep_mapping, "imbrication trop profonde"),
        (_fifo, "pas un fichier ordinaire"),
        (_huge_file, "trop volumineux"),
        (_link_to_a_device, "lien symbolique refusé"),
    ],
)
def test_a_hostile_file_is_one_error_line_in_bounded_time_and_memory(tmp_path, make, message):
    folder, line = make(tmp_path)
    status, out, seconds = validate_command(folder)
    assert status == 1
    assert len(out) == 1 and out[0].startswith(f"{folder}/base.yaml:{line}: "), out
    assert message in out[0]
    assert seconds < 15


def test_a_scenario_linked_to_a_system_file_never_shows_its_lines(tmp_path):
    folder = make_pack(tmp_path)
    (folder / "base.yaml").unlink()
    (folder / "base.yaml").symlink_to("/etc/passwd")
    (folder / "README.md").symlink_to("/etc/passwd")
    status, out, _ = validate_command(folder)
    assert status == 1
    assert out == [
        f"{folder}/base.yaml:1: lien symbolique refusé : un pack ne contient que des fichiers ordinaires"
    ]
    for line in Path("/etc/passwd").read_text(encoding="utf-8").splitlines():
        assert all(line not in shown for shown in out)


def test_a_readme_linked_to_a_system_file_is_refused(tmp_path):
    folder = make_pack(tmp_path)
    (folder / "README.md").symlink_to("/etc/passwd")
    assert validate_pack(folder) == [
        PackError("README.md", 1, "lien symbolique refusé : un pack ne contient que des fichiers ordinaires")
    ]


def test_a_pack_yaml_that_is_a_folder_or_a_link_is_said_so(tmp_path):
    folder = make_pack(tmp_path)
    (folder / "pack.yaml").unlink()
    (folder / "pack.yaml").mkdir()
    assert [e.message for e in validate_pack(folder)] == [
        "ce n'est pas un fichier ordinaire (dossier, tube ou périphérique)"
    ]


def test_devices_are_never_read():
    with pytest.raises(yamlsource.UnreadableFile, match="pas un fichier ordinaire"):
        yamlsource.read_regular_file(Path("/dev/zero"))


# -- bytes and values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "code"),
    [("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x07", "U+0007"), ("\x7f", "U+007F"), ("\ufffe", "U+FFFE")],
)
def test_control_characters_are_refused_at_their_line(tmp_path, char, code):
    scenario = BASE.replace('title: "Scénario de base"', f'title: "Scénario{char}[31m de base"')
    assert validate_pack(make_pack(tmp_path, scenario)) == [
        PackError("base.yaml", 2, f"caractère de contrôle {code} interdit dans un fichier YAML")
    ]


@pytest.mark.parametrize(
    ("today", "message"),
    [
        ("2026-02-30", "YAML invalide : date impossible « 2026-02-30 »"),
        ("2025-13-01", "YAML invalide : date impossible « 2025-13-01 »"),
        ("0000-01-01", "YAML invalide : date impossible « 0000-01-01 »"),
        ('"2026-02-30"', "« today » : « 2026-02-30 » n'est pas une date au format AAAA-MM-JJ"),
        ("9999-12-31", "« today » : 9999-12-31 : la date doit être comprise entre 2000-01-01 et 2099-12-31"),
        ("1999-12-31", "« today » : 1999-12-31 : la date doit être comprise entre 2000-01-01 et 2099-12-31"),
    ],
)
def test_impossible_or_far_dates_are_refused_at_their_line(tmp_path, today, message):
    scenario = BASE.replace("today: 2026-03-20", f"today: {today}")
    assert validate_pack(make_pack(tmp_path, scenario)) == [PackError("base.yaml", 5, message)]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "date: -20",
            "date: -" + "9" * 5000,
            11,
            "YAML invalide : nombre entier trop long (5001 caractères)",
        ),
        ("date: -20", "date: -" + "9" * 30, 11, "YAML invalide : nombre entier trop long (31 caractères)"),
        ("date: -20", "date: -99999999", 11, "« date » : doit valoir au moins -3650"),
        ("date: -20", "date: {min: -4000, max: -20}", 11, "« min » : doit valoir au moins -3650"),
        (
            "    date: -20\n",
            "    date: -20\n    terms: {days: 100000}\n",
            12,
            "« days » : doit valoir au plus 3650",
        ),
        (
            "    date: -20\n",
            '    date: -20\n    discount: {rate: "2", days: 99999}\n',
            12,
            "« days » : doit valoir au plus 3650",
        ),
        ('"818.40"', '"1000000000.00"', 13, "« amount_ht » : « 1000000000.00 » : montant trop grand"),
        ('"818.40"', '"' + "9" * 400 + '.00"', 13, "montant trop grand (au plus 999999999.99)"),
        ('"818.40"', "99999999999999", 13, "« amount_ht » : 99999999999999 : montant trop grand"),
        (
            "receipts_recorded, points: 1}",
            "receipts_recorded, points: 10000000}",
            23,
            "« points » : doit valoir au plus 1000",
        ),
    ],
)
def test_huge_numbers_are_refused_at_their_line(tmp_path, old, new, line, message):
    assert BASE.count(old) == 1
    errors = validate_pack(make_pack(tmp_path, BASE.replace(old, new)))
    assert errors and all(e.file == "base.yaml" for e in errors), errors
    assert any(e.line == line and message in e.message for e in errors), errors


def test_follow_up_levels_are_bounded(tmp_path):
    folder = make_pack(tmp_path)
    levels = "followup_levels:\n  - {level: 1, days: 15, name: Relance, actions: [email]}\n"
    levels += "  - {level: 2, days: 9999999, name: Relance, actions: [email]}\n"
    (folder / "pack.yaml").write_text(PACK_YAML + levels, encoding="utf-8")
    assert validate_pack(folder) == [PackError("pack.yaml", 10, "« days » : doit valoir au plus 3650")]


# -- every valid pack generates ----------------------------------------------------------------------------

OUT_OF_RANGE = st.sampled_from([-MAX_DAYS - 1, MAX_DAYS + 1, -(10**6), 10**6])
PAST = st.one_of(st.sampled_from([-MAX_DAYS, -MAX_DAYS + 1, -1, 0]), st.integers(-MAX_DAYS, 0), OUT_OF_RANGE)
SPAN = st.one_of(st.sampled_from([0, 1, 59, MAX_DAYS - 1, MAX_DAYS]), st.integers(0, MAX_DAYS), OUT_OF_RANGE)
AMOUNTS = st.one_of(
    st.sampled_from(["0.01", "0.02", "999999999.99", "999999999.98", "500000000.00", "1000000000.00"]),
    st.decimals(min_value="0.01", max_value=MAX_AMOUNT, places=2).map(str),
)
TODAYS = st.one_of(
    st.sampled_from([FIRST_TODAY, LAST_TODAY, date(2000, 2, 29), date(2099, 12, 1)]),
    st.dates(min_value=FIRST_TODAY, max_value=LAST_TODAY),
    st.sampled_from([date(1999, 12, 31), date(2100, 1, 1), date(1, 1, 1), date(9999, 12, 31)]),
)


def _extreme_scenario(
    today, invoice_date, terms, end_of_month, discount_days, rate, amount, paid_on, level_days
):
    discount = f'    discount: {{rate: "{rate}", days: {discount_days}}}\n' if rate else ""
    deadline = ", escompte jusqu'au {F1.discount_deadline}" if rate else ""
    return (
        f'id: base\ntitle: Extrême\nbrief: "Nous sommes le {{today}}, échéance {{F1.due}}{deadline}."\n'
        f"procedure: [saisie]\ntoday: {today.isoformat()}\n"
        "customers:\n  - key: A\n"
        f"invoices:\n  - key: F1\n    customer: A\n    date: {invoice_date}\n"
        f"    terms: {{days: {terms}, end_of_month: {str(end_of_month).lower()}}}\n{discount}"
        f'    lines:\n      - amount_ht: "{amount}"\n        vat_rate: "20"\n'
        f"statement:\n  - key: VIR\n    date: {paid_on}\n"
        '    label: "VIR {A.name_upper} {F1.number} {today-9999}"\n'
        f"    amount: {{documents: [F1]{', discount: true' if rate else ''}}}\n"
        "expected:\n  receipts:\n    - {source: VIR, customer: A, documents: [F1]}\n"
        "rubric:\n  - {criterion: receipts_recorded, points: 1000}\n  - {criterion: books_clean, points: 1}\n"
    ), level_days


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.tuples(
        TODAYS,
        PAST,
        SPAN,
        st.booleans(),
        SPAN,
        st.sampled_from([None, "0.01", "2", "99.99"]),
        AMOUNTS,
        PAST,
        SPAN,
    )
)
def test_a_pack_that_validates_generates_a_world_for_every_seed(tmp_path_factory, values):
    """Extreme but valid values (today at the ends of the century, ten-year terms, a billion euros): either
    validation refuses the pack with FILE:LINE, or every seed generates."""
    scenario, level_days = _extreme_scenario(*values)
    folder = make_pack(tmp_path_factory.mktemp("extreme"), scenario)
    levels = f"followup_levels:\n  - {{level: 1, days: {level_days}, name: Relance, actions: [email]}}\n"
    (folder / "pack.yaml").write_text(PACK_YAML + levels, encoding="utf-8")
    errors = validate_pack(folder)
    event(f"refused: {errors[0].message[:40]}" if errors else "valid")
    if errors:
        assert all(e.file in ("base.yaml", "pack.yaml") and e.line >= 1 for e in errors), errors
        return
    pack = load_pack(folder)
    for seed in (*range(8), 2**63 - 1):
        try:
            world = generate(pack, "base", seed)
        except ScenarioPremiseError as error:
            event(f"premise: {str(error)[-60:]}")
            continue  # the scenario's premise (e.g. the amount of a paid invoice) said with a French reason
        assert world.today == values[0]


@pytest.mark.parametrize(
    "values",
    [
        (LAST_TODAY, 0, MAX_DAYS, True, MAX_DAYS, "99.99", str(MAX_AMOUNT), 0, MAX_DAYS),
        (FIRST_TODAY, -MAX_DAYS, 0, False, 0, None, "0.01", -MAX_DAYS, -MAX_DAYS),
        (date(2000, 2, 29), -MAX_DAYS, MAX_DAYS, True, MAX_DAYS, "0.01", "0.01", -MAX_DAYS, MAX_DAYS),
    ],
)
def test_the_corners_of_the_bounds_validate_and_generate(tmp_path, values):
    scenario, level_days = _extreme_scenario(*values)
    folder = make_pack(tmp_path, scenario)
    levels = f"followup_levels:\n  - {{level: 1, days: {level_days}, name: Relance, actions: [email]}}\n"
    (folder / "pack.yaml").write_text(PACK_YAML + levels, encoding="utf-8")
    assert validate_pack(folder) == []
    pack = load_pack(folder)
    for seed in (0, 1, 2**63 - 1):
        assert generate(pack, "base", seed).today == values[0]
