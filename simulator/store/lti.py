"""LTI 1.3: the platforms (LMS) a teacher registered and their deployments, the accounts and courses a
platform launched, the assignments its resource links open, the grades waiting to be sent back, and the
tool's short-lived OIDC data (state, nonce)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .accounts import USER_COLUMNS, User
from .engine import Database, IntegrityError, now


@dataclass(frozen=True, slots=True)
class Platform:
    """An LMS (a Moodle) registered by a teacher: how to check its launches and reach its services."""

    id: int
    name: str
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    tool_url: str | None  # the tool's own address as the platform reaches it (seen at the last launch)
    owner_id: int | None
    created_at: str


PLATFORM_COLUMNS = ", ".join(Platform.__dataclass_fields__)
# Named, not ``*``: on PostgreSQL some tables have an explicit ``rowid`` column (see the dialect's {rowid}).
LTI_USER_COLUMNS = "platform_id, sub, user_id, email, last_launch_at"
CONTEXT_COLUMNS = "platform_id, context_id, class_id, memberships_url"
LINK_COLUMNS = "platform_id, resource_link_id, assignment_id, lineitem_url"
GRADE_SEND_COLUMNS = "assignment_id, user_id, payload, tries, last_error, queued_at, sent_at"


class PlatformTaken(ValueError):
    """This issuer and client id are already registered."""


# --- platforms ----------------------------------------------------------------------------------------------


def create_platform(db: Database, deployment_ids: Sequence[str], **fields: Any) -> Platform:
    row = {"tool_url": None, **fields, "created_at": now()}
    with db.atomic():
        try:
            platform_id = db.insert("lti_platforms", row)
        except IntegrityError as error:
            # (issuer, client id): the only unique key the database does not number
            if error.kind == "unique":
                raise PlatformTaken(fields["issuer"]) from None
            raise
        set_deployments(db, platform_id, deployment_ids)
    return Platform(id=platform_id, **row)


def set_deployments(db: Database, platform_id: int, deployment_ids: Sequence[str]) -> None:
    with db.atomic():
        db.execute("DELETE FROM lti_deployments WHERE platform_id = ?", [platform_id])
        for deployment_id in deployment_ids:
            db.execute(
                "INSERT INTO lti_deployments (platform_id, deployment_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [platform_id, deployment_id],
            )


def _platforms(db: Database, where: str, parameters: list[Any], tail: str = "") -> list[Platform]:
    rows = db.execute(f"SELECT {PLATFORM_COLUMNS} FROM lti_platforms WHERE {where}{tail}", parameters)
    return [Platform(*row) for row in rows.fetchall()]


def get_platform(db: Database, platform_id: int) -> Platform | None:
    found = _platforms(db, "id = ?", [platform_id])
    return found[0] if found else None


def find_platform(db: Database, issuer: str, client_id: str | None = None) -> Platform | None:
    """The platform of this issuer (and client id when given; the oldest when not)."""
    if client_id is None:
        found = _platforms(db, "issuer = ?", [issuer], " ORDER BY id LIMIT 1")
    else:
        found = _platforms(db, "issuer = ? AND client_id = ?", [issuer, client_id])
    return found[0] if found else None


def list_platforms(db: Database) -> list[Platform]:
    return _platforms(db, "1 = 1", [], f" ORDER BY {db.dialect.nocase('name')}, id")


def set_tool_url(db: Database, platform_id: int, tool_url: str) -> None:
    db.execute("UPDATE lti_platforms SET tool_url = ? WHERE id = ?", [tool_url, platform_id])


def deployments(db: Database, platform_id: int) -> list[str]:
    rows = db.execute(
        "SELECT deployment_id FROM lti_deployments WHERE platform_id = ? ORDER BY rowid", [platform_id]
    ).fetchall()
    return [deployment_id for (deployment_id,) in rows]


# --- accounts and courses -----------------------------------------------------------------------------------


def lti_user(db: Database, platform_id: int, sub: str) -> User | None:
    columns = ", ".join(f"u.{name.strip()}" for name in USER_COLUMNS.split(","))
    row = db.execute(
        f"SELECT {columns} FROM users u JOIN lti_users l ON l.user_id = u.id WHERE l.platform_id = ? AND l.sub = ?",
        [platform_id, sub],
    ).fetchone()
    return User(*row) if row else None


def link_lti_user(
    db: Database, platform_id: int, sub: str, user_id: int, email: str | None, launched: bool
) -> None:
    db.execute(
        f"INSERT INTO lti_users ({LTI_USER_COLUMNS}) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (platform_id, sub) DO UPDATE SET email = COALESCE(excluded.email, lti_users.email), "
        "last_launch_at = COALESCE(excluded.last_launch_at, lti_users.last_launch_at)",
        [platform_id, sub, user_id, email, now() if launched else None],
    )


def lti_account(db: Database, user_id: int) -> dict[str, Any] | None:
    """The platform link of an account made by a launch (None for an account with a password)."""
    return db.row(f"SELECT {LTI_USER_COLUMNS} FROM lti_users WHERE user_id = ?", [user_id])


def lti_roster_state(db: Database, class_id: int) -> dict[int, tuple[str | None, str | None]]:
    """For each member of the class that a platform knows: (their e-mail on the platform, their last
    launch; None: never connected)."""
    rows = db.execute(
        "SELECT l.user_id, l.email, l.last_launch_at FROM lti_users l "
        "JOIN class_members m ON m.user_id = l.user_id WHERE m.class_id = ?",
        [class_id],
    ).fetchall()
    return {user_id: (email, launched) for user_id, email, launched in rows}


def context_class(db: Database, platform_id: int, context_id: str) -> int | None:
    row = db.execute(
        "SELECT class_id FROM lti_contexts WHERE platform_id = ? AND context_id = ?",
        [platform_id, context_id],
    ).fetchone()
    return row[0] if row else None


def link_context(
    db: Database, platform_id: int, context_id: str, class_id: int, memberships_url: str | None
) -> None:
    db.execute(
        f"INSERT INTO lti_contexts ({CONTEXT_COLUMNS}) VALUES (?, ?, ?, ?) ON CONFLICT (platform_id, context_id) "
        "DO UPDATE SET memberships_url = COALESCE(excluded.memberships_url, lti_contexts.memberships_url)",
        [platform_id, context_id, class_id, memberships_url],
    )


def class_context(db: Database, class_id: int) -> dict[str, Any] | None:
    return db.row(f"SELECT {CONTEXT_COLUMNS} FROM lti_contexts WHERE class_id = ?", [class_id])


# --- resource links -----------------------------------------------------------------------------------------


def link_assignment(
    db: Database,
    platform_id: int,
    assignment_id: int,
    resource_link_id: str | None,
    lineitem_url: str | None,
) -> None:
    """Bind a resource link of the platform to an assignment; a deep link binds it before its first launch
    (no resource link id yet): the first launch fills it in."""
    with db.atomic():
        if resource_link_id is not None:
            cursor = db.execute(
                "UPDATE lti_links SET resource_link_id = ?, lineitem_url = COALESCE(?, lineitem_url) "
                "WHERE platform_id = ? AND assignment_id = ? AND resource_link_id IS NULL",
                [resource_link_id, lineitem_url, platform_id, assignment_id],
            )
            if cursor.rowcount:
                return
        db.execute(
            f"INSERT INTO lti_links ({LINK_COLUMNS}) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (platform_id, resource_link_id) "
            "DO UPDATE SET lineitem_url = COALESCE(excluded.lineitem_url, lti_links.lineitem_url)",
            [platform_id, resource_link_id, assignment_id, lineitem_url],
        )


def link_of(db: Database, platform_id: int, resource_link_id: str) -> dict[str, Any] | None:
    return db.row(
        f"SELECT {LINK_COLUMNS} FROM lti_links WHERE platform_id = ? AND resource_link_id = ?",
        [platform_id, resource_link_id],
    )


def assignment_links(db: Database, assignment_id: int) -> list[dict[str, Any]]:
    return db.rows(
        f"SELECT {LINK_COLUMNS} FROM lti_links WHERE assignment_id = ? ORDER BY rowid", [assignment_id]
    )


# --- grades sent back ---------------------------------------------------------------------------------------


def queue_grade_send(db: Database, assignment_id: int, user_id: int, payload: dict) -> None:
    """The grade to send for this student (replacing one not sent yet: only the newest matters)."""
    db.execute(
        "INSERT INTO lti_grade_sends (assignment_id, user_id, payload, tries, queued_at) VALUES (?, ?, ?, 0, ?) "
        "ON CONFLICT (assignment_id, user_id) DO UPDATE SET payload = excluded.payload, tries = 0, "
        "last_error = NULL, queued_at = excluded.queued_at, sent_at = NULL",
        # To the microsecond: a send's outcome is recorded only for the payload it sent (see grade_send_done).
        [assignment_id, user_id, json.dumps(payload, ensure_ascii=False), datetime.now(UTC).isoformat()],
    )


def pending_grade_sends(db: Database, assignment_id: int | None = None) -> list[dict[str, Any]]:
    where, parameters = "sent_at IS NULL", []
    if assignment_id is not None:
        where, parameters = where + " AND assignment_id = ?", [assignment_id]
    rows = db.rows(
        f"SELECT {GRADE_SEND_COLUMNS} FROM lti_grade_sends WHERE {where} ORDER BY queued_at, rowid",
        parameters,
    )
    return [{**row, "payload": json.loads(row["payload"])} for row in rows]


def grade_send_done(
    db: Database, assignment_id: int, user_id: int, queued_at: str, error: str | None
) -> None:
    """Record a send's outcome, unless a newer grade was queued meanwhile."""
    if error is None:
        db.execute(
            "UPDATE lti_grade_sends SET sent_at = ?, last_error = NULL, tries = tries + 1 "
            "WHERE assignment_id = ? AND user_id = ? AND queued_at = ?",
            [now(), assignment_id, user_id, queued_at],
        )
    else:
        db.execute(
            "UPDATE lti_grade_sends SET last_error = ?, tries = tries + 1 "
            "WHERE assignment_id = ? AND user_id = ? AND queued_at = ?",
            [error, assignment_id, user_id, queued_at],
        )


