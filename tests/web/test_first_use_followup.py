"""What a student meets on first use of the follow-up screens, through the Flask client: the e-mail of a
batch run is the level's text with the customer's invoices (read before sending, then on the lot and in
the customer's history); a customer without an address links to its Messages reçus; a level reached with
nothing sent says so; no CSRF token ends in a URL."""

from __future__ import annotations

import html
import re

from workspace_helpers import post, start

from simulator import services
from simulator.formatting import format_date
from simulator.ledger.views import books_view
from simulator.packs.world.opening import initial_books

PACK, SCENARIO = "relances", "relances-par-lot"


def _start(client, monkeypatch, seed: int = 1):
    monkeypatch.setattr(services.attempts, "new_seed", lambda *args, **kwargs: seed)
    attempt_id = start(client, SCENARIO, pack=PACK)
    world = services.grader_for(PACK).world(SCENARIO, seed)
    return attempt_id, world, f"/tentatives/{attempt_id}"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _run_form(world, **extra):
    return {
        "level": "1",
        "date": world.today.isoformat(),
        "excluded_methods": ["prelevement"],
        "excluded_customers": [world.keys["E"]],
        **extra,
    }


def _assert_full_email(page: str, world, customer: str) -> None:
    """The e-mail names the customer's overdue invoices with their due dates and amounts due TTC, says
    the total, asks for payment politely and is signed; not the one-line note of the log."""
    assert "Relance par lot REL/" not in page
    for doc in (
        d for d in world.documents if d.customer == customer and d.due_date and d.due_date < world.today
    ):
        assert doc.number in page and format_date(doc.due_date) in page
    assert "TTC" in page and "salutations distinguées" in page
    assert world.company.signatory.last_name in page


def test_the_batch_e_mails_are_read_before_sending_then_on_the_lot_and_in_the_history(client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch)
    a, d = world.keys["A"], world.keys["D"]
    post(client, f"{base}/relances/lancer/adresse/{d}", {"email": "compta@d.fr"})
    wizard = _text(client.get(f"{base}/relances/lancer", query_string=_run_form(world)))
    assert "E-mails qui seront envoyés" in wizard
    _assert_full_email(wizard, world, a)
    response = post(client, f"{base}/relances/lancer", _run_form(world))
    assert response.status_code == 303
    lot = _text(client.get(response.location))
    assert "E-mails envoyés" in lot and "compta@d.fr" in lot
    _assert_full_email(lot, world, a)
    history = _text(client.get(f"{base}/relances/{a}"))
    section = re.search(r'id="historique".*?</section>', history, re.S)[0]
    _assert_full_email(section, world, a)


def test_a_customer_without_an_address_links_to_its_messages(client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch)
    d = world.keys["D"]
    page = _text(client.get(f"{base}/relances/lancer", query_string=_run_form(world)))
    form = re.search(rf'<form class="inline-form email-form".*?/adresse/{d}".*?</form>', page, re.S)[0]
    link = re.search(r'<a href="([^"]+)">Messages reçus', form)
    assert link and link[1].endswith(f"/relances/{d}#messages")
    customer_page = _text(client.get(link[1].split("#")[0]))
    assert 'id="messages"' in customer_page


def test_actualiser_la_synthese_never_puts_the_csrf_token_in_a_url(client, monkeypatch):
    attempt_id, world, base = _start(client, monkeypatch)
    page = client.get(f"{base}/relances/lancer").get_data(as_text=True)
    assert 'formmethod="get"' not in page
    response = post(client, f"{base}/relances/lancer", _run_form(world, level="1", actualiser="1"))
    assert response.status_code == 303 and "csrf" not in response.location
    assert "level=1" in response.location


def test_every_get_form_of_the_student_screens_is_free_of_the_csrf_token(client, monkeypatch):
    """Forms that GET (method="get", or a button with formmethod="get") must not carry csrf_token."""
    attempt_id, world, base = _start(client, monkeypatch)
    screens = ["relances", "relances?tous=1", "relances/lancer", "relances/lots", "consignes", "factures",
               "reglements", "reglements/nouveau", "cheques", "remises?nouveau=1", "banque", "lettrage", "pieces",
               f"relances/{world.keys['A']}"]  # fmt: skip
    for screen in screens:
        page = client.get(f"{base}/{screen}").get_data(as_text=True)
        for form in re.findall(r"<form\b[^>]*>.*?</form>", page, re.S):
            head = form[: form.index(">") + 1]
            gets = 'method="get"' in head or 'formmethod="get"' in form
            assert not (gets and 'name="csrf_token"' in form), (screen, head)
            if "hx-get=" in head and "hx-include" not in head and 'name="csrf_token"' in form:
                assert 'hx-params="not csrf_token"' in head, (screen, head)


