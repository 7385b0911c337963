"""Classes, their students, the assignments (devoirs) set to them and the attempts made for those."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .attempts import Attempt, attempts_where
from .engine import Database, IntegrityError, now, timestamp


@dataclass(frozen=True, slots=True)
class ClassRecord:
    id: int
    name: str
    teacher_id: int | None
    created_at: str
    join_code: str | None


CLASS_COLUMNS = "id, name, teacher_id, created_at, join_code"


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    email: str
    first_name: str
    last_name: str
    joined_at: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class JoinCodeTaken(ValueError):
    """Another class already has this join code."""


def create_teacher_class(db: Database, name: str, teacher_id: int, join_code: str) -> ClassRecord:
    row = {"name": name, "teacher_id": teacher_id, "created_at": now(), "join_code": join_code}
    try:
        class_id = db.insert("classes", row)
    except IntegrityError as error:
        if error.kind != "unique":
            raise
        raise JoinCodeTaken(join_code) from None
    return ClassRecord(id=class_id, **row)


def _class_where(db: Database, where: str, value: Any) -> ClassRecord | None:
    row = db.execute(f"SELECT {CLASS_COLUMNS} FROM classes WHERE {where} = ?", [value]).fetchone()
    return ClassRecord(*row) if row else None


def get_class(db: Database, class_id: int) -> ClassRecord | None:
    return _class_where(db, "id", class_id)


def find_class_by_code(db: Database, join_code: str) -> ClassRecord | None:
    return _class_where(db, "join_code", join_code)


def teacher_classes(db: Database, teacher_id: int) -> list[tuple[ClassRecord, int]]:
    """A teacher's classes by name, each with its number of students."""
    rows = db.execute(
        "SELECT c.id, c.name, c.teacher_id, c.created_at, c.join_code, COUNT(m.user_id) FROM classes c "
        "LEFT JOIN class_members m ON m.class_id = c.id WHERE c.teacher_id = ? GROUP BY c.id "
        f"ORDER BY {db.dialect.nocase('c.name')}, c.id",
        [teacher_id],
    ).fetchall()
    return [(ClassRecord(*row[:5]), row[5]) for row in rows]


def set_join_code(db: Database, class_id: int, join_code: str) -> None:
    try:
        db.execute("UPDATE classes SET join_code = ? WHERE id = ?", [join_code, class_id])
    except IntegrityError as error:
        if error.kind != "unique":
            raise
        raise JoinCodeTaken(join_code) from None


def add_class_member(db: Database, class_id: int, user_id: int, at: datetime | None = None) -> None:
    """Put a student in a class (joining twice changes nothing)."""
    db.execute(
        "INSERT INTO class_members (class_id, user_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [class_id, user_id, timestamp(at)],
    )


def class_members(db: Database, class_id: int) -> list[Member]:
    """The students of a class, by last then first name. A student who came from a platform (LTI) shows
    the e-mail address the platform gave (empty when it gave none), not the account's inner one."""
    nocase = db.dialect.nocase
    rows = db.execute(
        "SELECT u.id, CASE WHEN l.user_id IS NULL THEN u.email ELSE COALESCE(l.email, '') END, "
        "u.first_name, u.last_name, m.joined_at FROM class_members m "
        "JOIN users u ON u.id = m.user_id LEFT JOIN lti_users l ON l.user_id = u.id WHERE m.class_id = ? "
        f"ORDER BY {nocase('u.last_name')}, {nocase('u.first_name')}, u.id",
        [class_id],
    ).fetchall()
    return [Member(*row) for row in rows]


def is_member(db: Database, class_id: int, user_id: int) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM class_members WHERE class_id = ? AND user_id = ?", [class_id, user_id]
        ).fetchone()
        is not None
    )


def remove_class_member(db: Database, class_id: int, user_id: int) -> bool:
    cursor = db.execute("DELETE FROM class_members WHERE class_id = ? AND user_id = ?", [class_id, user_id])
    return cursor.rowcount == 1


# --- assignments ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssignmentRecord:
    id: int
    class_id: int
    title: str
    pack: str
    pack_version: str
    scenarios: str  # JSON list of scenario ids
    opens_at: str
    closes_at: str
    mode: str  # "practice" (Entraînement) or "exam" (Évaluation)
    max_submissions: int | None
    feedback: str  # "immediate" or "after_close"
    seed_policy: str  # "per_student" or "per_attempt"
    created_at: str
    pack_owner: int | None = None  # the teacher whose pack it uses; None: a shared pack (schema v5)

    @property
    def scenario_ids(self) -> list[str]:
        return json.loads(self.scenarios)


