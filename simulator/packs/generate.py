"""World generation: a scenario of a pack + a seed -> one student's :class:`World`.

Deterministic across processes and machines: a single ``random.Random`` (and the Faker instance of
:class:`FrenchData`) seeded from a SHA-256 of (pack id, scenario id, seed); items are drawn in the
order the scenario declares them; every date comes from the scenario's ``today``. Every amount is
rounded to the cent when it is drawn, so the books, the screen and the answer key agree.

After drawing, the texts are rendered (:mod:`.texts`) and the scenario's premise is checked for the seed
(:mod:`.premises`: the expected work must make sense for the world that came out); a broken premise raises
:class:`ScenarioPremiseError`. Due dates and payment terms are the ledger's (:mod:`simulator.ledger.terms`).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from simulator.formatting import format_date
from simulator.ledger.accounts import BANK_JOURNAL, CHEQUE_JOURNAL, customer_account
from simulator.ledger.discount import discount_parts
from simulator.ledger.litigation import NOTICE_DAYS
from simulator.ledger.model import (
    CREDIT_NOTE,
    INVOICE,
    Cheque,
    Customer,
    DiscountTerms,
    Document,
    DocumentLine,
    StatementLine,
)
from simulator.ledger.money import ZERO, cents
from simulator.ledger.terms import due_date, payment_terms_text

from . import fakedata
from .criteria import CRITERIA
from .fakedata import CompanyIdentity, FrenchData
from .lettrage import generate_month
from .loader import Pack
from .lots import check_run, draw_payment_method, hide_emails, resolve_run
from .premises import ScenarioPremiseError, _PremiseChecks
from .registry import load_pack
from .schema import (
    AmountRange,
    FromDocuments,
    FromSlip,
    NextActionSpec,
    OffsetRange,
    SameAs,
    ScenarioSpec,
)
from .strategy import describe_strategy, draw_target, starting_levels
from .texts import _TextRendering
from .world import (
    Company,
    Criterion,
    CustomerProfile,
    Expected,
    ExpectedDeposit,
    ExpectedLateFee,
    ExpectedPayment,
    ExpectedReceipt,
    ExpectedReconciliation,
    ExpectedReminder,
    ExpectedReply,
    ExpectedStatement,
    Message,
    PriorFollowup,
    PriorPayment,
    PriorSlip,
    Question,
    Settings,
    World,
)

PRIOR_PAYMENT_JOURNAL = BANK_JOURNAL
SIGNATORY_ROLE = "Responsable comptable"
CUSTOMER_CONTACT_ROLE = "Comptable fournisseurs"
FIRST_INVOICE_NUMBER = (12, 980)
FIRST_CREDIT_NOTE_NUMBER = (1, 40)
# Words that do not identify a customer in its 3-letter code ("Boulangerie Leroy" -> LER).
_ARTICLES = {"le", "la", "les", "l", "de", "des", "du", "et", "d", "aux", "au"}


def derive_seed(pack_id: str, scenario_id: str, seed: int) -> int:
    """A 64-bit seed from (pack, scenario, seed): stable everywhere (SHA-256, never ``hash()``)."""
    digest = hashlib.sha256(f"{pack_id}\x1f{scenario_id}\x1f{seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def generate(pack: Pack, scenario_id: str, seed: int) -> World:
    """The world of ``scenario_id`` of ``pack`` for ``seed``."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"a seed is an int, not {type(seed).__name__}")
    return _Builder(pack, pack.scenario(scenario_id), seed).build()


def generate_world(pack: str | Path | Pack, scenario_id: str, seed: int) -> World:
    """Convenience: load the pack (built-in id or folder) and generate."""
    if not isinstance(pack, Pack):
        pack = load_pack(pack)
    return generate(pack, scenario_id, seed)


@dataclass
class _Payment:
    """A statement line or cheque amount as drawn, before ids are assigned."""

    key: str
    amount: Decimal
    leave: Decimal | None


