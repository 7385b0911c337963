"""One catalogue, one renderer: the refusals of the core and the mistakes of the grader are looked up and
filled the same way, and a refusal reads as it did through Problem.message."""

from datetime import date
from decimal import Decimal

import pytest

from simulator.ledger.problems import Problem
from simulator.messages import TEXTS, render
from simulator.messages.mistakes import MISTAKES
from simulator.messages.refusals import REFUSALS

NNBSP, NBSP = "\u202f", "\u00a0"


def test_the_catalogue_holds_every_refusal_and_every_mistake_once():
    assert set(TEXTS) == set(REFUSALS) | set(MISTAKES)
    assert not set(REFUSALS) & set(MISTAKES)
    assert all(code.islower() for code in REFUSALS) and all(code.isupper() for code in MISTAKES)


def test_a_refusal_writes_its_date_jj_mm_aaaa():
    problem = Problem("date_in_future", "date", {"date": date(2025, 4, 1)})
    assert problem.message == "La date du 01/04/2025 est postérieure à la date du jour de l'exercice."
    assert render("date_in_future", date=date(2025, 4, 1)) == problem.message


def test_a_refusal_elides_before_a_vowel_initial_name():
    assert (
        render("unknown_customer", customer="Imprimerie Jacques")
        == "Le client « Imprimerie Jacques » n'existe pas."
    )
    text = render("document_other_customer", document="FA-1", customer="Imprimerie Jacques")
    assert text == "La pièce FA-1 n'est pas une pièce du client Imprimerie Jacques."


def test_a_mistake_writes_its_amounts_in_euros_and_its_dates_jj_mm_aaaa():
    text = render(
        "MISSING_PAYMENT",
        customer="Imprimerie Jacques SA",
        amount=Decimal("1440"),
        date=date(2025, 3, 31),
        document="FA-2025-0101",
        extra="ignored",
    )
    assert text.startswith(
        f"Le règlement de 1{NNBSP}440,00{NBSP}€ reçu le 31/03/2025 d'Imprimerie Jacques SA pour FA-2025-0101 "
    )


def test_a_list_value_is_written_a_b_et_c():
    assert (
        render("nothing_to_unmatch", items=["FA-1", "FA-2", "P1"])
        == "Aucun lettrage à défaire sur FA-1, FA-2 et P1."
    )


def test_unknown_code_missing_value_and_float_are_refused():
    with pytest.raises(KeyError):
        render("NO_SUCH_CODE")
    with pytest.raises(KeyError):
        render("date_in_future")
    with pytest.raises(TypeError):
        render(
            "MISSING_PAYMENT", customer="Bernard SAS", amount=1440.0, document="FA-1", date=date(2025, 3, 31)
        )
