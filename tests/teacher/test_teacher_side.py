"""The teacher's side through the Flask client: one-time links, classes and join codes, assignments as the
student meets them (Mes devoirs, deadlines, Évaluation mode), the gradebook and its CSV exports, the
timeline, the analytics and the regrade after a fixed pack version."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from app_snapshots import on_sqlite, restore, untouched
from conftest import SavedSchool, build_school, pack_zip, saved
from teacher_helpers import (
    create_assignment,
    create_class,
    local_input,
    open_db,
    post,
    start_assignment,
    student_client,
    teacher_client,
    token,
)

from simulator import services, store
from simulator.packs.play.solve import solve


def _solve(app, attempt_id: int, skip: tuple[str, ...] = ()) -> None:
    """The reference actions (but the ``skip`` types) through the services, as the screens post them."""
    db = open_db(app)
    try:
        attempt = services.attempts.load_any(db, attempt_id)
        for action in solve(attempt.world):
            if action["type"] in skip:
                continue
            result = services.attempts.apply_action(db, attempt, action)
            assert result.accepted, result.errors
            attempt = result.attempt
    finally:
        db.close()


def _sql(app, statement: str, args=()) -> None:
    db = open_db(app)
    try:
        db.execute(statement, list(args))
    finally:
        db.close()


def _seed(app, attempt_id: int) -> int:
    db = open_db(app)
    try:
        return store.get_attempt(db, attempt_id).seed
    finally:
        db.close()


# --- one-time links ---------------------------------------------------------------------------------------------


def test_a_fresh_install_offers_one_first_teacher_link_until_a_teacher_exists(app):
    db = open_db(app)
    first = services.accounts.first_teacher_token(db)
    second = services.accounts.first_teacher_token(db)  # a new start: only the newest link works
    db.close()
    client = app.test_client()
    assert client.get(f"/lien/{first}").status_code == 404
    page = client.get(f"/lien/{second}").get_data(as_text=True)
    assert "Créer le compte enseignant" in page
    response = post(
        client,
        f"/lien/{second}",
        {"first_name": "Anne", "last_name": "Durand", "email": "anne@lycee.fr", "password": "court"},
    )
    assert response.status_code == 422
    assert "au moins 10 caractères" in response.get_data(as_text=True)
    response = post(
        client,
        f"/lien/{second}",
        {
            "first_name": "Anne",
            "last_name": "Durand",
            "email": "anne@lycee.fr",
            "password": "motdepasse-prof",
        },
    )
    assert response.status_code == 303 and response.location.endswith("/enseignant/")
    assert client.get("/enseignant/classes").status_code == 200
    assert app.test_client().get(f"/lien/{second}").status_code == 404  # used once
    db = open_db(app)
    assert services.accounts.first_teacher_token(db) is None
    db.close()


def test_links_are_stored_hashed_and_expire(app):
    db = open_db(app)
    user, link = services.accounts.add_teacher(db, "prof@lycee.fr")
    stored = [row["token_hash"] for row in db.rows("SELECT token_hash FROM tokens")]
    assert user.role == "teacher" and link not in stored and len(stored) == 1
    db.execute("UPDATE tokens SET expires_at = ?", [(datetime.now(UTC) - timedelta(minutes=1)).isoformat()])
    db.close()
    response = app.test_client().get(f"/lien/{link}")
    assert response.status_code == 404 and "plus valable" in response.get_data(as_text=True)


def test_teacher_add_command_prints_a_working_link(app, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "teacher",
            "add",
            "prof@lycee.fr",
            "--db",
            app.config["DATABASE"],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    link = re.search(r"http://127\.0\.0\.1:5000(/lien/\S+)", result.stdout)[1]
    client = app.test_client()
    response = post(
        client, link, {"first_name": "Anne", "last_name": "Durand", "password": "motdepasse-prof"}
    )
    assert response.status_code == 303
    assert client.get("/enseignant/classes").status_code == 200


def test_serve_prints_the_first_teacher_link(tmp_path):
    from simulator.cli import _first_teacher_token

    database = str(tmp_path / "serve.db")
    assert _first_teacher_token(database)
    db = store.open_db(database)
    services.accounts.add_teacher(db, "prof@lycee.fr")
    db.close()
    assert _first_teacher_token(database) is None


# --- classes ----------------------------------------------------------------------------------------------------


def test_a_student_joins_with_the_code_typed_loosely_and_the_teacher_sees_the_roster(app):
    teacher = teacher_client(app)
    class_id, code = create_class(teacher, "BTS CG 1")
    student = student_client(app, "lea@eleve.fr")
    response = post(student, "/rejoindre", {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 422 and "Aucune classe n&#39;a ce code" in response.get_data(as_text=True)
    assert post(student, "/rejoindre", {"code": code.lower().replace("-", " ")}).status_code == 303
    roster = teacher.get(f"/enseignant/classes/{class_id}").get_data(as_text=True)
    assert "lea@eleve.fr" in roster and "Martin Léa" in roster


def test_a_new_code_replaces_the_old_one(app):
    teacher = teacher_client(app)
    class_id, old = create_class(teacher)
    assert post(teacher, f"/enseignant/classes/{class_id}/code").status_code == 303
    _, new = create_class(teacher, "autre")  # (a second class, to be sure codes differ per class)
    html = teacher.get(f"/enseignant/classes/{class_id}").get_data(as_text=True)
    current = re.search(r'class="join-code">([A-Z0-9-]+)<', html)[1]
    assert current != old
    student = student_client(app, "lea@eleve.fr")
    assert post(student, "/rejoindre", {"code": old}).status_code == 422
    assert post(student, "/rejoindre", {"code": current}).status_code == 303


def test_remove_a_student_and_give_them_a_password_link(app, school):
    db = open_db(app)
    lea = store.find_user_by_email(db, "lea@eleve.fr")
    db.close()
    response = post(school.teacher, f"/enseignant/classes/{school.class_id}/eleves/{lea.id}/lien")
    link = re.search(r"http://localhost(/lien/[^<\s]+)", response.get_data(as_text=True))[1]
    fresh = app.test_client()
    assert post(fresh, link, {"password": "nouveau-mot-de-passe"}).status_code == 303
    assert post(app.test_client(), link, {"password": "encore-un-autre"}).status_code == 404  # once only
    db = open_db(app)
    assert services.accounts.authenticate(db, "lea@eleve.fr", "nouveau-mot-de-passe") is not None
    db.close()
    assert (
        post(school.teacher, f"/enseignant/classes/{school.class_id}/eleves/{lea.id}/retirer").status_code
        == 303
    )
    roster = school.teacher.get(f"/enseignant/classes/{school.class_id}").get_data(as_text=True)
    assert "lea@eleve.fr" not in roster
    assert "Devoir virements" not in school.member.get("/devoirs").get_data(as_text=True)


def test_a_teacher_sees_only_their_classes(school):
    mine = school.teacher.get("/enseignant/classes").get_data(as_text=True)
    assert "BTS CG 1" in mine and "BTS GPME 2" not in mine


# --- the role matrix ---------------------------------------------------------------------------------------------


def _add_objects(app, school) -> dict[str, int]:
    """Everything of teacher A that a route can name: class, student, uploaded pack, assignment, attempt."""
    upload = school.teacher.post(
        "/enseignant/packs",
        data={"csrf_token": token(school.teacher), "archive": (io.BytesIO(pack_zip("2")), "pack.zip")},
    )
    assert upload.status_code == 303
    attempt_id = start_assignment(school.member, school.assignment_id)
    _solve(app, attempt_id)
    assert post(school.member, f"/tentatives/{attempt_id}/rendre").status_code == 303
    db = open_db(app)
    lea = store.find_user_by_email(db, "lea@eleve.fr").id
    db.close()
    return {"c": school.class_id, "u": lea, "a": school.assignment_id, "t": attempt_id}


@pytest.fixture(scope="session")
def saved_objects(shared_app, tmp_path_factory) -> tuple[SavedSchool, dict[str, int]]:
    found = {}

    def build(app):
        school = build_school(app)
        found.update(_add_objects(app, school))
        return school

    return saved(shared_app, tmp_path_factory.mktemp("objects"), build), found


@pytest.fixture
def objects(app, school, request) -> dict[str, int]:
    """The school with :func:`_add_objects` done, built once and copied for each test."""
    if not on_sqlite() or not untouched(Path(app.config["DATABASE"])):
        return _add_objects(app, school)
    saved_, found = request.getfixturevalue("saved_objects")
    restore(saved_.snapshot, Path(app.config["DATABASE"]))
    # the test's school becomes the one saved with the objects (its join code, its clients' sessions)
    copy = saved_.school.on(app, saved_.sessions)
    for field in dataclasses.fields(copy):
        setattr(school, field.name, getattr(copy, field.name))
    return found


GETS = [
    "/enseignant/classes/{c}",
    "/enseignant/classes/{c}/devoirs/nouveau",
    "/enseignant/classes/{c}/competences",
    "/enseignant/classes/{c}/competences.csv",
    "/enseignant/packs/procedure-11/2",
    "/enseignant/devoirs/{a}",
    "/enseignant/devoirs/{a}/notes.csv",
    "/enseignant/devoirs/{a}/notes-moodle.csv",
    "/enseignant/devoirs/{a}/analyse",
    "/enseignant/devoirs/{a}/recorriger",
    "/enseignant/tentatives/{t}",
    "/enseignant/tentatives/{t}?etape=1",
]
POSTS = [
    ("/enseignant/classes/{c}/code", {}),
    ("/enseignant/classes/{c}/eleves/{u}/lien", {}),
    ("/enseignant/classes/{c}/devoirs/nouveau", {"title": "x"}),
    ("/enseignant/classes/{c}/competences/entrainement", {"pack": "procedure-11"}),
    ("/enseignant/devoirs/{a}/recorriger", {"version": "1"}),
    ("/enseignant/devoirs/{a}/recorriger/suite", {}),
    ("/enseignant/devoirs/{a}/notes-moodle/envoyer", {"tout": "1"}),
    ("/enseignant/classes/{c}/liste-moodle", {}),
    ("/enseignant/classes/{c}/eleves/{u}/retirer", {}),  # last: it removes the student
]
OWN_LISTS = ["/enseignant/classes", "/enseignant/packs", "/enseignant/", "/enseignant/moodle"]


def _clients(app, school):
    return {
        "guest": app.test_client(),
        "student": school.member,
        "outsider": school.outsider,
        "other teacher": school.other_teacher,
    }


@pytest.mark.parametrize("route", GETS + OWN_LISTS)
def test_get_routes_by_role(app, school, objects, route):
    url = route.format(**objects)
    assert school.teacher.get(url).status_code in (200, 302)
    for role, client in _clients(app, school).items():
        response = client.get(url)
        if role == "guest":
            assert response.status_code == 302 and "/connexion" in response.location, url
        elif role == "other teacher" and route in OWN_LISTS:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 404, (role, url)


def test_other_teachers_lists_show_nothing_of_teacher_a(app, school, objects):
    packs = school.other_teacher.get("/enseignant/packs").get_data(as_text=True)
    assert "version 1" in packs and "version 2" not in packs  # the uploaded version is teacher A's


@pytest.mark.parametrize(("route", "data"), POSTS)
def test_post_routes_by_role_change_nothing_that_is_not_theirs(app, school, objects, route, data):
    url = route.format(**objects)
    for role, client in _clients(app, school).items():
        response = post(client, url, data)
        expected = (302,) if role == "guest" else (404,)
        assert response.status_code in expected, (role, url, response.status_code)
    db = open_db(app)
    assert store.is_member(db, objects["c"], objects["u"])
    assert store.running_regrade(db, objects["a"]) is None and store.last_regrade(db, objects["a"]) is None
    assert len(store.class_assignments(db, objects["c"])) == 1
    db.close()
    assert post(school.teacher, url, data).status_code in (200, 303, 422)


@pytest.mark.parametrize(
    ("route", "data"),
    [
        *POSTS,
        ("/enseignant/classes", {"name": "x"}),
        ("/rejoindre", {"code": "x"}),
        ("/enseignant/moodle", {"issuer": "https://moodle.example", "client_id": "x", "deployment_ids": "1"}),
    ],
)
def test_every_post_needs_the_csrf_token(app, school, objects, route, data):
    url = route.format(**objects)
    response = school.teacher.post(url, data=data)
    assert response.status_code == 400
    db = open_db(app)
    assert len(store.teacher_classes(db, 1)) == 1 and store.last_regrade(db, objects["a"]) is None
    assert store.list_platforms(db) == []
    db.close()


def test_a_student_starts_only_the_assignments_of_their_class(app, school):
    assert post(school.outsider, f"/devoirs/{school.assignment_id}/virement").status_code == 404
    assert post(school.other_teacher, f"/devoirs/{school.assignment_id}/virement").status_code == 404
    assert post(app.test_client(), f"/devoirs/{school.assignment_id}/virement").status_code == 302
    assert post(school.member, f"/devoirs/{school.assignment_id}/inconnu").status_code == 303
    assert "ne fait pas partie du devoir" in school.member.get("/devoirs").get_data(as_text=True)


# --- assignments as the student meets them ---------------------------------------------------------------------


def test_mes_devoirs_shows_the_assignment_and_one_company_per_student(app, school):
    page = school.member.get("/devoirs").get_data(as_text=True)
    assert "Devoir virements" in page and "Ouvert" in page and "À rendre avant le" in page
    first = start_assignment(school.member, school.assignment_id)
    assert start_assignment(school.member, school.assignment_id) == first  # resumed, not a second one
    _solve(app, first)
    post(school.member, f"/tentatives/{first}/rendre")
    second = start_assignment(school.member, school.assignment_id)
    assert second != first and _seed(app, second) == _seed(app, first)
    restarted = post(school.member, f"/tentatives/{first}/recommencer").location
    assert _seed(app, int(re.search(r"/tentatives/(\d+)/", restarted)[1])) == _seed(app, first)
    variant = post(school.member, f"/tentatives/{first}/variante").location
    assert _seed(app, int(re.search(r"/tentatives/(\d+)/", variant)[1])) == _seed(app, first)
    other = student_client(app, "noe@eleve.fr", "Noé", "Roux", code=school.code)
    assert _seed(app, start_assignment(other, school.assignment_id)) != _seed(app, first)


def test_a_new_company_per_attempt_when_the_teacher_says_so(app, school):
    assignment = create_assignment(school.teacher, school.class_id, seed_policy="per_attempt")
    first = start_assignment(school.member, assignment)
    _solve(app, first)
    post(school.member, f"/tentatives/{first}/rendre")
    assert _seed(app, start_assignment(school.member, assignment)) != _seed(app, first)


def test_a_closed_assignment_refuses_the_submission_with_a_clear_message(app, school):
    attempt = start_assignment(school.member, school.assignment_id)
    _solve(app, attempt)
    closed = datetime.now(UTC) - timedelta(minutes=5)
    _sql(app, "UPDATE assignments SET closes_at = ?", [closed.isoformat(timespec="seconds")])
    response = post(school.member, f"/tentatives/{attempt}/rendre", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Ce devoir est clos depuis le" in page and "il n&#39;accepte plus de remise" in page
    db = open_db(app)
    assert store.get_attempt(db, attempt).submitted_at is None
    db.close()
    assert "Clos" in school.member.get("/devoirs").get_data(as_text=True)
    response = post(school.member, f"/devoirs/{school.assignment_id}/virement", follow_redirects=True)
    assert "il n&#39;accepte plus de remise" in response.get_data(as_text=True)


def test_an_assignment_not_yet_open_cannot_be_started(app, school):
    later = datetime.now(UTC) + timedelta(days=2)
    assignment = create_assignment(
        school.teacher,
        school.class_id,
        opens_at=local_input(later),
        closes_at=local_input(later + timedelta(days=1)),
    )
    response = post(school.member, f"/devoirs/{assignment}/virement", follow_redirects=True)
    assert "Ce devoir ouvre le" in response.get_data(as_text=True)


def test_evaluation_hides_hints_limits_submissions_and_holds_the_grade_until_closing(app, school):
    assignment = create_assignment(
        school.teacher,
        school.class_id,
        scenarios=("virement",),
        mode="exam",
        max_submissions="1",
        feedback="after_close",
    )
    attempt = start_assignment(school.member, assignment)
    procedure = school.member.get(f"/tentatives/{attempt}/procedure").get_data(as_text=True)
    assert "les conseils sont masqués" in procedure and "Conseils (mode entraînement)" not in procedure
    _solve(app, attempt)
    result = post(school.member, f"/tentatives/{attempt}/rendre", follow_redirects=True).get_data(
        as_text=True
    )
    assert "visibles après la clôture" in result and "Critères" not in result
    mine = school.member.get("/devoirs").get_data(as_text=True)
    assert "après la clôture" in mine and "100 / 100" not in mine
    response = post(school.member, f"/devoirs/{assignment}/virement", follow_redirects=True)
    assert "déjà rendu ce scénario 1 fois" in response.get_data(as_text=True)
    _sql(
        app, "UPDATE assignments SET closes_at = ? WHERE id = ?", [datetime.now(UTC).isoformat(), assignment]
    )
    assert "Critères" in school.member.get(f"/tentatives/{attempt}/resultat").get_data(as_text=True)


def test_the_new_assignment_form_says_what_is_wrong_in_french(school):
    response = post(
        school.teacher,
        f"/enseignant/classes/{school.class_id}/devoirs/nouveau",
        {
            "title": "",
            "pack": "procedure-11@1",
            "opens_at": "hier",
            "closes_at": "",
            "mode": "exam",
            "seed_policy": "",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "Le titre du devoir est obligatoire.",
        "Choisissez au moins un scénario.",
        "Date d&#39;ouverture invalide",
        "Date de clôture invalide",
        "Indiquez un nombre de remises entre 1 et 100.",
        "Choisissez l&#39;entreprise des tentatives.",
    ):
        assert message in page, message


# --- gradebook, exports, timeline, analytics ----------------------------------------------------------------------


def _graded_class(app, school):
    """Léa: virement done without annotating the bank line, then fully (100); Noé: virement started,
    nothing submitted; cheque untouched by both. Without the annotation (docs/grading.md « Scoring »):
    receipts_recorded 3 + receipts_matched 3 + statement_annotated 1 × 0/1 + books_clean 1 × 1/2 (the
    receipt exists, the annotation does not) = 6,5 of 8 points: 81,25, shown 81,3 (half up)."""
    first = start_assignment(school.member, school.assignment_id)
    _solve(app, first, skip=("annotate_statement",))
    post(school.member, f"/tentatives/{first}/rendre")
    second = start_assignment(school.member, school.assignment_id)
    _solve(app, second)
    post(school.member, f"/tentatives/{second}/rendre")
    noe = student_client(app, "noe@eleve.fr", "Noé", "Roux", code=school.code)
    start_assignment(noe, school.assignment_id)
    return first, second


def test_the_gradebook_shows_best_last_attempts_sorted_and_filtered(app, school):
    _graded_class(app, school)
    page = school.teacher.get(f"/enseignant/devoirs/{school.assignment_id}").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S)
    assert [re.match(r"(\w+)", r)[1] for r in rows] == ["Martin", "Roux"]
    assert "<strong>100</strong>" in rows[0] and "dernière 100" in rows[0] and "2 tentatives" in rows[0]
    assert "non commencé" in rows[0]  # the cheque scenario
    assert "1 tentative" in rows[1]
    by_average = school.teacher.get(f"/enseignant/devoirs/{school.assignment_id}?tri=moyenne&ordre=desc")
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(\w+)", by_average.get_data(as_text=True))
    assert rows == ["Martin", "Roux"]
    filtered = school.teacher.get(
        f"/enseignant/devoirs/{school.assignment_id}?q=noe", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert filtered.startswith("{#") is False and "<html" not in filtered
    assert "Roux" in filtered and "Martin" not in filtered


def test_csv_exports_read_back(app, school):
    _graded_class(app, school)
    plain = school.teacher.get(f"/enseignant/devoirs/{school.assignment_id}/notes.csv")
    assert plain.headers["Content-Disposition"].startswith("attachment")
    text = plain.get_data(as_text=True)
    assert text.startswith("\ufeffNom;Prénom;Adresse e-mail;")  # a BOM (Excel's accents), then « ; »
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    lea = next(r for r in rows if r["Adresse e-mail"] == "lea@eleve.fr")
    title = "Règlement d'une facture par virement"
    assert (lea[f"{title} - meilleure"], lea[f"{title} - dernière"], lea[f"{title} - tentatives"]) == (
        "100,0",
        "100,0",
        "2",
    )
    page = school.teacher.get(f"/enseignant/devoirs/{school.assignment_id}").get_data(as_text=True)
    assert "Exporter pour Excel / LibreOffice (CSV)" in page and "Exporter pour Moodle" in page
    moodle = school.teacher.get(f"/enseignant/devoirs/{school.assignment_id}/notes-moodle.csv")
    table = list(csv.reader(io.StringIO(moodle.get_data(as_text=True).lstrip("\ufeff"))))
    assert (
        table[0]
        == [
            "Adresse de courriel",
            f"Devoir virements - {title}",
            "Devoir virements - Encaissement de chèques et remise en banque",
        ]
        or table[0][0] == "Adresse de courriel"
    )
    assert table[1:] == [["lea@eleve.fr", "100.0", ""], ["noe@eleve.fr", "", ""]]


def test_the_timeline_tells_each_action_and_steps_through_the_books(app, school):
    first, _ = _graded_class(app, school)
    page = school.teacher.get(f"/enseignant/tentatives/{first}").get_data(as_text=True)
    assert "81,3" in page and "Vos écritures / Écritures attendues" in page
    steps = re.findall(r'<ol class="timeline">(.*?)</ol>', page, re.S)[0]
    assert steps.count("<li") == 1 and "Règlement de" in steps and "au journal BNK" in steps
    step = school.teacher.get(f"/enseignant/tentatives/{first}?etape=1", headers={"HX-Request": "true"})
    html = step.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="etape"')
    changed = re.findall(r'<tr class="differs">\s*<th scope="row">(\d+)', html)
    assert changed == ["411", "512"]  # the transfer: 512 debited, 411 credited
    before = school.teacher.get(f"/enseignant/tentatives/{first}?etape=0").get_data(as_text=True)
    assert "Balance avant la première action" in before


def test_analytics_count_by_hand(app, school):
    _graded_class(app, school)
    page = school.teacher.get(f"/enseignant/devoirs/{school.assignment_id}/analyse").get_data(as_text=True)
    assert "2 tentatives rendues et corrigées." in page
    assert '<svg role="img"' in page
    # Two graded attempts of Léa (81,3 then 100): her best, 100, is the only score, in the last band; the
    # bank line was annotated in one attempt of two; the one mistake is the missing annotation.
    bands = dict(
        re.findall(r'class="chart-label">(\d+ à \d+)</text>.*?class="chart-value">(\d+)<', page, re.S)
    )
    assert bands["90 à 100"] == "1" and sum(map(int, bands.values())) == 1
    assert 'Relevé bancaire annoté</td><td class="num">50 %</td><td class="num">1 / 2' in page
    assert 'Relevé non annoté</td><td>Annoter le relevé bancaire</td><td class="num">1<' in page


# --- regrade -------------------------------------------------------------------------------------------------------


def _upload(client, data: bytes):
    return client.post(
        "/enseignant/packs",
        data={"csrf_token": token(client), "archive": (io.BytesIO(data), "pack.zip")},
    )


def test_regrade_with_a_fixed_version_lists_the_scores_that_changed(app, school):
    first, second = _graded_class(app, school)
    assert _upload(school.teacher, pack_zip("2", annotation_points=2)).status_code == 303
    assert (
        post(
            school.teacher, f"/enseignant/devoirs/{school.assignment_id}/recorriger", {"version": "2"}
        ).status_code
        == 303
    )
    html = post(
        school.teacher,
        f"/enseignant/devoirs/{school.assignment_id}/recorriger/suite",
        headers={"HX-Request": "true"},
    ).get_data(as_text=True)
    assert "2 / 2 tentatives recorrigées avec la version 2" in html and "terminé" in html
    # 6,5 of 9 points once annotating is worth 2: 72,2 (was 6,5 of 8: 81,3); the full attempt stays 100.
    assert re.search(rf"n° {first}</a></td><td class=\"num\">81,3</td><td class=\"num\">72,2", html)
    assert f"n° {second}<" not in html
    db = open_db(app)
    assert store.get_attempt(db, first).pack_version == "2"
    assert store.get_assignment(db, school.assignment_id).pack_version == "2"
    db.close()
    assert "72,2" in school.member.get(f"/tentatives/{first}/resultat").get_data(as_text=True)


def _regrade_to_v2(app, school) -> dict[int, float]:
    """Regrade the class with version 2 (annotating worth 2 points) through the service; scores by attempt."""
    assert _upload(school.teacher, pack_zip("2", annotation_points=2)).status_code == 303
    db = open_db(app)
    try:
        assignment = store.get_assignment(db, school.assignment_id)
        progress = services.regrade.run(db, services.regrade.start(db, assignment, "2"))
        assert progress.finished and progress.job.done == 2
        return {
            a.id: a.grade_data["score"] for a in store.assignment_attempts(db, assignment.id, submitted=True)
        }
    finally:
        db.close()


def test_a_regrade_whose_host_died_is_finished_by_another_host_after_the_lease(app, school, monkeypatch):
    from datetime import UTC, datetime, timedelta

    first, second = _graded_class(app, school)
    monkeypatch.setattr(services.regrade, "CHUNK", 1)
    assert _upload(school.teacher, pack_zip("2", annotation_points=2)).status_code == 303
    db = open_db(app)
    try:
        regrade = services.regrade.start(db, store.get_assignment(db, school.assignment_id), "2")
        t0 = datetime.now(UTC) + timedelta(seconds=1)
        # host A's worker takes the job, grades one chunk of one attempt, and dies (kill -9: nothing more)
        assert store.take_job(db, "host-a", services.jobs.LEASE_SECONDS, at=t0) is not None
        assert services.regrade.step(db, regrade).job.done == 1
        # while A's lease runs, another host leaves the job alone and the page only shows the progress
        assert services.jobs.run_one(db, "host-b", at=t0 + timedelta(seconds=30)) is None
        assert services.regrade.advance(db, regrade).job.done == 1
        # the lease ran out: host B takes the job over and finishes it from where A was
        job = services.jobs.run_one(db, "host-b", at=t0 + timedelta(seconds=services.jobs.LEASE_SECONDS + 1))
        assert job is not None and job.kind == "regrade"
        assert store.get_regrade(db, regrade.id).done == 2 and store.get_regrade(db, regrade.id).finished_at
        assert [j.state for j in store.jobs_of(db, "regrade", str(regrade.id))] == ["done"]
        scores = {
            a.id: a.grade_data["score"]
            for a in store.assignment_attempts(db, school.assignment_id, submitted=True)
        }
        assert scores == {first: 72.2, second: 100.0}  # each attempt graded once, as worked by hand above
        assert [attempt_id for attempt_id, _, _ in store.regrade_changes(db, regrade.id)] == [first]
    finally:
        db.close()


def test_regrade_in_worker_processes_gives_the_hand_worked_scores(app, school, monkeypatch):
    import os

    first, second = _graded_class(app, school)
    monkeypatch.setattr(services.regrade, "PARALLEL_FROM", 1)  # even two attempts go to the workers
    monkeypatch.setattr(services.regrade, "WORKERS", 2)
    # 6,5 of 9 points once annotating is worth 2 (72,2); the complete attempt stays 100.
    assert _regrade_to_v2(app, school) == {first: 72.2, second: 100.0}
    pool = services.regrade._executor
    assert pool is not None and pool._processes  # the work went to processes other than this one
    assert all(pid != os.getpid() for pid in pool._processes)


def test_regrade_without_processes_grades_in_the_requesting_process(app, school, monkeypatch):
    def no_processes(*args, **kwargs):
        raise OSError("sem_open: function not implemented")  # as where /dev/shm is missing

    first, second = _graded_class(app, school)
    monkeypatch.setattr(services.regrade, "PARALLEL_FROM", 1)
    monkeypatch.setattr(services.regrade, "WORKERS", 2)
    monkeypatch.setattr(services.regrade, "_executor", None)
    monkeypatch.setattr(services.regrade, "_no_processes", False)
    monkeypatch.setattr(services.regrade, "ProcessPoolExecutor", no_processes)
    assert _regrade_to_v2(app, school) == {first: 72.2, second: 100.0}
    assert services.regrade._executor is None and services.regrade._no_processes


def test_regrade_with_a_pool_shut_down_grades_in_the_requesting_process(app, school, monkeypatch):
    """At interpreter exit the pool refuses new work (RuntimeError) while a worker thread is grading: the
    chunk is graded here, with the same scores, and the pool is dropped."""
    from concurrent.futures import Executor

    class ShutDown(Executor):
        def submit(self, *args, **kwargs):
            raise RuntimeError("cannot schedule new futures after shutdown")

    pool = ShutDown()
    first, second = _graded_class(app, school)
    monkeypatch.setattr(services.regrade, "PARALLEL_FROM", 1)
    monkeypatch.setattr(services.regrade, "WORKERS", 2)
    monkeypatch.setattr(services.regrade, "_no_processes", False)
    monkeypatch.setattr(services.regrade, "_executor", pool)
    assert _regrade_to_v2(app, school) == {first: 72.2, second: 100.0}
    assert services.regrade._executor is not pool


def test_a_chunk_is_shared_between_workers_without_splitting_a_world():
    work = [
        (n, {"scenario": s, "seed": seed})
        for n, (s, seed) in enumerate([("a", 1)] * 3 + [("a", 2)] * 3 + [("b", 1)] * 2)
    ]
    parts = services.regrade._parts(work, 2)
    assert [[n for n, _ in part] for part in parts] == [[0, 1, 2, 3, 4, 5], [6, 7]]
    assert [[n for n, _ in part] for part in services.regrade._parts(work, 3)] == [
        [0, 1, 2],
        [3, 4, 5],
        [6, 7],
    ]


# --- grading versions ------------------------------------------------------------------------------------------


def _graded_as_before(app, attempt_id: int, score: float | None = None) -> None:
    """Store an attempt's grade as grades were stored before they carried a grading version (the same SQL
    on both engines: the JSON is rewritten here, not by the database's JSON functions)."""
    db = open_db(app)
    try:
        grade = dict(store.get_attempt(db, attempt_id).grade_data)
    finally:
        db.close()
    del grade["grading_version"]
    if score is not None:
        grade["score"] = score
    _sql(
        app,
        "UPDATE attempts SET grade = ?, score = ?, grading_version = '1' WHERE id = ?",
        [json.dumps(grade, ensure_ascii=False), grade["score"], attempt_id],
    )


