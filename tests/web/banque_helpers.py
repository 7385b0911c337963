"""Helpers for the Banque screens' tests: the loaded attempt, French typing, the slip form, the score."""

from __future__ import annotations

import re

from workspace_helpers import post

from simulator import services, store


def attempt_of(client, attempt_id: int):
    """(database, the attempt as the service loads it for its owner)."""
    db = store.open_db(client.application.config["DATABASE"])
    record = store.get_attempt(db, attempt_id)
    owner = services.attempts.Owner(user_id=record.user_id, guest_token=record.guest_token)
    return db, services.attempts.load(db, attempt_id, owner)


def via_service(client, attempt_id: int, action: dict) -> None:
    """An action another screen owns, applied as that screen would (the service)."""
    db, attempt = attempt_of(client, attempt_id)
    assert services.attempts.apply_action(db, attempt, action).accepted


def french(amount: str) -> str:
    """``"2212.56"`` as a student types it: ``"2 212,56"``."""
    units, cents = amount.split(".")
    groups = re.sub(r"\B(?=(\d{3})+$)", " ", units)
    return f"{groups},{cents}"


def slip_form(action: dict) -> dict:
    """The Nouveau bordereau form filled with a deposit_cheques action's values."""
    data = {
        "date": action["date"],
        "account": action["account"],
        "count": str(action["count"]),
        "total": french(action["total"]),
    }
    for i, line in enumerate(action["lines"]):
        for name in ("cheque", "drawer", "bank", "number"):
            data[f"lines-{i}-{name}"] = line[name]
        data[f"lines-{i}-amount"] = french(line["amount"])
    return data


def post_deposit(client, attempt_id: int, action: dict, headers=None):
    return post(
        client, f"/tentatives/{attempt_id}/remises/bordereau", slip_form(action), headers=headers or {}
    )


def score(client, attempt_id: int) -> str:
    post(client, f"/tentatives/{attempt_id}/rendre")
    html = client.get(f"/tentatives/{attempt_id}/resultat").get_data(as_text=True)
    return re.search(r'<span class="score-value">([^<]+)</span>', html)[1]
