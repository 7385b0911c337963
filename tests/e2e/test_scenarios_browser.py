"""Every scenario of procedure-11, two fixed variants each, played end to end in Chromium through the
screens only (the driver acts by labels and roles; the solver says what to do), scores 100 after
« Rendre le travail ». The variants are chosen on the catalogue (« Numéro de variante ») so that both sides
of each scenario's variation are played: a third cheque or not (cheque's group « troisieme »), a gap in our
disfavour or in our favour (arrondi: 658 / 758), a discount on time or too late (escompte), a first or a
second reminder level (relance-email: penalties quoted or not)."""

from __future__ import annotations

import pytest
from driver import Student
from playwright.sync_api import Page, expect

from simulator import services
from simulator.packs.play.solve import solve

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

#: scenario -> two seeds, and what tells the two apart (checked below, so a change of the pack that makes
#: both seeds alike is noticed).
VARIANTS: dict[str, tuple[tuple[int, int], str]] = {
    "virement": ((1, 2), "same"),
    "cheque": ((1, 2), "three cheques, then two"),
    "remise-creditee": ((1, 2), "same"),
    "arrondi": ((1, 3), "658, then 758"),
    "escompte": ((1, 2), "discount due, then too late"),
    "partiel": ((1, 2), "same"),
    "multi-factures": ((1, 2), "same"),
    "relance-telephone": ((1, 2), "same"),
    "relance-email": ((1, 3), "level 1, then level 2 with penalties"),
}


def _signature(scenario: str, seed: int) -> object:
    """What differs between the variant groups of a scenario, read from the reference solution."""
    grader = services.grader_for("procedure-11")
    actions = solve(grader.world(scenario, seed))
    payments = [a for a in actions if a["type"] == "register_payment"]
    if scenario == "cheque":
        return len(payments)
    if scenario in ("arrondi", "escompte"):
        return payments[0]["difference"].get("account", payments[0]["difference"]["handling"])
    if scenario == "relance-email":
        return "pénalités" in actions[0]["body"]
    return None


def test_the_chosen_seeds_cover_each_scenario_s_variants():
    assert set(VARIANTS) == {c.id for c in services.catalogue.scenarios()}
    for scenario, ((first, second), _) in VARIANTS.items():
        if scenario in ("cheque", "arrondi", "escompte", "relance-email"):
            assert _signature(scenario, first) != _signature(scenario, second), scenario


@pytest.mark.parametrize(
    ("scenario", "seed"), [(s, seed) for s, (seeds, _) in VARIANTS.items() for seed in seeds]
)
def test_each_scenario_played_on_the_screens_scores_100(page: Page, live_server, scenario, seed):
    student = Student(page, live_server).start(scenario, seed)
    reference = student.reference()
    student.play(reference)
    assert [a["type"] for a in student.log()] == [a["type"] for a in reference]
    expect(student.hand_in()).to_have_text("100")
