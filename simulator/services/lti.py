"""LTI 1.3 use cases (no Flask): the tool's key pair, the platforms a teacher registers, what a launch means
here (the account found by the platform's ``sub``, the class of the course, the assignment of the resource
link), the assignment a teacher makes from Moodle's activity form (Deep Linking), the grades sent back to the
course's gradebook (Assignment and Grade Services) through a queue kept in the database, and the roster read
from the platform (Names and Role Provisioning).

The protocol checks themselves (state, nonce, signature against the platform's keyset, issuer, audience,
deployment, expiry, message type) are pylti1p3's, fed by :class:`StoreToolConf` and :class:`StoreLaunchData`;
on top of them a nonce is good for one launch only (:class:`OneTimeNonces`).
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from jwcrypto.jwk import JWK
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.session import SessionService
from pylti1p3.tool_config.abstract import ToolConfAbstract

from simulator import store
from simulator.grading.scoring import json_number

from . import assignments, classes, jobs

KEYS_FOLDER = "lti-keys"
LAUNCH_LIFETIME = 3600  # seconds a launch stays usable for the deep-linking form
HTTP_TIMEOUT = 10

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
CLAIM_AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
CLAIM_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
CLAIM_DL = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
INSTRUCTOR_ROLES = ("#Instructor", "#Administrator", "#ContentDeveloper", "/Instructor", "/Administrator")

#: The French words of the teacher's screens for what a failed send means.
SEND_FAILED = "La plateforme n'a pas accepté la note"


# --- the tool's keys ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolKey:
    kid: str
    private_pem: str
    public_jwk: dict[str, Any]


def tool_keys(instance: str | Path) -> list[ToolKey]:
    """The tool's RSA keys, newest first; the first start makes one. Files ``lti-keys/*.pem`` in the
    instance folder, named so that the newest sorts last: the newest signs, all are published (rotation)."""
    folder = Path(instance) / KEYS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(folder.glob("*.pem"))
    if not files:
        files = [new_key(folder)]
    keys = []
    for path in reversed(files):
        pem = path.read_text()
        jwk = JWK.from_pem(pem.encode())
        public = json.loads(jwk.export_public())
        kid = jwk.thumbprint()
        keys.append(ToolKey(kid, pem, {**public, "kid": kid, "alg": "RS256", "use": "sig"}))
    return keys


def new_key(folder: Path) -> Path:
    """A new 2048-bit RSA key in ``folder``, readable by its owner only; it signs from now on."""
    jwk = JWK.generate(kty="RSA", size=2048)
    path = folder / f"{datetime.now(UTC):%Y%m%d%H%M%S}-{secrets.token_hex(2)}.pem"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(jwk.export_to_pem(private_key=True, password=None))
    return path


def keys_folder(db: store.Database) -> Path:
    """Where ``lti-keys/`` is: beside a SQLite file; in the instance folder with PostgreSQL (every host must
    then have the same keys: see deployment.md)."""
    if db.is_postgresql:
        from simulator import instance_folder

        return instance_folder()
    return store.database_folder(db)


def signing_key(db: store.Database) -> ToolKey:
    """The key the tool signs with: the newest of the instance folder (beside the database)."""
    return tool_keys(keys_folder(db))[0]


def jwks(db: store.Database) -> dict[str, Any]:
    """The tool's public keyset (« URL du jeu de clés publiques »): every key, so that a platform still
    checks what the previous key signed while it refreshes its copy."""
    return {"keys": [key.public_jwk for key in tool_keys(keys_folder(db))]}


# --- pylti1p3 fed by the store ---------------------------------------------------------------------------------


def registration(platform: store.Platform, key: ToolKey) -> Registration:
    return (
        Registration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_auth_login_url(platform.auth_login_url)
        .set_auth_token_url(platform.auth_token_url)
        .set_key_set_url(platform.key_set_url)
        .set_tool_private_key(key.private_pem)
        .set_tool_public_key(JWK.from_json(json.dumps(key.public_jwk)).export_to_pem().decode())
    )


class StoreToolConf(ToolConfAbstract):
    """Registrations and deployments read from the store; an issuer may have several client ids."""

    def __init__(self, db: store.Database):
        super().__init__()
        self.db = db
        self.key = signing_key(db)

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def _registration(self, platform: store.Platform | None) -> Registration | None:
        return registration(platform, self.key) if platform else None

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration | None:
        return self._registration(store.find_platform(self.db, iss))

    def find_registration_by_params(self, iss: str, client_id: str, *args, **kwargs) -> Registration | None:
        if not client_id:
            return self.find_registration_by_issuer(iss)
        return self._registration(store.find_platform(self.db, iss, client_id))

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        platform = store.find_platform(self.db, iss)
        return self._deployment(platform, deployment_id)

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str, *args, **kwargs):
        return self._deployment(store.find_platform(self.db, iss, client_id), deployment_id)

    def _deployment(self, platform: store.Platform | None, deployment_id: str) -> Deployment | None:
        if platform is None or deployment_id not in store.deployments(self.db, platform.id):
            return None
        return Deployment().set_deployment_id(deployment_id)


class StoreLaunchData(LaunchDataStorage):
    """pylti1p3's state, nonces and launches kept in the database (every worker process sees them, and a
    launch inside Moodle's iframe needs no third-party session cookie for them)."""

    def __init__(self, db: store.Database):
        super().__init__()
        self.db = db

    def get_session_cookie_name(self) -> str | None:
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str) -> Any:
        return store.get_launch_data(self.db, self._prepare_key(key), time.time())

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        store.put_launch_data(self.db, self._prepare_key(key), value, time.time() + (exp or LAUNCH_LIFETIME))

    def check_value(self, key: str) -> bool:
        return self.get_value(key) is not None

    def take(self, key: str) -> bool:
        return store.take_launch_data(self.db, self._prepare_key(key), time.time())


