"""The attempt workspace through the Flask client: ownership, CSRF, Banque en ligne's form (htmx and
no-JavaScript paths), concurrent posts, submission and the exported attempt."""

from __future__ import annotations

import json
import re
import threading

import pytest
from markupsafe import escape
from workspace_helpers import log, post, sign_up, start, teacher, token

from simulator import services, store
from simulator.grading.batch import Grader
from simulator.packs.spec.registry import load_pack

HX = {"HX-Request": "true"}

GET_ROUTES = [
    "",
    "/consignes",
    "/procedure",
    "/banque",
    "/factures",
    "/lettrage",
    "/relances",
    "/balance",
    "/rendre",
    "/resultat",
    "/tentative.json",
]
POST_ROUTES = [
    ("/banque/annotation", {"statement_line": "REL-01", "text": "Vu"}),
    ("/rendre", {}),
    ("/recommencer", {}),
    ("/variante", {}),
]


def _statement_lines(client, attempt_id: int) -> list[str]:
    html = client.get(f"/tentatives/{attempt_id}/banque").get_data(as_text=True)
    return re.findall(r'name="statement_line" value="([^"]+)"', html)


@pytest.fixture
def owners(app):
    """Four requesters: two guests and two students, each with one attempt."""
    clients = {}
    for name in ("guest_a", "guest_b", "student_a", "student_b"):
        client = app.test_client()
        if name.startswith("student"):
            sign_up(client, f"{name}@example.fr")
        clients[name] = (client, start(client))
    return clients


# --- ownership ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", GET_ROUTES)
def test_every_get_route_answers_404_to_anyone_but_the_owner(owners, route):
    for owner, (_, attempt_id) in owners.items():
        for other, (client, _) in owners.items():
            response = client.get(f"/tentatives/{attempt_id}{route}")
            if other == owner:
                assert response.status_code in (200, 302), (owner, route, response.status_code)
            else:
                assert response.status_code == 404, (other, owner, route)


@pytest.mark.parametrize(("route", "data"), POST_ROUTES)
def test_every_post_route_answers_404_to_anyone_but_the_owner(owners, app, route, data):
    for owner, (_, attempt_id) in owners.items():
        for other, (client, _) in owners.items():
            if other == owner:
                continue
            response = post(client, f"/tentatives/{attempt_id}{route}", data)
            assert response.status_code == 404, (other, owner, route)
        assert log(app, attempt_id) == []


def test_an_unknown_attempt_is_404_and_a_new_browser_owns_nothing(app, owners):
    stranger = app.test_client()
    for _, attempt_id in owners.values():
        assert stranger.get(f"/tentatives/{attempt_id}/banque").status_code == 404
    assert owners["guest_a"][0].get("/tentatives/9999/banque").status_code == 404


def test_mes_tentatives_lists_only_ones_own(owners):
    client, mine = owners["student_a"]
    html = client.get("/tentatives").get_data(as_text=True)
    assert f"/tentatives/{mine}/consignes" in html
    for name, (_, theirs) in owners.items():
        if name != "student_a":
            assert f"/tentatives/{theirs}/" not in html


# the screens of the relances pack (issue 12), each in the scenario that serves it; {c} is a customer key
FOLLOWUP_GETS = [
    ("strategie", "/niveaux-de-relance"),
    ("strategie", "/niveaux-de-relance/nouveau"),
    ("strategie", "/niveaux-de-relance/1"),
    ("strategie", "/devis?client={c}"),
    ("relances-par-lot", "/relances/lancer"),
    ("relances-par-lot", "/relances/lots"),
    ("relances-par-lot", "/relances/releves?clients={c}"),
]
FOLLOWUP_POSTS = [
    ("strategie", "/niveaux-de-relance/nouveau", {"name": "Relance 5", "days": "90", "actions": "email"}),
    ("strategie", "/niveaux-de-relance/1", {"name": "Relance 1", "days": "10", "actions": "email"}),
    ("strategie", "/niveaux-de-relance/1/supprimer", {}),
    ("relances-par-lot", "/relances/lancer", {"level": "1"}),
    ("relances-par-lot", "/relances/lancer/adresse/{c}", {"email": "compta@client.fr"}),
    ("relances-par-lot", "/relances/releves", {"customers": "{c}"}),
    ("relances-par-lot", "/consignes/reponses", {"answer-clients": "3"}),
    ("un-mois", "/calendrier", {"days": "1"}),
    ("un-mois", "/relances/{c}/clients-douteux", {"date": "2026-11-02"}),
    ("un-mois", "/relances/{c}/penalites", {"invoice": "FA-1", "date": "2026-11-02"}),
]


