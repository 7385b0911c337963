"""French elision before a name (simulator.messages.french): « d'Imprimerie », « d'Établissements Berger »,
« l'Hôtel du Parc », but « de Roux SAS », « de Hachette » (h aspiré), « de Yannick » (y before a vowel)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.messages.french import ASPIRATED_H, de, elide_before, elides, fill, le, que

#: name -> « de » + name as a French writer writes it
CASES = {
    # vowels, plain and accented capitals
    "Imprimerie Jacques SA": "d'Imprimerie Jacques SA",
    "Atelier Roux": "d'Atelier Roux",
    "Établissements Berger": "d'Établissements Berger",
    "Èze Distribution": "d'Èze Distribution",
    "Être et Avoir SARL": "d'Être et Avoir SARL",
    "À la Bonne Heure": "d'À la Bonne Heure",
    "Âtre Chaud SAS": "d'Âtre Chaud SAS",
    "Île Verte SA": "d'Île Verte SA",
    "Ôde Conseil": "d'Ôde Conseil",
    "Œuvres Sociales SARL": "d'Œuvres Sociales SARL",
    "Usine Moreau": "d'Usine Moreau",
    "EDF": "d'EDF",
    "Émilie Roux": "d'Émilie Roux",
    # y: a vowel before a consonant, a consonant before a vowel
    "Yves Rocher": "d'Yves Rocher",
    "Yvonne Martin": "d'Yvonne Martin",
    "Yannick Leroy": "de Yannick Leroy",
    "Yoga Studio SARL": "de Yoga Studio SARL",
    # h muet, h aspiré, initialisms read « ache »
    "Hôtel du Parc": "d'Hôtel du Parc",
    "Hervé Martin": "d'Hervé Martin",
    "Horlogerie Petit": "d'Horlogerie Petit",
    "HSBC": "d'HSBC",
    "Hachette SA": "de Hachette SA",
    "Halles Martin": "de Halles Martin",
    "Haute-Savoie Bois": "de Haute-Savoie Bois",
    "Hauts de France Logistique": "de Hauts de France Logistique",
    "Hangar 12 SAS": "de Hangar 12 SAS",
    "Homard Bleu": "de Homard Bleu",
    # consonants, articles kept (a family name keeps its article: « de Le Goff »)
    "Roux SAS": "de Roux SAS",
    "Le Goff Distribution": "de Le Goff Distribution",
    "La Banque Postale": "de La Banque Postale",
    "Crédit Agricole": "de Crédit Agricole",
    # what is not a word never elides
    "FAC/2026/00012": "de FAC/2026/00012",
    "AV-0012": "de AV-0012",
    "1 234,56 €": "de 1 234,56 €",
    "alice@atelier.fr": "de alice@atelier.fr",
    "« Relance amiable »": "de « Relance amiable »",
    "": "de ",
}


@pytest.mark.parametrize("name, expected", CASES.items())
def test_de_elides_before_a_vowel_sound_only(name, expected):
    assert de(name) == expected


def test_le_la_and_que_elide_by_the_same_rule():
    assert le("Hôtel du Parc") == "l'Hôtel du Parc"
    assert le("Hangar", "le") == "le Hangar"
    assert le("Imprimerie", "la") == "l'Imprimerie"
    assert le("Banque", "la") == "la Banque"
    assert que("Alpha SARL") == "qu'Alpha SARL"
    assert que("Roux SAS") == "que Roux SAS"


def test_every_aspirated_word_keeps_de_in_any_case_and_in_the_plural():
    for word in ASPIRATED_H:
        for form in (word, word.capitalize(), word.upper(), word.capitalize() + "s Réunis"):
            assert not elides(form), form


def test_fill_elides_the_word_before_each_field_by_its_value():
    template = "Le règlement de {amount} de {customer} pour {document}, que {customer} conteste, le {date}."
    values = {"amount": "12,50 €", "customer": "Imprimerie SA", "document": "AV-1", "date": "12/05/2026"}
    assert fill(template, values) == (
        "Le règlement de 12,50 € d'Imprimerie SA pour AV-1, qu'Imprimerie SA conteste, le 12/05/2026."
    )
    assert fill("De {customer} : rien.", {"customer": "Alpha"}) == "D'Alpha : rien."
    assert fill("Compte de {customer}.", {"customer": "Roux SAS"}) == "Compte de Roux SAS."
    assert fill("Inde {customer}", {"customer": "Alpha"}) == "Inde Alpha"  # « de » inside a word stays
    with pytest.raises(KeyError):
        fill("{missing}", {})


def test_elide_before_crosses_markdown_emphasis():
    assert elide_before("au service comptable de **", "Atelier Roux SA") == "au service comptable d'**"
    assert elide_before("au service comptable de **", "Roux SA") == "au service comptable de **"


_VOWELS = "AEIOUÉÈÊÀÂÎÔŒaeiouéèêàâîôœ"
_CONSONANTS = "BCDFGJKLMNPQRSTVWXZbcdfgjklmnpqrstvwxz"
_LETTERS = st.text(alphabet=_VOWELS + _CONSONANTS + "hHyY", min_size=0, max_size=8)


@given(first=st.sampled_from(_VOWELS), rest=_LETTERS, tail=_LETTERS)
def test_property_a_vowel_initial_word_always_elides(first, rest, tail):
    name = f"{first}{rest} {tail}".strip()
    assert de(name) == f"d'{name}"
    assert fill("le compte de {c}", {"c": name}) == f"le compte d'{name}"


@given(first=st.sampled_from(_CONSONANTS), rest=_LETTERS)
def test_property_a_consonant_initial_word_never_elides(first, rest):
    name = f"{first}{rest}"
    assert de(name) == f"de {name}"


@given(vowel=st.sampled_from("aeiouéèêàâîô"), rest=_LETTERS)
def test_property_y_before_a_vowel_is_a_consonant(vowel, rest):
    assert de(f"Y{vowel}{rest}") == f"de Y{vowel}{rest}"


@given(consonant=st.sampled_from("bcdfglmnprstv"), rest=_LETTERS)
def test_property_y_before_a_consonant_is_a_vowel(consonant, rest):
    assert de(f"Y{consonant}{rest}") == f"d'Y{consonant}{rest}"


@given(word=st.sampled_from(sorted(ASPIRATED_H)), tail=_LETTERS)
def test_property_an_aspirated_h_never_elides(word, tail):
    name = f"{word.capitalize()} {tail}".strip()
    assert de(name) == f"de {name}"


@given(digits=st.integers(min_value=0, max_value=10**9), prefix=st.sampled_from(["", "A", "AV-", "E/"]))
def test_property_numbers_and_codes_never_elide(digits, prefix):
    assert de(f"{prefix}{digits}") == f"de {prefix}{digits}"
