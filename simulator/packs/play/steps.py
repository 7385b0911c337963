"""The reference steps shared by the reference solution (:mod:`simulator.packs.play.solve`) and the run day
by day (:mod:`simulator.packs.play.period`): recording a receipt with its differences, and a reminder with its
texts and next action."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from simulator.formatting import format_date, format_money
from simulator.ledger import payments
from simulator.ledger.discount import discount_parts
from simulator.ledger.money import ZERO
from simulator.ledger.settlement import DISCOUNT, ROUNDING
from simulator.ledger.terms import next_action_window, within_window
from simulator.messages.french import de
from simulator.packs.play.outcome import Outcome, ReceiptOutcome, remittance_of
from simulator.packs.world.model import ExpectedReminder, World

#: Days until the next follow-up action after a reminder, and the payment date a customer promises (fewer
#: when the scenario wants the next action sooner).
NEXT_ACTION_DAYS = 7
#: The id the reference solution gives its deposit slip.
SLIP_ID = "S1"


def money(amount: Decimal) -> str:
    """Amounts in attempt files: a dot and two decimals."""
    return f"{amount:.2f}"


def receipt_actions(world: World, r: ReceiptOutcome, payment_id: str, notes) -> list[dict[str, Any]]:
    receipt = r.receipt
    actions: list[dict[str, Any]] = []
    action: dict[str, Any] = {
        "type": "register_payment",
        "id": payment_id,
        "customer": receipt.customer,
        "journal": receipt.journal,
        "date": r.date.isoformat(),
        "amount": money(r.amount),
        "documents": list(receipt.documents),
        "reference": r.label,
        "source": {receipt.source_kind: receipt.source},
    }
    t = r.treatment
    issued: dict[str, Decimal] = {}  # invoice -> financial credit notes issued on it (TTC)
    if t.kind == DISCOUNT and t.late:
        # One invoice's discount is due, another's is not: a financial credit note per VAT rate for the
        # discount granted (domain.md §4, method 2), the payment matched with it, the rest kept open.
        for number in t.granted:
            for part in discount_parts(world.document(number)):  # type: ignore[arg-type]
                note = next(notes)
                actions.append(
                    {
                        "type": "credit_note",
                        "number": note,
                        "invoice": number,
                        "date": r.date.isoformat(),
                        "amount_ht": money(part.amount_ht),
                        "vat_rate": f"{part.vat_rate}",
                        "reason": "Escompte de règlement",
                    }
                )
                action["documents"].append(note)
                issued[number] = issued.get(number, ZERO) + part.total
        action["difference"] = {"handling": "keep_open"}
    elif t.kind == DISCOUNT:
        rates = {p.vat_rate for p in t.parts}
        action["difference"] = {
            "handling": "write_off",
            "account": t.account,
            "label": "Escompte de règlement",
            "vat_rate": f"{next(iter(rates))}" if len(rates) == 1 else payments.BY_INVOICE_RATES,
        }
    elif t.kind == ROUNDING:
        action["difference"] = {"handling": "write_off", "account": t.account, "label": "Écart de règlement"}
    elif t.gap != ZERO:
        action["difference"] = {"handling": "keep_open"}
    if t.late or remittance_of(world, receipt):
        # what the payment itself settles on each invoice: the customer's order, or its late discounts open
        invoices = {d for d in receipt.documents if world.document(d).is_invoice}  # type: ignore[union-attr]
        action["allocations"] = {
            n: money(amount - issued.get(n, ZERO))
            for n, amount in r.allocations
            if n in invoices and amount > issued.get(n, ZERO)
        }
    actions.append(action)
    if receipt.schedule_required and r.partial_document:
        actions.append(_schedule_note(world, r))
    return actions


def credit_note_numbers(world: World) -> Iterator[str]:
    """The numbers the credit notes issued in the attempt get: the world's next one, then the following."""
    head, digits = re.match(r"(.*?)(\d+)$", world.settings.next_credit_note).groups()  # type: ignore[union-attr]
    return (f"{head}{n:0{len(digits)}d}" for n in itertools.count(int(digits)))


def _schedule_note(world: World, r: ReceiptOutcome) -> dict[str, Any]:
    """The schedule the customer proposed in its message (the future dates it names, equal instalments,
    the last one taking the rounding rest); without one, two monthly instalments."""
    doc = world.document(r.partial_document)  # type: ignore[arg-type]
    residual = doc.amount_ttc - sum((a for n, a in r.allocations if n == doc.number), ZERO)  # type: ignore[union-attr]
    proposed = sorted(
        {
            d
            for m in world.messages
            if m.customer == r.receipt.customer
            for d in _dates_in(m.body)
            if d > world.today
        }
    )
    dates = proposed or [world.today + timedelta(days=30), world.today + timedelta(days=60)]
    share = (residual / len(dates)).quantize(Decimal("0.01"))
    amounts = [share] * (len(dates) - 1) + [residual - share * (len(dates) - 1)]
    instalments = ", ".join(
        f"{format_money(a)} au {format_date(d)}" for a, d in zip(amounts, dates, strict=True)
    )
    text = f"Échéancier accordé le {format_date(world.today)} : {instalments}."
    return {"type": "add_note", "document": doc.number, "text": text}  # type: ignore[union-attr]


def _dates_in(text: str) -> list[date]:
    found = []
    for day, month, year in re.findall(r"\b(\d{2})/(\d{2})/(\d{4})\b", text):
        try:
            found.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return found


#: what a call note records when the world says nothing of the customer's answer that day
SILENT_ANSWER = "répondeur, message laissé demandant le règlement"


