"""Rendre le travail: freeze an attempt, grade it, keep the grade, and tell the course's gradebook.

Handing in joins an attempt to its assignment (closed? submissions used up?) and to the platform that
launched it, so it lives above :mod:`.attempts`, :mod:`.assignments` and :mod:`.lti`, which import none of
it.
"""

from __future__ import annotations

from simulator import store

from . import lti
from .assignments import submission_refusal
from .attempts import LoadedAttempt, grader_of, reload
from .attempts import export as export_attempt


class SubmissionRefused(Exception):
    """The attempt's assignment takes no more submissions; the argument is the French reason."""


def submit(db: store.Database, attempt: LoadedAttempt) -> LoadedAttempt:
    """Freeze the log (no action is accepted after), grade it, keep the grade with the pack version.
    :class:`SubmissionRefused` if the attempt's assignment is closed or its submissions are used up."""
    if attempt.record.assignment_id is not None and not attempt.submitted:
        reason = submission_refusal(db, attempt.record)
        if reason:
            raise SubmissionRefused(reason)
    store.submit_attempt(db, attempt.id)
    attempt = reload(db, attempt)  # every action committed before the freeze
    if attempt.grade is None:
        store.store_grade(db, attempt.id, grader_of(attempt).grade(export_attempt(attempt)).as_dict())
        attempt = reload(db, attempt)
        if attempt.record.assignment_id is not None:  # the score goes to the course's gradebook
            lti.grade_changed(db, attempt.record.assignment_id, attempt.record.user_id)
    return attempt
