"""Each built-in scenario lists on its card the procedure steps it trains and grades: « Noter la relance et
planifier la suite » (suivi) only where the brief asks to plan the next action and a criterion grades it;
and each pack has one level -> channel mapping, stated in its procedure, used by its scenarios."""

from __future__ import annotations

import pytest

from simulator import services
from simulator.packs.world.strategy import ACTION_LABELS

PACKS = ("procedure-11", "relances")
#: how a procedure text names each channel of a level
CHANNEL_WORDS = {
    "email": ("e-mail",),
    "phone": ("téléphone", "appel"),
    "letter": ("lettre",),
    "registered_letter": ("recommandé",),
}


def _scenarios(pack_id: str):
    grader = services.grader_for(pack_id)
    return grader, [grader.world(s.id, 1) for s in services.catalogue.scenarios(pack_id)]


@pytest.mark.parametrize("pack_id", PACKS)
def test_the_follow_up_step_is_listed_exactly_where_it_is_asked_and_graded(pack_id):
    _, worlds = _scenarios(pack_id)
    for world in worlds:
        criteria = {c.id for c in world.rubric}
        listed = "suivi" in world.procedure
        graded = "next_action_set" in criteria
        asked = "prochaine action" in world.brief.lower()
        assert listed == graded == asked, (world.scenario, listed, graded, asked)


@pytest.mark.parametrize("pack_id", PACKS)
def test_one_channel_mapping_per_pack_stated_in_its_procedure(pack_id):
    _, worlds = _scenarios(pack_id)
    steps = {step.id: step for step in services.catalogue.procedure(pack_id)}
    reminder_text = steps["relance"].summary.lower()
    levels = {}
    for world in worlds:
        if "strategie" in world.procedure:
            continue  # the student configures the strategy: the starting level is the ERP's default
        mapping = tuple((lvl.level, lvl.days, tuple(lvl.actions)) for lvl in world.followup_levels)
        levels.setdefault(mapping, []).append(world.scenario)
    assert len(levels) == 1, levels
    (mapping,) = levels
    for _, _, actions in mapping:
        for action in actions:
            if action in CHANNEL_WORDS:
                assert any(w in reminder_text for w in CHANNEL_WORDS[action]), (action, ACTION_LABELS[action])
