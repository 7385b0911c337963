"""Value types of the accounting core: customers, documents (invoices and credit notes), cheques, bank
statement lines and follow-up levels. Immutable; amounts are Decimal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from .accounts import SALES_GOODS
from .money import ZERO, vat_of

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer and its receivable sub-account (411xxx)."""

    id: str
    name: str
    account: str  # e.g. "411BER"


@dataclass(frozen=True, slots=True)
class DocumentLine:
    label: str
    amount_ht: Decimal
    vat_rate: Decimal = Decimal("20")
    account: str = SALES_GOODS  # 707 goods, 706 services; 665 for a financial credit note


@dataclass(frozen=True, slots=True)
class DiscountTerms:
    """Cash discount (escompte): ``rate`` % of the HT amount if paid on or before ``deadline``."""

    rate: Decimal
    deadline: date


@dataclass(frozen=True)
class Document:
    """An invoice or a credit note. Totals are derived from the lines; VAT is rounded per rate."""

    number: str
    kind: str  # INVOICE or CREDIT_NOTE
    customer: str  # customer id
    date: date
    lines: tuple[DocumentLine, ...]
    due_date: date | None = None  # None for a credit note
    refers_to: str | None = None  # the invoice a credit note refers to
    payment_terms: str = ""  # as printed, e.g. "30 jours date de facture"
    discount: DiscountTerms | None = None
    reason: str = ""  # credit note reason

    @cached_property
    def amount_ht(self) -> Decimal:
        return sum((line.amount_ht for line in self.lines), ZERO)

    @cached_property
    def vat_by_rate(self) -> dict[Decimal, Decimal]:
        bases: dict[Decimal, Decimal] = {}
        for line in self.lines:
            bases[line.vat_rate] = bases.get(line.vat_rate, ZERO) + line.amount_ht
        return {rate: vat_of(base, rate) for rate, base in sorted(bases.items())}

    @cached_property
    def amount_vat(self) -> Decimal:
        return sum(self.vat_by_rate.values(), ZERO)

    @cached_property
    def amount_ttc(self) -> Decimal:
        return self.amount_ht + self.amount_vat

    @property
    def is_invoice(self) -> bool:
        return self.kind == INVOICE

    @property
    def signed_ttc(self) -> Decimal:
        """Effect on the receivable: + for an invoice, - for a credit note."""
        return self.amount_ttc if self.is_invoice else -self.amount_ttc


@dataclass(frozen=True, slots=True)
class Cheque:
    """A cheque received from a customer (the paper itself, as the student sees it)."""

    id: str
    customer: str  # customer id of the drawer
    drawer: str  # tireur: the name on the cheque
    bank: str  # banque tirée
    number: str
    amount: Decimal
    amount_in_words: str
    date: date  # date written on the cheque
    received: date  # date it arrived
    payee: str  # "à l'ordre de"
    place: str = ""


@dataclass(frozen=True, slots=True)
class StatementLine:
    """A line of the online bank statement. ``amount`` is positive for a credit to our account."""

    id: str
    date: date
    label: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class FollowupLevel:
    """A reminder level: reached ``days`` after the due date; ``actions`` among email, letter, phone,
    registered_letter, litigation, sales_warning (see :data:`simulator.ledger.strategy.LEVEL_ACTIONS`).
    ``marker`` is the Mint guide's « marqueur de relance » (R1, R2…); ``template`` the level's letter
    text (placeholders of simulator.packs.letter_template), "" for the default text."""

    level: int
    days: int
    name: str
    actions: tuple[str, ...] = field(default=())
    marker: str = ""
    template: str = ""
