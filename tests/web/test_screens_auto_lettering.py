"""Lettrage automatique through the forms: the wizard (labels of screens.md / Odoo 8), its report
« Écritures lettrées » / « Écritures non lettrées » with the manual Lettrage links, « Délettrer » per set
and for the whole run; bad input refused next to its field, 422, nothing logged; the scenario played to 100."""

from __future__ import annotations

import html
import re

import pytest
from workspace_helpers import log, post, sign_up, start

from simulator import services

PACK, SCENARIO = "lettrage", "lettrage-automatique"


def _start(client, monkeypatch, seed: int = 1):
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: seed)
    attempt_id = start(client, SCENARIO, pack=PACK)
    world = services.grader_for(PACK).world(SCENARIO, seed)
    return attempt_id, world, f"/tentatives/{attempt_id}"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\u202f", " ").replace("\u00a0", " ")


def _form(**extra):
    return {
        "accounts": ["411"],
        "power": "3",
        "max_gap": "1,00",
        "write_off": "1",
        "write_off_account": "658",
        "write_off_gain_account": "758",
        "write_off_journal": "OD",
        "date_from": "2026-05-01",
        "date_to": "2026-05-31",
        **extra,
    }


def test_the_wizard_has_the_labels_of_the_screen(client, monkeypatch):
    _, _, base = _start(client, monkeypatch)
    page = _text(client.get(f"{base}/lettrage-automatique"))
    for label in (
        "Comptes à lettrer",
        "Puissance",
        "Écart autorisé",
        "Autoriser les annulations",
        "Compte d'annulation",
        "Journal d'annulation",
        "Date de début",
        "Date de fin",
    ):
        assert f">{label}</label>" in page or f"> {label}</label>" in page, label
    assert ">Lettrer</button>" in page
    assert "Tâches périodiques › Lettrage › Lettrage automatique" in page  # the path of Odoo 8


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"power": "5"}, "power", "La puissance doit être un entier de 2 à 4"),
        ({"power": "abc"}, "power", "La puissance doit être un entier de 2 à 4"),
        ({"max_gap": "-1"}, "max_gap", "L'écart autorisé ne peut pas être négatif"),
        ({"max_gap": "abc"}, "max_gap", "n'est pas un montant"),
        ({"date_from": "2026-05-31", "date_to": "2026-05-01"}, "date_to", "précède la date de début"),
        ({"write_off_account": "411"}, "write_off_account", "ne convient pas pour une annulation"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(app, client, monkeypatch, changes, field, message):
    attempt_id, _, base = _start(client, monkeypatch)
    response = post(client, f"{base}/lettrage-automatique", _form(**changes))
    assert response.status_code == 422
    page = _text(response)
    error = re.search(rf'<p class="field-error" id="champ-{field}-error">([^<]+)</p>', page)
    assert error and message in error[1], page[page.find("field-error") - 300 :][:900]
    assert log(app, attempt_id) == []


def test_run_report_then_undo_one_set_and_the_whole_run(app, client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch)
    response = post(client, f"{base}/lettrage-automatique", _form())
    assert response.status_code == 303 and response.location.endswith("/lettrage-automatique/LA1")
    page = _text(client.get(response.location))
    assert "Écritures lettrées" in page and "Écritures non lettrées" in page
    assert "Plusieurs combinaisons possibles" in page  # the ambiguous receipt
    assert f"{base}/lettrage?customer=" in html.unescape(page) and "non_lettrees=1" in page
    assert [a["type"] for a in log(app, attempt_id)] == ["auto_reconcile"]
    response = post(client, f"{base}/lettrage-automatique/LA1/delettrer", {"set": "LA1-1"})
    assert response.status_code == 303
    assert log(app, attempt_id)[-1] == {"type": "undo_auto_reconcile", "run": "LA1", "sets": ["LA1-1"]}
    response = post(client, f"{base}/lettrage-automatique/LA1/delettrer", {"set": "LA1-1"})
    assert response.status_code == 422 and "déjà délettré" in _text(response)
    response = post(client, f"{base}/lettrage-automatique/LA1/delettrer", {})
    assert response.status_code == 303
    assert log(app, attempt_id)[-1] == {"type": "undo_auto_reconcile", "run": "LA1"}
    assert client.get(f"{base}/lettrage-automatique/LA9").status_code == 404


def test_another_students_attempt_is_not_found(app, client, monkeypatch):
    _, _, base = _start(client, monkeypatch)
    other = app.test_client()
    assert sign_up(other, "autre.eleve@lycee.fr").status_code in (302, 303)
    assert other.get(f"{base}/lettrage-automatique").status_code == 404
    assert other.get(f"{base}/lettrage-automatique/LA1").status_code == 404


def test_the_http_api_grades_an_attempt_with_the_action(client):
    from simulator.packs.play.solve import attempt, solve

    world = services.grader_for(PACK).world(SCENARIO, 11)
    body = client.post("/api/grade", json=attempt(world, solve(world))).get_json()
    assert body["score"] == 100.0 and body["problems"] == []
    careless = [{**a, "max_gap": "10.00"} if a["type"] == "auto_reconcile" else a for a in solve(world)]
    body = client.post("/api/grade", json=attempt(world, careless)).get_json()
    assert "AUTO_WRITEOFF_TOO_LARGE" in [m["code"] for m in body["mistakes"]]
