"""Niveaux de relance and Ventes › Devis through the Flask client (issue 12, scenario « strategie »): the
list, the form per level (add, edit, delete: valid posts logged, refusals next to their field with the log
unchanged, the no-JavaScript path, the htmx path) and the new quote's warning.

The world is relances/strategie, seed 1, worked by hand: today 16/11/2026; the ERP's default strategy is
one level « Premier rappel » at J+15 (e-mail). Imprimerie Barthelemy EURL (BAR) owes FAC/2026/00077 due
27/08/2026: 4 + 30 + 31 + 16 = 81 days late; Hamon Formation SA (HAM) owes FAC/2026/00078 due 06/11/2026:
10 days late; Lemaire Sécurité SARL (LEM) is not due yet."""

from __future__ import annotations

import html
import re

import pytest
from workspace_helpers import log, post, start

from simulator import services

LEVEL = {"name": "Retard 1", "marker": "R1", "days": "5", "actions": ["email"], "template": ""}
HTMX = {"HX-Request": "true"}


@pytest.fixture
def attempt_id(client, monkeypatch) -> int:
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: 1)
    return start(client, "strategie", pack="relances")


def _url(attempt_id: int, tail: str = "") -> str:
    return f"/tentatives/{attempt_id}/niveaux-de-relance{tail}"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _error_of(page: str, field: str) -> str:
    return html.unescape(
        re.search(rf'<p class="field-error" id="champ-{field}-error">(.*?)</p>', page, re.S)[1]
    )


def _rows(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", row)
        for row in re.findall(r"<tr>.*?</tr>", page.split("<tbody>")[1], re.S)
    ]


def test_the_list_shows_the_default_level_with_the_columns_of_the_screen(client, attempt_id):
    page = _text(client.get(_url(attempt_id)))
    for label in (
        "Nom",
        "Jours après l'échéance",
        "Envoyer un e-mail",
        "Imprimer une lettre",
        "Appel téléphonique",
        "Ajouter un avertissement sur les ventes",
        "Modèle",
    ):
        assert f">{label}</th>" in page, label
    (row,) = _rows(page)
    assert "Premier rappel" in row and " 15" in row and "Après 15 jours échus" in row
    assert "Ajouter un niveau" in page


def test_the_form_has_a_label_for_every_field(client, attempt_id):
    page = _text(client.get(_url(attempt_id, "/nouveau")))
    for field, label in (("name", "Nom"), ("marker", "Marqueur"), ("days", "Jours après l'échéance")):
        assert f'<label for="champ-{field}">{label}</label>' in page
    for label in (
        "Envoyer un e-mail",
        "Imprimer une lettre",
        "Appel téléphonique",
        "Ajouter un avertissement sur les ventes",
    ):
        assert re.search(
            rf'<label class="check-option"><input type="checkbox" name="actions" value="\w+"[^>]*> {label}</label>',
            page,
        )
    assert '<label for="champ-template">Modèle</label>' in page and "%(partner_name)s" in page


def test_adding_a_level_without_javascript_logs_it_and_renumbers_the_strategy(client, app, attempt_id):
    response = post(client, _url(attempt_id, "/nouveau"), LEVEL)
    assert response.status_code == 303 and response.location.endswith(_url(attempt_id))
    assert log(app, attempt_id) == [
        {
            "type": "add_followup_level",
            "name": "Retard 1",
            "marker": "R1",
            "days": 5,
            "actions": ["email"],
            "template": "",
        }
    ]
    rows = _rows(_text(client.get(_url(attempt_id))))
    assert rows[0].split()[:4] == ["1", "R1", "Retard", "1"] and "Premier rappel" in rows[1]


def test_adding_a_level_with_htmx_swaps_the_form_and_tells_the_other_panels(client, app, attempt_id):
    response = post(
        client, _url(attempt_id, "/nouveau"), {**LEVEL, "template": "Bonjour %(partner_name)s,"}, headers=HTMX
    )
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "levels-changed"
    page = _text(response)
    assert "Niveau ajouté." in page and "<html" not in page
    assert log(app, attempt_id)[0]["template"] == "Bonjour %(partner_name)s,"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"days": "abc"},
            "days",
            "Le champ « Jours après l'échéance » n'est pas valable : nombre entier attendu.",
        ),
        (
            {"days": "-5"},
            "days",
            "Le champ « Jours après l'échéance » n'est pas valable : nombre entier attendu.",
        ),
        ({"days": ""}, "days", "Le champ « Jours après l'échéance » est obligatoire."),
        (
            {"days": "0"},
            "days",
            "« 0 » n'est pas un nombre de jours valable : saisissez un entier entre 1 et 3650.",
        ),
        (
            {"days": "15"},
            "days",
            "Le niveau 1 (Premier rappel) est déjà atteint à 15 jours : deux niveaux ne peuvent pas partir le même jour.",
        ),
        ({"name": ""}, "name", "Le champ « Nom » est obligatoire."),
        ({"name": "premier RAPPEL"}, "name", "Le niveau 1 s'appelle déjà « premier RAPPEL »"),
        ({"actions": []}, "actions", "Cochez au moins une action pour ce niveau (e-mail, lettre, appel…)."),
        ({"template": "Bonjour\n%(client)s"}, "template", "Modèle, ligne 2 : variable inconnue %(client)s"),
    ],
)
def test_a_refused_level_is_shown_next_to_its_field_and_nothing_is_logged(
    client, app, attempt_id, fields, field, message
):
    response = post(client, _url(attempt_id, "/nouveau"), {**LEVEL, **fields})
    assert response.status_code == 422
    assert _error_of(_text(response), field).startswith(message)
    assert log(app, attempt_id) == []
    # what was typed is kept
    assert 'value="R1"' in response.get_data(as_text=True)


