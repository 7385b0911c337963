"""The browser driver of the end-to-end tests: a student at the keyboard of the workspace.

:class:`Student` starts a scenario from the catalogue (a chosen « Numéro de variante » or a random one), asks
the solver what a careful accountant does, and plays each action of the contract (contracts.md) **on the
screens only**, by labels and roles (``get_by_label``, ``get_by_role``), the way screens.md names them:

========================  =======================================================================
action                    screens
========================  =======================================================================
register_payment          a cheque (``source.cheque``): Chèques reçus › Enregistrer le règlement;
                          one invoice: Factures clients › the invoice › Enregistrer le règlement;
                          otherwise (several pieces, Affectation, none): Règlements clients ›
                          Nouveau règlement. The Écart de règlement block in each.
credit_note               the invoice › Avoir
match                     an invoice and one credit: the invoice's Crédits en circulation › Ajouter;
                          otherwise Lettrage › tick the lines › Lettrer
unmatch                   Lettrage › tick the lines › Délettrer
endorse_cheque            Chèques reçus › Endosser
deposit_cheques           Remises de chèques › Nouveau bordereau
reconcile_statement_line  Rapprochement bancaire › Faire correspondre
annotate_statement        Banque en ligne › Annotation › Noter
add_note                  the invoice › Information complémentaire › Ajouter la note
log_call, send_email,     Relances › Clients à relancer › the customer › Noter un appel, Envoyer,
send_letter,              Imprimer la lettre, Planifier le rappel
set_next_action
cancel_payment            Règlements clients › the payment › Annuler le règlement
cancel_credit_note        Avoirs › the credit note › Annuler l'avoir
cancel_deposit            Remises de chèques › Annuler la remise
========================  =======================================================================

Each field of an action goes to its labelled input (``FIELDS``); a field the driver has no input for fails
the test loudly (a new field in the contract needs its line here, not a silent skip). After each action
the driver waits until the attempt's log has grown by one, and fails with the French message shown if the
screen refused it. The world (names, labels) comes from the solver's side: what a student reads on paper."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from playwright.sync_api import Locator, Page, expect

from simulator import services, store
from simulator.formatting import format_date, format_money
from simulator.ledger.names import item_name
from simulator.messages.french import de
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.world.model import World

#: The labelled input of each field, form by form (screens.md's labels).
FIELDS: dict[str, dict[str, str]] = {
    "receipt": {
        "journal": "Journal",
        "date": "Date de règlement",
        "reference": "Mémo",
        "statement_line": "Ligne du relevé",
        "cheque": "Chèque reçu",
        "amount": "Montant",
    },
    "difference": {"account": "Compte de contrepartie", "label": "Libellé", "vat_rate": "Taux de TVA"},
    "credit_note": {
        "number": "Numéro",
        "date": "Date",
        "amount_ht": "Montant HT",
        "vat_rate": "Taux de TVA",
        "reason": "Motif",
    },
    "endorse_cheque": {"account": "Compte à créditer", "signature": "Signature"},
    "deposit_cheques": {
        "date": "Date de la remise",
        "account": "Compte à créditer",
        "count": "Nombre de chèques",
        "total": "Montant total",
    },
    "slip_line": {
        "cheque": "Chèque",
        "drawer": "Tireur",
        "bank": "Banque",
        "number": "Numéro du chèque",
        "amount": "Montant",
    },
    "log_call": {"date": "Date de l'appel", "note": "Compte rendu"},
    "send_email": {"to": "À", "subject": "Objet", "body": "Message"},
    "set_next_action": {"date": "Date du prochain rappel", "note": "Note"},
}
#: Fields that are not typed: they choose the screen, the row or the customer, or are ids the core gives.
STRUCTURAL = {"type", "id", "customer", "documents", "source", "difference", "allocations", "invoice"}
AMOUNTS = {"amount", "amount_ht", "total"}
DEADLINE_S = 10.0


def french(amount: Any) -> str:
    """An amount as a French student types it: ``1234,50``."""
    return f"{Decimal(str(amount)):.2f}".replace(".", ",")


def set_value(control: Locator, value: Any, name: str = "") -> None:
    """Type, pick or tick ``value`` in a labelled control, whatever kind of control it is."""
    kind = control.evaluate("e => e.tagName + ':' + (e.type || '')")
    if kind == "SELECT:select-one":
        control.select_option(str(value))
    elif kind in ("INPUT:checkbox", "INPUT:radio"):
        control.set_checked(bool(value))
    else:
        control.fill(french(value) if name in AMOUNTS else str(value))


def fill_fields(scope: Locator | Page, form: str, action: dict, skip: set[str] = frozenset()) -> None:
    """Each field of ``action`` into its labelled input of ``form`` (FIELDS); fails on a field it does not
    know, so that a new field of the contract gets its input here."""
    labels = FIELDS[form]
    unknown = set(action) - set(labels) - STRUCTURAL - set(skip)
    assert not unknown, f"the driver has no input for {sorted(unknown)} of {form}: add it to FIELDS"
    for name, value in action.items():
        if name in labels and name not in skip:
            set_value(scope.get_by_label(labels[name], exact=True), value, name)


def follow(page: Page, link: Locator) -> None:
    """Click a link and wait for the page it opens to be loaded (then htmx has processed it)."""
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}")


def open_screen(page: Page, menu: str, screen: str) -> None:
    """An ERP menu of the workspace, then one of its screens, loaded."""
    menus = page.get_by_role("navigation", name="Menu du PGI")
    menus.get_by_text(menu, exact=True).click()
    follow(page, menus.get_by_role("link", name=screen, exact=True))
    expect(page.get_by_role("heading", name=screen, level=1)).to_be_visible()


@dataclass
class Student:
    """One browser tab of a student working on one attempt."""

    page: Page
    live_server: Any
    attempt_id: int = 0
    world: World | None = field(default=None, repr=False)

    # --- start, reference, hand in ---------------------------------------------------------------------

    def start(self, scenario: str, seed: int | None = None, pack: str = "procedure-11") -> Student:
        """Commencer on the catalogue card of ``scenario`` (of ``pack``), with « Numéro de variante »
        ``seed`` if given."""
        title = next(c.title for c in services.catalogue.scenarios(pack) if c.id == scenario)
        self.page.goto("/entrainement")
        card = self.page.get_by_role("listitem").filter(
            has=self.page.get_by_role("heading", name=title, exact=True)
        )
        if seed is not None:
            field = card.get_by_label("Numéro de variante")
            if not field.is_visible():
                card.get_by_text("Choisir une variante").click()
            field.fill(str(seed))
        card.get_by_role("button", name="Commencer").click()
        expect(self.page).to_have_url(re.compile(r"/tentatives/\d+/consignes$"))
        self.attempt_id = int(re.search(r"/tentatives/(\d+)/", self.page.url)[1])
        record = self._record()
        assert seed is None or record.seed == seed
        self.world = services.grader_for(record.pack).world(record.scenario, record.seed)
        return self

    def reference(self) -> list[dict]:
        """What a careful accountant does in this attempt's world (the solver)."""
        return solve(self.world)

    def play(self, actions: list[dict]) -> None:
        for action in actions:
            self.act(action)

    def hand_in(self) -> Locator:
        """Rendre le travail, confirmed; the Résultat page's score."""
        self.page.locator(".attempt-bar").get_by_role("link", name="Rendre le travail").click()
        self.page.get_by_role("button", name="Rendre le travail").click()
        expect(self.page.get_by_role("heading", name="Critères")).to_be_visible()
        return self.page.locator(".score-value")

    def log(self) -> list[dict]:
        db = store.open_db(self.live_server.app.config["DATABASE"])
        try:
            return store.list_actions(db, self.attempt_id)
        finally:
            db.close()

    def shown(self, item: str) -> str:
        """An open item as the screens name it: a receipt (``P1`` in the log) by its entry number
        (« BNK/2026/0002 »), a document by its number."""
        return item_name(replay(self.world, self.log()).books, item)

    def _record(self) -> store.Attempt:
        db = store.open_db(self.live_server.app.config["DATABASE"])
        try:
            return store.get_attempt(db, self.attempt_id)
        finally:
            db.close()

    # --- navigation ------------------------------------------------------------------------------------

    def open(self, menu: str, screen: str) -> None:
        open_screen(self.page, menu, screen)

    def _follow(self, link: Locator) -> None:
        follow(self.page, link)

    def settle(self) -> None:
        """Until htmx has no request in flight and has wired the content it swapped in (it does that ~20 ms
        after the swap: a control used sooner would not send its own requests)."""
        self.page.wait_for_function(
            "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
        )

    def _submit_page(self, button: Locator, path: str) -> None:
        """A GET form's button that opens another page (Avoir, Nouveau règlement)."""
        button.click()
        self.page.wait_for_url(re.compile(path))

    def open_document(self, number: str) -> None:
        document = self.world.document(number)
        is_invoice = document is None or document.kind == "invoice"
        self.open("Comptabilité", "Factures clients" if is_invoice else "Avoirs")
        self._follow(self.page.get_by_role("link", name=number, exact=True))
        expect(self.page.get_by_role("heading", name=number, level=1)).to_be_visible()

    def open_customer(self, customer: str) -> None:
        """The follow-up page of a customer (Clients à relancer, or every customer with a balance)."""
        name = self.world.customer(customer).customer.name
        self.open("Relances", "Clients à relancer")
        link = self.page.get_by_role("main").get_by_role("link", name=name, exact=True)
        if link.count() == 0:
            self._follow(self.page.get_by_role("link", name="Tous les clients avec un solde"))
        self._follow(link)
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(name)

    def statement_row(self, line_id: str) -> Locator:
        """The row of a statement line, found as a student does: by its label (and its date if needed)."""
        line = self.world.statement_line(line_id)
        rows = self.page.get_by_role("row").filter(has_text=line.label)
        if rows.count() > 1:
            rows = rows.filter(has_text=format_date(line.date))
        return rows

    # --- one action --------------------------------------------------------------------------------------

    def act(self, action: dict) -> None:
        """Play one action on the screens and wait until the log holds it."""
        before = len(self.log())
        getattr(self, f"_{action['type']}")(action)
        self.wait_recorded(before + 1)

    def wait_recorded(self, count: int) -> None:
        """Until the log has ``count`` actions; a refusal shown on the screen fails at once with its text."""
        deadline = time.monotonic() + DEADLINE_S
        errors = self.page.locator(".field-error, .form-error")
        while len(self.log()) < count:
            if errors.count() and errors.first.is_visible():
                raise AssertionError(f"refused on {self.page.url}: {errors.all_inner_texts()}")
            assert time.monotonic() < deadline, f"no action recorded on {self.page.url}"
            self.page.wait_for_timeout(50)

    # register_payment ---------------------------------------------------------------------------------

    def _register_payment(self, action: dict) -> None:
        source = action.get("source", {})
        documents = action["documents"]
        single = (
            len(documents) == 1
            and "allocations" not in action
            and self.world.document(documents[0]) is not None
            and self.world.document(documents[0]).kind == "invoice"
        )
        if "cheque" in source:
            self._payment_on_cheque(action)
        elif single:
            self._payment_in_dialog(action)
        else:
            self._payment_new(action)

    def _receipt(self, scope: Locator, action: dict) -> None:
        """The fields every receipt form shares, the amount last (it refreshes the Écart de règlement), then
        the Écart de règlement block once it shows the amount typed."""
        fields = {k: v for k, v in action.items() if k != "amount"}
        fields.pop("source", None)
        # the bank line first: choosing it brings its date into Date de règlement, which comes next; a
        # receipt without one says « Aucune » (the dialog proposes the line that names the invoice)
        source = action.get("source", {})
        line = scope.get_by_label("Ligne du relevé", exact=True)
        if "statement_line" in source or line.count():
            fields = {"statement_line": source.get("statement_line", ""), **fields}
        fields.update({k: v for k, v in source.items() if k != "statement_line"})
        fill_fields(scope, "receipt", fields)
        fill_fields(scope, "receipt", {"amount": action["amount"]})
        difference = action.get("difference")
        if difference is None:
            return
        block = scope.get_by_role("group", name="Écart de règlement")
        expect(block.locator(".gap-figures")).to_contain_text(format_money(Decimal(action["amount"])))
        if difference["handling"] == "write_off":
            block.get_by_label("Marquer comme entièrement payé").check()
            if "vat_rate" in difference:
                block.get_by_label("Ventiler la TVA").check()
            fill_fields(block, "difference", {k: v for k, v in difference.items() if k != "handling"})
        else:
            block.get_by_label("Laisser ouvert").check()

    def _payment_in_dialog(self, action: dict) -> None:
        self.open_document(action["documents"][0])
        self.page.get_by_role("button", name="Enregistrer le règlement").click()
        dialog = self.page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        self.settle()
        self._receipt(dialog, action)
        dialog.get_by_role("button", name="Valider").click()

    def _payment_new(self, action: dict) -> None:
        self.open("Comptabilité", "Règlements clients")
        self._submit_page(self.page.get_by_role("button", name="Nouveau règlement"), r"/reglements/nouveau")
        name = self.world.customer(action["customer"]).customer.name
        self.page.get_by_label("Client", exact=True).select_option(action["customer"])
        self.settle()
        form = self.page.get_by_role("main")
        expect(form.get_by_role("heading", name=f"Pièces ouvertes {de(name)}")).to_be_visible()
        allocations = action.get("allocations", {})
        for number in action["documents"]:
            if number in allocations:
                set_value(
                    form.get_by_label(f"Affectation {number}", exact=True), allocations[number], "amount"
                )
            else:
                form.get_by_label(f"Lettrage complet {number}", exact=True).check()
        self._receipt(form, action)
        form.get_by_role("button", name="Valider").click()

    def _payment_on_cheque(self, action: dict) -> None:
        self.open("Banque", "Chèques reçus")
        cheque = self.cheque(action["source"]["cheque"])
        cheque.get_by_role("button", name="Enregistrer le règlement").click()
        self.settle()
        form = self.page.get_by_role("form", name="Enregistrer le règlement")
        form.get_by_label("Client").select_option(action["customer"])  # htmx brings the invoices
        self.settle()
        for number in action["documents"]:
            form.get_by_label(number).check()
        fields = {k: v for k, v in action.items() if k not in ("journal", "source")}  # CHQ, this cheque
        assert action["journal"] == "CHQ", "a cheque is recorded in the journal of cheques received"
        fill_fields(form, "receipt", fields)
        form.get_by_role("button", name="Valider").click()

    def cheque(self, cheque_id: str) -> Locator:
        heading = self.page.get_by_role("heading", name=re.compile(rf"\({re.escape(cheque_id)}\)"))
        return self.page.get_by_role("article").filter(has=heading)

    # credit notes, lettrage -------------------------------------------------------------------------------

    def _credit_note(self, action: dict) -> None:
        self.open_document(action["invoice"])
        self._submit_page(self.page.get_by_role("button", name="Avoir", exact=True), r"/avoir\?")
        form = self.page.get_by_role("main")
        fill_fields(form, "credit_note", action)
        form.get_by_role("button", name="Valider").click()

    def _match(self, action: dict) -> None:
        items = action["items"]
        invoices = [i for i in items if (d := self.world.document(i)) is not None and d.kind == "invoice"]
        if len(items) == 2 and len(invoices) == 1:  # one credit on one invoice: Crédits en circulation
            self.open_document(invoices[0])
            credit = next(i for i in items if i != invoices[0])
            self.page.get_by_role("button", name=f"Ajouter {self.shown(credit)}", exact=True).click()
        else:
            self._lettering(action["customer"], items, "Lettrer")

    def _unmatch(self, action: dict) -> None:
        customer = action.get("customer") or self._customer_of(action["items"][0])
        self._lettering(customer, action["items"], "Délettrer")

    def _lettering(self, customer: str, items: list[str], button: str) -> None:
        self.open("Comptabilité", "Lettrage")
        self.page.get_by_label("Client", exact=True).select_option(customer)
        self.settle()
        for item in items:
            box = self.page.get_by_label(f"Sélectionner {self.shown(item)}", exact=True)
            expect(box.first).to_be_visible()
            for line in box.all():
                line.check()
        self.page.get_by_role("button", name=button, exact=True).click()

    def _customer_of(self, item: str) -> str:
        document = self.world.document(item)
        if document is not None:
            return document.customer
        return next(a["customer"] for a in self.log() if a.get("type") == "register_payment")

    # bank, cheques -----------------------------------------------------------------------------------------

    def _endorse_cheque(self, action: dict) -> None:
        self.open("Banque", "Chèques reçus")
        self.cheque(action["cheque"]).get_by_role("button", name="Endosser").click()
        self.settle()
        form = self.page.get_by_role("form", name="Endosser")
        fill_fields(form, "endorse_cheque", action, skip={"cheque"})
        form.get_by_role("button", name="Valider").click()

    def _deposit_cheques(self, action: dict) -> None:
        self.open("Banque", "Remises de chèques")
        self.page.get_by_role("button", name="Nouveau bordereau").click()
        self.settle()
        slip = self.page.get_by_role("form", name="Bordereau de remise de chèques")
        for n, line in enumerate(action["lines"], start=1):
            row = slip.get_by_role("group", name=f"Chèque {n}", exact=True)
            if row.count() == 0:
                slip.get_by_role("button", name="Ajouter un chèque").click()
                self.settle()
            expect(row).to_be_visible()
            fill_fields(row, "slip_line", line)
        fill_fields(slip, "deposit_cheques", action, skip={"lines"})
        slip.get_by_role("button", name="Valider").click()

    def _cancel_deposit(self, action: dict) -> None:
        self.open("Banque", "Remises de chèques")
        row = self.page.get_by_role("row").filter(has_text=action["slip"])
        row.get_by_role("button", name="Annuler la remise").click()

    def _reconcile_statement_line(self, action: dict) -> None:
        self.open("Banque", "Rapprochement bancaire")
        self.statement_row(action["statement_line"]).get_by_role("button", name="Faire correspondre").click()
        self.settle()
        panel = self.page.get_by_role("form", name=re.compile("Faire correspondre"))
        if action.get("slip"):
            panel.get_by_label("Remise de chèques").select_option(action["slip"])
        for payment in action.get("payments", []):
            panel.get_by_label(re.compile(rf"^{re.escape(self.shown(payment))} ·")).check()
        panel.get_by_role("button", name="Valider").click()

    def _annotate_statement(self, action: dict) -> None:
        self.open("Banque", "Banque en ligne")
        row = self.statement_row(action["statement_line"])
        row.get_by_label("Annotation").fill(action["text"])
        row.get_by_role("button", name="Noter").click()

    # documents -------------------------------------------------------------------------------------------

    def _add_note(self, action: dict) -> None:
        self.open_document(action["document"])
        self.page.get_by_label("Note", exact=True).fill(action["text"])
        self.page.get_by_role("button", name="Ajouter la note").click()

    def _cancel_payment(self, action: dict) -> None:
        self.open("Comptabilité", "Règlements clients")
        self._follow(self.page.get_by_role("link", name=self.shown(action["payment"]), exact=True))
        self.page.get_by_role("button", name="Annuler le règlement").click()

    def _cancel_credit_note(self, action: dict) -> None:
        self.open_document(action["number"])
        self.page.get_by_role("button", name="Annuler l'avoir").click()

    # follow-up ------------------------------------------------------------------------------------------

    def _tick_documents(self, form: Locator, documents: list[str]) -> None:
        for box in form.get_by_role("group", name="Factures concernées").get_by_role("checkbox").all():
            box.set_checked(box.get_attribute("value") in documents)

    def _log_call(self, action: dict) -> None:
        self.open_customer(action["customer"])
        form = self.page.get_by_role("form", name="Noter un appel")
        fill_fields(form, "log_call", action)
        self._tick_documents(form, action.get("documents", []))
        form.get_by_role("button", name="Noter un appel").click()

    def _send_email(self, action: dict) -> None:
        self.open_customer(action["customer"])
        form = self.page.get_by_role("form", name="Envoyer un e-mail")
        fill_fields(form, "send_email", action)
        self._tick_documents(form, action.get("documents", []))
        form.get_by_role("button", name="Envoyer").click()

    def _send_letter(self, action: dict) -> None:
        """Imprimer la lettre: the letter of the level reached, dated today (the screen decides both)."""
        self.open_customer(action["customer"])
        assert action["date"] == self.world.today.isoformat(), "the screen prints today's letter"
        form = self.page.get_by_role("form", name="Lettre de relance")
        expect(form).to_contain_text(f"niveau {action['level']}")
        with self.page.context.expect_page() as letter:
            form.get_by_role("button", name="Imprimer la lettre").click()
        letter.value.close()

    def _set_next_action(self, action: dict) -> None:
        self.open_customer(action["customer"])
        form = self.page.get_by_role("form", name="Prochain rappel")
        fill_fields(form, "set_next_action", action)
        form.get_by_role("button", name="Planifier le rappel").click()
