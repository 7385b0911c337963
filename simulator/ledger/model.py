"""Value types of the accounting core: customers, documents (invoices and credit notes), cheques, bank
statement lines and follow-up levels; what the books record of the student's work (payments and their
write-offs, allocations, endorsements, deposit slips, follow-up events, notes, follow-up runs) and the open
items of 411.
Immutable; amounts are Decimal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType

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
    text (placeholders of simulator.packs.spec.letter_template), "" for the default text."""

    level: int
    days: int
    name: str
    actions: tuple[str, ...] = field(default=())
    marker: str = ""
    template: str = ""


@dataclass(frozen=True, slots=True)
class WriteOff:
    """The part of a payment difference written off: ``amount_ht`` on ``account`` and ``vat`` on 44571.
    Positive = debit (a shortfall or a discount), negative = credit (an overpayment)."""

    account: str
    amount_ht: Decimal
    vat: Decimal
    label: str
    vat_rate: Decimal | None = None

    @property
    def total(self) -> Decimal:
        return self.amount_ht + self.vat


@dataclass(frozen=True, slots=True)
class Payment:
    """A receipt. ``amount`` reached the bank (or 5112); ``settled`` is what it credits to 411
    (amount plus a written-off shortfall, or minus a written-off overpayment)."""

    id: str
    customer: str
    journal: str
    date: date
    amount: Decimal
    settled: Decimal
    entry: str
    documents: tuple[str, ...] = ()
    reference: str = ""
    source_kind: str | None = None  # "statement_line" or "cheque"
    source: str | None = None
    write_off: WriteOff | None = None
    prior: bool = False  # recorded before the scenario started
    cancelled: bool = False  # reversed by cancel_payment: worth nothing on 411, kept listed as "Annulé"
    reversal: str | None = None  # number of the reversal entry (contrepassation)
    #: credited to 416 « Clients douteux ou litigieux », not to 411: it settles invoices transferred there
    doubtful: bool = False


@dataclass(frozen=True, slots=True)
class Allocation:
    """Part of a matching: ``amount`` of the credit item (payment or credit note) set against the
    debit item (invoice). ``letter`` is the code of the matching operation that created it."""

    debit_item: str
    credit_item: str
    amount: Decimal
    customer: str
    letter: str


@dataclass(frozen=True, slots=True)
class Endorsement:
    cheque: str
    account: str
    signature: str


@dataclass(frozen=True, slots=True)
class SlipLine:
    """A deposit-slip line as the student wrote it."""

    cheque: str
    drawer: str
    bank: str
    number: str
    amount: Decimal | None  # None when the student's text did not parse


@dataclass(frozen=True, slots=True)
class DepositSlip:
    """A deposit slip (bordereau de remise). Handing it in posts nothing: 5112 keeps the cheques until the
    bank credits the slip, which posts D 512 / C 5112 at the statement line's date (``entry``)."""

    id: str  # e.g. "S1"
    date: date
    account: str  # IBAN credited, as written
    lines: tuple[SlipLine, ...]
    count: int | None
    total: Decimal | None
    amount: Decimal  # what the bank credits: the sum of the cheques' recorded receipts
    entry: str | None = None  # the bank credit entry (D 512 / C 5112), once reconciled
    statement_line: str | None = None  # the bank line that credited it
    cancelled: bool = False
    prior: bool = False  # handed in before the scenario started

    @property
    def credited(self) -> bool:
        return self.statement_line is not None


@dataclass(frozen=True, slots=True)
class FollowupEvent:
    """One entry of the follow-up log."""

    kind: str  # "call", "email", "letter", "next_action", "statement" (customer statement sent)
    customer: str
    date: date
    documents: tuple[str, ...] = ()  # for a statement: the documents it shows apart (in dispute)
    text: str = ""  # call note, e-mail body, next-action note
    to: str = ""
    subject: str = ""
    level: int = 0
    prior: bool = False  # recorded before the scenario started (the world's follow-up history)
    #: books.today when it was recorded (where the calendar moves, a call noted later than it was made still counts
    #: for the day it was noted); not part of the event's identity
    recorded: date | None = field(default=None, compare=False)
    #: a reminder's customer as the ledger stood when it was logged: its open invoices past due that day
    #: that no reminder may chase, each with why (ledger.followup.held_invoices)
    held: tuple[tuple[str, str], ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Note:
    document: str
    date: date
    text: str


@dataclass(frozen=True, slots=True)
class OpenItem:
    """A 411 line that can be matched: a document or a payment. ``amount`` is signed: + for a debit
    (invoice), - for a credit (payment, credit note)."""

    key: str
    customer: str
    kind: str  # "invoice", "credit_note", "payment"
    date: date
    due_date: date | None
    amount: Decimal
    refers_to: str | None = None


# -- relances par lot: the runs the books record (the planning and running rules are ledger.lots)

#: a lot's only state so far: the run is atomic (sent, or refused and nothing recorded)
DONE = "done"
STATE_LABELS: Mapping[str, str] = MappingProxyType({DONE: "Exécuté"})


@dataclass(frozen=True, slots=True)
class Summary:
    """« Synthèse »: the open 411 items of the customers of a run (invoices excluded from follow-up left
    out), the invoices' residuals in debit, unmatched payments' and credit notes' in credit."""

    partners: int
    entries: int
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


@dataclass(frozen=True, slots=True)
class LotLine:
    """One customer of a run (« Détail »)."""

    customer: str
    level: int
    method: str  # payment method code, "" when the card has none
    email: str  # the address the reminder goes to, "" when there is none
    items: tuple[str, ...]  # open 411 items (document numbers, payment ids)
    overdue: tuple[str, ...]  # the overdue invoices the reminder cites, most overdue first
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


@dataclass(frozen=True, slots=True)
class Lot:
    """A run recorded: « Lots de relance » (Code · Nom · Stratégie · Niveau · Date · Opérateur · Clients ·
    Écritures · État)."""

    code: str
    name: str
    strategy: str
    level: int
    date: date
    operator: str
    lines: tuple[LotLine, ...]  # the customers reminded, as they stood when the run was launched
    summary: Summary
    excluded_methods: tuple[str, ...] = ()
    excluded_customers: tuple[str, ...] = ()
    state: str = DONE

    @property
    def customers(self) -> tuple[str, ...]:
        return tuple(line.customer for line in self.lines)

    @property
    def entries(self) -> tuple[str, ...]:
        return tuple(key for line in self.lines for key in line.items)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]
