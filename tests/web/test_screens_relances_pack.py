"""The follow-up pack's forms on the customer follow-up page (Exclure des relances, Réintégrer, Date de
paiement prévue, Envoyer le relevé), the « À contacter aujourd'hui » list, and both scenarios of the pack
played through the forms as a student would, graded 100."""

from __future__ import annotations

import html
import io
import re

import pytest
from workspace_helpers import log, post, start

from simulator import services, store
from simulator.packs.play.solve import solve

PACK = "relances"


def _french(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _start(client, monkeypatch, scenario: str, seed: int = 1):
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: seed)
    attempt_id = start(client, scenario, pack=PACK)
    return attempt_id, services.grader_for(PACK).world(scenario, seed)


def _litige(client, monkeypatch, seed: int = 1):
    attempt_id, world = _start(client, monkeypatch, "releve-litige", seed)
    customer = world.keys["A"]
    return attempt_id, world, customer, f"/tentatives/{attempt_id}/relances/{customer}"


def _field_error(page: str, field_id: str) -> str:
    """The error message shown under the field ``field_id`` (its aria-describedby)."""
    match = re.search(rf'<p class="field-error" id="{field_id}-error"[^>]*>([^<]+)</p>', page)
    assert match, page[page.find(field_id) - 200 :][:800]
    return html.unescape(match[1])


# --- Exclure des relances / Réintégrer ---------------------------------------------------------------------


def test_excluding_a_disputed_invoice_records_the_action_and_shows_it_apart(app, client, monkeypatch):
    attempt_id, world, customer, base = _litige(client, monkeypatch)
    disputed = world.keys["FL"]
    response = post(
        client,
        f"{base}/exclure",
        {"form": "exclude", "document": disputed, "reason": "Marchandises endommagées"},
    )
    assert response.status_code == 303 and response.location.endswith(base)
    assert log(app, attempt_id) == [
        {"type": "exclude_from_followup", "document": disputed, "reason": "Marchandises endommagées"}
    ]
    page = client.get(base).get_data(as_text=True)
    assert "Exclue : en litige" in page and "Marchandises endommagées" in page
    # the disputed invoice is no longer offered for exclusion, and can be put back
    exclude_form = page[page.index('id="form-litige"') : page.index('id="form-paiement-prevu"')]
    assert disputed not in exclude_form
    assert f'aria-label="Réintégrer {disputed} dans les relances"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": ""}, "litige-motif", "Indiquez le motif de l'exclusion"),
        ({"document": "FAC/1999/00001"}, "litige-facture", "La facture « FAC/1999/00001 » n'existe pas."),
        ({"document": ""}, "litige-facture", "Le champ « Facture contestée » est obligatoire."),
    ],
)
def test_a_refused_exclusion_says_why_next_to_the_field_and_stores_nothing(
    app, client, monkeypatch, data, field, message
):
    attempt_id, world, customer, base = _litige(client, monkeypatch)
    posted = {"form": "exclude", "document": world.keys["FL"], "reason": "Litige", **data}
    response = post(client, f"{base}/exclure", posted)
    assert response.status_code == 422
    assert message in _field_error(response.get_data(as_text=True), field)
    assert log(app, attempt_id) == []


def test_excluding_with_htmx_swaps_the_page_fragment_and_triggers_the_panels(app, client, monkeypatch):
    attempt_id, world, customer, base = _litige(client, monkeypatch)
    response = post(
        client,
        f"{base}/exclure",
        {"form": "exclude", "document": world.keys["FL"], "reason": "Litige"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "followup-changed"
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="suivi-client"' in body and "Exclue : en litige" in body


def test_reintegrer_puts_the_invoice_back_in_follow_up(app, client, monkeypatch):
    attempt_id, world, customer, base = _litige(client, monkeypatch)
    disputed = world.keys["FL"]
    post(client, f"{base}/exclure", {"form": "exclude", "document": disputed, "reason": "Litige"})
    response = post(client, f"{base}/reintegrer", {"form": "include", "document": disputed})
    assert response.status_code == 303
    assert log(app, attempt_id)[-1] == {"type": "include_in_followup", "document": disputed}
    assert "Exclue : en litige" not in client.get(base).get_data(as_text=True)
    again = post(client, f"{base}/reintegrer", {"form": "include", "document": disputed})
    assert again.status_code == 422
    assert f"La facture {disputed} n'est pas exclue des relances." in html.unescape(
        again.get_data(as_text=True)
    )
    assert len(log(app, attempt_id)) == 2


# --- Date de paiement prévue ------------------------------------------------------------------------------


def test_the_announced_payment_date_is_noted_on_the_invoice(app, client, monkeypatch):
    attempt_id, world, customer, base = _litige(client, monkeypatch)
    invoice = world.keys["FP"]
    response = post(
        client, f"{base}/paiement-prevu", {"form": "expected", "document": invoice, "date": "25/09/2026"}
    )
    assert response.status_code == 303
    assert log(app, attempt_id) == [
        {"type": "set_expected_payment_date", "document": invoice, "date": "2026-09-25"}
    ]
    row = client.get(base).get_data(as_text=True)
    row = row[row.index(f'<th scope="row">{invoice}</th>') :][:900]
    assert "25/09/2026" in row


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("31/02/2026", "« 31/02/2026 » n'est pas une date"),
        ("abc", "« abc » n'est pas une date"),
        ("", "La date est obligatoire."),
        ("14/09/2026", "ne peut pas être dans le passé"),  # the day before today (15/09/2026)
    ],
)
def test_a_refused_payment_date_says_why_next_to_the_field(app, client, monkeypatch, date, message):
    attempt_id, world, customer, base = _litige(client, monkeypatch)
    response = post(
        client, f"{base}/paiement-prevu", {"form": "expected", "document": world.keys["FP"], "date": date}
    )
    assert response.status_code == 422
    assert message in _field_error(response.get_data(as_text=True), "paiement-date")
    assert log(app, attempt_id) == []


