"""Relances par lot through the forms: the wizard « Lancer le processus de relance » (Synthèse, Détail,
Clients sans adresse électronique), « Lots de relance » (list, detail), the statements sent in batch from
« Clients à relancer », and the answer box of the Consignes; then the scenario played to 100."""

from __future__ import annotations

import html
import re

import pytest
from workspace_helpers import log, post, start

from simulator import services, store

PACK, SCENARIO = "relances", "relances-par-lot"


def _start(client, monkeypatch, seed: int = 1):
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: seed)
    attempt_id = start(client, SCENARIO, pack=PACK)
    world = services.grader_for(PACK).world(SCENARIO, seed)
    return attempt_id, world, f"/tentatives/{attempt_id}"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\u202f", " ").replace("\u00a0", " ")


def _field_error(page: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-error"[^>]*>([^<]+)</p>', page)
    assert match, page[page.find(field_id) - 200 :][:800]
    return html.unescape(match[1])


def _ttc(world, key):
    return world.document(world.keys[key]).amount_ttc


def _euros(amount) -> str:
    """1234.5 -> "1 234,50 €" (the screens' format, with plain spaces)."""
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{' '.join(groups)},{cents} €"


def _run_form(world, **extra):
    return {
        "level": "1",
        "date": world.today.isoformat(),
        "excluded_methods": ["prelevement"],
        "excluded_customers": [world.keys["E"]],
        **extra,
    }


# --- the wizard -------------------------------------------------------------------------------------------


def test_wizard_shows_the_core_summary_and_the_customers_without_address(client, monkeypatch):
    _, world, base = _start(client, monkeypatch)
    page = _text(client.get(f"{base}/relances/lancer?level=1&excluded_methods=prelevement"))
    names = {k: world.customer(world.keys[k]).customer.name for k in "ABCDEFGH"}
    # Détail: the level-1 customers; C (prélèvement) set apart; F (level 2), G (paid), H (not due) absent
    for key in "ABDE":
        assert names[key] in page
    assert "Mode de règlement exclu" in page
    for key in "FGH":
        assert names[key] not in page
    # Synthèse worked by hand: A (invoice + open credit note), B (two invoices), D, E: 4 clients, 6 items
    debit = sum(_ttc(world, k) for k in ("FA", "FB", "FB2", "FD", "FE"))
    credit = _ttc(world, "AVA")
    summary = page[page.index('id="synthese-lot"') : page.index('id="detail-lot"')]
    assert re.search(r"Nombre de clients</dt><dd>4<", summary)
    assert re.search(r"Nombre d'écritures</dt><dd>6<", summary)
    assert _euros(debit) in summary and _euros(credit) in summary and _euros(debit - credit) in summary
    # Clients sans adresse électronique: D and E, each with its own field
    missing = page[page.index('id="sans-adresse"') :]
    assert names["D"] in missing and names["E"] in missing and names["A"] not in missing
    assert f'id="email-{world.keys["D"]}"' in missing


def test_excluding_a_customer_refreshes_the_summary_htmx(client, monkeypatch):
    _, world, base = _start(client, monkeypatch)
    url = f"{base}/relances/lancer?level=1&excluded_methods=prelevement&excluded_customers={world.keys['E']}"
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    page = _text(response)
    assert re.search(r"Nombre de clients</dt><dd>3<", page) and "Client exclu" in page


def test_run_refused_while_a_customer_has_no_address_nothing_logged(app, client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch)
    response = post(client, f"{base}/relances/lancer", _run_form(world))
    assert response.status_code == 422
    page = _text(response)
    d_name = world.customer(world.keys["D"]).customer.name
    assert f"Relance refusée : pas d'adresse électronique pour {d_name}" in page
    assert log(app, attempt_id) == []


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("31/02/2026", "n'est pas une date"),
        ("2099-01-01", "postérieure à la date du jour"),
        ("", "obligatoire"),
    ],
)
def test_run_refuses_a_bad_date_next_to_the_field(app, client, monkeypatch, date, message):
    attempt_id, world, base = _start(client, monkeypatch)
    post(client, f"{base}/relances/lancer/adresse/{world.keys['D']}", {"email": "a@b.fr"})
    response = post(client, f"{base}/relances/lancer", _run_form(world, date=date))
    assert response.status_code == 422
    assert message in _field_error(response.get_data(as_text=True), "champ-date")
    assert [a["type"] for a in log(app, attempt_id)] == ["set_customer_email"]


@pytest.mark.parametrize("level", ["9", "0", "-1", "1.5", "abc", "²"])
def test_unknown_level_is_refused_next_to_the_field(app, client, monkeypatch, level):
    attempt_id, world, base = _start(client, monkeypatch)
    response = post(client, f"{base}/relances/lancer", _run_form(world, level=level))
    assert response.status_code == 422
    message = f"niveau de relance {level} n'existe pas"
    assert message in _field_error(response.get_data(as_text=True), "champ-level")
    assert log(app, attempt_id) == []
    preview = client.get(f"{base}/relances/lancer", query_string={"level": level})  # the htmx preview
    assert preview.status_code == 200 and message in _field_error(
        preview.get_data(as_text=True), "champ-level"
    )


