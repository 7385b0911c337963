"""Amounts in French words, as a cheque writes them (« mille deux cent trente-quatre euros et cinquante
centimes »)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from num2words import num2words

_CENT = Decimal("0.01")
_MILLIONS = ("million", "millions", "milliard", "milliards")


def amount_in_words(amount: Decimal) -> str:
    """A euro amount written out in French as on a cheque.

    ``Decimal("720.00")`` -> "sept cent vingt euros"; ``Decimal("1080.40")`` -> "mille quatre-vingts
    euros et quarante centimes"; ``Decimal("1.01")`` -> "un euro et un centime"; ``Decimal("2000000")``
    -> "deux millions d'euros"; ``Decimal("0.50")`` -> "cinquante centimes". Traditional spelling
    as num2words writes it (hyphens below 100 only, "vingt et un"). Never goes through float: a float
    is refused, as is a negative amount or one with fractions of a cent.
    """
    if isinstance(amount, (float, bool)):
        raise TypeError("amount_in_words takes a Decimal (or int), never a float")
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise TypeError(f"not an amount: {amount!r}") from exc
    if not value.is_finite() or value < 0:
        raise ValueError(f"amount must be finite and non-negative: {amount!r}")
    cents_total = value.scaleb(2)
    if cents_total != cents_total.to_integral_value():
        raise ValueError(f"amount has fractions of a cent: {amount!r}")
    cents_total_int = int(cents_total)
    euros, cents = divmod(cents_total_int, 100)

    parts: list[str] = []
    if euros:
        words = num2words(euros, lang="fr")
        if euros == 1:
            unit = "euro"
        elif words.split()[-1] in _MILLIONS:
            unit = "d'euros"  # "deux millions d'euros"
        else:
            unit = "euros"
        parts.append(f"{words} {unit}")
    if cents:
        parts.append(f"{num2words(cents, lang='fr')} centime{'s' if cents > 1 else ''}")
    if not parts:
        return "zéro euro"
    return " et ".join(parts)
