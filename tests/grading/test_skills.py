"""The mastery rule on hand-worked histories (the rule is stated in docs/students.md and
simulator/grading/skills.py): each attempt practising a step is an observation, 1 without a mistake of the
step and 0 with one; the latest weighs 1, the one before 0.6, then 0.36, 0.216…"""

from decimal import Decimal

from simulator.grading.skills import GradedAttempt, recurring_mistakes, skills, weakest, weighted_mastery

STEPS = {
    ("procedure-11", "identification"): "Identifier le client et la pièce",
    ("procedure-11", "ecart"): "Traiter un écart de règlement",
    ("procedure-11", "relance"): "Relancer les clients en retard",
}


def attempt(number: int, steps=("identification", "ecart"), mistakes=()) -> GradedAttempt:
    return GradedAttempt(
        number, "procedure-11", "arrondi", 7, f"2026-05-{number:02d}T10:00:00", tuple(steps), tuple(mistakes)
    )


WRONG_CUSTOMER = ("WRONG_CUSTOMER", "identification")
LEFT_OPEN = ("DIFFERENCE_LEFT_OPEN", "ecart")


def test_one_attempt_without_the_steps_mistakes_masters_them():
    result = skills([attempt(1)], STEPS)
    assert result["procedure-11", "identification"].mastery == Decimal("100.0")
    assert result["procedure-11", "identification"].level == "acquired"
    assert result["procedure-11", "relance"].mastery is None  # not practised
    assert result["procedure-11", "relance"].level_label == "Pas encore pratiquée"


def test_a_mistake_then_a_clean_attempt_rises():
    # observations 0 then 1: (1 × 1 + 0.6 × 0) / 1.6 = 62.5 %
    result = skills([attempt(1, mistakes=[LEFT_OPEN]), attempt(2)], STEPS)
    ecart = result["procedure-11", "ecart"]
    assert ecart.mastery == Decimal("62.5")
    assert ecart.previous == Decimal("0.0")
    assert ecart.trend == Decimal("62.5")
    assert ecart.level == "progress"
    assert result["procedure-11", "identification"].mastery == Decimal("100.0")


def test_the_latest_weighs_more():
    # 1 then 0: (0.6 × 1) / 1.6 = 37.5 %
    result = skills([attempt(1), attempt(2, mistakes=[LEFT_OPEN])], STEPS)
    assert result["procedure-11", "ecart"].mastery == Decimal("37.5")
    assert result["procedure-11", "ecart"].trend == Decimal("-62.5")
    assert result["procedure-11", "ecart"].level == "weak"


def test_a_repeated_mistake_stays_low_then_fades():
    history = [attempt(1, mistakes=[WRONG_CUSTOMER]), attempt(2, mistakes=[WRONG_CUSTOMER, WRONG_CUSTOMER])]
    assert skills(history, STEPS)["procedure-11", "identification"].mastery == Decimal("0.0")
    # 0, 0, 1, 1 -> (1 + 0.6) / (1 + 0.6 + 0.36 + 0.216) = 1.6 / 2.176 = 73.5 %
    history += [attempt(3), attempt(4)]
    identification = skills(history, STEPS)["procedure-11", "identification"]
    assert identification.mastery == Decimal("73.5")
    # after the third: 1 / (1 + 0.6 + 0.36) = 51.0 %
    assert identification.history == (Decimal("0.0"), Decimal("0.0"), Decimal("51.0"), Decimal("73.5"))
    assert identification.recent_codes(last=4) == {"WRONG_CUSTOMER": 2}  # attempts, not occurrences
    assert identification.recent_codes(last=3) == {"WRONG_CUSTOMER": 1}


def test_the_history_is_read_in_time_order_whatever_its_order():
    forward = skills([attempt(1, mistakes=[LEFT_OPEN]), attempt(2)], STEPS)
    backward = skills([attempt(2), attempt(1, mistakes=[LEFT_OPEN])], STEPS)
    assert forward == backward


def test_a_mistake_outside_the_scenarios_steps_counts_for_its_step():
    result = skills([attempt(1, steps=("identification",), mistakes=[LEFT_OPEN])], STEPS)
    assert result["procedure-11", "ecart"].mastery == Decimal("0.0")


def test_only_the_last_ten_observations_count():
    history = [attempt(1, mistakes=[LEFT_OPEN]), attempt(2, mistakes=[LEFT_OPEN])]
    history += [attempt(n) for n in range(3, 13)]
    assert skills(history, STEPS)["procedure-11", "ecart"].mastery == Decimal("100.0")
    assert weighted_mastery([False] + [True] * 9) < Decimal(100)


def test_weakest_and_recurring_mistakes():
    history = [
        attempt(1, mistakes=[WRONG_CUSTOMER, LEFT_OPEN]),
        attempt(2, mistakes=[WRONG_CUSTOMER]),
    ]
    result = skills(history, STEPS)
    assert [s.step for s in weakest(result.values())] == ["identification", "ecart"]  # 0 % then 62.5 %
    assert recurring_mistakes(history) == [("WRONG_CUSTOMER", "identification", 2, 2)]
