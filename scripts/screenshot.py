"""Retake the screenshots from the real app in Debian's Chromium, 1280 px wide: docs/screenshot.png (the
home page with the procedure steps) and, in docs/screenshots/, the catalogue, the workspace on Banque en
ligne, and the result page of a submitted attempt; with ``teacher``, only the teacher's guide's pictures
(docs/screenshots/teacher-*.png) from a class of six students who handed in work with typical mistakes.

Run from the repository: ``.venv/bin/python scripts/screenshot.py [teacher]``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator import create_app  # noqa: E402
from tests.conftest import CHROMIUM_ARGS  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE": str(Path(tmp) / "simulator.db"), "SECRET_KEY": "screenshot"})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH") or shutil.which("chromium"),
                    args=CHROMIUM_ARGS,
                )
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                if sys.argv[1:] == ["teacher"]:
                    _teacher(
                        page, app, f"http://127.0.0.1:{server.server_port}", ROOT / "docs" / "screenshots"
                    )
                    browser.close()
                    return
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.get_by_role("button", name="Voir les étapes de la procédure").click()
                page.locator("#procedure-steps").wait_for()
                page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
                _workspace(page, ROOT / "docs" / "screenshots")
                browser.close()
        finally:
            server.shutdown()


def _workspace(page, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    page.get_by_role("link", name="S'entraîner").first.click()
    page.screenshot(path=str(folder / "catalogue.png"), full_page=True)
    page.get_by_role("listitem").filter(has_text="Règlement d'une facture par virement").get_by_role(
        "button", name="Commencer"
    ).click()
    page.get_by_role("link", name="Ouvrir la banque en ligne").first.click()
    row = page.get_by_role("row").filter(has_text="VIR SEPA")
    row.get_by_label("Annotation").fill("Enregistré le 14/04/2026 par Léa Martin")
    row.get_by_role("button", name="Noter").click()
    page.get_by_text("Enregistré le 14/04/2026 par Léa Martin").first.wait_for()
    page.get_by_role("row").filter(has_text="FRAIS").get_by_role("button", name="Noter").click()
    page.locator(".field-error").wait_for()
    page.screenshot(path=str(folder / "bank.png"), full_page=True)
    page.get_by_role("link", name="Rendre le travail").click()
    page.get_by_role("button", name="Rendre le travail").click()
    page.locator(".score-value").wait_for()
    page.screenshot(path=str(folder / "result.png"), full_page=True)


#: Six students of the teacher's class and the action types each forgot (a typical class).
STUDENTS = (
    ("Léa", "Martin", ()),
    ("Hugo", "Bernard", ("annotate_statement",)),
    ("Chloé", "Petit", ("annotate_statement",)),
    ("Nathan", "Robert", ("register_payment",)),
    ("Inès", "Richard", ()),
    ("Lucas", "Moreau", ("annotate_statement", "register_payment")),
)


def _teacher(page, app, url: str, folder: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from simulator import services, store
    from simulator.packs.solve import solve

    folder.mkdir(exist_ok=True)
    db = store.open_db(app.config["DATABASE"])
    teacher, link = services.accounts.add_teacher(db, "anne.durand@lycee.fr")
    group, _ = services.classes.create(db, teacher, "BTS CG 1 — groupe B")
    now = datetime.now(UTC)
    assignment = store.create_assignment(
        db,
        class_id=group.id,
        title="Encaissements de mars",
        pack="procedure-11",
        pack_version="1",
        scenarios=["virement", "cheque"],
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=5),
        mode="practice",
        max_submissions=None,
        feedback="immediate",
        seed_policy="per_student",
    )
    for first, last, forgotten in STUDENTS:
        student, _ = services.accounts.sign_up(
            db,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@eleve.fr",
            password="motdepasse-solide",
        )
        store.add_class_member(db, group.id, student.id)
        for scenario in ("virement", "cheque"):
            record, _ = services.assignments.start(db, student.id, assignment, scenario)
            attempt = services.attempts.load_any(db, record.id)
            for action in solve(attempt.world):
                if action["type"] not in forgotten:
                    attempt = services.attempts.apply_action(db, attempt, action).attempt
            services.attempts.submit(db, attempt)

    page.goto(f"{url}/lien/{link}")
    page.get_by_label("Prénom").fill("Anne")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Mot de passe").fill("motdepasse-prof")
    page.screenshot(path=str(folder / "teacher-link.png"))
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name=group.name).click()
    page.screenshot(path=str(folder / "teacher-class.png"), full_page=True)
    page.get_by_role("link", name="Nouveau devoir").click()
    page.screenshot(path=str(folder / "teacher-new-assignment.png"), full_page=True)
    page.goto(f"{url}/enseignant/devoirs/{assignment.id}")
    page.screenshot(path=str(folder / "teacher-gradebook.png"), full_page=True)
    page.get_by_role("row").filter(has_text="Hugo").get_by_role("link").nth(1).click()  # the cheques
    page.locator(".timeline").get_by_role("link").nth(1).click()
    page.get_by_text("Balance après l’action 2").wait_for()
    page.screenshot(path=str(folder / "teacher-attempt.png"), full_page=True)
    page.goto(f"{url}/enseignant/devoirs/{assignment.id}/analyse")
    page.screenshot(path=str(folder / "teacher-analytics.png"), full_page=True)
    page.goto(f"{url}/enseignant/packs/procedure-11/1")
    page.screenshot(path=str(folder / "teacher-pack.png"))
    db.close()


if __name__ == "__main__":
    main()
