"""The scenario « strategie » of relances as pack data: its strategy is drawn per seed from the declarative
variants, deterministically, and validation refuses a strategy that could not be configured (days that do
not grow for some seed, duplicate names, unknown letter placeholders, a starting plan out of order)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pack_cache import builtin_pack

from simulator.packs.spec.loader import builtin_root, validate_pack
from simulator.packs.world.generate import generate

PACK = builtin_pack("relances")


def test_the_strategy_is_drawn_per_seed_within_the_ranges_of_its_guide():
    guides = set()
    for seed in range(1, 61):
        target = generate(PACK, "strategie", seed).expected.strategy
        assert target == generate(PACK, "strategie", seed).expected.strategy
        guides.add(target.guide)
        days = [lvl.days for lvl in target.levels]
        if "Mint" in target.guide:
            assert [lvl.marker for lvl in target.levels] == ["R1", "R2", "R3"]
            assert 4 <= days[0] <= 7 and 10 <= days[1] <= 14 and 20 <= days[2] <= 30
        else:
            assert days[0] == 15 and 25 <= days[1] <= 30 and 40 <= days[2] <= 45 and days[3] == 60
            assert target.levels[1].name == f"Niveau 1 : {days[1]} jours"
    assert len(guides) == 2


def test_the_world_starts_with_the_erp_default_level_not_the_packs():
    world = generate(PACK, "strategie", 1)
    assert [(lvl.level, lvl.days, lvl.name, lvl.actions) for lvl in world.followup_levels] == [
        (1, 15, "Premier rappel", ("email",))
    ]
    assert len(generate(PACK, "a-contacter", 1).followup_levels) == 4


def _broken(tmp_path: Path, old: str, new: str) -> list:
    folder = tmp_path / "relances"
    shutil.copytree(builtin_root() / "relances", folder)
    path = folder / "strategie.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [(e.file, e.message) for e in validate_pack(folder)]


def test_days_that_could_overlap_for_some_seed_are_refused(tmp_path):
    errors = _broken(tmp_path, "days: {min: 10, max: 14}", "days: {min: 6, max: 14}")
    assert errors == [
        ("strategie.yaml", "les jours doivent croître d'un niveau à l'autre, quelle que soit la graine")
    ]


def test_an_unknown_letter_placeholder_is_refused(tmp_path):
    errors = _broken(
        tmp_path,
        'template: [partner_name, invoice_numbers, amount_due, due_dates]\n          - name: "Retard 2"',
        'template: [client, invoice_numbers, amount_due, due_dates]\n          - name: "Retard 2"',
    )
    assert len(errors) == 1 and errors[0][1].startswith("variable de lettre inconnue « client »")


def test_two_levels_with_one_name_are_refused(tmp_path):
    errors = _broken(tmp_path, 'name: "Retard 2"', 'name: "retard 1"')
    assert errors == [("strategie.yaml", "deux niveaux s'appellent « retard 1 »")]


def test_the_starting_levels_must_grow(tmp_path):
    errors = _broken(
        tmp_path,
        '  - {level: 1, days: 15, name: "Premier rappel", actions: [email]}',
        '  - {level: 1, days: 15, name: "Premier rappel", actions: [email]}\n  - {level: 2, days: 10, name: "B", actions: [email]}',
    )
    assert errors == [("strategie.yaml", "les niveaux de relance doivent croître (numéro et jours)")]
