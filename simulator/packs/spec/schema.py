"""The strict schema of a scenario pack: ``pack.yaml`` and one YAML file per scenario (pydantic v2).

Unknown keys, wrong types and floats for money are refused here; the checks that need the whole scenario
(keys that refer to each other, placeholders, premises that hold for any seed) live in
:mod:`simulator.packs.spec.checks`. docs/packs.md is the authoring guide for every field.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)

from simulator.ledger.litigation import NOTICE_DAYS
from simulator.ledger.model import FollowupLevel
from simulator.ledger.money import MAX_AMOUNT, cents, ht_of_ttc
from simulator.packs.spec.lettrage import LettrageSpec

FOLLOWUP_ACTIONS = ("email", "letter", "phone", "registered_letter", "litigation", "sales_warning")
#: the follow-up actions that contact a customer through each channel of an expected reminder
CHANNEL_ACTIONS = {"phone": ("phone",), "email": ("email",), "letter": ("letter", "registered_letter")}

#: domain.md §7.2: J+15 phone + e-mail, J+30 e-mail + phone, J+45 letter, J+60 registered letter.
DEFAULT_FOLLOWUP_LEVELS: tuple[FollowupLevel, ...] = (
    FollowupLevel(1, 15, "Relance amiable", ("phone", "email")),
    FollowupLevel(2, 30, "Deuxième relance", ("email", "phone")),
    FollowupLevel(3, 45, "Dernière relance amiable", ("letter",)),
    FollowupLevel(4, 60, "Mise en demeure", ("registered_letter",)),
)

#: Bounds that keep every date of every world between 1980 and 2120, and every amount one a student can type:
#: ``today`` in this century, day counts (offsets, terms, follow-up levels) within ten years.
FIRST_TODAY = date(2000, 1, 1)
LAST_TODAY = date(2099, 12, 31)
MAX_DAYS = 3650
MAX_POINTS = 1000

KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

FLOAT_HINT = (
    "le nombre {value!r} est lu comme un nombre à virgule flottante : écrivez-le entre guillemets "
    '(par exemple "{quoted}") — un montant n\'est jamais un float'
)


def _quoted(value: float) -> str:
    text = repr(value)
    if "." in text and len(text.split(".")[1]) == 1:
        text += "0"
    return text


def _decimal(value: Any, *, money: bool) -> Decimal:
    """A Decimal from what YAML gives: a quoted string or an int. A float is always refused."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("attendu un nombre entre guillemets, pas true/false")
    if isinstance(value, float):
        raise ValueError(FLOAT_HINT.format(value=value, quoted=_quoted(value)))
    if isinstance(value, int):
        if money and abs(value) > MAX_AMOUNT:
            raise ValueError(f"{value} : montant trop grand (au plus {MAX_AMOUNT})")
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
            raise ValueError(
                f'« {value} » n\'est pas un nombre (écrivez par exemple "818.40", avec un point)'
            )
        try:
            result = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            raise ValueError(f"« {value} » n'est pas un nombre") from None
        if money and result.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError(f"« {value} » : un montant a au plus deux décimales (les centimes)")
        if money and abs(result) > MAX_AMOUNT:
            raise ValueError(f"« {value} » : montant trop grand (au plus {MAX_AMOUNT})")
        return result
    raise ValueError('attendu un nombre entre guillemets, par exemple "818.40"')


def _money(value: Any) -> Decimal:
    return _decimal(value, money=True)


def _number(value: Any) -> Decimal:
    return _decimal(value, money=False)


def _iso_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("attendu une date sans heure, au format AAAA-MM-JJ")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"« {value} » n'est pas une date au format AAAA-MM-JJ") from None
    if not isinstance(value, date):
        raise ValueError("attendu une date au format AAAA-MM-JJ, par exemple 2026-03-20")
    if not FIRST_TODAY <= value <= LAST_TODAY:
        raise ValueError(f"{value} : la date doit être comprise entre {FIRST_TODAY} et {LAST_TODAY}")
    return value


