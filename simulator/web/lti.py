"""LTI 1.3 endpoints, under ``/lti/…`` (thin: the protocol is pylti1p3's Flask adapter, the meaning of a
launch is :mod:`simulator.services.lti`):

- ``/lti/connexion``: OIDC login initiation (« URL d'initiation de la connexion »);
- ``/lti/lancement``: the launch (« URL de l'outil », « URL(s) de redirection »): the id_token is checked
  (state, nonce used once, signature against the platform's keyset, issuer, audience, deployment, expiry),
  then the student lands in the assignment, the teacher in its gradebook or in the Deep Linking form;
- ``/lti/jwks``: the tool's public keys (« URL du jeu de clés publiques »);
- ``/lti/lien-profond/<id>``: « Ajouter une activité » from Moodle: pack, scenarios, mode.

The first two receive the platform's POSTs: they carry no CSRF token, and need none (the signed id_token
and the state bound to the browser protect them). The Deep Linking form is opened inside Moodle's dialog
(a frame, where the session cookie does not travel): its unguessable launch id in the URL is what proves
the teacher, and it works once.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, session, url_for
from flask_login import login_user
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, OIDCException

from simulator import services
from simulator.services import lti

from .access import GUEST_KEY
from .auth import LoginUser
from .db import get_db
from .rendering import page_or_fragment

bp = Blueprint("lti", __name__, url_prefix="/lti")

REFUSED = (
    "Le lancement depuis la plateforme n'a pas pu être vérifié. Relancez l'activité depuis Moodle ; "
    "si le problème persiste, votre enseignant vérifie l'enregistrement de la plateforme."
)


def _tool(request_):
    db = get_db()
    return lti.StoreToolConf(db), lti.OneTimeNonces(request_, db)


def _refused(error: Exception) -> tuple[str, int]:
    current_app.logger.warning("LTI request refused: %s", error)  # for whoever checks the registration
    return render_template("lti/refused.html", message=REFUSED), 400


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    flask_request = FlaskRequest()
    tool_conf, sessions = _tool(flask_request)
    lti.forget_expired(get_db())
    try:
        oidc = FlaskOIDCLogin(flask_request, tool_conf, session_service=sessions)
        # Always back to this tool's launch URL, whatever target the request names.
        return oidc.redirect(url_for("lti.launch", _external=True))
    except (LtiException, OIDCException) as error:
        return _refused(error)


@bp.post("/lancement")
def launch():
    flask_request = FlaskRequest()
    tool_conf, sessions = _tool(flask_request)
    message = FlaskMessageLaunch(flask_request, tool_conf, session_service=sessions)
    try:
        claims = message.get_launch_data()
    except LtiException as error:
        return _refused(error)
    db = get_db()
    # an UnknownLink is a 404 (web/errors.py)
    outcome = lti.launch(db, claims, url_for("main.index", _external=True))
    session.pop(GUEST_KEY, None)
    session.clear()
    login_user(LoginUser(outcome.user))
    if outcome.assignment is None:
        launch_id = lti.keep_launch(db, claims)
        return _see_other(url_for("lti.deep_link", launch_id=launch_id))
    if outcome.is_teacher:
        return _see_other(url_for("teacher.gradebook", assignment_id=outcome.assignment.id))
    return _see_other(url_for("student.my_assignments") + f"#devoir-{outcome.assignment.id}")


def _see_other(location: str) -> Response:
    response = Response(status=303)
    response.headers["Location"] = location
    return response


@bp.get("/jwks")
def jwks():
    response = jsonify(lti.jwks(get_db()))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/lien-profond/<launch_id>", methods=["GET", "POST"])
def deep_link(launch_id: str):
    db = get_db()
    claims = lti.kept_launch(db, launch_id)
    if claims is None:
        abort(404)
    teacher = lti.launch_user(db, claims)
    options = services.packs.catalogue(db, teacher.id)
    packs = [(f"{r.id}@{r.version}", f"{r.title} — version {r.version}") for v in options.values() for r in v]
    form, errors = request.form, {}
    if request.method == "POST":
        answer, errors = lti.deep_link(
            db, claims, teacher, form, form.getlist("scenarios"), url_for("lti.launch", _external=True)
        )
        if answer is not None:
            lti.forget_launch(db, launch_id)
            return render_template(
                "lti/deep_link_return.html",
                jwt=answer,
                return_url=lti.settings(claims)["deep_link_return_url"],
            )
    else:
        form = {**services.assignments.form_defaults(), "mode": "practice", "seed_policy": "per_student"}
        title = ((claims.get(lti.CLAIM + "context") or {}).get("title") or "").strip()
        form["course"] = title
    chosen = form.get("pack") or request.args.get("pack") or (packs[0][0] if packs else "")
    pack_id, _, version = chosen.partition("@")
    scenarios = []
    if record := services.packs.visible(db, teacher.id, pack_id, version):
        pack = services.packs.grader(db, pack_id, version, record.owner_id).pack
        scenarios = [(sid, spec.title) for sid, spec in pack.scenarios.items()]
    # choosing a pack (htmx) gets only its scenarios: teacher/_scenario_choices.html
    response = page_or_fragment(
        "lti/deep_link.html",
        "teacher/_scenario_choices.html",
        launch_id=launch_id,
        form=form,
        errors=errors,
        packs=packs,
        chosen=chosen,
        scenarios=scenarios,
        checked=set(form.getlist("scenarios")) if request.method == "POST" else set(),
        services=services,
    )
    response.status_code = 422 if errors else 200
    return response
