"""LTI 1.3 against a real platform implementation (lti1p3platform) whose services run on 127.0.0.1:
registration → Deep Linking → a student's launch → an attempt → the score received by the platform →
a regrade → the new score received; and the refusals (replayed nonce, expired token, wrong issuer,
audience or deployment, unsigned or wrongly signed token, another platform's resource link, a student on
the teacher's pages)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from conftest import pack_zip
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti_platform import ROLE_INSTRUCTOR, FakePlatform, Member, Served, new_issuer
from teacher_helpers import open_db, post, solve_through_services, teacher_client

from simulator import services, store
from simulator.packs.play.solve import solve

TEACHER = Member("moodle-teacher-7", "Anne Durand", "anne.durand@lycee.fr", ROLE_INSTRUCTOR)
LEA = Member("moodle-user-31", "Léa Martin", "lea.martin@eleve.fr")
TOM = Member("moodle-user-32", "Tom Petit", "tom.petit@eleve.fr")


@pytest.fixture
def moodle(app):
    platform = FakePlatform(new_issuer())
    with Served(platform.app()) as served:
        platform.base = served.url
        platform.tool_jwks = app.test_client().get("/lti/jwks").get_json()
        yield platform


@pytest.fixture
def registered(app, moodle):
    """A teacher registers the platform in the tool's « Moodle » page."""
    admin = teacher_client(app, "admin@lycee.fr", "Claire", "Admin")
    response = post(admin, "/enseignant/moodle", moodle.registration_form())
    assert response.status_code == 303, response.get_data(as_text=True)
    return admin


def deep_link_assignment(
    app, moodle, title="Relances de mai", scenarios=("virement",), **fields
) -> tuple[object, int, dict]:
    """The teacher adds the activity from Moodle: Deep Linking launch, the form, the signed answer."""
    teacher = app.test_client()
    answer, _ = moodle.launch(teacher, TEACHER, deep_link=True)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    page = teacher.get(answer.location)
    html = page.get_data(as_text=True)
    assert "Ajouter une activité Lettrage" in html and "BTS CG 1 - Relances" in html
    assert 'type="checkbox" name="scenarios" value="virement" checked' not in html  # none ticked
    form = {
        "title": title,
        "pack": "procedure-11@1",
        "mode": "practice",
        "seed_policy": "per_student",
        "feedback": "immediate",
        "max_submissions": "1",
        "opens_at": re.search(r'name="opens_at" type="datetime-local" value="([^"]+)"', html)[1],
        "closes_at": re.search(r'name="closes_at" type="datetime-local" value="([^"]+)"', html)[1],
        "scenarios": list(scenarios),
        **fields,
    }
    done = teacher.post(answer.location, data=form)
    assert done.status_code == 200, done.get_data(as_text=True)
    body = done.get_data(as_text=True)
    assert 'action="https://moodle.example/deep-link-return"' in body
    jwt_value = re.search(r'name="JWT" value="([^"]+)"', body)[1]
    items = moodle.content_items(jwt_value)  # checked with the tool's published key
    assert len(items) == 1
    item = items[0]
    assert item["type"] == "ltiResourceLink" and item["title"] == title
    assert item["url"] == "http://localhost/lti/lancement"
    assert item["lineItem"]["scoreMaximum"] == 100
    return teacher, int(item["custom"]["devoir"]), item


def do_attempt(app, client, assignment_id: int, skip=()) -> int:
    html = client.get("/devoirs").get_data(as_text=True)
    assert "Relances de mai" in html
    response = post(client, f"/devoirs/{assignment_id}/virement")
    assert response.status_code == 303
    attempt_id = int(re.search(r"/tentatives/(\d+)/", response.location)[1])
    if skip:
        db = open_db(app)
        try:
            attempt = services.attempts.load_any(db, attempt_id)
            for action in solve(attempt.world):
                if action["type"] not in skip:
                    attempt = services.attempts.apply_action(db, attempt, action).attempt
        finally:
            db.close()
    else:
        solve_through_services(app, attempt_id)
    response = post(client, f"/tentatives/{attempt_id}/rendre")
    assert response.status_code == 303, response.get_data(as_text=True)
    return attempt_id


