"""The mistake catalogue: exactly the contract's codes, each failing a known rubric criterion, pointing to a
procedure step, and rendering a French message that names what went wrong and says what to do."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from grading_builders import CONTRACT_CODES

from simulator.grading.catalogue import MISTAKES, PROCEDURES, MistakeSpec, example_params, render
from simulator.packs.spec.criteria import CRITERIA

#: codes added beyond contracts.md (which allows more), documented in docs/grading.md
EXTENSION_CODES = [
    "WRITEOFF_BEYOND_GAP",
    "EMAIL_NO_LATE_PENALTIES",
    "UNJUSTIFIED_CREDIT_NOTE",
    "REMINDER_LEVEL_SKIPPED",
    "NEXT_ACTION_WRONG_DATE",
    "SLIP_NOT_RECONCILED",
    "STATEMENT_NOT_RECONCILED",
    "BOOKS_DIFFER",
    "UNEXPECTED_ACCOUNT",
    "DISCOUNT_LEFT_OPEN",
    "CREDIT_NOTE_SWALLOWED",
    "RECEIPT_SPLIT",
    # the follow-up pack (scenarios/relances)
    "DISPUTE_NOT_EXCLUDED",
    "EXCLUDED_WITHOUT_DISPUTE",
    "REMINDED_DISPUTED_INVOICE",
    "EXPECTED_PAYMENT_DATE_MISSING",
    "EXPECTED_PAYMENT_DATE_WRONG",
    "STATEMENT_NOT_SENT",
    "STATEMENT_SHOWS_DISPUTE",
    "CONTACTED_NOT_DUE_TODAY",
    "WRONG_CHANNEL_FOR_LEVEL",
    # reminders the account's state or the plan's calendar forbade (grading/chasing.py, grading/followup.py)
    "REMINDER_LEVEL_BELOW",
    "REMINDER_TOO_EARLY",
    "REMINDED_IN_LITIGATION",
    "REMINDED_DISPUTED_CUSTOMER",
    "REMINDED_BEFORE_PROMISED_DATE",
    "REMINDER_DUPLICATED",
    "NEXT_ACTION_BEFORE_PROMISE",
    # « Un mois de relances » (grading/period.py)
    "REMINDER_LATE",
    "DOUBTFUL_NOT_TRANSFERRED",
    "DOUBTFUL_WRONG_AMOUNT",
    "DOUBTFUL_UNDUE",
    "PENALTIES_NOT_BILLED",
    "PENALTIES_WRONG_AMOUNT",
    "INDEMNITY_MISSING",
    # issue 12 scenario 1: the follow-up strategy
    "STRATEGY_LEVEL_MISSING",
    "STRATEGY_EXTRA_LEVEL",
    "STRATEGY_WRONG_NAME",
    "STRATEGY_WRONG_MARKER",
    "STRATEGY_WRONG_DAYS",
    "STRATEGY_WRONG_ACTIONS",
    "STRATEGY_TEMPLATE_INCOMPLETE",
    # relances par lot (issue 12, scenario 2)
    "LOT_MISSING",
    "LOT_WRONG_LEVEL",
    "LOT_WRONG_DATE",
    "LOT_CUSTOMER_MISSING",
    "LOT_EXCLUDED_METHOD_REMINDED",
    "LOT_EXCLUDED_CUSTOMER_REMINDED",
    "LOT_CUSTOMER_NOT_DUE",
    "LOT_EMAIL_UNRESOLVED",
    "LOT_EMAIL_WRONG",
    "ANSWER_MISSING",
    "ANSWER_WRONG",
    # the month-end lettrage (scenarios/lettrage)
    "LETTRAGE_WRONG_COMBINATION",
    "LETTRAGE_ACROSS_CUSTOMERS",
    "LETTRAGE_MISSING",
    "AUTO_WRITEOFF_TOO_LARGE",
    "AUTO_WRITEOFF_WRONG_ACCOUNT",
    "AUTO_PARAMETERS_WRONG",
]

#: the follow-up pack's codes: criterion and procedure step of its pack.yaml
RELANCES_CODES = {
    "DISPUTE_NOT_EXCLUDED": ("disputes_handled", "litige"),
    "EXCLUDED_WITHOUT_DISPUTE": ("disputes_handled", "litige"),
    "REMINDED_DISPUTED_INVOICE": ("no_undue_reminder", "litige"),
    "EXPECTED_PAYMENT_DATE_MISSING": ("expected_payments_noted", "paiement-prevu"),
    "EXPECTED_PAYMENT_DATE_WRONG": ("expected_payments_noted", "paiement-prevu"),
    "STATEMENT_NOT_SENT": ("statement_sent", "releve-client"),
    "STATEMENT_SHOWS_DISPUTE": ("statement_sent", "releve-client"),
    "CONTACTED_NOT_DUE_TODAY": ("no_undue_reminder", "a-contacter"),
    "WRONG_CHANNEL_FOR_LEVEL": ("reminders_sent", "relance"),
    "REMINDER_LATE": ("reminders_on_time", "a-contacter"),
    "REMINDER_LEVEL_BELOW": ("reminders_sent", "relance"),
    "REMINDER_TOO_EARLY": ("reminders_on_time", "relance"),
    "REMINDED_IN_LITIGATION": ("no_undue_reminder", "contentieux"),
    "REMINDED_DISPUTED_CUSTOMER": ("no_undue_reminder", "litige"),
    "REMINDED_BEFORE_PROMISED_DATE": ("no_undue_reminder", "paiement-prevu"),
    "REMINDER_DUPLICATED": ("no_undue_reminder", "relance"),
    "NEXT_ACTION_BEFORE_PROMISE": ("next_action_set", "suivi"),
    "DOUBTFUL_NOT_TRANSFERRED": ("doubtful_transferred", "contentieux"),
    "DOUBTFUL_WRONG_AMOUNT": ("doubtful_transferred", "contentieux"),
    "DOUBTFUL_UNDUE": ("doubtful_transferred", "contentieux"),
    "PENALTIES_NOT_BILLED": ("late_fees_billed", "penalites"),
    "PENALTIES_WRONG_AMOUNT": ("late_fees_billed", "penalites"),
    "INDEMNITY_MISSING": ("late_fees_billed", "penalites"),
    "STRATEGY_LEVEL_MISSING": ("strategy_levels", "strategie"),
    "STRATEGY_EXTRA_LEVEL": ("strategy_levels", "strategie"),
    "STRATEGY_WRONG_NAME": ("strategy_levels", "strategie"),
    "STRATEGY_WRONG_MARKER": ("strategy_levels", "strategie"),
    "STRATEGY_WRONG_DAYS": ("strategy_levels", "strategie"),
    "STRATEGY_WRONG_ACTIONS": ("strategy_actions", "strategie"),
    "STRATEGY_TEMPLATE_INCOMPLETE": ("strategy_templates", "strategie"),
    # relances par lot (issue 12, scenario 2): the codes about one customer
    "LOT_CUSTOMER_MISSING": ("lot_run", "lot"),
    **dict.fromkeys(
        ["LOT_EXCLUDED_METHOD_REMINDED", "LOT_EXCLUDED_CUSTOMER_REMINDED", "LOT_CUSTOMER_NOT_DUE"],
        ("no_undue_reminder", "lot"),
    ),
    **dict.fromkeys(["LOT_EMAIL_UNRESOLVED", "LOT_EMAIL_WRONG"], ("lot_emails", "lot")),
}

#: relances par lot: the codes about the run or an answer, and the parameter that names their subject
LOT_CODES = {
    "LOT_MISSING": ("lot_run", "customers"),
    "LOT_WRONG_LEVEL": ("lot_run", "lot"),
    "LOT_WRONG_DATE": ("lot_run", "lot"),
    "ANSWER_MISSING": ("summary_quoted", "question"),
    "ANSWER_WRONG": ("summary_quoted", "question"),
}


EXPECTED_CRITERION = {
    **dict.fromkeys(
        [
            "WRONG_CUSTOMER",
            "WRONG_AMOUNT",
            "WRONG_JOURNAL",
            "WRONG_DATE",
            "MISSING_PAYMENT",
            "DUPLICATE_PAYMENT",
        ],
        "receipts_recorded",
    ),
    **dict.fromkeys(
        ["WRONG_DOCUMENT", "UNMATCHED_PAYMENT", "CREDIT_NOTE_IGNORED", "WRONG_ALLOCATION_ORDER"],
        "receipts_matched",
    ),
    **dict.fromkeys(
        [
            "DIFFERENCE_LEFT_OPEN",
            "WRONG_WRITEOFF_ACCOUNT",
            "WRITEOFF_TOO_LARGE",
            "DISCOUNT_VAT_MISSING",
            "DISCOUNT_NOT_ENTITLED",
            "PARTIAL_WRITTEN_OFF",
        ],
        "difference_handled",
    ),
    "SCHEDULE_NOTE_MISSING": "schedule_noted",
    "CHEQUE_NOT_ENDORSED": "cheques_endorsed",
    **dict.fromkeys(
        ["SLIP_MISSING", "SLIP_CHEQUE_MISSING", "SLIP_FIELD_WRONG", "SLIP_TOTAL_WRONG"], "deposit_slip"
    ),
    "STATEMENT_NOT_ANNOTATED": "statement_annotated",
    **dict.fromkeys(["REMINDED_PAID_CUSTOMER", "REMINDED_NOT_DUE"], "no_undue_reminder"),
    **dict.fromkeys(["OVERDUE_NOT_REMINDED", "EMAIL_WRONG_RECIPIENT", "CALL_NOT_LOGGED"], "reminders_sent"),
    **dict.fromkeys(
        [
            "EMAIL_MISSING_AMOUNT",
            "EMAIL_MISSING_REFERENCE",
            "EMAIL_MISSING_DUE_DATE",
            "EMAIL_NO_PAYMENT_REQUEST",
            "EMAIL_NO_POLITENESS",
            "EMAIL_NO_SIGNATURE",
            "CALL_NOTE_INCOMPLETE",
        ],
        "reminder_content",
    ),
    "NEXT_ACTION_MISSING": "next_action_set",
}

#: what names the subject of a mistake in its message
NAMING_PARAMS = ("customer", "document", "documents", "cheque")


def plain_spaces(text: str) -> str:
    """Babel's narrow no-break space (thousands) and no-break space (before €) as plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def flatten(value):
    return list(value) if isinstance(value, list | tuple) else [value]


