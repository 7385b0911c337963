"""Accounts (students and teachers) and the one-time links that let them in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .engine import Database, IntegrityError, now, timestamp

USER_COLUMNS = "id, email, first_name, last_name, password_hash, role, created_at"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    first_name: str
    last_name: str
    password_hash: str
    role: str
    created_at: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EmailTaken(ValueError):
    """An account already uses this e-mail address (compared without case)."""


def create_user(
    db: Database,
    *,
    email: str,
    first_name: str,
    last_name: str,
    password_hash: str,
    role: str = "student",
    at: datetime | None = None,
) -> User:
    """A new account; :class:`EmailTaken` if the address is used (whatever its case)."""
    row = {
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "password_hash": password_hash,
        "role": role,
        "created_at": timestamp(at),
    }
    try:
        user_id = db.insert("users", row)
    except IntegrityError as error:
        if error.kind == "unique":  # the address is the only unique column an insert does not number
            raise EmailTaken(email) from None
        raise
    return User(id=user_id, **row)


def _user_where(db: Database, where: str, parameters: list[Any]) -> User | None:
    row = db.execute(f"SELECT {USER_COLUMNS} FROM users WHERE {where}", parameters).fetchone()
    return User(*row) if row else None


def get_user(db: Database, user_id: int) -> User | None:
    return _user_where(db, "id = ?", [user_id])


def find_user_by_email(db: Database, email: str) -> User | None:
    """The account with this address, compared without case."""
    return _user_where(db, db.dialect.email_equals("email"), [email.strip()])


def has_teacher(db: Database) -> bool:
    return db.execute("SELECT 1 FROM users WHERE role = 'teacher' LIMIT 1").fetchone() is not None


def set_password_hash(db: Database, user_id: int, password_hash: str) -> None:
    db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])


def update_user(db: Database, user_id: int, **fields: str) -> None:
    """Change some of ``first_name``, ``last_name``, ``role``, ``password_hash``."""
    allowed = {"first_name", "last_name", "role", "password_hash"}
    if not fields or not set(fields) <= allowed:
        raise ValueError(f"unknown user fields: {set(fields) - allowed}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE users SET {assignments} WHERE id = ?", [*fields.values(), user_id])


# --- one-time links ---------------------------------------------------------------------------------------


def create_token(
    db: Database, token_hash: str, purpose: str, expires_at: datetime, user_id: int | None = None
) -> None:
    """Keep the hash of a one-time link (the link itself is never stored)."""
    row = {
        "token_hash": token_hash,
        "purpose": purpose,
        "user_id": user_id,
        "expires_at": timestamp(expires_at),
        "used_at": None,
        "created_at": now(),
    }
    db.insert("tokens", row, returning=None)


def find_token(db: Database, token_hash: str, at: datetime) -> dict[str, Any] | None:
    """The unused, unexpired link with this hash, or None."""
    return db.row(
        "SELECT token_hash, purpose, user_id, expires_at FROM tokens "
        "WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
        [token_hash, timestamp(at)],
    )


def use_token(db: Database, token_hash: str, at: datetime) -> bool:
    """Spend the link; False if it was already used or has expired (one statement: used once only)."""
    cursor = db.execute(
        "UPDATE tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
        [timestamp(at), token_hash, timestamp(at)],
    )
    return cursor.rowcount == 1


def forget_unused_tokens(db: Database, purpose: str, user_id: int | None = None) -> None:
    if user_id is None:
        db.execute("DELETE FROM tokens WHERE purpose = ? AND used_at IS NULL AND user_id IS NULL", [purpose])
    else:
        db.execute(
            "DELETE FROM tokens WHERE purpose = ? AND used_at IS NULL AND user_id = ?", [purpose, user_id]
        )