def customers_answer_in_world(world: World) -> bool:
    """True when the world tells what its customers say (a follow-up history, messages received): a call
    note then records only that — the payment date a customer announced, else that nobody answered. In a
    world that tells nothing (procedure-11's calls), the brief has the student play the customer's answer
    (a promised date and a method)."""
    return bool(world.prior_followup or world.messages)


def announced_payment(world: World, customer: str, on: date) -> date | None:
    """The last payment date ``customer`` announced in the world that is known on ``on`` and not passed:
    a reply's from the day it arrives, a date of the brief's message from the start."""
    dates = [
        reply.pays_on
        for reply in world.expected.replies
        if reply.customer == customer
        and reply.pays_on
        and reply.promises
        and reply.date <= on <= reply.pays_on
    ]
    replied = {n for reply in world.expected.replies for n in reply.promises}
    dates += [
        p.date
        for p in world.expected.expected_payments
        if p.document not in replied
        and world.document(p.document).customer == customer  # type: ignore[union-attr]
        and on <= p.date
    ]
    return max(dates, default=None)


def _next_step(world: World, reminder: ExpectedReminder, docs: list, promised: date | None) -> date:
    """The next action after a reminder, within the scenario's window: the day after the payment the
    customer announced; without one, the day the strategy's next level is reached (the most overdue
    invoice's due date + that level's days); after the last level, :data:`NEXT_ACTION_DAYS`."""
    window = reminder.next_action_days or NEXT_ACTION_DAYS
    if promised is not None:
        on = promised + timedelta(days=1)
    else:
        levels = sorted(lvl.days for lvl in world.followup_levels if lvl.level > reminder.level)
        oldest = min(d.due_date for d in docs)
        on = oldest + timedelta(days=levels[0]) if levels else world.today + timedelta(days=NEXT_ACTION_DAYS)
    return within_window(on, next_action_window(world.today, window))


def reminder_actions(world: World, outcome: Outcome, reminder: ExpectedReminder) -> list[dict[str, Any]]:
    profile = world.customer(reminder.customer)
    docs = [world.document(n) for n in reminder.documents]
    due = sum((outcome.residuals[d.number] for d in docs), ZERO)  # type: ignore[union-attr]
    refs = ", ".join(d.number for d in docs)  # type: ignore[union-attr]
    due_dates = ", ".join(format_date(d.due_date) for d in docs)  # type: ignore[union-attr, arg-type]
    if customers_answer_in_world(world):
        announced = announced_payment(world, reminder.customer, world.today)
        answer = f"paiement annoncé par virement le {format_date(announced)}" if announced else SILENT_ANSWER
        next_on = _next_step(world, reminder, docs, announced)
    else:  # the brief has the student play the customer's answer: a promise within the window
        next_on = next_action_window(
            world.today, min(NEXT_ACTION_DAYS, reminder.next_action_days or NEXT_ACTION_DAYS)
        )[1]
        answer = f"marchandise reçue, pas de litige ; paiement promis par virement le {format_date(next_on)}"
    contact = profile.contact  # type: ignore[union-attr]
    actions: list[dict[str, Any]] = []
    if reminder.channel == "phone":
        note = (
            f"Relance par téléphone le {format_date(world.today)} : {contact.full_name} ({contact.role}) – "
            f"{refs}, {format_money(due)} TTC échue le {due_dates} ; {answer}."
        )
        actions.append(
            {
                "type": "log_call",
                "customer": reminder.customer,
                "date": world.today.isoformat(),
                "documents": list(reminder.documents),
                "note": note,
            }
        )
    elif reminder.channel == "email":
        actions.append(
            {
                "type": "send_email",
                "customer": reminder.customer,
                "to": contact.email,
                "subject": f"Relance – facture {refs} échue le {due_dates}",
                "body": _email_body(world, reminder, docs, due),
                "documents": list(reminder.documents),
            }
        )
    else:
        actions.append(
            {
                "type": "send_letter",
                "customer": reminder.customer,
                "level": reminder.level,
                "date": world.today.isoformat(),
            }
        )
    if reminder.next_action:
        actions.append(
            {
                "type": "set_next_action",
                "customer": reminder.customer,
                "date": next_on.isoformat(),
                "note": "Vérifier la réception du règlement ; sinon relance du niveau suivant.",
            }
        )
    return actions


def _email_body(world: World, reminder: ExpectedReminder, docs: list, due: Decimal) -> str:
    company = world.company
    contact = world.customer(reminder.customer).contact  # type: ignore[union-attr]
    lines = [f"Bonjour {contact.civility} {contact.last_name},", ""]
    for d in docs:
        lines.append(
            f"Sauf erreur de notre part, la facture {d.number} du {format_date(d.date)}, d'un montant de "
            f"{format_money(d.amount_ttc)} TTC, arrivée à échéance le {format_date(d.due_date)}, "
            f"reste impayée."
        )
    lines.append(f"Le montant restant dû s'élève à {format_money(due)} TTC.")
    lines.append(
        f"Nous vous remercions de bien vouloir procéder à son règlement par virement sur notre compte "
        f"{company.iban} ou par chèque à l'ordre {de(company.name)}."
    )
    if reminder.level >= 2:
        lines.append(
            "Nous vous rappelons que tout retard de paiement entraîne de plein droit des pénalités de "
            "retard ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 €."
        )
    lines += [
        "Si votre règlement a été effectué entre-temps, merci de ne pas tenir compte de ce message.",
        "",
        "Nous vous prions d'agréer nos salutations distinguées.",
        "",
        f"{company.signatory.first_name} {company.signatory.last_name}",
        company.signatory.role,
        company.name,
        company.phone,
    ]
    return "\n".join(lines)
