"""The one renderer of every message a student or a teacher reads from the core: a refusal of the accounting
core (:mod:`.refusals`, lowercase codes) or a mistake found by the grader (:mod:`.mistakes`, uppercase codes),
looked up in one catalogue and filled the same way."""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .formatting import shown
from .french import fill
from .mistakes import MISTAKES
from .refusals import REFUSALS

__all__ = ["TEXTS", "placeholders", "render"]


def _catalogue() -> Mapping[str, str]:
    texts = dict(REFUSALS)
    for code, spec in MISTAKES.items():
        if code in texts:  # pragma: no cover - a code names one message
            raise ValueError(f"message code {code} is both a refusal and a mistake")
        texts[code] = spec.template
    return MappingProxyType(texts)


#: every message code (refusals and mistakes) -> its French template with named ``{placeholders}``
TEXTS: Mapping[str, str] = _catalogue()


@lru_cache(maxsize=1024)
def placeholders(code: str) -> tuple[str, ...]:
    """The parameter names the message of ``code`` needs, in the order the template names them."""
    return tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(TEXTS[code]) if name))


def render(code: str, /, **values: Any) -> str:
    """The French message of ``code`` filled with ``values``.

    Each value is written as a French reader reads it (:func:`simulator.messages.formatting.shown`): a
    Decimal in euros (``1 574,98 €``), a date JJ/MM/AAAA, a list or a tuple as ``a, b et c``, anything else
    with ``str``; the word before a name is elided by it (« de {customer} » gives « d'Imprimerie Jacques
    SA », :func:`simulator.messages.french.fill`). Raises ``KeyError`` for an unknown code or a missing
    value, and ``TypeError`` for a float. Extra values are ignored.
    """
    return fill(TEXTS[code], {name: shown(values[name]) for name in placeholders(code)})
