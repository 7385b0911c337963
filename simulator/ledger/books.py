"""The books: the whole accounting state of one attempt, as an immutable value.

Operations (payments, matching, cheques, follow-up) take a Books and return ``(books, problems)``.
Residuals and letter codes are derived from the allocations, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from .accounts import SALES_JOURNAL, VAT_COLLECTED
from .entries import Entry, Line, credit, debit, make_entry
from .model import (
    Allocation,
    Cheque,
    Customer,
    DepositSlip,
    Document,
    Endorsement,
    FollowupEvent,
    FollowupLevel,
    Lot,
    Note,
    OpenItem,
    Payment,
    StatementLine,
)
from .money import ZERO

if TYPE_CHECKING:  # pragma: no cover
    from .autorun import AutoRun

EMPTY: Mapping = MappingProxyType({})


def _empty() -> Mapping:
    return EMPTY


@dataclass(frozen=True)
class Books:
    today: date
    customers: Mapping[str, Customer]
    documents: Mapping[str, Document]
    cheques: Mapping[str, Cheque] = field(default_factory=_empty)
    statement_lines: Mapping[str, StatementLine] = field(default_factory=_empty)
    levels: tuple[FollowupLevel, ...] = ()
    entries: tuple[Entry, ...] = ()
    payments: Mapping[str, Payment] = field(default_factory=_empty)
    allocations: tuple[Allocation, ...] = ()
    letters_used: Mapping[str, int] = field(
        default_factory=_empty
    )  # customer -> how many letter codes issued
    endorsements: Mapping[str, Endorsement] = field(default_factory=_empty)
    slips: tuple[DepositSlip, ...] = ()
    statement_matches: Mapping[str, tuple[str, ...]] = field(
        default_factory=_empty
    )  # statement line id -> the payment ids it is reconciled with, or (slip id,)
    annotations: Mapping[str, str] = field(default_factory=_empty)
    notes: tuple[Note, ...] = ()
    followup: tuple[FollowupEvent, ...] = ()
    credit_notes_issued: tuple[str, ...] = ()  # credit notes issued during the attempt, in order
    cancelled_documents: Mapping[str, str] = field(
        default_factory=_empty
    )  # cancelled credit note number -> its reversal entry number
    excluded: Mapping[str, str] = field(
        default_factory=_empty
    )  # invoice number -> why it is excluded from follow-up (a dispute): no level, no reminder
    expected_payments: Mapping[str, date] = field(
        default_factory=_empty
    )  # invoice number -> the payment date the customer announced
    doubtful: Mapping[str, str] = field(
        default_factory=_empty
    )  # invoice number -> its transfer entry to 416 (clients douteux): no level, no reminder after it
    late_fees: tuple = ()  # the late-payment penalties billed (ledger.litigation.LateFee), in order
    # -- relances par lot (one run chasing every customer at a level): simulator.ledger.lots and .answers
    lots: tuple[Lot, ...] = ()  # follow-up runs recorded, in order
    customer_emails: Mapping[str, str] = field(default_factory=_empty)  # customer -> address typed
    answers: Mapping[str, Decimal] = field(default_factory=_empty)  # question id -> figure quoted
    # -- lettrage automatique: simulator.ledger.autoreconcile
    auto_runs: tuple[AutoRun, ...] = ()  # the runs, in order, each with its sets and the lines it left
    extra_items: Mapping[str, OpenItem] = field(default_factory=_empty)  # 411 lines of gap write-offs
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    # -- derived views -----------------------------------------------------------------------------
    def items(self) -> dict[str, OpenItem]:
        """Every matchable 411 item, by key. A cancelled item (payment or credit note) is worth zero:
        its entry and its reversal cancel out on 411, so nothing is left to match."""
        if "items" not in self._cache:
            items: dict[str, OpenItem] = {}
            cancelled = self.cancelled_documents
            for doc in self.documents.values():
                amount = ZERO if doc.number in cancelled else doc.signed_ttc
                items[doc.number] = OpenItem(
                    doc.number, doc.customer, doc.kind, doc.date, doc.due_date, amount, doc.refers_to
                )
            for pay in self.payments.values():
                amount = ZERO if pay.cancelled else -pay.settled
                items[pay.id] = OpenItem(pay.id, pay.customer, "payment", pay.date, None, amount)
            items.update(self.extra_items)
            self._cache["items"] = items
        return self._cache["items"]

    def matched(self) -> dict[str, Decimal]:
        """Amount matched per item key (always positive)."""
        if "matched" not in self._cache:
            matched: dict[str, Decimal] = {}
            for alloc in self.allocations:
                matched[alloc.debit_item] = matched.get(alloc.debit_item, ZERO) + alloc.amount
                matched[alloc.credit_item] = matched.get(alloc.credit_item, ZERO) + alloc.amount
            self._cache["matched"] = matched
        return self._cache["matched"]

    def residual(self, key: str) -> Decimal:
        """What is still open on an item, as a positive amount: due on an invoice, unused on a credit."""
        item = self.items()[key]
        return abs(item.amount) - self.matched().get(key, ZERO)

    def letter_groups(self) -> list[tuple[str, list[str]]]:
        """The matched items lettered together, each group with the letter of its earliest allocation: a
        group is a connected set of allocations, and every pair of one matching operation (one letter of a
        customer) belongs to one group even where its allocations do not connect."""
        if "groups" not in self._cache:
            parent: dict[str, str] = {}

            def find(key: str) -> str:
                while parent.setdefault(key, key) != key:
                    parent[key] = parent[parent[key]]
                    key = parent[key]
                return key

            for alloc in self.allocations:
                parent[find(alloc.credit_item)] = find(alloc.debit_item)
                parent[find(f"{alloc.customer}\x1f{alloc.letter}")] = find(alloc.debit_item)
            first_letter: dict[str, str] = {}
            for alloc in self.allocations:
                first_letter.setdefault(find(alloc.debit_item), alloc.letter)
            groups: dict[str, list[str]] = {}
            for key in list(parent):
                if "\x1f" not in key:
                    groups.setdefault(find(key), []).append(key)
            self._cache["groups"] = [(first_letter[root], members) for root, members in groups.items()]
        return self._cache["groups"]

    def letters(self) -> dict[str, str]:
        """Letter code per matched item: upper case when its group (:meth:`letter_groups`) nets to zero
        (lettrage total), lower case while partial."""
        if "letters" not in self._cache:
            result: dict[str, str] = {}
            for letter, members in self.letter_groups():
                full = all(self.residual(m) == ZERO for m in members)
                result.update(dict.fromkeys(members, letter if full else letter.lower()))
            self._cache["letters"] = result
        return self._cache["letters"]

    def is_cancelled(self, key: str) -> bool:
        """True for a cancelled payment or credit note."""
        payment = self.payments.get(key)
        return payment.cancelled if payment is not None else key in self.cancelled_documents

    def on_doubtful(self, key: str) -> bool:
        """True for an item on 416 « Clients douteux » rather than on 411: an invoice transferred there, or
        a receipt credited to it (ledger.payments.register_payment)."""
        payment = self.payments.get(key)
        return payment.doubtful if payment is not None else key in self.doubtful

    def statement_line_of(self) -> dict[str, str]:
        """Payment id -> the bank statement line it is reconciled with."""
        if "line_of" not in self._cache:
            self._cache["line_of"] = {
                target: line
                for line, targets in self.statement_matches.items()
                for target in targets
                if target in self.payments
            }
        return self._cache["line_of"]

    def slip_of(self) -> dict[str, DepositSlip]:
        """Cheque id -> the (not cancelled) deposit slip it is on."""
        if "slip_of" not in self._cache:
            self._cache["slip_of"] = {
                line.cheque: slip for slip in self.slips if not slip.cancelled for line in slip.lines
            }
        return self._cache["slip_of"]

    def account_balance(self, account: str, *, prefix: bool = False) -> Decimal:
        """Debit minus credit on an account; with ``prefix=True`` on every account starting with it
        (``"411"`` sums all the customers' sub-accounts)."""
        return sum(
            (
                line.balance
                for entry in self.entries
                for line in entry.lines
                if line.account == account or (prefix and line.account.startswith(account))
            ),
            ZERO,
        )

    def next_entry_number(self, journal: str, on: date) -> str:
        count = sum(1 for e in self.entries if e.journal == journal) + 1
        return f"{journal}/{on.year}/{count:04d}"

    def evolve(self, **changes) -> Books:
        """A new Books with ``changes``; derived caches start empty.

        Same result as ``dataclasses.replace`` (which runs __init__ on every field), at a third of the
        cost: replay evolves the books once per action and grading speed is a product promise."""
        unknown = changes.keys() - self.__dict__.keys()
        if unknown:
            raise TypeError(f"Books has no field {sorted(unknown)}")
        new = object.__new__(Books)
        object.__setattr__(new, "__dict__", {**self.__dict__, **changes, "_cache": {}})
        return new


def letter_code(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB … (per customer account)."""
    code = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        code = chr(ord("A") + rem) + code
    return code


def sales_entry(customer: Customer, doc: Document, number: str) -> Entry:
    """VT entry of an invoice (D 411 TTC / C revenue HT / C 44571 VAT) or a credit note (reverse)."""
    sign = 1 if doc.is_invoice else -1
    label = f"{'Facture' if doc.is_invoice else 'Avoir'} {doc.number} {customer.name}"
    by_account: dict[str, Decimal] = {}
    for line in doc.lines:
        by_account[line.account] = by_account.get(line.account, ZERO) + line.amount_ht
    lines: list[Line] = [debit(customer.account, sign * doc.amount_ttc, label, doc.number)]
    lines += [credit(account, sign * amount, label) for account, amount in by_account.items()]
    lines.append(credit(VAT_COLLECTED, sign * doc.amount_vat, label))
    return make_entry(number, SALES_JOURNAL, doc.date, label, lines, doc.number)


def open_books(
    today: date,
    customers: Iterable[Customer],
    documents: Iterable[Document],
    cheques: Iterable[Cheque] = (),
    statement_lines: Iterable[StatementLine] = (),
    levels: Iterable[FollowupLevel] = (),
) -> Books:
    """Books at the start of a scenario: every document posted in the sales journal, in date order."""
    books = Books(
        today=today,
        customers=MappingProxyType({c.id: c for c in customers}),
        documents=MappingProxyType({}),
        cheques=MappingProxyType({c.id: c for c in cheques}),
        statement_lines=MappingProxyType({s.id: s for s in statement_lines}),
        levels=tuple(sorted(levels, key=lambda lvl: lvl.days)),
    )
    return post_documents(books, documents)


def post_documents(books: Books, documents: Iterable[Document]) -> Books:
    """Add documents to the books with their sales entries, in date order."""
    ordered = sorted(documents, key=lambda d: (d.date, d.number))
    if not ordered:
        return books
    posted = sum(1 for e in books.entries if e.journal == SALES_JOURNAL)
    entries = [
        sales_entry(books.customers[doc.customer], doc, f"{SALES_JOURNAL}/{doc.date.year}/{posted + i:04d}")
        for i, doc in enumerate(ordered, start=1)
    ]
    return books.evolve(
        documents=MappingProxyType({**books.documents, **{doc.number: doc for doc in ordered}}),
        entries=books.entries + tuple(entries),
    )
