"""Mes progrès and S'entraîner sur mes points faibles, for a guest and for an account."""

from __future__ import annotations

import re

from workspace_helpers import post, sign_up, start

from simulator import services, store
from simulator.grading.traps import fall_into, traps
from simulator.packs.play.solve import solve

MISTAKE = "same_amount_other_customer"  # every virement company has one: the student pays the wrong customer


def play(app, attempt_id: int, falls: bool) -> None:
    """The reference actions (falling into the trap when ``falls``) through the services."""
    db = store.open_db(app.config["DATABASE"])
    try:
        attempt = services.attempts.load_any(db, attempt_id)
        actions = solve(attempt.world)
        if falls:
            trap = next(t for t in traps(attempt.world) if t.kind == MISTAKE)
            actions = fall_into(attempt.world, actions, trap)
        for action in actions:
            result = services.attempts.apply_action(db, attempt, action)
            assert result.accepted, result.errors
            attempt = result.attempt
    finally:
        db.close()


def hand_in(client, app, falls: bool, seed: int | None = None) -> int:
    attempt_id = start(client, "virement", seed=seed)
    play(app, attempt_id, falls)
    assert post(client, f"/tentatives/{attempt_id}/rendre").status_code == 303
    return attempt_id


def test_a_guest_with_nothing_handed_in_is_told_what_to_do(client):
    assert "Aucune tentative rendue" in client.get("/progres").get_data(as_text=True)
    page = client.get("/entrainement/points-faibles").get_data(as_text=True)
    assert "Rendez d&#39;abord une tentative" in page or "Rendez d'abord une tentative" in page


def test_a_guest_sees_the_weak_skill_and_gets_a_variant_with_the_trap(app, client):
    hand_in(client, app, falls=True, seed=11)
    page = client.get("/progres").get_data(as_text=True)
    assert "Identifier le client et la pièce" in page and "À travailler" in page
    assert "<svg" in page and 'role="img"' in page and "Mauvais client" in page
    offer = client.get("/entrainement/points-faibles").get_data(as_text=True)
    assert "Vous avez fait une fois l&#39;erreur « Mauvais client »" in offer
    seed = int(re.search(r'name="seed" value="(\d+)"', offer)[1])
    assert seed != 11
    response = post(client, "/entrainement/procedure-11/virement", {"seed": str(seed)})
    assert response.status_code == 303
    # another browser sees nothing of it
    assert "Aucune tentative rendue" in app.test_client().get("/progres").get_data(as_text=True)


def test_mastery_rises_on_the_page_when_the_mistake_stops(app, client):
    sign_up(client, "lea@eleve.fr")
    hand_in(client, app, falls=True, seed=11)
    hand_in(client, app, falls=False, seed=12)
    page = client.get("/progres").get_data(as_text=True)
    row = re.search(r"Identifier le client et la pièce</th>(.*?)</tr>", page, re.S)[1]
    assert "62,5 %" in row and "en hausse" in row  # (1 × 1 + 0.6 × 0) / 1.6