def test_registration_deep_link_launch_score_regrade(app, moodle, registered):
    page = registered.get("/enseignant/moodle").get_data(as_text=True)
    for label in (
        "URL de l'outil",
        "URL d'initiation de la connexion",
        "URL(s) de redirection",
        "URL du jeu de clés publiques",
    ):
        assert label in page.replace("&#39;", "'")
    assert "http://localhost/lti/connexion" in page and "http://localhost/lti/jwks" in page
    assert moodle.issuer in page

    teacher, assignment_id, _ = deep_link_assignment(app, moodle)

    # A student clicks the activity: account by sub (no password), class of the course, the assignment.
    student = app.test_client()
    answer, _ = moodle.launch(student, LEA, resource_link="rl-100", custom={"devoir": str(assignment_id)})
    assert answer.status_code == 303, answer.get_data(as_text=True)
    assert answer.location.endswith(f"/devoirs#devoir-{assignment_id}")
    attempt_id = do_attempt(app, student, assignment_id, skip=("annotate_statement",))

    # The score reached the platform's line item, as AGS wants it.
    assert len(moodle.scores) == 1
    score = moodle.scores[0]
    assert score["link"] == "rl-100" and score["userId"] == LEA.sub
    assert score["scoreMaximum"] == 100 and 0 < score["scoreGiven"] < 100
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
    assert score["comment"] == f"Voir le résultat : http://localhost/tentatives/{attempt_id}/resultat"
    db = open_db(app)
    try:
        attempt = store.get_attempt(db, attempt_id)
        assert score["scoreGiven"] == round(attempt.score, 1)
        user = store.get_user(db, attempt.user_id)
        assert user.first_name == "Léa" and user.last_name == "Martin"
        assert services.accounts.authenticate(db, user.email, "") is None
        first = score["scoreGiven"]
    finally:
        db.close()

    # The teacher's launch of the same link lands in the gradebook.
    answer, _ = moodle.launch(teacher, TEACHER, resource_link="rl-100")
    assert answer.status_code == 303 and answer.location.endswith(f"/enseignant/devoirs/{assignment_id}")
    book = teacher.get(answer.location).get_data(as_text=True)
    assert "Martin" in book and "Activité Moodle" in book

    # A regrade with version 2 (the annotation is worth 2 points): the new score goes to Moodle.
    response = teacher.post(
        "/enseignant/packs",
        data={
            "csrf_token": _token(teacher),
            "archive": (__import__("io").BytesIO(pack_zip("2", 2)), "p.zip"),
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    db = open_db(app)
    try:
        job = services.regrade.start(db, store.get_assignment(db, assignment_id), "2")
        services.regrade.run(db, job)
        assert len(moodle.scores) == 1  # queued: a jobs worker sends it
        assert services.jobs.run_due(db) == 1
    finally:
        db.close()
    assert len(moodle.scores) == 2
    assert moodle.scores[1]["userId"] == LEA.sub and moodle.scores[1]["scoreGiven"] < first


def _token(client) -> str:
    return re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/enseignant/moodle").get_data(as_text=True)
    )[1]


def test_failed_sends_are_kept_shown_and_retried(app, moodle, registered):
    teacher, assignment_id, _ = deep_link_assignment(app, moodle)
    moodle.launch(teacher, TEACHER, resource_link="rl-7")
    moodle.refuse_scores = True
    for member in (LEA, TOM):
        client = app.test_client()
        moodle.launch(client, member, resource_link="rl-7", custom={"devoir": str(assignment_id)})
        do_attempt(app, client, assignment_id)
    assert moodle.scores == []
    page = teacher.get(f"/enseignant/devoirs/{assignment_id}").get_data(as_text=True)
    assert "2 notes non transmises à Moodle" in page and "Réessayer" in page
    from simulator import cli

    assert cli.main(["lti", "send", "--db", app.config["DATABASE"]]) == 1  # a cron job sees they still wait
    moodle.refuse_scores = False
    response = post(teacher, f"/enseignant/devoirs/{assignment_id}/notes-moodle/envoyer")
    assert response.status_code == 303
    assert sorted(s["userId"] for s in moodle.scores) == sorted([LEA.sub, TOM.sub])
    assert all(s["scoreGiven"] == 100 for s in moodle.scores)
    page = teacher.get(f"/enseignant/devoirs/{assignment_id}").get_data(as_text=True)
    assert "non transmise" not in page


def test_a_send_that_keeps_failing_is_retried_by_the_workers_then_given_up_and_shown(app, moodle, registered):
    from datetime import UTC, datetime, timedelta

    teacher, assignment_id, _ = deep_link_assignment(app, moodle)
    moodle.launch(teacher, TEACHER, resource_link="rl-7")
    moodle.refuse_scores = True
    client = app.test_client()
    moodle.launch(client, LEA, resource_link="rl-7", custom={"devoir": str(assignment_id)})
    do_attempt(app, client, assignment_id)  # « Rendre » tries once at once: refused, left to the workers
    db = open_db(app)
    try:
        [job] = store.jobs_of(db, "lti_send", ref_prefix=f"{assignment_id}:")
        assert (job.state, job.tries) == ("queued", 1) and "503" in job.last_error
        at = datetime.now(UTC)
        for tries in range(1, services.jobs.MAX_TRIES):  # each retry when its back-off is over
            at += services.jobs.backoff(tries) + timedelta(seconds=1)
            assert services.jobs.run_one(db, "another-host", at=at) is not None
        [job] = store.jobs_of(db, "lti_send", ref_prefix=f"{assignment_id}:")
        assert (job.state, job.tries) == ("failed", services.jobs.MAX_TRIES)
    finally:
        db.close()
    assert moodle.scores == []
    page = teacher.get(f"/enseignant/devoirs/{assignment_id}").get_data(as_text=True)
    assert "1 note non transmise à Moodle" in page and "1 envoi abandonné après plusieurs essais" in page
    moodle.refuse_scores = False
    assert post(teacher, f"/enseignant/devoirs/{assignment_id}/notes-moodle/envoyer").status_code == 303
    assert [s["userId"] for s in moodle.scores] == [LEA.sub]
    assert "non transmise" not in teacher.get(f"/enseignant/devoirs/{assignment_id}").get_data(as_text=True)


def test_roster_from_names_and_roles(app, moodle, registered):
    teacher, assignment_id, _ = deep_link_assignment(app, moodle)
    moodle.members = [TEACHER, LEA, TOM]
    student = app.test_client()
    moodle.launch(student, LEA, resource_link="rl-1", custom={"devoir": str(assignment_id)})
    class_id = int(
        re.search(
            r"/classes/(\d+)", teacher.get(f"/enseignant/devoirs/{assignment_id}").get_data(as_text=True)
        )[1]
    )
    response = post(teacher, f"/enseignant/classes/{class_id}/liste-moodle")
    assert response.status_code == 303
    page = teacher.get(f"/enseignant/classes/{class_id}").get_data(as_text=True)
    assert "Liste des participants lue depuis Moodle : 2 élèves." in page
    assert "Petit" in page and "Martin" in page and "tom.petit@eleve.fr" in page and "lti.invalid" not in page
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Petit(?:(?!</tr>).)*</tr>", page, re.S)[0]
    assert "jamais connecté" in row
    lea_row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Martin(?:(?!</tr>).)*</tr>", page, re.S)[0]
    assert "jamais connecté" not in lea_row
    assert page.count("Durand") <= 1  # the instructor is not a student of the class


# --- refusals ---------------------------------------------------------------------------------------------------


def _linked(app, moodle):
    _, assignment_id, _ = deep_link_assignment(app, moodle)
    return assignment_id


def _payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_a_replayed_launch_is_refused(app, moodle, registered):
    assignment_id = _linked(app, moodle)
    client = app.test_client()
    answer, form = moodle.launch(client, LEA, resource_link="rl-1", custom={"devoir": str(assignment_id)})
    assert answer.status_code == 303
    again = client.post("/lti/lancement", data=form)
    assert again.status_code == 400
    assert "n'a pas pu être vérifié" in again.get_data(as_text=True).replace("&#39;", "'")


def test_an_expired_token_is_refused(app, moodle, registered):
    assignment_id = _linked(app, moodle)
    client = app.test_client()
    answer, _ = moodle.launch(
        client, LEA, resource_link="rl-1", custom={"devoir": str(assignment_id)}, expiration=-10
    )
    assert answer.status_code == 400


@pytest.mark.parametrize("change", ["issuer", "audience", "deployment"])
def test_wrong_issuer_audience_deployment_refused(app, moodle, registered, change):
    assignment_id = _linked(app, moodle)
    client = app.test_client()
    if change == "deployment":
        answer, _ = moodle.launch(
            client, LEA, "rl-1", custom={"devoir": str(assignment_id)}, deployment_id="99"
        )
    else:

        def tamper(form):
            return {**form, "id_token": _resign(moodle, form["id_token"], change)}

        answer, _ = moodle.launch(client, LEA, "rl-1", custom={"devoir": str(assignment_id)}, tamper=tamper)
    assert answer.status_code == 400
    assert client.get("/devoirs").status_code in (302, 401)  # nobody logged in


def _resign(moodle: FakePlatform, token: str, change: str) -> str:
    import jwt

    body = _payload(token)
    if change == "issuer":
        body["iss"] = "https://moodle.autre.example"
    else:
        body["aud"] = "another-client"
        body["azp"] = "another-client"
    headers = jwt.get_unverified_header(token)
    return jwt.encode(body, moodle.private_pem, algorithm="RS256", headers={"kid": headers["kid"]})


@pytest.mark.parametrize("how", ["unsigned", "other-key"])
def test_unsigned_or_wrongly_signed_token_refused(app, moodle, registered, how):
    import jwt
    from jwcrypto.jwk import JWK

    assignment_id = _linked(app, moodle)
    client = app.test_client()

    def tamper(form):
        body = _payload(form["id_token"])
        kid = jwt.get_unverified_header(form["id_token"])["kid"]
        if how == "unsigned":
            header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "kid": kid}).encode()).rstrip(b"=")
            payload = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=")
            token = f"{header.decode()}.{payload.decode()}."
        else:
            other = JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None)
            token = jwt.encode(body, other, algorithm="RS256", headers={"kid": kid})
        return {**form, "id_token": token}

    answer, _ = moodle.launch(client, LEA, "rl-1", custom={"devoir": str(assignment_id)}, tamper=tamper)
    assert answer.status_code == 400