def _first_customer(app, attempt_id: int) -> str:
    db = store.open_db(app.config["DATABASE"])
    try:
        return services.attempts.load_any(db, attempt_id).world.customers[0].id
    finally:
        db.close()


def _requesters(app) -> dict:
    """Guest, two students and a teacher (who reviews attempts under /enseignant, never here)."""
    clients = {"guest": app.test_client(), "student_a": app.test_client(), "student_b": app.test_client()}
    sign_up(clients["student_a"], "student_a@example.fr")
    sign_up(clients["student_b"], "student_b@example.fr")
    clients["teacher"] = teacher(app)
    return clients


def _fill(value, customer: str):
    return value.format(c=customer) if isinstance(value, str) else value


@pytest.mark.parametrize(("scenario", "route"), FOLLOWUP_GETS)
def test_every_followup_get_route_answers_404_to_anyone_but_the_owner(app, scenario, route):
    clients = _requesters(app)
    owner = clients["student_a"]
    attempt_id = start(owner, scenario, pack="relances")
    url = f"/tentatives/{attempt_id}{_fill(route, _first_customer(app, attempt_id))}"
    assert owner.get(url).status_code == 200, url
    for role, client in clients.items():
        if client is not owner:
            assert client.get(url).status_code == 404, (role, url)


@pytest.mark.parametrize(("scenario", "route", "data"), FOLLOWUP_POSTS)
def test_every_followup_post_route_answers_404_to_anyone_but_the_owner(app, scenario, route, data):
    clients = _requesters(app)
    owner = clients["student_a"]
    attempt_id = start(owner, scenario, pack="relances")
    customer = _first_customer(app, attempt_id)
    url = f"/tentatives/{attempt_id}{_fill(route, customer)}"
    data = {key: _fill(value, customer) for key, value in data.items()}
    for role, client in clients.items():
        if client is not owner:
            assert post(client, url, data).status_code == 404, (role, url)
            assert client.post(url, data=data).status_code == 400, (role, url)  # no token: refused first
    assert log(app, attempt_id) == []
    assert owner.post(url, data=data).status_code == 400  # the owner too needs the token
    assert log(app, attempt_id) == []
    assert post(owner, url, data).status_code in (200, 303, 422), url


def test_a_lot_is_seen_by_its_owner_only(app):
    clients = _requesters(app)
    owner = clients["student_a"]
    attempt_id = start(owner, "relances-par-lot", pack="relances")
    db = store.open_db(app.config["DATABASE"])
    try:
        world = services.attempts.load_any(db, attempt_id).world
    finally:
        db.close()
    base = f"/tentatives/{attempt_id}"
    post(owner, f"{base}/relances/lancer/adresse/{world.keys['D']}", {"email": "compta@d.fr"})
    run = {"level": "1", "date": world.today.isoformat(), "excluded_methods": "prelevement"}
    response = post(owner, f"{base}/relances/lancer", {**run, "excluded_customers": world.keys["E"]})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert owner.get(response.location).status_code == 200
    for role, client in clients.items():
        if client is not owner:
            assert client.get(response.location).status_code == 404, role


# --- CSRF -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "route",
    [
        "/entrainement/procedure-11/virement",
        "/inscription",
        "/connexion",
        "/deconnexion",
        "/tentatives/{id}/banque/annotation",
        "/tentatives/{id}/rendre",
        "/tentatives/{id}/recommencer",
        "/tentatives/{id}/variante",
    ],
)
def test_every_state_changing_route_refuses_a_post_without_its_token(client, app, route):
    attempt_id = start(client)
    lines = _statement_lines(client, attempt_id)
    response = client.post(route.format(id=attempt_id), data={"statement_line": lines[0], "text": "Vu"})
    assert response.status_code == 400
    assert "La page a expiré : rechargez-la (F5) puis recommencez." in response.get_data(as_text=True)
    assert log(app, attempt_id) == []
    assert client.get(f"/tentatives/{attempt_id}/rendre").status_code == 200  # not submitted