Money = Annotated[Decimal, BeforeValidator(_money)]
Number = Annotated[Decimal, BeforeValidator(_number)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN)]
#: a number of days (an offset from today, payment terms, a follow-up level)
Days = Annotated[int, Field(ge=-MAX_DAYS, le=MAX_DAYS)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# ---------------------------------------------------------------------------------------------- offsets


class OffsetRange(Strict):
    """A day offset drawn per seed in [min, max] (days relative to the scenario's ``today``)."""

    min: Days
    max: Days


def _offset_kind(value: Any) -> str:
    if isinstance(value, dict | OffsetRange):
        return "=plage"
    return "=jour"


#: a day offset relative to ``today``: an int, or {min, max}
Offset = Annotated[
    Annotated[Days, Tag("=jour")] | Annotated[OffsetRange, Tag("=plage")],
    Discriminator(_offset_kind),
]

# ---------------------------------------------------------------------------------------------- amounts


class AmountRange(Strict):
    """An amount drawn per seed: min + k × step, k uniform."""

    min: Money
    max: Money
    step: Money = Decimal("0.01")


class SameAs(Strict):
    """The same HT amount as the first line of another invoice (twin amounts for different customers)."""

    same_as: Key


class Adjust(Strict):
    """Cents added to a derived payment (short or over payment)."""

    min: Money
    max: Money
    nonzero: bool = False


class Leave(Strict):
    """The residual a partial payment leaves open on the last listed invoice."""

    min: Money
    max: Money
    step: Money = Decimal("0.01")


class FromSlip(Strict):
    """A bank line crediting a deposit slip handed in before the scenario: the total of its cheques."""

    slip: Key


class FromDocuments(Strict):
    """A payment derived from documents: Σ signed TTC − discounts + adjust − leave. ``discount: true``
    deducts every invoice's cash discount; ``discount: due`` only the discounts still due on the payment
    date (the invoices paid late are paid in full, as Odoo's grouped payment computes it)."""

    documents: Annotated[list[Key], Field(min_length=1)]
    discount: bool | Literal["due"] = False
    adjust: Adjust | None = None
    leave: Leave | None = None


def _amount_kind(value: Any) -> str:
    if isinstance(value, dict):
        if "same_as" in value:
            return "=same_as"
        if "documents" in value:
            return "=documents"
        if "slip" in value:
            return "=slip"
        return "=plage"
    if isinstance(value, AmountRange):
        return "=plage"
    if isinstance(value, SameAs):
        return "=same_as"
    if isinstance(value, FromDocuments):
        return "=documents"
    if isinstance(value, FromSlip):
        return "=slip"
    return "=montant"


AmountSpec = Annotated[
    Annotated[Money, Tag("=montant")]
    | Annotated[AmountRange, Tag("=plage")]
    | Annotated[SameAs, Tag("=same_as")]
    | Annotated[FromDocuments, Tag("=documents")]
    | Annotated[FromSlip, Tag("=slip")],
    Discriminator(_amount_kind),
]

# ---------------------------------------------------------------------------------------------- items


class When(Strict):
    """Items sharing a group are all included or all left out, per seed, with probability ``chance``."""

    group: Key
    chance: Number = Decimal("0.5")


class CompanyOverride(Strict):
    name: Text | None = None
    legal_form: Text | None = None

    def inherit(self, pack: CompanyOverride) -> CompanyOverride:
        """This scenario's fields, each one it leaves out taken from the pack's ``company``."""
        return CompanyOverride(
            name=self.name if self.name is not None else pack.name,
            legal_form=self.legal_form if self.legal_form is not None else pack.legal_form,
        )


#: a customer's payment method (Mode de règlement), simulator.ledger.lots.PAYMENT_METHODS
PaymentMethod = Literal["virement", "cheque", "prelevement", "lcr", "carte"]


class CustomerSpec(Strict):
    key: Key
    name: Text | None = None
    legal_form: Text | None = None
    when: When | None = None
    #: relances par lot: the payment method, or a list to draw one from per seed
    payment_method: PaymentMethod | Annotated[list[PaymentMethod], Field(min_length=1)] | None = None
    #: relances par lot: False when the customer card has no e-mail address (the contact's address may be
    #: quoted in a message of the world)
    email: bool = True


class Terms(Strict):
    days: Days
    end_of_month: bool = False


def _price_kind(value: Any) -> str:
    return "=plage" if isinstance(value, dict | AmountRange) else "=montant"


#: a unit price or a TTC amount: fixed, or drawn per seed in a range
PriceSpec = Annotated[
    Annotated[Money, Tag("=montant")] | Annotated[AmountRange, Tag("=plage")],
    Discriminator(_price_kind),
]


class LineSpec(Strict):
    """A document line; its HT amount given one way only: ``amount_ht``, ``quantity`` × ``unit_price`` (HT),
    or ``amount_ttc`` (the loader checks that exactly one is given)."""

    label: Text | None = None
    amount_ht: AmountSpec | None = None
    quantity: Number | None = None
    unit_price: PriceSpec | None = None
    amount_ttc: PriceSpec | None = None
    vat_rate: Number = Decimal("20")
    account: str = "707"

    @property
    def drawn(self) -> Any:
        """What is drawn per seed for the line: its ``amount_ht``, ``unit_price`` or ``amount_ttc``."""
        if self.amount_ht is not None:
            return self.amount_ht
        return self.unit_price if self.quantity is not None else self.amount_ttc

    def ht(self, drawn: Decimal) -> Decimal:
        """The line's HT amount from the amount drawn for it: quantity × unit price rounded to the cent, or
        the HT of the TTC (ledger.money.ht_of_ttc), or the HT itself."""
        if self.quantity is not None:
            return cents(self.quantity * drawn)
        if self.amount_ttc is not None:
            return ht_of_ttc(drawn, self.vat_rate)[0]
        return drawn


class DiscountSpec(Strict):
    rate: Number
    days: Days


class InvoiceSpec(Strict):
    key: Key
    customer: Key
    date: Offset
    terms: Terms = Terms(days=30)
    lines: Annotated[list[LineSpec], Field(min_length=1)]
    discount: DiscountSpec | None = None
    status: Literal["open", "paid"] = "open"
    when: When | None = None


class CreditNoteSpec(Strict):
    key: Key
    customer: Key
    refers_to: Key
    date: Offset
    lines: Annotated[list[LineSpec], Field(min_length=1)]
    reason: Text
    when: When | None = None


class StatementLineSpec(Strict):
    key: Key
    date: Offset
    label: Text
    amount: AmountSpec
    when: When | None = None


class ChequeSpec(Strict):
    key: Key
    customer: Key
    date: Offset
    received: Offset
    amount: AmountSpec
    bank: Text | None = None
    when: When | None = None


class SlipSpec(Strict):
    """A deposit slip handed in before the scenario: its cheques were recorded in CHQ (5112) against the
    documents of their amount, then deposited on ``date``; the bank has not credited it yet."""

    key: Key
    date: Offset
    cheques: Annotated[list[Key], Field(min_length=1)]


class MessageSpec(Strict):
    key: Key
    customer: Key
    kind: Literal["email", "remittance"]
    date: Offset
    subject: Text
    body: Text
    #: a remittance advice: the documents the customer's payment settles, in the order it pays them
    settles: list[Key] = []
    when: When | None = None


class HistorySpec(Strict):
    """A follow-up entry made before the scenario starts: a reminder (call, e-mail, letter) at the level
    the customer was at on its date, or a next action planned (its ``date`` is the planned day)."""

    customer: Key
    kind: Literal["call", "email", "letter", "next_action"]
    date: Days
    documents: list[Key] = []
    text: str = ""


class ReceiptSpec(Strict):
    source: Key
    customer: Key
    documents: Annotated[list[Key], Field(min_length=1)]
    journal: Literal["BNK", "CHQ"] | None = None
    schedule_required: bool = False


class DepositSpec(Strict):
    cheques: Annotated[list[Key], Field(min_length=1)]
    statement_line: Key | None = None


class ReconcileSpec(Strict):
    """A statement line to reconcile with an earlier slip (the bank's credit of that slip)."""

    statement_line: Key
    slip: Key


class NextActionSpec(Strict):
    """The next follow-up action is due within ``days`` days after the reminder (today + 1 … today + days)."""

    days: Annotated[int, Field(gt=0, le=366)]


class ReminderSpec(Strict):
    customer: Key
    channel: Literal["phone", "email", "letter"]
    documents: Annotated[list[Key], Field(min_length=1)]
    next_action: bool | NextActionSpec = True


class ExpectedPaymentSpec(Strict):
    """The payment date a customer announced for an invoice, ``date`` days after today."""

    document: Key
    date: Annotated[int, Field(ge=0, le=366)]


class StatementSpec(Strict):
    """A customer statement to send today (disputed invoices shown apart), then a next action."""

    customer: Key
    next_action: bool | NextActionSpec = True


# -- « Configurer une stratégie »: the strategy the brief asks for ---------------------------
class StrategyLevelSpec(Strict):
    """A level of the strategy to configure. ``days`` may be a range (drawn per seed); ``{days}`` in the
    name is replaced by the days drawn. ``template``: the letter placeholders its template must use."""

    name: Text
    days: Offset
    actions: Annotated[
        list[Literal["email", "letter", "phone", "registered_letter", "litigation", "sales_warning"]],
        Field(min_length=1),
    ]
    marker: str = ""
    template: list[str] = []


class StrategyVariantSpec(Strict):
    """One guide's strategy (Mint « Stratégie classique », the Odoo 8 tutorial…)."""

    guide: Text
    levels: Annotated[list[StrategyLevelSpec], Field(min_length=1)]


class StrategySpec(Strict):
    """The strategy to configure: one variant drawn per seed."""

    variants: Annotated[list[StrategyVariantSpec], Field(min_length=1)]


# -- « Un mois de relances »: the calendar, the customers' replies, 416, penalties


class CalendarSpec(Strict):
    """The scenario's calendar moves: it lasts ``days`` after today; a mise en demeure gives
    ``notice_days`` to pay before the transfer to 416."""

    days: Annotated[int, Field(ge=1, le=92)]
    notice_days: Annotated[int, Field(ge=1, le=30)] = NOTICE_DAYS


class ReplySpec(Strict):
    """A customer's reply (``message``): the invoices it contests, or those it promises to pay on the date
    of the bank ``line`` that brings the payment."""

    message: Key
    disputes: list[Key] = []
    promises: list[Key] = []
    line: Key | None = None


class LateFeeSpec(Strict):
    """Penalties and the 40 € indemnity to bill on a late invoice; ``rate``: the annual rate the brief
    gives (None: ECB + 10 points of the half-year)."""

    invoice: Key
    rate: Number | None = None


class FollowupRunSpec(Strict):
    """Relances par lot: the run to launch (level, day offset, payment methods and customers left out), the
    customers it must remind, and the customers whose e-mail address the student finds in a message."""

    level: Annotated[int, Field(gt=0, le=99)]
    date: Annotated[int, Field(ge=-MAX_DAYS, le=0)] = 0
    excluded_methods: list[PaymentMethod] = []
    excluded_customers: list[Key] = []
    customers: Annotated[list[Key], Field(min_length=1)]
    emails: list[Key] = []


class ExpectedSpec(Strict):
    receipts: list[ReceiptSpec] = []
    deposit: DepositSpec | None = None
    annotate: list[Key] = []
    reminders: list[ReminderSpec] = []
    not_reminded: list[Key] = []
    reconcile: list[ReconcileSpec] = []
    disputes: list[Key] = []  # invoices in dispute: to exclude from follow-up, never to remind
    expected_payments: list[ExpectedPaymentSpec] = []
    statements: list[StatementSpec] = []
    #: the customers to contact today (ledger.followup.contact_reason), and nobody else; None: not graded
    due_today: list[Key] | None = None
    # « Un mois de relances »: the calendar moves
    replies: list[ReplySpec] = []
    doubtful: list[Key] = []  # customers whose open invoices go to 416 after the mise en demeure
    late_fees: list[LateFeeSpec] = []
    strategy: StrategySpec | None = None  # the follow-up strategy to configure (scenario « strategie »)
    #: relances par lot
    followup_run: FollowupRunSpec | None = None


class RubricItem(Strict):
    criterion: str
    label: Text | None = None
    points: Annotated[int, Field(gt=0, le=MAX_POINTS)]


class QuestionSpec(Strict):
    """A figure the brief asks the student to quote in the answer box (Consignes), graded against the
    figure the core computes from the expected outcome."""

    id: Key
    label: Text
    figure: Literal["lot_partners", "lot_entries", "lot_debit", "lot_credit", "lot_balance"]


class ScenarioSpec(Strict):
    """One scenario file."""

    id: Slug
    title: Text
    brief: Text
    procedure: list[str] = []
    today: IsoDate
    #: our company's fixed fields, each overriding the pack's ``company`` (None: the pack's, else drawn)
    company: CompanyOverride = CompanyOverride()
    customers: Annotated[list[CustomerSpec], Field(min_length=1)]
    invoices: list[InvoiceSpec] = []
    credit_notes: list[CreditNoteSpec] = []
    statement: list[StatementLineSpec] = []
    cheques: list[ChequeSpec] = []
    slips: list[SlipSpec] = []
    messages: list[MessageSpec] = []
    history: list[HistorySpec] = []
    expected: ExpectedSpec = ExpectedSpec()
    rubric: list[RubricItem]
    hints: list[Text] = []
    calendar: CalendarSpec | None = None  # the days move (None: everything happens today)
    #: the follow-up levels this scenario starts with, instead of the pack's (a scenario's own reminder plan;
    #: the scenario « strategie »)
    followup_levels: Annotated[list[FollowupLevelSpec], Field(min_length=1)] | None = None
    questions: list[QuestionSpec] = []
    lettrage: LettrageSpec | None = (
        None  # pack « lettrage »: the generated month (simulator.packs.world.lettrage)
    )


# ---------------------------------------------------------------------------------------------- pack.yaml


class PackSettings(Strict):
    rounding_tolerance: Money = Decimal("1.00")
    invoice_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]*$")] = "FAC"
    credit_note_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]*$")] = "AV"


