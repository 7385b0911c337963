"""What the student sees now: the books presented as the screens show them, computed once, in the core.

``books_view(books)`` returns a :class:`BooksView` of typed, immutable rows (documents, payments, bank
statement lines, cheques, deposit slips, customers, journals); ``customer_ledger`` (from reports) gives a
customer's 411 lines with their letters. The screens render these rows as they are: no accounting in a view
or a template. State labels are the French words of Odoo 17 (screens.md), kept in this module only.

Everything is derived from the Books alone in one pass over its entries, payments and allocations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from .accounts import JOURNAL_NAMES, RECEIPT_ACCOUNT
from .books import Books
from .entries import Entry
from .followup import REMINDER_KINDS, contact_reason, followup_level
from .model import DepositSlip, DiscountTerms, Endorsement, FollowupEvent, Note, SlipLine, WriteOff
from .money import ZERO
from .names import item_name, payment_name, statement_line_called
from .reports import LedgerRow, customer_ledger
from .strategy import warns_on_sales
from .terms import days_past_due, is_overdue

__all__ = [
    "BooksView",
    "ChequeRow",
    "CustomerRow",
    "DocumentRow",
    "JournalRow",
    "LedgerRow",
    "OpenItemRow",
    "PaymentRow",
    "SettlementRow",
    "SlipRow",
    "StatementLineRow",
    "books_view",
    "customer_ledger",
]

# -- labels the screens show as they are (screens.md) ------------------------------------------------------
#: payment state of an invoice or credit note (Odoo 17 badge, masculine)
NOT_PAID = "Non payé"
IN_PAYMENT = "En paiement"  # settled by receipts the bank has not credited yet (5112, or bank not reconciled)
PARTIAL = "Partiellement réglé"
PAID = "Payé"
REVERSED = "Extourné"  # settled by credit notes only
#: an invoice transferred to 416 (ledger.litigation.transfer_to_doubtful): what is left to pay is no longer on
#: 411 but on 416 « Clients douteux ou litigieux »
DOUBTFUL = "Client douteux (416)"  # until a receipt credited to 416 settles part of it
#: state of a document
POSTED_DOCUMENT = "Comptabilisé"
CANCELLED_DOCUMENT = "Annulée"
#: state of a payment
POSTED = "Comptabilisé"
RECONCILED = "Rapproché"
CANCELLED = "Annulé"
#: state of a bank statement line
LINE_RECONCILED = "Rapproché"
LINE_TO_RECONCILE = "À rapprocher"
LINE_DEBIT = "Débit"  # fees, direct debits: nothing to reconcile with a receipt
#: state of a cheque received
CHEQUE_TO_RECORD = "À enregistrer"
CHEQUE_TO_DEPOSIT = "À remettre"
CHEQUE_DEPOSITED = "Remis"
CHEQUE_CREDITED = "Crédité"
#: state of a deposit slip (a slip is recorded when handed in: there is no draft in the books)
SLIP_DEPOSITED = "Remis"
SLIP_CREDITED = "Crédité"
SLIP_CANCELLED = "Annulé"
KIND_LABELS = {"invoice": "Facture", "credit_note": "Avoir", "payment": "Règlement"}


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """One allocation seen from a document: ``item`` (a payment id, a credit note or an invoice number) set
    ``amount`` against it on ``date`` (the date of the settling item: « Payé le JJ/MM/AAAA »)."""

    item: str
    kind: str  # "payment", "credit_note" or "invoice"
    date: date
    amount: Decimal
    letter: str
    name: str = ""  # as the screens name the item: a receipt's entry number, a document's number


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """An invoice or a credit note as the Factures clients / Avoirs screens show it."""

    number: str
    kind: str  # "invoice" or "credit_note"
    kind_label: str  # Facture / Avoir
    customer: str
    customer_name: str
    date: date
    due_date: date | None
    payment_terms: str
    discount: DiscountTerms | None
    refers_to: str | None  # the invoice a credit note refers to
    reason: str
    amount_ht: Decimal
    amount_vat: Decimal
    amount_ttc: Decimal
    residual: Decimal  # Montant dû (0 once cancelled)
    days_overdue: int  # > 0 only for an open invoice past its due date (« En retard de N jours »)
    payment_state: str  # Non payé / En paiement / Partiellement réglé / Payé / Extourné
    state: str  # Comptabilisé / Annulée
    letter: str  # lettrage code of its 411 line ("" when not matched; lower case while partial)
    settlements: tuple[SettlementRow, ...]  # what settled it, in date order
    paid_on: date | None  # date of the last settlement once fully settled (« Payé le »)
    notes: tuple[Note, ...]
    issued_in_attempt: bool  # a credit note the student issued (can be cancelled while not matched)
    cancelled: bool
    excluded: bool = False  # excluded from follow-up (in dispute): no level, no reminder
    exclusion_reason: str = ""
    expected_payment: date | None = None  # the payment date the customer announced
    #: the OD that moved what is left to pay to 416 (payment_state « Client douteux (416) »), "" if none
    doubtful_entry: str = ""

    @property
    def doubtful(self) -> bool:
        return bool(self.doubtful_entry)


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """A receipt as the Règlements clients screen shows it."""

    id: str
    customer: str
    customer_name: str
    journal: str  # BNK / CHQ
    journal_label: str  # Banque / Chèques reçus
    account: str  # 512 or 5112
    date: date
    amount: Decimal  # received
    settled: Decimal  # credited to 411 (amount +/- write-off)
    reference: str
    write_off: WriteOff | None
    matched: tuple[tuple[str, Decimal], ...]  # (document number, amount) it settles, in order
    residual: Decimal  # not matched yet (an outstanding credit)
    letter: str
    statement_line: str | None  # the bank line it is reconciled with
    cheque: str | None  # the cheque it records
    slip: str | None  # the (not cancelled) slip that cheque is on
    state: str  # Comptabilisé / Rapproché / Annulé
    bank_credited: bool  # the money is on 512 and reconciled with the bank
    cancelled: bool
    reversal: str | None  # the reversal entry number
    prior: bool  # recorded before the scenario started
    doubtful: bool = False  # credited to 416 (it settles invoices transferred there): not a 411 item
    number: str = ""  # its journal entry number (BNK/2026/0002): the one name a student sees
    statement_line_name: str = ""  # the bank line it is reconciled with, by date, label and amount


@dataclass(frozen=True, slots=True)
class StatementLineRow:
    id: str
    date: date
    label: str
    amount: Decimal  # positive = credit to our account
    is_credit: bool
    reconciled: bool
    payments: tuple[str, ...]  # payment ids it is reconciled with
    slip: str | None  # or the slip it credits
    annotation: str
    state: str  # Rapproché / À rapprocher / Débit
    payment_numbers: tuple[str, ...] = ()  # the entry numbers of ``payments``, as the screens show them


@dataclass(frozen=True, slots=True)
class ChequeRow:
    id: str
    customer: str
    drawer: str
    bank: str
    number: str
    amount: Decimal
    amount_in_words: str
    date: date
    received: date
    payee: str
    place: str
    payment: str | None  # the live receipt recorded for it
    recorded: bool
    endorsement: Endorsement | None
    endorsed: bool
    slip: str | None  # the (not cancelled) slip it is on
    credited: bool  # that slip was credited by the bank
    state: str  # À enregistrer / À remettre / Remis / Crédité
    payment_number: str = ""  # the entry number of ``payment``, as the screens show it


@dataclass(frozen=True, slots=True)
class SlipRow:
    id: str
    date: date
    account: str  # IBAN as written
    lines: tuple[SlipLine, ...]  # as written
    count: int | None  # as written
    total: Decimal | None  # as written
    amount: Decimal  # what the bank credits: the cheques' receipts
    statement_line: str | None
    entry: str | None  # D 512 / C 5112 entry, once credited
    credited_on: date | None
    state: str  # Remis / Crédité / Annulé
    cancelled: bool
    prior: bool


@dataclass(frozen=True, slots=True)
class OpenItemRow:
    """An open 411 item of a customer (the new-payment form's rows; Crédits en circulation)."""

    key: str
    kind: str  # "invoice", "credit_note", "payment"
    kind_label: str
    date: date
    due_date: date | None
    amount: Decimal  # Montant d'origine (positive)
    residual: Decimal  # Restant dû, or unused credit (positive)
    is_debit: bool  # an invoice (due to us); False for a credit (payment, credit note)
    days_overdue: int
    letter: str
    excluded: bool = False  # an invoice excluded from follow-up (in dispute)
    exclusion_reason: str = ""
    expected_payment: date | None = None  # the payment date the customer announced
    doubtful_entry: str = ""  # an invoice transferred to 416: the OD that moved it (not a 411 item any more)
    name: str = ""  # a receipt's entry number, as the screens name it ("": the key, a document number)


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """A customer as the Relances and Lettrage screens show it."""

    id: str
    name: str
    account: str
    balance: Decimal  # 411 balance (debit positive)
    amount_due: Decimal  # open invoices' residuals on 411 (an invoice transferred to 416 is no longer there)
    overdue_total: Decimal  # of which past due
    oldest_days_overdue: int  # the most overdue open invoice (0 if none)
    level: int  # follow-up level due today (0: nothing to do)
    level_name: str
    open_items: tuple[OpenItemRow, ...]  # open 411 items, by due date, then date
    last_reminder: FollowupEvent | None  # last call, e-mail or letter
    next_action: FollowupEvent | None  # last next-action set
    history: tuple[FollowupEvent, ...]  # the follow-up log of this customer, in order
    contact_reason: str = ""  # why it is to contact today (ledger.followup.contact_reason), "" if not
    disputed_total: Decimal = ZERO  # open invoices excluded from follow-up (in dispute)
    at_last_level: bool = False  # the level reached is the last of the plan
    #: the level reached warns on sales (ledger.strategy.warns_on_sales: its « Ajouter un avertissement sur
    #: les ventes », or the last level when no level of the strategy has it)
    sales_warning: bool = False
    #: the invoices transferred to 416 with what is left to pay on them (doubtful_entry set), by due date
    doubtful_items: tuple[OpenItemRow, ...] = ()

    @property
    def doubtful_total(self) -> Decimal:
        """What the customer owes on 416 « Clients douteux ou litigieux »."""
        return sum((i.residual for i in self.doubtful_items), ZERO)

    @property
    def warning_days(self) -> int:
        """Days overdue of the oldest invoice once a level that warns on sales is reached (0 before): the
        customer form's « Attention dépassement de la date d'échéance du paiement de N jours »."""
        return self.oldest_days_overdue if self.sales_warning else 0


@dataclass(frozen=True, slots=True)
class JournalRow:
    code: str
    name: str
    entries: tuple[Entry, ...]  # in date order
    total_debit: Decimal
    total_credit: Decimal

    @property
    def balanced(self) -> bool:
        return self.total_debit == self.total_credit


@dataclass(frozen=True)
class BooksView:
    """Every row the screens need, keyed by id (mappings keep the screens' order)."""

    today: date
    documents: Mapping[str, DocumentRow]  # invoices then credit notes, by date and number
    payments: Mapping[str, PaymentRow]  # by date then id
    statement_lines: Mapping[str, StatementLineRow]  # by date then id
    cheques: Mapping[str, ChequeRow]  # by reception date then id
    slips: Mapping[str, SlipRow]  # in the order they were handed in
    customers: Mapping[str, CustomerRow]  # by name
    journals: Mapping[str, JournalRow]  # VT, BNK, CHQ, OD… (only journals with entries)

    @property
    def invoices(self) -> tuple[DocumentRow, ...]:
        return tuple(d for d in self.documents.values() if d.kind == "invoice")

    @property
    def credit_notes(self) -> tuple[DocumentRow, ...]:
        return tuple(d for d in self.documents.values() if d.kind == "credit_note")

    @property
    def to_remind(self) -> tuple[CustomerRow, ...]:
        """Clients à relancer: customers with a follow-up level due, most overdue first."""
        due = [c for c in self.customers.values() if c.level > 0]
        return tuple(sorted(due, key=lambda c: (-c.oldest_days_overdue, c.name)))

    @property
    def to_contact_today(self) -> tuple[CustomerRow, ...]:
        """À contacter aujourd'hui: a level reached and not answered, or a next action due (see
        ledger.followup.contact_reason), most overdue first."""
        due = [c for c in self.customers.values() if c.contact_reason]
        return tuple(sorted(due, key=lambda c: (-c.oldest_days_overdue, c.name)))


def _frozen(rows: dict) -> Mapping:
    return MappingProxyType(rows)


def books_view(books: Books) -> BooksView:
    """The whole view of ``books``; cached on the books (they are immutable)."""
    cached = books._cache.get("view")
    if cached is None:
        cached = books._cache["view"] = _build(books)
    return cached


def _build(books: Books) -> BooksView:
    letters = books.letters()
    items = books.items()
    matched = books.matched()
    today = books.today
    line_of = books.statement_line_of()
    slip_of = books.slip_of()

    # allocations, from both sides, in one pass
    by_debit: dict[str, list[SettlementRow]] = {}
    by_credit: dict[str, list[tuple[str, Decimal]]] = {}
    for a in books.allocations:
        credit = items[a.credit_item]
        by_debit.setdefault(a.debit_item, []).append(
            SettlementRow(
                a.credit_item,
                credit.kind,
                credit.date,
                a.amount,
                letters.get(a.credit_item, ""),
                item_name(books, a.credit_item),
            )
        )
        by_credit.setdefault(a.credit_item, []).append((a.debit_item, a.amount))

    # payments first: an invoice is "in payment" while one of its receipts is not credited by the bank
    payments: dict[str, PaymentRow] = {}
    for p in sorted(books.payments.values(), key=lambda p: (p.date, p.id)):
        cheque = p.source if p.source_kind == "cheque" else None
        slip = slip_of.get(cheque) if cheque else None
        line = line_of.get(p.id)
        if p.journal == "CHQ":
            credited = slip is not None and slip.credited and _first_receipt(books, cheque) == p.id
        else:
            credited = line is not None or p.prior  # earlier receipts were reconciled in their time
        state = CANCELLED if p.cancelled else RECONCILED if credited else POSTED
        payments[p.id] = PaymentRow(
            p.id,
            p.customer,
            books.customers[p.customer].name,
            p.journal,
            JOURNAL_NAMES.get(p.journal, p.journal),
            RECEIPT_ACCOUNT.get(p.journal, ""),
            p.date,
            p.amount,
            p.settled,
            p.reference,
            p.write_off,
            tuple(by_credit.get(p.id, ())),
            abs(items[p.id].amount) - matched.get(p.id, ZERO),
            letters.get(p.id, ""),
            line,
            cheque,
            slip.id if slip else None,
            state,
            credited and not p.cancelled,
            p.cancelled,
            p.reversal,
            p.prior,
            p.doubtful,
            p.entry,
            statement_line_called(books, line) if line else "",
        )

    notes: dict[str, list[Note]] = {}
    for note in books.notes:
        notes.setdefault(note.document, []).append(note)
    issued = set(books.credit_notes_issued)
    documents: dict[str, DocumentRow] = {}
    ordered = sorted(books.documents.values(), key=lambda d: (not d.is_invoice, d.date, d.number))
    for d in ordered:
        cancelled = d.number in books.cancelled_documents
        residual = abs(items[d.number].amount) - matched.get(d.number, ZERO)
        settlements = tuple(sorted(by_debit.get(d.number, ()), key=lambda s: (s.date, s.item)))
        if not d.is_invoice:  # a credit note is settled against invoices
            settlements = tuple(
                SettlementRow(n, "invoice", items[n].date, amount, letters.get(n, ""))
                for n, amount in by_credit.get(d.number, ())
            )
        overdue = days_past_due(d.due_date, today) if residual > ZERO else 0
        doubtful = books.doubtful.get(d.number, "") if residual > ZERO else ""
        documents[d.number] = DocumentRow(
            d.number,
            d.kind,
            KIND_LABELS[d.kind],
            d.customer,
            books.customers[d.customer].name,
            d.date,
            d.due_date,
            d.payment_terms,
            d.discount,
            d.refers_to,
            d.reason,
            d.amount_ht,
            d.amount_vat,
            d.amount_ttc,
            residual,
            max(overdue, 0),
            DOUBTFUL
            if doubtful and not any(s.kind == "payment" and payments[s.item].doubtful for s in settlements)
            else _payment_state(d.amount_ttc, residual, cancelled, settlements, payments),
            CANCELLED_DOCUMENT if cancelled else POSTED_DOCUMENT,
            letters.get(d.number, ""),
            settlements,
            max(s.date for s in settlements) if settlements and residual == ZERO and not cancelled else None,
            tuple(notes.get(d.number, ())),
            d.number in issued,
            cancelled,
            d.number in books.excluded,
            books.excluded.get(d.number, ""),
            books.expected_payments.get(d.number),
            doubtful,
        )

    lines: dict[str, StatementLineRow] = {}
    slips_by_id = {s.id: s for s in books.slips}
    for s in sorted(books.statement_lines.values(), key=lambda s: (s.date, s.id)):
        targets = books.statement_matches.get(s.id, ())
        slip_id = targets[0] if targets and targets[0] in slips_by_id else None
        state = LINE_RECONCILED if targets else LINE_TO_RECONCILE if s.amount > ZERO else LINE_DEBIT
        lines[s.id] = StatementLineRow(
            s.id,
            s.date,
            s.label,
            s.amount,
            s.amount > ZERO,
            bool(targets),
            () if slip_id else tuple(targets),
            slip_id,
            books.annotations.get(s.id, ""),
            state,
            () if slip_id else tuple(payment_name(books, pid) for pid in targets),
        )

    cheques: dict[str, ChequeRow] = {}
    for c in sorted(books.cheques.values(), key=lambda c: (c.received, c.id)):
        pid = _first_receipt(books, c.id)
        slip = slip_of.get(c.id)
        endorsement = books.endorsements.get(c.id)
        credited = slip is not None and slip.credited
        if credited:
            state = CHEQUE_CREDITED
        elif slip is not None:
            state = CHEQUE_DEPOSITED
        elif pid is not None:
            state = CHEQUE_TO_DEPOSIT
        else:
            state = CHEQUE_TO_RECORD
        cheques[c.id] = ChequeRow(
            c.id,
            c.customer,
            c.drawer,
            c.bank,
            c.number,
            c.amount,
            c.amount_in_words,
            c.date,
            c.received,
            c.payee,
            c.place,
            pid,
            pid is not None,
            endorsement,
            endorsement is not None,
            slip.id if slip else None,
            credited,
            state,
            payment_name(books, pid) if pid else "",
        )

    slips = {s.id: _slip_row(books, s) for s in books.slips}

    journals: dict[str, list[Entry]] = {}
    for entry in books.entries:
        journals.setdefault(entry.journal, []).append(entry)
    journal_rows = {}
    for code in sorted(
        journals, key=lambda j: (list(JOURNAL_NAMES).index(j) if j in JOURNAL_NAMES else 99, j)
    ):
        entries = tuple(sorted(journals[code], key=lambda e: (e.date, e.number)))
        journal_rows[code] = JournalRow(
            code,
            JOURNAL_NAMES.get(code, code),
            entries,
            sum((e.total_debit for e in entries), ZERO),
            sum((e.total_credit for e in entries), ZERO),
        )

    customers = _customers(books, documents, payments)
    return BooksView(
        today,
        _frozen(documents),
        _frozen(payments),
        _frozen(lines),
        _frozen(cheques),
        _frozen(slips),
        _frozen(customers),
        _frozen(journal_rows),
    )


def _first_receipt(books: Books, cheque: str | None) -> str | None:
    """The live receipt of a cheque (the first, if recorded twice): the one a slip takes."""
    if "first_receipt" not in books._cache:
        first: dict[str, str] = {}
        for p in books.payments.values():
            if p.source_kind == "cheque" and not p.cancelled and p.source is not None:
                first.setdefault(p.source, p.id)
        books._cache["first_receipt"] = first
    return books._cache["first_receipt"].get(cheque or "")


def _payment_state(
    ttc: Decimal,
    residual: Decimal,
    cancelled: bool,
    settlements: tuple[SettlementRow, ...],
    payments: dict[str, PaymentRow],
) -> str:
    """Odoo's payment state: partial wins while something is still due; once nothing is due, "in payment"
    until every receipt that settled it is credited by the bank, "reversed" when credit notes alone did."""
    if cancelled or residual == ttc:
        return NOT_PAID
    if residual > ZERO:
        return PARTIAL
    receipts = [payments[s.item] for s in settlements if s.kind == "payment" and s.item in payments]
    if not receipts and settlements and all(s.kind == "credit_note" for s in settlements):
        return REVERSED
    if any(not p.bank_credited for p in receipts):
        return IN_PAYMENT
    return PAID


def _slip_row(books: Books, slip: DepositSlip) -> SlipRow:
    credited_on = None
    if slip.credited:
        credited_on = books.statement_lines[slip.statement_line].date  # type: ignore[index]
    state = SLIP_CANCELLED if slip.cancelled else SLIP_CREDITED if slip.credited else SLIP_DEPOSITED
    return SlipRow(
        slip.id,
        slip.date,
        slip.account,
        slip.lines,
        slip.count,
        slip.total,
        slip.amount,
        slip.statement_line,
        slip.entry,
        credited_on,
        state,
        slip.cancelled,
        slip.prior,
    )


def _customers(
    books: Books, documents: dict[str, DocumentRow], payments: dict[str, PaymentRow]
) -> dict[str, CustomerRow]:
    today = books.today
    balances: dict[str, Decimal] = {}
    by_account = {c.account: c.id for c in books.customers.values()}
    for entry in books.entries:
        for line in entry.lines:
            cid = by_account.get(line.account)
            if cid is not None:
                balances[cid] = balances.get(cid, ZERO) + line.balance
    open_items: dict[str, list[OpenItemRow]] = {}
    doubtful: dict[str, list[OpenItemRow]] = {}
    for d in documents.values():
        if d.residual > ZERO:
            (doubtful if d.doubtful else open_items).setdefault(d.customer, []).append(
                OpenItemRow(
                    d.number,
                    d.kind,
                    d.kind_label,
                    d.date,
                    d.due_date,
                    d.amount_ttc,
                    d.residual,
                    d.kind == "invoice",
                    d.days_overdue,
                    d.letter,
                    d.excluded,
                    d.exclusion_reason,
                    d.expected_payment,
                    d.doubtful_entry,
                )
            )
    for p in payments.values():
        if p.residual > ZERO and not p.doubtful:  # a receipt credited to 416 is not a 411 item
            open_items.setdefault(p.customer, []).append(
                OpenItemRow(
                    p.id,
                    "payment",
                    KIND_LABELS["payment"],
                    p.date,
                    None,
                    p.settled,
                    p.residual,
                    False,
                    0,
                    p.letter,
                    name=p.number,
                )
            )
    history: dict[str, list[FollowupEvent]] = {}
    for event in books.followup:
        history.setdefault(event.customer, []).append(event)
    names = {lvl.level: lvl.name for lvl in books.levels}
    last_level = max(names, default=0)
    rows: dict[str, CustomerRow] = {}
    for c in sorted(books.customers.values(), key=lambda c: (c.name, c.id)):
        items = sorted(open_items.get(c.id, ()), key=lambda i: (i.due_date or i.date, i.date, i.key))
        invoices = [i for i in items if i.is_debit]
        overdue = [i for i in invoices if is_overdue(i.due_date, today)]
        chased = [i for i in overdue if not i.excluded]
        log = tuple(history.get(c.id, ()))
        level = followup_level(books, c.id)
        rows[c.id] = CustomerRow(
            c.id,
            c.name,
            c.account,
            balances.get(c.id, ZERO),
            sum((i.residual for i in invoices), ZERO),
            sum((i.residual for i in overdue), ZERO),
            max((i.days_overdue for i in chased), default=0),
            level,
            names.get(level, ""),
            tuple(items),
            next((e for e in reversed(log) if e.kind in REMINDER_KINDS), None),
            next((e for e in reversed(log) if e.kind == "next_action"), None),
            log,
            contact_reason(books, c.id),
            sum((i.residual for i in invoices if i.excluded), ZERO),
            bool(level) and level == last_level,
            sales_warning=warns_on_sales(books.levels, level),
            doubtful_items=tuple(sorted(doubtful.get(c.id, ()), key=lambda i: (i.due_date or i.date, i.key))),
        )
    return rows
