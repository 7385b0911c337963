"""Classes (groupes): a teacher creates them, students join with a readable code, the teacher sees the
roster, removes a student and issues one-time password-reset links. A teacher only ever reads their own."""

from __future__ import annotations

import secrets

from simulator import store

from . import accounts

#: No 0/O, 1/I/L: a code read aloud or copied from the board is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_NAME_LENGTH = 80
CODE_UNKNOWN = "Aucune classe n'a ce code : vérifiez-le auprès de votre enseignant."


def new_join_code() -> str:
    """Like ``K7PM-3QXD``: 8 characters of a 31-letter alphabet (about 10¹² codes)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_code(text: str) -> str:
    """What a student typed, read leniently: case, spaces and a missing dash do not matter."""
    raw = "".join(c for c in text.upper() if c.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def create(
    db: store.Database, teacher: store.User, name: str
) -> tuple[store.ClassRecord | None, dict[str, str]]:
    name = name.strip()
    if not name:
        return None, {"name": "Le nom de la classe est obligatoire."}
    if len(name) > MAX_NAME_LENGTH:
        return None, {"name": f"Le nom est trop long ({MAX_NAME_LENGTH} caractères au plus)."}
    for _ in range(5):
        try:
            return store.create_teacher_class(db, name, teacher.id, new_join_code()), {}
        except store.JoinCodeTaken:
            continue
    raise RuntimeError("no free join code")  # pragma: no cover


def regenerate_code(db: store.Database, group: store.ClassRecord) -> str:
    """A new join code; the old one stops working (students already in the class stay)."""
    for _ in range(5):
        code = new_join_code()
        try:
            store.set_join_code(db, group.id, code)
            return code
        except store.JoinCodeTaken:
            continue
    raise RuntimeError("no free join code")  # pragma: no cover


def owned(db: store.Database, teacher_id: int, class_id: int) -> store.ClassRecord | None:
    """The class if this teacher owns it, else None (the web answers 404)."""
    group = store.get_class(db, class_id)
    return group if group is not None and group.teacher_id == teacher_id else None


def of_teacher(db: store.Database, teacher_id: int) -> list[tuple[store.ClassRecord, int]]:
    return store.teacher_classes(db, teacher_id)


def roster(db: store.Database, group: store.ClassRecord) -> list[store.Member]:
    return store.class_members(db, group.id)


def join(
    db: store.Database, student: store.User, code: str
) -> tuple[store.ClassRecord | None, dict[str, str]]:
    """The student joins the class with this code (joining twice is harmless)."""
    group = store.find_class_by_code(db, normalize_code(code)) if code.strip() else None
    if group is None:
        return None, {"code": CODE_UNKNOWN if code.strip() else "Le code de la classe est obligatoire."}
    store.add_class_member(db, group.id, student.id)
    return group, {}


def remove_student(db: store.Database, group: store.ClassRecord, user_id: int) -> bool:
    """The student leaves the class; their attempts stay (they are the student's)."""
    return store.remove_class_member(db, group.id, user_id)


def reset_link_token(
    db: store.Database, group: store.ClassRecord, user_id: int
) -> tuple[store.Member, str] | None:
    """A one-time token for a student of this class to choose a new password; None if not a member."""
    member = next((m for m in store.class_members(db, group.id) if m.user_id == user_id), None)
    if member is None:
        return None
    return member, accounts.password_token(db, store.get_user(db, user_id))  # type: ignore[arg-type]
