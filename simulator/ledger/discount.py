"""The cash discount (escompte de règlement, domain.md §4), computed once for the whole simulator: per VAT
rate of the invoice, discount HT = rate % × the HT base at that VAT rate (rounded to the cent), and its VAT
= that VAT rate × discount HT (rounded). A part at 0 % has no VAT line (as in Odoo's early-payment
discount: one 665 line per tax, one 44571 line per non-zero tax)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .model import Document
from .money import ZERO, cents, split_vat, vat_of


@dataclass(frozen=True, slots=True)
class DiscountPart:
    """The share of a discount (or of a written-off difference) at one VAT rate."""

    vat_rate: Decimal
    amount_ht: Decimal
    vat: Decimal

    @property
    def total(self) -> Decimal:
        return self.amount_ht + self.vat


def vat_bases(documents: Iterable[Document]) -> dict[Decimal, Decimal]:
    """HT base per VAT rate of ``documents`` (credit notes count negative), rates in increasing order."""
    bases: dict[Decimal, Decimal] = {}
    for doc in documents:
        sign = 1 if doc.is_invoice else -1
        for line in doc.lines:
            bases[line.vat_rate] = bases.get(line.vat_rate, ZERO) + sign * line.amount_ht
    return dict(sorted(bases.items()))


def discount_parts(doc: Document) -> tuple[DiscountPart, ...]:
    """The cash discount of an invoice with discount terms, one part per VAT rate (none without terms)."""
    if doc.discount is None or not doc.is_invoice:
        return ()
    parts = []
    for vat_rate, base in vat_bases([doc]).items():
        ht = cents(base * doc.discount.rate / 100)
        parts.append(DiscountPart(vat_rate, ht, vat_of(ht, vat_rate)))
    return tuple(parts)


def merge(parts: Iterable[DiscountPart]) -> tuple[DiscountPart, ...]:
    """Parts of several documents added up per VAT rate."""
    by_rate: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for p in parts:
        ht, vat = by_rate.get(p.vat_rate, (ZERO, ZERO))
        by_rate[p.vat_rate] = (ht + p.amount_ht, vat + p.vat)
    return tuple(DiscountPart(rate, ht, vat) for rate, (ht, vat) in sorted(by_rate.items()))


def total_ht(parts: Iterable[DiscountPart]) -> Decimal:
    return sum((p.amount_ht for p in parts), ZERO)


def total_vat(parts: Iterable[DiscountPart]) -> Decimal:
    return sum((p.vat for p in parts), ZERO)


def split_by_rates(amount: Decimal, documents: Iterable[Document]) -> tuple[DiscountPart, ...]:
    """Split a VAT-inclusive ``amount`` (a difference written off) across the VAT rates of ``documents``.

    When the documents have discount terms and ``amount`` is exactly their discount, the parts are the
    discount's own; otherwise ``amount`` is shared in proportion to each rate's TTC base (the last rate
    takes the rounding rest), each share split into HT and VAT at its rate."""
    documents = list(documents)
    exact = merge(p for d in documents for p in discount_parts(d))
    if exact and total_ht(exact) + total_vat(exact) == amount:
        return exact
    bases = {rate: base for rate, base in vat_bases(documents).items() if base > ZERO}
    if not bases:
        return ()
    weights = {rate: base * (1 + rate / 100) for rate, base in bases.items()}
    whole = sum(weights.values(), ZERO)
    parts, left = [], amount
    rates = list(weights)
    for rate in rates:
        share = left if rate == rates[-1] else cents(amount * weights[rate] / whole)
        left -= share
        ht, vat = split_vat(share, rate)
        parts.append(DiscountPart(rate, ht, vat))
    return tuple(parts)


def by_rate(parts: Iterable[DiscountPart]) -> Mapping[Decimal, DiscountPart]:
    return {p.vat_rate: p for p in parts}
