"""A broken pack file is told in French at its FILE:LINE, never in the YAML parser's English."""

from __future__ import annotations

import re

import pytest

from simulator.packs.spec.yamlsource import read_yaml

ENGLISH = re.compile(r"\b(expected|found|but|got|while|not allowed|could not|mapping|sequence|token)\b")

CASES = [
    ("a: 1\nb: [x, y: z: w]\n", 2, "« , » ou « ] » attendu, mais « : » trouvé"),
    ("a: 1\nb: [a, {x: 1]\n", 2, "« , » ou « } » attendu, mais « ] » trouvé"),
    ("titre: Relance: niveau 1\n", 1, "« : » inattendu ici"),
    ("a:\n  - x\n b: 2\n", 3, "inattendu : vérifiez l'indentation"),
    ("a: 1\n\tb: 2\n", 2, "une tabulation ne peut pas commencer une valeur : indentez avec des espaces"),
    ('a: "pas fermé\n', 2, "fin du fichier avant le guillemet fermant"),
    ("a: *inconnu\n", 1, "les alias YAML (*nom) ne sont pas acceptés"),
    ("a: 1\n---\nb: 2\n", 2, "un seul document par fichier"),
    ("a: @x\n", 1, "« @ » ne peut pas commencer une valeur : mettez le texte entre guillemets"),
    ("a: 'x\\q'\nb: \"\\q\"\n", 2, "échappement inconnu"),
    ("- a\nb: 1\n", 2, "inattendu"),
]


@pytest.mark.parametrize(("text", "line", "words"), CASES)
def test_yaml_syntax_errors_are_french_with_their_line(tmp_path, text, line, words):
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    [error] = read_yaml(path, "scenario.yaml").errors
    message = str(error)
    assert message.startswith(f"scenario.yaml:{line}: YAML invalide : "), message
    assert words in message, message
    assert not ENGLISH.search(message.split("YAML invalide : ", 1)[1]), message
