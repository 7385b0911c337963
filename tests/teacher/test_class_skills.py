"""Compétences de la classe: the students × skills grid, sorted by a skill, its CSV, and the targeted
Entraînement where each student's company is drawn for their own weak skills."""

from __future__ import annotations

import csv
import io
import re

from teacher_helpers import (
    create_assignment,
    create_class,
    post,
    start_assignment,
    student_client,
    teacher_client,
)

from simulator import services, store
from simulator.grading.traps import fall_into, traps
from simulator.packs.play.solve import solve

MISTAKE = "same_amount_other_customer"  # every virement company has one: the student pays the wrong customer


def play(app, attempt_id: int, falls: bool) -> None:
    """The reference actions (falling into the trap when ``falls``) through the services."""
    db = store.open_db(app.config["DATABASE"])
    try:
        attempt = services.attempts.load_any(db, attempt_id)
        actions = solve(attempt.world)
        if falls:
            actions = fall_into(
                attempt.world, actions, next(t for t in traps(attempt.world) if t.kind == MISTAKE)
            )
        for action in actions:
            result = services.attempts.apply_action(db, attempt, action)
            assert result.accepted, result.errors
            attempt = result.attempt
    finally:
        db.close()


def test_the_class_skills_grid_csv_and_targeted_practice(app):
    teacher = teacher_client(app)
    class_id, code = create_class(teacher, "BTS CG 1")
    lea = student_client(app, "lea@eleve.fr", code=code)
    tom = student_client(app, "tom@eleve.fr", "Tom", "Petit", code=code)
    assignment_id = create_assignment(teacher, class_id, scenarios=("virement",))
    for student, falls in ((lea, True), (tom, False)):
        attempt_id = start_assignment(student, assignment_id)
        play(app, attempt_id, falls)
        assert post(student, f"/tentatives/{attempt_id}/rendre").status_code == 303
    page = teacher.get(f"/enseignant/classes/{class_id}/competences").get_data(as_text=True)
    assert "Compétences de la classe" in page and "Martin Léa" in page and "Petit Tom" in page
    assert "Points faibles de la classe" in page and "Identifier le client et la pièce" in page
    by_skill = teacher.get(f"/enseignant/classes/{class_id}/competences?tri=identification").get_data(
        as_text=True
    )
    assert by_skill.index("Martin Léa") < by_skill.index("Petit Tom")  # 0 % before 100 %
    exported = teacher.get(f"/enseignant/classes/{class_id}/competences.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    column = rows[0].index("Identifier le client et la pièce (%)")
    assert {r[0]: r[column] for r in rows[1:]} == {"Martin": "0,0", "Petit": "100,0"}
    response = post(
        teacher, f"/enseignant/classes/{class_id}/competences/entrainement", {"pack": "procedure-11"}
    )
    assert response.status_code == 303
    targeted = int(re.search(r"/devoirs/(\d+)", response.location)[1])
    db = store.open_db(app.config["DATABASE"])
    try:
        assignment = store.get_assignment(db, targeted)
        assert assignment.mode == "practice" and assignment.seed_policy == "per_attempt"
        # the scenarios practising « Identifier le client et la pièce » whose companies have the traps of
        # Léa's mistakes there (a payment of the same amount as another customer's invoice…), not all of them
        assert "virement" in assignment.scenario_ids and "escompte" not in assignment.scenario_ids
    finally:
        db.close()
    attempt_id = start_assignment(lea, targeted, "virement")
    db = store.open_db(app.config["DATABASE"])
    try:
        world = services.attempts.load_any(db, attempt_id).world
    finally:
        db.close()
    assert any(t.kind == MISTAKE for t in traps(world))


def hand_in_assignment(app, student, assignment_id: int, falls: bool) -> int:
    attempt_id = start_assignment(student, assignment_id)
    play(app, attempt_id, falls)
    assert post(student, f"/tentatives/{attempt_id}/rendre").status_code == 303
    return attempt_id


def test_practice_is_off_while_an_evaluation_is_in_progress(app):
    teacher = teacher_client(app)
    class_id, code = create_class(teacher)
    lea = student_client(app, "lea@eleve.fr", code=code)
    practice = create_assignment(teacher, class_id)
    exam = create_assignment(teacher, class_id, title="Évaluation", mode="exam", max_submissions="2")
    hand_in_assignment(app, lea, practice, falls=True)
    assert "Commencer cette variante" in lea.get("/entrainement/points-faibles").get_data(as_text=True)
    exam_attempt = start_assignment(lea, exam)
    page = lea.get("/entrainement/points-faibles").get_data(as_text=True)
    assert "Vous avez une évaluation en cours" in page and "Commencer cette variante" not in page
    play(app, exam_attempt, falls=True)
    assert post(lea, f"/tentatives/{exam_attempt}/rendre").status_code == 303
    result = lea.get(f"/tentatives/{exam_attempt}/resultat").get_data(as_text=True)
    assert "points faibles" not in result  # no practice link inside an Évaluation
    assert "Commencer cette variante" in lea.get("/entrainement/points-faibles").get_data(as_text=True)


def test_grades_held_until_closing_do_not_count_and_a_regrade_changes_the_skills(app):
    teacher = teacher_client(app)
    class_id, code = create_class(teacher)
    lea = student_client(app, "lea@eleve.fr", code=code)
    held = create_assignment(teacher, class_id, mode="exam", feedback="after_close", max_submissions="1")
    hand_in_assignment(app, lea, held, falls=True)
    assert "Aucune tentative rendue" in lea.get("/progres").get_data(as_text=True)

    practice = create_assignment(teacher, class_id, title="Entraînement")
    attempt_id = hand_in_assignment(app, lea, practice, falls=True)
    row = re.compile(r"Identifier le client et la pièce</th>(.*?)</tr>", re.S)
    assert "0 %" in row.search(lea.get("/progres").get_data(as_text=True))[1]
    db = store.open_db(app.config["DATABASE"])
    try:  # a regrade stores another grade: here, the reference's
        attempt = services.attempts.load_any(db, attempt_id)
        grade = attempt.grader.grade(
            {
                "pack": "procedure-11",
                "scenario": "virement",
                "seed": attempt.record.seed,
                "actions": solve(attempt.world),
            }
        )
        store.store_grade(db, attempt_id, grade.as_dict())
    finally:
        db.close()
    assert "100 %" in row.search(lea.get("/progres").get_data(as_text=True))[1]
