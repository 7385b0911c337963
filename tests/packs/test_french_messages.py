"""Every schema problem a pack author can make is reported in French (issue 11: pydantic's "String should have
at least 1 character" and "'email' or 'letter'" reached teachers), and a suggestion never repeats the word."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulator.packs.spec.loader import validate_pack

BUILTIN = Path(__file__).resolve().parents[2] / "scenarios" / "procedure-11"
#: Words of pydantic's English messages; none may reach a teacher.
ENGLISH = re.compile(r"\b(should|must|have|least|character|characters|or|input|valid|field|value)\b")


def _pack_with(tmp_path: Path, old: str, new: str, file: str = "pack.yaml") -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(BUILTIN, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("file", "old", "new", "fragment"),
    [
        (
            "pack.yaml",
            'title: "Procédure 11 — Encaissements clients, lettrage et relances"',
            'title: ""',
            "vide",
        ),
        ("pack.yaml", "actions: [phone, email]}", "actions: [phone, fax]}", "« email », « letter »"),
        ("relance-email.yaml", "channel: email", "channel: fax", "« phone », « email » ou « letter »"),
        ("pack.yaml", "{level: 1, days: 15,", "{level: 1, days: 15, title: x,", None),
        ("pack.yaml", "{level: 1, days: 15,", "{level: 0, days: 15,", None),
    ],
)
def test_schema_problems_read_in_french(tmp_path, file, old, new, fragment):
    errors = validate_pack(_pack_with(tmp_path, old, new, file))
    assert errors, "the broken pack must be refused"
    for error in errors:
        assert not ENGLISH.search(error.message), error.message
    if fragment:
        assert any(fragment in e.message for e in errors), [e.message for e in errors]


def test_a_key_allowed_elsewhere_is_not_suggested_as_itself(tmp_path):
    # `level` is a known key (of follow-up levels and reminders), but not of the pack's settings
    errors = validate_pack(_pack_with(tmp_path, "rounding_tolerance:", "level: 2\n  rounding_tolerance:"))
    messages = [e.message for e in errors]
    assert any("« level »" in m for m in messages), messages
    assert not any("vouliez-vous dire « level »" in m for m in messages), messages
