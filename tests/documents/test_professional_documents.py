"""The papers a customer or a teacher reads, as a professional would send them, read back from the real PDFs
of scenario 5 « Un mois de relances » (relances pack, seed 1: the reference solution):

- a letter's subject says what kind of reminder it is, never the strategy's name for the level;
- the last amicable reminder (level 3) announces the mise en demeure and its delay;
- the mise en demeure goes to the company « prise en la personne de son représentant légal », gives a
  deadline in full on a working day, states the penalties to the day and the 40 € indemnity on top of the
  principal, and says « Malgré nos relances » only after reminders the follow-up log shows;
- the aged balance marks the invoices on 416 and those in dispute; the trial balance names each customer's
  411 sub-account; billed penalties have a numbered note de débit, the entry's pièce.

Expected amounts are worked from domain.md §7.1 (TTC × 12,15 % × days / 365 in 2026, + 40 € per invoice)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import pytest
from document_helpers import euros, in_full, jjmmaaaa, pdf_text

from simulator.documents.letters import letter_document
from simulator.documents.render import to_pdf
from simulator.documents.reports import aged_balance_document, trial_balance_document
from simulator.ledger.model import FollowupEvent
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate

RATE_2026 = Decimal("12.15")  # ECB 2,15 % + 10 points, both half-years of 2026


def penalty(ttc: Decimal, days: int) -> Decimal:
    return (ttc * RATE_2026 / 100 * days / 365).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=4)
def month(seed: int = 1):
    world = generate(load_pack("relances"), "un-mois", seed)
    return world, solve(world)


def books_before(seed: int, kind: str, level: int | None = None, extra: tuple = ()):
    """(world, the action, the books just before the reference's first action of ``kind`` [at ``level``])."""
    world, actions = month(seed)
    at = next(
        i for i, a in enumerate(actions) if a["type"] == kind and (level is None or a.get("level") == level)
    )
    return world, actions[at], replay(world, [*extra, *actions[:at]]).books


def letter(seed: int, level: int, books=None, extra: tuple = ()) -> tuple:
    world, action, before = books_before(seed, "send_letter", level, extra)
    on = date.fromisoformat(action["date"])
    chosen = books if books is not None else before
    return world, action, pdf_text(to_pdf(letter_document(world, chosen, action["customer"], level, on=on)))


def subject(text: str) -> str:
    """The « Objet : … » line, up to the salutation."""
    start = text.index("Objet :")
    return text[start : min(text.find(w, start) % len(text) for w in ("Madame", "Monsieur"))]


# --- subjects ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "level, heading",
    [
        (1, "Objet : Relance – facture"),
        (2, "Objet : Deuxième relance – facture"),
        (3, "Objet : Dernière relance avant mise en demeure – facture"),
        (4, "Objet : Mise en demeure de payer – facture"),
    ],
)
def test_a_letter_subject_names_the_kind_of_reminder_never_the_level_name(level, heading):
    world, action, before = books_before(1, "send_letter", 4)
    on = date.fromisoformat(action["date"])
    text = pdf_text(to_pdf(letter_document(world, before, action["customer"], level, on=on)))
    assert heading in text
    names = {lvl.level: lvl.name for lvl in world.followup_levels}
    assert "Niveau" not in subject(text) and names[level] not in text
    numbers = [world.keys["FC1"], world.keys["FC2"]]  # C's two overdue invoices
    assert f"n° {numbers[0]} et {numbers[1]}" in subject(text)


def test_a_renamed_level_keeps_a_professional_subject():
    world, _ = month(1)
    renamed = tuple(
        {"type": "update_followup_level", "level": lvl.level, "name": f"Étape maison {lvl.level}",
         "days": lvl.days, "actions": list(lvl.actions)}
        for lvl in world.followup_levels
    )  # fmt: skip
    world, action, books = books_before(1, "send_letter", 4, renamed)
    assert [lvl.name for lvl in books.levels] == [f"Étape maison {n}" for n in (1, 2, 3, 4)]
    on = date.fromisoformat(action["date"])
    for level, heading in ((2, "Deuxième relance"), (3, "Dernière relance avant mise en demeure"),
                           (4, "Mise en demeure de payer")):  # fmt: skip
        text = pdf_text(to_pdf(letter_document(world, books, action["customer"], level, on=on)))
        assert subject(text).startswith(f"Objet : {heading} –") and "Étape maison" not in text


