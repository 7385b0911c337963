"""Pack « lettrage »: the month the month-end lettrage of the customer accounts works on (scenarios/lettrage).

The generator draws a month of invoices and receipts on the scenario's customers: receipts are already
recorded on 411 (from the bank), none is lettered. Each receipt's bank label names the invoices it pays
(« VIR ACOMPTE 1/3 FAC/2026/00012 »): that is the world's truth, and the expected lettrage follows from it.
The month mixes what a lettrage automatique meets: invoices paid exactly, in two or three (four, in the
imposed variant) parts, one receipt for two invoices, small gaps short and over (written off to 658 and
758), a gap beyond the tolerance (lettered partially: the invoice stays due for the difference), two
customers with invoices of the same amount, a customer with two invoices of the same amount and one receipt
(ambiguous: only the label says which), and invoices not yet paid.

A draw is kept only when a reference run (and the runs a student is likely to make, power 2 to 4 within
the tolerance) letters nothing but expected sets: amounts that happen to combine across sets are drawn again.

The reference solution (simulator.packs.play.lettrage) runs the lettrage automatique, then letters by hand
every expected set it left.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from simulator.ledger.accounts import MISC_EXPENSE, MISC_INCOME
from simulator.ledger.autoreconcile import AutoParams, WriteOffRule, plan
from simulator.ledger.books import open_books
from simulator.ledger.model import INVOICE, Document, DocumentLine
from simulator.ledger.money import ZERO, cents, vat_of
from simulator.packs.world.model import PriorPayment, World

FIRST_PATTERNS = ("exact+split2", "exact_twin+short", "exact_twin+grouped", "split3+over")
MORE_PATTERNS = ("ambiguous+exact", "beyond+exact", "grouped+open", "split2+exact+open")
IMPOSED_FIRST = ("split4",)
TERMS_DAYS = 30


@dataclass(frozen=True, slots=True)
class ExpectedSet:
    """Lines the accountant letters together: ``gap`` = invoices − receipts. ``kind``: "exact" (lettered
    in full), "write_off" (|gap| within the tolerance: lettered in full with the gap on 658 or 758) or
    "partial" (beyond it: lettered partially, the invoice stays due for ``gap``)."""

    customer: str
    invoices: tuple[str, ...]
    payments: tuple[str, ...]
    gap: Decimal
    kind: str

    @property
    def items(self) -> tuple[str, ...]:
        return self.invoices + self.payments


@dataclass(frozen=True, slots=True)
class LettrageWorld:
    variant: str
    date_from: date
    date_to: date
    tolerance: Decimal
    write_off_account: str  # a shortfall (658)
    gain_account: str  # an overpayment (758)
    journal: str
    sets: tuple[ExpectedSet, ...]
    open_invoices: tuple[str, ...]  # not paid this month: left unlettered
    #: the parameters the brief imposes: (power, max_gap, write-off account, gain account, journal)
    imposed_power: int | None = None
    imposed_gap: Decimal | None = None
    imposed_write_off: bool = False


def _period(today: date) -> tuple[date, date]:
    """The month before ``today``."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


