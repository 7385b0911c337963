"""Fixtures of the teacher tests: a class with its teacher, a member and an outsider, and a fixed version of
the built-in pack as a .zip."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pytest
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


@pytest.fixture
def school(app) -> School:
    teacher = teacher_client(app)
    other_teacher = teacher_client(app, "collegue@lycee.fr", "Paul", "Bernard")
    class_id, code = create_class(teacher, "BTS CG 1")
    other_class_id, other_code = create_class(other_teacher, "BTS GPME 2")
    member = student_client(app, "lea@eleve.fr", code=code)
    outsider = student_client(app, "tom@eleve.fr", "Tom", "Petit", code=other_code)
    assignment_id = create_assignment(teacher, class_id, scenarios=("virement", "cheque"))
    return School(teacher, other_teacher, member, outsider, class_id, other_class_id, code, assignment_id)
