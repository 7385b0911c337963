"""The home page, the procedure fragment, the placeholder screens and the error pages."""

from __future__ import annotations

import re

import pytest

from simulator import create_app, store

HX = {"HX-Request": "true"}

STEPS = [
    "Contrôler la banque en ligne",
    "Enregistrer les règlements par virement",
    "Enregistrer, endosser et remettre les chèques (bordereau)",
    "Lettrer les règlements avec les factures",
    "Traiter les écarts (arrondi, escompte, règlement partiel)",
    "Relancer les clients en retard (téléphone, e-mail, lettre)",
]


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_page_is_french_with_the_top_bar(client):
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    assert '<html lang="fr">' in html
    assert "<title>Accueil · Lettrage</title>" in html
    for menu in ("S'entraîner", "Mes tentatives", "Connexion", "Inscription"):
        assert f">{menu}</a>" in html
    assert "Voir les étapes de la procédure" in html
    assert "Contrôler la banque en ligne" not in html  # the steps come on demand


def test_home_page_loads_the_vendored_htmx_and_no_cdn(client):
    html = text(client.get("/"))
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/js/htmx.min.js" in sources
    assert all(source.startswith("/static/") for source in sources), sources


def test_the_button_fetches_the_steps_with_htmx_and_works_without_javascript(client):
    html = text(client.get("/"))
    button = re.search(r"<button[^>]*>Voir les étapes de la procédure</button>", html, re.S)
    assert button
    assert 'hx-get="/procedure"' in button[0]
    assert "hx-target=" in button[0] and "hx-swap=" in button[0]
    assert 'action="/procedure"' in html


def test_procedure_is_a_full_page_without_htmx(client):
    response = client.get("/procedure")
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith("<!doctype html>")
    assert 'class="topbar"' in html
    assert all(step in html for step in STEPS)
    assert "Voir les étapes de la procédure" not in html


def test_procedure_is_the_fragment_alone_for_htmx(client):
    response = client.get("/procedure", headers=HX)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<ol class="steps" id="procedure-steps">')
    assert "<html" not in html and "topbar" not in html
    assert html.count("<li ") == len(STEPS)
    assert [re.sub(r"\s+", " ", s) for s in re.findall(r"<strong>(.*?)</strong>", html, re.S)] == STEPS


def test_history_restore_gets_the_full_page(client):
    html = text(client.get("/procedure", headers={**HX, "HX-History-Restore-Request": "true"}))
    assert "<html" in html


@pytest.mark.parametrize("headers", [{}, HX])
def test_procedure_varies_on_hx_request(client, headers):
    assert "HX-Request" in client.get("/procedure", headers=headers).vary


@pytest.mark.parametrize("path", ["/comptabilite", "/clients", "/banque", "/relances"])
def test_the_first_top_bar_screens_lead_to_the_catalogue(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.location == "/entrainement"


def test_unknown_url_gives_the_french_404_page(client):
    response = client.get("/factures/inexistante")
    html = text(response)
    assert response.status_code == 404
    assert '<html lang="fr">' in html
    assert "Page introuvable" in html
    assert "Not Found" not in html


def test_wrong_method_gives_a_french_page(client):
    response = client.post("/")
    assert response.status_code == 405
    assert "Action non autorisée" in text(response)


def test_a_crash_gives_the_french_500_page_without_a_stack_trace(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "x.db"), "SECRET_KEY": "k", "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/boom")
    html = text(response)
    assert response.status_code == 500
    assert "Erreur interne" in html
    assert "Traceback" not in html and "secret internal detail" not in html


def test_vendored_htmx_is_served(client):
    response = client.get("/static/js/htmx.min.js")
    assert response.status_code == 200
    assert b'version:"2.0.11"' in response.data
    response.close()


def test_the_database_is_created_when_the_app_starts(tmp_path):
    path = tmp_path / "instance" / "simulator.db"
    create_app({"DATABASE": str(path), "SECRET_KEY": "k"})
    assert path.exists()
    db = store.open_db(path)
    assert store.schema_version(db) == store.SCHEMA_VERSION
    db.close()


def test_a_served_app_keeps_its_startup_objects_out_of_full_garbage_collections(tmp_path):
    """Outside tests the objects alive when the app is built (modules, compiled templates) are frozen: the
    collector's full passes during large pages do not rescan them."""
    import gc

    gc.unfreeze()
    try:
        create_app({"DATABASE": str(tmp_path / "s.db"), "SECRET_KEY": "k"})
        assert gc.get_freeze_count() > 1000
        gc.unfreeze()
        create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db"), "SECRET_KEY": "k"})
        assert gc.get_freeze_count() == 0  # a test's app leaves the test process as it was
    finally:
        gc.unfreeze()


def test_simulator_db_environment_variable_chooses_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "from-env.db"))
    app = create_app({"SECRET_KEY": "k"})
    assert app.config["DATABASE"] == str(tmp_path / "from-env.db")
    assert (tmp_path / "from-env.db").exists()


def test_default_database_and_secret_key_live_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SIMULATOR_DB", raising=False)
    monkeypatch.delenv("SIMULATOR_SECRET_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    first = create_app()
    second = create_app()
    assert first.config["DATABASE"] == str(tmp_path / "instance" / "simulator.db")
    assert (tmp_path / "instance" / "simulator.db").exists()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]  # every worker signs alike
    assert len(first.config["SECRET_KEY"]) >= 32


def test_request_connection_has_foreign_keys_and_is_closed_after_the_request(app):
    from simulator.web.db import get_db

    with app.app_context():
        db = get_db()
        assert get_db() is db
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(Exception, match="closed"):
        db.execute("SELECT 1")


def test_french_filters_are_available_in_templates(app):
    from datetime import date
    from decimal import Decimal

    from flask import render_template_string

    with app.test_request_context():
        rendered = render_template_string(
            "{{ m|money }}|{{ m|amount }}|{{ d|date_fr }}|{{ d|date_long }}",
            m=Decimal("1234.56"),
            d=date(2026, 3, 2),
        )
    assert rendered == "1\u202f234,56\u00a0€|1\u202f234,56|02/03/2026|2 mars 2026"


def test_babel_defaults_to_french_and_paris(app):
    from flask_babel import get_locale, get_timezone

    with app.test_request_context():
        assert str(get_locale()) == "fr"
        assert str(get_timezone()) == "Europe/Paris"