def test_address_form_records_the_action_no_js_and_keeps_the_choices(app, client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch)
    d = world.keys["D"]
    response = post(
        client, f"{base}/relances/lancer/adresse/{d}", {**_run_form(world), "email": " compta@d.fr "}
    )
    assert response.status_code == 303
    assert "excluded_methods=prelevement" in response.location and "level=1" in response.location
    assert log(app, attempt_id) == [{"type": "set_customer_email", "customer": d, "email": "compta@d.fr"}]
    page = _text(client.get(response.location))
    assert "compta@d.fr" in page


def test_an_address_typed_in_the_wizard_is_the_customers_address_on_its_follow_up_page(client, monkeypatch):
    """D's card has no address: its page says so, then shows the typed one and proposes it as « À »."""
    attempt_id, world, base = _start(client, monkeypatch)
    d = world.keys["D"]
    before = _text(client.get(f"{base}/relances/{d}"))
    assert "Aucune adresse" in before
    post(client, f"{base}/relances/lancer/adresse/{d}", {**_run_form(world), "email": "compta@d.fr"})
    page = client.get(f"{base}/relances/{d}").get_data(as_text=True)
    assert 'href="mailto:compta@d.fr"' in page
    assert re.search(r'id="email-a"[^>]*value="compta@d.fr"|value="compta@d.fr"[^>]*id="email-a"', page)


@pytest.mark.parametrize("typed", ["abc", "deux adresses@x.fr y@z.fr", ""])
def test_bad_address_is_refused_next_to_the_customer_field(app, client, monkeypatch, typed):
    attempt_id, world, base = _start(client, monkeypatch)
    d = world.keys["D"]
    response = post(client, f"{base}/relances/lancer/adresse/{d}", {**_run_form(world), "email": typed})
    assert response.status_code == 422
    assert _field_error(response.get_data(as_text=True), f"email-{d}")
    assert log(app, attempt_id) == []


