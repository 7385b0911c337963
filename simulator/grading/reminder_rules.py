"""What a reminder must contain, by channel and level, and the check of one reminder against the documents it
is about (:func:`check_reminder`); the text itself is read by :mod:`simulator.grading.reading`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from simulator.ledger.money import cents

from .reading import (
    find_amounts,
    find_dates,
    has_closing,
    has_customer_answer,
    has_greeting,
    has_payment_request,
    has_signature,
    mentions_indemnity,
    mentions_penalties,
    mentions_reference,
    records_no_contact,
)

__all__ = ["CALL_NOTE_PARTS", "EMAIL_CODES", "ReminderCheck", "check_reminder"]


#: the parts each channel requires (level 1); an e-mail from level 2 also needs penalties and indemnity
REQUIRED_PARTS: dict[str, tuple[str, ...]] = {
    "email": ("amount", "references", "due_date", "payment_request", "greeting", "closing", "signature"),
    "phone": ("amount", "references", "due_date", "answer"),
}
#: the mistake code of each missing part of an e-mail (every missing part of a call note is
#: ``CALL_NOTE_INCOMPLETE``)
EMAIL_CODES: dict[str, str] = {
    "amount": "EMAIL_MISSING_AMOUNT",
    "references": "EMAIL_MISSING_REFERENCE",
    "due_date": "EMAIL_MISSING_DUE_DATE",
    "payment_request": "EMAIL_NO_PAYMENT_REQUEST",
    "greeting": "EMAIL_NO_POLITENESS",
    "closing": "EMAIL_NO_POLITENESS",
    "signature": "EMAIL_NO_SIGNATURE",
    "penalties": "EMAIL_NO_LATE_PENALTIES",
    "indemnity": "EMAIL_NO_LATE_PENALTIES",
}
#: how CALL_NOTE_INCOMPLETE's message names a missing part of a call note
CALL_NOTE_PARTS: dict[str, str] = {
    "amount": "le montant dû TTC",
    "references": "le numéro de facture",
    "due_date": "la date d'échéance",
    "answer": "la réponse du client (date et moyen de paiement promis, ou litige)",
}


@dataclass(frozen=True, slots=True)
class ReminderCheck:
    """What a reminder (e-mail body or call note) contains. Only the parts its channel requires are read
    (the others are False: a call note has no greeting to look for); :attr:`missing` lists the required
    parts that are absent."""

    channel: str
    level: int
    amount_ok: bool  #: the amount still due TTC is written
    amount_is_ht: bool  #: the HT amount is written and the TTC is not (a mistake)
    references_missing: tuple[str, ...]  #: document numbers not written
    due_dates_missing: tuple[date, ...]  #: due dates not written
    due_date_ok: bool  #: every distinct due date of the documents is written
    payment_request: bool
    greeting: bool
    closing: bool
    signature: bool
    answer_ok: bool  #: call note: the customer's answer or promise is recorded
    penalties: bool
    indemnity: bool

    @property
    def references_ok(self) -> bool:
        return not self.references_missing

    @property
    def required(self) -> tuple[str, ...]:
        parts = REQUIRED_PARTS[self.channel]
        if self.channel == "email" and self.level >= 2:
            parts += ("penalties", "indemnity")
        return parts

    @property
    def missing(self) -> tuple[str, ...]:
        """Required parts that are absent, in checklist order."""
        present = {
            "amount": self.amount_ok,
            "references": self.references_ok,
            "due_date": self.due_date_ok,
            "payment_request": self.payment_request,
            "greeting": self.greeting,
            "closing": self.closing,
            "signature": self.signature,
            "answer": self.answer_ok,
            "penalties": self.penalties,
            "indemnity": self.indemnity,
        }
        return tuple(part for part in self.required if not present[part])

    @property
    def ok(self) -> bool:
        return not self.missing

    def mistake_codes(self) -> tuple[str, ...]:
        """The mistake codes of the missing parts, in checklist order and without repeats — what the grading
        engine reports: ``CALL_NOTE_INCOMPLETE`` for a call note; for an e-mail ``EMAIL_MISSING_AMOUNT``
        (also when only the HT amount is given), ``EMAIL_MISSING_REFERENCE``, ``EMAIL_MISSING_DUE_DATE``,
        ``EMAIL_NO_PAYMENT_REQUEST``, ``EMAIL_NO_POLITENESS`` (greeting or closing), ``EMAIL_NO_SIGNATURE``
        and, from level 2, ``EMAIL_NO_LATE_PENALTIES`` (penalties or the 40 € indemnity)."""
        if self.channel == "phone":
            return ("CALL_NOTE_INCOMPLETE",) if self.missing else ()
        return tuple(dict.fromkeys(EMAIL_CODES[part] for part in self.missing))


def check_reminder(
    text: str,
    *,
    amount_ttc: Decimal,
    amount_ht: Decimal,
    references: Sequence[str],
    due_dates: Sequence[date],
    signatory_name: str,
    company_name: str,
    channel: str,
    year_hint: int,
    level: int = 1,
    subject: str = "",
    call_date: date | None = None,
    other_signatories: Sequence[str] = (),
    silence_answers: bool = False,
) -> ReminderCheck:
    """Check a reminder against the documents it is about.

    ``text`` is the e-mail body or the call note; ``subject`` (e-mail) is searched for amounts, references
    and due dates but not for the greeting, closing or signature. ``amount_ttc`` is the amount still due
    TTC that the reminder must state (the total when it covers several documents); ``amount_ht`` the
    matching HT amount, to spot an HT amount given instead. **Every** distinct date of ``due_dates`` must
    be written (a date without a year is read in ``year_hint``), and every number of ``references``.

    ``channel`` is ``"email"`` (requires amount, references, due dates, a payment request, a greeting, a
    closing and a signature; from ``level`` 2, penalties and the 40 € indemnity too) or ``"phone"`` (a
    call note, domain.md §7.2: amount, references, due dates and the customer's answer; the call date is
    checked elsewhere but, given as ``call_date``, lets a later date count as the promised payment date).
    ``other_signatories`` are further names accepted as a signature beside ``signatory_name`` (the
    student's own name, for an attempt played in the browser). ``silence_answers``: the world gives the
    customer no answer to record that day, so a call note that records nobody reached (``répondeur,
    message laissé``) records the answer.
    """
    if channel not in REQUIRED_PARTS:
        raise ValueError(f"unknown reminder channel {channel!r}: expected one of {sorted(REQUIRED_PARTS)}")
    email = channel == "email"
    searched = (subject, text) if subject else (text,)  # read apart: each is folded once, and cached
    amounts = [amount for part in searched for amount in find_amounts(part)]
    amount_ok = cents(amount_ttc) in amounts
    dates = {day for part in searched for day in find_dates(part, year_hint=year_hint)}
    due_dates_missing = tuple(d for d in dict.fromkeys(due_dates) if d not in dates)
    return ReminderCheck(
        channel=channel,
        level=level,
        amount_ok=amount_ok,
        amount_is_ht=not amount_ok and cents(amount_ht) in amounts,
        references_missing=tuple(
            r for r in references if not any(mentions_reference(p, r) for p in searched)
        ),
        due_dates_missing=due_dates_missing,
        due_date_ok=not due_dates_missing,
        payment_request=email and has_payment_request(text),
        greeting=email and has_greeting(text),
        closing=email and has_closing(text),
        signature=email
        and any(has_signature(text, name, company_name) for name in (signatory_name, *other_signatories)),
        answer_ok=not email
        and (
            has_customer_answer(text, call_date, due_dates) or (silence_answers and records_no_contact(text))
        ),
        penalties=email and level >= 2 and mentions_penalties(text),
        indemnity=email and level >= 2 and mentions_indemnity(text),
    )