class _Draw:
    def __init__(self, world: World, spec: Any, rng: random.Random):
        self.world, self.spec, self.rng = world, spec, rng
        self.start, self.end = _period(world.today)
        self.docs: list[Document] = []
        self.payments: list[PriorPayment] = []
        self.sets: list[ExpectedSet] = []
        self.open: list[str] = []
        self.year = self.start.year
        self.counter = rng.randint(40, 400)

    def ttc(self, low: int = 150, high: int = 4800) -> tuple[Decimal, Decimal]:
        ht = Decimal(self.rng.randint(low * 100, high * 100)) / 100
        return ht, ht + vat_of(ht, Decimal("20"))

    def invoice(self, customer: str, ht: Decimal) -> Document:
        self.counter += 1
        number = f"FAC/{self.year}/{self.counter:05d}"
        on = self.start + timedelta(days=self.rng.randint(0, 17))
        doc = Document(
            number,
            INVOICE,
            customer,
            on,
            (DocumentLine("Marchandises", ht, Decimal("20")),),
            due_date=on + timedelta(days=TERMS_DAYS),
            payment_terms=f"{TERMS_DAYS} jours date de facture",
        )
        self.docs.append(doc)
        return doc

    def pay(self, customer: str, amount: Decimal, after: date, label: str) -> str:
        pid = f"REG-{len(self.payments) + 1:02d}"
        on = min(after + timedelta(days=self.rng.randint(2, 12)), self.end)
        self.payments.append(PriorPayment(pid, customer, "BNK", on, amount, (), reference=label))
        return pid

    def add_set(self, customer: str, invoices: list[Document], payments: list[str], paid: Decimal) -> None:
        gap = sum((d.amount_ttc for d in invoices), ZERO) - paid
        kind = "exact" if gap == ZERO else "write_off" if abs(gap) <= self.spec.tolerance else "partial"
        self.sets.append(ExpectedSet(customer, tuple(d.number for d in invoices), tuple(payments), gap, kind))

    def pattern(self, customer: str, name: str, twin: Decimal | None) -> Decimal | None:
        """Draw one pattern for ``customer``; returns the HT of a twin invoice when it draws one."""
        if name in ("exact", "exact_twin"):
            ht = twin if name == "exact_twin" and twin is not None else self.ttc()[0]
            doc = self.invoice(customer, ht)
            self.add_set(
                customer,
                [doc],
                [self.pay(customer, doc.amount_ttc, doc.date, f"VIR {doc.number}")],
                doc.amount_ttc,
            )
            return ht
        if name.startswith("split"):
            parts = int(name[-1])
            doc = self.invoice(customer, self.ttc(600, 4800)[0])
            amounts, left = [], doc.amount_ttc
            for _ in range(parts - 1):
                share = cents(left * Decimal(self.rng.randint(25, 60)) / 100)
                amounts.append(share)
                left -= share
            amounts.append(left)
            pids, day = [], doc.date
            for k, amount in enumerate(amounts, 1):
                pid = self.pay(customer, amount, day, f"VIR ACOMPTE {k}/{parts} {doc.number}")
                day = self.payments[-1].date
                pids.append(pid)
            self.add_set(customer, [doc], pids, doc.amount_ttc)
            return None
        if name == "grouped":
            first, second = self.invoice(customer, self.ttc()[0]), self.invoice(customer, self.ttc()[0])
            total = first.amount_ttc + second.amount_ttc
            pid = self.pay(
                customer, total, max(first.date, second.date), f"VIR {first.number} {second.number}"
            )
            self.add_set(customer, [first, second], [pid], total)
            return None
        if name in ("short", "over", "beyond"):
            doc = self.invoice(customer, self.ttc()[0])
            if name == "beyond":
                low, high = (150, 499) if self.spec.variant == "imposed" else (200, 999)
                gap = Decimal(self.rng.randint(low, high)) / 100
            else:
                gap = Decimal(self.rng.randint(1, int(self.spec.tolerance * 100))) / 100
            paid = doc.amount_ttc + (gap if name == "over" else -gap)
            pid = self.pay(customer, paid, doc.date, f"VIR {doc.number}")
            self.add_set(customer, [doc], [pid], paid)
            return None
        if name == "ambiguous":  # two invoices of one amount, one receipt: its label says which
            ht = self.ttc()[0]
            first, second = self.invoice(customer, ht), self.invoice(customer, ht)
            paid_one = self.rng.choice([first, second])
            pid = self.pay(
                customer, paid_one.amount_ttc, max(first.date, second.date), f"VIR {paid_one.number}"
            )
            self.add_set(customer, [paid_one], [pid], paid_one.amount_ttc)
            self.open.append((second if paid_one is first else first).number)
            return None
        if name == "open":
            doc = self.invoice(customer, self.ttc()[0])
            self.open.append(doc.number)
            return None
        raise ValueError(f"unknown pattern {name}")  # pragma: no cover

    def build(self) -> None:
        customers = [c.id for c in self.world.customers]
        first = IMPOSED_FIRST + FIRST_PATTERNS[1:] if self.spec.variant == "imposed" else FIRST_PATTERNS
        patterns = list(first + MORE_PATTERNS)[: len(customers)]
        self.rng.shuffle(customers)
        twin = None
        for customer, combined in zip(customers, patterns, strict=False):
            for name in combined.split("+"):
                drawn = self.pattern(customer, name, twin)
                if name == "exact_twin" and twin is None:
                    twin = drawn


