"""Traps: the situations of a drawn world that provoke a known mistake (a payment of the same amount as
another customer's invoice, a discount deducted one day late, a customer without e-mail address…).

Traps are read from the world and its expected outcome, never stored by the generator: the same world
always shows the same traps. Each kind names the mistake codes it provokes (codes of
:data:`simulator.grading.catalogue.MISTAKES`) and says, for the tests and the simulated students, how a
student falls into it: :func:`fall_into` turns a correct list of actions into the mistaken one.

What a world cannot show is not a trap here: a bank line whose label names the wrong invoice number, say,
would need the generator to record it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from simulator.ledger.settlement import DISCOUNT, NOT_ENTITLED, PARTIAL, ROUNDING
from simulator.packs.play.outcome import Outcome, ReceiptOutcome, expected_outcome
from simulator.packs.world.model import World


@dataclass(frozen=True, slots=True)
class TrapKind:
    id: str
    one: (
        str  # French noun phrase, singular: « un règlement du même montant qu'une facture d'un autre client »
    )
    many: str  # plural, without the number: « règlements du même montant… »
    codes: tuple[str, ...]  # the mistake codes it provokes, the most typical first


@dataclass(frozen=True, slots=True)
class Trap:
    """A trap of a world: its kind and what it is about (a bank line, a cheque, an invoice, a customer).
    The French detail is put together only when shown (formatting amounts is the slow part)."""

    kind: str
    subject: str
    head: str  # the bank line's label, the invoice, the customer…
    tail: str = ""  # what is special about it
    amount: Decimal | None = None
    on: date | None = None

    @property
    def detail(self) -> str:
        """French: the documents and amounts involved."""
        text = self.head
        if self.amount is not None and self.on is not None:
            text += f" ({_money(self.amount)} le {self.on:%d/%m/%Y})"
        return f"{text} : {self.tail}" if self.tail else text

    def as_dict(self) -> dict[str, Any]:
        kind = KINDS[self.kind]
        return {
            "kind": self.kind,
            "subject": self.subject,
            "label": kind.one,
            "detail": self.detail,
            "mistakes": list(kind.codes),
        }


def _kind(id: str, one: str, many: str, *codes: str) -> tuple[str, TrapKind]:
    return id, TrapKind(id, one, many, codes)


KINDS: dict[str, TrapKind] = dict(
    [
        _kind(
            "same_amount_other_customer",
            "un règlement du même montant qu'une facture d'un autre client",
            "règlements du même montant qu'une facture d'un autre client",
            "WRONG_CUSTOMER",
            "WRONG_DOCUMENT",
        ),
        _kind(
            "several_documents",
            "un règlement de plusieurs pièces",
            "règlements de plusieurs pièces",
            "UNMATCHED_PAYMENT",
            "WRONG_DOCUMENT",
            "WRONG_ALLOCATION_ORDER",
        ),
        _kind(
            "credit_note_deducted",
            "un règlement qui déduit un avoir",
            "règlements qui déduisent un avoir",
            "CREDIT_NOTE_IGNORED",
        ),
        _kind(
            "discount_granted",
            "un escompte dû à comptabiliser avec sa TVA",
            "escomptes dus à comptabiliser avec leur TVA",
            "DISCOUNT_VAT_MISSING",
            "DISCOUNT_LEFT_OPEN",
        ),
        _kind(
            "discount_several_rates",
            "un escompte sur une facture à plusieurs taux de TVA",
            "escomptes sur une facture à plusieurs taux de TVA",
            "DISCOUNT_VAT_MISSING",
        ),
        _kind(
            "discount_late",
            "un escompte déduit après la date limite",
            "escomptes déduits après la date limite",
            "DISCOUNT_NOT_ENTITLED",
        ),
        _kind(
            "gap_short",
            "un petit écart de règlement en moins",
            "petits écarts de règlement en moins",
            "DIFFERENCE_LEFT_OPEN",
            "WRONG_WRITEOFF_ACCOUNT",
        ),
        _kind(
            "gap_over",
            "un écart dans l'autre sens (le client a payé un peu plus)",
            "écarts dans l'autre sens (le client a payé un peu plus)",
            "WRONG_WRITEOFF_ACCOUNT",
            "DIFFERENCE_LEFT_OPEN",
        ),
        _kind(
            "partial_payment",
            "un règlement partiel",
            "règlements partiels",
            "PARTIAL_WRITTEN_OFF",
            "SCHEDULE_NOTE_MISSING",
        ),
        _kind(
            "cheque_to_endorse",
            "un chèque à endosser avant la remise",
            "chèques à endosser avant la remise",
            "CHEQUE_NOT_ENDORSED",
            "SLIP_CHEQUE_MISSING",
        ),
        _kind(
            "customer_without_email",
            "un client sans adresse électronique",
            "clients sans adresse électronique",
            "LOT_EMAIL_UNRESOLVED",
        ),
        _kind(
            "disputed_invoice",
            "une facture contestée",
            "factures contestées",
            "DISPUTE_NOT_EXCLUDED",
            "REMINDED_DISPUTED_INVOICE",
        ),
        _kind(
            "promised_date",
            "une date de paiement promise",
            "dates de paiement promises",
            "EXPECTED_PAYMENT_DATE_MISSING",
            "REMINDED_BEFORE_PROMISED_DATE",
        ),
        _kind(
            "customer_not_to_remind",
            "un client à ne pas relancer (réglé ou pas encore échu)",
            "clients à ne pas relancer (réglés ou pas encore échus)",
            "REMINDED_PAID_CUSTOMER",
            "REMINDED_NOT_DUE",
        ),
    ]
)


# --- detection ---------------------------------------------------------------------------------------------


def traps(world: World, outcome: Outcome | None = None) -> tuple[Trap, ...]:
    """The traps of ``world``, in the order of :data:`KINDS`, each kind's in the world's order."""
    outcome = outcome or expected_outcome(world)
    found: list[Trap] = []
    for detect in _DETECTORS:
        found.extend(detect(world, outcome))
    order = list(KINDS)
    return tuple(sorted(found, key=lambda t: order.index(t.kind)))


def _money(amount: Decimal) -> str:
    from simulator.formatting import format_money

    return format_money(amount)


def _on_receipt(kind: str, r: ReceiptOutcome, tail: str = "") -> Trap:
    return Trap(kind, r.receipt.source, r.label, tail, r.amount, r.date)


def _same_amount(world: World, outcome: Outcome) -> list[Trap]:
    result = []
    for r in outcome.receipts:
        others = [
            d.number
            for d in world.documents
            if d.is_invoice and d.customer != r.receipt.customer and d.amount_ttc == r.amount
        ]
        if others:
            result.append(
                _on_receipt("same_amount_other_customer", r, f"même montant que {', '.join(others)}")
            )
    return result


def _receipts(world: World, outcome: Outcome) -> list[Trap]:
    result = []
    for r in outcome.receipts:
        documents = [world.document(n) for n in r.receipt.documents]
        invoices = [d for d in documents if d is not None and d.is_invoice]
        credit_notes = [d for d in documents if d is not None and not d.is_invoice]
        if len(documents) > 1 and r.treatment.kind != DISCOUNT and not r.treatment.granted:
            # (a grouped payment with a discount trains the discount first: see the discount traps)
            result.append(_on_receipt("several_documents", r, ", ".join(r.receipt.documents)))
        if credit_notes:
            numbers = ", ".join(d.number for d in credit_notes)
            result.append(_on_receipt("credit_note_deducted", r, f"avoir {numbers}"))
        kind, treatment = r.treatment.kind, r.treatment
        granted = [d for d in invoices if d.number in treatment.granted] or invoices
        if (
            (kind == DISCOUNT or treatment.granted)
            and not treatment.late
            and any(r for d in granted for r in d.vat_by_rate if r)
        ):
            # an exempt invoice's discount has no VAT to forget: not this trap
            result.append(_on_receipt("discount_granted", r))
            if any(len(d.vat_by_rate) > 1 for d in granted):
                result.append(_on_receipt("discount_several_rates", r))
        if kind == NOT_ENTITLED or treatment.late:
            late = [
                d for d in invoices if d.number in treatment.late or (kind == NOT_ENTITLED and d.discount)
            ]
            days = [(r.date - d.discount.deadline).days for d in late if d.discount is not None]
            tail = ""
            if days:
                n = min(days)
                tail = (
                    "escompte déduit un jour après la date limite"
                    if n == 1
                    else f"escompte déduit {n} jours après la date limite"
                )
            result.append(_on_receipt("discount_late", r, tail))
        if kind == ROUNDING:
            result.append(_on_receipt("gap_short" if treatment.gap > 0 else "gap_over", r))
        if kind == PARTIAL:
            result.append(_on_receipt("partial_payment", r))
        deposit = world.expected.deposit
        if r.receipt.source_kind == "cheque" and deposit is not None and r.receipt.source in deposit.cheques:
            result.append(_on_receipt("cheque_to_endorse", r))
    return result


def _followup(world: World, outcome: Outcome) -> list[Trap]:
    expected = world.expected
    result = []
    if expected.followup_run is not None:
        for customer, address in expected.followup_run.emails:
            name = _customer_name(world, customer)
            result.append(Trap("customer_without_email", customer, name, f"adresse à trouver ({address})"))
    for number in expected.disputes:
        document = world.document(number)
        name = _customer_name(world, document.customer) if document else ""
        result.append(Trap("disputed_invoice", number, f"{number} ({name})"))
    for promise in expected.expected_payments:
        result.append(
            Trap("promised_date", promise.document, promise.document, f"le {promise.date:%d/%m/%Y}")
        )
    for customer in expected.not_reminded:
        result.append(Trap("customer_not_to_remind", customer, _customer_name(world, customer)))
    return result


def _customer_name(world: World, customer: str) -> str:
    profile = world.customer(customer)
    return profile.customer.name if profile else customer


_DETECTORS: tuple[Callable[[World, Outcome], list[Trap]], ...] = (_same_amount, _receipts, _followup)


# --- falling into a trap -------------------------------------------------------------------------------------


def fall_into(world: World, actions: Sequence[dict[str, Any]], trap: Trap) -> list[dict[str, Any]]:
    """``actions`` (the reference, or any correct work) changed the way a student who falls into ``trap``
    would: the mistake the trap provokes, and nothing else. Unchanged if the actions give no hold."""
    result = copy.deepcopy(list(actions))
    _FALLS[trap.kind](world, result, trap)
    return result


def _payment_of(actions: list[dict[str, Any]], source: str) -> dict[str, Any] | None:
    return next(
        (
            a
            for a in actions
            if a["type"] == "register_payment" and source in (a.get("source") or {}).values()
        ),
        None,
    )


def _wrong_customer(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    payment = _payment_of(actions, trap.subject)
    if payment is None:
        return
    amount = Decimal(payment["amount"])
    other = next(
        d
        for d in world.documents
        if d.is_invoice and d.customer != payment["customer"] and d.amount_ttc == amount
    )
    payment.update(customer=other.customer, documents=[other.number])
    payment.pop("allocations", None)
    payment.pop("difference", None)


def _one_invoice_forgotten(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    """The payment matched without the last invoice it names (credit notes kept)."""
    payment = _payment_of(actions, trap.subject)
    if payment is None:
        return
    invoices = [n for n in payment["documents"] if (d := world.document(n)) is not None and d.is_invoice]
    if len(invoices) > 1:
        payment["documents"] = [n for n in payment["documents"] if n != invoices[-1]]
        payment.pop("allocations", None)
        payment["difference"] = {"handling": "keep_open"}


def _ignore_credit_note(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    payment = _payment_of(actions, trap.subject)
    if payment is not None:
        payment["documents"] = [n for n in payment["documents"] if world.document(n).is_invoice]  # type: ignore[union-attr]
        payment.pop("allocations", None)
        payment["difference"] = {"handling": "keep_open"}


def _discount_without_vat(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    payment = _payment_of(actions, trap.subject)
    if payment is None:
        return
    difference = payment.get("difference") or {}
    if difference.get("handling") == "write_off":
        difference.pop("vat_rate", None)
        return
    # several invoices, some late: the student writes the whole gap off to 665 without its VAT
    payment["difference"] = {"handling": "write_off", "account": "665", "label": "Escompte accordé"}


def _discount_not_entitled(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    payment = _payment_of(actions, trap.subject)
    if payment is not None:
        documents = [world.document(n) for n in payment["documents"]]
        rates = {r for d in documents if d is not None for r in d.vat_by_rate}
        rate = max(rates) if rates else Decimal("20")
        payment["difference"] = {
            "handling": "write_off",
            "account": "665",
            "label": "Escompte accordé",
            "vat_rate": f"{rate.normalize():f}",
        }


def _leave_open(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    payment = _payment_of(actions, trap.subject)
    if payment is not None:
        payment["difference"] = {"handling": "keep_open"}


def _wrong_side_account(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    payment = _payment_of(actions, trap.subject)
    if payment is not None:
        payment["difference"] = {"handling": "write_off", "account": "658", "label": "Écart de règlement"}


def _write_off(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    payment = _payment_of(actions, trap.subject)
    if payment is not None:
        payment["difference"] = {"handling": "write_off", "account": "658", "label": "Écart de règlement"}
        payment.pop("allocations", None)


def _not_endorsed(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    actions[:] = [a for a in actions if not (a["type"] == "endorse_cheque" and a["cheque"] == trap.subject)]


def _email_not_found(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    actions[:] = [
        a for a in actions if not (a["type"] == "set_customer_email" and a["customer"] == trap.subject)
    ]
    for action in actions:
        if action["type"] == "run_followup":
            action["excluded_customers"] = [*action.get("excluded_customers", []), trap.subject]


def _dispute_not_excluded(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    actions[:] = [
        a for a in actions if not (a["type"] == "exclude_from_followup" and a.get("document") == trap.subject)
    ]


def _promise_not_noted(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    actions[:] = [
        a
        for a in actions
        if not (a["type"] == "set_expected_payment_date" and a.get("document") == trap.subject)
    ]


def _remind_anyway(world: World, actions: list[dict[str, Any]], trap: Trap) -> None:
    profile = world.customer(trap.subject)
    open_documents = [d.number for d in world.documents if d.customer == trap.subject and d.is_invoice]
    actions.append(
        {
            "type": "log_call",
            "customer": trap.subject,
            "date": world.today.isoformat(),
            "documents": open_documents[:1],
            "note": f"Relance par téléphone : {profile.contact.full_name if profile else ''}, "
            "paiement demandé.",
        }
    )


_FALLS: dict[str, Callable[[World, list[dict[str, Any]], Trap], None]] = {
    "same_amount_other_customer": _wrong_customer,
    "several_documents": _one_invoice_forgotten,
    "credit_note_deducted": _ignore_credit_note,
    "discount_granted": _discount_without_vat,
    "discount_several_rates": _discount_without_vat,
    "discount_late": _discount_not_entitled,
    "gap_short": _leave_open,
    "gap_over": _wrong_side_account,
    "partial_payment": _write_off,
    "cheque_to_endorse": _not_endorsed,
    "customer_without_email": _email_not_found,
    "disputed_invoice": _dispute_not_excluded,
    "promised_date": _promise_not_noted,
    "customer_not_to_remind": _remind_anyway,
}