# --- Envoyer le relevé ------------------------------------------------------------------------------------


def test_envoyer_le_releve_records_the_statement_and_opens_its_pdf(app, client, monkeypatch):
    from pypdf import PdfReader  # noqa: PLC0415 - only this test reads a PDF

    attempt_id, world, customer, base = _litige(client, monkeypatch)
    disputed = world.keys["FL"]
    post(client, f"{base}/exclure", {"form": "exclude", "document": disputed, "reason": "Litige"})
    response = post(client, f"{base}/releve")
    assert response.status_code == 303 and response.location.endswith(f"{base}/releve.pdf")
    assert log(app, attempt_id)[-1] == {"type": "send_statement", "customer": customer, "date": "2026-09-15"}
    pdf = client.get(response.location)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    apart = text[text.index("Pièces en litige") :]
    assert disputed in apart and world.keys["FP"] in text[: text.index("Pièces en litige")]
    history = client.get(base).get_data(as_text=True)
    assert "Relevé de compte envoyé" in history and f"À part (litige) : {disputed}" in history


# --- the warning of the last level, the daily list ----------------------------------------------------------


def test_a_contacter_aujourdhui_lists_exactly_the_customers_due_today(app, client, monkeypatch):
    attempt_id, world = _start(client, monkeypatch, "a-contacter", 2)
    page = client.get(f"/tentatives/{attempt_id}/relances?aujourdhui=1").get_data(as_text=True)
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    shown = set(re.findall(r"/relances/([A-Z0-9]+)\"", table))
    assert shown == {world.keys[k] for k in "ABCE"}
    assert table.count("Nouveau niveau atteint") == 3 and table.count("Prochain rappel échu") == 1


# --- both scenarios, through the forms ------------------------------------------------------------------------


def _play(client, attempt_id: int, world, action: dict) -> None:
    customer = action.get("customer") or world.document(action["document"]).customer
    base = f"/tentatives/{attempt_id}/relances/{customer}"
    kind = action["type"]
    if kind == "exclude_from_followup":
        response = post(
            client,
            f"{base}/exclure",
            {"form": "exclude", "document": action["document"], "reason": action["reason"]},
        )
    elif kind == "set_expected_payment_date":
        data = {"form": "expected", "document": action["document"], "date": _french(action["date"])}
        response = post(client, f"{base}/paiement-prevu", data)
    elif kind == "send_statement":
        response = post(client, f"{base}/releve")
    elif kind == "send_letter":
        response = post(client, f"{base}/lettre")
    elif kind == "log_call":
        data = {
            "form": "call",
            "date": _french(action["date"]),
            "note": action["note"],
            "documents": action["documents"],
        }
        response = post(client, f"{base}/appel", data)
    elif kind == "send_email":
        data = {"form": "email", **{k: action[k] for k in ("to", "subject", "body", "documents")}}
        response = post(client, f"{base}/email", data)
    elif kind == "set_next_action":
        response = post(
            client,
            f"{base}/prochain-rappel",
            {"form": "next", "date": _french(action["date"]), "note": action["note"]},
        )
    else:  # pragma: no cover
        raise AssertionError(f"no form for {kind}")
    assert response.status_code == 303, response.get_data(as_text=True)


@pytest.mark.parametrize("seed", (1, 2))
@pytest.mark.parametrize("scenario", ["releve-litige", "a-contacter"])
def test_the_reference_typed_into_the_forms_scores_100(app, client, monkeypatch, scenario, seed):
    attempt_id, world = _start(client, monkeypatch, scenario, seed)
    reference = solve(world)
    for action in reference:
        _play(client, attempt_id, world, action)
    assert [a["type"] for a in log(app, attempt_id)] == [a["type"] for a in reference]
    assert post(client, f"/tentatives/{attempt_id}/rendre").status_code == 303
    db = store.open_db(app.config["DATABASE"])
    try:
        grade = store.get_attempt(db, attempt_id).grade_data
    finally:
        db.close()
    assert grade["score"] == 100, [m["message"] for m in grade["mistakes"]]
