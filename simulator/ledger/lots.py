"""Relances par lot (Mint guide: « Lancer le processus de relance », « Lots de relance »; Odoo 8's
follow-up run): for one level of the strategy and one date, the customers whose most overdue open invoice
has reached exactly that level, minus the payment methods and the customers left out; the summary the
wizard shows before confirming; the lot the run records, with one reminder per customer in the
follow-up log.

Pure: the world's data a run needs (each customer's payment method and e-mail address on file) is passed
in by the caller (simulator.packs.play.replay); a customer's address typed by the student (set_customer_email)
lives in the books and wins over the card's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from simulator.messages.formatting import short_date

from .books import Books
from .followup import email_address, followup_level, held_invoices, overdue_invoices
from .model import FollowupEvent, FollowupLevel, Lot, LotLine, Summary
from .money import ZERO
from .problems import Problem

#: payment method code -> French label (the customer card's « Mode de règlement »)
PAYMENT_METHODS: Mapping[str, str] = MappingProxyType(
    {
        "virement": "Virement",
        "cheque": "Chèque",
        "prelevement": "Prélèvement",
        "lcr": "LCR (lettre de change)",
        "carte": "Carte bancaire",
    }
)
#: the strategy a lot names when the world gives none (Mint guide: « Stratégie classique »)
DEFAULT_STRATEGY = "Stratégie classique"


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What « Lancer le processus de relance » would do, computed before confirming."""

    level: FollowupLevel
    date: date
    lines: tuple[LotLine, ...]  # the customers selected
    left_out: tuple[tuple[LotLine, str], ...]  # at the level but left out: ("method" | "customer")
    summary: Summary

    @property
    def sends_email(self) -> bool:
        return "email" in self.level.actions

    @property
    def missing_emails(self) -> tuple[LotLine, ...]:
        """« Clients sans adresse électronique »: they block a run that sends e-mails."""
        return tuple(line for line in self.lines if not line.email) if self.sends_email else ()


def open_items(books: Books, customer: str) -> tuple[tuple[str, ...], Decimal, Decimal]:
    """A customer's open 411 items, and their debit and credit residuals (excluded invoices left out)."""
    keys: list[str] = []
    debit = credit = ZERO
    for key, item in books.items().items():
        if item.customer != customer or key in books.excluded or books.is_cancelled(key):
            continue
        residual = books.residual(key)
        if residual <= ZERO:
            continue
        keys.append(key)
        if item.amount > ZERO:
            debit += residual
        else:
            credit += residual
    return tuple(sorted(keys, key=lambda k: (books.items()[k].date, k))), debit, credit


def summarize(books: Books, customers: Sequence[str]) -> Summary:
    """The « Synthèse » figures of a run over ``customers``."""
    entries, debit, credit = 0, ZERO, ZERO
    for customer in customers:
        keys, d, c = open_items(books, customer)
        entries, debit, credit = entries + len(keys), debit + d, credit + c
    return Summary(len(customers), entries, debit, credit)


def find_level(books: Books, level: int) -> FollowupLevel | None:
    return next((lvl for lvl in books.levels if lvl.level == level), None)


def plan_run(
    books: Books,
    *,
    level: int,
    on: date,
    methods: Mapping[str, str],
    emails: Mapping[str, str],
    excluded_methods: Sequence[str] = (),
    excluded_customers: Sequence[str] = (),
) -> RunPlan | None:
    """The customers at ``level`` on ``on`` (ledger.followup.followup_level: their most overdue open
    invoice not excluded from follow-up), those paying by an excluded method or named in
    ``excluded_customers`` set apart; None for a level the strategy does not have. ``emails`` are the
    addresses on the customers' cards; one the student set in the books wins."""
    found = find_level(books, level)
    if found is None:
        return None
    lines: list[LotLine] = []
    left_out: list[tuple[LotLine, str]] = []
    for customer in sorted(books.customers, key=lambda c: books.customers[c].name):
        if followup_level(books, customer, at=on) != level:
            continue
        keys, debit, credit = open_items(books, customer)
        line = LotLine(
            customer,
            level,
            methods.get(customer, ""),
            reminder_email(books, customer, emails.get(customer, "")),
            keys,
            tuple(overdue_invoices(books, customer, on)),
            debit,
            credit,
        )
        if line.method and line.method in excluded_methods:
            left_out.append((line, "method"))
        elif customer in excluded_customers:
            left_out.append((line, "customer"))
        else:
            lines.append(line)
    summary = Summary(
        len(lines),
        sum(len(line.items) for line in lines),
        sum((line.debit for line in lines), ZERO),
        sum((line.credit for line in lines), ZERO),
    )
    return RunPlan(found, on, tuple(lines), tuple(left_out), summary)


