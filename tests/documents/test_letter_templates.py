"""Letter templates: the shipped ones use known placeholders only; unknown ones are reported by line."""

import pytest

from simulator.documents.letters import KINDS, default_template
from simulator.packs.spec.letter_template import fill, template_problems


@pytest.mark.parametrize("kind", KINDS)
def test_default_templates_use_known_placeholders_and_show_the_invoices(kind):
    text = default_template(kind)
    assert template_problems(text) == []
    assert "%(invoice_lines)s" in text and "%(amount_due)s" in text


def test_unknown_placeholder_and_lone_percent_are_reported_with_their_line():
    problems = template_problems("Madame,\n\nVous devez %(amount_due)s.\nPénalités : %(taux)s, 10 % de plus.")
    assert [line for line, _ in problems] == [4, 4]
    assert "%(taux)s" in problems[0][1] and "%%" in problems[1][1]


def test_fill_replaces_odoo_placeholders_and_double_percent():
    text = fill(
        "%(partner_name)s doit 100 %% de %(company_name)s",
        {"partner_name": "Roux SAS", "company_name": "Nous"},
    )
    assert text == "Roux SAS doit 100 % de Nous"
