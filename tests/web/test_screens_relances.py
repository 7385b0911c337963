"""Relances through the Flask client: Clients à relancer, the customer follow-up page and its seven forms
(valid posts, refusals next to their field with the log unchanged, the no-JavaScript path, the htmx path),
Imprimer la lettre, Niveaux de relance.

The world is relance-telephone, seed 1, worked by hand: today 16/06/2026; Maçonnerie Gomes SA (GOM) owes
FAC/2026/00240, 3 994,61 € TTC due 30/05/2026, 17 days late (level 1 « Relance amiable », J+15); Michel
Rénovation (MIC) has paid; Ambulances Daniel (DAN) owes FAC/2026/00241, due 08/07/2026, not late yet."""

from __future__ import annotations

import html
import re

import pytest
from workspace_helpers import log, post, start

from simulator import services

GOM = "GOM"
INVOICE = "FAC/2026/00240"


@pytest.fixture
def attempt_id(client, monkeypatch) -> int:
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: 1)
    return start(client, "relance-telephone")


def _page(client, attempt_id: int, customer: str = GOM) -> str:
    response = client.get(f"/tentatives/{attempt_id}/relances/{customer}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _form(page: str, form_id: str) -> str:
    """The HTML of one form of the page."""
    return re.search(rf'<form[^>]*id="{form_id}".*?</form>', page, re.S)[0]


def _error_of(page: str, field_id: str) -> str:
    """The message shown under the field ``field_id`` (aria-describedby points at it)."""
    return html.unescape(re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', page, re.S)[1])


CALL = {
    "form": "call",
    "date": "16/06/2026",
    "interlocutor": "M. Gilbert Pons",
    "note": "FAC/2026/00240, 3 994,61 € TTC échue le 30/05/2026 ; paiement promis par virement le 23/06/2026.",
    "documents": [INVOICE],
}
EMAIL = {
    "form": "email",
    "to": "gilbert.pons@example.fr",
    "subject": "Relance – facture FAC/2026/00240",
    "body": "Bonjour,\n\nSauf erreur de notre part…\n\nCordialement",
    "documents": [INVOICE],
}


# --- Clients à relancer -----------------------------------------------------------------------------------


def test_clients_a_relancer_lists_only_the_late_customer_with_its_figures(client, attempt_id):
    page = client.get(f"/tentatives/{attempt_id}/relances").get_data(as_text=True)
    for column in ("Client", "Montant dû", "Total en retard", "Jours de retard", "Niveau de relance",
                   "Dernière relance", "Prochain rappel"):  # fmt: skip
        assert f">{column}" in page
    rows = re.findall(r"<tr>.*?</tr>", page.split("<tbody>")[1], re.S)
    assert len(rows) == 1
    cells = [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rows[0], re.S)
    ]
    assert cells[:5] == [
        "Maçonnerie Gomes SA",
        "3\u202f994,61\u00a0€",
        "3\u202f994,61\u00a0€",
        "17",
        "1 – Relance amiable",
    ]
    assert f"/tentatives/{attempt_id}/relances/{GOM}" in rows[0]


def test_tous_les_clients_adds_the_customer_that_is_not_late(client, attempt_id):
    page = client.get(f"/tentatives/{attempt_id}/relances?tous=1").get_data(as_text=True)
    assert "Maçonnerie Gomes SA" in page and "Ambulances Daniel SA" in page
    assert "Michel Rénovation SAS" not in page  # paid: nothing open


# --- the follow-up page -----------------------------------------------------------------------------------


def test_the_follow_up_page_shows_contact_invoices_and_the_four_actions(client, attempt_id):
    page = _page(client, attempt_id)
    contact = services.grader_for("procedure-11").world("relance-telephone", 1).customer(GOM).contact
    assert contact.full_name in page and contact.email in page and contact.phone in page
    assert INVOICE in page and "30/05/2026" in page and "En retard de 17 jours" in page
    for label in ("Date de l'appel", "Interlocuteur", "Compte rendu", "À", "Objet", "Message",
                  "Date du prochain rappel", "Note"):  # fmt: skip
        assert f">{label}</label>" in page
    for button in ("Noter un appel", "Envoyer", "Imprimer la lettre", "Planifier le rappel"):
        assert f">{button}</button>" in page
    # À is the contact's address; the overdue invoice is ticked in both forms; the call is dated today
    assert f'value="{contact.email}"' in _form(page, "form-email")
    assert 'value="2026-06-16"' in _form(page, "form-appel")
    assert _form(page, "form-appel").count("checked") == _form(page, "form-email").count("checked") == 1


def test_an_unknown_customer_is_404(client, attempt_id):
    assert client.get(f"/tentatives/{attempt_id}/relances/XYZ").status_code == 404
    assert post(client, f"/tentatives/{attempt_id}/relances/XYZ/appel", CALL).status_code == 404
    assert log(client.application, attempt_id) == []


def test_another_student_gets_404_on_every_follow_up_route(app, attempt_id):
    stranger = app.test_client()
    start(stranger)
    base = f"/tentatives/{attempt_id}"
    for url in ("/relances", f"/relances/{GOM}", "/niveaux-de-relance", f"/relances/{GOM}/lettre-1.pdf",
                "/livre-des-tiers", "/balance-agee", "/balance", "/balance-agee.csv", "/balance.pdf"):  # fmt: skip
        assert stranger.get(base + url).status_code == 404, url
    for url, data in (
        ("appel", CALL),
        ("email", EMAIL),
        ("lettre", {}),
        ("prochain-rappel", {"date": "20/06/2026"}),
    ):
        assert post(stranger, f"{base}/relances/{GOM}/{url}", data).status_code == 404, url
    assert log(app, attempt_id) == []


# --- Noter un appel ---------------------------------------------------------------------------------------


def test_a_call_without_javascript_is_logged_and_shown(client, app, attempt_id):
    response = post(client, f"/tentatives/{attempt_id}/relances/{GOM}/appel", CALL)
    assert response.status_code == 303 and response.location.endswith(f"/relances/{GOM}")
    assert log(app, attempt_id) == [
        {
            "type": "log_call",
            "customer": GOM,
            "date": "2026-06-16",
            "documents": [INVOICE],
            "note": "Interlocuteur : M. Gilbert Pons\n" + CALL["note"],
        }
    ]
    page = _page(client, attempt_id)
    history = page.split('id="historique"')[1]
    assert "Appel téléphonique" in history and "Interlocuteur : M. Gilbert Pons\nFAC/2026/00240" in history
    assert "16/06/2026 · Appel téléphonique" in page  # Dernière relance


def test_a_call_without_interlocutor_keeps_the_compte_rendu_alone(client, app, attempt_id):
    post(client, f"/tentatives/{attempt_id}/relances/{GOM}/appel", {**CALL, "interlocutor": "  "})
    assert log(app, attempt_id)[0]["note"] == CALL["note"]


@pytest.mark.parametrize(
    ("change", "field_id", "message"),
    [
        ({"date": "31/02/2026"}, "appel-date", "date"),
        ({"date": "demain"}, "appel-date", "date"),
        ({"date": ""}, "appel-date", "date"),
        ({"date": "17/06/2026"}, "appel-date", "postérieure à la date du jour"),
        ({"note": "   "}, "appel-compte-rendu", "obligatoire"),
    ],
)
def test_a_refused_call_says_why_next_to_the_field_and_stores_nothing(
    client, app, attempt_id, change, field_id, message
):
    response = post(client, f"/tentatives/{attempt_id}/relances/{GOM}/appel", {**CALL, **change})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in _error_of(page, field_id)
    assert "Interlocuteur" in page and 'value="M. Gilbert Pons"' in _form(page, "form-appel")  # kept
    assert log(app, attempt_id) == []


def test_a_call_about_an_unknown_invoice_is_refused(client, app, attempt_id):
    response = post(
        client, f"/tentatives/{attempt_id}/relances/{GOM}/appel", {**CALL, "documents": ["FAC/2026/99999"]}
    )
    assert response.status_code == 422
    assert "FAC/2026/99999" in html.unescape(_form(response.get_data(as_text=True), "form-appel"))
    assert log(app, attempt_id) == []


def test_with_htmx_a_call_answers_its_form_alone_and_triggers_the_refresh(client, app, attempt_id):
    """The form swaps itself (hx-target="this"): the answer is that form's fragment alone, no hx-select;
    the history, its own fragment, listens for « followup-changed » and asks for itself."""
    headers = {"HX-Request": "true", "HX-Target": "form-appel"}
    response = post(client, f"/tentatives/{attempt_id}/relances/{GOM}/appel", CALL, headers=headers)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "followup-changed"
    fragment = response.get_data(as_text=True).strip()
    assert fragment.startswith('<form class="card action-form" id="form-appel"') and fragment.endswith(
        "</form>"
    )
    assert "hx-select" not in fragment and 'id="historique"' not in fragment
    assert len(log(app, attempt_id)) == 1
    page = client.get(f"/tentatives/{attempt_id}/relances/{GOM}").get_data(as_text=True)
    assert 'hx-trigger="followup-changed from:body' in page and "hx-select" not in page
    history = client.get(
        f"/tentatives/{attempt_id}/relances/{GOM}", headers={"HX-Request": "true", "HX-Target": "historique"}
    ).get_data(as_text=True)
    assert (
        history.strip().startswith('<section class="card" id="historique"')
        and "Noter un appel" not in history
    )
    assert "Appel" in history


def test_with_htmx_a_dispute_answers_the_whole_customer_fragment(client, attempt_id):
    """Litige changes the invoices table: its answer is the customer fragment (its target), not a page."""
    headers = {"HX-Request": "true", "HX-Target": "suivi-client"}
    response = post(
        client,
        f"/tentatives/{attempt_id}/relances/{GOM}/exclure",
        {"form": "exclude", "document": "", "reason": ""},
        headers=headers,
    )
    fragment = response.get_data(as_text=True).strip()
    assert (
        response.status_code == 422
        and fragment.startswith('<div id="suivi-client"')
        and "<html" not in fragment
    )


def test_with_htmx_a_refused_call_is_a_422_fragment(client, app, attempt_id):
    response = post(
        client,
        f"/tentatives/{attempt_id}/relances/{GOM}/appel",
        {**CALL, "date": "abc"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "HX-Trigger" not in response.headers
    assert "<html" not in response.get_data(as_text=True)
    assert log(app, attempt_id) == []


# --- Envoyer un e-mail ------------------------------------------------------------------------------------


def test_an_email_is_sent_and_shown_escaped_with_its_line_breaks(client, app, attempt_id):
    body = "Bonjour <b>Gilbert</b>,\n<script>alert('x')</script>\nCordialement"
    response = post(client, f"/tentatives/{attempt_id}/relances/{GOM}/email", {**EMAIL, "body": body})
    assert response.status_code == 303
    assert log(app, attempt_id) == [
        {
            "type": "send_email",
            "customer": GOM,
            "to": EMAIL["to"],
            "subject": EMAIL["subject"],
            "body": body,
            "documents": [INVOICE],
        }
    ]
    history = _page(client, attempt_id).split('id="historique"')[1]
    assert "<script>alert" not in history and "<b>Gilbert" not in history
    assert "Bonjour &lt;b&gt;Gilbert&lt;/b&gt;,\n&lt;script&gt;" in history  # escaped, line break kept
    assert EMAIL["to"] in history and "Relance – facture FAC/2026/00240" in history


@pytest.mark.parametrize(
    ("change", "field_id", "message"),
    [
        ({"to": "gilbert.pons"}, "email-a", "n'est pas une adresse e-mail"),
        ({"subject": ""}, "email-objet", "Le champ « Objet » est obligatoire."),
        ({"body": " \n "}, "email-message", "Le champ « Message » est obligatoire."),
    ],
)
def test_a_refused_email_says_why_and_keeps_the_message(client, app, attempt_id, change, field_id, message):
    response = post(client, f"/tentatives/{attempt_id}/relances/{GOM}/email", {**EMAIL, **change})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in _error_of(page, field_id)
    if "body" not in change:
        assert "Sauf erreur de notre part" in _form(page, "form-email")  # what was typed is kept
    assert log(app, attempt_id) == []


# --- Prochain rappel --------------------------------------------------------------------------------------


def test_a_next_reminder_is_planned_and_shown(client, app, attempt_id):
    data = {"form": "next", "date": "2026-06-24", "note": "Vérifier le virement promis"}
    assert post(client, f"/tentatives/{attempt_id}/relances/{GOM}/prochain-rappel", data).status_code == 303
    assert log(app, attempt_id) == [
        {
            "type": "set_next_action",
            "customer": GOM,
            "date": "2026-06-24",
            "note": "Vérifier le virement promis",
        }
    ]
    page = _page(client, attempt_id)
    assert "prévu le 24/06/2026" in page and "Vérifier le virement promis" in page
    list_page = client.get(f"/tentatives/{attempt_id}/relances").get_data(as_text=True)
    assert "24/06/2026" in list_page  # Prochain rappel column


@pytest.mark.parametrize(
    ("date", "message"), [("15/06/2026", "dans le passé"), ("32/06/2026", "date"), ("", "date")]
)
def test_a_next_reminder_in_the_past_or_unreadable_is_refused(client, app, attempt_id, date, message):
    data = {"form": "next", "date": date, "note": "x"}
    response = post(client, f"/tentatives/{attempt_id}/relances/{GOM}/prochain-rappel", data)
    assert response.status_code == 422
    assert message in _error_of(response.get_data(as_text=True), "rappel-date")
    assert log(app, attempt_id) == []


# --- Imprimer la lettre -----------------------------------------------------------------------------------


def test_imprimer_la_lettre_records_the_letter_then_opens_its_pdf(client, app, attempt_id):
    assert 'target="_blank"' in _form(_page(client, attempt_id), "form-lettre")
    response = post(client, f"/tentatives/{attempt_id}/relances/{GOM}/lettre")
    assert response.status_code == 303
    assert log(app, attempt_id) == [
        {"type": "send_letter", "customer": GOM, "level": 1, "date": "2026-06-16"}
    ]
    pdf = client.get(response.location)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"].startswith("inline;")
    assert len(log(app, attempt_id)) == 1  # reading the PDF records nothing
    history = _page(client, attempt_id).split('id="historique"')[1]
    assert "Lettre de relance" in history and "Voir la lettre (PDF)" in history


def test_no_letter_for_a_customer_that_is_not_late(client, app, attempt_id):
    page = _page(client, attempt_id, "DAN")
    assert "Imprimer la lettre" not in page and "Aucune lettre à imprimer" in page
    assert post(client, f"/tentatives/{attempt_id}/relances/DAN/lettre").status_code == 404
    assert client.get(f"/tentatives/{attempt_id}/relances/DAN/lettre-1.pdf").status_code == 404
    assert log(app, attempt_id) == []


def test_a_handed_in_attempt_shows_the_page_without_its_forms(client, app, attempt_id):
    post(client, f"/tentatives/{attempt_id}/relances/{GOM}/appel", CALL)
    post(client, f"/tentatives/{attempt_id}/rendre")
    page = _page(client, attempt_id)
    assert 'id="form-appel"' not in page and "Interlocuteur : M. Gilbert Pons" in page
    response = post(client, f"/tentatives/{attempt_id}/relances/{GOM}/email", EMAIL)
    assert response.status_code == 303  # refused as frozen: a message and back to the page
    assert len(log(app, attempt_id)) == 1


# --- Niveaux de relance -----------------------------------------------------------------------------------


def test_the_levels_of_the_pack_with_their_actions(client, attempt_id):
    page = client.get(f"/tentatives/{attempt_id}/niveaux-de-relance").get_data(as_text=True)
    rows = re.findall(r"<tr>.*?</tr>", page.split("<tbody>")[1], re.S)
    marks = [
        [("✓" in cell) for cell in re.findall(r'<td class="check">(.*?)</td>', row, re.S)] for row in rows
    ]
    # pack.yaml: J+15 phone+email, J+30 email+phone, J+45 letter, J+60 registered letter; no level has the
    # sales warning action, so the last one warns (ledger.strategy.warns_on_sales)
    assert marks == [
        [True, False, True, False],
        [True, False, True, False],
        [False, True, False, False],
        [False, True, False, True],
    ]
    assert "Relance amiable" in rows[0] and "Mise en demeure" in rows[3]
    assert "Après 45 jours échus, exécuter les actions suivantes" in page
