"""What a reminder contains: amounts, dates, invoice numbers and the parts of a French reminder e-mail or
call note, read from the free text a student typed. Pure functions; amounts are Decimal, never float.

Every search runs on a *folded* copy of the text: accents removed, case folded, typographic apostrophes and
dashes made plain, and no-break spaces (U+00A0, U+202F) made ordinary spaces, so ``Échéance``, ``echeance``
and ``ÉCHÉANCE`` read the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from simulator.ledger.money import cents

__all__ = [
    "ReminderCheck",
    "check_reminder",
    "find_amounts",
    "find_dates",
    "has_closing",
    "has_customer_answer",
    "has_greeting",
    "has_payment_request",
    "has_signature",
    "mentions_amount",
    "mentions_date",
    "mentions_indemnity",
    "mentions_penalties",
    "mentions_reference",
]

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_QUOTES = str.maketrans({c: "'" for c in "\u2018\u2019\u02bc\u00b4`"})


@lru_cache(maxsize=256)
def _fold(text: str) -> str:
    """Accents off, case folded, plain apostrophes and dashes; NFKD also turns U+00A0/U+202F into spaces.
    Cached: one reminder is read by a dozen checks."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_DASHES).translate(_QUOTES).casefold()


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# --- amounts ---------------------------------------------------------------------------------------------

# The integer part, most specific form first: grouped by spaces (1 574), by dots (1.574, French), by commas
# (1,574, English, only with a dot and two decimals so that it cannot be a French decimal comma), or plain.
_AMOUNT_RE = re.compile(
    r"""
    (?:(?P<pre>€|\beur\b)[ \t]?)?
    (?<!\w)(?<!\w[.,/-])                       # not the tail of a date, an invoice number, an IBAN...
    (?:
        (?P<space>\d{1,3}(?:[ \t]\d{3})+)(?:[.,](?P<space_dec>\d{1,2}))?
      | (?P<dot>\d{1,3}(?:\.\d{3})+)(?:,(?P<dot_dec>\d{1,2}))?
      | (?P<comma>\d{1,3}(?:,\d{3})+)\.(?P<comma_dec>\d{2})
      | (?P<plain>\d+)(?:[.,](?P<plain_dec>\d{1,2}))?
    )
    (?!\d)(?![.,/-]\d)                         # ...nor its head (15.03.2026, 01.23.45.67.89)
    (?:[ \t]{0,2}(?P<post>€|eur(?:os?)?\b))?
    (?![ \t]*%)                                # 2 %, 12,15 % are rates
    """,
    re.VERBOSE,
)


#: Longest integer part read as an amount: beyond a thousand billion euros, digits are an identifier.
MAX_AMOUNT_DIGITS = 15


def find_amounts(text: str) -> list[Decimal]:
    """Every money amount written in ``text``, in order, rounded to the cent.

    Accepted forms: ``1 574,98 €``, ``1574,98 euros``, ``1 574.98 EUR``, ``1574.98€``, ``1.574,98 €``,
    ``1 574,98`` (thousands separated by a space, U+00A0 or U+202F), ``2 400 €``, ``€ 2 400``,
    ``€1,574.98`` (English grouping, only with a dot and two decimals).

    A number counts as an amount only when a currency marker (``€``, ``EUR``, ``euro(s)``) is next to it,
    or when it has exactly two decimals. Numbers glued to letters or to other digits by ``/ - . ,`` are
    never amounts, nor is a number followed by ``%``: dates (``15/03/2026``, ``15.03.2026``), invoice
    numbers (``FAC/2026/00012``), phone numbers (``01 23 45 67 89``), IBANs and rates are skipped, and so
    is a number of more than ``MAX_AMOUNT_DIGITS`` digits. A minus sign is ignored: the amount is returned
    positive.
    """
    found: list[Decimal] = []
    for match in _AMOUNT_RE.finditer(_fold(text)):
        for form in ("space", "dot", "comma", "plain"):
            if match[form] is not None:
                integer, decimals = match[form], match[f"{form}_dec"]
                break
        has_currency = bool(match["pre"] or match["post"])
        if not has_currency and (decimals is None or len(decimals) != 2):
            continue
        digits = re.sub(r"\D", "", integer).lstrip("0")
        if len(digits) > MAX_AMOUNT_DIGITS:
            continue  # a number, not an amount (and beyond what Decimal's 28-digit context can round)
        found.append(cents(Decimal(f"{digits or '0'}.{decimals or '0'}")))
    return found