class OneTimeNonces(SessionService):
    """pylti1p3's session service with a nonce that is spent by the launch that uses it: the same
    id_token posted again is refused (replay)."""

    def __init__(self, request, db: store.Database):
        super().__init__(request)
        self.set_data_storage(StoreLaunchData(db))

    def check_nonce(self, nonce: str) -> bool:
        return self.data_storage.take(self._get_key("nonce", nonce))  # type: ignore[attr-defined]


# --- registration --------------------------------------------------------------------------------------------


FIELDS = ("name", "issuer", "client_id", "auth_login_url", "auth_token_url", "key_set_url")
URL_FIELDS = ("issuer", "auth_login_url", "auth_token_url", "key_set_url")


def _url_error(text: str) -> str | None:
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return "Indiquez une adresse complète, commençant par https://."
    return None


def register(
    db: store.Database, owner_id: int | None, form: Mapping[str, str]
) -> tuple[store.Platform | None, dict[str, str]]:
    """A platform from the registration form (or the command line); French errors by field."""
    values = {name: (form.get(name) or "").strip() for name in FIELDS}
    errors: dict[str, str] = {}
    if not values["name"]:
        values["name"] = urlsplit(values["issuer"]).netloc or values["issuer"]
    for name in ("issuer", "client_id", *URL_FIELDS):
        if not values[name]:
            errors[name] = "Ce champ est obligatoire : recopiez-le depuis la plateforme."
        elif name in URL_FIELDS and (problem := _url_error(values[name])):
            errors[name] = problem
    deployment_ids = [d.strip() for d in (form.get("deployment_ids") or "").replace(",", "\n").splitlines()]
    deployment_ids = [d for d in deployment_ids if d]
    if not deployment_ids:
        errors["deployment_ids"] = "Indiquez au moins un identifiant de déploiement (ID de déploiement)."
    if errors:
        return None, errors
    try:
        return store.create_platform(db, deployment_ids, owner_id=owner_id, **values), {}
    except store.PlatformTaken:
        return None, {"client_id": "Cette plateforme (émetteur et ID client) est déjà enregistrée."}


def platforms_of(db: store.Database, owner_id: int) -> list[tuple[store.Platform, list[str]]]:
    return [(p, store.deployments(db, p.id)) for p in store.list_platforms(db) if p.owner_id == owner_id]


# --- launches ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Launch:
    """What a validated launch means here."""

    user: store.User
    is_teacher: bool
    assignment: store.AssignmentRecord | None  # the resource link's assignment (None: deep linking)
    class_id: int | None


class UnknownLink(LookupError):
    """The launch names a resource link (or assignment) this platform never linked: the web answers 404."""