def test_address_form_htmx_swaps_the_wizard_with_a_trigger(client, monkeypatch):
    _, world, base = _start(client, monkeypatch)
    d = world.keys["D"]
    response = post(
        client,
        f"{base}/relances/lancer/adresse/{d}",
        {**_run_form(world), "email": "compta@d.fr"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "lots-changed"
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="assistant-relance"' in body


def test_launching_records_one_action_and_opens_the_lot(app, client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch)
    d = world.keys["D"]
    post(client, f"{base}/relances/lancer/adresse/{d}", {"email": "compta@d.fr"})
    response = post(client, f"{base}/relances/lancer", _run_form(world))
    assert response.status_code == 303 and response.location.endswith("/relances/lots/REL/2026/0001")
    assert log(app, attempt_id)[-1] == {
        "type": "run_followup",
        "level": 1,
        "date": world.today.isoformat(),
        "excluded_methods": ["prelevement"],
        "excluded_customers": [world.keys["E"]],
        "operator": "",
    }
    detail = _text(client.get(response.location))
    for key in "ABD":
        assert world.customer(world.keys[key]).customer.name in detail
    assert "compta@d.fr" in detail and "Exécuté" in detail
    listing = _text(client.get(f"{base}/relances/lots"))
    assert "REL/2026/0001" in listing and "Niveau 1" in listing and "Exécuté" in listing
    assert re.search(r'<td class="num">3</td>\s*<td class="num">5</td>', listing)  # Clients, Écritures
    # the reminders are in the follow-up log: « Dernière relance » shows them
    reminders = _text(client.get(f"{base}/relances?tous=1"))
    a_name = world.customer(world.keys["A"]).customer.name
    a_row = next(row for row in re.findall(r"<tr>.*?</tr>", reminders, re.S) if a_name in row)
    assert f"{world.today:%d/%m/%Y} · E-mail" in a_row


def test_unknown_lot_is_404(client, monkeypatch):
    _, _, base = _start(client, monkeypatch)
    assert client.get(f"{base}/relances/lots/REL/2026/0099").status_code == 404


# --- statements in batch ----------------------------------------------------------------------------------


def test_sending_statements_in_batch_logs_one_send_statement_each(app, client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch)
    a, b = world.keys["A"], world.keys["B"]
    page = client.get(f"{base}/relances").get_data(as_text=True)
    assert "Envoyer les relevés" in page and f'value="{a}"' in page
    response = client.post(
        f"{base}/relances/releves",
        data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1], "customers": [a, b]},
    )
    assert response.status_code == 303
    today = world.today.isoformat()
    assert log(app, attempt_id) == [
        {"type": "send_statement", "customer": a, "date": today},
        {"type": "send_statement", "customer": b, "date": today},
    ]
    sent = _text(client.get(response.location))
    assert f"/relances/{a}/releve.pdf" in sent and f"/relances/{b}/releve.pdf" in sent
    pdf = client.get(f"{base}/relances/{a}/releve.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data[:4] == b"%PDF"


def test_sending_statements_with_nobody_ticked_is_refused(app, client, monkeypatch):
    attempt_id, _, base = _start(client, monkeypatch)
    response = post(client, f"{base}/relances/releves", {})
    assert response.status_code == 422 and "Sélectionnez au moins un client" in _text(response)
    assert log(app, attempt_id) == []


def test_a_batch_with_one_refused_customer_sends_nothing(app, client, monkeypatch):
    """A then an unknown customer: the batch is refused whole (422, the reason shown), A's statement is not
    recorded either."""
    attempt_id, world, base = _start(client, monkeypatch)
    response = post(client, f"{base}/relances/releves", {"customers": [world.keys["A"], "NOBODY"]})
    assert response.status_code == 422
    page = _text(response)
    assert "Aucun relevé envoyé" in page and "NOBODY" in page
    assert log(app, attempt_id) == []


# --- the answer box -------------------------------------------------------------------------------------


def test_answer_box_records_one_answer_per_figure_typed(app, client, monkeypatch):
    attempt_id, _, base = _start(client, monkeypatch)
    page = _text(client.get(f"{base}/consignes"))
    assert "Vos réponses" in page and "Synthèse du lot : solde" in page
    response = post(client, f"{base}/consignes/reponses", {"answer-clients": "3", "answer-solde": "1 234,50"})
    assert response.status_code == 303
    assert log(app, attempt_id) == [
        {"type": "answer", "question": "clients", "value": "3"},
        {"type": "answer", "question": "solde", "value": "1234.50"},
    ]
    assert "Réponse enregistrée : 1 234,50 €" in _text(client.get(f"{base}/consignes"))


def test_answer_box_takes_a_zero_amount_as_the_core_does(app, client, monkeypatch):
    # a run over customers without credit notes has « total crédit » 0,00 €: the student must be able to
    # quote it (replay reads an answer with allow_zero)
    attempt_id, _, base = _start(client, monkeypatch)
    response = post(client, f"{base}/consignes/reponses", {"answer-credit": "0,00"})
    assert response.status_code == 303
    assert log(app, attempt_id) == [{"type": "answer", "question": "credit", "value": "0.00"}]


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("answer-solde", "abc", "n'est pas un montant"),
        ("answer-solde", "-5", "positif"),
        ("answer-solde", "1e9", "n'est pas un montant"),
        ("answer-clients", "3,5", "nombre entier"),
        ("answer-clients", "-1", "nombre entier"),
        ("answer-clients", "²", "nombre entier"),
    ],
)
def test_answer_box_refuses_a_bad_figure_next_to_its_field(app, client, monkeypatch, field, typed, message):
    attempt_id, _, base = _start(client, monkeypatch)
    response = post(client, f"{base}/consignes/reponses", {field: typed, "answer-credit": "12,00"})
    assert response.status_code == 422
    assert message in _field_error(response.get_data(as_text=True), f"champ-{field}")
    assert log(app, attempt_id) == []


def test_answer_box_htmx_gets_the_fragment(client, monkeypatch):
    _, _, base = _start(client, monkeypatch)
    response = post(
        client, f"{base}/consignes/reponses", {"answer-clients": "3"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "answers-changed"
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="reponses"' in body


# --- the scenario through the forms -----------------------------------------------------------------------


def test_scenario_played_through_the_forms_grades_100(app, client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch, seed=7)
    run = world.expected.followup_run
    [(d, address)] = run.emails
    assert post(client, f"{base}/relances/lancer/adresse/{d}", {"email": address}).status_code == 303
    assert post(client, f"{base}/relances/lancer", _run_form(world)).status_code == 303
    lot = _text(client.get(f"{base}/relances/lots/REL/2026/0001"))
    figures = re.search(
        r"Nombre de clients</dt><dd>(\d+)</dd>\s*<dt>Nombre d'écritures</dt><dd>(\d+)</dd>\s*"
        r'<dt>Total débit</dt><dd class="nowrap">([^<]+)</dd>\s*<dt>Total crédit</dt><dd class="nowrap">([^<]+)'
        r'</dd>\s*<dt>Solde</dt><dd class="nowrap">([^<]+)</dd>',
        lot,
    )
    answers = dict(zip(("clients", "ecritures", "debit", "credit", "solde"), figures.groups(), strict=True))
    answers = {f"answer-{k}": v.replace(" €", "") for k, v in answers.items()}
    assert post(client, f"{base}/consignes/reponses", answers).status_code == 303
    assert post(client, f"{base}/rendre").status_code == 303
    db = store.open_db(app.config["DATABASE"])
    try:
        grade = store.get_attempt(db, attempt_id).grade_data
    finally:
        db.close()
    assert grade["score"] == 100.0, grade["mistakes"]
