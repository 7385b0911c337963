"""Reminder letters (lettres de relance) per follow-up level, and the mise en demeure.

A letter's text is the level's ``letter`` in the pack, or else the default text of the level's kind, with
Odoo 8 style placeholders (``%(partner_name)s``, ``%(date)s``, ``%(user_signature)s``, ``%(company_name)s``)
and our own (``simulator.packs.spec.letter_template.PLACEHOLDERS``). The project ships one default text per kind
of level (``templates/documents/letters/<kind>.txt``):

- ``courteous``: the first level — a polite reminder;
- ``firm``: the levels in between — recalls the late-payment penalties and the 40 € indemnity;
- ``last_reminder``: the last level with a letter before the mise en demeure — the last amicable
  reminder, which announces the mise en demeure and the delay before it (domain.md §7.2);
- ``formal_notice``: a level sent by registered letter — the mise en demeure (domain.md §7.3), addressed
  to the company « prise en la personne de son représentant légal ».

The subject is the kind's (« Relance », « Deuxième relance », « Dernière relance avant mise en demeure »,
« Mise en demeure de payer »), never the level's name, which is the strategy's internal label.

Paragraphs are separated by a blank line; a paragraph that is only ``%(invoice_lines)s`` becomes the table
of the overdue invoices. ``%%`` writes a percent sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from simulator.formatting import format_date, format_date_long, format_date_weekday, format_money, format_rate
from simulator.ledger.books import Books
from simulator.ledger.followup import REMINDER_KINDS, followup_level, overdue_invoices
from simulator.ledger.litigation import payment_deadline
from simulator.ledger.model import FollowupLevel
from simulator.ledger.money import ZERO
from simulator.ledger.penalties import RECOVERY_INDEMNITY, late_penalty, penalty_rate
from simulator.ledger.terms import days_late
from simulator.ledger.workdays import next_working_day
from simulator.packs.spec.letter_template import fill
from simulator.packs.world.model import World
from simulator.resources import resource_path

from .render import DocumentUnavailable, Printable

KINDS = ("courteous", "firm", "last_reminder", "formal_notice")


def letter_kind(level: FollowupLevel, levels: tuple[FollowupLevel, ...]) -> str | None:
    """Which template a level uses; None for a level that sends no letter (litigation only)."""
    if "registered_letter" in level.actions:
        return "formal_notice"
    if set(level.actions) == {"litigation"}:
        return None
    if level.level == min(lvl.level for lvl in levels):
        return "courteous"
    notice = _notice_after(level, levels)
    if notice is not None and level.level == max(
        lvl.level for lvl in _letter_levels(levels) if lvl.level < notice.level
    ):
        return "last_reminder"
    return "firm"


def _letter_levels(levels: tuple[FollowupLevel, ...]) -> list[FollowupLevel]:
    """The levels that send a letter (all but the litigation-only ones), in order."""
    return sorted((lvl for lvl in levels if set(lvl.actions) != {"litigation"}), key=lambda lvl: lvl.level)


def _notice_after(level: FollowupLevel, levels: tuple[FollowupLevel, ...]) -> FollowupLevel | None:
    """The first mise en demeure level (registered letter) after ``level``, if the plan has one."""
    later = [lvl for lvl in _letter_levels(levels) if lvl.level > level.level]
    return next((lvl for lvl in later if "registered_letter" in lvl.actions), None)


_ORDINALS = ("", "", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième", "Septième", "Huitième")


def subject_heading(level: FollowupLevel, levels: tuple[FollowupLevel, ...]) -> str:
    """What a customer reads as the letter's subject for ``level``: the kind of reminder and its rank
    among the plan's letters, whatever the strategy named the level."""
    kind = letter_kind(level, levels)
    if kind == "formal_notice":
        return "Mise en demeure de payer"
    if kind == "last_reminder":
        return "Dernière relance avant mise en demeure"
    rank = [lvl.level for lvl in _letter_levels(levels)].index(level.level) + 1
    if kind == "courteous" or rank < 2:
        return "Relance"
    return f"{_ORDINALS[rank]} relance" if rank < len(_ORDINALS) else f"Relance n° {rank}"


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
    return format_rate(rate)


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
    penalty_total = sum(penalties, ZERO) if None not in penalties else None  # type: ignore[arg-type]
    indemnity_total = RECOVERY_INDEMNITY * len(lines)
    formal = kind == "formal_notice"
    deadline = payment_deadline(when, world.notice_days)  # the day the transfer to 416 waits for
    notice = _notice_after(chosen, levels)
    final_days = max(notice.days - chosen.days, 1) if notice is not None else world.notice_days
    final_deadline = next_working_day(when + timedelta(days=final_days))
    company, contact = world.company, profile.contact
    numbers = _join([line.number for line in lines])
    values = {
        "partner_name": profile.customer.name,
        "date": format_date_long(when),
        "user_signature": f"{company.signatory.first_name} {company.signatory.last_name}\n{company.signatory.role}",
        "company_name": company.name,
        # the mise en demeure goes to the company through its legal representative, not to a clerk
        "courtesy_title": "Madame, Monsieur"
        if formal
        else ("Madame" if contact.civility == "Mme" else "Monsieur"),
        "invoice_numbers": numbers,
        "amount_due": format_money(amount_due),
        "due_dates": _join([format_date(line.due_date) for line in lines]),
        "penalty_rate": _percent(penalty_rate(when)),
        "penalties": format_money(penalty_total) if penalty_total is not None else "à calculer",
        "indemnity": format_money(RECOVERY_INDEMNITY),
        "indemnity_total": format_money(indemnity_total),
        "total_claimed": format_money(amount_due + penalty_total + indemnity_total)
        if penalty_total is not None
        else f"{format_money(amount_due + indemnity_total)} hors pénalités",
        "deadline": format_date_weekday(deadline),
        "final_delay": f"{final_days} jour{'s' if final_days > 1 else ''}",
        "final_deadline": format_date_weekday(final_deadline),
        "opening": _opening(
            kind, company.name, _reminded(books, customer, lines, when, chosen), [ln.number for ln in lines]
        ),
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
    several = len(lines) > 1
    unpaid = "" if formal else (" impayées" if several else " impayée")
    subject_lead = f"{subject_heading(chosen, levels)} – facture{'s' if several else ''}{unpaid} n°"
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
            "subject": f"{subject_lead} {numbers}",
            "subject_lead": subject_lead,
            "paragraphs": paragraphs,
            "lines": lines,
            "amount_due": amount_due,
            "show_penalties": formal and penalty_total is not None,
            "penalty_total": penalty_total or ZERO,
            "deadline": deadline,
        },
    )