def is_instructor(claims: Mapping[str, Any]) -> bool:
    roles = claims.get(CLAIM + "roles") or []
    return any(role.endswith(suffix) for role in roles for suffix in INSTRUCTOR_ROLES)


def platform_of(db: store.Database, claims: Mapping[str, Any]) -> store.Platform:
    aud = claims.get("aud")
    client_id = aud[0] if isinstance(aud, list) and len(aud) == 1 else claims.get("azp", aud)
    platform = store.find_platform(db, claims["iss"], str(client_id))
    if platform is None:  # pylti1p3 found it a moment ago
        raise UnknownLink(claims["iss"])
    return platform


def _names(claims: Mapping[str, Any]) -> tuple[str, str]:
    first = (claims.get("given_name") or "").strip()
    last = (claims.get("family_name") or "").strip()
    if not first and not last:
        full = (claims.get("name") or "").strip()
        first, _, last = full.partition(" ")
    return (first or "Élève")[:120], (last or "")[:120]


def account(
    db: store.Database, platform: store.Platform, member: Mapping[str, Any], teacher: bool, launched: bool
) -> store.User:
    """The account of the platform's user ``sub``, created on first sight without a password. An account
    with a password and the same e-mail is never used: the platform's word alone does not log anyone in."""
    sub = str(member.get("sub") or member.get("user_id"))
    email = (member.get("email") or "").strip() or None
    with db.atomic():
        user = store.lti_user(db, platform.id, sub)
        if user is None:
            first, last = _names(member)
            user = store.create_user(
                db,
                email=f"lti-{platform.id}-{secrets.token_hex(8)}@lti.invalid",
                first_name=first,
                last_name=last,
                password_hash="!lti",  # no password: only the platform's launch logs in
                role="teacher" if teacher else "student",
            )
        elif teacher and user.role != "teacher":
            store.update_user(db, user.id, role="teacher")
            user = store.get_user(db, user.id)  # type: ignore[assignment]
        store.link_lti_user(db, platform.id, sub, user.id, email, launched)
    return user


def course_class(
    db: store.Database, platform: store.Platform, claims: Mapping[str, Any], teacher: store.User | None
) -> int | None:
    """The class standing for the launch's course (made at an instructor's first launch)."""
    context = claims.get(CLAIM + "context") or {}
    context_id = context.get("id")
    if not context_id:
        return None
    memberships = (claims.get(CLAIM_NRPS) or {}).get("context_memberships_url")
    class_id = store.context_class(db, platform.id, context_id)
    if class_id is None:
        if teacher is None:
            return None
        name = (context.get("title") or context.get("label") or "Cours Moodle").strip()[
            : classes.MAX_NAME_LENGTH
        ]
        group, _ = classes.create(db, teacher, name)
        class_id = group.id  # type: ignore[union-attr]
    store.link_context(db, platform.id, context_id, class_id, memberships)
    return class_id


def launch(db: store.Database, claims: Mapping[str, Any], tool_url: str) -> Launch:
    """The use case of a validated resource-link or deep-linking launch. :class:`UnknownLink` when the
    resource link is not one of this platform's assignments."""
    platform = platform_of(db, claims)
    store.set_tool_url(db, platform.id, tool_url)
    teacher = is_instructor(claims)
    user = account(db, platform, claims, teacher, launched=True)
    class_id = course_class(db, platform, claims, user if teacher else None)
    if claims.get(CLAIM + "message_type") == "LtiDeepLinkingRequest":
        if not teacher or class_id is None:
            raise UnknownLink("deep linking")
        return Launch(user, True, None, class_id)
    link_id = (claims.get(CLAIM + "resource_link") or {}).get("id")
    lineitem = (claims.get(CLAIM_AGS) or {}).get("lineitem")
    assignment = _linked_assignment(db, platform, claims, link_id, lineitem)
    if assignment is None or class_id != assignment.class_id:
        raise UnknownLink(link_id)
    if not teacher:
        store.add_class_member(db, class_id, user.id)
    elif store.get_class(db, class_id).teacher_id != user.id:  # type: ignore[union-attr]
        raise UnknownLink(link_id)  # another instructor of the course: the class is not theirs here
    return Launch(user, teacher, assignment, class_id)


