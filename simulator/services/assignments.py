"""Assignments (devoirs): a pack version and some of its scenarios given to a class between two dates, in
Entraînement mode (hints, unlimited attempts, feedback at once) or Évaluation mode (no hints, a maximum
number of submissions, feedback at once or after closing), with one company per student or a new one per
attempt. Deadlines are real calendar time (server time in UTC), not the world's simulated date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from simulator import store

from . import packs

LOCAL_TIME = ZoneInfo("Europe/Paris")
MODES = {"practice": "Entraînement", "exam": "Évaluation"}
FEEDBACK = {"immediate": "Dès la remise", "after_close": "Après la clôture"}
SEED_POLICIES = {
    "per_student": "La même entreprise à chaque tentative",
    "per_attempt": "Une nouvelle entreprise à chaque tentative",
}
CLOSED_MESSAGE = "Ce devoir est clos depuis le {closed} : il n'accepte plus de remise."
NOT_OPEN_MESSAGE = "Ce devoir ouvre le {opens} : revenez à cette date."
NO_MORE_SUBMISSIONS = "Vous avez déjà rendu ce scénario {n} fois : c'est le maximum pour cette évaluation."


def now() -> datetime:
    return datetime.now(UTC)


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def local(value: str | datetime) -> str:
    """``12/05/2026 à 18:00`` in French local time."""
    moment = _parse(value) if isinstance(value, str) else value
    return moment.astimezone(LOCAL_TIME).strftime("%d/%m/%Y à %H:%M")


def state(assignment: store.AssignmentRecord, at: datetime | None = None) -> str:
    """``"upcoming"``, ``"open"`` or ``"closed"``."""
    at = at or now()
    if at < _parse(assignment.opens_at):
        return "upcoming"
    return "open" if at < _parse(assignment.closes_at) else "closed"


STATES = {"upcoming": "À venir", "open": "Ouvert", "closed": "Clos"}


# --- the teacher's side ----------------------------------------------------------------------------------------


def owned(db: store.Database, teacher_id: int, assignment_id: int) -> store.AssignmentRecord | None:
    """The assignment if it belongs to one of this teacher's classes, else None (404)."""
    assignment = store.get_assignment(db, assignment_id)
    if assignment is None:
        return None
    group = store.get_class(db, assignment.class_id)
    return assignment if group is not None and group.teacher_id == teacher_id else None


def of_class(db: store.Database, group: store.ClassRecord) -> list[store.AssignmentRecord]:
    return store.class_assignments(db, group.id)