def _books(world: World, docs: list[Document], payments: list[PriorPayment]):
    from simulator.ledger.payments import register_payment

    books = open_books(world.today, (c.customer for c in world.customers), docs)
    for p in payments:
        books, problems = register_payment(
            books,
            customer=p.customer,
            journal=p.journal,
            on=p.date,
            amount=p.amount,
            reference=p.reference,
            payment_id=p.id,
            prior=True,
        )
        assert not problems, problems
    return books


def _only_expected(world: World, draw: _Draw, lettrage: LettrageWorld) -> bool:
    """True when every set a plausible run letters is an expected set (fully lettered kinds only)."""
    books = _books(world, draw.docs, draw.payments)
    expected = {
        (tuple(sorted(s.invoices)), tuple(sorted(s.payments))) for s in draw.sets if s.kind != "partial"
    }
    rule = WriteOffRule(lettrage.write_off_account, lettrage.journal, lettrage.gain_account)
    for power in (2, 3, 4):
        for gap in {lettrage.tolerance, ZERO, Decimal("5.00")}:
            sets, _ = plan(
                books, AutoParams(("411",), power, gap, rule, lettrage.date_from, lettrage.date_to)
            )
            for s in sets:
                if (s.debits, s.credits) not in expected and abs(s.gap) <= lettrage.tolerance * 100:
                    return False
                if abs(s.gap) > lettrage.tolerance * 100 and not any(
                    set(s.debits) | set(s.credits) == set(e.items) for e in draw.sets
                ):
                    return False
    return True


def generate_month(world: World, spec: Any, rng: random.Random) -> World:
    """``world`` with the month of the scenario's ``lettrage`` block: its invoices, its receipts recorded
    on 411 (not lettered) and the expected lettrage."""
    imposed = spec.imposed
    for _ in range(200):
        draw = _Draw(world, spec, rng)
        draw.build()
        lettrage = LettrageWorld(
            variant=spec.variant,
            date_from=draw.start,
            date_to=draw.end,
            tolerance=spec.tolerance,
            write_off_account=spec.write_off.account,
            gain_account=spec.write_off.gain_account,
            journal=spec.write_off.journal,
            sets=tuple(draw.sets),
            open_invoices=tuple(draw.open),
            imposed_power=imposed.power if imposed else None,
            imposed_gap=imposed.max_gap if imposed else None,
            imposed_write_off=bool(imposed and imposed.write_off),
        )
        if _only_expected(world, draw, lettrage):
            break
    else:  # pragma: no cover - 200 draws of coincidences
        raise ValueError("no month without coincidental combinations")
    return dataclasses.replace(
        world,
        documents=tuple(sorted(draw.docs, key=lambda d: d.number)),
        prior_payments=tuple(draw.payments),
        lettrage=lettrage,
    )


def expected_postings(world: World) -> list[tuple[str, Decimal]]:
    """The write-offs the expected lettrage posts: (account, debit − credit)."""
    lettrage: LettrageWorld | None = getattr(world, "lettrage", None)
    if lettrage is None:
        return []
    out = []
    for s in lettrage.sets:
        if s.kind != "write_off":
            continue
        account = world.customer(s.customer).customer.account  # type: ignore[union-attr]
        if s.gap > ZERO:
            out += [(lettrage.write_off_account or MISC_EXPENSE, s.gap), (account, -s.gap)]
        else:
            out += [(account, -s.gap), (lettrage.gain_account or MISC_INCOME, s.gap)]
    return out