def _linked_assignment(
    db: store.Database, platform: store.Platform, claims: Mapping[str, Any], link_id: str | None, lineitem
) -> store.AssignmentRecord | None:
    if not link_id:
        return None
    link = store.link_of(db, platform.id, link_id)
    if link is None:
        custom = claims.get(CLAIM + "custom") or {}
        wanted = str(custom.get("devoir") or "")
        if not wanted.isdigit():
            return None
        unbound = [
            row
            for row in store.assignment_links(db, int(wanted))
            if row["platform_id"] == platform.id and row["resource_link_id"] is None
        ]
        if not unbound:
            return None
        store.link_assignment(db, platform.id, int(wanted), link_id, lineitem)
        link = store.link_of(db, platform.id, link_id)
    elif lineitem:
        store.link_assignment(db, platform.id, link["assignment_id"], link_id, lineitem)
    return store.get_assignment(db, link["assignment_id"])  # type: ignore[index]


# --- deep linking ---------------------------------------------------------------------------------------------


def forget_expired(db: store.Database) -> None:
    """Drop the states, nonces and kept launches whose time is up (at each login: a few rows at most)."""
    store.forget_expired_launch_data(db, time.time())


def keep_launch(db: store.Database, claims: Mapping[str, Any]) -> str:
    """Keep a deep-linking launch for the form that follows; returns its id."""
    launch_id = secrets.token_urlsafe(24)
    store.put_launch_data(db, f"dl-{launch_id}", dict(claims), time.time() + LAUNCH_LIFETIME)
    return launch_id


def kept_launch(db: store.Database, launch_id: str) -> Mapping[str, Any] | None:
    """The deep-linking launch kept under this id (None once used or expired)."""
    return store.get_launch_data(db, f"dl-{launch_id}", time.time())


def forget_launch(db: store.Database, launch_id: str) -> None:
    store.take_launch_data(db, f"dl-{launch_id}", time.time())


def launch_user(db: store.Database, claims: Mapping[str, Any]) -> store.User:
    user = store.lti_user(db, platform_of(db, claims).id, str(claims.get("sub")))
    if user is None:  # the launch made it
        raise UnknownLink(claims.get("sub"))
    return user


def deep_link(
    db: store.Database,
    claims: Mapping[str, Any],
    teacher: store.User,
    form: Mapping[str, str],
    scenarios: list[str],
    launch_url: str,
) -> tuple[str | None, dict[str, str]]:
    """Create the assignment chosen in Moodle's activity form and answer the platform: the signed
    LtiDeepLinkingResponse (a JWT) to post back to the platform's return URL."""
    platform = platform_of(db, claims)
    class_id = course_class(db, platform, claims, teacher)
    group = classes.owned(db, teacher.id, class_id) if class_id else None
    if group is None:
        return None, {"": "Ce cours Moodle est relié à la classe d'un autre enseignant."}
    assignment, errors = assignments.create(db, teacher.id, group, form, scenarios)
    if assignment is None:
        return None, errors
    store.link_assignment(db, platform.id, assignment.id, None, None)
    resource = (
        DeepLinkResource()
        .set_url(launch_url)
        .set_title(assignment.title)
        .set_custom_params({"devoir": str(assignment.id)})
        .set_lineitem(LineItem().set_score_maximum(100).set_label(assignment.title))
    )
    link = DeepLink(
        registration(platform, signing_key(db)), claims[CLAIM + "deployment_id"], settings(claims)
    )
    return link.get_response_jwt([resource]), {}


def settings(claims: Mapping[str, Any]) -> dict[str, Any]:
    """The platform's deep-linking settings (``deep_link_return_url`` is where the answer goes)."""
    return dict(claims.get(CLAIM_DL) or {})


# --- grades back to the platform ------------------------------------------------------------------------------


def course_score(best: Mapping[str, Decimal], wanted: list[str]) -> Decimal:
    """The mean of the best scores over the wanted scenarios (one not handed in counts 0), one decimal,
    half up as every score of the simulator."""
    mean = sum((best.get(s, Decimal(0)) for s in wanted), Decimal(0)) / len(wanted)
    return mean.quantize(Decimal("0.1"), ROUND_HALF_UP)


