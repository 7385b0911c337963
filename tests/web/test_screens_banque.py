"""The Banque screens through the Flask client: Banque en ligne (core rows, Imprimer le relevé), Rapprochement
bancaire (Faire correspondre), Chèques reçus (Enregistrer le règlement, Endosser) and Remises de chèques
(Nouveau bordereau, Annuler la remise, Imprimer le bordereau): valid posts, refusals next to their field with
the log unchanged, the no-JavaScript path (303) and the htmx path (fragment + HX-Trigger)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from banque_helpers import attempt_of, french, post_deposit, slip_form, via_service
from markupsafe import escape
from workspace_helpers import log, post, sign_up, start

from simulator.packs.play.solve import solve

HX = {"HX-Request": "true"}
SCREENS = ["/rapprochement", "/cheques", "/remises", "/banque/releve.pdf"]


def _error(html: str, field_id: str) -> str | None:
    found = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error"[^>]*>([^<]+)</p>', html)
    return unescape(found[1]) if found else None


def _form_error(html: str) -> str | None:
    found = re.search(r'<p class="form-error" role="alert">([^<]+)</p>', html)
    return unescape(found[1]) if found else None


@pytest.fixture
def cheque(client):
    """An attempt of the cheque scenario, its reference actions and its base URL."""
    attempt_id = start(client, "cheque")
    _, attempt = attempt_of(client, attempt_id)
    return attempt_id, solve(attempt.world), f"/tentatives/{attempt_id}"


def _payment_form(action: dict, **changes) -> dict:
    data = {
        "cheque": action["source"]["cheque"],
        "customer": action["customer"],
        "documents": action["documents"],
        "amount": french(action["amount"]),
        "date": action["date"],
        "reference": action["reference"],
    }
    return {**data, **changes}


def _record_all(client, attempt_id: int, reference: list[dict]) -> None:
    for action in reference:
        if action["type"] in ("register_payment", "endorse_cheque"):
            via_service(client, attempt_id, action)


# --- who may see and post -------------------------------------------------------------------------------


@pytest.mark.parametrize("route", SCREENS)
def test_the_bank_screens_answer_404_to_anyone_but_the_owner(app, route):
    owner, other = app.test_client(), app.test_client()
    sign_up(other, "autre@example.fr")
    attempt_id = start(owner, "cheque")
    assert owner.get(f"/tentatives/{attempt_id}{route}").status_code == 200
    assert other.get(f"/tentatives/{attempt_id}{route}").status_code == 404
    for url in ("cheques/reglement", "cheques/endos", "remises/bordereau", "rapprochement/correspondre"):
        assert post(other, f"/tentatives/{attempt_id}/{url}", {"cheque": "CHQ-1"}).status_code == 404
    assert log(app, attempt_id) == []


@pytest.mark.parametrize(
    "url", ["cheques/reglement", "cheques/endos", "remises/bordereau", "remises/annulation"]
)
def test_the_bank_forms_refuse_a_post_without_its_token(client, app, url):
    attempt_id = start(client, "cheque")
    response = client.post(f"/tentatives/{attempt_id}/{url}", data={"cheque": "CHQ-1", "account": "FR76"})
    assert response.status_code == 400
    assert log(app, attempt_id) == []


# --- Banque en ligne -------------------------------------------------------------------------------------


def test_imprimer_le_releve_opens_the_statement_pdf_inline_in_a_new_tab(client):
    attempt_id = start(client, "remise-creditee")
    html = client.get(f"/tentatives/{attempt_id}/banque").get_data(as_text=True)
    form = re.search(r'<form class="bank-print" method="get" target="_blank"\s+action="([^"]+)">', html)
    assert form and ">Imprimer le relevé</button>" in html
    response = client.get(form[1])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.data.startswith(b"%PDF")


def test_the_bank_marks_a_line_once_reconciled(client, app):
    attempt_id = start(client, "remise-creditee")
    _, attempt = attempt_of(client, attempt_id)
    reconcile = solve(attempt.world)[0]
    before = client.get(f"/tentatives/{attempt_id}/banque").get_data(as_text=True)
    assert ">Rapproché</span>" not in before
    via_service(client, attempt_id, reconcile)
    after = client.get(f"/tentatives/{attempt_id}/banque").get_data(as_text=True)
    row = re.search(rf'<tr id="ligne-{reconcile["statement_line"]}">.*?</tr>', after, re.S)[0]
    assert '<span class="badge badge-done">Rapproché</span>' in row


# --- Rapprochement bancaire ------------------------------------------------------------------------------


def test_each_line_shows_its_state_and_only_credit_lines_offer_faire_correspondre(client):
    attempt_id = start(client, "remise-creditee")
    _, attempt = attempt_of(client, attempt_id)
    html = client.get(f"/tentatives/{attempt_id}/rapprochement").get_data(as_text=True)
    credits = [s for s in attempt.world.statement_lines if s.amount > 0]
    debits = [s for s in attempt.world.statement_lines if s.amount < 0]
    assert html.count(">À rapprocher</span>") == len(credits) == html.count(">Faire correspondre</button>")
    assert html.count(">Débit</span>") == len(debits)


def test_a_transfer_without_its_receipt_gets_the_hint_to_record_it_first(client):
    attempt_id = start(client, "virement")
    _, attempt = attempt_of(client, attempt_id)
    line = solve(attempt.world)[0]["source"]["statement_line"]
    html = client.get(f"/tentatives/{attempt_id}/rapprochement?ligne={line}").get_data(as_text=True)
    assert "Enregistrez d'abord le règlement (Factures clients ou Règlements clients)" in html
    assert "Aucune remise en attente de crédit." in html


@pytest.fixture
def transfer(client):
    """virement with its receipt recorded from the invoice (no statement line), amount as received."""
    attempt_id = start(client, "virement")
    _, attempt = attempt_of(client, attempt_id)
    payment = solve(attempt.world)[0]
    line = payment.pop("source")["statement_line"]
    return attempt_id, payment, line


def test_the_receipts_to_reconcile_are_offered_with_their_running_total(client, transfer):
    attempt_id, payment, line = transfer
    via_service(client, attempt_id, payment)
    base = f"/tentatives/{attempt_id}/rapprochement"
    html = client.get(f"{base}?ligne={line}").get_data(as_text=True)
    assert f'name="payments" value="{payment["id"]}"' in html
    assert 'Total sélectionné : <strong class="nowrap">0,00\u00a0€</strong>' in html
    total = post(client, f"{base}/total", {"statement_line": line, "payments": [payment["id"]]}, headers=HX)
    fragment = total.get_data(as_text=True)
    assert total.status_code == 200 and fragment.lstrip().startswith('<p id="total-selection"')
    assert (
        french(payment["amount"]).replace(" ", "\u202f") + "\u00a0€" in fragment
        and "Le total correspond à la ligne" in fragment
    )


def test_a_selection_that_does_not_add_up_to_the_line_is_refused_next_to_the_receipts(client, app, transfer):
    attempt_id, payment, line = transfer
    short = {**payment, "amount": "100.00", "difference": {"handling": "keep_open"}}
    via_service(client, attempt_id, short)
    url = f"/tentatives/{attempt_id}/rapprochement/correspondre"
    for headers in ({}, HX):
        response = post(client, url, {"statement_line": line, "payments": [payment["id"]]}, headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        message = re.search(r'<p class="field-error" id="payments-error">([^<]+)</p>', html)[1]
        assert message.startswith("La ligne du relevé du ") and "100,00\u00a0€" in message
        assert line not in message and "« VIR SEPA " in message  # named by its date, label and amount
        assert "checked" in html  # what was ticked stays ticked
    nothing = post(client, url, {"statement_line": line})
    assert "Indiquez les règlements ou la remise à rapprocher" in nothing.get_data(as_text=True)
    assert len(log(app, attempt_id)) == 1


def test_faire_correspondre_with_htmx_swaps_the_lines_and_triggers(client, app, transfer):
    attempt_id, payment, line = transfer
    via_service(client, attempt_id, payment)
    response = post(
        client,
        f"/tentatives/{attempt_id}/rapprochement/correspondre",
        {"statement_line": line, "payments": [payment["id"]]},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "statement-changed"
    assert html.lstrip().startswith('<div id="rapprochement">') and "<html" not in html
    assert re.search(r"Règlement BNK/\d{4}/\d{4}", html) and "Faire correspondre" not in html
    assert f"Règlement {payment['id']}" not in html  # the entry number, never the attempt file's id
    assert log(app, attempt_id)[-1] == {
        "type": "reconcile_statement_line",
        "statement_line": line,
        "payments": [payment["id"]],
    }


# --- Chèques reçus ---------------------------------------------------------------------------------------


def test_each_cheque_is_drawn_front_and_back_with_its_state(client, cheque):
    attempt_id, _, base = cheque
    _, attempt = attempt_of(client, attempt_id)
    html = client.get(f"{base}/cheques").get_data(as_text=True)
    for c in attempt.world.cheques:
        found = re.search(rf'<article class="cheque-item" id="cheque-{c.id}".*?</article>', html, re.S)
        article = unescape(found[0])
        for text in (
            "Payez contre ce chèque",
            c.amount_in_words,
            "à l'ordre de",
            c.payee,
            c.drawer,
            c.bank,
            c.place,
            c.date.strftime("%d/%m/%Y"),
            f"Chèque n° {c.number}",
            f"{french(f'{c.amount:.2f}')}".replace(" ", "\u202f"),
            "Non endossé",
            '<span class="badge badge-warn">À enregistrer</span>',
            ">Enregistrer le règlement</button>",
            ">Endosser</button>",
        ):
            assert text in article, (c.id, text)


def test_the_customer_is_chosen_by_the_student_and_brings_their_open_invoices(client, app, cheque):
    attempt_id, reference, base = cheque
    action = reference[0]
    page = client.get(f"{base}/cheques?cheque={action['source']['cheque']}&action=reglement")
    html = page.get_data(as_text=True)
    assert '<option value="" selected>— choisir —</option>' in html  # nothing guessed from the drawer
    _, attempt = attempt_of(client, attempt_id)
    received = attempt.world.cheque(action["source"]["cheque"]).received
    assert f'name="date" type="date" value="{received.isoformat()}"' in html  # the reception date
    chosen = post(
        client,
        f"{base}/cheques/reglement",
        {"cheque": action["source"]["cheque"], "customer": action["customer"], "choisir": "1"},
    )  # « Choisir » without JavaScript
    html = chosen.get_data(as_text=True)
    assert chosen.status_code == 200 and f'value="{action["documents"][0]}"' in html
    assert f'<option value="{action["customer"]}" selected>' in html
    htmx = post(
        client,
        f"{base}/cheques/reglement",
        {"cheque": action["source"]["cheque"], "customer": action["customer"], "choisir": "1"},
        headers=HX,
    )
    assert htmx.get_data(as_text=True).lstrip().startswith('<div id="cheques">')
    assert log(app, attempt_id) == []


def test_enregistrer_le_reglement_without_javascript_records_it_in_chq(client, app, cheque):
    attempt_id, reference, base = cheque
    action = reference[0]
    response = post(client, f"{base}/cheques/reglement", _payment_form(action))
    assert response.status_code == 303 and response.location == f"{base}/cheques"
    assert log(app, attempt_id) == [{k: v for k, v in action.items() if k != "id"}]
    html = client.get(response.location).get_data(as_text=True)
    article = re.search(rf'id="cheque-{action["source"]["cheque"]}".*?</article>', html, re.S)[0]
    assert '<span class="badge ">À remettre</span>' in article
    assert re.search(r"Règlement CHQ/\d{4}/\d{4} enregistré", article) and "P1" not in article
    assert ">Enregistrer le règlement</button>" not in article


def test_enregistrer_le_reglement_with_htmx_swaps_the_cheques_and_triggers(client, app, cheque):
    attempt_id, reference, base = cheque
    response = post(client, f"{base}/cheques/reglement", _payment_form(reference[0]), headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "cheques-changed"
    assert html.lstrip().startswith('<div id="cheques">')
    assert re.search(r"Règlement CHQ/\d{4}/\d{4} enregistré", html) and "P1" not in html
    assert 'class="panel-form"' not in html  # the form closed
    assert len(log(app, attempt_id)) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "abc", "n'est pas un montant"),
        ("amount", "-5", "positif"),
        ("amount", "1e9", "n'est pas un montant"),
        ("amount", "", "obligatoire"),
        ("date", "31/02/2026", "date"),
        ("date", "", "date"),
        ("date", "2099-01-01", "postérieure à la date du jour"),
        ("documents", ["FAC/1999/99999"], "FAC/1999/99999"),
    ],
)
@pytest.mark.parametrize("headers", [{}, HX])
def test_a_refused_payment_says_why_next_to_its_field_and_stores_nothing(
    client, app, cheque, field, value, message, headers
):
    attempt_id, reference, base = cheque
    data = _payment_form(reference[0], **{field: value})
    response = post(client, f"{base}/cheques/reglement", data, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = _error(html, "documents" if field == "documents" else f"champ-{field}")
    assert error and message.lower() in error.lower(), error
    assert ('<div id="cheques">' in html) and (("<html" in html) != bool(headers))
    assert log(app, attempt_id) == []


def test_an_endorsement_is_written_on_the_back_escaped(client, app, cheque):
    attempt_id, reference, base = cheque
    endorse = next(a for a in reference if a["type"] == "endorse_cheque")
    refused = post(client, f"{base}/cheques/endos", {"cheque": endorse["cheque"], "account": " "})
    assert refused.status_code == 422
    assert (
        _error(refused.get_data(as_text=True), "champ-account")
        == "Le champ « Compte à créditer » est obligatoire."
    )
    assert log(app, attempt_id) == []
    data = {"cheque": endorse["cheque"], "account": endorse["account"], "signature": "<b>Léa</b> Martin"}
    response = post(client, f"{base}/cheques/endos", data, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "cheques-changed"
    back = re.search(rf'id="cheque-{endorse["cheque"]}".*?class="cheque-back".*?</figure>', html, re.S)[0]
    assert f"compte n° {endorse['account']}" in back and "&lt;b&gt;Léa&lt;/b&gt; Martin" in back
    assert "<b>Léa</b>" not in html
    assert log(app, attempt_id) == [{"type": "endorse_cheque", **data}]


# --- Remises de chèques ----------------------------------------------------------------------------------


def test_nouveau_bordereau_shows_one_row_per_cheque_to_deposit_and_ajouter_adds_one(client, app, cheque):
    attempt_id, reference, base = cheque
    html = client.get(f"{base}/remises?nouveau=1").get_data(as_text=True)
    assert html.count('<label for="lines-0-cheque">Chèque</label>') == 1
    assert "Aucun chèque à remettre" in html  # nothing recorded yet
    _record_all(client, attempt_id, reference)
    deposit = reference[-1]
    html = client.get(f"{base}/remises?nouveau=1").get_data(as_text=True)
    rows = len(re.findall(r'<label for="lines-\d+-cheque">Chèque</label>', html))
    assert rows == len(deposit["lines"])
    for label in ("Date de la remise", "Compte à créditer", "Tireur", "Banque", "Numéro du chèque", "Montant",
                  "Nombre de chèques", "Montant total"):  # fmt: skip
        assert f">{label}</label>" in html
    data = {**slip_form(deposit), "ajouter": "1"}
    added = post(client, f"{base}/remises/bordereau", data).get_data(as_text=True)
    assert len(re.findall(r'<label for="lines-\d+-cheque">Chèque</label>', added)) == rows + 1
    assert f'value="{escape(deposit["lines"][0]["drawer"])}"' in added  # what was typed is kept, escaped
    assert len(log(app, attempt_id)) == len(reference) - 1


def test_a_slip_is_kept_as_written_even_with_a_wrong_amount(client, app, cheque):
    attempt_id, reference, base = cheque
    _record_all(client, attempt_id, reference)
    deposit = {**reference[-1], "total": "1.00"}  # wrong, but an amount: the grader judges it
    response = post_deposit(client, attempt_id, deposit)
    assert response.status_code == 303 and response.location == f"{base}/remises"
    assert log(app, attempt_id)[-1] == {k: v for k, v in deposit.items() if k != "id"}
    html = client.get(f"{base}/remises").get_data(as_text=True)
    row = re.search(r'<tr id="remise-S1">.*?</tr>', html, re.S)[0]
    assert "1,00\u00a0€" in row and '<span class="badge badge-info">Remis</span>' in row
    assert ">Annuler la remise</button>" in row and ">Imprimer le bordereau</button>" in row
    pdf = client.get(f"{base}/remises/S1/bordereau.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert client.get(f"{base}/remises/S9/bordereau.pdf").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "field_id", "message"),
    [
        ("lines-0-amount", "abc", "lines-0-amount", "n'est pas un montant"),
        ("lines-0-amount", "-5", "lines-0-amount", "positif"),
        ("total", "1e9", "champ-total", "n'est pas un montant"),
        ("total", "", "champ-total", "obligatoire"),
        ("count", "trois", "champ-count", "nombre entier"),
        ("count", "²", "champ-count", "nombre entier"),  # str.isdigit but not int(): no 500
        ("count", "", "champ-count", "Nombre de chèques"),
        ("date", "32/04/2026", "champ-date", "date"),
        ("date", "2099-01-01", "champ-date", "postérieure à la date du jour"),
    ],
)
def test_a_refused_slip_says_why_next_to_its_field_and_stores_nothing(
    client, app, cheque, field, value, field_id, message
):
    attempt_id, reference, base = cheque
    _record_all(client, attempt_id, reference)
    before = log(app, attempt_id)
    data = {**slip_form(reference[-1]), field: value}
    response = post(client, f"{base}/remises/bordereau", data, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = _error(html, field_id)
    assert error and message.lower() in error.lower(), error
    assert 'class="slip-form"' in html  # the slip stays open with what was typed
    assert log(app, attempt_id) == before


def test_a_cheque_not_recorded_cannot_be_deposited(client, app, cheque):
    attempt_id, reference, base = cheque
    response = post_deposit(client, attempt_id, reference[-1])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "n'a pas été enregistré : saisissez d'abord l'encaissement (5112)" in html.replace("&#39;", "'")
    assert log(app, attempt_id) == []


def test_annuler_la_remise_frees_its_cheques_and_a_credited_slip_cannot_be_cancelled(client, app):
    attempt_id = start(client, "remise-creditee")
    base = f"/tentatives/{attempt_id}"
    _, attempt = attempt_of(client, attempt_id)
    slip = solve(attempt.world)[0]["slip"]
    html = client.get(f"{base}/remises").get_data(as_text=True)
    assert ">Annuler la remise</button>" not in html  # handed in before the scenario
    refused = post(client, f"{base}/remises/annulation", {"slip": slip}, headers=HX)
    assert refused.status_code == 422
    assert _form_error(refused.get_data(as_text=True)).startswith(f"La remise {slip} a été déposée avant")

    cheque_id = start(client, "cheque")
    _, cheque_attempt = attempt_of(client, cheque_id)
    reference = solve(cheque_attempt.world)
    _record_all(client, cheque_id, reference)
    post_deposit(client, cheque_id, reference[-1])
    response = post(client, f"/tentatives/{cheque_id}/remises/annulation", {"slip": "S1"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "cheques-changed"
    assert '<span class="badge badge-muted">Annulé</span>' in html
    assert log(app, cheque_id)[-1] == {"type": "cancel_deposit", "slip": "S1"}
    cheques = client.get(f"/tentatives/{cheque_id}/cheques").get_data(as_text=True)
    assert cheques.count('<span class="badge ">À remettre</span>') == len(reference[-1]["lines"])