def test_level_two_reached_with_nothing_sent_says_so(client):
    """A customer at level 2 or more with no reminder in its log, in the first built-in world that has one."""

    for pack, scenario in (("relances", "relances-par-lot"), ("procedure-11", "relance-email"),
                           ("procedure-11", "relance-telephone"), ("relances", "un-mois-de-relances")):  # fmt: skip
        for seed in range(1, 6):
            attempt_id = start(client, scenario, pack=pack, seed=seed)
            world = services.grader_for(pack).world(scenario, seed)
            view = books_view(initial_books(world))
            quiet = [c for c in view.customers.values() if (c.level or 0) > 1 and not c.last_reminder]
            if quiet:
                c = quiet[0]
                page = _text(client.get(f"/tentatives/{attempt_id}/relances/{c.id}"))
                summary = re.search(r'id="synthese".*?</section>', page, re.S)[0]
                assert f"Niveau {c.level} atteint" in summary and "aucune relance envoyée" in summary
                assert f"{c.level} – {c.level_name}" not in summary
                listing = _text(client.get(f"/tentatives/{attempt_id}/relances?tous=1"))
                assert f"Niveau {c.level} atteint" in listing
                return
    raise AssertionError("no built-in scenario has a customer at level 2 with nothing sent")


def _hand_in(client, app, attempt_id: int, actions) -> str:
    from simulator import store

    db = store.open_db(app.config["DATABASE"])
    try:
        for seq, action in enumerate(actions, start=1):
            store.append_action(db, attempt_id, action, expected_seq=seq)
    finally:
        db.close()
    assert post(client, f"/tentatives/{attempt_id}/rendre").status_code == 303
    return _text(client.get(f"/tentatives/{attempt_id}/resultat"))


def test_the_result_of_a_reminder_scenario_shows_the_follow_up_log_not_the_books(client, app):
    from simulator.packs.play.solve import solve

    attempt_id = start(client, "relance-email", seed=1)
    world = services.grader_for("procedure-11").world("relance-email", 1)
    page = _hand_in(client, app, attempt_id, solve(world))
    assert "Aucune erreur : les relances sont celles attendues." in page
    assert "les écritures sont celles attendues" not in page
    assert "Vos écritures / Écritures attendues" not in page and "Factures et avoirs : reste dû" not in page
    section = re.search(r"<h2>Vos relances / Relances attendues</h2>.*?</section>", page, re.S)[0]
    customer = world.customer(world.expected.reminders[0].customer).customer.name
    assert section.count(customer) >= 2  # the e-mail and the next action, on both sides
    assert "E-mail" in section and "Prochain rappel" in section and "badge-warn" not in section


def test_a_reminder_missing_from_the_log_is_marked_on_the_expected_side(client, app):
    from simulator.packs.play.solve import solve

    attempt_id = start(client, "relance-email", seed=1)
    world = services.grader_for("procedure-11").world("relance-email", 1)
    page = _hand_in(client, app, attempt_id, [a for a in solve(world) if a["type"] != "send_email"])
    mine, expected = re.search(
        r"<h3>Vos relances</h3>(.*?)<h3>Relances attendues</h3>(.*?)</section>", page, re.S
    ).groups()
    assert "E-mail" not in mine and "E-mail" in expected and "badge-warn" in expected


def test_the_result_of_a_payment_scenario_still_compares_the_books(client, app):
    from simulator.packs.play.solve import solve

    attempt_id = start(client, "virement", seed=3)
    world = services.grader_for("procedure-11").world("virement", 3)
    page = _hand_in(client, app, attempt_id, solve(world))
    assert "Aucune erreur : les écritures sont celles attendues." in page
    assert "Vos écritures / Écritures attendues" in page and "Vos relances" not in page


#: a letter naming itself (« La présente mise en demeure » names the notice, not the paper: it stays)
MEDIUM = re.compile(
    r"\b(ce courrier|cette lettre|par la présente|la présente lettre|le présent courrier|ce pli)\b", re.I
)


def test_the_batch_e_mail_speaks_of_a_message_not_of_a_letter(client, monkeypatch):
    """The e-mail reuses the level's letter text, but names itself as an e-mail: « ce message »."""
    attempt_id, world, base = _start(client, monkeypatch)
    wizard = _text(client.get(f"{base}/relances/lancer", query_string=_run_form(world)))
    emails = re.search(r'id="emails-lot".*?</section>', wizard, re.S)[0]
    assert "ne pas tenir compte de ce message" in emails  # the courteous text's « ce courrier »
    assert not MEDIUM.search(emails), MEDIUM.search(emails)


def test_every_level_e_mail_of_the_builtin_packs_names_itself_a_message():
    """Whatever level a run sends by e-mail (a teacher may add e-mail to any level), and whatever its text
    (default or the pack's), the e-mail never calls itself a letter."""
    said = ""
    for pack, scenario in (("relances", SCENARIO), ("procedure-11", "relance-email")):
        world = services.grader_for(pack).world(scenario, 1)
        books = initial_books(world)
        overdue = {d.customer for d in world.documents if d.due_date and d.due_date < world.today}
        bodies = [
            email.body
            for customer in sorted(overdue)
            for level in books.levels
            if (email := services.lots.reminder_email(world, books, customer, level.level, world.today))
        ]
        assert len(bodies) >= 3, pack
        for body in bodies:
            assert not MEDIUM.search(body), (pack, MEDIUM.search(body))
        said += " ".join(bodies)
    # the last reminder's « Cette lettre constitue », the mise en demeure's « Par la présente »
    assert "Ce message constitue notre dernière relance amiable" in said
    assert "Par ce message, nous vous mettons en demeure" in said
    assert "vous est également adressée par lettre recommandée" in said