class FollowupLevelSpec(Strict):
    level: Annotated[int, Field(gt=0, le=99)]
    days: Days
    name: Text
    actions: Annotated[
        list[Literal["email", "letter", "phone", "registered_letter", "litigation", "sales_warning"]],
        Field(min_length=1),
    ]
    marker: str = ""  # the Mint guide's « marqueur de relance » (R1, R2…)
    #: the level's letter (placeholders of simulator.packs.spec.letter_template); None: the default text
    letter: Text | None = None


ScenarioSpec.model_rebuild()  # its followup_levels (scenario « strategie ») are FollowupLevelSpec, defined here


def _default_levels() -> list[FollowupLevelSpec]:
    return [
        FollowupLevelSpec(level=lv.level, days=lv.days, name=lv.name, actions=list(lv.actions))
        for lv in DEFAULT_FOLLOWUP_LEVELS
    ]


class ProcedureStep(Strict):
    id: Slug
    title: Text
    summary: Text


class PackSpec(Strict):
    """``pack.yaml``."""

    id: Slug
    version: Text
    title: Text
    description: str = ""
    author: str = ""
    locale: Literal["fr_FR"] = "fr_FR"
    settings: PackSettings = PackSettings()
    #: our company's fixed fields, for every scenario (a scenario's ``company`` overrides field by field)
    company: CompanyOverride = CompanyOverride()
    followup_levels: Annotated[list[FollowupLevelSpec], Field(min_length=1)] = Field(
        default_factory=_default_levels
    )
    procedure: list[ProcedureStep] = []
    scenarios: list[Slug] | None = None


#: every field name of the schema, to suggest a correction for an unknown key
KNOWN_FIELDS: frozenset[str] = frozenset(
    name
    for model in (
        OffsetRange,
        AmountRange,
        SameAs,
        Adjust,
        Leave,
        FromDocuments,
        FromSlip,
        When,
        CompanyOverride,
        CustomerSpec,
        NextActionSpec,
        Terms,
        LineSpec,
        DiscountSpec,
        InvoiceSpec,
        CreditNoteSpec,
        StatementLineSpec,
        ChequeSpec,
        SlipSpec,
        MessageSpec,
        HistorySpec,
        ExpectedPaymentSpec,
        StatementSpec,
        ReceiptSpec,
        DepositSpec,
        ReconcileSpec,
        ReminderSpec,
        ExpectedSpec,
        CalendarSpec,
        ReplySpec,
        LateFeeSpec,
        FollowupRunSpec,
        QuestionSpec,
        RubricItem,
        ScenarioSpec,
        PackSettings,
        FollowupLevelSpec,
        ProcedureStep,
        PackSpec,
        StrategyLevelSpec,
        StrategyVariantSpec,
        StrategySpec,
    )
    for name in model.model_fields
)