class _Builder(_TextRendering, _PremiseChecks):
    def __init__(self, pack: Pack, scenario: ScenarioSpec, seed: int):
        self.pack = pack
        self.s = scenario
        self.seed = seed
        self.data = FrenchData(derive_seed(pack.id, scenario.id, seed))
        self.rng = self.data.rng
        self.today = scenario.today
        self.levels = starting_levels(pack, scenario)  # the scenario's own, else the pack's
        self.included: dict[str, bool] = {}
        self.identities: dict[str, CompanyIdentity] = {}
        self.customers: dict[str, CustomerProfile] = {}
        self.docs: dict[str, Document] = {}  # numbered at the end of the documents step
        self.doc_status: dict[str, str] = {}
        self.first_line_ht: dict[str, Decimal] = {}
        self.payments: dict[str, _Payment] = {}
        self.statement: dict[str, StatementLine] = {}
        self.cheques: dict[str, Cheque] = {}
        self.messages: dict[str, Message] = {}
        self.prior: list[PriorPayment] = []
        self.slips: dict[str, PriorSlip] = {}
        self.slip_lines: dict[str, str] = {}  # statement line key -> the slip it credits
        self.slip_settled: set[str] = set()  # documents settled by the cheques of earlier slips

    def fail(self, message: str) -> ScenarioPremiseError:
        return ScenarioPremiseError(self.pack.id, self.s.id, self.seed, message)

    # ------------------------------------------------------------------------------------------ draws

    def day(self, offset: int | OffsetRange) -> date:
        if isinstance(offset, OffsetRange):
            offset = self.rng.randint(offset.min, offset.max)
        return self.today + timedelta(days=offset)

    def draw_steps(
        self,
        low: Decimal,
        high: Decimal,
        step: Decimal,
        below: Decimal | None = None,
        nonzero: bool = False,
        what: str = "montant",
    ) -> Decimal:
        """min + k × step with k uniform; ``below``: only values strictly under it; ``nonzero``: never 0.

        The candidates are counted first and exactly one index is drawn, so a cap or an excluded zero
        never changes how many numbers the generator consumes.
        """
        count = int((high - low) / step) + 1
        if below is not None:
            span = below - low
            fitting = int(span / step) + (1 if span % step else 0) if span > 0 else 0
            count = min(count, fitting)
        candidates = count
        zero_index = None
        if nonzero and low <= 0 <= low + (count - 1) * step and (-low) % step == 0:
            zero_index = int(-low / step)
            candidates -= 1
        if candidates <= 0:
            limit = f" inférieure à {below}" if below is not None else ""
            raise self.fail(f"aucune valeur possible pour {what} dans [{low} ; {high}]{limit}")
        index = self.rng.randrange(candidates)
        if zero_index is not None and index >= zero_index:
            index += 1
        return cents(low + index * step)

    def amount(self, spec: Any, what: str, below: Decimal | None = None) -> Decimal:
        if isinstance(spec, Decimal):
            return cents(spec)
        if isinstance(spec, AmountRange):
            return self.draw_steps(spec.min, spec.max, spec.step, below=below, what=what)
        if isinstance(spec, SameAs):
            if spec.same_as not in self.first_line_ht:
                raise self.fail(f"{what} : same_as « {spec.same_as} » ne désigne aucune facture de ce monde")
            return self.first_line_ht[spec.same_as]
        raise self.fail(f"{what} : forme de montant inattendue")  # pragma: no cover - validated

    # ------------------------------------------------------------------------------------------ steps

    def build(self) -> World:
        self.draw_groups()
        company = self.make_company()
        self.make_customers()
        self.make_invoices()
        self.make_credit_notes()
        next_credit_note = self.number_documents()
        self.make_prior_payments()
        self.make_statement()
        self.make_cheques()
        self.make_slips()
        self.make_messages()
        self.make_history()
        self.company = company
        self.render_texts()
        expected = self.resolve_expected()
        expected = dataclasses.replace(expected, followup_run=resolve_run(self, self.s.expected.followup_run))
        hide_emails(self)
        self.check_premise(expected)
        settings = self.pack.spec.settings
        world = World(
            pack=self.pack.id,
            pack_version=self.pack.version,
            scenario=self.s.id,
            seed=self.seed,
            title=self.s.title,
            brief=self.render(self.s.brief, "brief").rstrip() + describe_strategy(expected),
            procedure=tuple(self.s.procedure),
            hints=tuple(self.render(h, "hints") for h in self.s.hints),
            today=self.today,
            company=company,
            customers=tuple(self.customers.values()),
            documents=tuple(sorted(self.docs.values(), key=lambda d: (d.kind != INVOICE, d.number))),
            prior_payments=tuple(self.prior),
            statement_lines=tuple(sorted(self.statement.values(), key=lambda line: line.id)),
            cheques=tuple(self.cheques.values()),
            messages=tuple(self.messages.values()),
            followup_levels=self.levels,
            settings=Settings(
                rounding_tolerance=cents(settings.rounding_tolerance),
                credit_note_prefix=settings.credit_note_prefix,
                next_credit_note=next_credit_note,
            ),
            expected=expected,
            rubric=tuple(
                Criterion(item.criterion, item.label or CRITERIA[item.criterion], item.points)
                for item in self.s.rubric
            ),
            keys=self.keys(),
            prior_slips=tuple(self.slips.values()),
            prior_followup=tuple(self.history),
            last_day=self.today + timedelta(days=self.s.calendar.days) if self.s.calendar else None,
            notice_days=self.s.calendar.notice_days if self.s.calendar else NOTICE_DAYS,
            questions=tuple(Question(q.id, q.label, q.figure) for q in self.s.questions),
        )
        if self.s.lettrage is not None:  # pack « lettrage »: the month is drawn by its own generator
            world = generate_month(world, self.s.lettrage, self.rng)
        self.check_due_today(world)
        if reason := check_run(world):
            raise self.fail(reason)
        return world

    def draw_groups(self) -> None:
        """Each `when` group is drawn once, in order of first appearance, before anything else."""
        drawn: dict[str, bool] = {}
        for section in ("customers", "invoices", "credit_notes", "statement", "cheques", "messages"):
            for spec in getattr(self.s, section):
                when = spec.when
                if when is not None and when.group not in drawn:
                    drawn[when.group] = self.rng.randrange(1_000_000) < int(when.chance * 1_000_000)
                self.included[spec.key] = drawn[when.group] if when is not None else True

    def present(self, specs: list[Any]) -> list[Any]:
        return [spec for spec in specs if self.included[spec.key]]

    def make_company(self) -> Company:
        override = self.pack.company_of(self.s.id)
        forms = (override.legal_form,) if override.legal_form else ("SARL", "SAS", "SA")
        identity = self.data.company(legal_forms=forms, name=override.name)
        signatory = self.data.contact(identity.domain, role=SIGNATORY_ROLE, address=identity.address)
        return Company(
            name=identity.full_name,
            legal_form=identity.legal_form,
            siret=identity.siret,
            vat_number=identity.vat_number,
            address=identity.address,
            phone=identity.phone,
            email=identity.email,
            iban=identity.iban,
            bic=identity.bic,
            bank=identity.bank.name,
            signatory=signatory,
        )

    def make_customers(self) -> None:
        used: set[str] = set()
        for spec in self.present(self.s.customers):
            kwargs: dict[str, Any] = {"name": spec.name}
            if spec.legal_form:
                kwargs["legal_forms"] = (spec.legal_form,)
            identity = self.data.company(**kwargs)
            contact = self.data.contact(identity.domain, role=CUSTOMER_CONTACT_ROLE, address=identity.address)
            code = _customer_code(identity.name, used)
            used.add(code)
            self.identities[spec.key] = identity
            self.customers[spec.key] = CustomerProfile(
                customer=Customer(id=code, name=identity.full_name, account=customer_account(code)),
                legal_form=identity.legal_form,
                siret=identity.siret,
                address=identity.address,
                phone=identity.phone,
                email=identity.email,
                contact=contact,
                iban=identity.iban,
                bank=identity.bank.name,
                payment_method=draw_payment_method(self.rng, spec.payment_method),
            )

    def customer_id(self, key: str, what: str) -> str:
        if key not in self.customers:
            raise self.fail(f"{what} : le client « {key} » est absent de ce monde")
        return self.customers[key].id

    def lines(self, specs: list[Any], what: str, below: Decimal | None = None) -> tuple[DocumentLine, ...]:
        lines = []
        for j, line in enumerate(specs):
            drawn = self.amount(
                line.drawn,
                f"{what}, ligne {j + 1}",
                below=below if len(specs) == 1 and line.amount_ht is not None else None,
            )
            amount = line.ht(drawn)
            if amount <= 0:
                raise self.fail(f"{what}, ligne {j + 1} : montant HT {amount} non positif")
            kind = "services" if line.account == "706" else "goods"
            # The label is drawn now (to keep the draw order) but rendered with the other texts.
            label = line.label if line.label is not None else self.data.product_label(kind)
            lines.append(
                DocumentLine(label=label, amount_ht=amount, vat_rate=line.vat_rate, account=line.account)
            )
        return tuple(lines)

    def make_invoices(self) -> None:
        for spec in self.present(self.s.invoices):
            what = f"facture « {spec.key} »"
            customer = self.customer_id(spec.customer, what)
            issued = self.day(spec.date)
            lines = self.lines(spec.lines, what)
            self.first_line_ht[spec.key] = lines[0].amount_ht
            discount = None
            if spec.discount is not None:
                discount = DiscountTerms(spec.discount.rate, issued + timedelta(days=spec.discount.days))
            self.docs[spec.key] = Document(
                number="",
                kind=INVOICE,
                customer=customer,
                date=issued,
                lines=lines,
                due_date=due_date(issued, spec.terms.days, spec.terms.end_of_month),
                payment_terms=payment_terms_text(spec.terms.days, spec.terms.end_of_month),
                discount=discount,
            )
            self.doc_status[spec.key] = spec.status

    def make_credit_notes(self) -> None:
        for spec in self.present(self.s.credit_notes):
            what = f"avoir « {spec.key} »"
            customer = self.customer_id(spec.customer, what)
            invoice = self.docs.get(spec.refers_to)
            if invoice is None:
                raise self.fail(f"{what} : la facture « {spec.refers_to} » est absente de ce monde")
            issued = self.day(spec.date)
            # Never as large as its invoice: a drawn single line is capped under the invoice's HT.
            lines = self.lines(spec.lines, what, below=invoice.amount_ht)
            self.docs[spec.key] = Document(
                number="",
                kind=CREDIT_NOTE,
                customer=customer,
                date=issued,
                lines=lines,
                refers_to=spec.refers_to,  # replaced by the invoice number below
                reason=spec.reason,
            )
            self.doc_status[spec.key] = "open"

    def number_documents(self) -> str:
        """Invoice then credit-note numbers in date order (ties: declared order); the next free AV number."""
        settings = self.pack.spec.settings
        declared = list(self.docs)
        numbers: dict[str, str] = {}
        for kind, prefix, first in (
            (INVOICE, settings.invoice_prefix, FIRST_INVOICE_NUMBER),
            (CREDIT_NOTE, settings.credit_note_prefix, FIRST_CREDIT_NOTE_NUMBER),
        ):
            counter = self.rng.randint(*first)
            keys = sorted(
                (k for k in declared if self.docs[k].kind == kind),
                key=lambda k: (self.docs[k].date, declared.index(k)),
            )
            for key in keys:
                numbers[key] = f"{prefix}/{self.docs[key].date.year}/{counter:05d}"
                counter += 1
            if kind == CREDIT_NOTE:
                next_credit_note = f"{prefix}/{self.today.year}/{counter:05d}"
        for key, doc in self.docs.items():
            refers_to = numbers[doc.refers_to] if doc.refers_to else None
            self.docs[key] = dataclasses.replace(doc, number=numbers[key], refers_to=refers_to)
        return next_credit_note

    def make_prior_payments(self) -> None:
        paid = sorted(
            (k for k, status in self.doc_status.items() if status == "paid"),
            key=lambda k: self.docs[k].number,
        )
        for n, key in enumerate(paid, 1):
            doc = self.docs[key]
            latest = self.today - timedelta(days=1)
            if doc.date >= latest:
                raise self.fail(f"facture « {key} » marquée payée mais datée de la veille ou d'aujourd'hui")
            paid_on = min(doc.date + timedelta(days=self.rng.randint(3, 20)), latest)
            self.prior.append(
                PriorPayment(
                    id=f"HIST-{n}",
                    customer=doc.customer,
                    journal=PRIOR_PAYMENT_JOURNAL,
                    date=paid_on,
                    amount=doc.amount_ttc,
                    documents=(doc.number,),
                )
            )

    def payment_amount(self, key: str, spec: Any, what: str, on: date) -> _Payment:
        if not isinstance(spec, FromDocuments):
            return _Payment(key, self.amount(spec, what), None)
        docs = []
        for doc_key in spec.documents:
            if doc_key not in self.docs:
                raise self.fail(f"{what} : la pièce « {doc_key} » est absente de ce monde")
            docs.append(self.docs[doc_key])
        total = sum((d.signed_ttc for d in docs), ZERO)
        discounts = {
            d.number: sum((p.total for p in discount_parts(d)), ZERO)
            for d in docs
            if d.is_invoice and (spec.discount != "due" or (d.discount and on <= d.discount.deadline))
        }
        if spec.discount:
            total -= sum(discounts.values(), ZERO)
        if spec.adjust is not None:
            adj = spec.adjust
            total += self.draw_steps(
                adj.min, adj.max, Decimal("0.01"), nonzero=adj.nonzero, what=f"{what} (adjust)"
            )
        leave = None
        if spec.leave is not None:
            invoices = [d for d in docs if d.is_invoice]
            last = invoices[-1]
            newest = max(invoices, key=lambda d: (d.due_date, d.date, d.number))
            if newest is not last:
                raise self.fail(
                    f"{what} : la dernière facture citée ({last.number}) doit être la plus récente, "
                    f"c'est elle que le paiement partiel laisse ouverte (ici {newest.number})"
                )
            cap = last.amount_ttc - (discounts.get(last.number, ZERO) if spec.discount else ZERO)
            leave = self.draw_steps(
                spec.leave.min, spec.leave.max, spec.leave.step, below=cap, what=f"{what} (leave)"
            )
            total -= leave
        if total <= 0:
            raise self.fail(f"{what} : montant du règlement {total} nul ou négatif")
        return _Payment(key, cents(total), leave)

    def make_statement(self) -> None:
        drawn = []
        for index, spec in enumerate(self.present(self.s.statement)):
            on = self.day(spec.date)
            if isinstance(spec.amount, FromSlip):  # the slip's total, known once its cheques are (make_slips)
                self.slip_lines[spec.key] = spec.amount.slip
                self.payments[spec.key] = _Payment(spec.key, ZERO, None)
                drawn.append((on, index, spec))
                continue
            payment = self.payment_amount(spec.key, spec.amount, f"ligne de relevé « {spec.key} »", on)
            if payment.amount == 0:
                raise self.fail(f"ligne de relevé « {spec.key} » : montant nul")
            self.payments[spec.key] = payment
            drawn.append((on, index, spec))
        for n, (on, _, spec) in enumerate(sorted(drawn, key=lambda t: (t[0], t[1])), 1):
            # The label is rendered once every id and number exists (render_texts).
            self.statement[spec.key] = StatementLine(
                id=f"REL-{n:02d}", date=on, label=spec.label, amount=self.payments[spec.key].amount
            )

    def make_cheques(self) -> None:
        for n, spec in enumerate(self.present(self.s.cheques), 1):
            what = f"chèque « {spec.key} »"
            self.customer_id(spec.customer, what)
            written = self.day(spec.date)
            received = self.day(spec.received)
            if received < written:
                raise self.fail(
                    f"{what} : reçu le {format_date(received)}, avant sa date ({format_date(written)})"
                )
            payment = self.payment_amount(spec.key, spec.amount, what, received)
            if payment.amount <= 0:
                raise self.fail(f"{what} : montant {payment.amount} non positif")
            self.payments[spec.key] = payment
            profile = self.customers[spec.customer]
            self.cheques[spec.key] = Cheque(
                id=f"CHQ-{n}",
                customer=profile.id,
                drawer=profile.customer.name,
                bank=spec.bank or profile.bank,
                number=f"{self.rng.randint(0, 9_999_999):07d}",
                amount=payment.amount,
                amount_in_words=fakedata.amount_in_words(payment.amount),
                date=written,
                received=received,
                payee="",  # our company's name, set in render_texts
                place=profile.address.city,
            )

    def make_slips(self) -> None:
        """Deposit slips handed in before the scenario: each cheque recorded in CHQ against its documents,
        then the slip; the bank lines that credit them get the slip's total."""
        specs = {spec.key: spec for spec in self.s.cheques}
        for spec in self.s.slips:
            what = f"remise « {spec.key} »"
            on = self.day(spec.date)
            if on >= self.today:
                raise self.fail(f"{what} : une remise passée est datée au plus tard de la veille")
            cheques = [self.cheques[k] for k in spec.cheques if k in self.cheques]
            for key, cheque in zip(spec.cheques, cheques, strict=False):
                if cheque.received > on:
                    raise self.fail(f"{what} : le chèque « {key} » est reçu après la remise")
                documents = self.numbers(specs[key].amount.documents, what)
                self.slip_settled.update(specs[key].amount.documents)
                self.prior.append(
                    PriorPayment(
                        id=f"HIST-{len(self.prior) + 1}",
                        customer=cheque.customer,
                        journal=CHEQUE_JOURNAL,
                        date=cheque.received,
                        amount=cheque.amount,
                        documents=documents,
                        source_kind="cheque",
                        source=cheque.id,
                        reference=f"Chèque n° {cheque.number} {cheque.bank}",
                    )
                )
            number = f"{self.rng.randint(1, 999_999):06d}"
            self.slips[spec.key] = PriorSlip(number, on, tuple(c.id for c in cheques))
        for line_key, slip_key in self.slip_lines.items():
            if slip_key not in self.slips:
                raise self.fail(f"ligne de relevé « {line_key} » : la remise « {slip_key} » est absente")
            slip = self.slips[slip_key]
            amount = sum((c.amount for c in self.cheques.values() if c.id in slip.cheques), ZERO)
            if self.statement[line_key].date < slip.date:
                raise self.fail(f"ligne de relevé « {line_key} » : datée avant la remise « {slip_key} »")
            self.payments[line_key] = _Payment(line_key, amount, None)
            self.statement[line_key] = dataclasses.replace(self.statement[line_key], amount=amount)

    def make_messages(self) -> None:
        for n, spec in enumerate(self.present(self.s.messages), 1):
            self.customer_id(spec.customer, f"message « {spec.key} »")
            self.messages[spec.key] = Message(
                id=f"MSG-{n}",
                customer=self.customers[spec.customer].id,
                date=self.day(spec.date),
                kind=spec.kind,
                subject=spec.subject,
                body=spec.body,
                settles=tuple(self.docs[k].number for k in spec.settles if k in self.docs),
            )

    def make_history(self) -> None:
        """The follow-up entries made before the scenario (no draw: dates are fixed offsets)."""
        self.history: list[PriorFollowup] = []
        for i, spec in enumerate(self.s.history):
            what = f"historique de relance n° {i + 1}"
            customer = self.customer_id(spec.customer, what)
            self.history.append(
                PriorFollowup(
                    spec.kind,
                    customer,
                    self.day(spec.date),
                    self.numbers(spec.documents, what),
                    spec.text,
                )
            )

    # ------------------------------------------------------------------------------------------ expected

    def source_of(self, key: str) -> tuple[str, str, str]:
        """(kind, world id, default journal) of an expected receipt's source key."""
        if key in self.statement:
            return "statement_line", self.statement[key].id, BANK_JOURNAL
        return "cheque", self.cheques[key].id, CHEQUE_JOURNAL

    def numbers(self, keys: list[str], what: str) -> tuple[str, ...]:
        missing = [k for k in keys if k not in self.docs]
        if missing:
            raise self.fail(f"{what} : pièce(s) absente(s) de ce monde : {', '.join(missing)}")
        return tuple(self.docs[k].number for k in keys)

    def resolve_expected(self) -> Expected:
        exp = self.s.expected
        receipts = []
        for spec in exp.receipts:
            if not self.included[spec.source]:
                continue
            what = f"règlement attendu « {spec.source} »"
            kind, source_id, journal = self.source_of(spec.source)
            receipts.append(
                ExpectedReceipt(
                    source_kind=kind,
                    source=source_id,
                    customer=self.customer_id(spec.customer, what),
                    journal=spec.journal or journal,
                    documents=self.numbers(spec.documents, what),
                    schedule_required=spec.schedule_required,
                )
            )
        deposit = None
        if exp.deposit is not None:
            cheques = tuple(self.cheques[k].id for k in exp.deposit.cheques if k in self.cheques)
            if cheques:
                line = exp.deposit.statement_line
                deposit = ExpectedDeposit(
                    cheques, self.statement[line].id if line in self.statement else None
                )
        reminders = []
        for spec in exp.reminders:
            if spec.customer not in self.customers:
                continue
            what = f"relance attendue de « {spec.customer} »"
            numbers = self.numbers(spec.documents, what)
            reminders.append(
                ExpectedReminder(
                    customer=self.customers[spec.customer].id,
                    channel=spec.channel,
                    documents=numbers,
                    level=self.reminder_level(spec.customer, spec.channel, spec.documents, what),
                    next_action=bool(spec.next_action),
                    next_action_days=spec.next_action.days
                    if isinstance(spec.next_action, NextActionSpec)
                    else None,
                )
            )
        reconcile = tuple(
            ExpectedReconciliation(self.statement[r.statement_line].id, self.slips[r.slip].id)
            for r in exp.reconcile
            if r.statement_line in self.statement and r.slip in self.slips
        )
        for r in reconcile:
            line = next(s for s in self.statement.values() if s.id == r.statement_line)
            slip = next(s for s in self.slips.values() if s.id == r.slip)
            total = sum((c.amount for c in self.cheques.values() if c.id in slip.cheques), ZERO)
            if line.amount != total:
                raise self.fail(
                    f"la ligne {line.id} ({line.amount}) ne crédite pas le total de la remise ({total})"
                )
        disputes = tuple(self.docs[k].number for k in exp.disputes if k in self.docs)
        settled = self.settled_keys()
        for k in [*exp.disputes, *(p.document for p in exp.expected_payments)]:
            if k in settled:
                raise self.fail(f"la facture {self.docs[k].number} est déjà réglée : rien à suivre")
        expected_payments = tuple(
            ExpectedPayment(self.docs[p.document].number, self.today + timedelta(days=p.date))
            for p in exp.expected_payments
            if p.document in self.docs
        )
        statements = tuple(
            ExpectedStatement(
                self.customers[st.customer].id,
                bool(st.next_action),
                st.next_action.days if isinstance(st.next_action, NextActionSpec) else None,
            )
            for st in exp.statements
            if st.customer in self.customers
        )
        due_today = None
        if exp.due_today is not None:
            due_today = tuple(self.customers[k].id for k in exp.due_today if k in self.customers)
        replies, promised = self.resolve_replies()
        return Expected(
            replies=replies,
            doubtful=tuple(self.customers[k].id for k in exp.doubtful if k in self.customers),
            late_fees=tuple(
                ExpectedLateFee(self.docs[f.invoice].number, f.rate)
                for f in exp.late_fees
                if f.invoice in self.docs
            ),
            disputes=disputes,
            expected_payments=expected_payments + promised,
            statements=statements,
            due_today=due_today,
            reconcile=reconcile,
            receipts=tuple(receipts),
            deposit=deposit,
            annotate=tuple(self.statement[k].id for k in exp.annotate if k in self.statement),
            reminders=tuple(reminders),
            not_reminded=tuple(self.customers[k].id for k in exp.not_reminded if k in self.customers),
            strategy=draw_target(exp.strategy, self.rng) if exp.strategy else None,
        )

    def resolve_replies(self) -> tuple[tuple[ExpectedReply, ...], tuple[ExpectedPayment, ...]]:
        """Scenario 5: the customers' replies, dated by their message; a promise's date is the date of the
        bank line that brings the payment (both drawn per seed), to note as the expected payment date."""
        replies = []
        for spec in self.s.expected.replies:
            message = self.messages.get(spec.message)
            if message is None:
                continue
            line = self.statement.get(spec.line) if spec.line else None
            if spec.promises and line is not None and line.date < message.date:
                raise self.fail(f"réponse « {spec.message} » : le paiement arrive avant la promesse")
            replies.append(
                ExpectedReply(
                    message=message.id,
                    customer=message.customer,
                    date=message.date,
                    disputes=tuple(self.docs[k].number for k in spec.disputes if k in self.docs),
                    promises=tuple(self.docs[k].number for k in spec.promises if k in self.docs),
                    line=line.id if line else None,
                    pays_on=line.date if line else None,
                )
            )
        promised = tuple(
            ExpectedPayment(number, reply.pays_on)
            for reply in replies
            if reply.pays_on is not None
            for number in reply.promises
        )
        return tuple(replies), promised

    def keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for spec in self.s.customers:
            if spec.key in self.customers:
                keys[spec.key] = self.customers[spec.key].id
        for section, found in (("invoices", self.docs), ("credit_notes", self.docs)):
            for spec in getattr(self.s, section):
                if spec.key in found:
                    keys[spec.key] = found[spec.key].number
        for section, found in (
            ("statement", self.statement),
            ("cheques", self.cheques),
            ("slips", self.slips),
            ("messages", self.messages),
        ):
            for spec in getattr(self.s, section):
                if spec.key in found:
                    keys[spec.key] = found[spec.key].id
        return keys


@functools.cache
def _generic_words() -> frozenset[str]:
    # Activity words of fakedata's names ("Boulangerie Leroy") say what the customer does, not who it is.
    activities = getattr(fakedata, "_ACTIVITY_FIRST", ())
    return frozenset(fakedata.slugify(w) for w in activities) | frozenset(_ARTICLES)


def _customer_code(name: str, used: set[str]) -> str:
    """Three letters from the distinctive word of the name ("Boulangerie Leroy" -> "LER"), a digit
    added when the code is taken."""
    generic = _generic_words()
    words = [fakedata.slugify(w).replace("-", "") for w in re.split(r"[\s'’&]+", name)]
    words = [w for w in words if w.isalpha()]
    distinctive = [w for w in words if w not in generic and len(w) >= 3]
    letters = "".join(distinctive or words).upper()
    base = (letters + "XXX")[:3]
    if base not in used:
        return base
    for digit in range(2, 100):
        code = f"{base}{digit}"
        if code not in used:
            return code
    raise AssertionError("unreachable: fewer than 100 customers in a world")  # pragma: no cover
