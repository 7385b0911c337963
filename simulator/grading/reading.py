"""French text as a student types it: amounts, dates, invoice numbers and the parts of a reminder e-mail or
call note (greeting, closing, signature, customer's answer, chased invoices, formal notice), read from free
text. Pure functions; amounts are Decimal, never float. What a reminder must contain is
:mod:`simulator.grading.reminder_rules`.

Every search runs on a *folded* copy of the text: accents removed, case folded, typographic apostrophes and
dashes made plain, and no-break spaces (U+00A0, U+202F) made ordinary spaces, so ``Échéance``, ``echeance``
and ``ÉCHÉANCE`` read the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from simulator.ledger.money import cents
from simulator.messages.formatting import euros

__all__ = [
    "amount_written",
    "chased_references",
    "find_amounts",
    "find_dates",
    "has_closing",
    "has_customer_answer",
    "has_greeting",
    "has_payment_request",
    "has_signature",
    "is_formal_notice",
    "mentions_amount",
    "mentions_date",
    "mentions_indemnity",
    "mentions_penalties",
    "mentions_reference",
    "signature_written",
]

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_QUOTES = str.maketrans({c: "'" for c in "\u2018\u2019\u02bc\u00b4`"})


#: the combining marks (accents) of the Basic Multilingual Plane, removed in one pass
_COMBINING = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]+"
)


@lru_cache(maxsize=1024)
def _fold(text: str) -> str:
    """Accents off, case folded, plain apostrophes and dashes; NFKD also turns U+00A0/U+202F into spaces.
    Cached: one reminder is read by a dozen checks."""
    if text.isascii():
        return text.casefold()
    plain = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
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
    return _names_reference(_fold(text), number)


def _names_reference(folded: str, number: str) -> bool:
    """:func:`mentions_reference` on an already folded text. Walks the text with a few fixed patterns
    rather than compiling one per number: every world has new numbers, and compiling costs more than
    grading an attempt."""
    parts = _reference_parts(number)
    if not parts or not all(part in folded for part in parts):  # cheap test first: most texts fail here
        return False
    first, rest = parts[0], parts[1:]
    after_first = (*_REF_SEPARATORS_RE, _NUMERO) if first.isalpha() else _REF_SEPARATORS_RE
    start = folded.find(first)
    while start != -1:
        end = _walk(folded, start + len(first), rest, after_first) if _free_left(folded, start) else None
        if end is not None and _free_right(folded, end):
            return True
        start = folded.find(first, start + 1)
    return False


_REF_SEPARATORS_RE = (re.compile(rf"[ \t]*[{_REF_SEPARATORS}][ \t]*"), re.compile(r"[ \t]+"))
_NUMERO = re.compile(r"[ \t]*(?:n[°o]|no|num(?:ero)?)\.?[ \t]*")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _free_left(text: str, start: int) -> bool:
    """Nothing glued before: no word character, nor a word character and a separator (``X/FAC…``)."""
    if start == 0:
        return True
    if _is_word(text[start - 1]):
        return False
    return not (start >= 2 and text[start - 1] in _REF_SEPARATORS and _is_word(text[start - 2]))


def _free_right(text: str, end: int) -> bool:
    """Nothing glued after: no word character, nor a separator and a word character (``…/00012/1``)."""
    if end == len(text):
        return True
    if _is_word(text[end]):
        return False
    return not (end + 1 < len(text) and text[end] in _REF_SEPARATORS and _is_word(text[end + 1]))


def _walk(text: str, position: int, parts: tuple[str, ...], first_separators) -> int | None:
    """Where the remaining ``parts`` end when they follow ``position``, each after a separator; None
    when they do not."""
    separators = first_separators
    for part in parts:
        for separator in separators:
            found = separator.match(text, position)
            if found and text.startswith(part, found.end()):
                position = found.end() + len(part)
                break
        else:
            return None
        separators = _REF_SEPARATORS_RE
    return position


@lru_cache(maxsize=1024)
def _reference_parts(number: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(rf"[\s{_REF_SEPARATORS}]+", _fold(number)) if p)


# --- parts of a reminder ---------------------------------------------------------------------------------

_REQUEST_FORMULA = re.compile(
    r"\bmerci de\b|\bmerci d'|\bremercions de\b|\bremercions d'|\bremercie de\b|\bremercie d'"
    r"|\bprions de\b|\bprie de\b|\bveuillez\b|\bbien vouloir\b|\bpourriez-vous\b|\bpouvez-vous\b"
    r"|\bdemandons de\b|\bdemande de\b|\binvitons a\b|\binvite a\b|\bil vous appartient\b"
    r"|\bsaurions gre\b|\bsaurais gre\b|\bcomptons sur\b|\bcompte sur\b|\bn'oubliez pas\b"
    r"|\bpeux[- ]tu\b|\btu peux\b|\bpourrais[- ]tu\b|\bvous pouvez\b|\bsvp\b|\bstp\b|\bs'il (?:vous|te) plait\b"
    r"|\b(?:dans l'|en )attente de votre (?:reglement|paiement|virement)\b"
)
_PAYMENT_WORD = re.compile(
    r"\b(?:regl\w*|paiements?|pay(?:er|ez)|virements?|cheques?|iban|rib|sold(?:e|er|ez)|vers(?:er|ez|ements?)"
    r"|acquitt\w*)\b"
)
_REQUEST_VERB = re.compile(
    r"\b(?:regler|reglez|payer|payez|acquitter|solder|soldez|verser|versez|regularis(?:er|ez))\b"
    r"|\bproced(?:er|ez) (?:au|a (?:votre|son|leur|la)) (?:reglement|paiement|virement)\b"
    r"|\beffectu(?:er|ez) (?:le|votre|un) (?:reglement|paiement|virement)\b"
    r"|\b(?:faire parvenir|adresser|envoyer|transmettre) (?:votre|le) (?:reglement|paiement|cheque)\b"
    r"|\battend(?:ons|s)? (?:votre|le|ce) (?:reglement|paiement|virement)\b"
    r"|\b(?:reglement|paiement|virement) (?:doit|devra) (?:intervenir|etre effectue|nous parvenir)\b"
)
_PAYMENT_NOUN = re.compile(r"\b(?:reglement|paiement)s?\b")
_PAYMENT_MEANS = re.compile(r"\b(?:virements?|cheques?|iban|rib)\b")
_SENTENCE_END = re.compile(r"[!?;\n]|\.(?=\s|$)")
# "Si vous avez déjà réglé, ne tenez pas compte de ce message": talks about payment, asks for nothing.
_ALREADY_PAID = re.compile(
    r"\bdeja\b|\bne pas tenir compte\b|\bne tenez pas compte\b|\bentre[- ]temps\b|\bcrois\w*"
    r"|\b(?:avons|ai) bien recu\b"
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


_GREETING = re.compile(
    r"^\W*(?:madame|monsieur|mesdames|messieurs|bonjour|bonsoir|bjr|chere?s?|salut|hello)\b"
)
# Lines of a letter's header block, before the greeting: subject, references, place and date, sender and
# recipient addresses, mail headers.
_HEADER_LINE = re.compile(
    r"^\W*(?:objet|obj|ref\w*|n/ ?ref\w*|v/ ?ref\w*|nos? ref\w*|vos? ref\w*|concerne|lettre recommandee"
    r"|recommande\w* avec|lrar|a l'attention|a l'att\b|attn?\b)"
    r"|^\W*(?:de|a|cc|cci|date|envoye|expediteur|destinataire|courriel|e-?mail|mail|tel\w*|fax|siret|siren|p\.? ?j"
    r"|pieces? jointes?)\.?[ \t]*:"
    r"|^[^\n]{0,40}\ble \d{1,2}(?:er)?[ /.-]\w+(?:[ /.-]\d{2,4})?\W*$"  # "Paris, le 2 mars 2026"
    r"|^\W*\d{1,2}(?:er)? \w+ \d{4}\W*$|^\W*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\W*$"  # a bare date
    r"|\b\d{5}\b|\bcedex\b|\bbp \d|@"  # postal code, e-mail address
    r"|^\W*\d+(?:[ ,]+(?:bis|ter))?[ ,]+(?:rue|av|avenue|bd|boulevard|place|chemin|impasse|allee|route|quai"
    r"|cours|square|zi|za|zac|parc)\b"
)
_BODY_END = re.compile(r"[.!?\u2026]\W*$")


def _is_body_line(line: str) -> bool:
    """A line of the message itself (not of a header block): a sentence, or five words or more."""
    if _HEADER_LINE.search(line):
        return False
    return bool(_BODY_END.search(line)) or len(line.split()) >= 5


def has_greeting(text: str) -> bool:
    """The message opens with a salutation: ``Madame, Monsieur``, ``Bonjour``, ``Monsieur Roux``,
    ``Madame X``, ``Mesdames, Messieurs``, ``Chère Madame``, ``Cher Monsieur``…

    The salutation comes before the body: it is looked for among the lines that precede the first sentence
    of the message, after any header block (sender and recipient addresses, « Paris, le … », « Objet : »,
    « Réf. : », mail headers), or on the line that opens the body (``Bonjour Paul, sauf erreur…``). A
    salutation word that opens a line of the recipient's address (``Monsieur Paul Roux`` followed by the
    company's address) is not a greeting: a greeting line ends with a comma, starts with Bonjour/Cher…,
    or is directly followed by the body. A ``Bonjour`` after the body has started is not a greeting."""
    lines = [line.strip() for line in _lines(_fold(text))]
    for i, line in enumerate(lines):
        if _GREETING.search(line) and not _HEADER_LINE.search(line):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if (
                line.endswith(",")
                or re.match(r"\W*(?:bonjour|bonsoir|bjr|chere?s?|salut|hello)\b", line)
                or not following
                or _is_body_line(following)
                or _is_body_line(line)
            ):
                return True
        if _is_body_line(line):
            return False
    return False


_CLOSING = re.compile(
    r"\b(?:bien |tres )?cordialement\b|\bcdl?t\b|\bsalutations\b|\bslts\b|\bagreer\b|\bbien a (?:vous|toi)\b"
    r"|\bbav\b|\brespectueusement\b|\b(?:bonne|belle|excellente) (?:fin de )?(?:journee|soiree|semaine)\b"
    r"|\bmerci (?:d'avance|par avance|de votre comprehension)\b|\bavec nos remerciements\b"
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


# A call note is read clause by clause: a clause ends at ; : . ! ? , a line break, a dash between spaces or
# a parenthesis, so that "pas de litige" or "absent" in one clause says nothing of the next one.
_CLAUSE_END = re.compile(r"[;:!?,()\n]|\.(?=\s|$)|\s[-\u2013\u2014/]\s|\bmais\b|\bdonc\b|\bpuis\b")
# Negations and statements that deny a problem: dropped before looking for a dispute ("pas de litige").
_NO_PROBLEM = re.compile(
    r"\b(?:pas|aucune?|sans|ni) (?:de |d')?(?:litiges?|contestations?|reclamations?|problemes?|soucis?|reserves?"
    r"|objections?|difficultes?|faute)\b|\bne (?:la |les )?contest\w* (?:pas|rien)\b|\brien a signaler\b"
    r"|\bn'(?:a|y a) (?:pas|aucun\w*) (?:de |d')?(?:litige|contestation|reclamation|probleme|souci)s?\b"
)
# What makes a clause say nothing firm: a negation, doubt, or no contact with the customer.
_NOT_FIRM = re.compile(
    r"\bne\b|\bn'|\bpas\b|\baucune?\b|\bjamais\b|\brien\b|\bsans\b|\bimpossible\b|\bni\b"
    r"|\bnon (?:prevu|programme|confirme|fixe|date|communique)e?s?\b"
    r"|\bpeut[- ]etre\b|\bessai\w*|\bessay\w*|\btent\w*|\bsi possible\b|\beventuel\w*|\ba voir\b|\bincertain\w*"
    r"|\bindisponible\b|\babsente?\b|\brappeler\b|\brelancer\b"
)
# The call did not reach anyone (unless the note says someone was reached after all).
_NO_CONTACT = re.compile(
    r"\brepondeur\b|\bmessagerie\b|\binjoignable\b|\bpas joignable\b|\bmessage laisse\b|\blaisse (?:un )?message\b"
    r"|\bne repond pas\b|\bpas de reponse\b|\bsonne dans le vide\b|\bpersonne ne repond\b"
)
_CONTACT = re.compile(
    r"\bparle (?:a|avec)\b|\beu (?:en ligne|au (?:tel|telephone))\b|\bjoint\b|\ba rappele\b"
)
_METHOD = re.compile(
    r"\b(?:virements?|vir|vrt|cheques?|chq|prelevements?|prlv|lcr|traites?|effet de commerce|carte bancaire|cb"
    r"|especes|paiement en ligne|sepa|lettre de change)\b"
)
# A clause about paying (so that "appel du 03/03" or "échue le 14/02" is not taken for the promised date).
_PAYMENT_TALK = re.compile(
    r"\bregl\w*|\bpai\w*|\bpay\w*|\bverse\w*|\bsold\w*|\bpromi\w*|\bpromet\w*|\bengag\w*|\bprevu\w*"
    r"|\bprogramm\w*|\benvo\w*|\benverra\b|\bpart(?:ira)?\b|\bemi\w*|\bexecut\w*|\beffectu\w*|\bdate\b"
    r"|\becheancier\b|\bvirera\b"
)
_RELATIVE_DATE = re.compile(
    r"\b(?:aujourd'hui|demain|apres-demain|ce (?:jour|soir|matin)|cette semaine|semaine prochaine|mois prochain"
    r"|fin (?:de (?:la )?semaine|du mois|de mois|(?:de )?(?:" + "|".join(_MONTHS) + r"))"
    r"|debut (?:de (?:la )?semaine|du mois|(?:d')?(?:" + "|".join(_MONTHS) + r"))"
    r"|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi)(?: prochain)?"
    r"|sous (?:huitaine|quinzaine|\d+ ?(?:jours?|j|h|heures?))|dans (?:les )?\d+ ?(?:jours?|j)"
    r"|d'ici (?:la fin|vendredi|lundi|\d+))\b"
)
_DISPUTE = re.compile(
    r"\blitiges?\b|\bcontest\w*|\breclamation\w*|\b(?:non|pas) (?:encore )?(?:recue?s?|livree?s?|conforme?s?)\b"
    r"|\bn'a pas (?:ete )?(?:recu|livre)\w*|\bdefectu\w*|\babime\w*|\bendommag\w*|\berreur de factur\w*"
    r"|\bavoir (?:attendu|en attente|demande)\b|\battend (?:un|l') ?avoir\b|\ben attente d'(?:un )?avoir\b"
    r"|\breception de l'avoir\b|\bretour de (?:la )?marchandise\b|\bdesaccord\b"
)


def _clauses(folded: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_END.split(folded) if c.strip()]


def has_customer_answer(text: str, call_date: date | None = None, due_dates: Sequence[date] = ()) -> bool:
    """A call note records the customer's answer (domain.md §7.2, step 5): **a firm payment date and a
    method of payment**, or a **dispute** that explains why there is none.

    - *Date*: in a clause that talks about paying (``paiement promis le 10/03``, ``virement le 10/03``,
      ``réglera fin mars``), a written date that is not one of ``due_dates`` and not before ``call_date``
      (when known; read in its year when written without one), or a relative one (``demain``, ``vendredi``,
      ``fin de semaine``, ``sous huitaine``, ``dans 8 jours``…).
    - *Method*: virement, chèque, prélèvement, LCR/traite, carte, espèces (``vir.``, ``chq`` too).
    - *Dispute*: ``litige``, ``conteste``, ``réclamation``, ``marchandise non reçue / non conforme``,
      ``défectueuse``, ``erreur de facturation``, an ``avoir`` awaited.

    Meaning, not keywords: the note is read clause by clause and a clause that is negated, doubtful or
    records no contact says nothing (``ne peut pas payer le 10/03``, ``aucun virement prévu``, ``pas de
    date``, ``essaiera de payer``). A note that reached nobody (``répondeur``, ``message laissé``, ``ne
    répond pas``) records no answer. ``pas de litige`` denies a dispute and is not one. Either part alone (``paiement prévu le 10/03``, ``promet un virement``) is not an answer.
    """
    folded = _NO_PROBLEM.sub(";", _fold(text))
    if _NO_CONTACT.search(folded) and not _CONTACT.search(folded):
        return False
    clauses = _clauses(folded)
    if any(_DISPUTE.search(c) for c in clauses):
        return True
    firm = [c for c in clauses if not _NOT_FIRM.search(c)]
    if not any(_METHOD.search(c) for c in firm):
        return False
    year = call_date.year if call_date else (due_dates[0].year if due_dates else None)
    excluded = set(due_dates)
    for clause in firm:
        if not (_PAYMENT_TALK.search(clause) or _METHOD.search(clause)):
            continue
        if _RELATIVE_DATE.search(clause):
            return True
        for day in find_dates(clause, year_hint=year):
            if day not in excluded and (call_date is None or day >= call_date):
                return True
    return False


def records_no_contact(text: str) -> bool:
    """A call note that says the call reached nobody (``répondeur, message laissé``, ``ne répond pas``…) and
    records no conversation: what a note says of a customer who did not answer."""
    folded = _fold(text)
    return bool(_NO_CONTACT.search(folded)) and not _CONTACT.search(folded)


# --- what a reminder chases ------------------------------------------------------------------------------

# A sentence that names a document to say it is not (yet) concerned: "la facture FA-2 n'est pas encore échue".
_NOT_CHASED = re.compile(
    r"\bpas encore (?:echue?s?|exigibles?|due?s?)\b|\bnon (?:encore )?echue?s?\b|\ba echoir\b"
    r"|\b(?:arrivera|viendra|arrive|vient|arriveront|viendront) a (?:son |leur )?echeance\b|\bechoit\b"
    r"|\b(?:n'est|ne sont) pas (?:encore )?(?:concernee?s?|echue?s?|due?s?|exigibles?)\b|\bpas concernee?s?\b"
    r"|\bhors (?:de )?(?:cette|la presente) relance\b"
)


def chased_references(text: str, numbers: Sequence[str]) -> list[str]:
    """The document numbers among ``numbers`` that ``text`` chases: named in a sentence that does not say
    the document is not due yet or not concerned (``la facture FAC/… n'est pas encore échue``, ``à
    échoir``, ``arrivera à échéance le …``)."""
    folded = _fold(text)
    named = [number for number in numbers if _names_reference(folded, number)]
    if not named:
        return []
    sentences = _SENTENCE_END.split(folded)
    return [
        number
        for number in named
        if any(_names_reference(s, number) and not _NOT_CHASED.search(s) for s in sentences)
    ]


_FORMAL_NOTICE = re.compile(
    r"\b(?:vous )?mett?ons (?:par la presente )?en demeure\b|\bvous met[st]? (?:par la presente )?en demeure\b"
    r"|\b(?:vaut|valant|constitue|tient lieu de) (?:une |la presente )?mise en demeure\b"
    r"|^\W*(?:objet\W*)?(?:lettre (?:recommandee )?(?:de )?)?(?:derniere )?mise en demeure\b",
    re.MULTILINE,
)


def is_formal_notice(text: str) -> bool:
    """The text *is* a mise en demeure (domain.md §7.3): it says ``nous vous mettons en demeure``, ``vaut
    mise en demeure``, or opens a line (the subject) with ``Mise en demeure``. A threat of one to come
    (``à défaut, nous vous adresserons une mise en demeure``, ``Relance avant mise en demeure``) is not."""
    return _FORMAL_NOTICE.search(_fold(text)) is not None


# --- what the student wrote, for feedback ---------------------------------------------------------------
#: longest excerpt of a student's text quoted back in a feedback message
EXCERPT_CHARS = 80


def _excerpt(text: str) -> str:
    flat = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1].rstrip() + "…"


def signature_written(text: str) -> str:
    """What ends the message, as the student wrote it, for EMAIL_NO_SIGNATURE: what follows the last
    closing formula (or the last two lines without one). A clause to follow a colon."""
    lines = _lines(text)
    for index in range(len(lines) - 1, -1, -1):
        closing = _last_closing(_fold(lines[index]))
        if closing is not None:
            rest = lines[index][closing.end() :].strip(" ,.")
            if rest[:1].islower():  # the end of the formula (« … salutations distinguées. »), not a name
                rest = ""
            tail = "\n".join(([rest] if rest else []) + lines[index + 1 :])
            if not tail.strip():
                return "rien ne suit la formule de politesse."
            return f"après la formule de politesse, le message se termine par « {_excerpt(tail)} »."
    if not lines:
        return "le message est vide."
    return f"le message se termine par « {_excerpt(chr(10).join(lines[-2:]))} »."


def amount_written(text: str, amount_ht: Decimal | None, amount_is_ht: bool) -> str:
    """What the message says of the amount, for EMAIL_MISSING_AMOUNT: the HT amount written instead of
    the TTC, other amounts, or none at all. A clause to follow a colon."""
    if amount_is_ht and amount_ht is not None:
        return f"vous avez écrit {euros(amount_ht)}, le montant HT : le client doit le TTC."
    written = list(dict.fromkeys(find_amounts(text)))
    if written:
        shown = ", ".join(euros(a) for a in written[:3])
        return f"les montants écrits ({shown}) ne sont pas ce qui reste dû."
    return "le message n'écrit aucun montant en euros."