def test_htmx_sends_the_token_in_a_header(client, app):
    attempt_id = start(client)
    line = _statement_lines(client, attempt_id)[0]
    html = client.get(f"/tentatives/{attempt_id}/banque").get_data(as_text=True)
    header = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert header
    response = client.post(
        f"/tentatives/{attempt_id}/banque/annotation",
        data={"statement_line": line, "text": "Vu"},
        headers={**HX, "X-CSRFToken": header[1]},
    )
    assert response.status_code == 200
    assert log(app, attempt_id) == [{"type": "annotate_statement", "statement_line": line, "text": "Vu"}]


# --- Banque en ligne -----------------------------------------------------------------------------------


def test_the_bank_shows_the_world_statement_with_credits_and_debits(client):
    attempt_id = start(client)
    attempt = services.attempts.load(_db(client), attempt_id, _owner_of(client, attempt_id))
    html = client.get(f"/tentatives/{attempt_id}/banque").get_data(as_text=True)
    assert '<h1 id="bank-title">Banque en ligne</h1>' in html
    for line in attempt.world.statement_lines:
        assert str(escape(line.label)) in html  # labels such as « BOUVIER & ASSOCIES » are escaped
    assert html.count('class="num nowrap credit"') == sum(
        1 for s in attempt.world.statement_lines if s.amount > 0
    )
    assert html.count('class="num nowrap debit"') == sum(
        1 for s in attempt.world.statement_lines if s.amount < 0
    )
    assert html.count(">Annotation</label>") == len(attempt.world.statement_lines)


