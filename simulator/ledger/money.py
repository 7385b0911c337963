"""Money: Decimal amounts quantized to the cent (ROUND_HALF_UP), and parsing of what a French user types."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .problems import Problem

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: Largest amount the simulator accepts from a user: nine digits of euros is far beyond any SME invoice.
MAX_AMOUNT = Decimal("999999999.99")

# Digits with optional thousands groups separated by a (narrow) space, then an optional decimal part
# with a comma or a dot and one or two digits; an optional euro sign or "EUR" after.
_AMOUNT_RE = re.compile(
    r"^(?P<int>[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:[.,](?P<dec>[0-9]{1,2}))?\s*(?:€|eur|euros?)?$",
    re.IGNORECASE,
)


def D(value: str | int | Decimal) -> Decimal:
    """A Decimal from a str, int or Decimal (never a float), quantized to the cent."""
    if isinstance(value, float):  # pragma: no cover - guard against misuse
        raise TypeError("money is never a float")
    return cents(Decimal(value))


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half up (the French accounting rule)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(
    text: object, *, field: str = "amount", allow_zero: bool = False
) -> tuple[Decimal | None, Problem | None]:
    """Parse what a user typed (``1 234,56``, ``1234,56``, ``1234.56``, with or without ``€``).

    Returns ``(amount, None)`` or ``(None, problem)`` with a reason; never raises.
    """
    if isinstance(text, Decimal):
        raw = format(text, "f")
    elif isinstance(text, int) and not isinstance(text, bool):
        raw = str(text)
    elif isinstance(text, str):
        raw = text
    else:
        return None, Problem(
            "amount_empty" if text is None else "amount_invalid", field, {"value": str(text)}
        )
    raw = raw.strip()
    if not raw:
        return None, Problem("amount_empty", field, {})
    if raw.startswith("-") or raw.startswith("−"):
        return None, Problem("amount_negative", field, {"value": raw})
    match = _AMOUNT_RE.match(raw)
    if not match:  # letters, exponents ("1e9"), three decimals, badly grouped thousands…
        return None, Problem("amount_invalid", field, {"value": raw})
    digits = re.sub(r"[ \u00a0\u202f]", "", match["int"]).lstrip("0") or "0"
    if len(digits) > 9:  # beyond MAX_AMOUNT; checked before Decimal's 28-digit context can overflow
        return None, Problem("amount_too_large", field, {"value": raw})
    try:
        value = Decimal(f"{digits}.{match['dec'] or '0'}")
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None, Problem("amount_invalid", field, {"value": raw})
    value = cents(value)
    if value > MAX_AMOUNT:
        return None, Problem("amount_too_large", field, {"value": raw})
    if value == ZERO and not allow_zero:
        return None, Problem("amount_zero", field, {})
    return value, None


#: The VAT rates in force in France (taux normal, intermédiaire, réduit, particulier, and 0 for an exempt
#: line), highest first as a form offers them.
VAT_RATES = (Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("2.1"), Decimal("0"))


def parse_rate(value: object, field: str = "vat_rate") -> tuple[Decimal | None, Problem | None]:
    """A rate as written in an attempt or typed in a form: text (``20``, ``5,5``, ``20 %``) or an integer.
    A JSON number with a fraction is refused like any other value, never read through a float. Returns
    ``(rate, None)`` or ``(None, problem)``; never raises."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None, Problem("vat_rate_invalid", field, {"rate": str(value)})
    try:
        rate = Decimal(str(value).replace(",", ".").replace("%", "").strip())
    except InvalidOperation:
        return None, Problem("vat_rate_invalid", field, {"rate": str(value)})
    if not rate.is_finite():
        return None, Problem("vat_rate_invalid", field, {"rate": str(value)})
    return rate, None


def split_vat(amount_ttc: Decimal, vat_rate: Decimal) -> tuple[Decimal, Decimal]:
    """Split a VAT-inclusive amount into (HT, VAT); HT is rounded, VAT is the rest so the two add up."""
    ht = cents(amount_ttc / (1 + vat_rate / 100))
    return ht, amount_ttc - ht


def vat_of(amount_ht: Decimal, vat_rate: Decimal) -> Decimal:
    """VAT on an HT amount, rounded to the cent."""
    return cents(amount_ht * vat_rate / 100)


def ht_of_ttc(amount_ttc: Decimal, vat_rate: Decimal) -> tuple[Decimal, bool]:
    """The HT amount of a TTC one: TTC / (1 + rate) rounded to the cent, or the cent beside it when that one
    gives the TTC back (HT + its VAT rounded to the cent); with True when some HT gives the TTC exactly.
    At 20 % one TTC cent in six has no such HT: 83.37 HT makes 100.04 TTC and 83.38 makes 100.06, so
    100.05 TTC gives (83.38, False)."""
    base = cents(amount_ttc * 100 / (100 + vat_rate))
    for ht in (base, base - CENT, base + CENT):
        if ht + vat_of(ht, vat_rate) == amount_ttc:
            return ht, True
    return base, False