# --- the last amicable reminder ---------------------------------------------------------------------------


def test_the_last_amicable_reminder_announces_the_mise_en_demeure_and_its_delay():
    world, action, level_3 = letter(1, 3)
    _, _, before = books_before(1, "send_letter", 3)
    on = date.fromisoformat(action["date"])
    level_2 = pdf_text(to_pdf(letter_document(world, before, action["customer"], 2, on=on)))
    body = level_3[level_3.index("Monsieur,") if "Monsieur," in level_3 else level_3.index("Madame,") :]
    assert "dernière relance amiable" in level_3 and "dernière relance amiable" not in level_2
    # relances pack: level 3 at J+45, the mise en demeure (level 4, registered letter) at J+60: 15 days
    assert (
        "À défaut de règlement dans ce délai de 15 jours, nous vous adresserons une mise en demeure" in body
    )
    deadline = on + timedelta(days=15)
    while deadline.weekday() >= 5:
        deadline += timedelta(days=1)
    assert f"au plus tard le {in_full(deadline)}" in body
    # not the same letter as level 2 with another subject
    assert body.split("Le montant restant dû")[1][:300] != level_2.split("Le montant restant dû")[1][:300]


# --- the mise en demeure -----------------------------------------------------------------------------------


def test_the_mise_en_demeure_goes_to_the_legal_representative_with_a_working_day_deadline_in_full():
    world, action, text = letter(1, 4)
    assert action["date"] == "2026-11-20"  # seed 1: sent on Friday 20/11/2026
    assert "Électricité Lejeune SA Prise en la personne de son représentant légal" in text
    assert "À l'attention de" not in text
    assert "Madame, Monsieur," in text
    # 20/11 + 8 days = Saturday 28/11/2026: the next working day is Monday 30/11/2026
    assert "au plus tard le lundi 30 novembre 2026" in text
    assert "28/11/2026" not in text and "samedi" not in text


def test_the_mise_en_demeure_states_the_penalties_to_the_day_and_the_indemnity_on_top_of_the_principal():
    world, action, text = letter(1, 4)
    on = date.fromisoformat(action["date"])
    invoices = [world.document(world.keys[k]) for k in ("FC1", "FC2")]
    principal = sum((d.amount_ttc for d in invoices), Decimal(0))
    penalties = sum((penalty(d.amount_ttc, (on - d.due_date).days) for d in invoices), Decimal(0))
    assert "taux annuel de 12,15 %" in text
    assert f"soit {euros(penalties)} € au 20 novembre 2026, calculées au jour" in text
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture" in text
    assert "soit 80,00 €" in text and "en sus du principal" in text
    assert f"vous nous devez ainsi {euros(principal + penalties + Decimal(80))} €" in text
    for doc in invoices:  # the table's penalty column, per invoice
        assert (
            f"{(on - doc.due_date).days} j {euros(penalty(doc.amount_ttc, (on - doc.due_date).days))} €"
            in text
        )


def test_malgre_nos_relances_only_after_reminders_in_the_follow_up_log():
    world, action, before = books_before(1, "send_letter", 4)
    customer, on = action["customer"], date.fromisoformat(action["date"])
    fc1, fc2 = world.keys["FC1"], world.keys["FC2"]
    reminded = [
        e for e in before.followup if e.customer == customer and e.kind in ("call", "email", "letter")
    ]
    assert reminded  # the reference reminded C before its mise en demeure
    text = pdf_text(to_pdf(letter_document(world, before, customer, 4, on=on)))
    dates = sorted({e.date for e in reminded})
    assert "Malgré nos relances des " in text and jjmmaaaa(dates[-1]) in text and "restées sans effet" in text

    silent = before.evolve(followup=tuple(e for e in before.followup if e.customer != customer))
    text = pdf_text(to_pdf(letter_document(world, silent, customer, 4, on=on)))
    assert "Malgré" not in text and "sans effet" not in text
    assert "Sauf erreur ou omission de notre part, vous demeurez redevable" in text

    one = FollowupEvent("email", customer, date(2026, 11, 5), (fc1,), "Relance", level=3)
    partly = silent.evolve(followup=(*silent.followup, one))
    text = pdf_text(to_pdf(letter_document(world, partly, customer, 4, on=on)))
    assert f"Malgré notre relance du 05/11/2026 concernant la facture {fc1}, restée sans effet" in text
    assert f"concernant la facture {fc2}" not in text