def test_a_refusal_with_htmx_is_the_form_fragment(client, app, attempt_id):
    response = post(client, _url(attempt_id, "/nouveau"), {**LEVEL, "days": "abc"}, headers=HTMX)
    assert response.status_code == 422 and "<html" not in response.get_data(as_text=True)
    assert "nombre entier attendu" in _error_of(_text(response), "days")
    assert log(app, attempt_id) == []


def test_editing_a_level_keeps_its_number(client, app, attempt_id):
    page = _text(client.get(_url(attempt_id, "/1")))
    assert 'value="Premier rappel"' in page and 'value="15"' in page and 'value="email" checked' in page
    fields = {
        "name": "Niveau 0 : 15 jours net",
        "marker": "",
        "days": "15",
        "actions": ["email"],
        "template": "",
    }
    response = post(client, _url(attempt_id, "/1"), fields)
    assert response.status_code == 303
    assert log(app, attempt_id) == [{"type": "update_followup_level", "level": 1, **fields, "days": 15}]
    assert "Niveau 0 : 15 jours net" in _rows(_text(client.get(_url(attempt_id))))[0]


def test_an_edit_that_breaks_the_order_of_days_is_refused(client, app, attempt_id):
    post(
        client, _url(attempt_id, "/nouveau"), LEVEL
    )  # Retard 1 at J+5 becomes level 1, Premier rappel level 2
    response = post(client, _url(attempt_id, "/1"), {**LEVEL, "days": "20"})
    assert response.status_code == 422
    assert _error_of(_text(response), "days") == (
        "Les jours doivent croître d'un niveau à l'autre : le niveau 1 doit rester avant le niveau 2 (15 jours)."
    )
    assert len(log(app, attempt_id)) == 1


def test_deleting_a_level(client, app, attempt_id):
    response = post(client, _url(attempt_id, "/1/supprimer"))
    assert response.status_code == 303
    assert log(app, attempt_id) == [{"type": "remove_followup_level", "level": 1}]
    page = _text(client.get(_url(attempt_id)))
    assert "Aucun niveau de relance" in page


def test_deleting_with_htmx_swaps_the_list(client, app, attempt_id):
    post(client, _url(attempt_id, "/nouveau"), LEVEL)
    response = post(client, _url(attempt_id, "/2/supprimer"), headers=HTMX)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "levels-changed"
    page = _text(response)
    assert "<html" not in page and "Retard 1" in page and "Premier rappel" not in page


def test_an_unknown_level_is_not_found(client, attempt_id):
    assert client.get(_url(attempt_id, "/7")).status_code == 404
    assert post(client, _url(attempt_id, "/7/supprimer")).status_code == 404


def test_a_handed_in_attempt_shows_the_levels_without_forms(client, app, attempt_id):
    post(client, f"/tentatives/{attempt_id}/rendre")
    page = _text(client.get(_url(attempt_id)))
    assert "Premier rappel" in page and "Ajouter un niveau" not in page and "Supprimer" not in page
    assert post(client, _url(attempt_id, "/nouveau"), LEVEL).status_code == 303  # refused as frozen
    assert log(app, attempt_id) == []


# --- Ventes › Devis › Nouveau devis -----------------------------------------------------------------------

WARNING = "Attention dépassement de la date d'échéance du paiement de {} jours"


def _quote(client, attempt_id: int, customer: str = "", **kwargs) -> str:
    response = client.get(f"/tentatives/{attempt_id}/devis", query_string={"client": customer}, **kwargs)
    assert response.status_code == 200
    return _text(response)


def test_a_new_quote_has_a_client_select_and_no_warning_before_a_choice(client, attempt_id):
    page = _quote(client, attempt_id)
    assert '<label for="champ-client">Client</label>' in page and "Imprimerie Barthelemy EURL" in page
    assert "Attention" not in page


def test_the_default_strategy_warns_at_its_only_and_last_level(client, attempt_id):
    assert WARNING.format(81) in _quote(client, attempt_id, "BAR")
    page = _quote(client, attempt_id, "HAM")  # 10 days: not yet at J+15
    assert "Attention" not in page and "Aucun avertissement pour Hamon Formation SA." in page


def test_the_warning_follows_the_level_that_carries_it(client, attempt_id):
    post(client, _url(attempt_id, "/nouveau"), {**LEVEL, "actions": ["email", "sales_warning"]})
    assert WARNING.format(10) in _quote(client, attempt_id, "HAM")  # at Retard 1 (J+5), which warns
    assert "Attention" not in _quote(client, attempt_id, "BAR")  # at Premier rappel, which does not any more
    fragment = _quote(client, attempt_id, "HAM", headers=HTMX)
    assert fragment.lstrip().startswith('<div id="avertissement-devis"') and WARNING.format(10) in fragment
