"""Property tests of the accounting core: random operations on small random books, invariants after each step.

A stateful machine (hypothesis) opens books with 2-3 customers, their invoices, credit notes, cheques and
statement lines, then applies random operations, valid or not. After every step the books must still make
sense: entries balance, matchings net to zero, residuals agree with the 411 balance, 5112 holds exactly the
cheques not yet deposited, and an operation that reports problems changes nothing.

``LEDGER_EXAMPLES=3000 make test`` searches longer than the default 200 examples (about 2 minutes).
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sweeps import examples

from simulator.ledger.bank import reconcile_statement_line
from simulator.ledger.books import Books, open_books
from simulator.ledger.cheques import cancel_deposit, deposit_cheques, endorse_cheque
from simulator.ledger.followup import add_note, annotate_statement, log_call, send_email, set_next_action
from simulator.ledger.matching import match, unmatch
from simulator.ledger.model import (
    CREDIT_NOTE,
    INVOICE,
    Cheque,
    Customer,
    Document,
    DocumentLine,
    FollowupLevel,
    SlipLine,
    StatementLine,
)
from simulator.ledger.payments import (
    Difference,
    cancel_credit_note,
    cancel_payment,
    issue_credit_note,
    register_payment,
)
from simulator.ledger.problems import Problem
from simulator.ledger.reports import aged_balance, aged_totals, customer_ledger, trial_balance
from simulator.ledger.views import books_view
from simulator.messages.refusals import REFUSALS

TODAY = date(2025, 6, 30)
START = date(2025, 1, 1)
RATES = (Decimal("0"), Decimal("5.5"), Decimal("10"), Decimal("20"))
LEVELS = (
    FollowupLevel(1, 15, "Relance amiable", ("phone", "email")),
    FollowupLevel(2, 30, "Relance ferme", ("email", "phone")),
    FollowupLevel(3, 45, "Dernière relance amiable", ("letter",)),
    FollowupLevel(4, 60, "Mise en demeure", ("registered_letter",)),
)
IBAN = "FR76 3000 4000 0312 3456 7890 143"
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: Not a customer, not a document, not a cheque, not a statement line of any generated world.
UNKNOWN = "INCONNU"


def money(low: int = 1, high: int = 9_999_999) -> st.SearchStrategy[Decimal]:
    """Amounts built from integer cents (never floats): 0.01 to 99 999.99 by default."""
    return st.integers(low, high).map(lambda c: Decimal(c).scaleb(-2))


def vat(ht: Decimal, rate: Decimal) -> Decimal:
    """VAT on an HT amount, half-up to the cent: the domain rule, written here independently of the code."""
    return (ht * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def is_cents(amount: Decimal) -> bool:
    return amount == amount.quantize(CENT)


# -- random books -------------------------------------------------------------------------------------------
@st.composite
def worlds(draw) -> Books:
    codes = ["BER", "MAR", "DUR"][: draw(st.integers(2, 3))]
    customers = [Customer(code, f"Client {code}", "411" + code) for code in codes]
    documents: list[Document] = []
    cheques: list[Cheque] = []
    for code in codes:
        for i in range(draw(st.integers(1, 5))):
            on = day(draw(st.integers(0, (TODAY - START).days)))
            lines = tuple(
                DocumentLine(f"Article {k}", draw(money()), draw(st.sampled_from(RATES)))
                for k in range(draw(st.integers(1, 2)))
            )
            inv = Document(
                f"FA-{code}-{i}",
                INVOICE,
                code,
                on,
                lines,
                due_date=on + timedelta(days=draw(st.sampled_from([0, 30, 45, 60]))),
            )
            documents.append(inv)
            ht_cents = int(inv.amount_ht * 100)
            if ht_cents >= 2 and draw(st.booleans()):
                # At most half the invoice's HT at its first rate: TTC stays strictly below the invoice's.
                note_on = min(on + timedelta(days=draw(st.integers(0, 20))), TODAY)
                line = DocumentLine("Retour", draw(money(1, ht_cents // 2)), lines[0].vat_rate)
                documents.append(
                    Document(f"AV-{code}-{i}", CREDIT_NOTE, code, note_on, (line,), refers_to=inv.number)
                )
        own = [d for d in documents if d.customer == code and d.kind == INVOICE]
        for k in range(draw(st.integers(0, 2))):
            amount = draw(st.one_of(st.sampled_from([d.amount_ttc for d in own]), money()))
            received = day(draw(st.integers(0, (TODAY - START).days)))
            cheques.append(
                Cheque(
                    f"CHQ-{code}-{k}",
                    code,
                    f"Client {code}",
                    "LCL",
                    f"00{k}{code}",
                    amount,
                    "",
                    received - timedelta(days=1),
                    received,
                    "Lettrage SA",
                )
            )
    statement_lines = [
        StatementLine(
            f"L{k}", day(draw(st.integers(0, (TODAY - START).days))), f"VIR SEPA {k}", draw(money())
        )
        for k in range(draw(st.integers(0, 3)))
    ]
    # The bank's credit of some cheques (one per slip), dated after they arrived; and a debit line.
    for cheque in cheques:
        if draw(st.booleans()):
            credited = min(cheque.received + timedelta(days=draw(st.integers(0, 10))), TODAY)
            statement_lines.append(
                StatementLine(f"R-{cheque.id}", credited, f"REMISE CHQ {cheque.number}", cheque.amount)
            )
    if draw(st.booleans()):
        statement_lines.append(StatementLine("LOYER", day(10), "PRLV SEPA LOYER", -draw(money())))
    return open_books(TODAY, customers, documents, cheques, statement_lines, LEVELS)


class LedgerMachine(RuleBasedStateMachine):
    """Random operations on random books; ``self.books`` is always the latest accepted state.

    Each rule draws a valid operation three times in four; otherwise it injects one fault (an unknown
    customer, another customer's document, a zero amount, a future date…). The rule knows which operations
    are valid: those must be accepted, the others refused.
    """

    @initialize(books=worlds())
    def open(self, books: Books) -> None:
        self.books = books
        self.serial = 0

    # -- helpers ------------------------------------------------------------------------------------------
    def fault(self, data, *faults: str) -> str | None:
        """None three times in four, otherwise one of ``faults``."""
        if data.draw(st.integers(0, 3), label="valid") != 0:
            return None
        return data.draw(st.sampled_from(faults), label="fault")

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def customer(self, data, fault: str | None) -> str:
        if fault == "unknown_customer":
            return UNKNOWN
        return data.draw(st.sampled_from(sorted(self.books.customers)), label="customer")

    def past_date(self, data, not_before: date = START) -> date:
        return not_before + timedelta(days=data.draw(st.integers(0, (TODAY - not_before).days), label="day"))

    def future_date(self, data) -> date:
        return TODAY + timedelta(days=data.draw(st.integers(1, 30), label="days ahead"))

    def open_documents(self, customer: str) -> list[str]:
        return sorted(
            n
            for n, d in self.books.documents.items()
            if d.customer == customer and self.books.residual(n) > ZERO
        )

    def deposited(self) -> set[str]:
        return {line.cheque for slip in self.books.slips if not slip.cancelled for line in slip.lines}

    def apply(self, operation: str, result, *, valid: bool) -> bool:
        """Check the verdict (a valid operation is accepted, an invalid one refused), keep the new books when
        accepted, and check that a refusal changed nothing. True when accepted."""
        new, problems = result
        for p in problems:
            assert isinstance(p, Problem)
            assert p.code in REFUSALS and p.message, f"problem {p.code} has no French message"
        if problems:
            assert new is self.books, f"refused with {[p.code for p in problems]} but returned other books"
            assert not valid, f"{operation}: a valid operation was refused: {[p.message for p in problems]}"
            event(f"{operation} refused: {problems[0].code}")
            return False
        assert valid, f"{operation}: an invalid operation was accepted"
        assert isinstance(new, Books)
        event(f"{operation} accepted")
        self.books = new
        return True

    def net_due(self, customer: str, documents: list[str]) -> Decimal:
        """What the chosen documents of ``customer`` still need: invoices' residuals minus credit notes'."""
        total = ZERO
        for number in dict.fromkeys(documents):
            doc = self.books.documents.get(number)
            if doc is not None and doc.customer == customer:
                total += self.books.residual(number) if doc.is_invoice else -self.books.residual(number)
        return total

    # -- operations ----------------------------------------------------------------------------------------
    @rule(data=st.data())
    def register_payment(self, data) -> None:
        books = self.books
        fault = self.fault(
            data,
            "unknown_customer",
            "foreign_document",
            "zero_amount",
            "future_date",
            "journal",
            "duplicate_id",
            "write_off_account",
            "write_off_vat_rate",
            "handling",
            "zero_allocation",
        )
        customer = self.customer(data, fault)
        pool = self.open_documents(customer)
        notes = [n for n in pool if not books.documents[n].is_invoice]
        if notes and data.draw(st.integers(0, 3), label="credit notes on one invoice") == 0:
            # The customer's credit notes set against one invoice, maybe not theirs (domain.md §6, rule 3).
            documents = [*notes, data.draw(st.sampled_from([n for n in pool if n not in notes] or notes))]
        else:
            documents = (
                data.draw(st.lists(st.sampled_from(pool), max_size=4, unique=True), label="documents")
                if pool
                else []
            )
        documents = list(dict.fromkeys(documents))
        if fault == "foreign_document":
            others = sorted(n for n, d in books.documents.items() if d.customer != customer)
            documents.append(data.draw(st.sampled_from([*others, UNKNOWN]), label="foreign document"))
        due = self.net_due(customer, documents)

        source_kind, source = None, None
        origin = data.draw(st.sampled_from(["none", "cheque", "cheque", "statement_line"]), label="source")
        if origin == "cheque" and books.cheques:
            own_cheques = sorted(c for c, chq in books.cheques.items() if chq.customer == customer)
            source_kind = "cheque"
            source = data.draw(st.sampled_from(own_cheques or sorted(books.cheques)), label="cheque")
        elif origin == "statement_line" and books.statement_lines:
            source_kind = "statement_line"
            source = data.draw(st.sampled_from(sorted(books.statement_lines)), label="statement line")

        mode = data.draw(st.sampled_from(["exact", "near", "source", "line", "random"]), label="amount")
        if fault == "zero_amount":
            amount = ZERO
        elif mode == "exact" and due > ZERO:
            amount = due
        elif mode == "near" and due > ZERO:
            amount = max(CENT, due + data.draw(money(-200, 200), label="gap"))
        elif mode == "source" and source_kind == "cheque":
            amount = books.cheques[source].amount
        elif mode == "source" and source_kind == "statement_line":
            amount = books.statement_lines[source].amount
        elif mode == "line" and source_kind is None and books.statement_lines:
            # a bank line's amount recorded without naming the line: to reconcile afterwards
            amount = abs(data.draw(st.sampled_from(sorted(books.statement_lines.values(), key=str))).amount)
        else:
            amount = data.draw(money(), label="amount")
        if fault == "journal":
            journal = data.draw(st.sampled_from(["VT", "OD", ""]), label="journal")
        elif source_kind == "cheque" and data.draw(st.integers(0, 3)) != 0:
            journal = "CHQ"
        else:
            journal = data.draw(st.sampled_from(["BNK", "CHQ"]), label="journal")
        on = self.future_date(data) if fault == "future_date" else self.past_date(data)

        handling = data.draw(st.sampled_from([None, "keep_open", "write_off"]), label="handling")
        difference = None
        if fault == "handling":
            difference = Difference("perte")
        elif fault == "write_off_account":
            bad = data.draw(
                st.sampled_from(["411" + customer, "411", "512", "5112", "44571", "416", "999", ""])
            )
            difference = Difference("write_off", bad, "Écart")
        elif fault == "write_off_vat_rate":
            difference = Difference(
                "write_off",
                "665",
                "Escompte",
                # 0 is valid since issue 8 (a discount on a 0 % invoice: no VAT line)
                data.draw(
                    st.sampled_from([Decimal("-0.01"), Decimal("-20"), Decimal("100.01"), Decimal("120")])
                ),
            )
        elif handling == "keep_open":
            difference = Difference("keep_open")
        elif handling == "write_off":
            difference = Difference(
                "write_off",
                data.draw(st.sampled_from(["658", "758", "665"])),
                "Écart",
                data.draw(st.sampled_from([None, Decimal("20"), Decimal("5.5"), Decimal("10")])),
            )
        invoices_chosen = any(n in books.documents and books.documents[n].is_invoice for n in documents)
        writes_off = difference is not None and difference.handling == "write_off"
        # When the chosen credit notes cover the invoices there is no gap to write off (a write-off there
        # would make the receipt debit 411).
        nothing_due = writes_off and invoices_chosen and due <= ZERO

        allocations = None
        if documents and (fault == "zero_allocation" or data.draw(st.booleans(), label="remittance advice")):
            allocated = data.draw(
                st.lists(st.sampled_from(documents), min_size=1, unique=True), label="allocated"
            )
            allocations = {
                n: data.draw(money(1, max(1, int(books.residual(n) * 100))), label="allocation")
                if n in books.documents and books.documents[n].customer == customer
                else CENT
                for n in allocated
            }
            if fault == "zero_allocation":
                allocations[allocated[0]] = ZERO
        if fault == "zero_allocation" and allocations is None:
            fault = None  # nothing to allocate: the fault does not apply

        payment_id = None
        if fault == "duplicate_id":
            if books.payments:
                payment_id = data.draw(st.sampled_from(sorted(books.payments)), label="taken id")
            else:
                fault = None
        elif data.draw(st.integers(0, 7)) == 0:
            payment_id = f"REGL-{self.next_serial()}"

        # A receipt cannot be sourced on a debit line (rent, fees).
        debit_source = source_kind == "statement_line" and books.statement_lines[source].amount <= ZERO
        accepted = self.apply(
            "register_payment",
            register_payment(
                books,
                customer=customer,
                journal=journal,
                on=on,
                amount=amount,
                documents=documents,
                allocations=allocations,
                reference="REF",
                source_kind=source_kind,
                source=source,
                difference=difference,
                payment_id=payment_id,
            ),
            valid=fault is None and not nothing_due and not debit_source and amount > ZERO,
        )
        if not accepted:
            return
        new = self.books
        assert len(new.entries) == len(books.entries) + 1
        (pid,) = set(new.payments) - set(books.payments)
        payment = new.payments[pid]
        assert payment_id is None or pid == payment_id
        assert (payment.amount, payment.journal, payment.customer) == (amount, journal, customer)
        receipt_account = "512" if journal == "BNK" else "5112"
        assert new.account_balance(receipt_account) == books.account_balance(receipt_account) + amount
        assert payment.settled > ZERO, "a receipt credits 411"
        if writes_off and invoices_chosen:
            assert payment.settled == due, "a write-off settles exactly what the documents still need"
            if not allocations:
                assert all(new.residual(n) == ZERO for n in [*documents, pid])
                assert len({new.letters()[n].upper() for n in [*documents, pid]}) == 1
        else:
            assert payment.settled == amount and payment.write_off is None
        if source_kind == "statement_line" and source not in books.statement_matches:
            assert new.statement_matches[source] == (pid,)
        else:
            assert new.statement_matches == books.statement_matches, "a statement line is reconciled once"

    @precondition(
        lambda self: bool(set(self.books.cheques) - {p.source for p in self.books.payments.values()})
    )
    @rule(data=st.data())
    def receive_cheque(self, data) -> None:
        """The usual way a cheque comes in: its amount recorded in CHQ (D 5112 / C 411) against the drawer."""
        books = self.books
        received = {p.source for p in books.payments.values() if p.source_kind == "cheque"}
        cheque = books.cheques[
            data.draw(st.sampled_from(sorted(set(books.cheques) - received)), label="cheque")
        ]
        pool = self.open_documents(cheque.customer)
        documents = data.draw(st.lists(st.sampled_from(pool), max_size=3, unique=True)) if pool else []
        self.apply(
            "receive_cheque",
            register_payment(
                books,
                customer=cheque.customer,
                journal="CHQ",
                on=cheque.received,
                amount=cheque.amount,
                documents=documents,
                reference=cheque.number,
                source_kind="cheque",
                source=cheque.id,
                difference=Difference("keep_open"),
            ),
            valid=True,
        )
        assert self.books.account_balance("5112") == books.account_balance("5112") + cheque.amount

    @rule(data=st.data())
    def issue_credit_note(self, data) -> None:
        books = self.books
        fault = self.fault(
            data,
            "unknown_invoice",
            "zero_amount",
            "blank_reason",
            "number_taken",
            "account",
            "future_date",
            "before_invoice",
            "too_large",
        )
        invoices = sorted(n for n, d in books.documents.items() if d.is_invoice)
        open_invoices = [n for n in invoices if books.residual(n) > ZERO]
        if fault == "unknown_invoice":
            number = data.draw(st.sampled_from([UNKNOWN, *sorted(set(books.documents) - set(invoices))]))
        else:
            number = data.draw(st.sampled_from(open_invoices or invoices), label="invoice")
        doc = books.documents.get(number)
        rate = data.draw(st.sampled_from([None, *RATES]), label="rate")
        # Without a rate, the note takes the invoice's rate (the lowest one when it has several).
        effective = rate if rate is not None or doc is None else min(line.vat_rate for line in doc.lines)
        residual_cents = int(books.residual(number) * 100) if doc is not None else 100
        if fault == "zero_amount":
            ht = ZERO
        elif fault == "too_large":
            ht = books.residual(number) + CENT if doc is not None else CENT
        else:
            ht = data.draw(
                money(1, max(1, residual_cents * 100 // (100 + int(effective or 0) + 1))), label="HT"
            )
        if fault == "future_date":
            on = self.future_date(data)
        elif fault == "before_invoice" and doc is not None:
            on = doc.date - timedelta(days=data.draw(st.integers(1, 30)))
        else:
            on = self.past_date(data, doc.date if doc is not None else START)
        reason = "  " if fault == "blank_reason" else "Escompte 2 %"
        account = data.draw(
            st.sampled_from(
                ["411BER", "512", "44571", "5112", "999"] if fault == "account" else ["665", "707", "709"]
            ),
            label="account",
        )
        note_number = f"AV-F{self.next_serial()}"
        if fault == "number_taken":
            note_number = data.draw(st.sampled_from(sorted(books.documents)), label="taken number")
        # A new note fits in what is left on the invoice once the notes already issued on it (not yet
        # matched) are counted.
        pending = sum(
            (
                books.residual(n)
                for n, d in books.documents.items()
                if not d.is_invoice and d.refers_to == number
            ),
            ZERO,
        )
        valid = fault is None and ht + vat(ht, effective) <= books.residual(number) - pending
        accepted = self.apply(
            "issue_credit_note",
            issue_credit_note(
                books,
                invoice=number,
                on=on,
                amount_ht=ht,
                vat_rate=rate,
                reason=reason,
                number=note_number,
                account=account,
            ),
            valid=valid,
        )
        if accepted:
            note = self.books.documents[note_number]
            assert (note.kind, note.refers_to, note.customer) == (CREDIT_NOTE, number, doc.customer)
            assert note.amount_ttc == ht + vat(ht, effective)
            assert (
                books_view(self.books).customers[doc.customer].balance
                == books_view(books).customers[doc.customer].balance - note.amount_ttc
            )

    @rule(data=st.data())
    def match(self, data) -> None:
        books = self.books
        fault = self.fault(data, "unknown_customer", "other_customers_item", "settled_item", "one_side")
        customer = self.customer(data, fault)
        items = books.items()
        own_open = [
            i for k, i in sorted(items.items()) if i.customer == customer and books.residual(k) > ZERO
        ]
        debits = [i.key for i in own_open if i.amount > 0]
        credits = [i.key for i in own_open if i.amount < 0]
        keys = []
        if debits and credits:
            keys = data.draw(
                st.lists(st.sampled_from(debits), min_size=1, max_size=3, unique=True), label="debits"
            )
            if fault != "one_side":
                keys += data.draw(st.lists(st.sampled_from(credits), min_size=1, max_size=3, unique=True))
        elif fault is None:
            keys = [i.key for i in own_open]  # one side only (or nothing): to be refused
        if fault == "other_customers_item":
            others = sorted(k for k, i in items.items() if i.customer != customer)
            keys.append(data.draw(st.sampled_from(others), label="other customer's item"))
        elif fault == "settled_item":
            settled = sorted(
                k for k, i in items.items() if i.customer == customer and books.residual(k) == ZERO
            )
            if settled:
                keys.append(data.draw(st.sampled_from(settled), label="settled item"))
            else:
                fault = None
        chosen = [items[k] for k in keys if k in items]
        valid = fault is None and any(i.amount > 0 for i in chosen) and any(i.amount < 0 for i in chosen)
        if self.apply("match", match(books, customer, keys), valid=valid):
            new = self.books.allocations[len(books.allocations) :]
            assert new, "an accepted matching allocates something"
            assert len({a.letter for a in new}) == 1
            assert all(a.debit_item in keys and a.credit_item in keys for a in new)
            assert self.books.entries == books.entries

    @precondition(lambda self: bool(self.books.allocations))
    @rule(data=st.data())
    def unmatch(self, data) -> None:
        books = self.books
        fault = self.fault(data, "unknown_item", "untouched_item")
        matched = sorted(
            {a.debit_item for a in books.allocations} | {a.credit_item for a in books.allocations}
        )
        untouched = sorted(set(books.items()) - set(matched))
        keys = data.draw(st.lists(st.sampled_from(matched), min_size=1, max_size=2, unique=True))
        if fault == "unknown_item":
            keys.append(UNKNOWN)
        elif fault == "untouched_item":
            if untouched:
                keys = [data.draw(st.sampled_from(untouched), label="untouched item")]
            else:
                fault = None  # every item is matched: the fault does not apply
        touched = [a for a in books.allocations if a.debit_item in keys or a.credit_item in keys]
        if self.apply("unmatch", unmatch(books, keys), valid=fault is None and bool(touched)):
            assert not any(a.debit_item in keys or a.credit_item in keys for a in self.books.allocations)
            assert len(self.books.allocations) == len(books.allocations) - len(touched)
            assert self.books.entries == books.entries

    @precondition(lambda self: bool(self.books.cheques))
    @rule(data=st.data())
    def endorse_cheque(self, data) -> None:
        books = self.books
        fault = self.fault(data, "unknown_cheque", "blank_account", "already_deposited")
        cheque = data.draw(st.sampled_from(sorted(books.cheques)), label="cheque")
        if fault == "unknown_cheque":
            cheque = UNKNOWN
        elif fault == "already_deposited":
            cheque = data.draw(
                st.sampled_from(sorted(self.deposited()) or [UNKNOWN]), label="deposited cheque"
            )
        account = "   " if fault == "blank_account" else IBAN
        valid = fault is None and cheque in books.cheques and cheque not in self.deposited()
        if self.apply(
            "endorse_cheque",
            endorse_cheque(books, cheque=cheque, account=account, signature="J. Dupont"),
            valid=valid,
        ):
            assert self.books.endorsements[cheque].account == IBAN
            assert self.books.entries == books.entries

    @precondition(lambda self: bool(self.books.cheques))
    @rule(data=st.data())
    def deposit_cheques(self, data) -> None:
        books = self.books
        fault = self.fault(
            data,
            "unknown_cheque",
            "not_received",
            "recorded_in_512",
            "twice_on_the_slip",
            "already_deposited",
            "future_date",
            "empty_slip",
            "reconciled_statement_line",
        )
        first = self.first_receipts()
        deposited = self.deposited()
        waiting = sorted(c for c, p in first.items() if p.journal == "CHQ" and c not in deposited)
        chosen = data.draw(
            st.lists(st.sampled_from(waiting or sorted(books.cheques)), min_size=1, max_size=3, unique=True),
            label="cheques",
        )
        extra = {
            "unknown_cheque": [UNKNOWN],
            "not_received": sorted(set(books.cheques) - set(first)),
            "recorded_in_512": sorted(c for c, p in first.items() if p.journal != "CHQ"),
            "twice_on_the_slip": chosen[:1],
            "already_deposited": sorted(deposited),
        }.get(fault or "")
        if extra is not None:
            if extra:
                chosen.append(data.draw(st.sampled_from(extra), label="faulty cheque"))
            else:
                fault = None
        if fault == "empty_slip":
            chosen = []
        statement_line = None
        free_lines = sorted(set(books.statement_lines) - set(books.statement_matches))
        if fault == "reconciled_statement_line":
            if books.statement_matches:
                statement_line = data.draw(st.sampled_from(sorted(books.statement_matches)))
            else:
                fault = None
        elif free_lines and data.draw(st.booleans(), label="credited on the statement"):
            statement_line = data.draw(st.sampled_from(free_lines), label="statement line")
        on = self.future_date(data) if fault == "future_date" else self.past_date(data)
        lines = [
            SlipLine(c, "Tireur", "LCL", "001", books.cheques[c].amount if c in books.cheques else CENT)
            for c in chosen
        ]
        taken = sum((first[c].amount for c in chosen if c in first), ZERO)
        line = books.statement_lines.get(statement_line or "")
        # Deposit and bank credit at once: the line must be a credit of the slip's total, on or after it.
        credit_ok = line is None or (line.amount == taken and line.date >= on)
        # a bank refuses a cheque whose back is blank
        endorsed = all(c in books.endorsements for c in chosen)
        valid = fault is None and all(c in waiting for c in chosen) and credit_ok and endorsed
        if self.apply(
            "deposit_cheques",
            deposit_cheques(
                books,
                on=on,
                account=IBAN,
                lines=lines,
                count=len(lines),
                total=sum((line.amount for line in lines), ZERO),
                statement_line=statement_line,
            ),
            valid=valid,
        ):
            assert self.books.slips[-1].amount == taken
            credited = taken if statement_line else ZERO
            assert self.books.account_balance("512") == books.account_balance("512") + credited
            assert self.books.account_balance("5112") == books.account_balance("5112") - credited
            if statement_line:
                assert self.books.statement_matches[statement_line] == (self.books.slips[-1].id,)
            else:
                assert self.books.entries == books.entries, "handing in a slip posts nothing"

    @precondition(lambda self: bool(self.books.payments))
    @rule(data=st.data())
    def cancel_payment(self, data) -> None:
        books = self.books
        pid = data.draw(st.sampled_from([*sorted(books.payments), UNKNOWN]), label="payment")
        pay = books.payments.get(pid)
        first = self.first_receipts()
        on_live_slip = (
            pay is not None
            and pay.source_kind == "cheque"
            and pay.source in self.deposited()
            and first.get(pay.source) is pay
        )
        valid = pay is not None and not pay.cancelled and not on_live_slip
        if not self.apply("cancel_payment", cancel_payment(books, payment=pid), valid=valid):
            return
        new = self.books
        assert new.payments[pid].cancelled and new.payments[pid].id == pid
        assert len(new.entries) == len(books.entries) + 1 and new.entries[-1].date == pay.date
        account = "512" if pay.journal == "BNK" else "5112"
        assert new.account_balance(account) == books.account_balance(account) - pay.amount
        assert (
            books_view(new).customers[pay.customer].balance
            == books_view(books).customers[pay.customer].balance + pay.settled
        )
        assert all(pid not in targets for targets in new.statement_matches.values())
        assert not any(pid in (a.debit_item, a.credit_item) for a in new.allocations)
        again = self.books
        self.apply("cancel_payment", cancel_payment(again, payment=pid), valid=False)

    @rule(data=st.data())
    def cancel_credit_note(self, data) -> None:
        books = self.books
        notes = sorted(n for n, d in books.documents.items() if not d.is_invoice)
        number = data.draw(st.sampled_from([*notes, UNKNOWN]), label="credit note")
        valid = (
            number in books.credit_notes_issued
            and number not in books.cancelled_documents
            and books.residual(number) == books.documents[number].amount_ttc
        )
        if self.apply("cancel_credit_note", cancel_credit_note(books, number=number), valid=valid):
            note = books.documents[number]
            assert (
                books_view(self.books).customers[note.customer].balance
                == books_view(books).customers[note.customer].balance + note.amount_ttc
            )
            assert self.books.residual(number) == ZERO

    @precondition(lambda self: bool(self.books.slips))
    @rule(data=st.data())
    def cancel_deposit(self, data) -> None:
        books = self.books
        slip_id = data.draw(st.sampled_from([*(s.id for s in books.slips), UNKNOWN]), label="slip")
        slip = next((s for s in books.slips if s.id == slip_id), None)
        valid = slip is not None and not slip.cancelled and not slip.credited
        if self.apply("cancel_deposit", cancel_deposit(books, slip=slip_id), valid=valid):
            assert self.books.entries == books.entries
            assert not {line.cheque for line in slip.lines} & self.deposited(), (
                "its cheques are to deposit again"
            )

    @precondition(lambda self: bool(self.books.statement_lines))
    @rule(data=st.data())
    def reconcile_statement_line(self, data) -> None:
        books = self.books
        line_id = data.draw(st.sampled_from(sorted(books.statement_lines)), label="line")
        line = books.statement_lines[line_id]
        line_ok = line.amount > ZERO and line_id not in books.statement_matches
        if books.slips and data.draw(st.booleans(), label="a slip"):
            slip = data.draw(st.sampled_from(books.slips), label="slip")
            valid = (
                line_ok
                and not slip.cancelled
                and not slip.credited
                and slip.amount == line.amount
                and line.date >= slip.date
            )
            if self.apply(
                "reconcile slip",
                reconcile_statement_line(books, statement_line=line_id, slip=slip.id),
                valid=valid,
            ):
                assert self.books.account_balance("512") == books.account_balance("512") + slip.amount
                assert self.books.entries[-1].date == line.date
            return
        tied = books.statement_line_of()
        free = sorted(
            p.id
            for p in books.payments.values()
            if p.journal == "BNK"
            and not p.cancelled
            and p.id not in tied
            and p.source_kind != "statement_line"
        )
        chosen = data.draw(
            st.lists(st.sampled_from(free or [UNKNOWN]), min_size=1, max_size=2, unique=True),
            label="payments",
        )
        valid = (
            line_ok
            and all(p in free for p in chosen)
            and sum((books.payments[p].amount for p in chosen if p in books.payments), ZERO) == line.amount
        )
        if self.apply(
            "reconcile payments",
            reconcile_statement_line(books, statement_line=line_id, payments=chosen),
            valid=valid,
        ):
            assert self.books.entries == books.entries
            assert self.books.statement_matches[line_id] == tuple(chosen)

    @rule(data=st.data())
    def follow_up(self, data) -> None:
        books = self.books
        kind = data.draw(st.sampled_from(["call", "email", "next_action"]), label="follow-up")
        fault = self.fault(
            data,
            "unknown_customer",
            "unknown_document",
            "future_date",
            "blank_text",
            "bad_address",
            "past_date",
        )
        customer = self.customer(data, fault)
        own = sorted(n for n, d in books.documents.items() if d.customer == customer)
        documents = data.draw(st.lists(st.sampled_from(own), max_size=2, unique=True)) if own else []
        if fault == "unknown_document":
            documents.append(UNKNOWN)
        if kind == "call":
            fault = fault if fault not in ("bad_address", "past_date") else None
            on = self.future_date(data) if fault == "future_date" else self.past_date(data)
            note = "" if fault == "blank_text" else "M. Roux (compta) : paiement promis le 10/07/2025"
            result = log_call(books, customer=customer, on=on, note=note, documents=documents)
        elif kind == "email":
            fault = fault if fault not in ("future_date", "past_date") else None
            to = "compta client.fr" if fault == "bad_address" else "compta@client.fr"
            body = " " if fault == "blank_text" else "Bonjour, sauf erreur de notre part…"
            result = send_email(
                books, customer=customer, to=to, subject="Relance FA", body=body, documents=documents
            )
        else:
            fault = fault if fault in ("unknown_customer", "past_date") else None
            on = (
                TODAY - timedelta(days=data.draw(st.integers(1, 30)))
                if fault == "past_date"
                else TODAY + timedelta(days=data.draw(st.integers(0, 30)))
            )
            result = set_next_action(books, customer=customer, on=on, note="Rappeler M. Roux")
        if self.apply(kind, result, valid=fault is None):
            assert self.books.followup[:-1] == books.followup
            assert self.books.entries == books.entries and self.books.allocations == books.allocations

    @rule(data=st.data())
    def annotate(self, data) -> None:
        books = self.books
        fault = self.fault(data, "unknown_target", "blank_text")
        text = "  " if fault == "blank_text" else "Enregistré le 30/06/2025 par J. Dupont"
        if not books.statement_lines or data.draw(st.booleans(), label="note on a document"):
            document = (
                UNKNOWN if fault == "unknown_target" else data.draw(st.sampled_from(sorted(books.documents)))
            )
            result = add_note(books, document=document, text=text)
        else:
            line = (
                UNKNOWN
                if fault == "unknown_target"
                else data.draw(st.sampled_from(sorted(books.statement_lines)), label="statement line")
            )
            result = annotate_statement(books, statement_line=line, text=text)
        if self.apply("note", result, valid=fault is None):
            assert self.books.entries == books.entries and self.books.allocations == books.allocations

    # -- invariants ----------------------------------------------------------------------------------------
    def first_receipts(self) -> dict:
        """Cheque id -> the first receipt recorded for it (the one a deposit slip takes)."""
        first: dict = {}
        for payment in self.books.payments.values():
            if payment.source_kind == "cheque" and not payment.cancelled:
                first.setdefault(payment.source, payment)
        return first

    @invariant()
    def every_entry_balances_in_cents(self) -> None:
        numbers = [e.number for e in self.books.entries]
        assert len(numbers) == len(set(numbers)), "entry numbers are unique"
        for entry in self.books.entries:
            assert sum(ln.debit for ln in entry.lines) == sum(ln.credit for ln in entry.lines), entry
            for line in entry.lines:
                assert line.debit >= 0 and line.credit >= 0 and (line.debit or line.credit), entry
                assert is_cents(line.debit) and is_cents(line.credit), entry

    @invariant()
    def residuals_come_from_allocations(self) -> None:
        books = self.books
        items = books.items()
        allocated: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for alloc in books.allocations:
            debit, credit = items[alloc.debit_item], items[alloc.credit_item]
            assert alloc.amount > ZERO
            assert debit.amount > 0 and credit.amount < 0, alloc
            assert debit.customer == credit.customer == alloc.customer, alloc
            allocated[alloc.debit_item] += alloc.amount
            allocated[alloc.credit_item] += alloc.amount
        for key, item in items.items():
            assert allocated[key] <= abs(item.amount), f"{key} allocated beyond its amount"
            assert books.residual(key) == abs(item.amount) - allocated[key]
            assert books.residual(key) >= ZERO
            if item.kind == "invoice":
                assert books.residual(key) <= books.documents[key].amount_ttc

    @invariant()
    def upper_case_letters_net_to_zero(self) -> None:
        books = self.books
        items = books.items()
        letters = books.letters()
        allocated = {a.debit_item for a in books.allocations} | {a.credit_item for a in books.allocations}
        assert set(letters) == allocated, "exactly the items with an allocation carry a letter"
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key, letter in letters.items():
            groups[(items[key].customer, letter)].append(key)
        for (_customer, letter), members in groups.items():
            if letter.isupper():
                assert all(books.residual(m) == ZERO for m in members), (letter, members)
                assert sum(items[m].amount for m in members) == ZERO, (letter, members)
            else:
                assert any(books.residual(m) > ZERO for m in members), (letter, members)

    @invariant()
    def customer_balance_is_the_sum_of_residuals(self) -> None:
        books = self.books
        items = books.items()
        for cid in books.customers:
            expected = ZERO
            for key, item in items.items():
                if item.customer == cid:
                    expected += books.residual(key) if item.kind == "invoice" else -books.residual(key)
            assert books_view(books).customers[cid].balance == expected, cid
            rows = customer_ledger(books, cid)
            assert (rows[-1].balance if rows else ZERO) == expected
            assert aged_totals(aged_balance(books)).get(cid, {"total": ZERO})["total"] == expected
        # Each 411 line belongs to an item, and an item's 411 lines add up to its signed amount.
        by_item: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for entry in books.entries:
            for line in entry.lines:
                if line.account.startswith("411"):
                    assert line.item in items, line
                    assert line.account == books.customers[items[line.item].customer].account
                    by_item[line.item] += line.debit - line.credit
        for key, item in items.items():
            assert by_item[key] == item.amount, key

    @invariant()
    def cheques_account_holds_what_the_bank_has_not_credited(self) -> None:
        # A slip takes the first live receipt of each of its cheques; 5112 holds every live CHQ receipt until
        # the bank credits its slip; 512 holds the live bank receipts and the credited slips.
        books = self.books
        first = self.first_receipts()
        credited = [s for s in books.slips if s.credited]
        taken = {first[line.cheque].id for slip in credited for line in slip.lines}
        live = [p for p in books.payments.values() if not p.cancelled]
        chq = [p for p in live if p.journal == "CHQ"]
        assert books.account_balance("5112") == sum((p.amount for p in chq if p.id not in taken), ZERO)
        bank = sum((p.amount for p in live if p.journal == "BNK"), ZERO)
        assert books.account_balance("512") == bank + sum((s.amount for s in credited), ZERO)
        slips = {s.id: s for s in books.slips}
        for line, targets in books.statement_matches.items():
            assert books.statement_lines[line].amount > ZERO, "only credits are reconciled"
            if targets[0] in slips:
                slip = slips[targets[0]]
                assert len(targets) == 1 and slip.statement_line == line and not slip.cancelled
                assert slip.amount == books.statement_lines[line].amount
            else:
                assert all(not books.payments[t].cancelled for t in targets)
                sourced = [t for t in targets if books.payments[t].source == line]
                amounts = sum((books.payments[t].amount for t in targets), ZERO)
                assert sourced or amounts == books.statement_lines[line].amount

    @invariant()
    def trial_balance_balances(self) -> None:
        rows = trial_balance(self.books)
        assert sum(r.debit for r in rows) == sum(r.credit for r in rows)
        books = self.books
        vat_collected = sum((d.amount_vat for d in books.documents.values() if d.is_invoice), ZERO)
        vat_credited = sum(
            (
                d.amount_vat
                for d in books.documents.values()
                if not d.is_invoice and d.number not in books.cancelled_documents
            ),
            ZERO,
        )
        vat_written_off = sum(
            (p.write_off.vat for p in books.payments.values() if p.write_off and not p.cancelled), ZERO
        )
        assert self.books.account_balance("44571") == vat_credited + vat_written_off - vat_collected


LedgerMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("LEDGER_EXAMPLES", examples(200))),
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_random_operations_keep_the_books_consistent = LedgerMachine.TestCase