def _reminded(
    books: Books, customer: str, lines: list[InvoiceLine], when: date, level: FollowupLevel
) -> tuple[list[date], list[str]]:
    """The dates of the reminders (calls, e-mails, letters of the follow-up log) sent before this letter
    about the letter's invoices, and which of its invoices they covered. A reminder that names no invoice
    covered every invoice of the customer already overdue on its day. This letter itself, logged the same
    day, does not count."""
    numbers = [line.number for line in lines]
    due = {line.number: line.due_date for line in lines}
    dates: set[date] = set()
    covered: set[str] = set()
    for event in books.followup:
        if event.customer != customer or event.kind not in REMINDER_KINDS or event.date > when:
            continue
        if event.date == when and event.kind == "letter" and event.level >= level.level:
            continue
        named = [n for n in numbers if n in event.documents] if event.documents else []
        hit = named or [n for n in numbers if not event.documents and due[n] < event.date]
        if hit:
            dates.add(event.date)
            covered.update(hit)
    return sorted(dates), [n for n in numbers if n in covered]


def _opening(kind: str, company: str, reminded: tuple[list[date], list[str]], numbers: list[str]) -> str:
    """The letter's first sentence before the table of invoices: « Malgré nos relances du … » only when
    the follow-up log shows reminders about these invoices (naming them when they were not all
    reminded), else a wording without it."""
    dates, covered = reminded
    formal = kind == "formal_notice"
    if not dates:
        if formal:
            return (
                f"Sauf erreur ou omission de notre part, vous demeurez redevable envers {company} des "
                "sommes suivantes, échues et restées impayées à ce jour :"
            )
        return "Sauf erreur ou omission de notre part, les factures suivantes restent impayées à ce jour :"
    written = _join([format_date(d) for d in dates])
    several = len(dates) > 1
    clause = f"Malgré {'nos relances des' if several else 'notre relance du'} {written}"
    if len(covered) < len(numbers):
        clause += (
            f" concernant la facture {covered[0]}"
            if len(covered) == 1
            else f" concernant les factures {_join(covered)}"
        )
    if formal:
        clause += f", {'restées' if several else 'restée'} sans effet"
        return f"{clause}, vous demeurez redevable envers {company} des sommes suivantes :"
    return f"{clause}, les factures suivantes restent impayées à ce jour :"
