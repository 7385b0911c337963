"""Helpers for the teacher tests: accounts of every role, a class, an assignment, a submitted attempt."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from simulator import services, store

#: Every page carries the session's CSRF token for htmx (``hx-headers`` on ``<body>``); the home page is the
#: cheapest to render (the catalogue of S'entraîner costs four times more, and tests post hundreds of forms).
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def token(client) -> str:
    return CSRF.search(client.get("/").get_data(as_text=True))[1]


def post(client, url: str, data: dict | None = None, **kwargs):
    return client.post(url, data={"csrf_token": token(client), **(data or {})}, **kwargs)


def open_db(app):
    return store.open_db(app.config["DATABASE"])


def teacher_client(app, email: str = "prof@lycee.fr", first: str = "Anne", last: str = "Durand"):
    """A logged-in teacher, created through `simulator teacher add`'s service and its one-time link."""
    db = open_db(app)
    try:
        _, link = services.accounts.add_teacher(db, email)
    finally:
        db.close()
    client = app.test_client()
    response = post(
        client,
        f"/lien/{link}",
        {"first_name": first, "last_name": last, "password": "motdepasse-prof"},
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def student_client(app, email: str, first: str = "Léa", last: str = "Martin", code: str = ""):
    client = app.test_client()
    response = post(
        client,
        "/inscription",
        {
            "first_name": first,
            "last_name": last,
            "email": email,
            "password": "motdepasse-solide",
            "code": code,
        },
    )
    assert response.status_code == 303
    return client


def create_class(client, name: str = "BTS CG 1") -> tuple[int, str]:
    response = post(client, "/enseignant/classes", {"name": name})
    assert response.status_code == 303, response.status_code
    class_id = int(re.search(r"/classes/(\d+)", response.location)[1])
    html = client.get(f"/enseignant/classes/{class_id}").get_data(as_text=True)
    code = re.search(r'class="join-code">([A-Z0-9-]+)<', html)[1]
    return class_id, code


def local_input(moment: datetime) -> str:
    """A datetime-local field's value (Paris time)."""
    return moment.astimezone(services.assignments.LOCAL_TIME).strftime("%Y-%m-%dT%H:%M")


def create_assignment(client, class_id: int, scenarios=("virement",), **fields) -> int:
    now = datetime.now(UTC)
    data = {
        "title": "Devoir virements",
        "pack": "procedure-11@1",
        "opens_at": local_input(now - timedelta(hours=1)),
        "closes_at": local_input(now + timedelta(days=7)),
        "mode": "practice",
        "seed_policy": "per_student",
        "feedback": "immediate",
        "max_submissions": "1",
        **fields,
    }
    response = client.post(
        f"/enseignant/classes/{class_id}/devoirs/nouveau",
        data={"csrf_token": token(client), **data, "scenarios": list(scenarios)},
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(re.search(r"/devoirs/(\d+)", response.location)[1])


def start_assignment(client, assignment_id: int, scenario: str = "virement") -> int:
    response = post(client, f"/devoirs/{assignment_id}/{scenario}")
    assert response.status_code == 303, response.status_code
    match = re.search(r"/tentatives/(\d+)/", response.location)
    assert match, response.location
    return int(match[1])


def solve_through_services(app, attempt_id: int) -> None:
    """Post the scenario's reference actions through the services (as the screens would)."""
    from simulator.packs.play.solve import solve

    db = open_db(app)
    try:
        attempt = services.attempts.load_any(db, attempt_id)
        for action in solve(attempt.world):
            result = services.attempts.apply_action(db, attempt, action)
            assert result.accepted, result.errors
            attempt = result.attempt
    finally:
        db.close()