def form_defaults() -> dict[str, str]:
    """« Nouveau devoir » filled in: open from now for a week, Entraînement, one company per student."""
    start = now().astimezone(LOCAL_TIME).replace(second=0, microsecond=0)
    return {
        "opens_at": start.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (start + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "max_submissions": "1",
    }


def _read_local(text: str) -> datetime | None:
    """A ``datetime-local`` field (``2026-05-12T18:00``) read as Paris time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=LOCAL_TIME) if moment.tzinfo is None else moment


def create(
    db: store.Database,
    teacher_id: int,
    group: store.ClassRecord,
    form: Mapping[str, str],
    scenarios: list[str],
) -> tuple[store.AssignmentRecord | None, dict[str, str]]:
    """Read the form « Nouveau devoir » (field names below) into an assignment; French errors by field."""
    errors: dict[str, str] = {}
    title = (form.get("title") or "").strip()
    if not title:
        errors["title"] = "Le titre du devoir est obligatoire."
    elif len(title) > 120:
        errors["title"] = "Le titre est trop long (120 caractères au plus)."
    pack_id, _, version = (form.get("pack") or "").partition("@")
    record = packs.visible(db, teacher_id, pack_id, version) if pack_id else None
    if record is None:
        errors["pack"] = "Choisissez un pack dans la liste."
    else:
        known = packs.grader(db, pack_id, version, record.owner_id).pack.scenario_ids
        scenarios = [s for s in known if s in scenarios]
        if not scenarios:
            errors["scenarios"] = "Choisissez au moins un scénario."
    opens, closes = _read_local(form.get("opens_at") or ""), _read_local(form.get("closes_at") or "")
    if opens is None:
        errors["opens_at"] = "Date d'ouverture invalide (JJ/MM/AAAA HH:MM)."
    if closes is None:
        errors["closes_at"] = "Date de clôture invalide (JJ/MM/AAAA HH:MM)."
    elif opens is not None and closes <= opens:
        errors["closes_at"] = "La clôture doit venir après l'ouverture."
    mode = form.get("mode") or ""
    if mode not in MODES:
        errors["mode"] = "Choisissez Entraînement ou Évaluation."
    max_submissions = None
    feedback = "immediate"
    if mode == "exam":
        text = (form.get("max_submissions") or "").strip()
        if not text.isdigit() or not 1 <= int(text) <= 100:
            errors["max_submissions"] = "Indiquez un nombre de remises entre 1 et 100."
        else:
            max_submissions = int(text)
        feedback = form.get("feedback") or ""
        if feedback not in FEEDBACK:
            errors["feedback"] = "Choisissez quand les élèves voient leur note."
    seed_policy = form.get("seed_policy") or ""
    if seed_policy not in SEED_POLICIES:
        errors["seed_policy"] = "Choisissez l'entreprise des tentatives."
    if errors:
        return None, errors
    assignment = store.create_assignment(
        db,
        class_id=group.id,
        title=title,
        pack=pack_id,
        pack_version=version,
        scenarios=scenarios,
        opens_at=opens,
        closes_at=closes,
        mode=mode,
        max_submissions=max_submissions,
        feedback=feedback,
        seed_policy=seed_policy,
        pack_owner=record.owner_id,  # type: ignore[union-attr]
    )
    return assignment, {}


# --- the student's side ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioWork:
    id: str
    title: str
    attempts: int
    submitted: int
    best: float | None  # None while feedback is held back, or nothing graded yet
    open_attempt: int | None  # an attempt started and not handed in
    can_start: bool


@dataclass(frozen=True)
class StudentAssignment:
    assignment: store.AssignmentRecord
    state: str
    scenarios: tuple[ScenarioWork, ...]
    feedback_held: bool

    @property
    def done(self) -> bool:
        return all(s.submitted for s in self.scenarios)


def feedback_held(assignment: store.AssignmentRecord, at: datetime | None = None) -> bool:
    return assignment.feedback == "after_close" and state(assignment, at) != "closed"


def for_student(db: store.Database, user_id: int) -> list[StudentAssignment]:
    """Mes devoirs: every assignment of the student's classes, with what they did on each scenario."""
    at = now()
    result = []
    for assignment in store.student_assignments(db, user_id):
        grader = packs.grader(db, assignment.pack, assignment.pack_version, assignment.pack_owner)
        attempts = store.assignment_attempts(db, assignment.id, user_id)
        held = feedback_held(assignment, at)
        current = state(assignment, at)
        works = []
        for scenario in assignment.scenario_ids:
            mine = [a for a in attempts if a.scenario == scenario]
            submitted = [a for a in mine if a.submitted_at]
            scores = [a.grade_data["score"] for a in submitted if a.grade]
            open_attempt = next((a.id for a in reversed(mine) if not a.submitted_at), None)
            works.append(
                ScenarioWork(
                    scenario,
                    grader.pack.scenario(scenario).title,
                    len(mine),
                    len(submitted),
                    None if held or not scores else max(scores),
                    open_attempt,
                    current == "open" and submissions_left(assignment, len(submitted)),
                )
            )
        result.append(StudentAssignment(assignment, current, tuple(works), held))
    return result


def submissions_left(assignment: store.AssignmentRecord, submitted: int) -> bool:
    return assignment.max_submissions is None or submitted < assignment.max_submissions


def member_assignment(db: store.Database, user_id: int, assignment_id: int) -> store.AssignmentRecord | None:
    """The assignment if the student is in its class, else None (404)."""
    assignment = store.get_assignment(db, assignment_id)
    if assignment is None or not store.is_member(db, assignment.class_id, user_id):
        return None
    return assignment


def submission_refusal(db: store.Database, record: store.Attempt) -> str | None:
    """Why this attempt cannot be handed in now (closed assignment, submissions used up), or None."""
    assignment = store.get_assignment(db, record.assignment_id) if record.assignment_id else None
    if assignment is None:
        return None
    if state(assignment) == "closed":
        return CLOSED_MESSAGE.format(closed=local(assignment.closes_at))
    submitted = sum(
        1
        for a in store.assignment_attempts(db, assignment.id, record.user_id, submitted=True)
        if a.scenario == record.scenario
    )
    if not submissions_left(assignment, submitted):
        return NO_MORE_SUBMISSIONS.format(n=submitted)
    return None


def policy(db: store.Database, record: store.Attempt) -> tuple[bool, str | None]:
    """For an attempt's screens: (hints hidden, closing date while the grade is held back)."""
    assignment = store.get_assignment(db, record.assignment_id) if record.assignment_id else None
    if assignment is None:
        return False, None
    held = local(assignment.closes_at) if feedback_held(assignment) else None
    return assignment.mode == "exam", held
