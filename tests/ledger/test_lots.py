"""Relances par lot in the core (ledger.lots): the customers a run selects, the summary it shows, the lot it
records and the refusals. Figures worked by hand with domain.md's levels (J+15 first level, J+45 a letter)
and VAT at 20 %.

Today 31/03/2025:
- ROU Roux SAS: FA-01 2 000,00 HT = 2 400,00 TTC due 12/03 (19 days: level 1) + FA-02 500,00 HT = 600,00
  TTC due 15/04 (not due) + AV-01 100,00 HT = 120,00 TTC not matched: debit 3 000,00, credit 120,00;
- BLA Blanc SARL: FA-03 1 000,00 HT = 1 200,00 TTC due 10/03 (21 days: level 1), paid by prélèvement;
- LER Leroy: FA-04 250,00 HT = 300,00 TTC due 10/02 (49 days: level 3, a letter);
- GAR Garnier: FA-05 400,00 HT = 480,00 TTC due 14/03 (17 days: level 1), no e-mail address on file.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from ledger_builders import credit_note, customer, invoice

from simulator.ledger import followup, lots
from simulator.ledger.books import open_books
from simulator.packs.spec.schema import DEFAULT_FOLLOWUP_LEVELS

TODAY = date(2025, 3, 31)
METHODS = {"ROU": "virement", "BLA": "prelevement", "LER": "cheque", "GAR": "virement"}
EMAILS = {"ROU": "compta@roux.fr", "BLA": "compta@blanc.fr", "LER": "compta@leroy.fr", "GAR": ""}


def books():
    customers = [
        customer("ROU", "Roux SAS"),
        customer("BLA", "Blanc SARL"),
        customer("LER", "Leroy"),
        customer("GAR", "Garnier"),
    ]
    docs = [
        invoice("FA-01", "ROU", date(2025, 2, 10), "2000.00", date(2025, 3, 12)),
        invoice("FA-02", "ROU", date(2025, 3, 16), "500.00", date(2025, 4, 15)),
        credit_note("AV-01", "ROU", date(2025, 3, 20), "100.00", "FA-01"),
        invoice("FA-03", "BLA", date(2025, 2, 8), "1000.00", date(2025, 3, 10)),
        invoice("FA-04", "LER", date(2025, 1, 11), "250.00", date(2025, 2, 10)),
        invoice("FA-05", "GAR", date(2025, 2, 12), "400.00", date(2025, 3, 14)),
    ]
    return open_books(TODAY, customers, docs, levels=DEFAULT_FOLLOWUP_LEVELS)


def plan(b, **kwargs):
    return lots.plan_run(b, level=kwargs.pop("level", 1), on=TODAY, methods=METHODS, emails=EMAILS, **kwargs)


def run(b, **kwargs):
    return lots.run_followup(
        b, level=kwargs.pop("level", 1), on=TODAY, methods=METHODS, emails=EMAILS, **kwargs
    )


def codes(problems):
    return [(p.code, p.field) for p in problems]


def test_plan_selects_the_customers_at_the_level_and_sets_apart_the_excluded():
    p = plan(books(), excluded_methods=["prelevement"])
    assert [line.customer for line in p.lines] == ["GAR", "ROU"]  # by name; LER is at level 3
    assert [(line.customer, why) for line, why in p.left_out] == [("BLA", "method")]
    roux = p.lines[1]
    assert roux.items == ("FA-01", "FA-02", "AV-01") and roux.overdue == ("FA-01",)
    assert (roux.debit, roux.credit, roux.balance) == (D("3000.00"), D("120.00"), D("2880.00"))
    # Synthèse: 2 clients, 4 écritures, débit 3 000 + 480 = 3 480,00, crédit 120,00, solde 3 360,00
    assert p.summary == lots.Summary(2, 4, D("3480.00"), D("120.00"))
    assert p.summary.balance == D("3360.00")
    assert [line.customer for line in p.missing_emails] == ["GAR"]


def test_summary_leaves_out_invoices_excluded_from_followup_and_the_customers_left_out():
    b, _ = followup.exclude_from_followup(books(), document="FA-02", reason="Litige sur quantité")
    p = plan(b, excluded_customers=["GAR"])
    assert [line.customer for line in p.lines] == ["BLA", "ROU"]
    # ROU: 2 400,00 + AV 120,00 credit; BLA: 1 200,00
    assert p.summary == lots.Summary(2, 3, D("3600.00"), D("120.00"))
    assert lots.summarize(b, ["ROU"]) == lots.Summary(1, 2, D("2400.00"), D("120.00"))


def test_run_is_refused_while_a_selected_customer_has_no_email_then_recorded_once_resolved():
    b = books()
    after, problems = run(b, excluded_methods=["prelevement"])
    assert codes(problems) == [("lot_customers_without_email", "excluded_customers")]
    assert "Garnier" in problems[0].message and after is b
    b, problems = lots.set_customer_email(b, customer="GAR", email="Paul Gar <paul@garnier.fr>")
    assert problems == [] and b.customer_emails == {"GAR": "paul@garnier.fr"}
    b, problems = run(b, excluded_methods=["prelevement"], operator="Léa Martin")
    assert problems == []
    [lot] = b.lots
    assert (lot.code, lot.level, lot.date, lot.operator, lot.state_label) == (
        "REL/2025/0001",
        1,
        TODAY,
        "Léa Martin",
        "Exécuté",
    )
    assert lot.customers == ("GAR", "ROU") and lot.entries == ("FA-05", "FA-01", "FA-02", "AV-01")
    assert lot.summary == lots.Summary(2, 4, D("3480.00"), D("120.00"))
    assert lot.excluded_methods == ("prelevement",)
    # one e-mail per customer at level 1, in the follow-up log: the level and the invoices it chases
    events = b.followup[-2:]
    assert [(e.kind, e.customer, e.to, e.documents, e.level) for e in events] == [
        ("email", "GAR", "paul@garnier.fr", ("FA-05",), 1),
        ("email", "ROU", "compta@roux.fr", ("FA-01",), 1),
    ]
    # the level is answered: nobody at level 1 is to contact today any more
    assert followup.contact_reason(b, "ROU") == ""
    # a second lot gets the next code
    b, problems = run(b, level=3)
    assert problems == [] and b.lots[-1].code == "REL/2025/0002" and b.lots[-1].customers == ("LER",)


def test_a_level_that_prints_letters_records_letters_and_needs_no_address():
    b = books()
    b, problems = run(b, level=3)
    assert problems == []
    assert [(e.kind, e.customer, e.level) for e in b.followup] == [("letter", "LER", 3)]


def test_run_refusals_change_nothing():
    b = books()
    for kwargs, expected in [
        ({"level": 7}, [("unknown_level", "level")]),
        ({"excluded_methods": ["troc"]}, [("unknown_payment_method", "excluded_methods")]),
        ({"excluded_customers": ["XXX"]}, [("unknown_customer", "excluded_customers")]),
        ({"level": 2}, [("lot_empty", "level")]),
    ]:
        after, problems = run(b, **kwargs)
        assert codes(problems) == expected and after is b
    after, problems = lots.run_followup(
        b, level=1, on=date(2025, 4, 1), methods=METHODS, emails=EMAILS, excluded_customers=["GAR"]
    )
    assert codes(problems) == [("date_in_future", "date")] and after is b


def test_set_customer_email_refuses_what_is_not_one_address():
    b = books()
    for typed in ("", "paul", "a@b.fr, c@d.fr"):
        after, problems = lots.set_customer_email(b, customer="GAR", email=typed)
        assert codes(problems) == [("email_address_invalid", "email")] and after is b
    after, problems = lots.set_customer_email(b, customer="XXX", email="a@b.fr")
    assert codes(problems) == [("unknown_customer", "customer")]


def test_a_paid_invoice_leaves_the_customer_out():
    from simulator.ledger import payments

    b, problems = payments.register_payment(
        books(), customer="GAR", journal="BNK", on=TODAY, amount=D("480.00"), documents=["FA-05"]
    )
    assert problems == []
    assert [line.customer for line in plan(b).lines] == ["BLA", "ROU"]


def test_reminders_go_to_the_address_typed_in_the_attempt_else_the_cards():
    b = books()
    assert lots.reminder_email(b, "GAR", "") == "" and lots.reminder_email(b, "ROU", "compta@roux.fr") == (
        "compta@roux.fr"
    )
    b, _ = lots.set_customer_email(b, customer="ROU", email="Marc Roux <marc@roux.fr>")
    assert lots.reminder_email(b, "ROU", "compta@roux.fr") == "marc@roux.fr"
    assert [line.email for line in plan(b).lines if line.customer == "ROU"] == ["marc@roux.fr"]


def test_the_same_level_and_day_is_run_once_as_in_an_erp():
    b, problems = run(books(), level=3)
    assert problems == []
    after, problems = run(b, level=3)
    assert codes(problems) == [("lot_already_run", "level")] and after is b
    assert problems[0].message == (
        "Relance refusée : le lot REL/2025/0001 a déjà relancé le niveau 3 le 31/03/2025. Ses clients ont "
        "reçu leur relance : la renvoyer ferait doublon."
    )
    assert [e.customer for e in b.followup] == ["LER"]  # one letter, not two
    # another level the same day, or the same level another day, is another run
    b, problems = lots.set_customer_email(b, customer="GAR", email="paul@garnier.fr")
    b, problems = run(b, level=1, excluded_methods=["prelevement"])
    assert problems == [] and [lot.code for lot in b.lots] == ["REL/2025/0001", "REL/2025/0002"]
    later, problems = lots.run_followup(
        b, level=3, on=date(2025, 3, 30), methods=METHODS, emails=EMAILS, excluded_customers=["GAR"]
    )
    assert problems == [] and len(later.lots) == 3


def test_a_reminder_is_logged_with_the_invoices_it_may_not_chase_that_day():
    b = books()
    b, _ = followup.exclude_from_followup(b, document="FA-01", reason="Litige : quantités")
    b, _ = followup.set_expected_payment_date(b, document="FA-03", on=date(2025, 4, 4))
    b, _ = followup.send_letter(b, customer="ROU", level=1, on=TODAY)
    b, _ = followup.log_call(b, customer="BLA", on=TODAY, note="Répondeur, message laissé.")
    b, _ = followup.log_call(b, customer="LER", on=TODAY, note="Répondeur, message laissé.")
    # FA-02 is not due: nothing to hold; FA-03's payment is announced for 04/04, still ahead
    assert [e.held for e in b.followup] == [(("FA-01", "excluded"),), (("FA-03", "promised"),), ()]
    # on the announced day itself the promise still holds; the day after, it has lapsed
    assert followup.held_invoices(b, "BLA", at=date(2025, 4, 4)) == (("FA-03", "promised"),)
    assert followup.held_invoices(b, "BLA", at=date(2025, 4, 5)) == ()


def test_a_customer_whose_overdue_invoices_are_all_promised_is_not_to_contact_until_the_date():
    b = books()
    assert followup.contact_reason(b, "BLA") == followup.DUE_LEVEL
    b, _ = followup.set_expected_payment_date(b, document="FA-03", on=date(2025, 4, 4))
    assert followup.contact_reason(b, "BLA") == ""  # the promise is pending: wait for it
    assert followup.contact_reason(b, "LER") == followup.DUE_LEVEL  # nothing promised: still to contact
    later = b.evolve(today=date(2025, 4, 5))  # the day after the announced date, nothing came: chase
    assert followup.contact_reason(later, "BLA") == followup.DUE_LEVEL
