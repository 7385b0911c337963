"""How a customer's receipt settles its documents (domain.md §3–§4), with plain arithmetic on Decimals: the
treatment of a difference between what is due and what was received (exact, rounding written off to
658/758, cash discount granted or not due, partial payment, overpayment) and the order in which credit notes
and money settle the documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import combinations

from .accounts import DISCOUNT_GRANTED, MISC_EXPENSE, MISC_INCOME
from .discount import DiscountPart, discount_parts, merge, total_ht, total_vat
from .model import Document
from .money import ZERO

EXACT = "exact"
ROUNDING = "rounding"  # small gap written off to 658 (short) or 758 (over)
DISCOUNT = "discount"  # cash discount granted: 665 + VAT correction
NOT_ENTITLED = "not_entitled"  # discount deducted after the deadline: keep the difference open
PARTIAL = "partial"  # partial payment: keep open
OVERPAID = "overpaid"  # overpayment above tolerance: keep the credit open


@dataclass(frozen=True, slots=True)
class Treatment:
    kind: str
    gap: Decimal  # amount due - amount received (+ short, - over)
    account: str | None = None  # write-off account, if any
    amount_ht: Decimal = ZERO  # written-off HT (signed like gap)
    vat: Decimal = ZERO  # VAT correction on 44571 (signed like gap)
    parts: tuple[DiscountPart, ...] = ()  # a discount granted, per VAT rate
    #: invoices whose discount the customer deducted after the deadline: that amount stays open on them
    late: tuple[str, ...] = ()
    kept_open: Decimal = ZERO  # the part of the gap left open on ``late``
    #: invoices whose discount is granted (paid by their deadline, discount deducted)
    granted: tuple[str, ...] = ()

    @property
    def written_off(self) -> Decimal:
        return self.amount_ht + self.vat


def classify(
    documents: Sequence[Document | None], due: Decimal, on: date, amount: Decimal, tolerance: Decimal
) -> Treatment:
    """The accountant's rule for a difference between what is due and what was received for ``documents``
    on ``on``; ``tolerance`` is the largest gap written off as rounding."""
    gap = due - amount
    if gap == ZERO:
        return Treatment(EXACT, gap)
    discounted = [d for d in documents if d and d.is_invoice and d.discount]
    deducted = _deducted(discounted, on, gap) if gap > 0 else None
    if deducted:
        # The customer deducted the discount of each of these invoices: granted where paid by its deadline
        # (665 + 44571 per VAT rate); where late, not due, and that part stays open on the invoice (§4).
        late = tuple(sorted(d.number for d in deducted if on > d.discount.deadline))  # type: ignore[union-attr]
        if len(late) == len(deducted):
            return Treatment(NOT_ENTITLED, gap, late=late)
        granted = tuple(sorted(d.number for d in deducted if d.number not in late))
        parts = merge(p for d in deducted if d.number in granted for p in discount_parts(d))
        ht, vat = total_ht(parts), total_vat(parts)
        return Treatment(DISCOUNT, gap, DISCOUNT_GRANTED, ht, vat, parts, late, gap - ht - vat, granted)
    if abs(gap) <= tolerance:
        return Treatment(ROUNDING, gap, MISC_EXPENSE if gap > 0 else MISC_INCOME, gap)
    return Treatment(PARTIAL if gap > 0 else OVERPAID, gap)


#: beyond this many invoices with discount terms in one receipt, only the two usual readings are tried
_SUBSETS_UP_TO = 8


def _deducted(discounted: Sequence[Document], on: date, gap: Decimal) -> tuple[Document, ...] | None:
    """The invoices whose cash discount the customer deducted: those whose discounts add up to ``gap``.

    Read first as the customer entitled to it would pay (and as Odoo's grouped payment computes the
    amount): the discount of every invoice still within its term on ``on``, none for the late ones; then
    every invoice's discount, on time or not; then any other set of them, the fewest late invoices and the
    most on-time ones first. None when no set adds up to ``gap``."""

    def total(docs: Sequence[Document]) -> Decimal:
        return sum((p.total for d in docs for p in discount_parts(d)), ZERO)

    on_time = tuple(d for d in discounted if on <= d.discount.deadline)  # type: ignore[union-attr]
    readings: list[tuple[Document, ...]] = [on_time, tuple(discounted)]
    if len(discounted) <= _SUBSETS_UP_TO:
        subsets = (c for n in range(1, len(discounted) + 1) for c in combinations(discounted, n))
        readings += sorted(subsets, key=lambda c: (sum(d not in on_time for d in c), -len(c)))
    return next((r for r in readings if r and total(r) == gap), None)


def settle(
    docs: Sequence[Document],
    residuals: dict[str, Decimal],
    money: Decimal,
    reserve: dict[str, Decimal] | None = None,
    ordered: bool = False,
):
    """Credit notes against their invoice, then ``money`` against invoices due first, oldest first (or in
    the order of ``docs`` when ``ordered``: the customer's remittance advice), leaving ``reserve`` open
    on the invoices it names. ``residuals`` (document number -> residual) is updated; returns the
    (document, amount settled) pairs in settlement order and the money left."""
    invoices = [d for d in docs if d.is_invoice]
    if not ordered:
        invoices.sort(key=lambda d: (d.due_date, d.date, d.number))
    reserve = reserve or {}
    settled: list[tuple[str, Decimal]] = []
    for note in sorted((d for d in docs if not d.is_invoice), key=lambda d: (d.date, d.number)):
        targets = [i for i in invoices if i.number == note.refers_to] + [
            i for i in invoices if i.number != note.refers_to
        ]
        for inv in targets:
            take = min(residuals[note.number], residuals[inv.number])
            if take > 0:
                residuals[note.number] -= take
                residuals[inv.number] -= take
                settled.append((note.number, take))
    for inv in invoices:
        take = min(money, residuals[inv.number] - reserve.get(inv.number, ZERO))
        if take > 0:
            residuals[inv.number] -= take
            money -= take
            settled.append((inv.number, take))
    return settled, money