def score_of(db: store.Database, assignment: store.AssignmentRecord, user_id: int) -> dict[str, Any]:
    """The score the course's gradebook gets: the mean over the assignment's scenarios of the best submitted
    score (a scenario not handed in counts 0), out of 100; held back while feedback waits for the close."""
    best: dict[str, Decimal] = {}
    last_attempt = None
    for attempt in store.assignment_attempts(db, assignment.id, user_id=user_id, submitted=True):
        if attempt.score is not None:
            score = Decimal(str(attempt.score))  # the stored grade's one-decimal score, as written
            best[attempt.scenario] = max(best.get(attempt.scenario, Decimal(0)), score)
            last_attempt = attempt.id
    wanted = assignment.scenario_ids
    done = sum(1 for s in wanted if s in best)
    payload: dict[str, Any] = {
        "scoreMaximum": 100,
        "activityProgress": "Completed" if done == len(wanted) else "InProgress" if done else "Initialized",
        "gradingProgress": "FullyGraded",
        "attempt": last_attempt,
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
    }
    if assignments.feedback_held(assignment):
        payload["gradingProgress"] = "Pending"
    else:
        payload["scoreGiven"] = json_number(course_score(best, wanted), whole_as_int=False)
    return payload


def grade_changed(db: store.Database, assignment_id: int, user_id: int | None, send: bool = True) -> None:
    """After « Rendre le travail » or a regrade: queue the student's score for every platform link of the
    assignment, as a job any host's worker sends (retried with back-off when the platform fails); ``send``:
    try it now, here (a failure stays queued for the worker, shown to the teacher)."""
    if (
        user_id is None
        or store.lti_account(db, user_id) is None
        or not store.assignment_links(db, assignment_id)
    ):
        return
    assignment = store.get_assignment(db, assignment_id)
    if assignment is None:
        return
    with db.atomic():
        store.queue_grade_send(db, assignment_id, user_id, score_of(db, assignment, user_id))
        store.enqueue_job(db, "lti_send", _job_ref(assignment_id, user_id))
    if send:
        jobs.run_one(db, kind="lti_send", ref=_job_ref(assignment_id, user_id))


def _job_ref(assignment_id: int, user_id: int) -> str:
    return f"{assignment_id}:{user_id}"


def run_job(db: store.Database, job: store.Job, renew: Callable[[], bool]) -> None:
    """A worker's run of a grade send: the student's newest queued grade sent once; :class:`jobs.Retry`
    when the platform failed (or a newer grade was queued meanwhile: sent next, at once)."""
    assignment_id, user_id = (int(part) for part in job.ref.split(":"))
    row = next((r for r in store.pending_grade_sends(db, assignment_id) if r["user_id"] == user_id), None)
    if row is None:
        return  # sent meanwhile (« Réessayer », ``lti send``)
    error = _send(db, signing_key(db), row)
    store.grade_send_done(db, assignment_id, user_id, row["queued_at"], error)
    if error is not None:
        raise jobs.Retry(error)
    if any(r["user_id"] == user_id for r in store.pending_grade_sends(db, assignment_id)):
        raise jobs.Retry(None, count=False)


jobs.register("lti_send", run_job)


def queue_all(db: store.Database, assignment: store.AssignmentRecord) -> int:
    """Queue every platform student's score of the assignment again (the teacher's « Transmettre »)."""
    count = 0
    for member in store.class_members(db, assignment.class_id):
        if store.lti_account(db, member.user_id) is not None:
            store.queue_grade_send(
                db, assignment.id, member.user_id, score_of(db, assignment, member.user_id)
            )
            count += 1
    return count


def send_pending(db: store.Database, assignment_id: int | None = None) -> tuple[int, int]:
    """Send the queued grades (of one assignment, or all): (sent, failed). Nothing is lost: a failed send
    keeps its place in the queue with the reason."""
    sent = failed = 0
    rows = store.pending_grade_sends(db, assignment_id)
    key = signing_key(db) if rows else None
    for row in rows:
        error = _send(db, key, row)
        store.grade_send_done(db, row["assignment_id"], row["user_id"], row["queued_at"], error)
        if error is not None:  # the workers try again, from the first back-off (a given-up job restarts)
            store.enqueue_job(db, "lti_send", _job_ref(row["assignment_id"], row["user_id"]))
        sent, failed = (sent + 1, failed) if error is None else (sent, failed + 1)
    return sent, failed


