"""Scenario 5 « Un mois de relances » on the screens: the calendar control of the attempt bar (Passer au
jour suivant, Avancer de N jours), the messages that appear on their day, « Transférer en clients
douteux » and « Facturer les pénalités de retard » on the customer's follow-up page, and the whole month
typed into the forms, graded 100."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from compta_helpers import attempt_of, french_date, play, score
from workspace_helpers import log, post, start

from simulator import services
from simulator.formatting import format_money
from simulator.ledger.workdays import next_working_day
from simulator.packs.play.solve import solve

PACK, SCENARIO = "relances", "un-mois"


def _start(client, monkeypatch, seed: int = 1):
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: seed)
    attempt_id = start(client, SCENARIO, pack=PACK)
    return attempt_id, services.grader_for(PACK).world(SCENARIO, seed)


def _advance(client, attempt_id: int, days: int, **kwargs):
    data = {"days": str(days), "next": f"/tentatives/{attempt_id}/relances"}
    return post(client, f"/tentatives/{attempt_id}/calendrier", data, **kwargs)


def _field_error(page: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-error"[^>]*>([^<]+)</p>', page)
    assert match, page[page.find(field_id) - 200 :][:800]
    return html.unescape(match[1])


def test_the_attempt_bar_has_the_calendar_only_where_it_moves(client, monkeypatch):
    attempt_id, world = _start(client, monkeypatch)
    page = client.get(f"/tentatives/{attempt_id}/relances").get_data(as_text=True)
    assert "Nous sommes le 2 novembre 2026" in page
    assert (
        ">Passer au jour suivant</button>" in page and '<label for="calendar-days">Avancer de</label>' in page
    )
    other = start(client, "a-contacter", pack=PACK)
    page = client.get(f"/tentatives/{other}/relances").get_data(as_text=True)
    assert "Passer au jour suivant" not in page and "calendar-days" not in page
    assert post(client, f"/tentatives/{other}/calendrier", {"days": "1"}).status_code == 404


def test_passer_au_jour_suivant_logs_the_day_change_and_comes_back_to_the_screen(app, client, monkeypatch):
    attempt_id, world = _start(client, monkeypatch)
    response = post(
        client,
        f"/tentatives/{attempt_id}/calendrier",
        {"days": "1", "next": f"/tentatives/{attempt_id}/banque"},
    )
    assert response.status_code == 303 and response.location.endswith(f"/tentatives/{attempt_id}/banque")
    assert log(app, attempt_id) == [{"type": "advance_days", "days": 1}]
    assert "Nous sommes le 3 novembre 2026" in client.get(response.location).get_data(as_text=True)
    # somewhere else than this attempt: back to Clients à relancer
    response = post(
        client, f"/tentatives/{attempt_id}/calendrier", {"days": "2", "next": "https://exemple.fr/x"}
    )
    assert response.location.endswith(f"/tentatives/{attempt_id}/relances")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("abc", "nombre entier attendu"),
        ("-5", "nombre entier attendu"),
        ("-1", "nombre entier attendu"),
        ("1.5", "nombre entier attendu"),
        ("²", "nombre entier attendu"),  # a digit for str.isdigit, not for int(): no 500
        ("0", "entre 1 et 31"),
        ("45", "entre 1 et 31"),
        ("999", "entre 1 et 31"),
        ("", "« Avancer de » est obligatoire"),
        ("31", "Le scénario s'arrête le 02/12/2026"),
    ],
)
def test_a_refused_day_change_says_why_next_to_the_field_and_stores_nothing(
    app, client, monkeypatch, days, message
):
    attempt_id, _ = _start(client, monkeypatch)
    response = _advance(client, attempt_id, days)  # type: ignore[arg-type]
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in _field_error(page, "calendar-days")
    assert page.count('id="calendar-days"') == 1  # the control once, not also in the bar
    assert log(app, attempt_id) == []


def test_bank_lines_and_messages_appear_on_their_day(client, monkeypatch):
    attempt_id, world = _start(client, monkeypatch)
    promise = next(r for r in world.expected.replies if r.promises)
    line = world.statement_line(promise.line)
    base = f"/tentatives/{attempt_id}"
    customer_page = f"{base}/relances/{promise.customer}"
    assert "Messages reçus" not in client.get(customer_page).get_data(as_text=True)
    assert line.label not in client.get(f"{base}/banque").get_data(as_text=True)
    _advance(client, attempt_id, (promise.date - world.today).days)
    page = client.get(customer_page).get_data(as_text=True)
    assert "Messages reçus" in page and french_date(line.date.isoformat()) in page
    assert line.label not in client.get(f"{base}/banque").get_data(as_text=True)
    _advance(client, attempt_id, (line.date - promise.date).days)
    assert line.label in client.get(f"{base}/banque").get_data(as_text=True)


def _month_until(client, attempt_id: int, world, kind: str) -> dict:
    """Play the reference through the forms up to (not including) the first action of ``kind``."""
    for action in solve(world):
        if action["type"] == kind:
            return action
        _play(client, attempt_id, action)
    raise AssertionError(kind)


def test_the_transfer_to_416_is_previewed_then_posted(app, client, monkeypatch):
    attempt_id, world = _start(client, monkeypatch)
    transfer = _month_until(client, attempt_id, world, "transfer_to_doubtful")
    base = f"/tentatives/{attempt_id}/relances/{transfer['customer']}"
    c1, c2 = world.document(world.keys["FC1"]), world.document(world.keys["FC2"])
    page = client.get(base).get_data(as_text=True)
    assert html.unescape(format_money(c1.amount_ttc + c2.amount_ttc)) in html.unescape(page)  # the preview
    before = len(log(app, attempt_id))
    response = post(client, f"{base}/clients-douteux", {"form": "doubtful", "date": "01/01/2030"})
    assert response.status_code == 422
    assert "postérieure" in _field_error(response.get_data(as_text=True), "douteux-date")
    assert len(log(app, attempt_id)) == before
    response = post(
        client, f"{base}/clients-douteux", {"form": "doubtful", "date": french_date(transfer["date"])}
    )
    assert response.status_code == 303
    assert log(app, attempt_id)[-1] == {
        "type": "transfer_to_doubtful",
        "customer": transfer["customer"],
        "date": transfer["date"],
    }
    assert "Déjà transférées (416)" in client.get(base).get_data(as_text=True)


def test_an_early_transfer_is_refused_with_the_deadline(app, client, monkeypatch):
    attempt_id, world = _start(client, monkeypatch)
    customer = world.keys["C"]
    base = f"/tentatives/{attempt_id}/relances/{customer}"
    response = post(
        client,
        f"{base}/clients-douteux",
        {"form": "doubtful", "date": french_date(world.today.isoformat())},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "mise en demeure" in html.unescape(response.get_data(as_text=True))
    assert log(app, attempt_id) == []


def test_late_fees_are_previewed_then_billed_and_refusals_stay_next_to_their_field(app, client, monkeypatch):
    attempt_id, world = _start(client, monkeypatch)
    fees = _month_until(client, attempt_id, world, "bill_late_fees")
    invoice = world.document(fees["invoice"])
    base = f"/tentatives/{attempt_id}/relances/{invoice.customer}"
    paid_on = world.statement_line(world.keys["PA"]).date
    days = (paid_on - invoice.due_date).days
    # domain.md §7.1: TTC × 12.15 % (H2 2026: ECB 2.15 + 10) × days / 365
    exact = invoice.amount_ttc * Decimal("12.15") / 100 * days / 365
    by_hand = exact.quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )  # the cent, half up (not the context's half even)
    page = html.unescape(client.get(base).get_data(as_text=True))
    assert html.unescape(format_money(by_hand)) in page and html.unescape(format_money(40)) in page
    before = len(log(app, attempt_id))
    for data, field, message in [
        ({"rate": "abc"}, "penalites-taux", "n'est pas un taux annuel valable"),
        ({"invoice": ""}, "penalites-facture", "« Facture en retard » est obligatoire"),
        ({"date": "32/13/2026"}, "penalites-date", "n'est pas une date"),
    ]:
        posted = {
            "form": "fees",
            "invoice": invoice.number,
            "date": french_date(fees["date"]),
            "indemnity": "1",
            **data,
        }
        response = post(client, f"{base}/penalites", posted)
        assert response.status_code == 422, data
        assert message in _field_error(response.get_data(as_text=True), field)
    assert len(log(app, attempt_id)) == before
    response = post(
        client,
        f"{base}/penalites",
        {"form": "fees", "invoice": invoice.number, "date": french_date(fees["date"]), "indemnity": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "followup-changed"
    assert log(app, attempt_id)[-1] == {
        "type": "bill_late_fees",
        "invoice": invoice.number,
        "date": fees["date"],
        "indemnity": True,
    }
    assert "Facturées" in response.get_data(as_text=True)


def _play(client, attempt_id: int, action: dict) -> None:
    base = f"/tentatives/{attempt_id}"
    kind = action["type"]
    customer = action.get("customer")
    if kind == "advance_days":
        response = _advance(client, attempt_id, action["days"])
    elif kind == "register_payment":
        response = play(client, attempt_id, action)
    elif kind == "exclude_from_followup":
        owner = next(
            c for c in _world(client, attempt_id).documents if c.number == action["document"]
        ).customer
        response = post(
            client,
            f"{base}/relances/{owner}/exclure",
            {"form": "exclude", "document": action["document"], "reason": action["reason"]},
        )
    elif kind == "set_expected_payment_date":
        owner = next(
            c for c in _world(client, attempt_id).documents if c.number == action["document"]
        ).customer
        response = post(
            client,
            f"{base}/relances/{owner}/paiement-prevu",
            {"form": "expected", "document": action["document"], "date": french_date(action["date"])},
        )
    elif kind == "send_letter":
        response = post(client, f"{base}/relances/{customer}/lettre")
    elif kind == "log_call":
        data = {
            "form": "call",
            "date": french_date(action["date"]),
            "note": action["note"],
            "documents": action["documents"],
        }
        response = post(client, f"{base}/relances/{customer}/appel", data)
    elif kind == "send_email":
        data = {"form": "email", **{k: action[k] for k in ("to", "subject", "body", "documents")}}
        response = post(client, f"{base}/relances/{customer}/email", data)
    elif kind == "bill_late_fees":
        owner = next(
            c for c in _world(client, attempt_id).documents if c.number == action["invoice"]
        ).customer
        data = {
            "form": "fees",
            "invoice": action["invoice"],
            "date": french_date(action["date"]),
            "indemnity": "1",
        }
        response = post(client, f"{base}/relances/{owner}/penalites", data)
    elif kind == "transfer_to_doubtful":
        data = {"form": "doubtful", "date": french_date(action["date"])}
        response = post(client, f"{base}/relances/{customer}/clients-douteux", data)
    else:  # pragma: no cover
        raise AssertionError(f"no form for {kind}")
    assert response.status_code == 303, (kind, response.get_data(as_text=True)[:2000])


def _world(client, attempt_id: int):
    from compta_helpers import attempt_of

    return attempt_of(client, attempt_id).world


@pytest.mark.parametrize("seed", (1, 2))
def test_the_month_typed_into_the_forms_scores_100(app, client, monkeypatch, seed):
    attempt_id, world = _start(client, monkeypatch, seed)
    reference = solve(world)
    for action in reference:
        _play(client, attempt_id, action)
    assert [a["type"] for a in log(app, attempt_id)] == [a["type"] for a in reference]
    assert score(client, attempt_id) == 100.0


def test_a_transferred_invoice_shows_as_doubtful_on_every_screen_and_leaves_the_411_amount_due(
    app, client, monkeypatch
):
    attempt_id, world = _start(client, monkeypatch)
    transfer = _month_until(client, attempt_id, world, "transfer_to_doubtful")
    customer = transfer["customer"]
    base = f"/tentatives/{attempt_id}"
    page = html.unescape(client.get(f"{base}/relances/{customer}").get_data(as_text=True))
    # « Fin du délai »: the mise en demeure's date + 8 days (un-mois.yaml notice_days: 8, domain.md §7.3),
    # moved to the next working day (ledger.workdays, tested on hand-picked dates)
    notice = next(
        a
        for a in solve(world)
        if a["type"] == "send_letter" and a["customer"] == customer and a["level"] == 4
    )
    deadline = next_working_day(date.fromisoformat(notice["date"]) + timedelta(days=8))
    assert f"Fin du délai</dt><dd>{deadline:%d/%m/%Y}" in page
    _play(client, attempt_id, transfer)
    c1, c2 = world.document(world.keys["FC1"]), world.document(world.keys["FC2"])
    moved = c1.amount_ttc + c2.amount_ttc
    page = html.unescape(client.get(f"{base}/relances/{customer}").get_data(as_text=True))
    rows = re.findall(r'<tr class="row-doubtful">(.*?)</tr>', page, re.S)
    assert [re.search(r'<th scope="row">([^<]+)<', r)[1] for r in rows] == [c1.number, c2.number]
    assert all("Client douteux (416)" in r for r in rows)
    # 411 is settled by the OD: nothing due on 411, the invoices' TTC is on 416
    assert f'Montant dû</dt><dd class="nowrap">{html.unescape(format_money(0))}' in page
    assert f'Clients douteux (416)</dt><dd class="nowrap">{html.unescape(format_money(moved))}' in page
    listing = html.unescape(client.get(f"{base}/factures").get_data(as_text=True))
    row = next(r for r in re.findall(r"<tr.*?</tr>", listing, re.S) if c1.number in r)
    assert "Client douteux (416)" in row and "Non payé" not in row
    form = html.unescape(client.get(f"{base}/factures/{c1.number}").get_data(as_text=True))
    assert "Client douteux (416)" in form and "transféré au compte 416" in form
    everyone = html.unescape(client.get(f"{base}/relances?tous=1").get_data(as_text=True))
    row = next(r for r in re.findall(r"<tr>.*?</tr>", everyone, re.S) if f'/relances/{customer}"' in r)
    assert "Client douteux (416)" in row
    ledger = html.unescape(client.get(f"{base}/livre-des-tiers").get_data(as_text=True))
    assert f"Transfert en clients douteux {world.customer(customer).customer.name}" in ledger


def test_history_entries_show_only_the_labels_they_have(app, client, monkeypatch):
    attempt_id, world = _start(client, monkeypatch)
    # the world's prior e-mails carry neither recipient nor subject (PriorFollowup: a date, invoices, a text)
    prior = next(e for e in world.prior_followup if e.kind == "email")
    page = client.get(f"/tentatives/{attempt_id}/relances/{prior.customer}").get_data(as_text=True)
    history = page[page.index('id="historique"') :]
    assert "<dt>À</dt>" not in history and "<dt>Objet</dt>" not in history
    assert "<dd></dd>" not in history
    sent = {
        "form": "email",
        "to": "compta@exemple.fr",
        "subject": "Relance <facture>",
        "body": "Bonjour, merci de régler la facture.",
        "documents": [],
    }
    post(client, f"/tentatives/{attempt_id}/relances/{prior.customer}/email", sent)
    page = client.get(f"/tentatives/{attempt_id}/relances/{prior.customer}").get_data(as_text=True)
    history = page[page.index('id="historique"') :]
    assert "<dt>À</dt><dd>compta@exemple.fr</dd>" in history
    assert "<dt>Objet</dt><dd>Relance &lt;facture&gt;</dd>" in history


def test_the_penalties_select_offers_only_invoices_the_core_would_bill():
    """« Facture en retard » lists the late invoices not billed yet whose billing the core accepts today: one
    it refuses (here, paid on its due date: no day late) shows its reason in the table, not in the select."""
    from simulator.ledger.litigation import LateFee
    from simulator.services.views import LateFeeRow, LitigationPanel

    day = date(2026, 11, 30)
    fee = LateFee("F-LATE", "C1", day, day, 30, None, Decimal("19.73"), Decimal("40.00"))
    rows = (
        LateFeeRow("F-LATE", date(2026, 10, 31), None, fee, "", None),
        LateFeeRow("F-ONTIME", date(2026, 10, 15), date(2026, 10, 15), None, "Aucun jour de retard.", None),
        LateFeeRow("F-BILLED", date(2026, 10, 1), None, None, "Déjà facturées.", fee),
    )
    panel = LitigationPanel(None, None, None, "", (), rows)
    assert panel.billable == [("F-LATE", "F-LATE")]


def test_a_receipt_for_invoices_on_416_is_typed_into_nouveau_reglement_and_credits_416(
    app, client, monkeypatch
):
    attempt_id, world = _start(client, monkeypatch)
    transfer = _month_until(client, attempt_id, world, "transfer_to_doubtful")
    _play(client, attempt_id, transfer)
    customer = transfer["customer"]
    c1, c2 = world.document(world.keys["FC1"]), world.document(world.keys["FC2"])
    base = f"/tentatives/{attempt_id}/reglements/nouveau"
    form = html.unescape(client.get(f"{base}?customer={customer}").get_data(as_text=True))
    assert f"Facture {c1.number} (416)" in form and f"Facture {c2.number} (416)" in form
    # 1,000.00 received for the first one: Affectation typed, the rest stays open on 416
    data = {
        "customer": customer,
        "journal": "BNK",
        "amount": "1000,00",
        "date": french_date(transfer["date"]),
        "reference": "",
        "handling": "keep_open",
        "item": [c1.number, c2.number],
        f"allocation-{c1.number}": "1000,00",
    }
    assert post(client, base, data).status_code in (200, 303)
    assert log(app, attempt_id)[-1]["documents"] == [c1.number]
    books = attempt_of(client, attempt_id).books
    assert {(ln.account, ln.debit, ln.credit) for ln in books.entries[-1].lines} == {
        ("512", Decimal("1000.00"), Decimal("0.00")),
        ("416", Decimal("0.00"), Decimal("1000.00")),
    }
    assert books.residual(c1.number) == c1.amount_ttc - Decimal("1000.00")
    payment = books.entries[-1].lines[-1].item
    detail = html.unescape(
        client.get(f"/tentatives/{attempt_id}/reglements/{payment}").get_data(as_text=True)
    )
    assert "Compte crédité</dt><dd>416 « Clients douteux ou litigieux »" in detail
