"""Reading a reminder: amounts, dates and invoice numbers in French free text, and the parts a reminder
e-mail or call note must contain (domain.md §7.2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from simulator.grading.reading import (
    find_amounts,
    find_dates,
    has_closing,
    has_customer_answer,
    has_greeting,
    has_payment_request,
    has_signature,
    mentions_amount,
    mentions_date,
    mentions_indemnity,
    mentions_penalties,
    mentions_reference,
)
from simulator.grading.reminder_rules import check_reminder

NBSP, NNBSP = "\u00a0", "\u202f"

# --- amounts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1 574,98 €",
        "1574,98 euros",
        "1 574.98 EUR",
        "1574.98€",
        "1.574,98 €",
        "1 574,98",
        f"1{NBSP}574,98",
        f"1{NNBSP}574,98{NBSP}€",
        "€1,574.98",
        "€ 1 574,98",
        "EUR 1574,98",
        "1574,98 Euro",
        "Montant dû : 1 574,98 € TTC.",
        "un solde de -1 574,98 € à régler",
    ],
)
def test_amount_in_every_french_and_plain_form_is_found(text):
    assert find_amounts(text) == [D("1574.98")]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2 400 €", D("2400.00")),
        ("2400,00 EUR", D("2400.00")),
        ("2 400 euros", D("2400.00")),
        ("12,5 €", D("12.50")),
        ("40 €", D("40.00")),
        ("0,40 €", D("0.40")),
        ("1 000 000,00 €", D("1000000.00")),
        ("1,234,567.89", D("1234567.89")),
    ],
)
def test_amount_without_decimals_needs_a_currency_marker(text, amount):
    assert find_amounts(text) == [amount]


@pytest.mark.parametrize(
    "text",
    [
        "15/03/2026",
        "15-03-2026",
        "15.03.2026",
        "2026-03-15",
        "FAC/2026/00012",
        "FA-2025-0110",
        "01 23 45 67 89",
        "01.23.45.67.89",
        "+33 1 23 45 67 89",
        "FR76 3000 6000 0112 3456 7890 189",
        "FR7630006000011234567890189",
        "2 %",
        "2,50 %",
        "taux de 12,15 % l'an",
        "75001 Paris",
        "SIRET 123 456 789 00012",
        "2400",
        "1.574",
        "chèque n° 4521877",
    ],
)
def test_false_friends_are_not_amounts(text):
    assert find_amounts(text) == []


def test_amounts_are_picked_out_of_a_sentence_full_of_false_friends():
    text = (
        "Facture FAC/2026/00012 du 15/03/2026 : 1 574,98 € TTC (1 312,48 € HT, TVA 20 %). "
        "Appelez le 01 23 45 67 89 ; IBAN FR76 3000 6000 0112 3456 7890 189. Indemnité : 40 euros."
    )
    assert find_amounts(text) == [D("1574.98"), D("1312.48"), D("40.00")]


def test_amounts_are_decimals_to_the_cent():
    (amount,) = find_amounts("1574,9 €")
    assert isinstance(amount, D)
    assert amount == D("1574.90")
    assert str(amount) == "1574.90"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2 400,00 € TTC", True), ("2 400,01 € TTC", False), ("240,00 €", False), ("2 400 €", True)],
)
def test_mentions_amount_is_exact_to_the_cent(text, expected):
    assert mentions_amount(text, D("2400.00")) is expected


@given(st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2))
def test_babel_french_money_is_read_back(amount):
    assert find_amounts(format_currency(amount, "EUR", locale="fr_FR")) == [amount]
    assert find_amounts(format_decimal(amount, format="#,##0.00", locale="fr_FR")) == [amount]
    assert find_amounts(f"{amount} EUR") == [amount]


# --- dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "15/03/2026",
        "15/03/26",
        "15-03-2026",
        "15.03.2026",
        "2026-03-15",
        "15 mars 2026",
        "le 15 MARS 2026",
        "le 15 mars",
        "le 15/03",
        "lundi 15 mars 2026",
    ],
)
def test_date_in_every_form_is_found(text):
    assert find_dates(text, year_hint=2026) == [date(2026, 3, 15)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1er avril 2026", date(2026, 4, 1)),
        ("premier avril 2026", date(2026, 4, 1)),
        ("14 février 2025", date(2025, 2, 14)),
        ("14 fevrier 2025", date(2025, 2, 14)),
        ("3 août 2025", date(2025, 8, 3)),
        ("3 aout 2025", date(2025, 8, 3)),
        ("24 Décembre 2025", date(2025, 12, 24)),
        ("24 decembre 2025", date(2025, 12, 24)),
        ("5 janv. 2026", date(2026, 1, 5)),
        ("2026/03/15", date(2026, 3, 15)),
        ("1/4/2026", date(2026, 4, 1)),
    ],
)
def test_written_french_dates_accept_ordinals_and_missing_accents(text, expected):
    assert find_dates(text) == [expected]


def test_dates_without_a_year_need_a_year_hint():
    assert find_dates("le 15 mars") == []
    assert find_dates("le 15/03") == []
    assert find_dates("le 15 mars", year_hint=2025) == [date(2025, 3, 15)]


@pytest.mark.parametrize("text", ["31/02/2026", "32 mars 2026", "15/13/2026", "FAC/2026/00012", "1 574,98 €"])
def test_impossible_dates_and_non_dates_are_skipped(text):
    assert find_dates(text, year_hint=2026) == []


def test_dates_come_in_order_of_appearance():
    text = "Appel du 3 mars 2025 : échue le 14/02/2025, promis pour le 2025-03-10."
    assert find_dates(text) == [date(2025, 3, 3), date(2025, 2, 14), date(2025, 3, 10)]


def test_mentions_date_reads_a_date_without_year_in_the_date_s_year():
    assert mentions_date("échue le 14 février", date(2025, 2, 14))
    assert not mentions_date("échue le 14 février", date(2025, 2, 15))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_babel_french_dates_are_read_back(day):
    assert find_dates(format_date(day, "dd/MM/yyyy", locale="fr_FR")) == [day]
    assert find_dates(format_date(day, "d MMMM y", locale="fr_FR")) == [day]
    assert find_dates(day.isoformat()) == [day]


# --- references ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "facture FAC/2026/00012",
        "fac/2026/00012",
        "FAC / 2026 / 00012",
        "fac / 2026 / 00012",
        "FAC-2026-00012",
        "(FAC/2026/00012)",
        "n°FAC/2026/00012.",
        "Objet : relance FAC/2026/00012, échue",
    ],
)
def test_reference_tolerates_case_and_spaces_around_separators(text):
    assert mentions_reference(text, "FAC/2026/00012")


@pytest.mark.parametrize(
    "text",
    [
        "FAC/2026/000123",
        "FAC/2026/0001",
        "FAC/2026/00013",
        "XFAC/2026/00012",
        "FAC/2026/00012/1",
        "FAC/2026/000120 et FAC/2026/100012",
        "",
    ],
)
def test_reference_is_not_found_inside_a_longer_or_different_number(text):
    assert not mentions_reference(text, "FAC/2026/00012")


def test_short_reference_is_not_a_prefix_match():
    assert mentions_reference("F-0088 et F-0095", "F-0088")
    assert not mentions_reference("F-00881", "F-0088")
    assert not mentions_reference("AF-0088", "F-0088")


# --- payment request, greeting, closing, signature ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Nous vous remercions de bien vouloir procéder au règlement de cette facture.",
        "Merci de nous faire parvenir votre règlement sous huitaine.",
        "Merci d'effectuer le virement sur notre compte.",
        "Nous vous prions de bien vouloir régulariser par virement ou par chèque.",
        "Veuillez régler la somme de 2 400,00 € dès réception.",
        "Pourriez-vous procéder à son règlement ?",
        "Règlement par virement sur l'IBAN FR76 3000 6000 0112 3456 7890 189.",
        "Dans l'attente de votre règlement, nous restons à votre disposition.",
        "Le montant à payer reste de 2 400,00 €.",
    ],
)
def test_payment_request_is_recognised(text):
    assert has_payment_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nous avons bien reçu votre paiement.",
        "La facture FA-2025-0110 est échue depuis le 14/02/2025.",
        "Si vous avez déjà procédé au règlement par virement, veuillez ne pas tenir compte de ce message.",
        "Si votre règlement nous est parvenu entre-temps, merci de ne pas tenir compte de ce courriel.",
        "Vers 10 heures, nous avons reçu votre appel.",
        "",
    ],
)
def test_no_payment_request_without_a_request(text):
    assert not has_payment_request(text)


@pytest.mark.parametrize(
    "text",
    [
        "Madame, Monsieur,\n\nSauf erreur…",
        "Bonjour,\nla facture…",
        "Bonjour Monsieur Roux,\n…",
        "Monsieur Roux,\n…",
        "Madame Leroy,\n…",
        "Chère Madame,\n…",
        "Cher Monsieur,\n…",
        "Mesdames, Messieurs,\n…",
        "Objet : relance FA-2025-0110\n\nMadame, Monsieur,\n…",
    ],
)
def test_greeting_opens_the_message(text):
    assert has_greeting(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sauf erreur de notre part, la facture FA-2025-0110 reste impayée.",
        "Objet : relance\nRéf. FA-2025-0110\nSauf erreur de notre part…\nBonjour,",
        "",
    ],
)
def test_no_greeting_when_the_first_lines_do_not_salute(text):
    assert not has_greeting(text)


@pytest.mark.parametrize(
    "closing",
    [
        "Cordialement,",
        "Bien cordialement,",
        "Salutations distinguées.",
        "Sincères salutations,",
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        "Veuillez agréer, Madame, Monsieur, nos sincères salutations.",
        "Recevez, Madame, Monsieur, nos meilleures salutations.",
        "Bien à vous,",
        "BIEN A VOUS",
    ],
)
def test_closing_formula_is_recognised(closing):
    assert has_closing(f"Merci de régler la facture.\n\n{closing}\nJulie Martin")


def test_no_closing_formula():
    assert not has_closing("Merci de régler la facture.\nJulie Martin")


SIGNATORY, COMPANY = "Julie Martin", "Lettrage SARL"


@pytest.mark.parametrize(
    "signature",
    [
        "Julie Martin",
        "JULIE MARTIN\nComptable",
        "MARTIN Julie",
        "J. Martin",
        "Martin J.",
        "Julie Martin – Lettrage SARL – 01 23 45 67 89",
        "Lettrage SARL\nService comptabilité",
        "Lettrage\n01 23 45 67 89",
        "Lettrage SARL, responsable recouvrement",
    ],
)
def test_signature_names_the_signatory_or_the_company_with_a_role_or_phone(signature):
    assert has_signature(f"Merci de régler la facture.\n\nCordialement,\n{signature}", SIGNATORY, COMPANY)


@pytest.mark.parametrize(
    "signature",
    ["", "Martin", "Lettrage SARL", "Julien Martinez", "La direction"],
)
def test_no_signature_without_the_name_or_the_company_with_role_or_phone(signature):
    assert not has_signature(f"Merci de régler la facture.\n\nCordialement,\n{signature}", SIGNATORY, COMPANY)


def test_signature_on_the_closing_line_counts():
    assert has_signature("Merci de régler.\nCordialement, Julie Martin", SIGNATORY, COMPANY)


def test_signature_ignores_accents_and_handles_compound_first_names():
    assert has_signature("Bien à vous,\nHELENE DUPRE", "Hélène Dupré", COMPANY)
    assert has_signature("Bien à vous,\nJ.-P. Le Goff", "Jean-Pierre Le Goff", COMPANY)


def test_signature_without_closing_is_looked_for_in_the_last_lines():
    assert has_signature("Merci de régler la facture.\nJulie Martin\nComptable", SIGNATORY, COMPANY)


def test_name_in_the_body_before_the_closing_is_not_a_signature():
    text = "Julie Martin vous rappelle la facture.\nCordialement,\nLe service"
    assert not has_signature(text, SIGNATORY, COMPANY)


@pytest.mark.parametrize(
    ("text", "penalties", "indemnity"),
    [
        ("Des pénalités de retard sont dues.", True, False),
        ("Des intérêts de retard courent depuis l'échéance.", True, False),
        ("L'indemnité forfaitaire pour frais de recouvrement est exigible.", False, True),
        ("une indemnité de 40 € pour frais de recouvrement", False, True),
        ("des frais de recouvrement de 40 euros", False, True),
        ("une indemnité de 30 €", False, False),
        ("Merci de régler 40 €.", False, False),
    ],
)
def test_penalties_and_indemnity(text, penalties, indemnity):
    assert mentions_penalties(text) is penalties
    assert mentions_indemnity(text) is indemnity


@pytest.mark.parametrize(
    "note",
    [
        "paiement promis par virement le 10/03/2025",
        "le client s'engage à payer par chèque fin mars",
        "M. Roux promet un virement vendredi",
        "réglera par chèque la semaine prochaine",
        "virement prévu le 10/03",
        "Paiement promis le 10/03 : par virement",
        "conteste la facture : marchandise non reçue",
        "litige sur la quantité livrée",
        "va régler dès réception de l'avoir",
        "marchandise reçue, pas de litige, chq envoyé demain",
    ],
)
def test_customer_answer_is_recognised(note):
    assert has_customer_answer(note, call_date=date(2025, 3, 3))


@pytest.mark.parametrize(
    "note",
    [
        "Appel à M. Roux le 03/03/2025 ; marchandise reçue.",
        "paiement prévu le 10/03",  # a date without a method
        "le client s'engage à payer fin mars",
        "M. Roux promet un virement",  # a method without a date
        "promet virement ; pas de date",
        "marchandise reçue, pas de litige",  # a dispute denied is not an answer
        "ne peut pas payer par virement le 10/03",  # negations
        "aucun virement prévu avant le 10/03",
        "n'a pas de date de virement à donner",
        "essaiera de faire un virement le 10/03",  # not firm
        "Répondeur : message laissé, demande de virement avant le 10/03",  # nobody reached
    ],
)
def test_no_customer_answer_without_both_a_firm_date_and_a_method(note):
    assert not has_customer_answer(note, call_date=date(2025, 3, 3))


def test_the_promised_date_is_not_the_due_date_nor_a_date_before_the_call():
    note = "Appel le 03/03/2025 : virement le 10/03/2025."
    assert has_customer_answer(note, call_date=date(2025, 3, 3))
    assert not has_customer_answer(note, call_date=date(2025, 3, 11)), "10/03 is before a call of 11/03"
    assert not has_customer_answer(
        "Appel le 03/03/2025, virement échu le 14/02/2025.", call_date=date(2025, 3, 3)
    )
    assert not has_customer_answer("Virement : échéance 14/02/2025.", due_dates=[date(2025, 2, 14)])


# --- whole reminders -------------------------------------------------------------------------------------

ROUX = {
    "amount_ttc": D("2400.00"),
    "amount_ht": D("2000.00"),
    "references": ["FA-2025-0110"],
    "due_dates": [date(2025, 2, 14)],
    "signatory_name": SIGNATORY,
    "company_name": COMPANY,
    "year_hint": 2025,
}

CALL_NOTE = (
    "Relance par téléphone le 03/03/2025 : M. Roux (compta) – FA-2025-0110, 2 400,00 € TTC échue le "
    "14/02/2025 ; marchandise reçue ; paiement promis par virement le 10/03/2025."
)

GREETING = "Madame, Monsieur,"
AMOUNT = "d'un montant de 2 400,00 € TTC, "
DUE = "arrivée à échéance le 14/02/2025, "
REQUEST = (
    "Nous vous remercions de bien vouloir procéder à son règlement par virement sur notre compte "
    "(IBAN FR76 3000 6000 0112 3456 7890 189) ou par chèque."
)
CLOSING = "Cordialement,"
SIGNATURE = "Julie Martin\nComptable clients\nLettrage SARL\n01 23 45 67 89"
LEVEL_2 = (
    "Nous vous rappelons que tout retard entraîne l'application de pénalités de retard et d'une indemnité "
    "forfaitaire pour frais de recouvrement de 40 €."
)


def email(
    *,
    greeting=GREETING,
    reference="FA-2025-0110",
    amount=AMOUNT,
    due=DUE,
    request=REQUEST,
    closing=CLOSING,
    signature=SIGNATURE,
    extra="",
):
    return (
        f"{greeting}\n\n"
        f"Sauf erreur de notre part, la facture {reference} du 15/01/2025, {amount}{due}reste impayée à ce "
        f"jour.\n\n{request}\n\n{extra}\n\n"
        "Si votre règlement nous est parvenu entre-temps, nous vous prions de ne pas tenir compte de ce "
        f"message.\n\n{closing}\n\n{signature}\n"
    )


def test_domain_example_call_note_passes_every_phone_check():
    check = check_reminder(CALL_NOTE, channel="phone", **ROUX)
    assert check.amount_ok
    assert not check.amount_is_ht
    assert check.references_missing == ()
    assert check.due_date_ok
    assert check.answer_ok
    assert check.missing == ()
    assert check.ok
    assert check.mistake_codes() == ()


def test_phone_note_does_not_need_greeting_closing_or_signature():
    check = check_reminder(CALL_NOTE, channel="phone", **ROUX)
    assert not check.greeting and not check.closing
    assert "greeting" not in check.required and "signature" not in check.required


@pytest.mark.parametrize(
    ("removed", "part"),
    [
        ("2 400,00 € TTC ", "amount"),
        ("FA-2025-0110, ", "references"),
        ("échue le 14/02/2025 ", "due_date"),
        ("paiement promis par virement le 10/03/2025", "answer"),
    ],
)
def test_call_note_missing_a_part_is_incomplete(removed, part):
    assert removed in CALL_NOTE
    check = check_reminder(CALL_NOTE.replace(removed, ""), channel="phone", **ROUX)
    assert check.missing == (part,)
    assert check.mistake_codes() == ("CALL_NOTE_INCOMPLETE",)


def test_complete_email_passes_every_check():
    check = check_reminder(email(), channel="email", subject="Relance facture FA-2025-0110", **ROUX)
    assert check.missing == ()
    assert check.ok
    assert (check.amount_ok, check.due_date_ok, check.payment_request) == (True, True, True)
    assert (check.greeting, check.closing, check.signature) == (True, True, True)
    assert check.mistake_codes() == ()


@pytest.mark.parametrize(
    ("changes", "part", "code"),
    [
        ({"amount": ""}, "amount", "EMAIL_MISSING_AMOUNT"),
        ({"reference": "que nous vous avons adressée"}, "references", "EMAIL_MISSING_REFERENCE"),
        ({"due": ""}, "due_date", "EMAIL_MISSING_DUE_DATE"),
        ({"request": ""}, "payment_request", "EMAIL_NO_PAYMENT_REQUEST"),
        ({"greeting": ""}, "greeting", "EMAIL_NO_POLITENESS"),
        ({"closing": ""}, "closing", "EMAIL_NO_POLITENESS"),
        ({"signature": ""}, "signature", "EMAIL_NO_SIGNATURE"),
    ],
)
def test_email_missing_a_part_is_detected(changes, part, code):
    check = check_reminder(email(**changes), channel="email", **ROUX)
    assert check.missing == (part,)
    assert check.mistake_codes() == (code,)


def test_email_giving_the_ht_amount_instead_of_ttc_is_flagged():
    check = check_reminder(email(amount="d'un montant de 2 000,00 € HT, "), channel="email", **ROUX)
    assert check.amount_is_ht
    assert not check.amount_ok
    assert check.missing == ("amount",)
    assert check.mistake_codes() == ("EMAIL_MISSING_AMOUNT",)


def test_email_with_both_ht_and_ttc_is_fine():
    check = check_reminder(email(amount="de 2 000,00 € HT soit 2 400,00 € TTC, "), channel="email", **ROUX)
    assert check.amount_ok and not check.amount_is_ht


def test_reference_in_the_subject_only_counts():
    text = email(reference="que nous vous avons adressée")
    check = check_reminder(text, channel="email", subject="Relance FA-2025-0110", **ROUX)
    assert check.references_missing == ()


def test_every_due_date_and_reference_of_several_invoices_is_required():
    params = {
        **ROUX,
        "references": ["F-0088", "F-0095"],
        "due_dates": [date(2025, 3, 7), date(2025, 3, 22), date(2025, 3, 7)],
    }
    text = "Madame, Monsieur,\nLa facture F-0088 (échue le 07/03/2025) reste due : merci de la régler."
    check = check_reminder(text, channel="email", **params)
    assert check.references_missing == ("F-0095",)
    assert check.due_dates_missing == (date(2025, 3, 22),)
    assert not check.due_date_ok


def test_level_two_email_also_needs_penalties_and_indemnity():
    check = check_reminder(email(), channel="email", level=2, **ROUX)
    assert check.missing == ("penalties", "indemnity")
    assert check.mistake_codes() == ("EMAIL_NO_LATE_PENALTIES",)  # the code the engine reports
    assert check_reminder(email(extra=LEVEL_2), channel="email", level=2, **ROUX).ok


def test_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="channel"):
        check_reminder(CALL_NOTE, channel="fax", **ROUX)