def _send(db: store.Database, key: ToolKey | None, row: Mapping[str, Any]) -> str | None:
    account_ = store.lti_account(db, row["user_id"])
    if account_ is None:
        return "compte sans plateforme"
    payload = row["payload"]
    for link in store.assignment_links(db, row["assignment_id"]):
        if link["platform_id"] != account_["platform_id"] or not link["lineitem_url"]:
            continue
        platform = store.get_platform(db, link["platform_id"])
        connector = _connector(platform, key)  # type: ignore[arg-type]
        service = AssignmentsGradesService(
            connector,
            {
                "lineitem": link["lineitem_url"],
                "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
            },
        )
        grade = (
            Grade()
            .set_user_id(account_["sub"])
            .set_score_maximum(payload["scoreMaximum"])
            .set_activity_progress(payload["activityProgress"])
            .set_grading_progress(payload["gradingProgress"])
            .set_timestamp(payload["timestamp"])
        )
        if "scoreGiven" in payload:
            grade.set_score_given(payload["scoreGiven"])
        if payload.get("attempt") and platform.tool_url:  # type: ignore[union-attr]
            grade.set_comment(
                f"Voir le résultat : {platform.tool_url}tentatives/{payload['attempt']}/resultat"
            )  # type: ignore[union-attr]
        try:
            service.put_grade(grade)
        except LtiServiceException as error:
            response = error.response
            return f"la plateforme a répondu {response.status_code} ({response.text[:200].strip()})"
        except requests.RequestException as error:
            return f"plateforme injoignable ({error.__class__.__name__})"
        except Exception as error:  # whatever else happened, the teacher sees that it did
            return f"envoi impossible ({error.__class__.__name__}: {str(error)[:200]})"
        return None
    return "aucune colonne de notes reçue de la plateforme"


def _connector(platform: store.Platform, key: ToolKey) -> ServiceConnector:
    session = requests.Session()
    session.request = functools.partial(session.request, timeout=HTTP_TIMEOUT)  # type: ignore[method-assign]
    return ServiceConnector(registration(platform, key), requests_session=session)


@dataclass(frozen=True)
class SendStatus:
    linked: bool  # the assignment is an activity of a platform's course
    pending: int  # grades waiting (never sent, or failed)
    failed: int  # of which the last try failed
    last_error: str | None
    given_up: int = 0  # of which the workers stopped trying (after ``jobs.MAX_TRIES`` failed tries)


def send_status(db: store.Database, assignment_id: int) -> SendStatus:
    rows = store.pending_grade_sends(db, assignment_id)
    failed = [r for r in rows if r["tries"] > 0]
    queued = {
        job.ref
        for job in store.jobs_of(db, "lti_send", ref_prefix=f"{assignment_id}:")
        if job.state == "queued"
    }
    given_up = [r for r in failed if _job_ref(assignment_id, r["user_id"]) not in queued]
    return SendStatus(
        bool(store.assignment_links(db, assignment_id)),
        len(rows),
        len(failed),
        failed[-1]["last_error"] if failed else None,
        len(given_up),
    )


# --- the roster from the platform ----------------------------------------------------------------------------


def sync_roster(db: store.Database, class_id: int) -> int:
    """Add the course's learners (Names and Role Provisioning) to the class: those who have not launched
    yet show as « jamais connecté ». Returns how many learners the platform listed."""
    context = store.class_context(db, class_id)
    if context is None or not context["memberships_url"]:
        return 0
    platform = store.get_platform(db, context["platform_id"])
    connector = _connector(platform, signing_key(db))  # type: ignore[arg-type]
    service = NamesRolesProvisioningService(
        connector, {"context_memberships_url": context["memberships_url"]}
    )
    learners = 0
    for member in service.get_members():
        roles = member.get("roles") or []
        if member.get("status", "Active") != "Active" or is_instructor({CLAIM + "roles": roles}):
            continue
        user = account(db, platform, member, teacher=False, launched=False)  # type: ignore[arg-type]
        store.add_class_member(db, class_id, user.id)
        learners += 1
    return learners


def roster_state(db: store.Database, class_id: int) -> dict[int, tuple[str | None, str | None]]:
    """Members a platform knows: user id -> (their e-mail there, last launch or None: « jamais connecté »)."""
    return store.lti_roster_state(db, class_id)


def course_of(db: store.Database, class_id: int) -> dict[str, Any] | None:
    """The platform course a class stands for (None for a class made in the tool)."""
    return store.class_context(db, class_id)