ASSIGNMENT_COLUMNS = ", ".join(f"a.{name}" for name in AssignmentRecord.__dataclass_fields__)


def create_assignment(db: Database, **fields: Any) -> AssignmentRecord:
    row = {**fields, "scenarios": json.dumps(list(fields["scenarios"])), "created_at": now()}
    for key in ("opens_at", "closes_at"):
        row[key] = timestamp(fields[key])
    return get_assignment(db, db.insert("assignments", row))  # type: ignore[return-value]


def _assignments(db: Database, sql: str, value: Any) -> list[AssignmentRecord]:
    return [AssignmentRecord(*row) for row in db.execute(sql, [value]).fetchall()]


def get_assignment(db: Database, assignment_id: int) -> AssignmentRecord | None:
    found = _assignments(db, f"SELECT {ASSIGNMENT_COLUMNS} FROM assignments a WHERE a.id = ?", assignment_id)
    return found[0] if found else None


def class_assignments(db: Database, class_id: int) -> list[AssignmentRecord]:
    return _assignments(
        db,
        f"SELECT {ASSIGNMENT_COLUMNS} FROM assignments a WHERE a.class_id = ? ORDER BY a.closes_at, a.id",
        class_id,
    )


def student_assignments(db: Database, user_id: int) -> list[AssignmentRecord]:
    """The assignments of every class the student belongs to, by closing date."""
    return _assignments(
        db,
        f"SELECT {ASSIGNMENT_COLUMNS} FROM assignments a JOIN class_members m ON m.class_id = a.class_id "
        "WHERE m.user_id = ? ORDER BY a.closes_at, a.id",
        user_id,
    )


def set_assignment_version(
    db: Database, assignment_id: int, pack_version: str, pack_owner: int | None = None
) -> None:
    db.execute(
        "UPDATE assignments SET pack_version = ?, pack_owner = ? WHERE id = ?",
        [pack_version, pack_owner, assignment_id],
    )


def assignment_attempts(
    db: Database,
    assignment_id: int,
    user_id: int | None = None,
    submitted: bool | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[Attempt]:
    """The attempts made for an assignment (of one student), oldest first; ``offset`` and ``limit`` take a
    slice of that order (a regrade reads its chunks so)."""
    where, parameters = "assignment_id = ?", [assignment_id]
    if user_id is not None:
        where, parameters = where + " AND user_id = ?", [*parameters, user_id]
    if submitted is not None:
        where += " AND submitted_at IS NOT NULL" if submitted else " AND submitted_at IS NULL"
    tail = ""
    if limit is not None or offset:
        # Both engines take LIMIT then OFFSET; "no limit" as a number both accept.
        tail, parameters = " LIMIT ? OFFSET ?", [*parameters, 2**62 if limit is None else limit, offset]
    return attempts_where(db, where, parameters, tail=tail)


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """One attempt as the gradebook needs it: no log, the score read from the stored grade."""

    id: int
    user_id: int
    scenario: str
    created_at: str
    submitted_at: str | None
    score: float | None
    seconds: int  # from the start to the submission, else to the last action
    #: the grading version of the stored grade (its ``grading_version``; "1" for a grade stored before
    #: grades carried one), None without a grade
    grading_version: str | None = None


def assignment_summaries(db: Database, assignment_id: int) -> list[AttemptSummary]:
    """Every attempt of an assignment by a known user, oldest first, in one query."""
    ended = "COALESCE(a.submitted_at, (SELECT MAX(created_at) FROM actions WHERE attempt_id = a.id), a.created_at)"
    rows = db.execute(
        f"""
        SELECT a.id, a.user_id, a.scenario, a.created_at, a.submitted_at, a.score,
               {db.dialect.seconds_between(ended, "a.created_at")},
               CASE WHEN a.grade IS NOT NULL THEN COALESCE(a.grading_version, '1') END
        FROM attempts a WHERE a.assignment_id = ? AND a.user_id IS NOT NULL ORDER BY a.id
        """,
        [assignment_id],
    ).fetchall()
    return [AttemptSummary(*row) for row in rows]
