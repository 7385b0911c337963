"""A corpus of reminder e-mails and call notes written the way people write them, for the content checks
of simulator/grading/reading.py: templates (letter-style e-mails with a header block, ordinary and short
informal e-mails, call notes in full sentences, telegraphic or as a list) crossed with variations (amount,
date and invoice-number forms, greetings, closings, requests, signatures, accents or none), each sample
labelled with the mistake codes it must give: none for a positive sample, exactly one for a negative one
(a part removed or spoiled).

Deterministic: ``corpus()`` draws with ``random.Random(seed)``; the same seed gives the same samples.
Imported by the tests of this folder as ``from reminder_corpus import ...``.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
NBSP, NNBSP = "\u00a0", "\u202f"


@dataclass(frozen=True)
class Case:
    """The documents a reminder is about, and who writes it."""

    number: str
    invoice_date: date
    due_date: date
    amount_ttc: Decimal
    signatory: str  # first and last name
    company: str
    role: str
    phone: str
    contact_civility: str  # "Monsieur" / "Madame"
    contact_last: str
    contact_first: str
    contact_role: str
    customer: str

    @property
    def amount_ht(self) -> Decimal:
        return (self.amount_ttc / Decimal("1.2")).quantize(Decimal("0.01"))

    @property
    def prefix_and_rest(self) -> tuple[str, str]:
        for sep in "/-":
            if sep in self.number:
                prefix, rest = self.number.split(sep, 1)
                return prefix, rest
        return self.number, ""


CASES = (
    Case(
        "FA-2025-0110",
        date(2025, 1, 15),
        date(2025, 2, 14),
        Decimal("2400.00"),
        "Julie Martin",
        "Lettrage SARL",
        "Comptable clients",
        "01 23 45 67 89",
        "Monsieur",
        "Roux",
        "Pierre",
        "compta",
        "Roux SAS",
    ),
    Case(
        "FAC/2026/00012",
        date(2026, 1, 31),
        date(2026, 3, 2),
        Decimal("1234.56"),
        "Hélène Dupré",
        "Atelier Dupré SAS",
        "Assistante de gestion",
        "04 72 10 20 30",
        "Madame",
        "Leroy",
        "Adèle",
        "service comptable",
        "Leroy Distribution",
    ),
    Case(
        "F-0088",
        date(2025, 2, 5),
        date(2025, 3, 7),
        Decimal("1200.00"),
        "Jean-Pierre Le Goff",
        "Menuiserie Le Goff EURL",
        "Gérant",
        "02 98 11 22 33",
        "Monsieur",
        "Garnier",
        "Luc",
        "responsable comptable",
        "Garnier SARL",
    ),
    Case(
        "FAC/2026/00347",
        date(2026, 4, 20),
        date(2026, 5, 20),
        Decimal("15574.98"),
        "Nadia Benali",
        "Benali Conseil",
        "Responsable recouvrement",
        "+33 6 12 34 56 78",
        "Madame",
        "Pagès",
        "Adèle",
        "comptabilité fournisseurs",
        "Pagès & Fils",
    ),
    Case(
        "FA2026-0345",
        date(2026, 3, 10),
        date(2026, 4, 9),
        Decimal("980.55"),
        "Thomas Girard",
        "Girard Équipements SA",
        "Chargé de clientèle",
        "05 56 00 11 22",
        "Monsieur",
        "Blanc",
        "Éric",
        "comptable",
        "Blanc Industrie",
    ),
)


# --- how people write amounts, dates and numbers ---------------------------------------------------------


def _grouped(amount: Decimal, sep: str) -> str:
    units, cents = f"{amount:.2f}".split(".")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    return f"{sep.join(groups)},{cents}"


AMOUNT_FORMS: tuple[Callable[[Decimal], str], ...] = (
    lambda a: f"{_grouped(a, ' ')} €",
    lambda a: f"{_grouped(a, NNBSP)}{NBSP}€",
    lambda a: f"{_grouped(a, '')} euros",
    lambda a: _grouped(a, "."),
    lambda a: f"EUR {_grouped(a, ' ')}",
    lambda a: f"{_grouped(a, ' ')} EUR",
    lambda a: f"{a:.2f} €",
    lambda a: f"{_grouped(a, '')}€",
)

DATE_FORMS: tuple[Callable[[date], str], ...] = (
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: d.strftime("%d.%m.%y"),
    lambda d: f"{d.day}/{d.month}",
    lambda d: f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]}",
    lambda d: f"{d.day}/{d.month:02d}/{d.year}",
    lambda d: d.strftime("%d-%m-%Y"),
    lambda d: f"{d.day} {MONTHS[d.month - 1].upper()} {d.year}",
)


def reference_forms(case: Case) -> tuple[str, ...]:
    prefix, rest = case.prefix_and_rest
    forms = [case.number, f"n° {case.number}", case.number.lower(), case.number.replace("/", " / ")]
    if rest and prefix.isalpha():
        forms.append(f"{prefix} n° {rest}")
    return tuple(forms)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --- the samples ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    id: str
    channel: str  # "email" or "phone"
    text: str
    expected: tuple[str, ...]  # mistake codes; () for a positive sample
    params: dict = field(compare=False, repr=False)
    subject: str = ""
    level: int = 1
    call_date: date | None = None

    @property
    def positive(self) -> bool:
        return not self.expected


def params_of(case: Case) -> dict:
    return {
        "amount_ttc": case.amount_ttc,
        "amount_ht": case.amount_ht,
        "references": [case.number],
        "due_dates": [case.due_date],
        "signatory_name": case.signatory,
        "company_name": case.company,
        "year_hint": case.due_date.year,
    }


# --- e-mails ---------------------------------------------------------------------------------------------

GREETINGS = (
    "Madame, Monsieur,",
    "Bonjour,",
    "Bonjour {civility} {last},",
    "{civility} {last},",
    "Chère Madame, cher Monsieur,",
    "Bonjour {first},",
    "Mesdames, Messieurs,",
    "Bonjour M. {last},",
)
CLOSINGS = (
    "Cordialement,",
    "Bien cordialement,",
    "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    "Bien à vous,",
    "Cdlt,",
    "Sincères salutations.",
    "Veuillez recevoir nos meilleures salutations.",
    "Bonne journée,",
    "Merci d'avance,",
)
REQUESTS = (
    "Nous vous remercions de bien vouloir procéder à son règlement par virement ou par chèque.",
    "Merci de nous faire parvenir votre règlement sous huitaine.",
    "Nous vous prions de bien vouloir régulariser cette situation dans les meilleurs délais.",
    "Pourriez-vous procéder au virement dès réception de ce message ?",
    "Je vous remercie de régler cette somme par virement (IBAN FR76 3000 6000 0112 3456 7890 189).",
    "Nous vous saurions gré de bien vouloir effectuer le règlement au plus vite.",
    "Merci de faire le nécessaire pour le paiement.",
    "Veuillez régler ce montant dès réception.",
    "Dans l'attente de votre règlement, je reste à votre disposition.",
)
LEVEL_2 = (
    "Nous vous rappelons que tout retard de paiement entraîne de plein droit des pénalités de retard "
    "et une indemnité forfaitaire pour frais de recouvrement de 40 €.",
    "Conformément à l'article L441-10 du Code de commerce, des pénalités de retard sont exigibles, ainsi "
    "qu'une indemnité forfaitaire de 40 euros.",
    "Des intérêts de retard courent depuis l'échéance, auxquels s'ajoute l'indemnité de 40,00 € pour frais "
    "de recouvrement.",
)


def signatures(case: Case) -> tuple[str, ...]:
    first, last = case.signatory.split(" ", 1)
    return (
        f"{case.signatory}\n{case.role}\n{case.company}\n{case.phone}",
        case.signatory,
        f"{last.upper()} {first}\n{case.role}",
        f"{first[0]}. {last}",
        f"Service comptabilité – {case.company} – {case.phone}",
        f"{case.signatory} | {case.role} | {case.company}",
    )


def _email_parts(rng: random.Random, case: Case) -> dict[str, str]:
    contact = {"civility": case.contact_civility, "last": case.contact_last, "first": case.contact_first}
    amount = rng.choice(AMOUNT_FORMS)(case.amount_ttc)
    due = rng.choice(DATE_FORMS)(case.due_date)
    issued = case.invoice_date.strftime("%d/%m/%Y")
    ref = rng.choice(reference_forms(case))
    return {
        "greeting": rng.choice(GREETINGS).format(**contact),
        "closing": rng.choice(CLOSINGS),
        "request": rng.choice(REQUESTS),
        "signature": rng.choice(signatures(case)),
        "ref": ref,
        "issued": issued,
        "amount": amount,
        "due": due,
        "facts": rng.choice(
            (
                "Sauf erreur de notre part, la facture {ref} du {issued}, d'un montant de {amount} TTC, "
                "arrivée à échéance le {due}, reste impayée à ce jour.",
                "Nous constatons que notre facture {ref} ({amount} TTC), échue le {due}, n'a pas été réglée.",
                "Sauf erreur ou omission de notre part, le solde de {amount} TTC de la facture {ref}, payable "
                "au {due}, ne nous est pas parvenu.",
                "À ce jour, nous n'avons pas reçu le paiement de la fact. {ref} du {issued} : {amount} TTC, "
                "échéance {due}.",
            )
        ),
    }


def _letter_email(case: Case, p: dict[str, str], level_2: str, *, header: bool = True) -> tuple[str, str]:
    first, last = case.signatory.split(" ", 1)
    head = (
        f"{case.company}\n12 rue des Lilas\n75011 Paris\nTél. : {case.phone}\n\n"
        f"{case.customer}\nÀ l'attention de {case.contact_civility} {case.contact_first} {case.contact_last}\n"
        f"3 avenue Foch\n69002 Lyon\n\nParis, le {case.due_date + timedelta(days=20):%d/%m/%Y}\n\n"
        f"Objet : Relance – facture {p['ref']}\nN/Réf. : {p['ref']}\n\n"
        if header
        else ""
    )
    body = (
        f"{head}{p['greeting']}\n\n{p['facts'].format(**p)}\n\n{p['request']}\n"
        f"{level_2}\n\nSi votre règlement nous est parvenu entre-temps, nous vous prions de ne pas tenir "
        f"compte de la présente.\n\n{p['closing']}\n\n{p['signature']}\n"
    )
    return f"Relance facture {case.number}", body


def _plain_email(case: Case, p: dict[str, str], level_2: str) -> tuple[str, str]:
    body = (
        f"{p['greeting']}\n\n{p['facts'].format(**p)}\n{p['request']}\n{level_2}\n\n{p['closing']}\n"
        f"{p['signature']}"
    )
    return f"Facture {case.number} impayée", body


def _short_email(case: Case, p: dict[str, str], level_2: str) -> tuple[str, str]:
    body = (
        f"{p['greeting']}\nPetit rappel : la facture {p['ref']} de {p['amount']} TTC était à régler pour le "
        f"{p['due']}. Merci de faire le virement rapidement. {level_2}\n{p['closing']}\n{p['signature']}"
    )
    return f"Rappel {case.number}", body


EMAIL_STYLES = {"letter": _letter_email, "plain": _plain_email, "short": _short_email}


def _email_sample(rng: random.Random, case: Case, style: str, index: int, spoil: str | None) -> Sample:
    level = rng.choice((1, 1, 2))
    p = _email_parts(rng, case)
    level_2 = rng.choice(LEVEL_2) if level == 2 else ""
    expected: tuple[str, ...] = ()
    subject_override = None
    if spoil == "amount":
        p["amount"] = rng.choice(
            (
                AMOUNT_FORMS[0](case.amount_ht) + " HT",
                AMOUNT_FORMS[0](case.amount_ttc + Decimal("0.01")),
                "le montant convenu",
            )
        )
        expected = ("EMAIL_MISSING_AMOUNT",)
    elif spoil == "reference":
        p["ref"] = rng.choice((f"{case.number}1", "que nous vous avons adressée", f"X{case.number}"))
        subject_override = "Relance facture impayée"
        expected = ("EMAIL_MISSING_REFERENCE",)
    elif spoil == "due_date":
        p["due"] = rng.choice(("à réception", (case.due_date + timedelta(days=1)).strftime("%d/%m/%Y")))
        expected = ("EMAIL_MISSING_DUE_DATE",)
    elif spoil == "request":
        p["request"] = rng.choice(
            (
                "Si vous avez déjà procédé au règlement, merci de ne pas tenir compte de ce message.",
                "Nous restons à votre disposition pour tout renseignement.",
                "Nous avons bien reçu votre paiement par virement pour la commande précédente.",
            )
        )
        expected = ("EMAIL_NO_PAYMENT_REQUEST",)
    elif spoil == "greeting":
        p["greeting"] = ""
        expected = ("EMAIL_NO_POLITENESS",)
    elif spoil == "closing":
        p["closing"] = ""
        expected = ("EMAIL_NO_POLITENESS",)
    elif spoil == "signature":
        first, last = case.signatory.split(" ", 1)
        p["signature"] = rng.choice(("", last, case.company, "La direction"))
        expected = ("EMAIL_NO_SIGNATURE",)
    elif spoil == "penalties":
        level, level_2 = 2, ""
        expected = ("EMAIL_NO_LATE_PENALTIES",)
    if style == "short" and spoil == "request":
        style = "plain"  # the short style asks for the transfer in its own words
    subject, body = EMAIL_STYLES[style](case, p, level_2)
    if spoil == "greeting" and style == "letter" and rng.random() < 0.5:
        body = body.replace("\n\nSi votre règlement", "\n\nBonjour,\nSi votre règlement", 1)  # too late
    if subject_override is not None:
        subject = subject_override
    if rng.random() < 0.25:
        body, subject = strip_accents(body), strip_accents(subject)
    return Sample(
        f"email-{style}-{index}-{spoil or 'ok'}", "email", body, expected, params_of(case), subject, level
    )


# --- call notes ------------------------------------------------------------------------------------------

ANSWERS_OK = (
    "paiement promis par virement le {promised}",
    "promet virement le {promised}",
    "s'engage à régler par chèque le {promised}",
    "virement programmé pour le {promised}",
    "règlement par chèque prévu le {promised}",
    "VIR le {promised}",
    "réglera par virement sous huitaine",
    "chèque envoyé demain",
    "va faire le virement vendredi",
    "conteste la facture : marchandise non conforme, attend un avoir",
    "litige sur les quantités livrées, réclamation en cours",
)
ANSWERS_KO = (
    "paiement prévu le {promised}",
    "promet virement",
    "pas de litige",
    "ne peut pas payer",
    "aucun virement prévu",
    "pas de date",
    "ne peut pas payer avant fin de mois, pas de date ni de moyen de paiement",
    "va voir avec son comptable",
    "répondeur, message laissé pour un virement le {promised}",
    "essaiera de faire un virement le {promised}",
    "promet de régler rapidement",
)


def _call_note(rng: random.Random, case: Case, style: str, call: date, parts: dict[str, str]) -> str:
    who = f"{'M.' if case.contact_civility == 'Monsieur' else 'Mme'} {case.contact_last}"
    amount = f"{parts['amount']} TTC" if parts["amount"] else ""
    due = f"échue le {parts['due']}" if parts["due"] else ""
    if style == "domain":
        return (
            f"Relance par téléphone le {call:%d/%m/%Y} : {who} ({case.contact_role}) – {parts['ref']}, "
            f"{amount} {due} ; marchandise reçue ; {parts['answer']}."
        )
    if style == "telegraphic":
        return f"Tél. {who} ({case.contact_role}) : {parts['ref']} {amount} {due} ; {parts['answer']}"
    if style == "narrative":
        return (
            f"J'ai appelé {who} ({case.contact_role}) ce jour au sujet de la facture {parts['ref']}"
            f"{', d un montant de ' + amount if amount else ''}{', ' + due if due else ''}. "
            f"La marchandise a bien été reçue. Réponse : {parts['answer']}."
        )
    return (
        f"Appel du {call.day}/{call.month} – {who}\n- Facture : {parts['ref']}\n"
        f"- Montant dû : {amount or '?'}\n- Échéance : {parts['due'] or '?'}\n- Réponse : {parts['answer']}"
    )


CALL_STYLES = ("domain", "telegraphic", "narrative", "list")


def _call_sample(rng: random.Random, case: Case, style: str, index: int, spoil: str | None) -> Sample:
    call = case.due_date + timedelta(days=rng.randint(15, 40))
    promised = call + timedelta(days=rng.randint(3, 12))
    parts = {
        "ref": rng.choice(reference_forms(case)),
        "amount": rng.choice(AMOUNT_FORMS)(case.amount_ttc),
        "due": rng.choice(DATE_FORMS)(case.due_date),
        "answer": rng.choice(ANSWERS_OK),
    }
    if spoil == "answer":
        parts["answer"] = rng.choice(ANSWERS_KO)
    elif spoil == "amount":
        parts["amount"] = rng.choice(("", AMOUNT_FORMS[0](case.amount_ht) + " HT"))
        if parts["amount"].endswith(" HT"):
            parts["amount"] = parts["amount"][:-3]  # written as if TTC: still the HT figure
    elif spoil == "reference":
        parts["ref"] = rng.choice(("la facture", f"{case.number}0"))
    elif spoil == "due_date":
        parts["due"] = ""
    parts["answer"] = parts["answer"].format(promised=rng.choice(DATE_FORMS[:3] + DATE_FORMS[5:])(promised))
    text = _call_note(rng, case, style, call, parts)
    if rng.random() < 0.25:
        text = strip_accents(text)
    expected = ("CALL_NOTE_INCOMPLETE",) if spoil else ()
    return Sample(
        f"call-{style}-{index}-{spoil or 'ok'}", "phone", text, expected, params_of(case), call_date=call
    )


EMAIL_SPOILS = (
    None,
    "amount",
    "reference",
    "due_date",
    "request",
    "greeting",
    "closing",
    "signature",
    "penalties",
)
CALL_SPOILS = (None, "answer", "amount", "reference", "due_date")


def corpus(seed: int = 2026, per_combination: int = 5) -> list[Sample]:
    """Every style × spoil (none = positive) × ``per_combination`` draws, on cases taken in turn."""
    rng = random.Random(seed)
    samples: list[Sample] = []
    index = 0
    for style in EMAIL_STYLES:
        for spoil in EMAIL_SPOILS:
            for _ in range(per_combination * (4 if spoil is None else 1)):
                samples.append(_email_sample(rng, CASES[index % len(CASES)], style, index, spoil))
                index += 1
    for style in CALL_STYLES:
        for spoil in CALL_SPOILS:
            for _ in range(per_combination * (3 if spoil in (None, "answer") else 1)):
                samples.append(_call_sample(rng, CASES[index % len(CASES)], style, index, spoil))
                index += 1
    return samples
