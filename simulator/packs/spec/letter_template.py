"""The text of a reminder letter: Odoo 8 style placeholders (``%(partner_name)s``, ``%(date)s``,
``%(user_signature)s``, ``%(company_name)s``) and our own. A pack may give a follow-up level its own text
(``letter`` in ``followup_levels``); the project's default texts use the same language. ``%%`` writes a
percent sign.

The one list of the placeholders a letter may use, and the one checker: pack validation reports its
problems at the pack's lines, ``simulator.documents.letters`` fills the text."""

from __future__ import annotations

import re

from simulator.messages.french import elide_before

PLACEHOLDERS: dict[str, str] = {
    "partner_name": "raison sociale du client",
    "date": "date de la lettre (23 juin 2026)",
    "user_signature": "nom et fonction du signataire",
    "company_name": "raison sociale de notre société",
    "courtesy_title": "Madame ou Monsieur, selon le contact comptable du client",
    "invoice_lines": "tableau des factures échues (seul dans son paragraphe)",
    "invoice_numbers": "numéros des factures échues",
    "amount_due": "montant TTC restant dû",
    "due_dates": "dates d'échéance",
    "penalty_rate": "taux annuel des pénalités de retard (BCE + 10 points)",
    "penalties": "pénalités de retard courues à la date de la lettre",
    "indemnity": "indemnité forfaitaire de recouvrement par facture (40,00 €)",
    "indemnity_total": "indemnité forfaitaire pour l'ensemble des factures",
    "deadline": "date limite de paiement de la mise en demeure, en toutes lettres (lundi 30 novembre 2026)",
    "total_claimed": "total réclamé : principal, pénalités à la date de la lettre et indemnités",
    "final_delay": "délai avant la mise en demeure (dernière relance : 15 jours)",
    "final_deadline": "date limite de la dernière relance amiable, en toutes lettres",
    "opening": "première phrase : « Malgré nos relances du … » si le client a été relancé, sinon sans",
    "iban": "IBAN de notre compte",
    "bic": "BIC de notre banque",
}

_PLACEHOLDER = re.compile(r"%%|%\((\w+)\)s|%")


def template_problems(text: str) -> list[tuple[int, str]]:
    """(line of the text, from 1; French message) for every placeholder a letter may not use."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _PLACEHOLDER.finditer(line):
            name = match.group(1)
            if match.group(0) == "%":
                problems.append((number, "« % » seul : écrivez « %% » pour un signe pour cent"))
            elif name is not None and name not in PLACEHOLDERS:
                known = ", ".join(f"%({n})s" for n in PLACEHOLDERS)
                problems.append((number, f"variable inconnue %({name})s (variables : {known})"))
    return problems


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders replaced by ``values`` (the text passed ``template_problems``); the
    word before a placeholder is elided by its value (« à l'ordre de %(company_name)s » gives « à l'ordre
    d'Imprimerie Jacques SA »)."""
    done, pos = "", 0
    for match in _PLACEHOLDER.finditer(text):
        before, pos = text[pos : match.start()], match.end()
        if match.group(0) == "%%":
            done += before + "%"
        else:
            value = values[match.group(1)]
            done = elide_before(done + before, value) + value
    return done + text[pos:]


#: The phrases of a letter that name its medium, and what an e-mail says instead (lower-case; a capital
#: first letter is kept). Earlier letters (« notre lettre du … ») and the registered letter still to come
#: (« par lettre recommandée ») are other letters: they stay.
_EMAIL_WORDING = {
    "par la présente": "par ce message",
    "la présente lettre": "le présent message",
    "le présent courrier": "le présent message",
    "ce courrier": "ce message",
    "cette lettre": "ce message",
    "ce pli": "ce message",
    "vous est adressée par lettre recommandée": "vous est également adressée par lettre recommandée",
    "vous est adressé par lettre recommandée": "vous est également adressé par lettre recommandée",
}
_MEDIUM = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(_EMAIL_WORDING, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def for_email(text: str) -> str:
    """A letter's filled text as an e-mail says it: « ce courrier », « cette lettre », « par la présente »
    become « ce message », « par ce message »…; a mise en demeure sent by e-mail says the registered letter
    is sent « également »."""

    def replace(match: re.Match[str]) -> str:
        said = _EMAIL_WORDING[match.group(0).lower()]
        return said[0].upper() + said[1:] if match.group(0)[0].isupper() else said

    return _MEDIUM.sub(replace, text)
