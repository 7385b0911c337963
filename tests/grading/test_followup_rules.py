"""Follow-up graded as issue 8 asks: the level comes from the most overdue open invoice (never from what
the student typed), a reminder before the due date — by its date or by the invoices its text chases — is
REMINDED_NOT_DUE, the next action falls in the scenario's window, a recipient written with a display
name is an address, and the reminder content the engine reports is ReminderCheck.mistake_codes()."""

from __future__ import annotations

from datetime import timedelta

import pytest
from grading_builders import assert_mistakes, codes, find, first_seed, graded, key, reference, world

from simulator.formatting import format_date, format_money
from simulator.grading.reminder_rules import check_reminder
from simulator.ledger.followup import email_address
from simulator.packs.spec.schema import ReminderSpec

PHONE = 1
EMAIL = 1
EMAIL_LEVEL_2 = first_seed("relance-email", lambda w, o: w.expected.reminders[0].level == 2)


def _doc(w, name):
    return w.document(key(w, name))


def _name(w, customer_key):
    return w.customer(key(w, customer_key)).customer.name


def _days_late(w, name):
    return (w.today - _doc(w, name).due_date).days


# --- level ------------------------------------------------------------------------------------------------


def test_mise_en_demeure_letter_at_level_1_is_REMINDER_LEVEL_SKIPPED():
    """relance-téléphone: A is 15 to 29 days late (level 1); a level-4 letter skips levels 2 and 3."""
    w = world("relance-telephone", PHONE)
    assert 15 <= _days_late(w, "FA") < 30
    actions = reference(w) + [
        {"type": "send_letter", "customer": key(w, "A"), "level": 4, "date": w.today.isoformat()}
    ]
    g = assert_mistakes(
        w,
        actions,
        {"REMINDER_LEVEL_SKIPPED"},
        "REMINDER_LEVEL_SKIPPED",
        mentions=[_name(w, "A"), "niveau 4", "Mise en demeure", "niveau 1", "Relance amiable"],
    )
    assert g["score"] < 100


def test_letter_at_the_level_reached_is_not_a_skip():
    w = world("relance-telephone", PHONE)
    actions = reference(w) + [
        {"type": "send_letter", "customer": key(w, "A"), "level": 1, "date": w.today.isoformat()}
    ]
    assert "REMINDER_LEVEL_SKIPPED" not in codes(graded(w, actions))


def test_email_that_is_a_mise_en_demeure_at_level_1_or_2_is_REMINDER_LEVEL_SKIPPED():
    w = world("relance-email", EMAIL)
    actions = reference(w)
    email = find(actions, "send_email")
    email["subject"] = f"Mise en demeure de payer – facture {_doc(w, 'FA').number}"
    email["body"] = email["body"].replace(
        "Nous vous remercions de bien vouloir", "Par la présente, nous vous mettons en demeure de"
    )
    assert_mistakes(w, actions, {"REMINDER_LEVEL_SKIPPED"}, "REMINDER_LEVEL_SKIPPED", mentions=["niveau 4"])


def test_an_email_announcing_a_mise_en_demeure_to_come_is_not_one():
    w = world("relance-email", EMAIL)
    actions = reference(w)
    email = find(actions, "send_email")
    email["body"] = email["body"].replace(
        "Si votre règlement",
        "À défaut de règlement sous huit jours, nous vous adresserons une mise en demeure.\nSi votre règlement",
    )
    assert graded(w, actions)["score"] == 100.0


# --- reminded before the due date --------------------------------------------------------------------------


def test_call_dated_before_the_due_date_is_REMINDED_NOT_DUE():
    """relance-téléphone: a call to A backdated to before FA's due date (A was not late then)."""
    w = world("relance-telephone", PHONE)
    fa = _doc(w, "FA")
    actions = reference(w)
    early = dict(find(actions, "log_call"))
    early["date"] = (fa.due_date - timedelta(days=2)).isoformat()
    assert_mistakes(
        w,
        [*actions, early],
        {"REMINDED_NOT_DUE"},
        "REMINDED_NOT_DUE",
        mentions=[fa.number, fa.due_date, _name(w, "A")],
    )


def test_call_on_the_due_date_itself_is_REMINDED_NOT_DUE_and_the_day_after_is_fine():
    w = world("relance-telephone", PHONE)
    fa = _doc(w, "FA")
    for day, expected in ((fa.due_date, {"REMINDED_NOT_DUE"}), (fa.due_date + timedelta(days=1), set())):
        actions = reference(w)
        extra = dict(find(actions, "log_call"))
        extra["date"] = day.isoformat()
        assert codes(graded(w, [*actions, extra])) == expected, day


def test_email_whose_text_chases_an_invoice_not_yet_due_is_REMINDED_NOT_DUE():
    """relance-e-mail: the documents field lists only FA, but the text also chases FA2 (not due)."""
    w = world("relance-email", EMAIL)
    fa2 = _doc(w, "FA2")
    assert fa2.due_date > w.today
    actions = reference(w)
    email = find(actions, "send_email")
    email["body"] = email["body"].replace(
        "Le montant restant dû",
        f"La facture {fa2.number} de {format_money(fa2.amount_ttc)} TTC reste également à régler.\n"
        "Le montant restant dû",
    )
    assert email["documents"] == [_doc(w, "FA").number]
    assert_mistakes(w, actions, {"REMINDED_NOT_DUE"}, "REMINDED_NOT_DUE", mentions=[fa2.number, fa2.due_date])