def mentions_amount(text: str, amount: Decimal) -> bool:
    """``amount`` (to the cent) is one of the amounts written in ``text``."""
    return cents(amount) in find_amounts(text)


# --- dates -----------------------------------------------------------------------------------------------

_NUMERIC_DATE_RE = re.compile(
    r"(?<![\w/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\w)(?![/.-]\d)"
)
_ISO_DATE_RE = re.compile(
    r"(?<![\w/.-])(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\w)(?![/.-]\d)"
)
_DAY_MONTH_RE = re.compile(r"(?<![\w/.,-])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?!\w)(?![/.,-]\d)")
_MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}
_WRITTEN_DATE_RE = re.compile(
    r"(?<![\w/.,-])(?P<d>1er|premier|\d{1,2})[ \t]+(?P<m>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\b\.?(?:[ \t]+(?P<y>\d{4})(?!\d))?"
)


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, year_hint: int | None = None) -> list[date]:
    """Every valid date written in ``text``, in order of appearance.

    Numeric: ``15/03/2026``, ``15/03/26`` (20xx), ``15-03-2026``, ``15.03.2026``, ISO ``2026-03-15``.
    Written in French, case and accents optional: ``15 mars 2026``, ``1er avril 2026``, ``15 fevrier 2026``,
    abbreviated months (``15 janv. 2026``). Without a year (``le 15 mars``, ``le 15/03``) the date is read
    in ``year_hint``, and skipped when there is none. Impossible dates (``31/02/2026``) are skipped.
    """
    folded = _fold(text)
    found: list[tuple[int, date]] = []

    def add(position: int, day: date | None) -> None:
        if day is not None:
            found.append((position, day))

    for m in _NUMERIC_DATE_RE.finditer(folded):
        year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        add(m.start(), _make_date(year, int(m["m"]), int(m["d"])))
    for m in _ISO_DATE_RE.finditer(folded):
        add(m.start(), _make_date(int(m["y"]), int(m["m"]), int(m["d"])))
    for m in _WRITTEN_DATE_RE.finditer(folded):
        year = int(m["y"]) if m["y"] else year_hint
        if year is not None:
            day = 1 if m["d"] in ("1er", "premier") else int(m["d"])
            add(m.start(), _make_date(year, _MONTHS[m["m"]], day))
    if year_hint is not None:
        for m in _DAY_MONTH_RE.finditer(folded):
            add(m.start(), _make_date(year_hint, int(m["m"]), int(m["d"])))
    return [day for _, day in sorted(found, key=lambda item: item[0])]


def mentions_date(text: str, d: date) -> bool:
    """``d`` is written in ``text``; a date written without a year is read in ``d``'s year."""
    return d in find_dates(text, year_hint=d.year)


# --- invoice numbers -------------------------------------------------------------------------------------

_REF_SEPARATORS = r"/\-_."


def mentions_reference(text: str, number: str) -> bool:
    """The document ``number`` is written in ``text``.

    Tolerant of case and of the separators between the number's parts: ``FAC/2026/00012`` is found as
    ``fac / 2026 / 00012``, ``FAC-2026-00012`` or ``FAC 2026 00012``. The parts themselves must be exact
    (leading zeros included), and the number must stand alone: ``FAC/2026/00012`` is not found in
    ``FAC/2026/000123``, ``XFAC/2026/00012`` or ``FAC/2026/00012/1``.
    """
    pattern = _reference_pattern(number)
    return pattern is not None and pattern.search(_fold(text)) is not None


@lru_cache(maxsize=1024)
def _reference_pattern(number: str) -> re.Pattern[str] | None:
    parts = [p for p in re.split(rf"[\s{_REF_SEPARATORS}]+", _fold(number)) if p]
    if not parts:
        return None
    separator = rf"(?:[ \t]*[{_REF_SEPARATORS}][ \t]*|[ \t]+)"
    return re.compile(
        rf"(?<!\w)(?<!\w[{_REF_SEPARATORS}])"
        + separator.join(re.escape(p) for p in parts)
        + rf"(?!\w)(?![{_REF_SEPARATORS}]\w)"
    )


# --- parts of a reminder ---------------------------------------------------------------------------------

