"""« Choisir une variante » on the catalogue: Commencer with a chosen « Numéro de variante » starts that
company (the same number, the same company); a number outside 1–1 000 000 or not a whole number is refused
next to its field with nothing started; an empty field draws a company at random, as before."""

from __future__ import annotations

import re

import pytest
from workspace_helpers import post, start

from simulator import services, store


def _attempt(client, response):
    assert response.status_code == 303, response.status_code
    attempt_id = int(re.search(r"/tentatives/(\d+)/", response.location)[1])
    db = store.open_db(client.application.config["DATABASE"])
    try:
        return store.get_attempt(db, attempt_id)
    finally:
        db.close()


def test_a_chosen_variant_starts_that_company_and_the_brief_shows_its_number(client):
    first = _attempt(client, post(client, "/entrainement/procedure-11/virement", {"seed": "4321"}))
    second = _attempt(client, post(client, "/entrainement/procedure-11/virement", {"seed": " 4 321 "}))
    assert (first.seed, second.seed) == (4321, 4321) and first.id != second.id
    brief = client.get(f"/tentatives/{first.id}/consignes").get_data(as_text=True)
    company = services.grader_for("procedure-11").world("virement", 4321).company.name
    assert "Variante n° 4321" in brief and company in brief


def test_the_catalogue_offers_the_variant_field_on_every_card(client):
    html = client.get("/entrainement").get_data(as_text=True)
    count = sum(len(group.scenarios) for group in services.catalogue.groups())
    assert html.count("<summary>Choisir une variante</summary>") == count
    assert html.count(">Numéro de variante</label>") == count
    assert '<label for="variante-procedure-11-cheque">' in html


@pytest.mark.parametrize("typed", ["abc", "0", "-5", "1000001", "12,5", "1e3", "²"])
def test_a_variant_that_is_not_a_number_from_1_to_1_000_000_is_refused_next_to_its_field(client, typed):
    response = post(client, "/entrainement/procedure-11/cheque", {"seed": typed})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = "Le numéro de variante est un nombre entier de 1 à 1 000 000."
    assert f'<p class="field-error" id="variante-procedure-11-cheque-error">{message}</p>' in html
    assert html.count(message) == 1  # on the card that was posted only, opened
    assert re.search(r'<details class="variant-choice" open>\s*<summary>', html)
    assert 'aria-invalid="true"' in html
    assert "Aucune tentative" in client.get("/tentatives").get_data(as_text=True)  # nothing started


def test_an_empty_variant_draws_a_company(client):
    first, second = start(client, "arrondi"), start(client, "arrondi")
    assert first != second


def test_chosen_seed_reads_what_was_typed():
    chosen = services.attempts.chosen_seed
    assert chosen("procedure-11", "escompte", "") == (None, "")
    assert chosen("procedure-11", "escompte", "1000000") == (1_000_000, "")
    assert chosen("procedure-11", "escompte", "1\u202f000") == (1000, "")
    assert chosen("procedure-11", "escompte", "1000001")[1].startswith("Le numéro de variante")


@pytest.mark.parametrize(
    ("scenario", "link", "label"),
    [
        ("virement", "/banque", "Ouvrir la banque en ligne"),
        ("remise-creditee", "/banque", "Ouvrir la banque en ligne"),
        ("cheque", "/cheques", "Ouvrir les chèques reçus"),
        ("relance-email", "/relances", "Ouvrir les clients à relancer"),
    ],
)
def test_the_consignes_open_the_screen_where_the_scenario_starts(client, scenario, link, label):
    attempt_id = start(client, scenario)
    html = client.get(f"/tentatives/{attempt_id}/consignes").get_data(as_text=True)
    assert f'<a class="btn btn-primary" href="/tentatives/{attempt_id}{link}">{label}</a>' in html
