"""The reminder scenarios played through the follow-up page's forms (Flask client): for several seeds, the
reference actions of ``simulator solve`` typed into Noter un appel / Envoyer un e-mail / Prochain rappel as a
student would (dates JJ/MM/AAAA, the contact as Interlocuteur), then « Rendre le travail »: 100 / 100."""

from __future__ import annotations

import pytest
from workspace_helpers import log, post, start

from simulator import services, store
from simulator.packs.play.solve import solve

SEEDS = (1, 2, 3)


def _french(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _start(client, monkeypatch, scenario: str, seed: int) -> int:
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: seed)
    return start(client, scenario)


def _play(client, attempt_id: int, world, action: dict) -> None:
    """Post the form that produces ``action``, filled in as a student would."""
    base = f"/tentatives/{attempt_id}/relances/{action['customer']}"
    kind = action["type"]
    if kind == "log_call":
        contact = world.customer(action["customer"]).contact
        data = {
            "form": "call",
            "date": _french(action["date"]),
            "interlocutor": f"{contact.full_name} ({contact.role})",
            "note": action["note"],
            "documents": action["documents"],
        }
        response = post(client, f"{base}/appel", data)
    elif kind == "send_email":
        data = {"form": "email", **{k: action[k] for k in ("to", "subject", "body", "documents")}}
        response = post(client, f"{base}/email", data)
    elif kind == "set_next_action":
        data = {"form": "next", "date": _french(action["date"]), "note": action["note"]}
        response = post(client, f"{base}/prochain-rappel", data)
    else:  # pragma: no cover - the reminder scenarios use only these
        raise AssertionError(f"no form for {kind}")
    assert response.status_code == 303, response.get_data(as_text=True)


def _score(app, client, attempt_id: int) -> dict:
    assert post(client, f"/tentatives/{attempt_id}/rendre").status_code == 303
    db = store.open_db(app.config["DATABASE"])
    try:
        return store.get_attempt(db, attempt_id).grade_data
    finally:
        db.close()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scenario", ["relance-telephone", "relance-email"])
def test_the_reference_reminders_typed_into_the_forms_score_100(app, client, monkeypatch, scenario, seed):
    attempt_id = _start(client, monkeypatch, scenario, seed)
    world = services.grader_for("procedure-11").world(scenario, seed)
    reference = solve(world)
    assert reference, "the scenario has something to do"
    for action in reference:
        _play(client, attempt_id, world, action)

    logged = log(app, attempt_id)
    assert [a["type"] for a in logged] == [a["type"] for a in reference]
    for mine, expected in zip(logged, reference, strict=True):
        assert mine["customer"] == expected["customer"]
        if mine["type"] == "log_call":  # the Interlocuteur opens the note, the compte rendu follows
            contact = world.customer(mine["customer"]).contact
            assert mine["note"] == f"Interlocuteur : {contact.full_name} ({contact.role})\n{expected['note']}"
            assert (mine["date"], mine["documents"]) == (expected["date"], expected["documents"])
        else:
            assert mine == expected

    grade = _score(app, client, attempt_id)
    assert grade["score"] == 100, [m["message"] for m in grade["mistakes"]]
