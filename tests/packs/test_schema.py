"""The pack schema: money is never a float, amounts and day offsets in every allowed form, placeholders,
and the map from a problem's location to the line of the YAML file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from simulator.packs.spec import placeholders as ph
from simulator.packs.spec.schema import (
    DEFAULT_FOLLOWUP_LEVELS,
    AmountRange,
    FromDocuments,
    InvoiceSpec,
    LineSpec,
    OffsetRange,
    PackSpec,
    SameAs,
    StatementLineSpec,
)
from simulator.packs.spec.yamlsource import _line_for, read_yaml


def line_amount(value):
    return LineSpec.model_validate({"amount_ht": value}).amount_ht


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("818.40", Decimal("818.40")),
        (818, Decimal("818")),
        ("-12.5", Decimal("-12.5")),
        (" 7 ", Decimal("7")),
    ],
)
def test_fixed_amounts_are_quoted_strings_or_ints(value, expected):
    assert line_amount(value) == expected


def test_a_float_amount_is_refused_with_advice_to_quote_it():
    with pytest.raises(ValidationError) as info:
        line_amount(818.4)
    message = str(info.value)
    assert 'écrivez-le entre guillemets (par exemple "818.40")' in message


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("12.345", "au plus deux décimales"),
        ("12,50", "n'est pas un nombre"),
        (True, "pas true/false"),
        ("1e3", "n'est pas un nombre"),
    ],
)
def test_malformed_amounts_are_refused(value, fragment):
    with pytest.raises(ValidationError, match=fragment):
        line_amount(value)


def test_amount_forms_range_same_as_and_documents():
    assert line_amount({"min": "10", "max": "20"}) == AmountRange(min=Decimal("10"), max=Decimal("20"))
    assert line_amount({"min": "10", "max": "20"}).step == Decimal("0.01")
    assert line_amount({"same_as": "F1"}) == SameAs(same_as="F1")
    amount = StatementLineSpec.model_validate(
        {"key": "V", "date": -1, "label": "x", "amount": {"documents": ["F1", "AV"], "discount": True}}
    ).amount
    assert isinstance(amount, FromDocuments)
    assert amount.documents == ["F1", "AV"] and amount.discount and amount.leave is None


def test_unknown_keys_in_an_amount_are_refused():
    with pytest.raises(ValidationError) as info:
        line_amount({"min": "10", "max": "20", "pas": "1"})
    [error] = info.value.errors()
    assert error["type"] == "extra_forbidden" and error["loc"][-1] == "pas"


def test_day_offsets_are_ints_or_ranges():
    base = {"key": "F1", "customer": "A", "lines": [{"amount_ht": "10"}]}
    assert InvoiceSpec.model_validate({**base, "date": -20}).date == -20
    assert InvoiceSpec.model_validate({**base, "date": {"min": -30, "max": -20}}).date == OffsetRange(
        min=-30, max=-20
    )
    with pytest.raises(ValidationError):
        InvoiceSpec.model_validate({**base, "date": "2026-03-01"})
    invoice = InvoiceSpec.model_validate({**base, "date": -1})
    assert (invoice.terms.days, invoice.terms.end_of_month, invoice.status) == (30, False, "open")
    assert invoice.lines[0].vat_rate == Decimal("20") and invoice.lines[0].account == "707"


def test_pack_defaults_follow_the_domain_reminder_plan():
    spec = PackSpec.model_validate({"id": "p", "version": "1", "title": "P"})
    assert spec.settings.rounding_tolerance == Decimal("1.00")
    assert (spec.settings.invoice_prefix, spec.settings.credit_note_prefix) == ("FAC", "AV")
    assert [(lv.level, lv.days, tuple(lv.actions)) for lv in spec.followup_levels] == [
        (1, 15, ("phone", "email")),
        (2, 30, ("email", "phone")),
        (3, 45, ("letter",)),
        (4, 60, ("registered_letter",)),
    ]
    assert [lv.days for lv in DEFAULT_FOLLOWUP_LEVELS] == [15, 30, 45, 60]


def test_a_version_must_be_quoted():
    with pytest.raises(ValidationError):
        PackSpec.model_validate({"id": "p", "version": 1, "title": "P"})


# --- placeholders ---------------------------------------------------------------------------------------


def test_placeholders_are_parsed():
    parts = ph.parse("Le {today+15}, {A.name} doit {F1.ttc} {{littéral}} {today-3}{today}")
    found = [p for p in parts if isinstance(p, ph.Placeholder)]
    assert [(p.key, p.attribute, p.days) for p in found] == [
        ("today", "", 15),
        ("A", "name", 0),
        ("F1", "ttc", 0),
        ("today", "", -3),
        ("today", "", 0),
    ]
    assert "{littéral}" in "".join(p if isinstance(p, str) else "" for p in parts)


def test_render_fills_each_placeholder():
    text = ph.render("{A.name} : {{x}} {today+1}", lambda p: f"<{p.key}.{p.attribute}{p.days}>")
    assert text == "<A.name0> : {x} <today.1>"


@pytest.mark.parametrize("template", ["{A}", "{A.name.x}", "{1.name}", "{today*2}", "un { seul", "fin }"])
def test_malformed_placeholders_are_errors(template):
    with pytest.raises(ph.TemplateError):
        ph.parse(template)


# --- lines ----------------------------------------------------------------------------------------------


def test_a_location_gives_the_line_of_its_key(tmp_path: Path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "id: s\n"  # 1
        "invoices:\n"  # 2
        "  - key: F1\n"  # 3
        "    lines:\n"  # 4
        "      - label: x\n"  # 5
        "        amount_ht:\n"  # 6
        "          min: '1'\n"  # 7
        "          max: '2'\n"  # 8
        "today: 2026-03-20\n",  # 9
        encoding="utf-8",
    )
    source = read_yaml(path, "s.yaml")
    assert source.data["today"] == date(2026, 3, 20)
    root = source.root
    assert _line_for(root, ("invoices", 0, "lines", 0, "amount_ht", "=plage", "max")) == 8
    assert _line_for(root, ("invoices", 0, "lines", 0, "amount_ht")) == 6
    assert _line_for(root, ("invoices", 0, "customer")) == 3  # missing: the item's line
    assert _line_for(root, ("invoices", 5)) == 2  # no such item: the list's key
    assert _line_for(root, ("today",)) == 9
