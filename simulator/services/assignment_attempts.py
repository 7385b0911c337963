"""Starting an attempt in an assignment (devoir): the attempt already open, or a new one on the company the
assignment's policy gives — the same for a student on every attempt, or a new one each time, drawn for the
student's weakest skills in Entraînement (:func:`simulator.services.progress.targeted_seed`)."""

from __future__ import annotations

import hashlib

from simulator import store

from . import assignments, packs
from .attempts import SEED_RANGE, Owner, new_seed, valid_seed
from .progress import targeted_seed


def start(
    db: store.Database, user_id: int, assignment: store.AssignmentRecord, scenario: str
) -> tuple[store.Attempt | None, str | None]:
    """The attempt to work on: the one started and not handed in, else a new one; or a French refusal."""
    if scenario not in assignment.scenario_ids:
        return None, "Ce scénario ne fait pas partie du devoir."
    current = assignments.state(assignment)
    if current == "upcoming":
        return None, assignments.NOT_OPEN_MESSAGE.format(opens=assignments.local(assignment.opens_at))
    if current == "closed":
        return None, assignments.CLOSED_MESSAGE.format(closed=assignments.local(assignment.closes_at))
    mine = [a for a in store.assignment_attempts(db, assignment.id, user_id) if a.scenario == scenario]
    open_attempt = next((a for a in reversed(mine) if not a.submitted_at), None)
    if open_attempt is not None:
        return open_attempt, None
    submitted = sum(1 for a in mine if a.submitted_at)
    if not assignments.submissions_left(assignment, submitted):
        return None, assignments.NO_MORE_SUBMISSIONS.format(n=submitted)
    grader = packs.grader(db, assignment.pack, assignment.pack_version, assignment.pack_owner)
    if assignment.seed_policy == "per_student":
        seed = student_seed(grader, assignment.id, user_id, scenario)
    else:
        seed = None
        if assignment.mode == "practice":  # Entraînement: a company drawn for the student's weak skills
            seed = targeted_seed(db, user_id, grader, scenario)
        seed = seed or new_seed(assignment.pack, scenario, grader=grader)
    owner = Owner(user_id=user_id)
    attempt = store.create_attempt(
        db,
        pack=assignment.pack,
        pack_version=assignment.pack_version,
        scenario=scenario,
        seed=seed,
        user_id=owner.user_id,
        assignment_id=assignment.id,
        pack_owner=assignment.pack_owner,
    )
    return attempt, None


def student_seed(grader, assignment_id: int, user_id: int, scenario: str) -> int:
    """The same company on every attempt of a student: derived from the assignment, the student and the
    scenario, then the first valid seed after it."""
    digest = hashlib.sha256(f"{assignment_id}:{user_id}:{scenario}".encode()).hexdigest()
    seed = int(digest[:12], 16) % SEED_RANGE + 1
    for step in range(100):
        if valid_seed(grader, scenario, seed + step):
            return seed + step
    raise RuntimeError(f"no valid seed near {seed} for {scenario}")  # pragma: no cover
