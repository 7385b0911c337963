"""The Banque screens can produce the reference actions: each scenario played through the forms (the actions
other screens own posted through the service), the log equals what the solver asks, and the grade is 100."""

from __future__ import annotations

import copy
import re

import pytest
from banque_helpers import attempt_of, french, post_deposit, score, via_service
from workspace_helpers import log, post, start

from simulator.packs.play.solve import solve


def _without_id(action: dict) -> dict:
    return {k: v for k, v in action.items() if k != "id"}


def test_cheque_played_through_chèques_reçus_and_remises_de_chèques_scores_100(client, app):
    attempt_id = start(client, "cheque")
    _, attempt = attempt_of(client, attempt_id)
    reference = solve(attempt.world)
    base = f"/tentatives/{attempt_id}"
    for action in reference:
        if action["type"] == "register_payment":
            response = post(
                client,
                f"{base}/cheques/reglement",
                {
                    "cheque": action["source"]["cheque"],
                    "customer": action["customer"],
                    "documents": action["documents"],
                    "amount": french(action["amount"]),  # typed the French way: 738,73
                    "date": "/".join(reversed(action["date"].split("-"))),  # JJ/MM/AAAA
                    "reference": action["reference"],
                },
            )
        elif action["type"] == "endorse_cheque":
            response = post(
                client,
                f"{base}/cheques/endos",
                {"cheque": action["cheque"], "account": action["account"], "signature": action["signature"]},
            )
        else:
            assert action["type"] == "deposit_cheques"
            response = post_deposit(client, attempt_id, action)
        assert response.status_code == 303, response.get_data(as_text=True)
    assert log(app, attempt_id) == [_without_id(a) for a in reference]
    html = client.get(f"{base}/cheques").get_data(as_text=True)
    deposited = len(reference[-1]["lines"])
    assert html.count('<span class="badge badge-info">Remis</span>') == deposited
    assert html.count('<div class="endorsement">') == deposited
    assert score(client, attempt_id) == "100"


def test_remise_creditee_reconciled_and_annotated_through_the_bank_screens_scores_100(client, app):
    attempt_id = start(client, "remise-creditee")
    _, attempt = attempt_of(client, attempt_id)
    reference = solve(attempt.world)
    base = f"/tentatives/{attempt_id}"
    reconcile, annotate = reference
    page = client.get(f"{base}/rapprochement?ligne={reconcile['statement_line']}").get_data(as_text=True)
    assert f'<option value="{reconcile["slip"]}">Remise n° {reconcile["slip"]} du ' in page
    response = post(
        client,
        f"{base}/rapprochement/correspondre",
        {"statement_line": reconcile["statement_line"], "slip": reconcile["slip"]},
    )
    assert response.status_code == 303
    response = post(
        client,
        f"{base}/banque/annotation",
        {"statement_line": annotate["statement_line"], "text": annotate["text"]},
    )
    assert response.status_code == 303
    assert log(app, attempt_id) == reference
    html = client.get(f"{base}/remises").get_data(as_text=True)
    assert '<span class="badge badge-done">Crédité</span>' in html
    assert score(client, attempt_id) == "100"


@pytest.mark.parametrize("scenario", ["virement", "arrondi", "escompte", "partiel", "multi-factures"])
def test_a_transfer_recorded_from_the_invoice_is_reconciled_here_and_scores_100(client, app, scenario):
    """The bank side: the receipt is recorded as the invoice screens do (no statement line), then Faire
    correspondre ties it to its line and Noter annotates the line."""
    attempt_id = start(client, scenario)
    _, attempt = attempt_of(client, attempt_id)
    base = f"/tentatives/{attempt_id}"
    expected = []
    for action in solve(attempt.world):
        if action["type"] == "register_payment":
            recorded = copy.deepcopy(action)
            line = recorded.pop("source")["statement_line"]
            via_service(client, attempt_id, recorded)
            response = post(
                client,
                f"{base}/rapprochement/correspondre",
                {"statement_line": line, "payments": [action["id"]]},
            )
            assert response.status_code == 303
            expected += [
                recorded,
                {"type": "reconcile_statement_line", "statement_line": line, "payments": [action["id"]]},
            ]
        elif action["type"] == "annotate_statement":
            fields = {"statement_line": action["statement_line"], "text": action["text"]}
            assert post(client, f"{base}/banque/annotation", fields).status_code == 303
            expected.append(action)
        else:  # the schedule note of a partial payment: the invoice screen's
            via_service(client, attempt_id, action)
            expected.append(action)
    assert log(app, attempt_id) == expected
    html = client.get(f"{base}/rapprochement").get_data(as_text=True)
    assert re.search(r"Règlement BNK/\d{4}/\d{4}", html) and "Faire correspondre" not in html
    assert "Règlement P1" not in html  # the entry number, never the attempt file's id
    assert score(client, attempt_id) == "100"
