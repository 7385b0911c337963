"""In Chromium, by labels and buttons: a guest who paid the wrong customer sees the weak skill in « Mes
progrès » and gets a variant with the same trap from « S'entraîner sur mes points faibles »; a teacher reads
« Compétences de la classe », sorts it by a skill and creates the targeted Entraînement. The actions of an
attempt go through the services (the screens of the workspace have their own browser tests); handing in and
everything about skills is done on the screens. axe checks every new page. Screenshots go to the folder
``SCREENSHOTS`` names (e.g. /tmp/shots)."""

from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from simulator import services, store
from simulator.grading.traps import fall_into, traps
from simulator.packs.play.solve import solve

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser_context_args(locale="fr-FR", viewport={"width": 1280, "height": 900}),
]

SHOTS = os.environ.get("SCREENSHOTS")
TRAP = "same_amount_other_customer"
_axe = Axe()


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def assert_accessible(page: Page) -> None:
    results = _axe.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in serious
    )


def _play(db, page: Page, falls: bool) -> None:
    """The attempt open in ``page``: its reference actions (the wrong customer when ``falls``) through the
    services, then Rendre le travail on the screen."""
    attempt_id = int(re.search(r"/tentatives/(\d+)/", page.url)[1])
    attempt = services.attempts.load_any(db, attempt_id)
    actions = solve(attempt.world)
    if falls:
        actions = fall_into(attempt.world, actions, next(t for t in traps(attempt.world) if t.kind == TRAP))
    for action in actions:
        attempt = services.attempts.apply_action(db, attempt, action).attempt
    page.locator(".attempt-bar").get_by_role("link", name="Rendre le travail").click()
    page.get_by_role("button", name="Rendre le travail").click()
    expect(page.locator(".score-value")).to_be_visible()


def test_a_guest_practises_the_trap_they_fell_into(page: Page, live_server):
    db = store.open_db(live_server.app.config["DATABASE"])
    page.goto("/entrainement")
    page.get_by_role("link", name="S'entraîner sur mes points faibles").click()
    expect(page.get_by_text("Rendez d'abord une tentative")).to_be_visible()
    page.goto("/entrainement")
    card = page.locator(".scenario").filter(has_text="Règlement d'une facture par virement")
    card.get_by_role("button", name="Commencer").click()
    _play(db, page, falls=True)

    expect(page.get_by_role("link", name="S'entraîner sur mes points faibles")).to_be_visible()  # on Résultat
    page.goto("/entrainement")
    page.get_by_role("link", name="Mes progrès").click()
    expect(page.get_by_role("heading", name="Mes progrès")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Identifier le client et la pièce")
    expect(row).to_contain_text("À travailler")
    expect(row).to_contain_text("Mauvais client")
    expect(
        page.get_by_role("img", name="Note et maîtrise moyenne après chaque tentative rendue")
    ).to_be_visible()
    assert_accessible(page)
    _shot(page, "progress")

    page.get_by_role("link", name="S'entraîner sur mes points faibles").click()
    reason = page.locator(".reason")
    expect(reason).to_contain_text("Vous avez fait une fois l'erreur « Mauvais client »")
    expect(reason).to_contain_text("même montant qu'une facture d'un autre client")
    assert_accessible(page)
    _shot(page, "weak-points")
    page.get_by_role("button", name="Commencer cette variante").click()
    expect(page).to_have_url(re.compile(r"/tentatives/\d+/consignes"))
    attempt_id = int(re.search(r"/tentatives/(\d+)/", page.url)[1])
    world = services.attempts.load_any(db, attempt_id).world
    assert any(t.kind == TRAP for t in traps(world))
    db.close()


def test_a_teacher_reads_the_class_skills_and_targets_them(
    page: Page, browser: Browser, base_url, live_server
):
    db = store.open_db(live_server.app.config["DATABASE"])
    _, link = services.accounts.add_teacher(db, "prof.competences@lycee.fr")
    page.goto(f"/lien/{link}")
    page.get_by_label("Prénom").fill("Anne")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Mot de passe").fill("motdepasse-prof")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_label("Nom de la classe").fill("BTS CG 1 — compétences")
    page.get_by_role("button", name="Créer la classe").click()
    code = page.locator(".join-code").inner_text()
    class_url = page.url
    page.get_by_role("link", name="Nouveau devoir").click()
    page.wait_for_url("**/devoirs/nouveau")  # loaded, htmx ready: choosing a pack swaps its scenarios in
    page.get_by_label("Titre du devoir").fill("Virements")
    page.get_by_label("Pack").select_option("procedure-11@1")
    page.get_by_label("Règlement d'une facture par virement").check()
    page.get_by_role("button", name="Créer le devoir").click()
    expect(page.get_by_role("heading", name="Carnet de notes")).to_be_visible()

    for email, first, falls in (("lea.skills@eleve.fr", "Léa", True), ("tom.skills@eleve.fr", "Tom", False)):
        student = browser.new_context(base_url=base_url).new_page()
        student.goto("/inscription")
        student.get_by_label("Prénom").fill(first)
        student.get_by_label("Nom", exact=True).fill("Martin")
        student.get_by_label("E-mail").fill(email)
        student.get_by_label("Mot de passe").fill("motdepasse-solide")
        student.get_by_label("Code de la classe (facultatif)").fill(code)
        student.get_by_role("button", name="Créer mon compte").click()
        student.get_by_role("button", name="Commencer").click()
        _play(db, student, falls)
        student.context.close()

    page.goto(class_url)
    page.get_by_role("link", name="Compétences de la classe").click()
    expect(page.get_by_role("heading", name="Compétences de la classe")).to_be_visible()
    expect(page.get_by_role("heading", name="Points faibles de la classe")).to_be_visible()
    page.get_by_role("link", name="Identifier le client et la pièce").click()
    rows = page.locator(".skills-grid tbody tr")
    expect(rows.first).to_contain_text("Martin Léa")  # 0 % first
    page.get_by_role("link", name="Identifier le client et la pièce").click()
    expect(rows.first).to_contain_text("Martin Tom")  # reversed
    assert_accessible(page)
    _shot(page, "teacher-class-skills")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter les compétences (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    page.get_by_role("button", name="Créer un entraînement ciblé").click()
    expect(page.get_by_role("heading", name="Carnet de notes")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Entraînement ciblé")
    db.close()
