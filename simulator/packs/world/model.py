"""The World: one student's randomized company for one attempt, generated from a scenario and a seed.

A World is plain immutable data. It is the input of replay (simulator.packs.play.replay), of the reference
solution (simulator.packs.play.solve) and of grading. Every date in it comes from the scenario calendar
(``today``); nothing reads the machine's clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from simulator.ledger.litigation import NOTICE_DAYS
from simulator.ledger.model import Cheque, Customer, Document, FollowupLevel, StatementLine


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    postcode: str
    city: str


@dataclass(frozen=True, slots=True)
class Contact:
    """A person: our signatory, or a customer's accounting contact."""

    civility: str  # "M." or "Mme"
    first_name: str
    last_name: str
    role: str  # e.g. "Comptable fournisseurs"
    email: str
    phone: str

    @property
    def full_name(self) -> str:
        return f"{self.civility} {self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class Company:
    """Our company (the student works in its accounts department)."""

    name: str  # with its legal form, e.g. "Martin Distribution SAS"
    legal_form: str
    siret: str
    vat_number: str
    address: Address
    phone: str
    email: str
    iban: str
    bic: str
    bank: str  # bank name, e.g. "Crédit Agricole"
    signatory: Contact


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    """A customer as the ERP's customer card shows it; ``customer`` is the ledger identity."""

    customer: Customer
    legal_form: str
    siret: str
    address: Address
    phone: str
    email: str  # general address
    contact: Contact  # the accounting contact: reminders go to contact.email
    iban: str = ""
    bank: str = ""
    payment_method: str = ""  # Mode de règlement (simulator.ledger.lots.PAYMENT_METHODS), "" if not given

    @property
    def id(self) -> str:
        return self.customer.id


@dataclass(frozen=True, slots=True)
class Message:
    """An e-mail or remittance advice received from a customer (read by the student)."""

    id: str
    customer: str
    date: date
    kind: str  # "email" or "remittance"
    subject: str
    body: str
    settles: tuple[str, ...] = ()  # a remittance advice: the documents paid, in the customer's order


@dataclass(frozen=True, slots=True)
class PriorPayment:
    """A payment already recorded and matched before the scenario starts (e.g. a customer who paid)."""

    id: str
    customer: str
    journal: str
    date: date
    amount: Decimal
    documents: tuple[str, ...]
    source_kind: str | None = None  # "cheque" for a cheque recorded in CHQ (5112) before the scenario
    source: str | None = None
    reference: str = ""


@dataclass(frozen=True, slots=True)
class PriorSlip:
    """A deposit slip handed in before the scenario starts: its cheques were recorded in CHQ (5112) and
    matched; the bank's credit of the slip may appear on the statement, for the student to reconcile.
    ``id`` is the slip number printed on it and on the bank's « REMISE CHQ » line."""

    id: str
    date: date
    cheques: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PriorFollowup:
    """A follow-up entry made before the scenario starts (a reminder, or a next action planned)."""

    kind: str  # "call", "email", "letter", "next_action"
    customer: str
    date: date
    documents: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True)
class ExpectedPayment:
    """The payment date a customer announced for an invoice, to note on it."""

    document: str
    date: date


@dataclass(frozen=True, slots=True)
class ExpectedStatement:
    """A customer statement to send today, disputed invoices shown apart, then a next action."""

    customer: str
    next_action: bool = True
    next_action_days: int | None = None


@dataclass(frozen=True, slots=True)
class ExpectedReceipt:
    """A receipt the student must record: where it comes from, for whom, against which documents.

    How the difference is handled (none, rounding write-off, discount, keep open, not entitled) is not
    stated here: it follows from the amounts, dates and settings by the rules of domain.md, applied by
    the reference solution and checked by grading.
    """

    source_kind: str  # "statement_line" or "cheque"
    source: str  # statement line id or cheque id
    customer: str
    journal: str  # "BNK" or "CHQ"
    documents: tuple[str, ...]  # document numbers the receipt settles (credit notes included)
    schedule_required: bool = False  # partial payment: a payment schedule note is expected


@dataclass(frozen=True, slots=True)
class ExpectedDeposit:
    """Cheques to put on one deposit slip, and the bank statement line that credits the slip (if any)."""

    cheques: tuple[str, ...]
    statement_line: str | None = None


@dataclass(frozen=True, slots=True)
class ExpectedReconciliation:
    """A bank statement line to reconcile with a deposit slip handed in before the scenario (its credit)."""

    statement_line: str
    slip: str


@dataclass(frozen=True, slots=True)
class ExpectedReminder:
    """A customer to chase through ``channel`` ("phone", "email" or "letter") for ``documents``."""

    customer: str
    channel: str
    documents: tuple[str, ...]
    level: int
    next_action: bool = True
    #: the next action is due within this many days after today (None: any date)
    next_action_days: int | None = None


@dataclass(frozen=True, slots=True)
class TargetLevel:
    """A level of the follow-up strategy the brief asks for (scenario « strategie »)."""

    name: str
    days: int
    actions: tuple[str, ...]
    marker: str = ""  # "": not asked
    placeholders: tuple[str, ...] = ()  # letter placeholders its template must use


