"""A real LTI 1.3 platform for the tests: the ``lti1p3platform`` package (OIDC login, signed launches,
Deep Linking, its token endpoint checking the tool's signed client assertion), with its services served by
werkzeug on 127.0.0.1 in a thread so the tool reaches them over HTTP like a Moodle: the keyset, the token
endpoint, a line item's scores (kept for the tests to read) and the course's memberships."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import Flask, jsonify, request
from jwcrypto.jwk import JWK
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from werkzeug.serving import make_server

TOOL = "http://localhost"  # the Flask test client's address; a browser test names the live server instead
ROLE_LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
ROLE_INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


class PlatformConf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs: Any) -> None:
        self.kwargs = kwargs

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        k = self.kwargs
        return (
            Registration()
            .set_iss(k["issuer"])
            .set_client_id(k["client_id"])
            .set_deployment_id(k["deployment_id"])
            .set_oidc_login_url(f"{k['tool']}/lti/connexion")
            .set_launch_url(f"{k['tool']}/lti/lancement")
            .set_deeplink_launch_url(f"{k['tool']}/lti/lancement")
            .set_platform_public_key(k["public_pem"])
            .set_platform_private_key(k["private_pem"])
            .set_tool_key_set(k["tool_jwks"])
        )


class Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs: Any) -> None:
        self._lti_message_hint = kwargs.get("hint", "hint")

    def get_redirect(self, url: str) -> str:
        return url


class Launch(LTIAdvantageMessageLaunchAbstract):
    def get_preflight_response(self) -> dict[str, Any]:
        return self._request

    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return launch_data


@dataclass
class Member:
    sub: str
    name: str
    email: str
    role: str = ROLE_LEARNER


@dataclass
class FakePlatform:
    """One Moodle: its keys, its registration with the tool, its course and what it received."""

    issuer: str
    client_id: str = "client-lettrage"
    deployment_id: str = "1"
    course: str = "course-42"
    course_title: str = "BTS CG 1 - Relances"
    scores: list[dict[str, Any]] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    refuse_scores: bool = False
    keys: JWK = field(default_factory=lambda: JWK.generate(kty="RSA", size=2048))
    tool_jwks: dict[str, Any] | None = None
    base: str = ""
    tool: str = TOOL
    pending: dict[str, Any] = field(default_factory=dict)  # the next launch of a browser (see login_url)
    content_items_received: list[dict[str, Any]] = field(default_factory=list)

    @property
    def private_pem(self) -> str:
        return self.keys.export_to_pem(private_key=True, password=None).decode()

    @property
    def public_pem(self) -> str:
        return self.keys.export_to_pem().decode()

    def conf(self, deployment_id: str | None = None, issuer: str | None = None) -> PlatformConf:
        return PlatformConf(
            issuer=issuer or self.issuer,
            client_id=self.client_id,
            deployment_id=deployment_id or self.deployment_id,
            public_pem=self.public_pem,
            private_pem=self.private_pem,
            tool_jwks=self.tool_jwks,
            tool=self.tool,
        )

    def registration_form(self) -> dict[str, str]:
        """What a teacher copies from Moodle's « Détails de l'outil » into the tool's registration page."""
        return {
            "name": "Moodle du lycée",
            "issuer": self.issuer,
            "client_id": self.client_id,
            "deployment_ids": self.deployment_id,
            "key_set_url": f"{self.base}/jwks",
            "auth_login_url": f"{self.base}/auth",
            "auth_token_url": f"{self.base}/token",
        }

    # --- a launch, the way a browser goes through it ----------------------------------------------------------

    def launch(
        self,
        client,
        member: Member,
        resource_link: str | None = None,
        deep_link: bool = False,
        custom: dict[str, str] | None = None,
        expiration: int = 300,
        deployment_id: str | None = None,
        issuer: str | None = None,
        tamper=None,
    ):
        """OIDC login at the tool, the platform's signed id_token, the form post to the tool's launch URL;
        returns (the tool's answer, the posted form)."""
        form = self.signed_launch(
            client, member, resource_link, deep_link, custom, expiration, deployment_id, issuer
        )
        if tamper:
            form = tamper(form)
        return client.post("/lti/lancement", data=form), form

    def signed_launch(
        self,
        client,
        member,
        resource_link=None,
        deep_link=False,
        custom=None,
        expiration=300,
        deployment_id=None,
        issuer=None,
    ) -> dict[str, str]:
        url = self.login_url(member, resource_link, deployment_id, issuer)
        answer = client.get(url.replace(self.tool, ""))
        assert answer.status_code == 302, answer.get_data(as_text=True)
        preflight = dict(parse_qsl(urlsplit(answer.location).query))
        assert answer.location.startswith(f"{self.base}/auth?")
        data = self._launch_data(
            preflight, member, resource_link, deep_link, custom, expiration, deployment_id, issuer
        )
        assert data["launch_url"] == f"{self.tool}/lti/lancement"
        return {"id_token": data["id_token"], "state": data["state"]}

    def login_url(self, member, resource_link=None, deployment_id=None, issuer=None) -> str:
        """The platform's third-party login initiation: where Moodle sends the browser first."""
        login = Login(None, self.conf(deployment_id, issuer))
        login.set_lti_message_hint(hint=resource_link or "dl")
        return login.initiate_login(member.sub)

    def _launch_data(
        self,
        preflight,
        member,
        resource_link=None,
        deep_link=False,
        custom=None,
        expiration=300,
        deployment_id=None,
        issuer=None,
    ) -> dict[str, Any]:
        conf = self.conf(deployment_id, issuer)
        launch = Launch(preflight, conf)
        launch.set_user_data(member.sub, [member.role], full_name=member.name, email_address=member.email)
        launch.set_launch_context_claim(self.course, context_title=self.course_title)
        launch.set_nrps(f"{self.base}/memberships")
        if deep_link:
            launch.set_dl(
                self.deep_link_return,
                accept_types={"ltiResourceLink"},
                extra_data={"data": "moodle-data"},
            )
        else:
            launch.set_resource_link_claim(resource_link or "link")
            launch.set_ags(
                lineitems_url=f"{self.base}/lineitems",
                lineitem_url=f"{self.base}/lineitems/{resource_link}/lineitem",
                allow_creating_lineitems=False,
            )
            if custom:
                launch.set_custom_parameters_claim(custom)
        launch.set_id_token_expiration(expiration)
        return launch.lti_launch()

    @property
    def deep_link_return(self) -> str:
        return (
            f"{self.base}/deep-link-return"
            if self.tool != TOOL
            else "https://moodle.example/deep-link-return"
        )

    def content_items(self, jwt_value: str) -> list[dict[str, Any]]:
        """The Deep Linking answer checked as the platform checks it (the tool's signature)."""
        conf = self.conf()
        conf.get_registration()
        return conf.validate_deeplinking_resp({"JWT": jwt_value})

    # --- the services, over HTTP ----------------------------------------------------------------------------

    def app(self) -> Flask:
        app = Flask("fake-moodle")

        @app.get("/auth")
        def auth():
            """The authorization endpoint a browser reaches: the signed launch, posted back by a form."""
            data = self._launch_data(request.args.to_dict(), **self.pending)
            fields = "".join(
                f'<input type="hidden" name="{name}" value="{data[name]}">' for name in ("id_token", "state")
            )
            return (
                f'<!doctype html><html lang="fr"><body><form method="post" action="{data["launch_url"]}">{fields}'
                '<button type="submit">Lancer</button></form>'
                "<script>document.forms[0].submit()</script></body></html>"
            )

        @app.post("/deep-link-return")
        def deep_link_return():
            self.content_items_received.extend(self.content_items(request.form["JWT"]))
            return '<!doctype html><html lang="fr"><body><h1>Activité ajoutée au cours</h1></body></html>'

        @app.get("/jwks")
        def jwks():
            public = {**self.keys.export_public(as_dict=True), "alg": "RS256", "use": "sig"}
            public["kid"] = self.keys.thumbprint()
            return jsonify({"keys": [public]})

        @app.post("/token")
        def token():
            conf = self.conf()
            conf.get_registration()
            return jsonify(conf.get_access_token(request.form.to_dict()))

        @app.post("/lineitems/<link>/lineitem/scores")
        def scores(link: str):
            conf = self.conf()
            conf.get_registration()
            bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if not conf.validate_token(bearer, allowed_scopes=[SCORE_SCOPE]):
                return jsonify({"error": "scope"}), 403
            if self.refuse_scores:
                return jsonify({"error": "unavailable"}), 503
            assert request.content_type == "application/vnd.ims.lis.v1.score+json"
            self.scores.append({"link": link, **request.get_json(force=True)})
            return jsonify({}), 200

        @app.get("/memberships")
        def memberships():
            members = [
                {
                    "user_id": m.sub,
                    "name": m.name,
                    "given_name": m.name.split()[0],
                    "family_name": m.name.split()[-1],
                    "email": m.email,
                    "roles": [m.role],
                    "status": "Active",
                }
                for m in self.members
            ]
            body = {"id": f"{self.base}/memberships", "context": {"id": self.course}, "members": members}
            response = jsonify(body)
            response.headers["Content-Type"] = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
            return response

        return app


class Served:
    """A werkzeug server on 127.0.0.1, a free port, in a thread; stopped at the end of the test."""

    def __init__(self, app: Flask):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        # shutdown() waits for the next poll: 0.5 s by default, spent at the end of every LTI test
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> Served:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.server.server_close()


def new_issuer() -> str:
    return f"https://moodle-{uuid.uuid4().hex[:8]}.example"


def wait_for(predicate, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
