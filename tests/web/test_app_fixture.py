"""The ``app`` fixture shares one application between tests (built once: URL map, compiled templates) but
never their state: each test has its own database and installed packs, and its configuration changes end
with it. The two tests run in this order (same file); the second checks what the first left behind."""

from __future__ import annotations

from pathlib import Path

from workspace_helpers import post, sign_up

from simulator import services, store

SEEN: dict[str, object] = {}


def test_a_test_writes_rows_packs_and_configuration(app, client):
    assert sign_up(client, "trace@example.fr").status_code == 303
    db = store.open_db(app.config["DATABASE"])
    try:
        assert store.find_user_by_email(db, "trace@example.fr") is not None
    finally:
        db.close()
    (Path(app.config["PACKS_FOLDER"]) / "trace").mkdir(parents=True)
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["TRACE"] = "left by the first test"
    SEEN.update(database=app.config["DATABASE"], packs=app.config["PACKS_FOLDER"], app=app)


def test_the_next_test_sees_none_of_it(app, client):
    assert SEEN, "runs after test_a_test_writes_rows_packs_and_configuration"
    assert app is SEEN["app"]  # the same application object ...
    assert app.config["DATABASE"] != SEEN["database"]  # ... on another database
    assert app.config["PACKS_FOLDER"] != SEEN["packs"]
    assert "TRACE" not in app.config and app.config.get("WTF_CSRF_ENABLED", True) is True
    db = store.open_db(app.config["DATABASE"])
    try:
        assert store.find_user_by_email(db, "trace@example.fr") is None
        # the built-in packs are registered, their files in this test's own database
        builtin = services.packs.builtin_version(db, "procedure-11")
        assert store.get_pack(db, "procedure-11", builtin) is not None
        assert "pack.yaml" in store.pack_files(db, "procedure-11", builtin)
    finally:
        db.close()
    assert not (Path(app.config["PACKS_FOLDER"]) / "trace").exists()
    response = post(client, "/connexion", {"email": "trace@example.fr", "password": "motdepasse-solide"})
    assert response.status_code == 422
