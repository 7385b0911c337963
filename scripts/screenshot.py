"""Retake the screenshots from the real app in Debian's Chromium, 1280 px wide: docs/screenshot.png (the
home page with the procedure steps) and, in docs/screenshots/, the catalogue, the workspace on Banque en
ligne, the result page of a submitted attempt, the Comptabilité screens, the Relances and Rapports screens, and
the Banque menu on the cheque scenario: Chèques reçus (cheques.png: a cheque endorsed, the next one's Enregistrer le
règlement open), the deposit slip being filled in (slip.png) and Rapprochement bancaire with Faire correspondre open
(reconciliation.png); with ``teacher``, only the teacher's guide's pictures
(docs/screenshots/teacher-*.png) from a class of six students who handed in work with typical mistakes.

Run from the repository: ``.venv/bin/python scripts/screenshot.py [teacher]``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator import create_app, services  # noqa: E402
from tests.conftest import CHROMIUM_ARGS, browser_environment  # noqa: E402


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
                    env=browser_environment(),  # date fields in JJ/MM/AAAA
                )
                page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="fr-FR")
                if sys.argv[1:] == ["month"]:
                    page.goto(f"http://127.0.0.1:{server.server_port}/")
                    _month(page, app, ROOT / "docs" / "screenshots")
                    browser.close()
                    return
                if sys.argv[1:] == ["teacher"]:
                    _teacher(
                        page, app, f"http://127.0.0.1:{server.server_port}", ROOT / "docs" / "screenshots"
                    )
                    browser.close()
                    return
                if sys.argv[1:] == ["lots"]:  # relances par lot only (issue 12, scenario 2)
                    page.goto(f"http://127.0.0.1:{server.server_port}/entrainement")
                    _lots(page, ROOT / "docs" / "screenshots")
                    browser.close()
                    return
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.get_by_role("button", name="Voir les étapes de la procédure").click()
                page.locator("#procedure-steps").wait_for()
                page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
                _workspace(page, ROOT / "docs" / "screenshots")
                _relances(page, ROOT / "docs" / "screenshots")
                page.goto(page.url.split("/tentatives")[0] + "/entrainement")
                _lots(page, ROOT / "docs" / "screenshots")
                _strategie(page, ROOT / "docs" / "screenshots")
                _banque(page, app, ROOT / "docs" / "screenshots")
                _month(page, app, ROOT / "docs" / "screenshots")
                browser.close()
        finally:
            server.shutdown()


def _commencer(page, title: str, seed: int) -> None:
    """Commencer on a catalogue card with a chosen « Numéro de variante »: the same pictures every run."""
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title, exact=True))
    field = card.get_by_label("Numéro de variante")
    if not field.is_visible():
        card.get_by_text("Choisir une variante").click()
    field.fill(str(seed))
    card.get_by_role("button", name="Commencer").click()
    page.wait_for_url("**/consignes")


def _workspace(page, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    page.get_by_role("link", name="S'entraîner").first.click()
    page.get_by_text("Choisir une variante").first.click()  # the first card's variant field, open
    page.screenshot(path=str(folder / "catalogue.png"), full_page=True)
    _commencer(page, "Règlement d'une facture par virement", 1)
    page.get_by_role("link", name="Ouvrir la banque en ligne").first.click()
    row = page.get_by_role("row").filter(has_text="VIR SEPA")
    row.get_by_label("Annotation").fill("Enregistré le 14/04/2026 par Léa Martin")
    row.get_by_role("button", name="Noter").click()
    page.get_by_text("Enregistré le 14/04/2026 par Léa Martin").first.wait_for()
    page.get_by_role("row").filter(has_text="FRAIS").get_by_role("button", name="Noter").click()
    page.locator(".field-error").wait_for()
    page.screenshot(path=str(folder / "bank.png"), full_page=True)
    _comptabilite(page, folder)
    page.get_by_role("link", name="Rendre le travail").click()
    page.get_by_role("button", name="Rendre le travail").click()
    page.locator(".score-value").wait_for()
    page.screenshot(path=str(folder / "result.png"), full_page=True)


def _relances(page, folder: Path) -> None:
    """Relances and Rapports: Clients à relancer, the follow-up page after a call and an e-mail (one refused
    field showing its message), Niveaux de relance, and the three reports."""
    page.goto(page.url.split("/tentatives")[0] + "/entrainement")
    _commencer(page, "Relance téléphonique d'un client en retard", 1)
    menu = page.get_by_role("navigation", name="Menu du PGI")
    menu.get_by_text("Relances", exact=True).click()
    menu.get_by_role("link", name="Clients à relancer", exact=True).click()
    page.screenshot(path=str(folder / "relances.png"), full_page=True)
    page.get_by_role("row").nth(1).get_by_role("link").click()
    call = page.locator("#form-appel")
    call.get_by_label("Interlocuteur").fill("M. Pons (comptabilité)")
    call.get_by_label("Compte rendu").fill(
        "Facture échue, marchandise reçue, pas de litige ; paiement promis par virement dans 8 jours."
    )
    call.get_by_role("button", name="Noter un appel").click()
    page.locator("#historique .history-call").wait_for()
    mail = page.locator("#form-email")
    mail.get_by_label("Objet").fill("Relance – facture échue")
    mail.get_by_label("Message").fill(
        "Bonjour,\n\nSauf erreur de notre part, la facture reste impayée.\n\nCordialement"
    )
    mail.get_by_role("button", name="Envoyer").click()
    page.locator("#historique .history-email").wait_for()
    page.locator("#form-rappel").get_by_role("button", name="Planifier le rappel").click()
    page.locator("#form-rappel .field-error").wait_for()
    page.screenshot(path=str(folder / "relance-client.png"), full_page=True)
    for label, name in (
        ("Niveaux de relance", "niveaux-de-relance"),
        ("Livre des tiers", "livre-des-tiers"),
        ("Balance âgée des clients", "balance-agee"),
        ("Balance", "balance"),
    ):
        menu = page.get_by_role("navigation", name="Menu du PGI")
        menu.get_by_text("Rapports" if name != "niveaux-de-relance" else "Relances", exact=True).click()
        page.get_by_role("link", name=label, exact=True).click()
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


# -- relances par lot (issue 12, scenario 2) ----------------------------------------------------------------


def _lots(page, folder: Path) -> None:
    """Relances par lot: the wizard with Prélèvement excluded (Clients sans adresse électronique showing
    the two customers without an address), the lot after launching, Lots de relance, the Consignes' answer
    box, and the statements sent in batch."""
    _commencer(page, "Relances par lot", 5)
    base = page.url.rsplit("/consignes", 1)[0]
    page.get_by_role("link", name="Lancer le processus de relance").first.click()
    page.get_by_label("Prélèvement").check()
    page.locator("#detail-lot").get_by_text("Mode de règlement exclu").wait_for()
    page.screenshot(path=str(folder / "lots-assistant.png"), full_page=True)
    missing = page.locator("#sans-adresse")
    first = missing.get_by_role("textbox").first
    first.fill("compta chez nous")
    missing.get_by_role("button").first.click()
    missing.locator(".field-error").wait_for()
    page.screenshot(path=str(folder / "lots-adresse-refusee.png"), full_page=True)
    page.goto(f"{base}/consignes")
    answers = page.locator("#reponses")
    answers.get_by_role("textbox").first.fill("3")
    answers.get_by_role("textbox").nth(4).fill("abc")
    answers.get_by_role("button", name="Enregistrer les réponses").click()
    answers.locator(".field-error").wait_for()
    page.screenshot(path=str(folder / "lots-reponses.png"), full_page=True)
    page.goto(f"{base}/relances")
    for box in page.locator("#releves-par-lot").get_by_role("checkbox").all()[:2]:
        box.check()
    page.get_by_role("button", name="Envoyer les relevés").click()
    page.get_by_role("heading", name="Relevés envoyés").wait_for()
    page.screenshot(path=str(folder / "lots-releves.png"), full_page=True)
    world = services.grader_for("relances").world("relances-par-lot", 5)
    [(customer, address)] = world.expected.followup_run.emails
    _lot_screens(page, base, folder, world.customer(customer).customer.name, address, world.keys["E"])


def _lot_screens(page, base: str, folder: Path, name: str, address: str, exclude: str) -> None:
    """The lot launched (the address set, the customer without any excluded), then its screens."""
    page.goto(f"{base}/relances/lancer?level=1&excluded_methods=prelevement&excluded_customers={exclude}")
    page.get_by_label(f"Adresse électronique de {name}").fill(address)
    page.get_by_role("button", name=f"Enregistrer l'adresse de {name}").click()
    page.locator("#detail-lot").get_by_text(address).wait_for()
    page.get_by_role("button", name="Lancer la relance").click()
    page.get_by_role("heading", name="Lot de relance REL/2026/0001").wait_for()
    page.screenshot(path=str(folder / "lots-detail.png"), full_page=True)
    page.goto(f"{base}/relances/lots")
    page.screenshot(path=str(folder / "lots.png"), full_page=True)


def _strategie(page, folder: Path) -> None:
    """Issue 12 scenario « strategie » (seed 2, the Mint guide): Niveaux de relance with the default level
    renamed Retard 1, Retard 2 and 3 added, the form of Retard 3 refused (days before Retard 2's), and a new quote
    for the customer at the last level, with its warning."""
    page.goto(page.url.split("/tentatives")[0] + "/entrainement")
    _commencer(page, "Configurer une stratégie de relance", 2)
    levels = page.url.replace("/consignes", "/niveaux-de-relance")
    page.goto(levels + "/1")
    page.get_by_label("Nom", exact=True).fill("Retard 1")
    page.get_by_label("Marqueur", exact=True).fill("R1")
    page.get_by_label("Jours après l'échéance", exact=True).fill("5")
    page.get_by_label("Modèle", exact=True).fill(
        "%(courtesy_title)s,\n\nSauf erreur de notre part, %(partner_name)s reste nous devoir %(amount_due)s "
        "(factures %(invoice_numbers)s échues le %(due_dates)s)."
    )
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Niveau enregistré.").wait_for()
    for name, marker, days, actions in (
        ("Retard 2", "R2", "13", ("Envoyer un e-mail", "Imprimer une lettre")),
        (
            "Retard 3",
            "R3",
            "23",
            ("Envoyer un e-mail", "Imprimer une lettre", "Ajouter un avertissement sur les ventes"),
        ),
    ):
        page.goto(levels + "/nouveau")
        page.get_by_label("Nom", exact=True).fill(name)
        page.get_by_label("Marqueur", exact=True).fill(marker)
        page.get_by_label("Jours après l'échéance", exact=True).fill(days)
        for label in actions:
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_role("status").wait_for()
    page.goto(levels + "/3")
    page.get_by_label("Jours après l'échéance", exact=True).fill("12")
    page.get_by_role("button", name="Enregistrer").click()
    page.locator("#champ-days-error").wait_for()
    page.locator("details.placeholders summary").click()
    page.screenshot(path=str(folder / "niveau-de-relance.png"), full_page=True)
    page.goto(levels)
    page.screenshot(path=str(folder / "niveaux-de-relance-strategie.png"), full_page=True)
    menu = page.get_by_role("navigation", name="Menu du PGI")
    menu.get_by_text("Ventes", exact=True).click()
    menu.get_by_role("link", name="Devis", exact=True).click()
    page.get_by_label("Client", exact=True).select_option(label="Roussel Industrie SAS")
    page.locator(".alert-warning").wait_for()
    page.screenshot(path=str(folder / "devis.png"), full_page=True)


def _comptabilite(page, folder: Path) -> None:
    """Factures clients, the invoice form with the payment dialog (a short payment), Pièces comptables
    and Lettrage once the payment is recorded."""
    menu = page.get_by_role("navigation", name="Menu du PGI")
    menu.get_by_text("Comptabilité", exact=True).click()
    page.get_by_role("link", name="Factures clients", exact=True).click()
    page.screenshot(path=str(folder / "invoices.png"), full_page=True)
    page.get_by_role("link", name="Non payées").click()
    page.locator(".documents-table tbody th a").first.click()
    page.wait_for_function("window.htmx !== undefined")
    page.get_by_role("button", name="Enregistrer le règlement").click()
    dialog = page.get_by_role("dialog")
    amount = dialog.get_by_label("Montant")
    due = Decimal(amount.input_value().replace("\u202f", "").replace(" ", "").replace(",", "."))
    amount.fill(f"{due - Decimal('0.40')}".replace(".", ","))  # a few cents short
    dialog.get_by_text("Marquer comme entièrement payé").wait_for()
    dialog.get_by_label("Marquer comme entièrement payé").check()
    dialog.get_by_label("Compte de contrepartie").select_option("658")
    dialog.get_by_label("Libellé").fill("Écart de règlement")
    page.screenshot(path=str(folder / "payment-dialog.png"))
    dialog.get_by_role("button", name="Valider").click()
    page.get_by_text("Payé le").first.wait_for()
    page.screenshot(path=str(folder / "invoice.png"), full_page=True)
    menu.get_by_text("Comptabilité", exact=True).click()
    page.get_by_role("link", name="Pièces comptables", exact=True).click()
    page.screenshot(path=str(folder / "entries.png"), full_page=True)
    menu.get_by_text("Comptabilité", exact=True).click()
    menu.get_by_role("link", name="Lettrage", exact=True).click()
    page.get_by_label("Client").select_option(index=1)
    page.locator(".ledger-table").wait_for()
    page.screenshot(path=str(folder / "lettering.png"), full_page=True)


def _month(page, app, folder: Path) -> None:
    """Un mois de relances (issue 12, scenario 5): the « À contacter aujourd'hui » list on the first day
    someone is due, under the calendar control of the attempt bar (month-calendar.png), and the follow-up
    page of the silent customer on the day its transfer to 416 is due (month-litigation.png) and once
    transferred (month-doubtful.png); the month up
    to those days is applied through the service, as the screens would."""
    from simulator import services, store
    from simulator.packs.play.solve import solve

    page.goto(page.url.split("/tentatives")[0] + "/entrainement")
    _commencer(page, "Un mois de relances", 2)
    attempt_id = int(page.url.split("/tentatives/")[1].split("/")[0])
    base = page.url.split("/tentatives")[0] + f"/tentatives/{attempt_id}"
    db = store.open_db(app.config["DATABASE"])
    record = store.get_attempt(db, attempt_id)
    owner = services.attempts.Owner(user_id=record.user_id, guest_token=record.guest_token)
    reference = solve(services.attempts.load(db, attempt_id, owner).world)
    first = next(i for i, a in enumerate(reference) if a["type"] in ("send_email", "log_call", "send_letter"))
    upto = next(i for i, a in enumerate(reference) if a["type"] == "transfer_to_doubtful")

    def apply(actions: list[dict]) -> None:
        for action in actions:
            attempt = services.attempts.load(db, attempt_id, owner)
            assert services.attempts.apply_action(db, attempt, action).accepted, action

    apply(reference[:first])
    page.goto(f"{base}/relances?aujourdhui=1")
    page.screenshot(path=str(folder / "month-calendar.png"), full_page=True)
    apply(reference[first:upto])
    page.goto(f"{base}/relances/{reference[upto]['customer']}")
    page.screenshot(path=str(folder / "month-litigation.png"), full_page=True)
    apply(reference[upto : upto + 1])  # the transfer to 416: the invoices show « Client douteux (416) »
    db.close()
    page.goto(f"{base}/relances/{reference[upto]['customer']}")
    page.screenshot(path=str(folder / "month-doubtful.png"), full_page=True)


def _banque(page, app, folder: Path) -> None:
    from simulator import services, store
    from simulator.packs.play.solve import solve

    def start(title: str) -> list[dict]:
        page.goto(page.url.split("/tentatives")[0] + "/entrainement")
        _commencer(page, title, 1)
        attempt_id = int(page.url.split("/tentatives/")[1].split("/")[0])
        db = store.open_db(app.config["DATABASE"])
        record = store.get_attempt(db, attempt_id)
        owner = services.attempts.Owner(user_id=record.user_id, guest_token=record.guest_token)
        return solve(services.attempts.load(db, attempt_id, owner).world)

    def open_screen(name: str) -> None:
        page.get_by_role("navigation", name="Menu du PGI").get_by_text("Banque", exact=True).click()
        page.get_by_role("link", name=name, exact=True).click()
        page.wait_for_function("window.htmx !== undefined")

    reference = start("Chèques reçus : enregistrement et remise en banque")
    open_screen("Chèques reçus")
    payments = [a for a in reference if a["type"] == "register_payment"]
    for action in payments:
        page.get_by_role("button", name="Enregistrer le règlement").first.click()
        form = page.get_by_role("form", name="Enregistrer le règlement")
        form.get_by_label("Client").select_option(action["customer"])
        form.get_by_role("button", name="Choisir").click()  # the invoices, whether or not htmx is ready
        for number in action["documents"]:
            form.get_by_label(number).check()
        form.get_by_label("Montant").fill(action["amount"].replace(".", ","))
        form.get_by_label("Mémo").fill(action["reference"])
        form.get_by_role("button", name="Valider").click()
        form.wait_for(state="detached")
    for action in [a for a in reference if a["type"] == "endorse_cheque"]:
        cheque = page.locator(f"#cheque-{action['cheque']}")
        cheque.get_by_role("button", name="Endosser").click()
        form = page.get_by_role("form", name="Endosser")
        form.get_by_label("Compte à créditer").fill(action["account"])
        form.get_by_label("Signature").fill(" – ".join(action["signature"].split(" – ")[-2:]))
        form.get_by_role("button", name="Valider").click()
        form.wait_for(state="detached")
    page.screenshot(path=str(folder / "cheques.png"), full_page=True)
    deposit = reference[-1]
    open_screen("Remises de chèques")
    page.get_by_role("button", name="Nouveau bordereau").click()
    slip = page.get_by_role("form", name="Bordereau de remise de chèques")
    slip.get_by_label("Compte à créditer").fill(deposit["account"])
    for n, line in enumerate(deposit["lines"], start=1):
        row = slip.get_by_role("group", name=f"Chèque {n}", exact=True)
        row.get_by_label("Chèque", exact=True).select_option(line["cheque"])
        row.get_by_label("Tireur").fill(line["drawer"])
        row.get_by_label("Banque").fill(line["bank"])
        row.get_by_label("Numéro du chèque").fill(line["number"])
        row.get_by_label("Montant").fill(line["amount"].replace(".", ","))
    slip.get_by_label("Nombre de chèques").fill(str(deposit["count"]))
    slip.get_by_label("Montant total").fill(deposit["total"].replace(".", ","))
    page.screenshot(path=str(folder / "slip.png"), full_page=True)
    start("Remise de chèques créditée par la banque : rapprochement")
    open_screen("Rapprochement bancaire")
    page.get_by_role("button", name="Faire correspondre").first.click()
    page.get_by_label("Remise de chèques").select_option(index=1)
    page.screenshot(path=str(folder / "reconciliation.png"), full_page=True)


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
    from simulator.packs.play.solve import solve

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
            services.submission.submit(db, attempt)

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