@dataclass(frozen=True, slots=True)
class StrategyTarget:
    """The follow-up strategy to configure, as drawn for the seed: which guide, its levels by days."""

    guide: str
    levels: tuple[TargetLevel, ...]


@dataclass(frozen=True, slots=True)
class ExpectedReply:
    """Scenario 5: a customer's reply dated ``date`` (message ``message``): it contests ``disputes`` or
    promises to pay ``promises`` on ``pays_on`` (the date the bank line ``line`` brings the payment)."""

    message: str
    customer: str
    date: date
    disputes: tuple[str, ...] = ()
    promises: tuple[str, ...] = ()
    line: str | None = None
    pays_on: date | None = None


@dataclass(frozen=True, slots=True)
class ExpectedLateFee:
    """Scenario 5: penalties and the 40 € indemnity to bill on ``invoice`` (``rate`` None: legal rate)."""

    invoice: str
    rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ExpectedRun:
    """Relances par lot: the run to launch and the customers it reminds; ``emails``: (customer, address)
    the student finds in a message of the world and sets on the customer."""

    level: int
    date: date
    customers: tuple[str, ...]
    excluded_methods: tuple[str, ...] = ()
    excluded_customers: tuple[str, ...] = ()
    emails: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A figure the brief asks the student to quote (the answer box of Consignes)."""

    id: str
    label: str
    figure: str  # "lot_partners", "lot_entries", "lot_debit", "lot_credit", "lot_balance"

    @property
    def is_count(self) -> bool:
        return self.figure in ("lot_partners", "lot_entries")


@dataclass(frozen=True, slots=True)
class Expected:
    receipts: tuple[ExpectedReceipt, ...] = ()
    deposit: ExpectedDeposit | None = None
    annotate: tuple[str, ...] = ()  # statement line ids to annotate
    reminders: tuple[ExpectedReminder, ...] = ()
    not_reminded: tuple[str, ...] = ()  # customer ids that must not be chased
    reconcile: tuple[ExpectedReconciliation, ...] = ()  # bank credits of earlier slips
    disputes: tuple[str, ...] = ()  # invoices in dispute: exclude from follow-up, never remind
    expected_payments: tuple[ExpectedPayment, ...] = ()
    statements: tuple[ExpectedStatement, ...] = ()
    due_today: tuple[str, ...] | None = None  # customers to contact today, and nobody else (None: not graded)
    # « Un mois de relances »: the calendar moves
    replies: tuple[ExpectedReply, ...] = ()
    doubtful: tuple[str, ...] = ()  # customer ids whose open invoices go to 416
    late_fees: tuple[ExpectedLateFee, ...] = ()
    strategy: StrategyTarget | None = None  # the follow-up strategy to configure (None: not graded)
    followup_run: ExpectedRun | None = None  # relances par lot


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str  # a criterion registered by simulator.grading
    label: str  # French label shown to the student
    points: int


@dataclass(frozen=True, slots=True)
class Settings:
    rounding_tolerance: Decimal = Decimal("1.00")
    credit_note_prefix: str = "AV"  # used for the next credit-note number
    next_credit_note: str = ""  # the number a new credit note gets, e.g. "AV/2026/00004"


@dataclass(frozen=True)
class World:
    pack: str
    pack_version: str
    scenario: str
    seed: int
    title: str
    brief: str  # Markdown, placeholders already filled
    procedure: tuple[str, ...]  # procedure step references
    hints: tuple[str, ...]
    today: date
    company: Company
    customers: tuple[CustomerProfile, ...]
    documents: tuple[Document, ...]
    prior_payments: tuple[PriorPayment, ...]
    statement_lines: tuple[StatementLine, ...]
    cheques: tuple[Cheque, ...]
    messages: tuple[Message, ...]
    followup_levels: tuple[FollowupLevel, ...]
    settings: Settings
    expected: Expected
    rubric: tuple[Criterion, ...]
    keys: dict[str, str] = field(default_factory=dict)  # scenario key -> world id, for authors' tests
    prior_slips: tuple[PriorSlip, ...] = ()
    prior_followup: tuple[PriorFollowup, ...] = ()  # the follow-up history before the scenario
    questions: tuple[Question, ...] = ()  # the brief's answer box

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    #: the last day the calendar reaches (None: the calendar does not move, today is every day)
    last_day: date | None = None
    notice_days: int = NOTICE_DAYS  # days a mise en demeure gives to pay before the transfer to 416
    lettrage: Any = (
        None  # pack « lettrage »: its simulator.packs.world.lettrage.LettrageWorld (expected lettrage)
    )

    @property
    def calendar_moves(self) -> bool:
        return self.last_day is not None

    def messages_on(self, day: date) -> tuple[Message, ...]:
        """The messages received by ``day`` (a scenario whose calendar moves dates some after the start)."""
        return tuple(m for m in self.messages if m.date <= day)

    def customer(self, customer_id: str) -> CustomerProfile | None:
        return next((c for c in self.customers if c.id == customer_id), None)

    def document(self, number: str) -> Document | None:
        return next((d for d in self.documents if d.number == number), None)

    def cheque(self, cheque_id: str) -> Cheque | None:
        return next((c for c in self.cheques if c.id == cheque_id), None)

    def statement_line(self, line_id: str) -> StatementLine | None:
        return next((s for s in self.statement_lines if s.id == line_id), None)