def test_another_platforms_resource_link_is_404(app, moodle, registered):
    assignment_id = _linked(app, moodle)
    other = FakePlatform(new_issuer(), course="course-42")
    with Served(other.app()) as served:
        other.base = served.url
        other.tool_jwks = moodle.tool_jwks
        post(registered, "/enseignant/moodle", other.registration_form())
        # its instructor launches in its own course, then a student opens a link naming our assignment
        teacher = app.test_client()
        other.launch(teacher, TEACHER, deep_link=True)
        client = app.test_client()
        answer, _ = other.launch(client, LEA, resource_link="rl-1", custom={"devoir": str(assignment_id)})
        assert answer.status_code == 404
        # and a resource link our platform already bound means nothing to the other one
        mine = app.test_client()
        assert moodle.launch(mine, LEA, "rl-1", custom={"devoir": str(assignment_id)})[0].status_code == 303
        answer, _ = other.launch(app.test_client(), LEA, resource_link="rl-1")
        assert answer.status_code == 404


def test_a_launched_student_never_reaches_the_teacher_pages(app, moodle, registered):
    assignment_id = _linked(app, moodle)
    client = app.test_client()
    moodle.launch(client, LEA, "rl-1", custom={"devoir": str(assignment_id)})
    for url in (f"/enseignant/devoirs/{assignment_id}", "/enseignant/moodle", "/enseignant/classes"):
        assert client.get(url).status_code == 404


