"""Feedback on a reminder e-mail asks for what the brief asks and describes what the student wrote: no
« numéro de téléphone » demanded of a signature (the brief asks for « votre signature »), no « et non le
montant HT » to a student who wrote no HT amount."""

from __future__ import annotations

from decimal import Decimal

from grading_builders import find, graded, message_of, reference, world

from simulator.formatting import format_money
from simulator.grading.reading import amount_written, signature_written

EMAIL = 1


def _email_grade(edit):
    w = world("relance-email", EMAIL)
    actions = reference(w)
    email = find(actions, "send_email")
    email["body"] = edit(email["body"], w)
    return w, graded(w, actions)


def _invoice(w):
    return w.document(w.expected.reminders[0].documents[0])


def test_a_missing_amount_without_any_ht_amount_is_not_told_about_ht():
    def edit(body, w):
        return body.replace(f"{format_money(_invoice(w).amount_ttc)} TTC", "le solde")

    w, grade = _email_grade(edit)
    message = message_of(grade, "EMAIL_MISSING_AMOUNT")
    assert "HT" not in message
    assert "aucun montant" in message


def test_an_ht_amount_written_instead_of_the_ttc_is_named():
    def edit(body, w):
        return body.replace(
            f"{format_money(_invoice(w).amount_ttc)} TTC", f"{format_money(_invoice(w).amount_ht)} HT"
        )

    w, grade = _email_grade(edit)
    message = message_of(grade, "EMAIL_MISSING_AMOUNT")
    assert format_money(_invoice(w).amount_ht) in message and "montant HT" in message


def test_a_missing_signature_is_not_asked_for_a_phone_number_and_quotes_the_ending():
    def edit(body, w):
        head = body[: body.index("Nous vous prions")]
        return head + "Nous vous prions d'agréer nos salutations distinguées.\n\nLa direction"

    w, grade = _email_grade(edit)
    message = message_of(grade, "EMAIL_NO_SIGNATURE")
    assert "téléphone" not in message
    assert "« La direction »" in message


def test_an_email_signed_without_a_phone_number_is_signed():
    def edit(body, w):
        return "\n".join(line for line in body.splitlines() if not line[:2].isdigit())

    w, grade = _email_grade(edit)
    assert "EMAIL_NO_SIGNATURE" not in {m["code"] for m in grade["mistakes"]}


def test_what_ends_a_message_is_quoted_back():
    assert signature_written("Bonjour,\nPayez.\nCordialement,") == "rien ne suit la formule de politesse."
    assert signature_written("Bonjour,\nPayez.\nCordialement, Julie") == (
        "après la formule de politesse, le message se termine par « Julie »."
    )
    assert (
        signature_written("Bonjour,\nPayez vite.\nMerci")
        == "le message se termine par « Payez vite. / Merci »."
    )


def test_what_the_message_says_of_the_amount():
    assert amount_written("Merci de régler le solde.", Decimal("100.00"), False) == (
        "le message n'écrit aucun montant en euros."
    )
    assert amount_written("Réglez 100,00 € HT.", Decimal("100.00"), True) == (
        "vous avez écrit 100,00\u00a0€, le montant HT : le client doit le TTC."
    )
    assert "(119,00\u00a0€)" in amount_written("Réglez 119,00 €.", Decimal("100.00"), False)
