"""Message catalogue of the accounting core: problem code -> French text (English can be added as
another table). Parameters are filled with ``str.format``."""

from __future__ import annotations

from typing import Any

FR: dict[str, str] = {
    "amount_empty": "Le montant est obligatoire.",
    "amount_invalid": "« {value} » n'est pas un montant : saisissez par exemple 1 234,56.",
    "amount_negative": "Le montant doit être positif (« {value} »).",
    "amount_zero": "Le montant doit être supérieur à zéro.",
    "amount_too_large": "Le montant « {value} » est trop élevé (maximum 999 999 999,99).",
}

CATALOGUES: dict[str, dict[str, str]] = {"fr": FR}


def render(code: str, params: dict[str, Any], lang: str = "fr") -> str:
    template = CATALOGUES.get(lang, FR).get(code) or FR.get(code) or code
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