def test_catalogue_has_exactly_the_contract_codes():
    assert len(CONTRACT_CODES) == len(set(CONTRACT_CODES)) == 36
    assert set(MISTAKES) == set(CONTRACT_CODES) | set(EXTENSION_CODES)


@pytest.mark.parametrize("code", CONTRACT_CODES)
def test_each_mistake_fails_its_rubric_criterion_and_points_to_a_procedure_step(code):
    spec = MISTAKES[code]
    assert isinstance(spec, MistakeSpec)
    assert spec.code == code
    assert spec.criterion in CRITERIA
    assert spec.criterion == EXPECTED_CRITERION[code]
    assert spec.procedure in PROCEDURES
    assert spec.title and spec.title[0].isupper()


def test_procedure_steps_are_the_steps_of_the_builtin_packs():
    from simulator.packs.spec.registry import load_pack

    steps = {
        pack: {step.id for step in load_pack(pack).spec.procedure}
        for pack in ("procedure-11", "relances", "lettrage")
    }
    assert set(PROCEDURES) == steps["procedure-11"] | steps["relances"] | steps["lettrage"]


@pytest.mark.parametrize("code", sorted(RELANCES_CODES))
def test_follow_up_pack_codes_fail_their_criterion_and_point_to_a_step_of_that_pack(code):
    from simulator.packs.spec.registry import load_pack

    criterion, procedure = RELANCES_CODES[code]
    spec = MISTAKES[code]
    assert (spec.criterion, spec.procedure) == (criterion, procedure)
    assert procedure in {step.id for step in load_pack("relances").spec.procedure}
    assert set(example_params(code)) == spec.placeholders
    message = plain_spaces(render(code, **example_params(code)))
    subject = example_params(code).get("customer") or example_params(code)["name"]  # a strategy: its level
    assert "{" not in message and subject in message
    advice = re.compile(r"il fallait|devait|\bdoit\b|\b\w+ez(?:-\w+)?\b", re.IGNORECASE)
    assert advice.search(spec.template), spec.template