# --- OIDC data: state and nonce -----------------------------------------------------------------------------


def put_launch_data(db: Database, key: str, value: Any, expires_at: float) -> None:
    db.execute(
        "INSERT INTO lti_launch_data (key, value, expires_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
        [key, json.dumps(value), expires_at],
    )


def get_launch_data(db: Database, key: str, now: float) -> Any:
    row = db.execute(
        "SELECT value FROM lti_launch_data WHERE key = ? AND expires_at > ?", [key, now]
    ).fetchone()
    return json.loads(row[0]) if row else None


def take_launch_data(db: Database, key: str, now: float) -> bool:
    """Remove the key: True if it was there and alive (a nonce is good once)."""
    cursor = db.execute("DELETE FROM lti_launch_data WHERE key = ? AND expires_at > ?", [key, now])
    return cursor.rowcount == 1


def forget_expired_launch_data(db: Database, now: float) -> None:
    db.execute("DELETE FROM lti_launch_data WHERE expires_at <= ?", [now])


# --- files kept beside the database -------------------------------------------------------------------------


def database_folder(db: Database) -> Path:
    """The folder of a SQLite database file (the instance folder by default): files kept beside it (the LTI
    tool's keys) follow the database wherever it is configured. ValueError for an in-memory database, and
    for PostgreSQL (no file: such files are the instance folder's, see services.lti.keys_folder)."""
    if db.is_postgresql:
        raise ValueError("a PostgreSQL database has no folder")
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file).parent
    raise ValueError("an in-memory database has no folder")
