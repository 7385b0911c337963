"""The letter of a level configured in Niveaux de relance (scenario « strategie »): its Modèle is printed,
with the placeholders filled for the customer; the strategy decides the level the letter is of."""

from __future__ import annotations

from document_helpers import pdf_text

from simulator.documents.letters import letter_document
from simulator.documents.render import to_pdf
from simulator.packs.play.replay import replay
from simulator.packs.play.solve import solve
from simulator.packs.spec.registry import load_pack
from simulator.packs.world.generate import generate

MODELE = (
    "Madame, Monsieur,\n\nRetard constaté pour %(partner_name)s : %(amount_due)s dus depuis le %(due_dates)s."
)


def test_the_configured_template_is_the_letter_of_its_level():
    world = generate(load_pack("relances"), "strategie", 2)  # Mint: Retard 3 at J+23; A is 83 days late
    actions = solve(world)
    actions[-1]["template"] = MODELE
    books = replay(world, actions).books
    late = world.keys["A"]
    letter = letter_document(world, books, late)
    assert letter.context["level"].name == "Retard 3"
    (invoice,) = [d for d in world.documents if d.customer == late]
    text = " ".join(pdf_text(to_pdf(letter)).split())
    customer = world.customer(late).customer.name
    assert f"Retard constaté pour {customer} :" in text
    assert f"dus depuis le {invoice.due_date:%d/%m/%Y}." in text
