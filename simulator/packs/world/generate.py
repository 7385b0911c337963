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
import re
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
from simulator.packs.spec.criteria import CRITERIA
from simulator.packs.spec.loader import Pack
from simulator.packs.spec.registry import load_pack
from simulator.packs.spec.schema import (
    FromDocuments,
    FromSlip,
    NextActionSpec,
)
from simulator.packs.world import fakedata
from simulator.packs.world.draw import Draw, DrawnPayment
from simulator.packs.world.lettrage import generate_month
from simulator.packs.world.lots import check_run, draw_payment_method, hide_emails, resolve_run
from simulator.packs.world.model import (
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
from simulator.packs.world.premises import check_due_today, check_premise, reminder_level, settled_keys
from simulator.packs.world.strategy import describe_strategy, draw_target
from simulator.packs.world.texts import render, render_texts
from simulator.packs.world.words import amount_in_words

PRIOR_PAYMENT_JOURNAL = BANK_JOURNAL
SIGNATORY_ROLE = "Responsable comptable"
CUSTOMER_CONTACT_ROLE = "Comptable fournisseurs"
FIRST_INVOICE_NUMBER = (12, 980)
FIRST_CREDIT_NOTE_NUMBER = (1, 40)
# Words that do not identify a customer in its 3-letter code ("Boulangerie Leroy" -> LER).
_ARTICLES = {"le", "la", "les", "l", "de", "des", "du", "et", "d", "aux", "au"}


def generate(pack: Pack, scenario_id: str, seed: int) -> World:
    """The world of ``scenario_id`` of ``pack`` for ``seed``."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"a seed is an int, not {type(seed).__name__}")
    return build(Draw(pack, pack.scenario(scenario_id), seed))


def generate_world(pack: str | Path | Pack, scenario_id: str, seed: int) -> World:
    """Convenience: load the pack (built-in id or folder) and generate."""
    if not isinstance(pack, Pack):
        pack = load_pack(pack)
    return generate(pack, scenario_id, seed)


def build(draw: Draw) -> World:
    draw_groups(draw)
    company = make_company(draw)
    make_customers(draw)
    make_invoices(draw)
    make_credit_notes(draw)
    next_credit_note = number_documents(draw)
    make_prior_payments(draw)
    make_statement(draw)
    make_cheques(draw)
    make_slips(draw)
    make_messages(draw)
    make_history(draw)
    draw.company = company
    render_texts(draw)
    expected = resolve_expected(draw)
    expected = dataclasses.replace(
        expected, followup_run=resolve_run(draw.s.expected.followup_run, draw.customers, draw.today)
    )
    hide_emails(draw.customers, draw.present(draw.s.customers))
    check_premise(draw, expected)
    settings = draw.pack.spec.settings
    world = World(
        pack=draw.pack.id,
        pack_version=draw.pack.version,
        scenario=draw.s.id,
        seed=draw.seed,
        title=draw.s.title,
        brief=render(draw, draw.s.brief, "brief").rstrip() + describe_strategy(expected),
        procedure=tuple(draw.s.procedure),
        hints=tuple(render(draw, h, "hints") for h in draw.s.hints),
        today=draw.today,
        company=company,
        customers=tuple(draw.customers.values()),
        documents=tuple(sorted(draw.docs.values(), key=lambda d: (d.kind != INVOICE, d.number))),
        prior_payments=tuple(draw.prior),
        statement_lines=tuple(sorted(draw.statement.values(), key=lambda line: line.id)),
        cheques=tuple(draw.cheques.values()),
        messages=tuple(draw.messages.values()),
        followup_levels=draw.levels,
        settings=Settings(
            rounding_tolerance=cents(settings.rounding_tolerance),
            credit_note_prefix=settings.credit_note_prefix,
            next_credit_note=next_credit_note,
        ),
        expected=expected,
        rubric=tuple(
            Criterion(item.criterion, item.label or CRITERIA[item.criterion], item.points)
            for item in draw.s.rubric
        ),
        keys=world_keys(draw),
        prior_slips=tuple(draw.slips.values()),
        prior_followup=tuple(draw.history),
        last_day=draw.today + timedelta(days=draw.s.calendar.days) if draw.s.calendar else None,
        notice_days=draw.s.calendar.notice_days if draw.s.calendar else NOTICE_DAYS,
        questions=tuple(Question(q.id, q.label, q.figure) for q in draw.s.questions),
    )
    if draw.s.lettrage is not None:  # pack « lettrage »: the month is drawn by its own generator
        world = generate_month(world, draw.s.lettrage, draw.rng)
    check_due_today(draw, world)
    if reason := check_run(world):
        raise draw.fail(reason)
    return world


def draw_groups(draw: Draw) -> None:
    """Each `when` group is drawn once, in order of first appearance, before anything else."""
    drawn: dict[str, bool] = {}
    for section in ("customers", "invoices", "credit_notes", "statement", "cheques", "messages"):
        for spec in getattr(draw.s, section):
            when = spec.when
            if when is not None and when.group not in drawn:
                drawn[when.group] = draw.rng.randrange(1_000_000) < int(when.chance * 1_000_000)
            draw.included[spec.key] = drawn[when.group] if when is not None else True


def make_company(draw: Draw) -> Company:
    override = draw.pack.company_of(draw.s.id)
    forms = (override.legal_form,) if override.legal_form else ("SARL", "SAS", "SA")
    identity = draw.data.company(legal_forms=forms, name=override.name)
    signatory = draw.data.contact(identity.domain, role=SIGNATORY_ROLE, address=identity.address)
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


def make_customers(draw: Draw) -> None:
    used: set[str] = set()
    for spec in draw.present(draw.s.customers):
        kwargs: dict[str, Any] = {"name": spec.name}
        if spec.legal_form:
            kwargs["legal_forms"] = (spec.legal_form,)
        identity = draw.data.company(**kwargs)
        contact = draw.data.contact(identity.domain, role=CUSTOMER_CONTACT_ROLE, address=identity.address)
        code = _customer_code(identity.name, used)
        used.add(code)
        draw.identities[spec.key] = identity
        draw.customers[spec.key] = CustomerProfile(
            customer=Customer(id=code, name=identity.full_name, account=customer_account(code)),
            legal_form=identity.legal_form,
            siret=identity.siret,
            address=identity.address,
            phone=identity.phone,
            email=identity.email,
            contact=contact,
            iban=identity.iban,
            bank=identity.bank.name,
            payment_method=draw_payment_method(draw.rng, spec.payment_method),
        )


def customer_id(draw: Draw, key: str, what: str) -> str:
    if key not in draw.customers:
        raise draw.fail(f"{what} : le client « {key} » est absent de ce monde")
    return draw.customers[key].id


def draw_lines(
    draw: Draw, specs: list[Any], what: str, below: Decimal | None = None
) -> tuple[DocumentLine, ...]:
    lines = []
    for j, line in enumerate(specs):
        drawn = draw.amount(
            line.drawn,
            f"{what}, ligne {j + 1}",
            below=below if len(specs) == 1 and line.amount_ht is not None else None,
        )
        amount = line.ht(drawn)
        if amount <= 0:
            raise draw.fail(f"{what}, ligne {j + 1} : montant HT {amount} non positif")
        kind = "services" if line.account == "706" else "goods"
        # The label is drawn now (to keep the draw order) but rendered with the other texts.
        label = line.label if line.label is not None else draw.data.product_label(kind)
        lines.append(
            DocumentLine(label=label, amount_ht=amount, vat_rate=line.vat_rate, account=line.account)
        )
    return tuple(lines)


def make_invoices(draw: Draw) -> None:
    for spec in draw.present(draw.s.invoices):
        what = f"facture « {spec.key} »"
        customer = customer_id(draw, spec.customer, what)
        issued = draw.day(spec.date)
        lines = draw_lines(draw, spec.lines, what)
        draw.first_line_ht[spec.key] = lines[0].amount_ht
        discount = None
        if spec.discount is not None:
            discount = DiscountTerms(spec.discount.rate, issued + timedelta(days=spec.discount.days))
        draw.docs[spec.key] = Document(
            number="",
            kind=INVOICE,
            customer=customer,
            date=issued,
            lines=lines,
            due_date=due_date(issued, spec.terms.days, spec.terms.end_of_month),
            payment_terms=payment_terms_text(spec.terms.days, spec.terms.end_of_month),
            discount=discount,
        )
        draw.doc_status[spec.key] = spec.status


def make_credit_notes(draw: Draw) -> None:
    for spec in draw.present(draw.s.credit_notes):
        what = f"avoir « {spec.key} »"
        customer = customer_id(draw, spec.customer, what)
        invoice = draw.docs.get(spec.refers_to)
        if invoice is None:
            raise draw.fail(f"{what} : la facture « {spec.refers_to} » est absente de ce monde")
        issued = draw.day(spec.date)
        # Never as large as its invoice: a drawn single line is capped under the invoice's HT.
        lines = draw_lines(draw, spec.lines, what, below=invoice.amount_ht)
        draw.docs[spec.key] = Document(
            number="",
            kind=CREDIT_NOTE,
            customer=customer,
            date=issued,
            lines=lines,
            refers_to=spec.refers_to,  # replaced by the invoice number below
            reason=spec.reason,
        )
        draw.doc_status[spec.key] = "open"


def number_documents(draw: Draw) -> str:
    """Invoice then credit-note numbers in date order (ties: declared order); the next free AV number."""
    settings = draw.pack.spec.settings
    declared = list(draw.docs)
    numbers: dict[str, str] = {}
    for kind, prefix, first in (
        (INVOICE, settings.invoice_prefix, FIRST_INVOICE_NUMBER),
        (CREDIT_NOTE, settings.credit_note_prefix, FIRST_CREDIT_NOTE_NUMBER),
    ):
        counter = draw.rng.randint(*first)
        keys = sorted(
            (k for k in declared if draw.docs[k].kind == kind),
            key=lambda k: (draw.docs[k].date, declared.index(k)),
        )
        for key in keys:
            numbers[key] = f"{prefix}/{draw.docs[key].date.year}/{counter:05d}"
            counter += 1
        if kind == CREDIT_NOTE:
            next_credit_note = f"{prefix}/{draw.today.year}/{counter:05d}"
    for key, doc in draw.docs.items():
        refers_to = numbers[doc.refers_to] if doc.refers_to else None
        draw.docs[key] = dataclasses.replace(doc, number=numbers[key], refers_to=refers_to)
    return next_credit_note


def make_prior_payments(draw: Draw) -> None:
    paid = sorted(
        (k for k, status in draw.doc_status.items() if status == "paid"),
        key=lambda k: draw.docs[k].number,
    )
    for n, key in enumerate(paid, 1):
        doc = draw.docs[key]
        latest = draw.today - timedelta(days=1)
        if doc.date >= latest:
            raise draw.fail(f"facture « {key} » marquée payée mais datée de la veille ou d'aujourd'hui")
        paid_on = min(doc.date + timedelta(days=draw.rng.randint(3, 20)), latest)
        draw.prior.append(
            PriorPayment(
                id=f"HIST-{n}",
                customer=doc.customer,
                journal=PRIOR_PAYMENT_JOURNAL,
                date=paid_on,
                amount=doc.amount_ttc,
                documents=(doc.number,),
            )
        )


def payment_amount(draw: Draw, key: str, spec: Any, what: str, on: date) -> DrawnPayment:
    if not isinstance(spec, FromDocuments):
        return DrawnPayment(key, draw.amount(spec, what), None)
    docs = []
    for doc_key in spec.documents:
        if doc_key not in draw.docs:
            raise draw.fail(f"{what} : la pièce « {doc_key} » est absente de ce monde")
        docs.append(draw.docs[doc_key])
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
        total += draw.draw_steps(
            adj.min, adj.max, Decimal("0.01"), nonzero=adj.nonzero, what=f"{what} (adjust)"
        )
    leave = None
    if spec.leave is not None:
        invoices = [d for d in docs if d.is_invoice]
        last = invoices[-1]
        newest = max(invoices, key=lambda d: (d.due_date, d.date, d.number))
        if newest is not last:
            raise draw.fail(
                f"{what} : la dernière facture citée ({last.number}) doit être la plus récente, "
                f"c'est elle que le paiement partiel laisse ouverte (ici {newest.number})"
            )
        cap = last.amount_ttc - (discounts.get(last.number, ZERO) if spec.discount else ZERO)
        leave = draw.draw_steps(
            spec.leave.min, spec.leave.max, spec.leave.step, below=cap, what=f"{what} (leave)"
        )
        total -= leave
    if total <= 0:
        raise draw.fail(f"{what} : montant du règlement {total} nul ou négatif")
    return DrawnPayment(key, cents(total), leave)


def make_statement(draw: Draw) -> None:
    drawn = []
    for index, spec in enumerate(draw.present(draw.s.statement)):
        on = draw.day(spec.date)
        if isinstance(spec.amount, FromSlip):  # the slip's total, known once its cheques are (make_slips)
            draw.slip_lines[spec.key] = spec.amount.slip
            draw.payments[spec.key] = DrawnPayment(spec.key, ZERO, None)
            drawn.append((on, index, spec))
            continue
        payment = payment_amount(draw, spec.key, spec.amount, f"ligne de relevé « {spec.key} »", on)
        if payment.amount == 0:
            raise draw.fail(f"ligne de relevé « {spec.key} » : montant nul")
        draw.payments[spec.key] = payment
        drawn.append((on, index, spec))
    for n, (on, _, spec) in enumerate(sorted(drawn, key=lambda t: (t[0], t[1])), 1):
        # The label is rendered once every id and number exists (render_texts).
        draw.statement[spec.key] = StatementLine(
            id=f"REL-{n:02d}", date=on, label=spec.label, amount=draw.payments[spec.key].amount
        )


def make_cheques(draw: Draw) -> None:
    for n, spec in enumerate(draw.present(draw.s.cheques), 1):
        what = f"chèque « {spec.key} »"
        customer_id(draw, spec.customer, what)
        written = draw.day(spec.date)
        received = draw.day(spec.received)
        if received < written:
            raise draw.fail(
                f"{what} : reçu le {format_date(received)}, avant sa date ({format_date(written)})"
            )
        payment = payment_amount(draw, spec.key, spec.amount, what, received)
        if payment.amount <= 0:
            raise draw.fail(f"{what} : montant {payment.amount} non positif")
        draw.payments[spec.key] = payment
        profile = draw.customers[spec.customer]
        draw.cheques[spec.key] = Cheque(
            id=f"CHQ-{n}",
            customer=profile.id,
            drawer=profile.customer.name,
            bank=spec.bank or profile.bank,
            number=f"{draw.rng.randint(0, 9_999_999):07d}",
            amount=payment.amount,
            amount_in_words=amount_in_words(payment.amount),
            date=written,
            received=received,
            payee="",  # our company's name, set in render_texts
            place=profile.address.city,
        )


def make_slips(draw: Draw) -> None:
    """Deposit slips handed in before the scenario: each cheque recorded in CHQ against its documents,
    then the slip; the bank lines that credit them get the slip's total."""
    specs = {spec.key: spec for spec in draw.s.cheques}
    for spec in draw.s.slips:
        what = f"remise « {spec.key} »"
        on = draw.day(spec.date)
        if on >= draw.today:
            raise draw.fail(f"{what} : une remise passée est datée au plus tard de la veille")
        cheques = [draw.cheques[k] for k in spec.cheques if k in draw.cheques]
        for key, cheque in zip(spec.cheques, cheques, strict=False):
            if cheque.received > on:
                raise draw.fail(f"{what} : le chèque « {key} » est reçu après la remise")
            documents = document_numbers(draw, specs[key].amount.documents, what)
            draw.slip_settled.update(specs[key].amount.documents)
            draw.prior.append(
                PriorPayment(
                    id=f"HIST-{len(draw.prior) + 1}",
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
        number = f"{draw.rng.randint(1, 999_999):06d}"
        draw.slips[spec.key] = PriorSlip(number, on, tuple(c.id for c in cheques))
    for line_key, slip_key in draw.slip_lines.items():
        if slip_key not in draw.slips:
            raise draw.fail(f"ligne de relevé « {line_key} » : la remise « {slip_key} » est absente")
        slip = draw.slips[slip_key]
        amount = sum((c.amount for c in draw.cheques.values() if c.id in slip.cheques), ZERO)
        if draw.statement[line_key].date < slip.date:
            raise draw.fail(f"ligne de relevé « {line_key} » : datée avant la remise « {slip_key} »")
        draw.payments[line_key] = DrawnPayment(line_key, amount, None)
        draw.statement[line_key] = dataclasses.replace(draw.statement[line_key], amount=amount)


def make_messages(draw: Draw) -> None:
    for n, spec in enumerate(draw.present(draw.s.messages), 1):
        customer_id(draw, spec.customer, f"message « {spec.key} »")
        draw.messages[spec.key] = Message(
            id=f"MSG-{n}",
            customer=draw.customers[spec.customer].id,
            date=draw.day(spec.date),
            kind=spec.kind,
            subject=spec.subject,
            body=spec.body,
            settles=tuple(draw.docs[k].number for k in spec.settles if k in draw.docs),
        )


def make_history(draw: Draw) -> None:
    """The follow-up entries made before the scenario (no draw: dates are fixed offsets)."""
    draw.history: list[PriorFollowup] = []
    for i, spec in enumerate(draw.s.history):
        what = f"historique de relance n° {i + 1}"
        customer = customer_id(draw, spec.customer, what)
        draw.history.append(
            PriorFollowup(
                spec.kind,
                customer,
                draw.day(spec.date),
                document_numbers(draw, spec.documents, what),
                spec.text,
            )
        )


# ------------------------------------------------------------------------------------------ expected


def source_of(draw: Draw, key: str) -> tuple[str, str, str]:
    """(kind, world id, default journal) of an expected receipt's source key."""
    if key in draw.statement:
        return "statement_line", draw.statement[key].id, BANK_JOURNAL
    return "cheque", draw.cheques[key].id, CHEQUE_JOURNAL


def document_numbers(draw: Draw, keys: list[str], what: str) -> tuple[str, ...]:
    missing = [k for k in keys if k not in draw.docs]
    if missing:
        raise draw.fail(f"{what} : pièce(s) absente(s) de ce monde : {', '.join(missing)}")
    return tuple(draw.docs[k].number for k in keys)


def resolve_expected(draw: Draw) -> Expected:
    exp = draw.s.expected
    receipts = []
    for spec in exp.receipts:
        if not draw.included[spec.source]:
            continue
        what = f"règlement attendu « {spec.source} »"
        kind, source_id, journal = source_of(draw, spec.source)
        receipts.append(
            ExpectedReceipt(
                source_kind=kind,
                source=source_id,
                customer=customer_id(draw, spec.customer, what),
                journal=spec.journal or journal,
                documents=document_numbers(draw, spec.documents, what),
                schedule_required=spec.schedule_required,
            )
        )
    deposit = None
    if exp.deposit is not None:
        cheques = tuple(draw.cheques[k].id for k in exp.deposit.cheques if k in draw.cheques)
        if cheques:
            line = exp.deposit.statement_line
            deposit = ExpectedDeposit(cheques, draw.statement[line].id if line in draw.statement else None)
    reminders = []
    for spec in exp.reminders:
        if spec.customer not in draw.customers:
            continue
        what = f"relance attendue de « {spec.customer} »"
        numbers = document_numbers(draw, spec.documents, what)
        reminders.append(
            ExpectedReminder(
                customer=draw.customers[spec.customer].id,
                channel=spec.channel,
                documents=numbers,
                level=reminder_level(draw, spec.customer, spec.channel, spec.documents, what),
                next_action=bool(spec.next_action),
                next_action_days=spec.next_action.days
                if isinstance(spec.next_action, NextActionSpec)
                else None,
            )
        )
    reconcile = tuple(
        ExpectedReconciliation(draw.statement[r.statement_line].id, draw.slips[r.slip].id)
        for r in exp.reconcile
        if r.statement_line in draw.statement and r.slip in draw.slips
    )
    for r in reconcile:
        line = next(s for s in draw.statement.values() if s.id == r.statement_line)
        slip = next(s for s in draw.slips.values() if s.id == r.slip)
        total = sum((c.amount for c in draw.cheques.values() if c.id in slip.cheques), ZERO)
        if line.amount != total:
            raise draw.fail(
                f"la ligne {line.id} ({line.amount}) ne crédite pas le total de la remise ({total})"
            )
    disputes = tuple(draw.docs[k].number for k in exp.disputes if k in draw.docs)
    settled = settled_keys(draw)
    for k in [*exp.disputes, *(p.document for p in exp.expected_payments)]:
        if k in settled:
            raise draw.fail(f"la facture {draw.docs[k].number} est déjà réglée : rien à suivre")
    expected_payments = tuple(
        ExpectedPayment(draw.docs[p.document].number, draw.today + timedelta(days=p.date))
        for p in exp.expected_payments
        if p.document in draw.docs
    )
    statements = tuple(
        ExpectedStatement(
            draw.customers[st.customer].id,
            bool(st.next_action),
            st.next_action.days if isinstance(st.next_action, NextActionSpec) else None,
        )
        for st in exp.statements
        if st.customer in draw.customers
    )
    due_today = None
    if exp.due_today is not None:
        due_today = tuple(draw.customers[k].id for k in exp.due_today if k in draw.customers)
    replies, promised = resolve_replies(draw)
    return Expected(
        replies=replies,
        doubtful=tuple(draw.customers[k].id for k in exp.doubtful if k in draw.customers),
        late_fees=tuple(
            ExpectedLateFee(draw.docs[f.invoice].number, f.rate)
            for f in exp.late_fees
            if f.invoice in draw.docs
        ),
        disputes=disputes,
        expected_payments=expected_payments + promised,
        statements=statements,
        due_today=due_today,
        reconcile=reconcile,
        receipts=tuple(receipts),
        deposit=deposit,
        annotate=tuple(draw.statement[k].id for k in exp.annotate if k in draw.statement),
        reminders=tuple(reminders),
        not_reminded=tuple(draw.customers[k].id for k in exp.not_reminded if k in draw.customers),
        strategy=draw_target(exp.strategy, draw.rng) if exp.strategy else None,
    )


def resolve_replies(draw: Draw) -> tuple[tuple[ExpectedReply, ...], tuple[ExpectedPayment, ...]]:
    """Scenario 5: the customers' replies, dated by their message; a promise's date is the date of the
    bank line that brings the payment (both drawn per seed), to note as the expected payment date."""
    replies = []
    for spec in draw.s.expected.replies:
        message = draw.messages.get(spec.message)
        if message is None:
            continue
        line = draw.statement.get(spec.line) if spec.line else None
        if spec.promises and line is not None and line.date < message.date:
            raise draw.fail(f"réponse « {spec.message} » : le paiement arrive avant la promesse")
        replies.append(
            ExpectedReply(
                message=message.id,
                customer=message.customer,
                date=message.date,
                disputes=tuple(draw.docs[k].number for k in spec.disputes if k in draw.docs),
                promises=tuple(draw.docs[k].number for k in spec.promises if k in draw.docs),
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


def world_keys(draw: Draw) -> dict[str, str]:
    keys: dict[str, str] = {}
    for spec in draw.s.customers:
        if spec.key in draw.customers:
            keys[spec.key] = draw.customers[spec.key].id
    for section, found in (("invoices", draw.docs), ("credit_notes", draw.docs)):
        for spec in getattr(draw.s, section):
            if spec.key in found:
                keys[spec.key] = found[spec.key].number
    for section, found in (
        ("statement", draw.statement),
        ("cheques", draw.cheques),
        ("slips", draw.slips),
        ("messages", draw.messages),
    ):
        for spec in getattr(draw.s, section):
            if spec.key in found:
                keys[spec.key] = found[spec.key].id
    return keys


@functools.cache
def _generic_words() -> frozenset[str]:
    # Activity words of fakedata's names ("Boulangerie Leroy") say what the customer does, not who it is.
    activities = fakedata.ACTIVITY_FIRST
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
