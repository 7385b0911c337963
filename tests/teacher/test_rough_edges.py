"""The teacher's rough edges: where a login lands, the « Nouveau devoir » form, the page a stale form gets."""

from __future__ import annotations

import re

from teacher_helpers import post, teacher_client


def test_a_teacher_lands_on_mes_classes_after_login(app):
    teacher = teacher_client(app)
    post(teacher, "/deconnexion")
    response = post(teacher, "/connexion", {"email": "prof@lycee.fr", "password": "motdepasse-prof"})
    assert response.status_code == 303 and response.location.endswith("/enseignant/classes")
    # a page asked for still wins
    post(teacher, "/deconnexion")
    response = post(
        teacher,
        "/connexion?next=/enseignant/packs",
        {"email": "prof@lycee.fr", "password": "motdepasse-prof"},
    )
    assert response.location.endswith("/enseignant/packs")


def test_choosing_the_pack_replaces_the_scenarios_only_and_none_start_ticked(app, school):
    page = school.teacher.get(f"/enseignant/classes/{school.class_id}/devoirs/nouveau").get_data(as_text=True)
    select = re.search(r'<select id="champ-pack"[^>]*>', page)[0]
    # htmx swaps the scenarios' fieldset alone: « Titre du devoir » and the dates keep what was typed
    assert 'hx-target="#choix-scenarios"' in select and "hx-select" not in select
    assert 'hx-target="body"' not in page
    scenarios = re.search(r'<fieldset id="choix-scenarios".*?</fieldset>', page, re.S)[0]
    assert scenarios.count('type="checkbox"') >= 2 and " checked" not in scenarios
    other = school.teacher.get(
        f"/enseignant/classes/{school.class_id}/devoirs/nouveau?pack=relances@1",
        headers={"HX-Request": "true"},
    ).get_data(as_text=True)
    # the answer is the scenarios' fragment alone, the other pack's scenarios in it
    assert other.lstrip().startswith('<fieldset id="choix-scenarios"') and "<form" not in other
    assert "Titre du devoir" not in other and 'value="releve-litige"' in other
    # a refused form keeps the title and the ticked scenarios
    refused = post(
        school.teacher,
        f"/enseignant/classes/{school.class_id}/devoirs/nouveau",
        {"title": "Relances de mai", "pack": "procedure-11@1", "scenarios": ["cheque"], "mode": "?"},
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'value="Relances de mai"' in html
    assert re.search(r'value="cheque" checked', html) and not re.search(r'value="virement" checked', html)


def test_an_expired_form_says_to_reload_the_page(app, school):
    app.config["WTF_CSRF_ENABLED"] = True
    response = school.teacher.post("/enseignant/classes", data={"name": "x", "csrf_token": "périmé"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "La page a expiré : rechargez-la (F5) puis recommencez." in page.replace("&#39;", "'")
    assert "La requête n’a pas pu aboutir" not in page