@pytest.mark.parametrize(
    ("code", "procedure"),
    [
        ("DISCOUNT_VAT_MISSING", "escompte"),
        ("DIFFERENCE_LEFT_OPEN", "ecart"),
        ("SCHEDULE_NOTE_MISSING", "reglement-partiel"),
        ("WRONG_ALLOCATION_ORDER", "imputation"),
        ("SLIP_TOTAL_WRONG", "cheques"),
        ("EMAIL_NO_SIGNATURE", "relance"),
        ("CALL_NOTE_INCOMPLETE", "relance"),
        ("REMINDED_PAID_CUSTOMER", "releve"),
    ],
)
def test_mistake_points_to_the_step_that_explains_it(code, procedure):
    assert MISTAKES[code].procedure == procedure


@pytest.mark.parametrize("code", CONTRACT_CODES)
def test_example_params_are_exactly_the_template_placeholders(code):
    assert set(example_params(code)) == MISTAKES[code].placeholders


@pytest.mark.parametrize("code", CONTRACT_CODES)
def test_every_template_renders_a_french_message_naming_its_subject(code):
    params = example_params(code)
    message = plain_spaces(render(code, **params))
    assert "{" not in message and "}" not in message
    named = [str(v) for name in NAMING_PARAMS if name in params for v in flatten(params[name])]
    if named:
        assert any(v in message for v in named), message
    money = [v for v in params.values() if isinstance(v, D)]
    if money:
        assert re.search(r"\d,\d\d €", message), message
    for value in money:
        assert re.sub(r"(?<=\d)(?=(\d{3})+,)", " ", f"{value}".replace(".", ",")) + " €" in message