# --- reports -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def month_end():
    world, actions = month(1)
    return world, replay(world, actions).books


def test_the_aged_balance_marks_invoices_on_416_and_in_dispute_with_a_legend():
    world, books = month_end()
    text = pdf_text(to_pdf(aged_balance_document(world, books)))
    # C's invoices moved to 416 after the mise en demeure; B contested its invoice (excluded from follow-up)
    assert f"{world.keys['FC1']} 416" in text and f"{world.keys['FC2']} 416" in text
    assert f"{world.keys['FB']} Litige" in text
    assert f"{world.keys['FE']} 416" not in text and f"{world.keys['FE']} Litige" not in text
    assert "416 facture transférée en clients douteux ou litigieux (compte 416)" in text
    assert "Litige facture contestée par le client, exclue des relances" in text


def test_the_trial_balance_names_each_customer_sub_account():
    world, books = month_end()
    text = pdf_text(to_pdf(trial_balance_document(world, books)))
    for profile in world.customers:
        c = profile.customer
        if any(ln.account == c.account for e in books.entries for ln in e.lines):
            assert f"{c.account} Clients – {c.name}" in text
    assert "416 Clients douteux ou litigieux" in text  # other accounts keep their PCG name


# --- note de débit -----------------------------------------------------------------------------------------


def test_billed_penalties_have_a_numbered_debit_note_that_is_the_entry_piece():
    from simulator.documents.debit_note import debit_note_document  # the document this test asks for

    world, books = month_end()
    assert books.late_fees
    fee = books.late_fees[0]
    assert fee.debit_note == "ND/2026/0001"
    assert [f.debit_note for f in books.late_fees] == [
        f"ND/2026/{n:04d}" for n in range(1, len(books.late_fees) + 1)
    ]
    entry = next(e for e in books.entries if e.number == fee.entry)
    assert entry.ref == "ND/2026/0001"
    doc = books.documents[fee.invoice]
    days = (fee.until - doc.due_date).days
    amount = penalty(doc.amount_ttc, days)
    text = pdf_text(to_pdf(debit_note_document(world, books)))
    customer = world.customer(fee.customer).customer
    assert "Note de débit n° ND/2026/0001" in text and customer.name in text and customer.account in text
    assert f"{euros(doc.amount_ttc)} € 12,15 % {days} {euros(amount)} €" in text
    assert "Indemnité forfaitaire pour frais de recouvrement" in text and "40,00 €" in text
    assert f"Total à payer (net, non soumis à la TVA) {euros(amount + Decimal(40))} €" in text
    assert f"réglée le {jjmmaaaa(fee.until)}" in text


def test_the_aged_balance_csv_says_which_invoices_are_on_416_or_in_dispute():
    from simulator.documents.reports import aged_balance_csv

    world, books = month_end()
    text = aged_balance_csv(world, books).decode("utf-8-sig")
    rows = {cells[1]: cells for cells in (line.split(";") for line in text.split("\r\n")) if len(cells) > 3}
    assert rows["Pièce"][3] == "Situation"
    assert rows[world.keys["FC1"]][3] == rows[world.keys["FC2"]][3] == "416"
    assert rows[world.keys["FB"]][3] == "Litige" and rows[world.keys["FE"]][3] == ""


def test_the_customer_ledger_shows_the_debit_note_as_the_penalty_line_piece():
    from simulator.documents.reports import customer_ledger_document

    world, books = month_end()
    fee = books.late_fees[0]
    text = pdf_text(to_pdf(customer_ledger_document(world, books)))
    assert f"{jjmmaaaa(fee.date)} OD ND/2026/0001 Pénalités de retard" in text
