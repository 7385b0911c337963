"""Fixtures of the teacher tests: a class with its teacher, a member and an outsider, and a fixed version of
the built-in pack as a .zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from app_snapshots import Snapshot, on_sqlite, restore, take_snapshot, untouched
from teacher_helpers import create_assignment, create_class, student_client, teacher_client

from simulator.packs.spec.loader import builtin_root


def pack_zip(version: str = "2", annotation_points: int = 2, top: str = "procedure-11", extra=()) -> bytes:
    """The built-in pack as a teacher would zip it, as version ``version`` where annotating the bank line is
    worth ``annotation_points`` in the virement scenario (1 in version 1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((builtin_root() / "procedure-11").iterdir()):
            text = path.read_text(encoding="utf-8")
            if path.name == "pack.yaml":
                text = text.replace('version: "1"', f'version: "{version}"')
            if path.name == "virement.yaml":
                text = text.replace(
                    "  - criterion: statement_annotated\n    points: 1",
                    f"  - criterion: statement_annotated\n    points: {annotation_points}",
                )
            archive.writestr(f"{top}/{path.name}" if top else path.name, text)
        for name, content in extra:
            archive.writestr(name, content)
    return out.getvalue()


@dataclass
class School:
    teacher: object
    other_teacher: object
    member: object
    outsider: object  # a student of the other teacher's class
    class_id: int
    other_class_id: int
    code: str
    assignment_id: int

    CLIENTS = ("teacher", "other_teacher", "member", "outsider")

    def sessions(self) -> dict[str, str]:
        """Each client's session cookie (who is logged in), to log new clients in as the same people."""
        return {name: getattr(self, name).get_cookie("session").value for name in self.CLIENTS}

    def on(self, app, sessions: dict[str, str]) -> School:
        """The same school with new clients of ``app`` carrying ``sessions``."""
        clients = {}
        for name in self.CLIENTS:
            clients[name] = app.test_client()
            clients[name].set_cookie("session", sessions[name])
        return replace(self, **clients)


def build_school(app) -> School:
    teacher = teacher_client(app)
    other_teacher = teacher_client(app, "collegue@lycee.fr", "Paul", "Bernard")
    class_id, code = create_class(teacher, "BTS CG 1")
    other_class_id, other_code = create_class(other_teacher, "BTS GPME 2")
    member = student_client(app, "lea@eleve.fr", code=code)
    outsider = student_client(app, "tom@eleve.fr", "Tom", "Petit", code=other_code)
    assignment_id = create_assignment(teacher, class_id, scenarios=("virement", "cheque"))
    return School(teacher, other_teacher, member, outsider, class_id, other_class_id, code, assignment_id)


@dataclass(frozen=True)
class SavedSchool:
    snapshot: Snapshot
    school: School
    sessions: dict[str, str]


def saved(shared_app, folder: Path, build: Callable[[object], School]) -> SavedSchool:
    """Build a school once, on a scratch database, and save it to give each test a copy."""
    with shared_app.on(shared_app.template, folder / "scratch" / "simulator.db") as app:
        school = build(app)
        return SavedSchool(take_snapshot(app, folder / "snapshot"), school, school.sessions())


def school_copy(request, app, saved_fixture: str, build: Callable[[object], School]) -> School:
    """The school ``saved_fixture`` saved, on ``app``'s database; built afresh on PostgreSQL, or on top of
    what another fixture wrote first."""
    if not on_sqlite() or not untouched(Path(app.config["DATABASE"])):
        return build(app)
    saved_: SavedSchool = request.getfixturevalue(saved_fixture)
    restore(saved_.snapshot, Path(app.config["DATABASE"]))
    return saved_.school.on(app, saved_.sessions)


@pytest.fixture(scope="session")
def saved_school(shared_app, tmp_path_factory) -> SavedSchool:
    return saved(shared_app, tmp_path_factory.mktemp("school"), build_school)


@pytest.fixture
def school(app, request) -> School:
    """Two teachers, each with a class; a member of the first class, a student of the second (the outsider);
    an assignment of the first teacher. Built once, copied for each test (its own database and packs)."""
    return school_copy(request, app, "saved_school", build_school)