_REQUEST_FORMULA = re.compile(
    r"\bmerci de\b|\bmerci d'|\bremercions de\b|\bremercions d'|\bremercie de\b|\bremercie d'"
    r"|\bprions de\b|\bprie de\b|\bveuillez\b|\bbien vouloir\b|\bpourriez-vous\b|\bpouvez-vous\b"
    r"|\bdemandons de\b|\bdemande de\b|\binvitons a\b|\binvite a\b|\bil vous appartient\b"
    r"|\bdans l'attente de votre (?:reglement|paiement|virement)\b"
)
_PAYMENT_WORD = re.compile(
    r"\b(?:regl\w*|paiements?|pay(?:er|ez)|virements?|cheques?|iban|rib|sold(?:e|er|ez)|vers(?:er|ez|ements?)"
    r"|acquitt\w*)\b"
)
_REQUEST_VERB = re.compile(
    r"\b(?:regler|reglez|payer|payez|acquitter|solder|soldez|verser|versez)\b"
    r"|\bproced(?:er|ez) (?:au|a (?:votre|son|leur|la)) (?:reglement|paiement|virement)\b"
    r"|\beffectu(?:er|ez) (?:le|votre|un) (?:reglement|paiement|virement)\b"
    r"|\b(?:faire parvenir|adresser|envoyer|transmettre) (?:votre|le) (?:reglement|paiement|cheque)\b"
)
_PAYMENT_NOUN = re.compile(r"\b(?:reglement|paiement)s?\b")
_PAYMENT_MEANS = re.compile(r"\b(?:virements?|cheques?|iban|rib)\b")
_SENTENCE_END = re.compile(r"[!?;\n]|\.(?=\s|$)")
# "Si vous avez déjà réglé, ne tenez pas compte de ce message": talks about payment, asks for nothing.
_ALREADY_PAID = re.compile(
    r"\bdeja\b|\bne pas tenir compte\b|\bne tenez pas compte\b|\bentre[- ]temps\b|\bcrois\w*"
)


def has_payment_request(text: str) -> bool:
    """The text asks the customer to pay.

    Rule (on the folded text), any of:

    1. an explicit request verb: ``régler``/``réglez``, ``payer``/``payez``, ``solder``, ``verser``,
       ``acquitter``, ``procéder au règlement/paiement/virement``, ``effectuer le règlement``,
       ``faire parvenir / adresser votre règlement``;
    2. a polite request formula (``merci de``, ``nous vous remercions de``, ``nous vous prions de``,
       ``veuillez``, ``bien vouloir``, ``pourriez-vous``, ``dans l'attente de votre règlement``…) with a
       payment word (règlement, paiement, virement, chèque, IBAN, solder…) in the same sentence;
    3. a payment noun (``règlement``, ``paiement``) together with a means of payment (virement, chèque,
       IBAN, RIB) anywhere in the text (``Règlement par virement sur l'IBAN FR76…``).

    Sentences about a payment already made (``déjà``, ``ne pas tenir compte``, ``entre-temps``, ``se
    sont croisés``) are left out first: the usual "si vous avez déjà procédé au règlement, veuillez ne pas
    tenir compte de ce message" asks for nothing. ``Nous avons bien reçu votre paiement`` alone is not a
    request either (a noun without means or formula).
    """
    sentences = [s for s in _SENTENCE_END.split(_fold(text)) if not _ALREADY_PAID.search(s)]
    kept = "\n".join(sentences)
    if _REQUEST_VERB.search(kept):
        return True
    if any(_REQUEST_FORMULA.search(s) and _PAYMENT_WORD.search(s) for s in sentences):
        return True
    return bool(_PAYMENT_NOUN.search(kept) and _PAYMENT_MEANS.search(kept))


_GREETING = re.compile(r"^\W*(?:madame|monsieur|mesdames|messieurs|bonjour|bonsoir|chere?s?)\b")


def has_greeting(text: str) -> bool:
    """One of the first three non-empty lines opens with a salutation: ``Madame, Monsieur``, ``Bonjour``,
    ``Monsieur Roux``, ``Madame X``, ``Mesdames, Messieurs``, ``Chère Madame``, ``Cher Monsieur``."""
    return any(_GREETING.search(_fold(line)) for line in _lines(text)[:3])


_CLOSING = re.compile(
    r"\b(?:bien )?cordialement\b|\bsalutations\b|\bagreer\b|\bbien a vous\b|\brespectueusement\b"
    r"|\bsentiments (?:les )?(?:meilleurs|distingues|devoues)\b"
    r"|\brecevez\b[^\n.]{0,80}\b(?:salutations|expression|sentiments|assurance)\b"
)


def _last_closing(folded: str) -> re.Match[str] | None:
    matches = list(_CLOSING.finditer(folded))
    return matches[-1] if matches else None