@pytest.mark.parametrize("code", CONTRACT_CODES)
def test_every_message_says_what_should_have_been_done(code):
    template = MISTAKES[code].template
    advice = re.compile(r"il fallait|devait|\bdoit\b|\bdoivent\b|\b\w+ez(?:-\w+)?\b", re.IGNORECASE)
    assert advice.search(template), template


@pytest.mark.parametrize(
    ("code", "name"),
    [(code, name) for code in CONTRACT_CODES for name in sorted(MISTAKES[code].placeholders)],
)
def test_a_missing_parameter_raises_key_error(code, name):
    params = example_params(code)
    del params[name]
    with pytest.raises(KeyError):
        render(code, **params)


def test_unknown_code_raises_key_error():
    with pytest.raises(KeyError):
        render("NOT_A_CODE")


def test_discount_vat_message_matches_the_domain_wording():
    message = render(
        "DISCOUNT_VAT_MISSING",
        document="FAC/2026/00012",
        written_ht=D("19.64"),
        written_vat=D("0.00"),
        discount_ht=D("16.37"),
        discount_vat=D("3.27"),
    )
    assert plain_spaces(message) == (
        "L'escompte accordé sur FAC/2026/00012 a été passé pour 19,64 € au 665 et 0,00 € au débit du 44571 : "
        "il fallait 16,37 € au 665 et 3,27 € de correction de TVA collectée au débit du 44571 (escompte HT "
        "calculé sur le HT de chaque taux de TVA, puis sa TVA à ce taux)."
    )


