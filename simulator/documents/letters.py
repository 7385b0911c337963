"""Reminder letters (lettres de relance) per follow-up level, and the mise en demeure.

A letter's text is the level's ``letter`` in the pack, or else the default text of the level's kind, with
Odoo 8 style placeholders (``%(partner_name)s``, ``%(date)s``, ``%(user_signature)s``, ``%(company_name)s``)
and our own (``simulator.packs.letter_template.PLACEHOLDERS``). The project ships one default text per kind
of level (``templates/documents/letters/<kind>.txt``):

- ``courteous``: the first level — a polite reminder;
- ``firm``: the levels in between — recalls the late-payment penalties and the 40 € indemnity;
- ``formal_notice``: a level sent by registered letter — the mise en demeure (domain.md §7.3).

Paragraphs are separated by a blank line; a paragraph that is only ``%(invoice_lines)s`` becomes the table
of the overdue invoices. ``%%`` writes a percent sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal

from simulator.formatting import format_date, format_date_long, format_money
from simulator.ledger.books import Books
from simulator.ledger.followup import followup_level, overdue_invoices
from simulator.ledger.litigation import payment_deadline
from simulator.ledger.model import FollowupLevel
from simulator.ledger.money import ZERO
from simulator.ledger.penalties import RECOVERY_INDEMNITY, days_late, late_penalty, penalty_rate
from simulator.packs.letter_template import fill
from simulator.packs.world import World
from simulator.resources import resource_path

from .render import DocumentUnavailable, Printable

KINDS = ("courteous", "firm", "formal_notice")


def letter_kind(level: FollowupLevel, levels: tuple[FollowupLevel, ...]) -> str | None:
    """Which template a level uses; None for a level that sends no letter (litigation only)."""
    if "registered_letter" in level.actions:
        return "formal_notice"
    if set(level.actions) == {"litigation"}:
        return None
    return "courteous" if level.level == min(lvl.level for lvl in levels) else "firm"


@lru_cache(maxsize=8)
def default_template(kind: str) -> str:
    return (resource_path("templates") / "documents" / "letters" / f"{kind}.txt").read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    number: str
    date: date
    due_date: date
    amount_ttc: Decimal
    residual: Decimal
    days_late: int
    penalty: Decimal | None


def _percent(rate: Decimal | None) -> str:
    if rate is None:
        return "taux directeur de la BCE majoré de 10 points"
    return format_decimal(rate, format="#,##0.00", locale="fr_FR") + "\u00a0%"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def letter_document(
    world: World,
    books: Books,
    customer: str,
    level: int | None = None,
    on: date | None = None,
    template: str | None = None,
) -> Printable:
    """The reminder letter of ``level`` (default: the level the customer is at) for the customer's overdue
    invoices, dated ``on`` (default: today). The text is ``template`` if given, else the level's own template
    (the pack's ``letter``, or as configured in Niveaux de relance), else the default text of the level's
    kind."""
    profile = world.customer(customer)
    if profile is None:
        known = ", ".join(c.id for c in world.customers)
        raise DocumentUnavailable(f"le client « {customer} » n'existe pas (clients : {known}).")
    when = on or books.today
    levels = tuple(books.levels)
    number = level if level is not None else (followup_level(books, customer, when) or None)
    chosen = next((lvl for lvl in levels if lvl.level == number), None)
    if chosen is None:
        if level is None:
            raise DocumentUnavailable(
                f"{profile.customer.name} n'a aucune facture échue au {format_date(when)} : pas de relance à envoyer."
            )
        known = ", ".join(f"{lvl.level} ({lvl.name})" for lvl in levels)
        raise DocumentUnavailable(f"niveau de relance {level} inconnu (niveaux : {known}).")
    kind = letter_kind(chosen, levels)
    if kind is None:
        raise DocumentUnavailable(f"le niveau {chosen.level} ({chosen.name}) ne prévoit pas de lettre.")
    overdue = overdue_invoices(books, customer, when)
    if not overdue:
        raise DocumentUnavailable(
            f"{profile.customer.name} n'a aucune facture échue au {format_date(when)} : pas de relance à envoyer."
        )
    lines = []
    for doc in (books.documents[n] for n in overdue):
        residual = books.residual(doc.number)
        lines.append(
            InvoiceLine(
                doc.number,
                doc.date,
                doc.due_date,  # type: ignore[arg-type]
                doc.amount_ttc,
                residual,
                days_late(doc.due_date, when),  # type: ignore[arg-type]
                late_penalty(residual, doc.due_date, when),  # type: ignore[arg-type]
            )
        )
    amount_due = sum((line.residual for line in lines), ZERO)
    penalties = [line.penalty for line in lines]
    deadline = payment_deadline(when, world.notice_days)  # the day the transfer to 416 waits for
    company, contact = world.company, profile.contact
    values = {
        "partner_name": profile.customer.name,
        "date": format_date_long(when),
        "user_signature": f"{company.signatory.first_name} {company.signatory.last_name}\n{company.signatory.role}",
        "company_name": company.name,
        "courtesy_title": "Madame" if contact.civility == "Mme" else "Monsieur",
        "invoice_numbers": _join([line.number for line in lines]),
        "amount_due": format_money(amount_due),
        "due_dates": _join([format_date(line.due_date) for line in lines]),
        "penalty_rate": _percent(penalty_rate(when)),
        "penalties": format_money(sum(penalties, ZERO)) if None not in penalties else "à calculer",  # type: ignore[arg-type]
        "indemnity": format_money(RECOVERY_INDEMNITY),
        "indemnity_total": format_money(RECOVERY_INDEMNITY * len(lines)),
        "deadline": format_date(deadline),
        "iban": company.iban,
        "bic": company.bic,
        "invoice_lines": "",
    }
    paragraphs = []
    for block in re.split(
        r"\n\s*\n",
        (template or chosen.template or default_template(kind)).strip(),
    ):
        if block.strip() == "%(invoice_lines)s":
            paragraphs.append(None)  # the table
        else:
            paragraphs.append(fill(block.strip(), values).splitlines())
    formal = kind == "formal_notice"
    subject = (
        ("Mise en demeure de payer" if formal else chosen.name)
        + " – "
        + (f"facture {lines[0].number}" if len(lines) == 1 else f"factures {values['invoice_numbers']}")
    )
    return Printable(
        "documents/letter.html",
        f"{'Mise en demeure' if formal else 'Lettre de relance'} – {profile.customer.name}",
        {
            "company": company,
            "today": books.today,
            "customer": profile,
            "level": chosen,
            "kind": kind,
            "formal": formal,
            "on": when,
            "subject": subject,
            "paragraphs": paragraphs,
            "lines": lines,
            "amount_due": amount_due,
            "show_penalties": formal and None not in penalties,
            "penalty_total": sum((p for p in penalties if p is not None), ZERO),
            "deadline": deadline,
        },
    )
