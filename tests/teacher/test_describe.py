"""The actions told in French to the teacher (pack preview, attempt timeline): every action type of the
relances pack's reference solutions has its own sentence, never the bare « Action « type » »."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pack_cache import builtin_pack

from simulator.formatting import format_money
from simulator.packs.world.generate import generate
from simulator.services.describe import describe, reference_steps

PACK = builtin_pack("relances")


@pytest.mark.parametrize(
    "scenario", ["a-contacter", "releve-litige", "strategie", "relances-par-lot", "un-mois"]
)
def test_every_reference_step_of_the_relances_pack_is_a_french_sentence(scenario):
    world = generate(PACK, scenario, 1)
    for step in reference_steps(world):
        assert not step.startswith("Action «"), step
        assert "_" not in step.split("«")[0], step  # no identifier such as transfer_to_doubtful


def test_the_new_actions_are_told_with_their_figures():
    world = generate(PACK, "un-mois", 1)
    customer = world.customers[0]
    name = customer.customer.name
    assert name == "Ateliers Maillard SARL"  # a vowel-initial name: « de » elides
    cases = [
        ({"type": "advance_days", "days": 3}, "Calendrier avancé de 3 jour(s)."),
        (
            {"type": "transfer_to_doubtful", "customer": customer.id, "date": "2026-11-20"},
            f"Transfert en clients douteux (416) des factures ouvertes d'{name} le 20/11/2026.",
        ),
        (
            {"type": "bill_late_fees", "invoice": "FAC/1", "date": "2026-11-20", "rate": "12,15"},
            "Pénalités de retard facturées sur FAC/1 le 20/11/2026 au taux de 12,15 %, "
            "avec l'indemnité forfaitaire de 40 €.",
        ),
        (
            {"type": "bill_late_fees", "invoice": "FAC/1", "date": "2026-11-20", "indemnity": False},
            "Pénalités de retard facturées sur FAC/1 le 20/11/2026 au taux légal, "
            "sans l'indemnité forfaitaire de 40 €.",
        ),
        (
            {"type": "add_followup_level", "name": "Relance 1", "days": 15, "actions": ["email", "phone"]},
            "Niveau de relance ajouté : « Relance 1 », 15 jours après l'échéance "
            "(envoyer un e-mail, appel téléphonique).",
        ),
        ({"type": "remove_followup_level", "level": 2}, "Niveau de relance 2 supprimé."),
        (
            {"type": "run_followup", "level": 1, "date": "2026-11-02"},
            "Relance par lot au niveau 1 le 02/11/2026.",
        ),
        (
            {"type": "set_customer_email", "customer": customer.id, "email": "a@b.fr"},
            f"Adresse électronique d'{name} : a@b.fr.",
        ),
    ]
    for action, sentence in cases:
        assert describe(action, world) == sentence
    lots = generate(PACK, "relances-par-lot", 1)
    assert describe({"type": "answer", "question": "solde", "value": "1234.5"}, lots) == (
        f"Réponse à « Synthèse du lot : solde » : {format_money(Decimal('1234.50'))}."
    )
    assert describe({"type": "answer", "question": "clients", "value": "3"}, lots) == (
        "Réponse à « Synthèse du lot : nombre de clients » : 3."
    )
