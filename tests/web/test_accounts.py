"""Inscription, Connexion, Déconnexion; a guest's attempts follow them into their account."""

from __future__ import annotations

from workspace_helpers import post, sign_up, start


def test_sign_up_logs_in_and_shows_the_name(client):
    response = sign_up(client, "lea.martin@example.fr")
    assert response.status_code == 303 and response.location == "/tentatives"
    html = client.get("/tentatives").get_data(as_text=True)
    assert "Léa Martin" in html and "Déconnexion" in html


def test_sign_up_refusals_are_french_and_by_field(client):
    response = post(
        client,
        "/inscription",
        {"first_name": "", "last_name": "M", "email": "pas-un-mail", "password": "court"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Le prénom est obligatoire." in html
    assert "« pas-un-mail » n&#39;est pas une adresse e-mail." in html
    assert "Le mot de passe doit contenir au moins 10 caractères." in html


def test_an_email_is_taken_whatever_its_case(client, app):
    sign_up(client, "lea.martin@example.fr")
    other = app.test_client()
    response = sign_up(other, "LEA.MARTIN@example.fr")
    assert response.status_code == 422
    assert "Un compte existe déjà avec cette adresse" in response.get_data(as_text=True)


def test_login_errors_do_not_say_which_part_was_wrong(client, app):
    sign_up(client, "lea.martin@example.fr")
    other = app.test_client()
    wrong_password = post(
        other, "/connexion", {"email": "lea.martin@example.fr", "password": "mauvais-mot-de-passe"}
    )
    unknown_email = post(
        other, "/connexion", {"email": "personne@example.fr", "password": "motdepasse-solide"}
    )
    assert wrong_password.status_code == unknown_email.status_code == 422
    message = "E-mail ou mot de passe incorrect."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_email.get_data(as_text=True)


def test_login_changes_the_session_cookie_and_logout_ends_it(client, app):
    sign_up(client, "lea.martin@example.fr")
    post(client, "/deconnexion")
    other = app.test_client()
    other.get("/entrainement")
    before = other.get_cookie("session").value
    response = post(other, "/connexion", {"email": "Lea.Martin@example.fr", "password": "motdepasse-solide"})
    assert response.status_code == 303
    assert other.get_cookie("session").value != before
    assert "Léa Martin" in other.get("/tentatives").get_data(as_text=True)
    post(other, "/deconnexion")
    assert "Léa Martin" not in other.get("/tentatives").get_data(as_text=True)


def test_login_redirects_only_to_a_local_page(client):
    sign_up(client, "lea.martin@example.fr")
    post(client, "/deconnexion")
    response = post(
        client,
        "/connexion?next=https://evil.example/",
        {"email": "lea.martin@example.fr", "password": "motdepasse-solide"},
    )
    assert response.location == "/tentatives"


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    response = sign_up(client, "lea.martin@example.fr")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_guest_keeps_their_attempts_when_signing_up(client):
    first, second = start(client), start(client, "cheque")
    sign_up(client, "lea.martin@example.fr")
    html = client.get("/tentatives").get_data(as_text=True)
    assert f"/tentatives/{first}/consignes" in html and f"/tentatives/{second}/consignes" in html
    assert client.get(f"/tentatives/{first}/banque").status_code == 200


def test_a_guest_keeps_their_attempts_when_logging_in(client, app):
    sign_up(client, "lea.martin@example.fr")
    guest = app.test_client()
    attempt = start(guest)
    post(guest, "/connexion", {"email": "lea.martin@example.fr", "password": "motdepasse-solide"})
    assert guest.get(f"/tentatives/{attempt}/banque").status_code == 200
    assert client.get(f"/tentatives/{attempt}/banque").status_code == 200  # the same account elsewhere


def _password_hash(app, email: str) -> str:
    from simulator import store

    db = store.open_db(app.config["DATABASE"])
    try:
        return store.find_user_by_email(db, email).password_hash
    finally:
        db.close()


def test_production_hashes_passwords_with_scrypt(tmp_path):
    from simulator import create_app

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "simulator.db"), "SECRET_KEY": "k"})
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    client = app.test_client()
    assert sign_up(client, "lea.martin@example.fr").status_code == 303
    assert _password_hash(app, "lea.martin@example.fr").startswith("scrypt:")
    post(client, "/deconnexion")
    response = post(client, "/connexion", {"email": "lea.martin@example.fr", "password": "motdepasse-solide"})
    assert response.status_code == 303


def test_the_tests_hash_with_one_round_and_still_log_in(client, app):
    sign_up(client, "lea.martin@example.fr")
    assert _password_hash(app, "lea.martin@example.fr").startswith("pbkdf2:sha256:1$")
    post(client, "/deconnexion")
    response = post(client, "/connexion", {"email": "lea.martin@example.fr", "password": "motdepasse-solide"})
    assert response.status_code == 303
    wrong = post(client, "/connexion", {"email": "lea.martin@example.fr", "password": "mauvais-mot-de-passe"})
    assert wrong.status_code == 422
