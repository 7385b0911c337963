"""French elision of the words placed before a name: « d'Imprimerie Jacques », « l'Hôtel du Parc »,
« qu'Alpha SARL », while « de Roux SAS », « de Hachette SA » (h aspiré) and « de Yannick » stay.

One rule for every text a student or a teacher reads: the messages of the core and of the grader, pack
texts (briefs, e-mails, letters) and screens. :func:`fill` formats a ``str.format`` template and elides
the word before each field by the field's value; :func:`de`, :func:`le` and :func:`que` write one word and
one name.

The rule, on the first word of the name:

* a vowel, accented or not (A À Â E É È Ê Ë I Î Ï O Ô U Û Ù Œ Æ) elides: « d'Établissements Berger »;
* ``Y`` elides before a consonant, where it is read as a vowel (« d'Yvonne », « d'Yves »), not before a
  vowel, where it is read as a consonant (« de Yannick », « de Yoga Studio »);
* ``H`` elides when it is mute (« d'Hôtel », « d'Hervé ») and not when it is aspirated: a short list of
  common aspirated-h words (:data:`ASPIRATED_H`, plurals and hyphenated compounds included); an ``H``
  followed by a consonant is an initialism read « ache » and elides (« d'HSBC »);
* a word holding a digit, ``@``, ``/`` or ``_`` (an amount, a date, a document number, an e-mail
  address) and a word that opens with a quotation mark never elide: « de FAC/2026/00012 », « de 12,50 € ».

Only elision, never contraction: « de Le Goff Distribution » keeps its article, as French does with a
family name (« les livres de Jacques Le Goff »), and the generated companies are named after families.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping

__all__ = ["ASPIRATED_H", "de", "elide_before", "elides", "fill", "le", "que"]

#: Common French words whose h is aspirated (no elision, no liaison): « de Hachette », « le Havre ».
#: Matched on the first word of a name, case and accents ignored, also in the plural and as the first part
#: of a hyphenated compound (« Haute-Savoie »). Any other h is taken as mute.
ASPIRATED_H: frozenset[str] = frozenset(
    {
        "hache",
        "hachette",
        "haie",
        "haine",
        "hall",
        "halle",
        "halte",
        "hamac",
        "hameau",
        "hamburger",
        "hangar",
        "hanche",
        "handball",
        "handicap",
        "hardi",
        "hareng",
        "haricot",
        "harpe",
        "hasard",
        "hate",
        "hausse",
        "haut",
        "haute",
        "hauteur",
        "havre",
        "hennin",
        "heron",
        "heros",
        "herse",
        "hetre",
        "hibou",
        "hierarchie",
        "hockey",
        "hollande",
        "homard",
        "hongrie",
        "honte",
        "hors",
        "hotte",
        "houblon",
        "houille",
        "housse",
        "hublot",
        "huit",
        "hutte",
    }
)

_VOWELS = frozenset("aeiouœæ")
_NOT_A_NAME = re.compile(r"[\d@/_]")


def _plain(text: str) -> str:
    """Lower case without accents (œ and æ kept: they are vowels of their own)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def elides(name: str) -> bool:
    """A word before ``name`` elides (« de » → « d' », « le » → « l' »): ``name`` opens with a vowel sound."""
    first = name.split(maxsplit=1)[0] if name.strip() else ""
    if not first or _NOT_A_NAME.search(first) or not first[0].isalpha():
        return False
    word = _plain(first)
    initial, following = word[0], word[1:2]
    if initial in _VOWELS:
        return True
    if initial == "y":
        return bool(following) and following.isalpha() and following not in _VOWELS and following != "y"
    if initial == "h":
        if following and following.isalpha() and following not in _VOWELS and following != "y":
            return True  # an initialism read « ache »: d'HSBC
        head = re.split(r"[-'’]", word)[0]
        stems = {head, head[:-1] if head.endswith(("s", "x")) else head}
        return not stems & ASPIRATED_H
    return False


def _elided(word: str, name: str) -> str:
    """``word`` (de, le, la, que…, any case) and ``name``, elided when the name opens with a vowel sound."""
    if elides(name):
        return f"{word[:-1]}'{name}"
    return f"{word} {name}"


def de(name: str) -> str:
    """« de Roux SAS », « d'Imprimerie Jacques SA »."""
    return _elided("de", name)


def le(name: str, article: str = "le") -> str:
    """« le Gérant », « l'Hôtel du Parc »; ``article`` is « le » or « la »."""
    return _elided(article, name)


def que(name: str) -> str:
    """« que Roux SAS », « qu'Alpha SARL »."""
    return _elided("que", name)


#: the words that lose their last vowel before a vowel sound, as a template writes them before a field
#: (Markdown emphasis may come between: « de **{company.name}** »)
_ELIDING = re.compile(r"(?:(?<=\s)|^)([Dd]e|[Ll][ea]|[Qq]ue|[Ll]orsque|[Pp]uisque|[Jj]usque) ([*_]{0,2})$")


def elide_before(text: str, name: str) -> str:
    """``text``, which ``name`` follows, with its last word elided when it is « de », « le », « la »,
    « que »… and ``name`` opens with a vowel sound: (« … service comptable de », « Imprimerie ») gives
    « … service comptable d' »."""
    word = _ELIDING.search(text)
    if word is None or not elides(name):
        return text
    return text[: word.start(1)] + word.group(1)[:-1] + "'" + word.group(2)


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template.format(**values)`` (fields named, without conversion or format spec), where the word
    before a field (« de {customer} », « le {name} », « que {customer} ») is elided by the field's value:
    « de {customer} » with « Imprimerie Jacques SA » gives « d'Imprimerie Jacques SA ». ``values`` are
    the fields' texts; a missing one raises ``KeyError``."""
    out: list[str] = []
    for literal, field, _, _ in string.Formatter().parse(template):
        literal = literal or ""
        if field is None:
            out.append(literal)
            continue
        value = str(values[field])
        out.append(elide_before(literal, value) + value)
    return "".join(out)
