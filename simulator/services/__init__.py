"""Use cases shared by the web layer and the command line; no Flask here.

- :mod:`.grading`: ``grade_attempt(attempt_dict)``, ``grade_json(text)``, ``grader_for(pack_id)`` (the API and
  the CLI);
- :mod:`.accounts`: sign up, authenticate, claim a guest's attempts;
- :mod:`.catalogue`: the scenarios a student can start, and the pack's procedure steps;
- :mod:`.attempts`: start, load (with its ownership check), apply one action, restart, export;
- :mod:`.submission`: Rendre le travail (grade, keep, send to the course's gradebook);
- :mod:`.views`: the rows a screen shows, computed from the world and the replayed books;
- :mod:`.lots`: the follow-up run the wizard previews (relances par lot);
- the teacher's side: :mod:`.classes` (groupes, join codes, roster), :mod:`.packs` (versions, install,
  preview), :mod:`.assignments` (devoirs, Mes devoirs), :mod:`.assignment_attempts` (starting an
  attempt in one), :mod:`.gradebook` (and its CSV exports),
  :mod:`.review` (an attempt and its timeline), :mod:`.analytics`, :mod:`.regrade`;
- :mod:`.progress`: skills and mastery from the stored grades (Mes progrès, Compétences de la classe), the
  proposals of « S'entraîner sur mes points faibles », the company an Entraînement draws for each student;
  :mod:`.describe` tells an action in French;
- :mod:`.jobs`: the background jobs (regrades, grades sent back) any host's worker runs;
- :mod:`.lti`: LTI 1.3 (Moodle): platforms, launches, Deep Linking, grades sent back, the course roster.
"""

from __future__ import annotations

from . import (
    accounts,
    analytics,
    assignment_attempts,
    assignments,
    attempts,
    catalogue,
    classes,
    gradebook,
    jobs,
    lots,
    lti,
    packs,
    progress,
    regrade,
    review,
    submission,
    views,
)
from .grading import grade_attempt, grader_for

__all__ = [
    "accounts",
    "analytics",
    "assignment_attempts",
    "assignments",
    "attempts",
    "catalogue",
    "classes",
    "grade_attempt",
    "lots",
    "lti",
    "grader_for",
    "gradebook",
    "jobs",
    "packs",
    "progress",
    "regrade",
    "review",
    "submission",
    "views",
]
