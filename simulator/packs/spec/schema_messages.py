"""pydantic's validation errors of a pack file, said in French at their file line."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import ValidationError

from simulator.packs.spec.schema import (
    KNOWN_FIELDS,
)
from simulator.packs.spec.yamlsource import Loc, PackError, Source

_TYPE_MESSAGES = {
    "string_type": "doit être un texte (entre guillemets si c'est un nombre)",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "bool_type": "doit valoir true ou false",
    "list_type": "doit être une liste (éléments commençant par « - »)",
    "model_type": "doit être une table clé: valeur",
    "model_attributes_type": "doit être une table clé: valeur",
    "dict_type": "doit être une table clé: valeur",
    "date_type": "doit être une date AAAA-MM-JJ",
}


def _field_name(loc: Loc) -> str:
    names = [p for p in loc if isinstance(p, str) and not p.startswith("=")]
    return names[-1] if names else ""


def _french(error: dict[str, Any]) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    name = _field_name(loc)
    prefix = f"« {name} » : " if name else ""
    if "=jour" in loc and kind in ("int_type", "int_parsing"):
        return (
            f"{prefix}attendu un nombre de jours par rapport à today (entier, par exemple -20) "
            f"ou une plage {{min, max}}"
        )
    if kind == "missing":
        return f"champ obligatoire « {name} » manquant"
    if kind == "extra_forbidden":
        if name in KNOWN_FIELDS:  # a key of another section: suggesting the same word would not help
            return f"clé « {name} » non autorisée à cet endroit (voir docs/packs.md pour cette section)"
        close = difflib.get_close_matches(name, sorted(KNOWN_FIELDS), n=1)
        hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
        return f"clé inconnue « {name} »{hint}"
    if kind == "value_error":
        return prefix + str(error["ctx"]["error"])
    if kind == "literal_error":
        return (
            f"{prefix}valeur « {error['input']} » non autorisée ; valeurs possibles : "
            f"{_french_choices(error['ctx']['expected'])}"
        )
    if kind == "too_short":
        return f"{prefix}la liste ne doit pas être vide"
    if kind == "string_too_short":
        return f"{prefix}le texte ne doit pas être vide"
    if kind in ("too_long", "string_too_long"):
        unit = "caractères" if kind == "string_too_long" else "éléments"
        return f"{prefix}au plus {error['ctx']['max_length']} {unit}"
    if kind == "less_than":
        return f"{prefix}doit être inférieur à {error['ctx']['lt']}"
    if kind == "greater_than":
        return f"{prefix}doit être supérieur à {error['ctx']['gt']}"
    if kind == "greater_than_equal":
        return f"{prefix}doit valoir au moins {error['ctx']['ge']}"
    if kind == "less_than_equal":
        return f"{prefix}doit valoir au plus {error['ctx']['le']}"
    if kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        if "A-Z" in pattern and "a-z" in pattern:
            return (
                f"{prefix}« {error['input']} » : une clé commence par une lettre et ne contient "
                "que lettres, chiffres et _"
            )
        if "a-z0-9_-" in pattern:
            return (
                f"{prefix}« {error['input']} » : un identifiant ne contient que minuscules, chiffres, - et _"
            )
        return f"{prefix}« {error['input']} » : majuscules, chiffres et - seulement"
    if kind in ("float_type", "int_from_float") or isinstance(error.get("input"), float):
        return prefix + 'un nombre à virgule s\'écrit entre guillemets (par exemple "12.50")'
    if kind in _TYPE_MESSAGES:
        return prefix + _TYPE_MESSAGES[kind]
    # pydantic's own message is English: name the problem in French with its technical code instead
    return f"{prefix}valeur « {error.get('input')} » refusée (contrôle « {kind} »)"


def _french_choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as « a », « b » ou « c »."""
    choices = [f"« {c} »" for c in re.findall(r"'([^']*)'", expected)] or [expected]
    return choices[0] if len(choices) == 1 else ", ".join(choices[:-1]) + " ou " + choices[-1]


def schema_errors(exc: ValidationError, source: Source) -> None:
    seen: set[tuple[int, str]] = set()
    for error in exc.errors(include_url=False):
        message = _french(error)
        line = source.line(tuple(error["loc"]))
        if (line, message) not in seen:
            seen.add((line, message))
            source.errors.append(PackError(source.name, line, message))