def has_closing(text: str) -> bool:
    """A polite closing formula: ``Cordialement``, ``Bien cordialement``, ``(Sincères / meilleures)
    salutations``, ``Nous vous prions / Veuillez / Je vous prie d'agréer…``, ``Recevez… nos salutations``,
    ``Bien à vous``, ``Respectueusement``, ``sentiments distingués``."""
    return _CLOSING.search(_fold(text)) is not None


_ROLE = re.compile(
    r"\b(?:comptab\w*|service\w*|responsable\w*|assistant\w*|charge\w*|gestionnaire\w*|direct\w*|gerant\w*"
    r"|dirigeant\w*|recouvrement|credit manager|adv|tresori\w*|daf|president\w*|secretari\w*|poste client)\b"
)
_PHONE = re.compile(r"(?<!\d)(?:\+33[ .]?(?:\(0\))?[ .]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)")
_LEGAL_FORMS = {"sas", "sasu", "sarl", "eurl", "sa", "snc", "sci", "scop", "ei", "eirl", "sca"}


def _words(text: str) -> str:
    """Folded text reduced to words separated by single spaces, for name and company matching."""
    return " ".join(re.findall(r"\w+", _fold(text)))


def _contains_words(haystack: str, needle: str) -> bool:
    """Whole-word containment; both sides come from :func:`_words` (single spaces between words)."""
    return bool(needle) and f" {needle} " in f" {haystack} "


def _signature_block(text: str) -> str:
    folded = _fold(text)
    closing = _last_closing(folded)
    if closing is not None:
        return folded[closing.end() :]
    return "\n".join(_lines(folded)[-4:])


def _names_signatory(block: str, signatory_name: str) -> bool:
    tokens = signatory_name.split()
    if not tokens:
        return False
    if len(tokens) == 1:
        return _contains_words(block, _words(tokens[0]))
    first, last = _words(tokens[0]), _words(" ".join(tokens[1:]))
    initial = first[0]
    variants = (
        f"{first} {last}",
        f"{last} {first}",
        # J. Martin, J.-P. Martin, Martin J.
        *(f"{initial}{extra} {last}" for extra in ("", " " + first.split()[-1][0])),
        f"{last} {initial}",
    )
    return any(_contains_words(block, v) for v in variants)


def _names_company(block: str, company_name: str) -> bool:
    words = _words(company_name).split()
    core = " ".join(w for w in words if w not in _LEGAL_FORMS) or " ".join(words)
    return _contains_words(block, core)


def has_signature(text: str, signatory_name: str, company_name: str) -> bool:
    """The message is signed.

    The signature block is what follows the last closing formula (the rest of its line included, for
    ``Cordialement, Julie Martin``); without a closing formula, the last four non-empty lines.

    The block must contain **the signatory's name**: first and last name in either order
    (``Julie Martin``, ``MARTIN Julie``), or the last name with the first initial (``J. Martin``,
    ``Martin J.``) — case and accents ignored. The last name alone is not enough. **Or**, failing the
    name, **the company name** (legal form such as SAS/SARL optional) **together with a role**
    (comptabilité, service…, responsable…, assistante…, gestionnaire…) **or a phone number**. A bare
    company name is not a signature. The full checklist of domain.md §7.2 (name, role, company, phone) is
    deliberately not required.
    """
    block = _signature_block(text)
    words = _words(block)
    if _names_signatory(words, signatory_name):
        return True
    return _names_company(words, company_name) and bool(_ROLE.search(block) or _PHONE.search(block))


_PENALTIES = re.compile(r"\bpenalites?\b|\binterets? (?:de retard|moratoires)\b")
_INDEMNITY_WORD = re.compile(r"\bindemnite\w*|\bfrais de recouvrement\b")
_FORTY = Decimal("40.00")


def mentions_penalties(text: str) -> bool:
    """Late-payment penalties are mentioned: ``pénalité(s)`` (de retard), ``intérêts de retard`` or
    ``intérêts moratoires``."""
    return _PENALTIES.search(_fold(text)) is not None


def mentions_indemnity(text: str) -> bool:
    """The 40 € recovery indemnity is mentioned: ``indemnité forfaitaire`` in words, or an indemnity /
    ``frais de recouvrement`` together with the amount 40 € (``40 €``, ``40 euros``, ``40,00 €``)."""
    folded = _fold(text)
    if "indemnite forfaitaire" in folded:
        return True
    return bool(_INDEMNITY_WORD.search(folded)) and _FORTY in find_amounts(text)