def test_reminded_paid_customer_message_matches_the_brief():
    message = render(
        "REMINDED_PAID_CUSTOMER", customer="Bernard SAS", documents=["FA-2025-0101", "FA-2025-0104"]
    )
    assert message == (
        "Bernard SAS a déjà réglé FA-2025-0101 et FA-2025-0104 : il ne fallait pas le relancer. "
        "Rapprochez la banque avant toute relance."
    )


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (D("1574.98"), "1 574,98 €"),
        (D("2400"), "2 400,00 €"),
        (D("0.4"), "0,40 €"),
        (D("1000000.00"), "1 000 000,00 €"),
        (D("16.365"), "16,37 €"),  # half up, as the books round
        (D("-240.00"), "-240,00 €"),
    ],
)
def test_money_is_formatted_the_french_way(amount, shown):
    message = render("SCHEDULE_NOTE_MISSING", document="FA-2025-0105", customer="Garnier SARL", amount=amount)
    assert f"reste dû {shown})" in plain_spaces(message)


def test_money_uses_babel_s_no_break_spaces():
    message = render("SCHEDULE_NOTE_MISSING", document="F", customer="C", amount=D("1574.98"))
    assert "1\u202f574,98\u00a0€" in message


def test_dates_are_jj_mm_aaaa():
    message = render("REMINDED_NOT_DUE", customer="Leroy", documents=["F-0104"], date=date(2025, 4, 2))
    assert "échéance du 02/04/2025" in message


@pytest.mark.parametrize(
    ("documents", "shown"),
    [
        (["F-0088"], "F-0088"),
        (("F-0088", "F-0095"), "F-0088 et F-0095"),
        (["F-0088", "F-0095", "AV-0012", "F-0104"], "F-0088, F-0095, AV-0012 et F-0104"),
    ],
)
def test_lists_are_joined_with_commas_and_et(documents, shown):
    message = render("REMINDED_PAID_CUSTOMER", customer="Leroy Distribution", documents=documents)
    assert f"a déjà réglé {shown} :" in message


def test_list_of_amounts_is_formatted_item_by_item():
    message = render("SLIP_FIELD_WRONG", cheque="1", customer="C", amount=D("1"), field=[D("720"), D("360")])
    assert "720,00\u00a0€ et 360,00\u00a0€" in message


def test_float_money_is_refused():
    with pytest.raises(TypeError):
        render("SCHEDULE_NOTE_MISSING", document="F", customer="C", amount=1574.98)


def test_extra_parameters_are_ignored():
    params = {**example_params("CALL_NOT_LOGGED"), "ht": True, "expected_amount": D("1.00")}
    expected = render("CALL_NOT_LOGGED", **example_params("CALL_NOT_LOGGED"))
    assert render("CALL_NOT_LOGGED", **params) == expected


def test_example_params_are_a_fresh_copy():
    params = example_params("WRONG_ALLOCATION_ORDER")
    params["documents"].append("X")
    params["customer"] = "Autre"
    assert example_params("WRONG_ALLOCATION_ORDER")["documents"] == ["F-0088", "F-0104"]
    assert example_params("WRONG_ALLOCATION_ORDER")["customer"] == "Leroy Distribution"


def test_catalogue_is_read_only():
    with pytest.raises(TypeError):
        MISTAKES["NEW"] = MISTAKES["WRONG_AMOUNT"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        MISTAKES["WRONG_AMOUNT"].template = "x"  # type: ignore[misc]


def test_docs_grading_lists_every_mistake_with_its_current_message():
    import runpy
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    table = runpy.run_path(str(root / "scripts" / "mistake_table.py"))["mistake_table"]()
    assert table in (root / "docs" / "grading.md").read_text(encoding="utf-8"), (
        "docs/grading.md is out of date: paste the output of scripts/mistake_table.py"
    )


@pytest.mark.parametrize("code", sorted(LOT_CODES))
def test_lot_codes_name_the_run_or_the_question_and_say_what_to_do(code):
    criterion, subject = LOT_CODES[code]
    spec = MISTAKES[code]
    assert (spec.criterion, spec.procedure) == (criterion, "lot")
    assert set(example_params(code)) == spec.placeholders
    message = plain_spaces(render(code, **example_params(code)))
    named = flatten(example_params(code)[subject])
    assert "{" not in message and all(name in message for name in named)
    advice = re.compile(r"demandait|donne|\b\w+ez(?:-\w+)?\b", re.IGNORECASE)
    assert advice.search(spec.template), spec.template
