"""Moodle in Chromium, through labels and buttons, against a real LTI 1.3 platform (lti1p3platform) served on
127.0.0.1 like the tool: a teacher registers the platform, Moodle's instructor adds the activity by Deep
Linking (choosing another pack keeps the title typed), a student opens it and hands the work in, the score
reaches the platform, a failed send is shown and retried, the roster comes from Moodle; axe checks the new
pages. Screenshots of them go to docs/screenshots when ``LETTRAGE_SCREENSHOTS`` names that folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lti_platform import ROLE_INSTRUCTOR, FakePlatform, Member, Served, new_issuer
from playwright.sync_api import Browser, Page, expect
from test_teacher_browser import assert_accessible

from simulator import services, store
from simulator.packs.play.solve import solve

pytestmark = pytest.mark.e2e

TEACHER = Member("moodle-prof-1", "Anne Durand", "anne.durand@lycee.fr", ROLE_INSTRUCTOR)
LEA = Member("moodle-eleve-31", "Léa Martin", "lea.martin@eleve.fr")
TOM = Member("moodle-eleve-32", "Tom Petit", "tom.petit@eleve.fr")


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("LETTRAGE_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _launch(browser: Browser, base_url: str, platform: FakePlatform, member: Member, **launch) -> Page:
    """Moodle sends the browser to the tool's login, the tool to Moodle's authorization, Moodle posts the
    signed launch back: what a click on the activity does."""
    platform.pending = {"member": member, **launch}
    page = browser.new_context(base_url=base_url).new_page()
    page.goto(platform.login_url(member, launch.get("resource_link")))
    return page


def test_moodle_from_registration_to_the_grade(page: Page, browser: Browser, base_url, live_server):
    db = store.open_db(live_server.app.config["DATABASE"])
    _, link = services.accounts.add_teacher(db, "admin.moodle@lycee.fr")
    platform = FakePlatform(new_issuer(), tool=base_url, course_title="BTS CG 1 — Relances")
    with Served(platform.app()) as served:
        platform.base = served.url
        platform.tool_jwks = services.lti.jwks(db)

        # The administrator-teacher registers the platform; the page gives the tool's URLs to copy.
        page.goto(f"/lien/{link}")
        page.get_by_label("Prénom").fill("Claire")
        page.get_by_label("Nom", exact=True).fill("Admin")
        page.get_by_label("Mot de passe").fill("motdepasse-admin")
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Moodle").click()
        expect(page.get_by_label("URL d'initiation de la connexion")).to_have_value(
            f"{base_url}/lti/connexion"
        )
        expect(page.get_by_label("URL du jeu de clés publiques", exact=True)).to_have_value(
            f"{base_url}/lti/jwks"
        )
        form = platform.registration_form()
        page.get_by_label("Nom", exact=True).fill(form["name"])
        page.get_by_label("ID de la plateforme").fill(form["issuer"])
        page.get_by_label("ID client").fill(form["client_id"])
        page.get_by_label("ID de déploiement").fill(form["deployment_ids"])
        page.get_by_label("URL du jeu de clés publiques de la plateforme").fill(form["key_set_url"])
        page.get_by_label("URL de requête d'authentification").fill(form["auth_login_url"])
        page.get_by_label("URL du jeton d'accès").fill(form["auth_token_url"])
        page.get_by_role("button", name="Enregistrer la plateforme").click()
        expect(page.get_by_role("cell", name=platform.issuer)).to_be_visible()
        assert_accessible(page)
        _shot(page, "teacher-moodle")
        page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Packs").click()
        expect(page.get_by_role("row").filter(has_text="procedure-11")).to_contain_text("actuelle")
        _shot(page, "teacher-packs")

        # Moodle's instructor adds the activity: the Deep Linking form.
        teacher = _launch(browser, base_url, platform, TEACHER, deep_link=True)
        expect(teacher.get_by_role("heading", name="Ajouter une activité Lettrage")).to_be_visible()
        teacher.get_by_label("Titre du devoir").fill("Virements de mai")
        teacher.get_by_label("Pack").select_option("relances@1")
        expect(teacher.get_by_label("Configurer une stratégie de relance")).to_be_visible()
        expect(teacher.get_by_label("Titre du devoir")).to_have_value("Virements de mai")  # kept
        teacher.get_by_label("Pack").select_option("procedure-11@1")
        virement = teacher.get_by_label("Règlement d'une facture par virement")
        expect(virement).not_to_be_checked()
        virement.check()
        assert_accessible(teacher)
        _shot(teacher, "teacher-moodle-activity")
        teacher.get_by_role("button", name="Ajouter à Moodle").click()
        expect(teacher.get_by_role("heading", name="Activité ajoutée au cours")).to_be_visible()
        [item] = platform.content_items_received
        assert item["title"] == "Virements de mai"
        assignment_id = int(item["custom"]["devoir"])

        # A student clicks the activity: Mes devoirs, the assignment, the work handed in.
        student = _launch(browser, base_url, platform, LEA, resource_link="rl-9", custom=item["custom"])
        expect(student.get_by_role("heading", name="Mes devoirs")).to_be_visible()
        expect(student.get_by_text("Virements de mai")).to_be_visible()
        student.get_by_role("button", name="Commencer").click()
        attempt = services.attempts.load_any(db, int(re.search(r"/tentatives/(\d+)/", student.url)[1]))
        for action in solve(attempt.world):
            if (
                action["type"] != "annotate_statement"
            ):  # forgotten: 6,5 points of 8 (books_clean earns in proportion to the work that exists)
                attempt = services.attempts.apply_action(db, attempt, action).attempt
        student.locator(".attempt-bar").get_by_role("link", name="Rendre le travail").click()
        student.get_by_role("button", name="Rendre le travail").click()
        expect(student.locator(".score-value")).to_have_text("81,3")
        [score] = platform.scores
        assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == (LEA.sub, 81.3, 100)

        # The instructor opens the activity: the gradebook; a send that fails is shown, then retried.
        teacher = _launch(browser, base_url, platform, TEACHER, resource_link="rl-9")
        expect(teacher.get_by_role("heading", name="Carnet de notes")).to_be_visible()
        assert teacher.url.endswith(f"/enseignant/devoirs/{assignment_id}")
        platform.refuse_scores = True
        teacher.get_by_role("button", name="Transmettre toutes les notes").click()
        expect(teacher.get_by_role("status")).to_contain_text("1 note non transmise à Moodle")
        assert_accessible(teacher)
        _shot(teacher, "teacher-moodle-gradebook")
        platform.refuse_scores = False
        teacher.get_by_role("button", name="Réessayer").click()
        expect(teacher.get_by_text("1 note transmise à Moodle.")).to_be_visible()
        expect(teacher.get_by_role("row").filter(has_text="Martin")).to_contain_text(LEA.email)
        assert len(platform.scores) == 2

        # The roster from Moodle: Tom has not opened the activity yet.
        platform.members = [TEACHER, LEA, TOM]
        teacher.get_by_role("link", name="BTS CG 1 — Relances").first.click()
        teacher.get_by_role("button", name="Lire la liste des participants depuis Moodle").click()
        expect(teacher.get_by_role("row").filter(has_text="Petit")).to_contain_text("jamais connecté")
        expect(teacher.get_by_role("row").filter(has_text="Martin")).not_to_contain_text("jamais connecté")
        assert_accessible(teacher)
        _shot(teacher, "teacher-moodle-class")
    db.close()