def test_email_that_names_an_invoice_to_say_it_is_not_due_yet_is_fine():
    w = world("relance-email", EMAIL)
    fa2 = _doc(w, "FA2")
    actions = reference(w)
    email = find(actions, "send_email")
    email["body"] = email["body"].replace(
        "Le montant restant dû",
        f"La facture {fa2.number}, qui arrivera à échéance le {format_date(fa2.due_date)}, n'est pas "
        "concernée par cette relance.\nLe montant restant dû",
    )
    assert graded(w, actions)["score"] == 100.0


# --- next action window ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["relance-telephone", "relance-email"])
def test_next_action_outside_the_scenario_window_is_NEXT_ACTION_WRONG_DATE(scenario):
    w = world(scenario, PHONE if scenario == "relance-telephone" else EMAIL)
    (reminder,) = w.expected.reminders
    assert reminder.next_action_days in (10, 15)
    latest = w.today + timedelta(days=reminder.next_action_days)
    for day in (w.today, latest + timedelta(days=1), w.today + timedelta(days=90)):
        actions = reference(w)
        find(actions, "set_next_action")["date"] = day.isoformat()
        assert_mistakes(
            w,
            actions,
            {"NEXT_ACTION_WRONG_DATE"},
            "NEXT_ACTION_WRONG_DATE",
            mentions=[day, w.today + timedelta(days=1), latest, _name(w, "A")],
        )
    for day in (w.today + timedelta(days=1), latest):
        actions = reference(w)
        find(actions, "set_next_action")["date"] = day.isoformat()
        assert graded(w, actions)["score"] == 100.0, day


def test_next_action_stays_a_boolean_or_a_window_of_positive_days():
    assert ReminderSpec(customer="A", channel="phone", documents=["FA"]).next_action is True
    assert (
        ReminderSpec(customer="A", channel="phone", documents=["FA"], next_action=False).next_action is False
    )
    spec = ReminderSpec.model_validate(
        {"customer": "A", "channel": "phone", "documents": ["FA"], "next_action": {"days": 5}}
    )
    assert spec.next_action.days == 5
    with pytest.raises(ValueError):
        ReminderSpec.model_validate(
            {"customer": "A", "channel": "phone", "documents": ["FA"], "next_action": {"days": 0}}
        )


# --- recipients ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form", ["{name} <{email}>", '"{last}, {first}" <{email}>', "<{email}>", "{email} ({name})"]
)
def test_recipient_with_a_display_name_is_the_contacts_address(form):
    w = world("relance-email", EMAIL)
    contact = w.customer(key(w, "A")).contact
    actions = reference(w)
    find(actions, "send_email")["to"] = form.format(
        name=f"{contact.first_name} {contact.last_name}",
        first=contact.first_name,
        last=contact.last_name,
        email=contact.email,
    )
    g = graded(w, actions)
    assert g["problems"] == []
    assert g["score"] == 100.0


def test_recipient_with_a_display_name_and_another_address_is_EMAIL_WRONG_RECIPIENT():
    w = world("relance-email", EMAIL)
    profile = w.customer(key(w, "A"))
    actions = reference(w)
    find(actions, "send_email")["to"] = (
        f"{profile.contact.first_name} {profile.contact.last_name} <{profile.email}>"
    )
    assert_mistakes(
        w,
        actions,
        {"EMAIL_WRONG_RECIPIENT"},
        "EMAIL_WRONG_RECIPIENT",
        mentions=[profile.email, profile.contact.email],
    )


@pytest.mark.parametrize(
    ("to", "address"),
    [
        ("Adèle Pages <adele.pages@exemple.fr>", "adele.pages@exemple.fr"),
        ('"Pagès, Adèle" <adele.pages@exemple.fr>', "adele.pages@exemple.fr"),
        ("  adele.pages@exemple.fr ", "adele.pages@exemple.fr"),
        ("compta roux.fr", None),
        ("Adèle Pages adele.pages@exemple.fr", None),
        ("adele.pages@exemple.fr, compta@roux.fr", None),
        ("adele@@exemple.fr", None),
        ("@exemple.fr", None),
        ("Adèle <>", None),
    ],
)
def test_email_address_is_parsed_with_its_display_name_and_refused_when_invalid(to, address):
    assert email_address(to) == address


# --- one API for the content checks -------------------------------------------------------------------------


def test_engine_reports_the_codes_of_ReminderCheck_mistake_codes():
    """Level-2 e-mail without penalties nor indemnity: the code the content API gives is the one graded."""
    w = world("relance-email", EMAIL_LEVEL_2)
    actions = reference(w)
    email = find(actions, "send_email")
    email["body"] = "\n".join(line for line in email["body"].splitlines() if "pénalités" not in line)
    fa = _doc(w, "FA")
    signatory = w.company.signatory
    check = check_reminder(
        email["body"],
        subject=email["subject"],
        amount_ttc=fa.amount_ttc,
        amount_ht=fa.amount_ht,
        references=[fa.number],
        due_dates=[fa.due_date],
        signatory_name=f"{signatory.first_name} {signatory.last_name}",
        company_name=w.company.name,
        channel="email",
        year_hint=w.today.year,
        level=2,
    )
    assert check.mistake_codes() == ("EMAIL_NO_LATE_PENALTIES",)
    assert codes(graded(w, actions)) == set(check.mistake_codes())