def _check_run(
    books: Books, level: int, on: date, excluded_methods: Sequence[str], excluded_customers: Sequence[str]
) -> list[Problem]:
    problems = []
    if find_level(books, level) is None:
        problems.append(Problem("unknown_level", "level", {"level": level}))
    if on > books.today:
        problems.append(Problem("date_in_future", "date", {"date": on}))
    unknown = [m for m in excluded_methods if m not in PAYMENT_METHODS]
    if unknown:
        problems.append(Problem("unknown_payment_method", "excluded_methods", {"method": unknown[0]}))
    for customer in excluded_customers:
        if customer not in books.customers:
            problems.append(Problem("unknown_customer", "excluded_customers", {"customer": customer}))
    done = next((lot for lot in books.lots if lot.level == level and lot.date == on), None)
    if done is not None:  # as an ERP does: a level's run for a day is launched once
        problems.append(Problem("lot_already_run", "level", {"lot": done.code, "level": level, "date": on}))
    return problems


def run_followup(
    books: Books,
    *,
    level: int,
    on: date,
    methods: Mapping[str, str],
    emails: Mapping[str, str],
    excluded_methods: Sequence[str] = (),
    excluded_customers: Sequence[str] = (),
    operator: str = "",
    strategy: str = DEFAULT_STRATEGY,
) -> tuple[Books, list[Problem]]:
    """Lancer le processus de relance: records the lot and one reminder per customer (an e-mail to its
    address when the level sends e-mails, a letter of the level when it prints one; both when it does
    both). Refused, nothing recorded, while a selected customer has no e-mail address for a level that
    sends e-mails, when nobody is at that level, or when a lot of that level and date was already run
    (every customer would get the same reminder twice)."""
    problems = _check_run(books, level, on, excluded_methods, excluded_customers)
    if problems:
        return books, problems
    plan = plan_run(
        books,
        level=level,
        on=on,
        methods=methods,
        emails=emails,
        excluded_methods=excluded_methods,
        excluded_customers=excluded_customers,
    )
    assert plan is not None  # the level was checked
    if not plan.lines:
        return books, [Problem("lot_empty", "level", {"level": level, "date": on})]
    if plan.missing_emails:
        names = ", ".join(books.customers[line.customer].name for line in plan.missing_emails)
        return books, [Problem("lot_customers_without_email", "excluded_customers", {"customers": names})]
    code = f"REL/{on.year}/{len(books.lots) + 1:04d}"
    lot = Lot(
        code=code,
        name=f"{plan.level.name} — {short_date(on)}",
        strategy=strategy,
        level=level,
        date=on,
        operator=operator.strip(),
        lines=plan.lines,
        summary=plan.summary,
        excluded_methods=tuple(excluded_methods),
        excluded_customers=tuple(excluded_customers),
    )
    events = tuple(
        replace(event, recorded=books.today, held=held_invoices(books, line.customer, on))
        for line in plan.lines
        for event in _reminders(plan.level, lot, line)
    )
    return books.evolve(lots=books.lots + (lot,), followup=books.followup + events), []


def _reminders(level: FollowupLevel, lot: Lot, line: LotLine) -> list[FollowupEvent]:
    text = f"Relance par lot {lot.code} ({level.name}) : {', '.join(line.overdue)}."
    events = []
    if "email" in level.actions:
        subject = f"Relance : {', '.join(line.overdue)}"
        events.append(
            FollowupEvent(
                "email", line.customer, lot.date, line.overdue, text, line.email, subject, level.level
            )
        )
    if {"letter", "registered_letter"} & set(level.actions) or not events:
        events.append(FollowupEvent("letter", line.customer, lot.date, line.overdue, text, level=level.level))
    return events


def reminder_email(books: Books, customer: str, card: str) -> str:
    """The address a customer's reminders go to: the one typed in the attempt (:func:`set_customer_email`,
    for a customer whose card had none), else ``card``, the address on its card ("" when there is none)."""
    return books.customer_emails.get(customer) or card


def set_customer_email(books: Books, *, customer: str, email: str) -> tuple[Books, list[Problem]]:
    """The accounting contact's e-mail address, typed by the student (found in a document of the world)."""
    if customer not in books.customers:
        return books, [Problem("unknown_customer", "customer", {"customer": customer})]
    address = email_address(email)
    if address is None:
        return books, [Problem("email_address_invalid", "email", {"to": email})]
    return books.evolve(customer_emails=MappingProxyType({**books.customer_emails, customer: address})), []


def find_lot(books: Books, code: str) -> Lot | None:
    return next((found for found in books.lots if found.code == code), None)
