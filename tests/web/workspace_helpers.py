"""Helpers for the workspace tests: a browser-like client that reads CSRF tokens from the pages."""

from __future__ import annotations

import re

#: Every page carries the session's CSRF token for htmx (``hx-headers`` on ``<body>``); the home page is the
#: cheapest to render (the catalogue of S'entraîner costs four times more, and tests post hundreds of forms).
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def token(client) -> str:
    """A CSRF token of this client's session (taken from a page, as a browser would)."""
    return CSRF.search(client.get("/").get_data(as_text=True))[1]


def post(client, url: str, data: dict | None = None, **kwargs):
    return client.post(url, data={"csrf_token": token(client), **(data or {})}, **kwargs)


def start(client, scenario: str = "virement", pack: str = "procedure-11", seed: int | None = None) -> int:
    """A new attempt, on a random company, or on ``seed`` as « Choisir une variante » does."""
    response = post(client, f"/entrainement/{pack}/{scenario}", {} if seed is None else {"seed": str(seed)})
    assert response.status_code == 303, response.status_code
    return int(re.search(r"/tentatives/(\d+)/", response.location)[1])


def sign_up(
    client, email: str, first: str = "Léa", last: str = "Martin", password: str = "motdepasse-solide"
):
    return post(
        client,
        "/inscription",
        {"first_name": first, "last_name": last, "email": email, "password": password},
    )


def log(app, attempt_id: int) -> list[dict]:
    from simulator import store

    db = store.open_db(app.config["DATABASE"])
    try:
        return store.list_actions(db, attempt_id)
    finally:
        db.close()


def teacher(app, email: str = "prof@lycee.fr"):
    """A logged-in teacher (created as `simulator teacher add` does, through its one-time link)."""
    from simulator import services, store

    db = store.open_db(app.config["DATABASE"])
    try:
        _, link = services.accounts.add_teacher(db, email)
    finally:
        db.close()
    client = app.test_client()
    data = {"first_name": "Anne", "last_name": "Durand", "password": "motdepasse-prof"}
    assert post(client, f"/lien/{link}", data).status_code == 303
    return client
