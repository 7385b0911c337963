"""In Chromium, through labels and buttons: a teacher creates a class, a student joins and does an
assignment (the reference actions but the bank annotation go through the services to save time; the
student hands the work in on the screen), the teacher reads the grade in the gradebook, opens the timeline,
exports the CSV (read back), uploads a fixed pack version and regrades; axe checks the teacher's pages."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from simulator import services, store
from simulator.packs.play.solve import solve
from simulator.packs.spec.loader import builtin_root

pytestmark = pytest.mark.e2e

_axe = Axe()


def assert_accessible(page: Page) -> None:
    results = _axe.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in serious
    )


def _fixed_pack(path) -> None:
    """Version 2 of the built-in pack, where annotating the bank line is worth 2 points (1 before)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted((builtin_root() / "procedure-11").iterdir()):
            text = file.read_text(encoding="utf-8").replace('version: "1"', 'version: "2"')
            if file.name == "virement.yaml":
                text = text.replace(
                    "criterion: statement_annotated\n    points: 1",
                    "criterion: statement_annotated\n    points: 2",
                )
            archive.writestr(f"procedure-11/{file.name}", text)


def _local(moment: datetime) -> str:
    return moment.astimezone(services.assignments.LOCAL_TIME).strftime("%Y-%m-%dT%H:%M")


def test_a_class_from_creation_to_regrade(page: Page, browser: Browser, base_url, live_server, tmp_path):
    db = store.open_db(live_server.app.config["DATABASE"])
    _, link = services.accounts.add_teacher(db, "prof.e2e@lycee.fr")

    # The teacher sets a password with the one-time link and creates a class.
    page.goto(f"/lien/{link}")
    page.get_by_label("Prénom").fill("Anne")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Mot de passe").fill("motdepasse-prof")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Mes classes")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nom de la classe").fill("BTS CG 1 — groupe B")
    page.get_by_role("button", name="Créer la classe").click()
    code = page.locator(".join-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert_accessible(page)

    # An assignment: the virement scenario, open now, for a week.
    page.get_by_role("link", name="Nouveau devoir").click()
    page.wait_for_url("**/devoirs/nouveau")  # loaded, htmx ready: choosing a pack swaps its scenarios in
    page.get_by_label("Titre du devoir").fill("Virements de mars")
    page.get_by_label("Pack").select_option("relances@1")  # another pack: its scenarios, the title stays
    expect(page.get_by_label("Configurer une stratégie de relance")).not_to_be_checked()
    expect(page.get_by_label("Titre du devoir")).to_have_value("Virements de mars")
    page.get_by_label("Pack").select_option("procedure-11@1")
    for box in page.get_by_role("checkbox").all():
        expect(box).not_to_be_checked()  # none ticked to start with
    page.get_by_label("Règlement d'une facture par virement").check()
    now = datetime.now(UTC)
    page.get_by_label("Ouverture").fill(_local(now - timedelta(hours=1)))
    page.get_by_label("Clôture").fill(_local(now + timedelta(days=7)))
    assert_accessible(page)
    page.get_by_role("button", name="Créer le devoir").click()
    expect(page.get_by_role("heading", name="Carnet de notes")).to_be_visible()
    gradebook_url = page.url

    # A student signs up with the code and starts the assignment from Mes devoirs.
    student = browser.new_context(base_url=base_url).new_page()
    student.goto("/inscription")
    student.get_by_label("Prénom").fill("Léa")
    student.get_by_label("Nom", exact=True).fill("Martin")
    student.get_by_label("E-mail").fill("lea.e2e@eleve.fr")
    student.get_by_label("Mot de passe").fill("motdepasse-solide")
    student.get_by_label("Code de la classe (facultatif)").fill(code.lower())
    student.get_by_role("button", name="Créer mon compte").click()
    expect(student.get_by_role("heading", name="Mes devoirs")).to_be_visible()
    assert_accessible(student)
    student.get_by_role("button", name="Commencer").click()
    attempt_id = int(re.search(r"/tentatives/(\d+)/", student.url)[1])
    attempt = services.attempts.load_any(db, attempt_id)
    for action in solve(attempt.world):
        if action["type"] != "annotate_statement":  # forgotten: 3 + 3 + 0 + 0,5 = 6,5 points of 8
            attempt = services.attempts.apply_action(db, attempt, action).attempt
    student.locator(".attempt-bar").get_by_role("link", name="Rendre le travail").click()
    student.get_by_role("button", name="Rendre le travail").click()
    expect(student.locator(".score-value")).to_have_text("81,3")
    student.context.close()

    # The teacher reads the grade, opens the timeline and steps through the books.
    page.goto(gradebook_url)
    row = page.get_by_role("row").filter(has_text="lea.e2e@eleve.fr")
    expect(row).to_contain_text("81,3")
    assert_accessible(page)
    row.get_by_role("link", name="81,3").click()
    expect(page.get_by_role("heading", name="Chronologie")).to_be_visible()
    page.locator(".timeline").get_by_role("link").first.click()
    expect(page.get_by_text("Balance après l’action 1")).to_be_visible()
    expect(page.locator("#etape tr.differs")).to_have_count(2)  # 411 and 512
    assert_accessible(page)

    # The CSV, read back.
    page.goto(gradebook_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter pour Excel / LibreOffice (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [(r["Adresse e-mail"], r["Règlement d'une facture par virement - meilleure"]) for r in rows] == [
        ("lea.e2e@eleve.fr", "81,3")
    ]

    # A fixed version of the pack, then the regrade with its progress.
    archive = tmp_path / "procedure-11-v2.zip"
    _fixed_pack(archive)
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Packs").click()
    assert_accessible(page)
    page.get_by_label("Archive du pack (.zip)").set_input_files(str(archive))
    page.get_by_role("button", name="Installer").click()
    expect(page.get_by_role("heading", name=re.compile("version 2"))).to_be_visible()
    page.goto(gradebook_url)
    page.get_by_role("link", name="Recorriger").click()
    page.get_by_label("Version du pack").select_option("2")
    page.get_by_role("button", name="Lancer la correction").click()
    expect(page.get_by_text("— terminé.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=f"n° {attempt_id}")).to_contain_text("72,2")
    assert_accessible(page)
    page.goto(gradebook_url)
    expect(page.get_by_role("row").filter(has_text="lea.e2e@eleve.fr")).to_contain_text("72,2")
    db.close()