def test_grades_of_an_older_grading_version_are_marked_counted_and_regraded_when_the_teacher_asks(
    app, school
):
    """A grade stored before grades carried a grading version reads as version 1: the gradebook counts
    it, marks it « barème v1 » where it shows it (best or last grade), and « Recorriger » with the pack's
    current version brings it to today's rules."""
    first, second = _graded_class(app, school)
    url = f"/enseignant/devoirs/{school.assignment_id}"
    page = school.teacher.get(url).get_data(as_text=True)
    assert 'id="bareme-ancien"' not in page and ">barème v1</span>" not in page  # fresh grades: today's
    db = open_db(app)
    assert store.get_attempt(db, first).grade_data["grading_version"] == "2"
    db.close()

    def lea_row() -> tuple[str, str]:
        page = school.teacher.get(url).get_data(as_text=True)
        return page, re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S)[0]

    # Léa's first attempt graded as before: the old score (87,5, 7 of 8) and no version in its JSON
    _graded_as_before(app, first, score=87.5)
    page, lea = lea_row()
    assert "1 note a été calculée avec un ancien barème" in page and "le barème actuel est la v2" in page
    assert "barème v1" not in lea  # the grades shown, best and last (100), are of today's version
    _graded_as_before(app, second)
    page, lea = lea_row()
    assert "2 notes ont été calculées avec un ancien barème" in page
    assert ">barème v1</span>" in lea and "dernière 100 (barème v1)" in lea
    assert "barème actuel (v2" in school.teacher.get(f"{url}/recorriger").get_data(as_text=True)
    # the teacher regrades with the version the assignment already uses: the grades move to version 2
    db = open_db(app)
    try:
        assignment = store.get_assignment(db, school.assignment_id)
        progress = services.regrade.run(db, services.regrade.start(db, assignment, assignment.pack_version))
        assert progress.changes == ((first, 87.5, 81.3),)
        assert {store.get_attempt(db, a).grade_data["grading_version"] for a in (first, second)} == {"2"}
    finally:
        db.close()
    page, lea = lea_row()
    assert 'id="bareme-ancien"' not in page and "barème v1" not in lea