def test_a_launch_never_logs_into_a_password_account_by_email(app, moodle, registered):
    from teacher_helpers import student_client

    owner = student_client(app, "lea.martin@eleve.fr")
    assert owner.get("/devoirs").status_code == 200
    assignment_id = _linked(app, moodle)
    client = app.test_client()
    moodle.launch(client, LEA, "rl-1", custom={"devoir": str(assignment_id)})
    db = open_db(app)
    try:
        password_account = store.find_user_by_email(db, "lea.martin@eleve.fr")
        launched = store.lti_user(db, store.list_platforms(db)[0].id, LEA.sub)
        assert launched.id != password_account.id
        assert store.list_attempts(db, str(password_account.id)) == []
    finally:
        db.close()


def test_the_platform_keyset_and_the_tool_keyset(app, moodle):
    keys = app.test_client().get("/lti/jwks").get_json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and "d" not in keys[0]
    # the same key pair at the next start (kept in the instance folder)
    assert app.test_client().get("/lti/jwks").get_json()["keys"] == keys
    assert isinstance(moodle.conf(), LTI1P3PlatformConfAbstract)


# --- the role matrix, for accounts made by a launch ------------------------------------------------------------


def test_launched_accounts_reach_nothing_of_another_teacher(app, moodle, registered, school):
    """Teacher A's class, assignment, pack and attempt (the fixture ``school``), tried by Moodle's student and
    Moodle's instructor: 404 everywhere; the instructor's own lists answer, the student has no teacher side."""
    from test_teacher_side import GETS, OWN_LISTS, POSTS

    upload = school.teacher.post(
        "/enseignant/packs",
        data={
            "csrf_token": _token(school.teacher),
            "archive": (__import__("io").BytesIO(pack_zip("2")), "p.zip"),
        },
    )
    assert upload.status_code == 303
    attempt_id = post(school.member, f"/devoirs/{school.assignment_id}/virement").location
    db = open_db(app)
    try:
        lea = store.find_user_by_email(db, "lea@eleve.fr").id
    finally:
        db.close()
    objects = {
        "c": school.class_id,
        "u": lea,
        "a": school.assignment_id,
        "t": int(re.search(r"/tentatives/(\d+)/", attempt_id)[1]),
    }

    instructor, assignment_id, _ = deep_link_assignment(app, moodle)
    student = app.test_client()
    assert moodle.launch(student, LEA, "rl-1", custom={"devoir": str(assignment_id)})[0].status_code == 303
    for route in GETS:
        url = route.format(**objects)
        assert student.get(url).status_code == 404, url
        assert instructor.get(url).status_code == 404, url
    for route in OWN_LISTS:
        assert student.get(route).status_code == 404, route
        assert instructor.get(route).status_code in (200, 302), route
    for route, data in POSTS:
        url = route.format(**objects)
        assert post(student, url, data).status_code == 404, url
        assert post(instructor, url, data).status_code == 404, url
    db = open_db(app)
    try:
        assert (
            store.is_member(db, school.class_id, lea) and store.last_regrade(db, school.assignment_id) is None
        )
    finally:
        db.close()
    # nor the Deep Linking form of another launch, nor a made-up one
    assert student.get("/lti/lien-profond/inconnu").status_code == 404