_ANSWER = re.compile(
    r"\bpromi(?:s|se|t)\b|\bpromet\w*|\bs'? ?engage\w*|\bengagement\b"
    r"|\b(?:reglera|reglerons|reglerai|paiera|payera|enverra|effectuera|procedera|virera|soldera)\b"
    r"|\bva (?:regler|payer|proceder|effectuer|envoyer|faire|solder|virer)\b"
    r"|\b(?:paiement|reglement|virement|cheque) (?:prevu|programme|en cours|envoye|emis|poste)\b"
    r"|\bprevu (?:le|pour|au)\b|\becheancier\b|\baccord\b"
    r"|\blitige\b|\bcontest\w*|\breclamation\b|\b(?:non|pas) recue?s?\b|\brefus\w*"
)


def has_customer_answer(text: str, call_date: date | None = None) -> bool:
    """A call note records the customer's answer: a promise (``paiement promis``, ``promet``,
    ``s'engage``, ``réglera``, ``va régler``, ``virement prévu``, ``échéancier``…), a dispute (``litige``,
    ``conteste``, ``marchandise non reçue``, ``refuse``…), or, when ``call_date`` is given, any date after
    the call (taken as the promised payment date)."""
    if _ANSWER.search(_fold(text)):
        return True
    year = call_date.year if call_date else None
    return call_date is not None and any(d > call_date for d in find_dates(text, year_hint=year))


# --- the whole reminder ----------------------------------------------------------------------------------

#: the parts each channel requires (level 1); an e-mail from level 2 also needs penalties and indemnity
REQUIRED_PARTS: dict[str, tuple[str, ...]] = {
    "email": ("amount", "references", "due_date", "payment_request", "greeting", "closing", "signature"),
    "phone": ("amount", "references", "due_date", "answer"),
}
_EMAIL_CODES = {
    "amount": "EMAIL_MISSING_AMOUNT",
    "references": "EMAIL_MISSING_REFERENCE",
    "due_date": "EMAIL_MISSING_DUE_DATE",
    "payment_request": "EMAIL_NO_PAYMENT_REQUEST",
    "greeting": "EMAIL_NO_POLITENESS",
    "closing": "EMAIL_NO_POLITENESS",
    "signature": "EMAIL_NO_SIGNATURE",
}


@dataclass(frozen=True, slots=True)
class ReminderCheck:
    """What a reminder (e-mail body or call note) contains. Every field is computed whatever the channel;
    :attr:`missing` keeps only the parts the channel requires."""

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
        """Contract mistake codes for the missing parts, without repeats: ``CALL_NOTE_INCOMPLETE`` for a
        call note; for an e-mail ``EMAIL_MISSING_AMOUNT`` (also when only the HT amount is given),
        ``EMAIL_MISSING_REFERENCE``, ``EMAIL_MISSING_DUE_DATE``, ``EMAIL_NO_PAYMENT_REQUEST``,
        ``EMAIL_NO_POLITENESS`` (greeting or closing), ``EMAIL_NO_SIGNATURE``. Missing penalties or
        indemnity (level ≥ 2) have no code in the contract and give none."""
        if self.channel == "phone":
            return ("CALL_NOTE_INCOMPLETE",) if self.missing else ()
        codes = [_EMAIL_CODES[part] for part in self.missing if part in _EMAIL_CODES]
        return tuple(dict.fromkeys(codes))


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
    """
    if channel not in REQUIRED_PARTS:
        raise ValueError(f"unknown reminder channel {channel!r}: expected one of {sorted(REQUIRED_PARTS)}")
    searched = f"{subject}\n{text}" if subject else text
    amounts = find_amounts(searched)
    amount_ok = cents(amount_ttc) in amounts
    dates = set(find_dates(searched, year_hint=year_hint))
    due_dates_missing = tuple(d for d in dict.fromkeys(due_dates) if d not in dates)
    return ReminderCheck(
        channel=channel,
        level=level,
        amount_ok=amount_ok,
        amount_is_ht=not amount_ok and cents(amount_ht) in amounts,
        references_missing=tuple(r for r in references if not mentions_reference(searched, r)),
        due_dates_missing=due_dates_missing,
        due_date_ok=not due_dates_missing,
        payment_request=has_payment_request(text),
        greeting=has_greeting(text),
        closing=has_closing(text),
        signature=has_signature(text, signatory_name, company_name),
        answer_ok=has_customer_answer(text, call_date),
        penalties=mentions_penalties(text),
        indemnity=mentions_indemnity(text),
    )