@pytest.mark.parametrize("headers", [{}, HX])
def test_an_empty_annotation_is_refused_next_to_its_field_and_nothing_is_stored(client, app, headers):
    attempt_id = start(client)
    line = _statement_lines(client, attempt_id)[1]
    response = post(
        client,
        f"/tentatives/{attempt_id}/banque/annotation",
        {"statement_line": line, "text": "  "},
        headers=headers,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(
        r'<p class="field-error" id="annotation-([^"]+)-text-error">([^<]+)</p>', html
    ) or re.search(r'<p class="field-error" id="annotation-([^"]+)-error">([^<]+)</p>', html)
    assert error and error[1] == line
    assert error[2] == "Le champ « Annotation » est obligatoire."
    assert ("<html" in html) is (not headers)  # the full page without htmx, the fragment with it
    assert log(app, attempt_id) == []


def test_an_unknown_statement_line_is_refused_and_nothing_is_stored(client, app):
    attempt_id = start(client)
    response = post(
        client,
        f"/tentatives/{attempt_id}/banque/annotation",
        {"statement_line": "REL-99", "text": "Vu"},
        headers=HX,
    )
    assert response.status_code == 422
    assert "La ligne de relevé « REL-99 » n&#39;existe pas." in response.get_data(as_text=True)
    assert log(app, attempt_id) == []


def test_what_a_student_types_is_escaped(client):
    attempt_id = start(client)
    line = _statement_lines(client, attempt_id)[0]
    post(
        client,
        f"/tentatives/{attempt_id}/banque/annotation",
        {"statement_line": line, "text": "<script>alert(1)</script>"},
    )
    html = client.get(f"/tentatives/{attempt_id}/banque").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_javascript_an_annotation_redirects_to_the_bank_showing_it(client, app):
    attempt_id = start(client)
    line = _statement_lines(client, attempt_id)[2]
    response = post(
        client,
        f"/tentatives/{attempt_id}/banque/annotation",
        {"statement_line": line, "text": "Enregistré le 14/04/2026 par L. Martin"},
    )
    assert response.status_code == 303
    assert response.location == f"/tentatives/{attempt_id}/banque"
    assert '<p class="annotation">Enregistré le 14/04/2026 par L. Martin</p>' in client.get(
        response.location
    ).get_data(as_text=True)
    assert log(app, attempt_id) == [
        {
            "type": "annotate_statement",
            "statement_line": line,
            "text": "Enregistré le 14/04/2026 par L. Martin",
        }
    ]


def test_with_htmx_an_annotation_swaps_the_statement_and_triggers_an_event(client):
    attempt_id = start(client)
    line = _statement_lines(client, attempt_id)[0]
    response = post(
        client,
        f"/tentatives/{attempt_id}/banque/annotation",
        {"statement_line": line, "text": "Vu"},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "statement-changed"
    assert html.lstrip().startswith('<div id="releve"')
    assert '<p class="annotation">Vu</p>' in html
    assert "HX-Request" in client.get(f"/tentatives/{attempt_id}/banque").vary


# --- concurrency ----------------------------------------------------------------------------------------


def test_two_tabs_posting_at_once_lose_and_duplicate_nothing(app):
    client = app.test_client()
    attempt_id = start(client)
    lines = _statement_lines(client, attempt_id)
    csrf = token(client)
    cookie = client.get_cookie("session").value
    statuses, barrier = [], threading.Barrier(8)

    def tab(number: int) -> None:
        other = app.test_client()
        other.set_cookie("session", cookie)
        barrier.wait()
        response = other.post(
            f"/tentatives/{attempt_id}/banque/annotation",
            data={"csrf_token": csrf, "statement_line": lines[number % len(lines)], "text": f"note {number}"},
            headers=HX,
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = [action["text"] for action in log(app, attempt_id)]
    assert len(statuses) == 8  # every request was answered
    assert set(statuses) <= {200, 409}
    accepted = statuses.count(200)
    assert len(texts) == accepted == len(set(texts)) >= 1  # each acknowledged action once, no other


def test_a_conflict_is_retried_once_after_re_reading_the_log(app, client):
    attempt_id = start(client)
    db, owner = _db(client), _owner_of(client, attempt_id)
    stale = services.attempts.load(db, attempt_id, owner)
    other = services.attempts.load(db, attempt_id, owner)
    line = stale.world.statement_lines[0].id
    first = services.attempts.apply_action(
        db, other, {"type": "annotate_statement", "statement_line": line, "text": "A"}
    )
    second = services.attempts.apply_action(
        db, stale, {"type": "annotate_statement", "statement_line": line, "text": "B"}
    )
    assert first.status == second.status == "accepted"
    assert [a["text"] for a in log(app, attempt_id)] == ["A", "B"]
    assert second.attempt.books.annotations[line] == "B"


def test_a_conflict_under_htmx_answers_409_and_reloads_the_page(app, client, monkeypatch):
    from simulator import store

    attempt_id = start(client)
    line = _statement_lines(client, attempt_id)[0]

    def always_conflict(*args, **kwargs):
        raise store.SequenceConflict(attempt_id)

    monkeypatch.setattr(store, "append_action", always_conflict)
    response = post(
        client,
        f"/tentatives/{attempt_id}/banque/annotation",
        {"statement_line": line, "text": "Vu"},
        headers=HX,
    )
    assert response.status_code == 409
    assert response.headers["HX-Refresh"] == "true"
    monkeypatch.undo()
    assert log(app, attempt_id) == []


# --- submit, result, export ----------------------------------------------------------------------------------


def test_submitting_freezes_the_log_and_shows_the_result(client, app):
    attempt_id = start(client)
    line = _statement_lines(client, attempt_id)[0]
    post(client, f"/tentatives/{attempt_id}/banque/annotation", {"statement_line": line, "text": "Vu"})
    response = post(client, f"/tentatives/{attempt_id}/rendre")
    assert response.status_code == 303 and response.location == f"/tentatives/{attempt_id}/resultat"
    html = client.get(response.location).get_data(as_text=True)
    for label in (
        "Critères",
        "Vos écritures",
        "Écritures attendues",
        "Recommencer",
        "Nouvelle variante",
        "Télécharger la tentative",
    ):
        assert label in html
    assert f'href="/tentatives/{attempt_id}/procedure#etape-' in html  # each mistake links to its step
    refused = post(
        client,
        f"/tentatives/{attempt_id}/banque/annotation",
        {"statement_line": line, "text": "Encore"},
        headers=HX,
    )
    assert refused.status_code == 409
    plain = post(
        client, f"/tentatives/{attempt_id}/banque/annotation", {"statement_line": line, "text": "Encore"}
    )
    assert plain.status_code == 303
    assert log(app, attempt_id) == [{"type": "annotate_statement", "statement_line": line, "text": "Vu"}]
    assert "Rendue" in client.get("/tentatives").get_data(as_text=True)


def test_the_reference_solution_played_through_the_service_scores_100(client, app):
    from simulator.packs.play.solve import solve

    attempt_id = start(client)
    db, owner = _db(client), _owner_of(client, attempt_id)
    attempt = services.attempts.load(db, attempt_id, owner)
    for action in solve(attempt.world):
        attempt = services.attempts.apply_action(db, attempt, action).attempt
    post(client, f"/tentatives/{attempt_id}/rendre")
    html = client.get(f"/tentatives/{attempt_id}/resultat").get_data(as_text=True)
    assert '<span class="score-value">100</span>' in html
    assert "Aucune erreur" in html
    assert 'class="differs"' not in html


def test_the_exported_attempt_grades_the_same_through_simulator_grading(client):
    attempt_id = start(client)
    lines = _statement_lines(client, attempt_id)
    post(client, f"/tentatives/{attempt_id}/banque/annotation", {"statement_line": lines[0], "text": "Vu"})
    post(client, f"/tentatives/{attempt_id}/rendre")
    response = client.get(f"/tentatives/{attempt_id}/tentative.json")
    assert "attachment" in response.headers["Content-Disposition"]
    exported = json.loads(response.get_data(as_text=True))
    assert set(exported) >= {"pack", "pack_version", "scenario", "seed", "actions"}
    stored = services.attempts.load(_db(client), attempt_id, _owner_of(client, attempt_id)).grade
    assert Grader(load_pack("procedure-11")).grade(exported).as_dict() == stored


def test_restart_keeps_the_company_and_a_variant_changes_it(client):
    attempt_id = start(client)
    post(
        client,
        f"/tentatives/{attempt_id}/banque/annotation",
        {"statement_line": _statement_lines(client, attempt_id)[0], "text": "Vu"},
    )
    again = post(client, f"/tentatives/{attempt_id}/recommencer")
    variant = post(client, f"/tentatives/{attempt_id}/variante")
    ids = [int(re.search(r"/tentatives/(\d+)/", r.location)[1]) for r in (again, variant)]
    db = _db(client)
    original, restarted, other = (
        services.attempts.load(db, i, _owner_of(client, attempt_id)) for i in (attempt_id, *ids)
    )
    assert restarted.record.seed == original.record.seed and restarted.actions == ()
    assert other.record.seed != original.record.seed and other.record.scenario == "virement"


def test_a_student_s_own_name_signs_their_e_mails(app):
    """The grade accepts the student's name as an e-mail signature beside the world's signatory."""
    from simulator.packs.play.solve import attempt as attempt_of
    from simulator.packs.play.solve import solve
    from simulator.packs.world.generate import generate

    pack = load_pack("procedure-11")
    world = generate(pack, "relance-email", 3)
    actions = solve(world)
    signatory = world.company.signatory
    for action in actions:
        if action["type"] == "send_email":
            head = action["body"].split(f"{signatory.first_name} {signatory.last_name}")[0]
            action["body"] = head + "Léa Martin"  # the student's name alone, no company, role or phone
    unsigned = Grader(pack).grade(attempt_of(world, actions)).as_dict()
    signed = Grader(pack).grade({**attempt_of(world, actions), "signatories": ["Léa Martin"]}).as_dict()
    assert "EMAIL_NO_SIGNATURE" in [m["code"] for m in unsigned["mistakes"]]
    assert "EMAIL_NO_SIGNATURE" not in [m["code"] for m in signed["mistakes"]]
    assert signed["score"] == 100


def test_malformed_signatories_are_refused_with_a_reason():
    from simulator.grading.batch import AttemptError

    grader = Grader(load_pack("procedure-11"))
    with pytest.raises(AttemptError, match="signatories"):
        grader.grade(
            {"pack": "procedure-11", "scenario": "virement", "seed": 1, "actions": [], "signatories": "Léa"}
        )


# --- helpers ------------------------------------------------------------------------------------------------


def _db(client):
    from simulator import store

    return store.open_db(client.application.config["DATABASE"])


def _owner_of(client, attempt_id: int):
    from simulator import store

    record = store.get_attempt(_db(client), attempt_id)
    return services.attempts.Owner(user_id=record.user_id, guest_token=record.guest_token)