def test_simulator_lti_add_and_list(tmp_path, capsys):
    from simulator import cli

    db = str(tmp_path / "simulator.db")
    args = [
        "lti", "add", "--issuer", "https://moodle.lycee.fr", "--client-id", "AbC123",
        "--deployment-id", "1", "--deployment-id", "2",
        "--key-set-url", "https://moodle.lycee.fr/mod/lti/certs.php",
        "--auth-login-url", "https://moodle.lycee.fr/mod/lti/auth.php",
        "--auth-token-url", "https://moodle.lycee.fr/mod/lti/token.php", "--db", db,
    ]  # fmt: skip
    assert cli.main(args) == 0
    assert (
        "Plateforme enregistrée : moodle.lycee.fr (https://moodle.lycee.fr, ID client AbC123)"
        in capsys.readouterr().out
    )
    assert cli.main(args) == 1
    assert "déjà enregistrée" in capsys.readouterr().err
    bad = [a if a != "https://moodle.lycee.fr/mod/lti/token.php" else "token.php" for a in args]
    bad[bad.index("AbC123")] = "Autre"
    assert cli.main(bad) == 1
    assert "auth_token_url: Indiquez une adresse complète" in capsys.readouterr().err
    assert cli.main(["lti", "list", "--db", db]) == 0
    assert capsys.readouterr().out == "moodle.lycee.fr\thttps://moodle.lycee.fr\tAbC123\t1, 2\n"


def test_key_rotation_publishes_both_keys_and_signs_with_the_newest(app, moodle, registered):
    db = open_db(app)
    try:  # beside the SQLite file, or in the instance folder with PostgreSQL
        folder = services.lti.keys_folder(db) / "lti-keys"
    finally:
        db.close()
    if not app.config["DATABASE"].startswith("postgresql://"):
        assert folder == Path(app.config["DATABASE"]).parent / "lti-keys"
    [old] = app.test_client().get("/lti/jwks").get_json()["keys"]
    newer = services.lti.new_key(folder)
    newer.rename(folder / "99990101000000-new.pem")  # sorts last: the newest
    keys = app.test_client().get("/lti/jwks").get_json()["keys"]
    assert len(keys) == 2 and keys[1] == old
    moodle.tool_jwks = {"keys": keys}
    _, _, item = deep_link_assignment(app, moodle)  # the platform checks the answer against the keyset
    db = open_db(app)
    try:
        assert services.lti.signing_key(db).kid == keys[0]["kid"] != old["kid"]
    finally:
        db.close()
    assert item["title"] == "Relances de mai"


def test_an_evaluation_graded_after_the_close_sends_no_score_before(app, moodle, registered):
    _, assignment_id, _ = deep_link_assignment(app, moodle, mode="exam", feedback="after_close")
    student = app.test_client()
    moodle.launch(student, LEA, "rl-1", custom={"devoir": str(assignment_id)})
    do_attempt(app, student, assignment_id)
    [score] = moodle.scores
    assert score["gradingProgress"] == "Pending" and "scoreGiven" not in score
    assert score["activityProgress"] == "Completed"


def test_a_refused_deep_link_form_keeps_what_was_typed_and_creates_nothing(app, moodle, registered):
    teacher = app.test_client()
    answer, _ = moodle.launch(teacher, TEACHER, deep_link=True)
    refused = teacher.post(answer.location, data={"title": "Relances de mai", "pack": "procedure-11@1"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'value="Relances de mai"' in html
    assert "Choisissez au moins un scénario." in html
    db = open_db(app)
    try:
        assert db.execute("SELECT COUNT(*) FROM assignments").fetchone()[0] == 0
    finally:
        db.close()
    assert teacher.get(answer.location).status_code == 200  # still usable until it succeeds
