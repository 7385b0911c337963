"""The Comptabilité screens through the Flask client: lists and filters, the invoice form and its forms
(Ajouter, note, Avoir, Annuler l'avoir), the payment dialog and its Écart de règlement, Règlements
clients (detail, cancel, Nouveau règlement), Lettrage, Pièces comptables. Refusals answer 422 with the
French message next to the field and store nothing; without JavaScript a success redirects (303); with
htmx it swaps the panel and sends HX-Trigger."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from compta_helpers import attempt_of, play, receipt_fields, reference
from markupsafe import escape
from workspace_helpers import log, post, start

HX = {"HX-Request": "true"}


@pytest.fixture
def arrondi(client):
    """An arrondi attempt and its reference payment (a short or over payment within the tolerance)."""
    attempt_id = start(client, "arrondi")
    payment = next(a for a in reference(client, attempt_id) if a["type"] == "register_payment")
    return attempt_id, payment


def _dialog_data(payment: dict, **changes) -> dict:
    return {"document": payment["documents"][0], **receipt_fields(payment), **changes}


def _field_error(html: str, name: str) -> str:
    match = re.search(rf'id="champ-{name}-error">([^<]*)<', html)
    return match[1] if match else ""


# --- lists ----------------------------------------------------------------------------------------------


def test_the_invoice_list_shows_columns_badges_and_filters(client, arrondi):
    attempt_id, payment = arrondi
    html = client.get(f"/tentatives/{attempt_id}/factures").get_data(as_text=True)
    for header in (
        "Numéro",
        "Client",
        "Date de facturation",
        "Date d'échéance",
        "Total TTC",
        "Montant dû",
    ):
        assert f">{header}</th>" in html
    assert payment["documents"][0] in html and "Non payé" in html
    unpaid = client.get(f"/tentatives/{attempt_id}/factures?filtre=non-payees").get_data(as_text=True)
    assert payment["documents"][0] in unpaid
    assert 'aria-current="page">Non payées' in unpaid


def test_an_overdue_invoice_says_by_how_many_days(client):
    attempt_id = start(client, "partiel")
    attempt = attempt_of(client, attempt_id)
    from simulator.ledger.views import books_view

    late = [d for d in books_view(attempt.books).invoices if d.days_overdue > 0]
    html = client.get(f"/tentatives/{attempt_id}/factures?filtre=en-retard").get_data(as_text=True)
    assert late and f"En retard de {late[0].days_overdue} jours" in html
    assert all(d.number in html for d in late)


# --- the payment dialog ---------------------------------------------------------------------------------


def test_the_dialog_lists_its_fields_in_order_and_proposes_what_is_due(client, arrondi):
    attempt_id, payment = arrondi
    number = payment["documents"][0]
    html = client.get(f"/tentatives/{attempt_id}/reglement?facture={number}").get_data(as_text=True)
    labels = re.findall(r"<label for=\"[^\"]+\">([^<]+)</label>", html)
    assert labels[:5] == ["Journal", "Montant", "Date de règlement", "Mémo", "Ligne du relevé"]
    for text in (
        "Écart de règlement",
        "Laisser ouvert",
        "Marquer comme entièrement payé",
        "Compte de contrepartie",
        "Libellé",
        "Ventiler la TVA",
        "Taux de TVA",
        ">Valider<",
        ">Annuler<",
    ):
        assert text in html, text  # without JavaScript the block is always there


def test_the_difference_block_is_computed_by_the_core_when_the_amount_changes(client, arrondi):
    attempt_id, payment = arrondi
    number = payment["documents"][0]
    due = attempt_of(client, attempt_id).books.residual(number)
    url = f"/tentatives/{attempt_id}/reglement/ecart"
    html = client.get(
        url, query_string={"facture": number, "amount": payment["amount"]}, headers=HX
    ).get_data(as_text=True)
    gap = abs(due - Decimal(payment["amount"]))
    assert f"{gap:.2f}".replace(".", ",") in html and "Marquer comme entièrement payé" in html
    exact = client.get(url, query_string={"facture": number, "amount": f"{due:.2f}"}, headers=HX).get_data(
        as_text=True
    )
    assert "Aucun écart" in exact and "Laisser ouvert" not in exact  # htmx: the fields only with a gap
    nothing = client.get(url, query_string={"facture": number, "amount": "abc"}, headers=HX).get_data(
        as_text=True
    )
    assert "Saisissez le montant reçu" in nothing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "abc", "« abc » n&#39;est pas un montant"),
        ("amount", "-5", "Le montant doit être positif"),
        ("amount", "1e9", "« 1e9 » n&#39;est pas un montant"),
        ("amount", "", "Le montant est obligatoire."),
        ("date", "31/02/2026", "n&#39;est pas une date"),
        ("date", "01/01/2099", "postérieure à la date du jour"),
    ],
)
def test_a_bad_amount_or_date_is_refused_next_to_its_field(client, app, arrondi, field, value, message):
    attempt_id, payment = arrondi
    response = post(client, f"/tentatives/{attempt_id}/reglement", _dialog_data(payment, **{field: value}))
    assert response.status_code == 422
    assert message in _field_error(response.get_data(as_text=True), field)
    assert log(app, attempt_id) == []


def test_a_write_off_without_its_account_is_refused_next_to_the_account(client, app, arrondi):
    attempt_id, payment = arrondi
    data = _dialog_data(payment, account="")
    response = post(client, f"/tentatives/{attempt_id}/reglement", data, headers=HX)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "ne peut pas recevoir un écart" in _field_error(html, "account")
    assert 'id="panneau-reglement"' in html and "<html" not in html
    assert log(app, attempt_id) == []


def test_an_unknown_document_is_404_and_stores_nothing(client, app, arrondi):
    attempt_id, payment = arrondi
    response = post(client, f"/tentatives/{attempt_id}/reglement", _dialog_data(payment, document="FAC/0000"))
    assert response.status_code == 404 and log(app, attempt_id) == []


def test_without_javascript_the_payment_redirects_to_the_paid_invoice(client, app, arrondi):
    attempt_id, payment = arrondi
    number = payment["documents"][0]
    response = post(client, f"/tentatives/{attempt_id}/reglement", _dialog_data(payment))
    assert response.status_code == 303 and response.location.endswith(f"/factures/{number}")
    assert log(app, attempt_id)[0]["difference"]["account"] == payment["difference"]["account"]
    html = client.get(response.location).get_data(as_text=True)
    assert "Payé le" in html and (">Payé<" in html or ">En paiement<" in html)


def test_with_htmx_the_payment_replaces_the_invoice_panel_and_triggers(client, arrondi):
    attempt_id, payment = arrondi
    response = post(client, f"/tentatives/{attempt_id}/reglement", _dialog_data(payment), headers=HX)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "invoices-changed"
    assert response.headers["HX-Retarget"] == "#facture"
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(("{#", "<article")) or 'id="facture"' in html
    assert "<html" not in html and "Payé le" in html


# --- the invoice form: note, Ajouter, Avoir ---------------------------------------------------------------


def test_a_note_is_stored_escaped_and_an_empty_one_refused(client, app, arrondi):
    attempt_id, payment = arrondi
    number = payment["documents"][0]
    empty = post(client, f"/tentatives/{attempt_id}/documents/note", {"document": number, "text": " "})
    assert empty.status_code == 422 and "obligatoire" in empty.get_data(as_text=True)
    text = "<script>alert('x')</script> Échéancier accordé"
    response = post(
        client, f"/tentatives/{attempt_id}/documents/note", {"document": number, "text": text}, headers=HX
    )
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "invoices-changed"
    html = response.get_data(as_text=True)
    assert str(escape(text)) in html and "<script>alert" not in html
    assert log(app, attempt_id) == [{"type": "add_note", "document": number, "text": text}]


def test_ajouter_matches_an_outstanding_payment_with_the_invoice(client, app, arrondi):
    attempt_id, payment = arrondi
    number = payment["documents"][0]
    play(client, attempt_id, {**payment, "documents": [number], "difference": {"handling": "keep_open"}})
    # an unmatched receipt shows under Crédits en circulation once unmatched
    post(
        client,
        f"/tentatives/{attempt_id}/lettrage",
        {"customer": payment["customer"], "items": ["P1"], "operation": "unmatch"},
    )
    html = client.get(f"/tentatives/{attempt_id}/factures/{number}").get_data(as_text=True)
    assert "Crédits en circulation" in html and re.search(r"Ajouter BNK/\d{4}/\d{4}", html)
    assert "Règlement P1" not in html and "Ajouter P1" not in html  # P1 stays a form value, never shown
    refused = post(client, f"/tentatives/{attempt_id}/documents/ajouter", {"document": number, "item": "P9"})
    assert refused.status_code == 422 and "P9" in refused.get_data(as_text=True)
    done = post(client, f"/tentatives/{attempt_id}/documents/ajouter", {"document": number, "item": "P1"})
    assert done.status_code == 303
    assert log(app, attempt_id)[-1] == {
        "type": "match",
        "customer": payment["customer"],
        "items": [number, "P1"],
    }


def test_a_credit_note_takes_the_proposed_number_and_can_be_cancelled(client, app, arrondi):
    attempt_id, payment = arrondi
    number = payment["documents"][0]
    form = client.get(f"/tentatives/{attempt_id}/avoir?facture={number}").get_data(as_text=True)
    proposed = re.search(r"Proposé : (\S+)", form)[1]
    data = {"invoice": number, "date": "", "amount_ht": "abc", "reason": "Escompte"}
    refused = post(client, f"/tentatives/{attempt_id}/avoir", data)
    assert refused.status_code == 422 and log(app, attempt_id) == []
    html = refused.get_data(as_text=True)
    assert "n&#39;est pas un montant" in _field_error(html, "amount_ht") and _field_error(html, "date")
    data = {"invoice": number, "date": payment["date"], "amount_ht": "1,00", "reason": "Escompte"}
    issued = post(client, f"/tentatives/{attempt_id}/avoir", data, headers=HX)
    assert issued.status_code == 200 and f"Avoir {proposed} émis." in issued.get_data(as_text=True)
    assert log(app, attempt_id)[0]["type"] == "credit_note"
    credit = client.get(f"/tentatives/{attempt_id}/factures/{proposed}").get_data(as_text=True)
    assert "Annuler l'avoir" in credit
    cancelled = post(client, f"/tentatives/{attempt_id}/documents/annuler-avoir", {"document": proposed})
    assert cancelled.status_code == 303
    assert log(app, attempt_id)[-1] == {"type": "cancel_credit_note", "number": proposed}
    listed = client.get(f"/tentatives/{attempt_id}/avoirs").get_data(as_text=True)
    assert proposed in listed and "Annulée" in listed


# --- Règlements clients ---------------------------------------------------------------------------------


def test_a_payment_is_listed_and_annuler_le_reglement_cancels_it(client, app, arrondi):
    attempt_id, payment = arrondi
    play(client, attempt_id, payment)
    listed = client.get(f"/tentatives/{attempt_id}/reglements").get_data(as_text=True)
    assert re.search(r">BNK/\d{4}/\d{4}</a>", listed) and "Rapproché" in listed and ">P1<" not in listed
    response = post(client, f"/tentatives/{attempt_id}/reglements/P1/annuler", headers=HX)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "payments-changed"
    assert "Annulé" in response.get_data(as_text=True)
    again = post(client, f"/tentatives/{attempt_id}/reglements/P1/annuler")
    assert again.status_code == 422 and "est annulé" in again.get_data(as_text=True)
    assert log(app, attempt_id)[-1] == {"type": "cancel_payment", "payment": "P1"}
    assert client.get(f"/tentatives/{attempt_id}/reglements/P9").status_code == 404


def test_nouveau_reglement_lists_the_customer_s_open_documents(client, arrondi):
    attempt_id, payment = arrondi
    url = f"/tentatives/{attempt_id}/reglements/nouveau"
    html = client.get(url, query_string={"customer": payment["customer"]}).get_data(as_text=True)
    for header in (
        "Pièce",
        "Date d'échéance",
        "Montant d'origine",
        "Restant dû",
        "Lettrage complet",
        "Affectation",
    ):
        assert f">{header}</th>" in html
    assert payment["documents"][0] in html and ">Choisir<" in html
    fragment = client.get(url, query_string={"customer": payment["customer"]}, headers=HX)
    assert "<html" not in fragment.get_data(as_text=True)


def test_nouveau_reglement_refuses_an_unknown_document_and_a_bad_allocation(client, app, arrondi):
    attempt_id, payment = arrondi
    data = {
        "customer": payment["customer"],
        **receipt_fields(payment),
        "item": ["FAC/0000"],
        "full": ["FAC/0000"],
    }
    response = post(client, f"/tentatives/{attempt_id}/reglements/nouveau", data)
    assert response.status_code == 422 and "La pièce « FAC/0000 » n&#39;existe pas." in response.get_data(
        as_text=True
    )
    number = payment["documents"][0]
    data = {**data, "item": [number], "full": [], f"allocation-{number}": "abc"}
    response = post(client, f"/tentatives/{attempt_id}/reglements/nouveau", data)
    assert response.status_code == 422 and "n&#39;est pas un montant" in response.get_data(as_text=True)
    assert log(app, attempt_id) == []


# --- Lettrage and Pièces comptables -----------------------------------------------------------------------


def test_lettrage_shows_letters_and_delettrer_then_lettrer_round_trip(client, app, arrondi):
    attempt_id, payment = arrondi
    play(client, attempt_id, payment)
    url = f"/tentatives/{attempt_id}/lettrage"
    html = client.get(url, query_string={"customer": payment["customer"]}).get_data(as_text=True)
    assert '<td class="letter">A</td>' in html and "Total compte client" in html
    nothing = post(client, url, {"customer": payment["customer"], "operation": "match"})
    assert nothing.status_code == 422 and "Cochez les lignes à lettrer ou à délettrer." in nothing.get_data(
        as_text=True
    )
    items = [payment["documents"][0], "P1"]
    undone = post(
        client, url, {"customer": payment["customer"], "items": items, "operation": "unmatch"}, headers=HX
    )
    assert undone.status_code == 200 and undone.headers["HX-Trigger"] == "lettering-changed"
    assert '<td class="letter">A</td>' not in undone.get_data(as_text=True)
    redone = post(client, url, {"customer": payment["customer"], "items": items, "operation": "match"})
    assert redone.status_code == 303
    assert [a["type"] for a in log(app, attempt_id)] == ["register_payment", "unmatch", "match"]
    unlettered = client.get(url, query_string={"customer": payment["customer"], "non_lettrees": "1"})
    assert payment["documents"][0] not in re.sub(
        r"<select.*?</select>", "", unlettered.get_data(as_text=True), flags=re.S
    )


def test_pieces_comptables_shows_each_journal_balanced(client, arrondi):
    attempt_id, payment = arrondi
    play(client, attempt_id, payment)
    html = client.get(f"/tentatives/{attempt_id}/pieces").get_data(as_text=True)
    assert "VT · Ventes" in html and "BNK · Banque" in html and "Équilibré" in html
    assert payment["difference"]["account"] in html
    only = client.get(f"/tentatives/{attempt_id}/pieces?journal=BNK").get_data(as_text=True)
    assert "VT · Ventes" not in only and "BNK · Banque" in only


@pytest.mark.parametrize(
    "route", ["/factures", "/avoirs", "/reglements", "/reglements/nouveau", "/lettrage", "/pieces"]
)
def test_another_browser_gets_404_on_the_comptabilite_screens(app, client, route):
    attempt_id = start(client)
    assert client.get(f"/tentatives/{attempt_id}{route}").status_code == 200
    assert app.test_client().get(f"/tentatives/{attempt_id}{route}").status_code == 404
