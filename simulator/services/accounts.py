"""Accounts: students sign up, log in, and keep the attempts played as a guest; teachers are created by a
one-time link (the first one printed by ``simulator serve``, the others by ``simulator teacher add``), and a
one-time link also resets a password. Passwords are hashed by werkzeug (scrypt); links are random tokens
stored hashed, used once, expiring."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from werkzeug.security import check_password_hash, generate_password_hash

from simulator import store

MIN_PASSWORD_LENGTH = 10
MAX_FIELD_LENGTH = 120
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: werkzeug's method for new password hashes. The application's ``PASSWORD_HASH_METHOD`` setting may name
#: another (the tests use a one-round hash: scrypt costs about 0.2 s per account); checking a password reads
#: the method from its stored hash, so accounts hashed either way still log in.
PASSWORD_HASH_METHOD = "scrypt"

#: Login refusals never say which part was wrong.
LOGIN_REFUSED = "E-mail ou mot de passe incorrect."


def sign_up(
    db: store.Database,
    *,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    hash_method: str = PASSWORD_HASH_METHOD,
) -> tuple[store.User | None, dict[str, str]]:
    """Create a student account; ``(user, {})`` or ``(None, {field: French message})``."""
    first_name, last_name, email = first_name.strip(), last_name.strip(), email.strip()
    errors: dict[str, str] = {}
    for field, value, label in (("first_name", first_name, "prénom"), ("last_name", last_name, "nom")):
        if not value:
            errors[field] = f"Le {label} est obligatoire."
        elif len(value) > MAX_FIELD_LENGTH:
            errors[field] = f"Le {label} est trop long ({MAX_FIELD_LENGTH} caractères au plus)."
    if not email:
        errors["email"] = "L'adresse e-mail est obligatoire."
    elif not _EMAIL.match(email) or len(email) > 254:
        errors["email"] = f"« {email} » n'est pas une adresse e-mail."
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères."
    if errors:
        return None, errors
    try:
        user = store.create_user(
            db,
            email=email,
            first_name=first_name,
            last_name=last_name,
            password_hash=generate_password_hash(password, method=hash_method),
        )
    except store.EmailTaken:
        return None, {"email": "Un compte existe déjà avec cette adresse : connectez-vous."}
    return user, {}


def authenticate(
    db: store.Database, email: str, password: str, hash_method: str = PASSWORD_HASH_METHOD
) -> store.User | None:
    """The user whose e-mail and password these are, or None (see :data:`LOGIN_REFUSED`)."""
    user = store.find_user_by_email(db, email or "")
    if user is None:
        check_password_hash(_dummy_hash(hash_method), password or "")
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


@lru_cache(maxsize=4)
def _dummy_hash(hash_method: str) -> str:
    """Checked against when the e-mail is unknown, so a login takes as long whichever part is wrong."""
    return generate_password_hash("lettrage-dummy-password", method=hash_method)


def get_user(db: store.Database, user_id: int) -> store.User | None:
    return store.get_user(db, user_id)


def claim_guest_attempts(db: store.Database, guest_token: str | None, user: store.User) -> int:
    """The attempts a guest played in this browser become the account's; returns how many."""
    if not guest_token:
        return 0
    return store.claim_guest_attempts(db, guest_token, user.id)


# --- teachers and one-time links ----------------------------------------------------------------------------

#: How long a one-time link stays valid.
LINK_LIFETIME = timedelta(days=3)
FIRST_TEACHER = "first_teacher"
SET_PASSWORD = "set_password"
LINK_INVALID = "Ce lien n'est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau."


def _hash_token(token: str) -> str:
    # The token is 256 random bits: a plain SHA-256 is enough to keep the stored value useless to a reader.
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(db: store.Database, purpose: str, user_id: int | None) -> str:
    token = secrets.token_urlsafe(32)
    store.forget_unused_tokens(db, purpose, user_id)  # only the newest link of a kind works
    store.create_token(db, _hash_token(token), purpose, datetime.now(UTC) + LINK_LIFETIME, user_id)
    return token


def first_teacher_token(db: store.Database) -> str | None:
    """A one-time token to create the first teacher account, or None when a teacher exists."""
    return None if store.has_teacher(db) else _issue(db, FIRST_TEACHER, None)


def password_token(db: store.Database, user: store.User) -> str:
    """A one-time token for ``user`` to choose a new password (the older ones stop working)."""
    return _issue(db, SET_PASSWORD, user.id)


def add_teacher(db: store.Database, email: str) -> tuple[store.User | None, str]:
    """A teacher account for ``email`` (an existing account becomes a teacher's) and a one-time token to
    set its password; ``(None, French reason)`` for an invalid address."""
    email = email.strip()
    if not _EMAIL.match(email) or len(email) > 254:
        return None, f"« {email} » n'est pas une adresse e-mail."
    user = store.find_user_by_email(db, email)
    if user is None:
        name = email.split("@", 1)[0]
        # No usable password until the link is used: werkzeug refuses to check against "!".
        user = store.create_user(
            db, email=email, first_name=name, last_name="", password_hash="!", role="teacher"
        )
    elif user.role != "teacher":
        store.update_user(db, user.id, role="teacher")
        user = store.get_user(db, user.id)
    return user, password_token(db, user)  # type: ignore[arg-type]


def link_purpose(db: store.Database, token: str) -> tuple[str, store.User | None] | None:
    """What a valid link is for, and whose password it sets; None if it is used, expired or unknown."""
    row = store.find_token(db, _hash_token(token), datetime.now(UTC))
    if row is None:
        return None
    return row["purpose"], store.get_user(db, row["user_id"]) if row["user_id"] else None


def _check_names(first_name: str, last_name: str, errors: dict[str, str]) -> None:
    for field, value, label in (("first_name", first_name, "prénom"), ("last_name", last_name, "nom")):
        if not value:
            errors[field] = f"Le {label} est obligatoire."
        elif len(value) > MAX_FIELD_LENGTH:
            errors[field] = f"Le {label} est trop long ({MAX_FIELD_LENGTH} caractères au plus)."


def use_link(
    db: store.Database,
    token: str,
    *,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    hash_method: str = PASSWORD_HASH_METHOD,
) -> tuple[store.User | None, dict[str, str]]:
    """Spend a one-time link: create the first teacher, or set the password of the link's account."""
    found = link_purpose(db, token)
    if found is None:
        return None, {"": LINK_INVALID}
    purpose, user = found
    first_name, last_name, email = first_name.strip(), last_name.strip(), email.strip()
    errors: dict[str, str] = {}
    if purpose == FIRST_TEACHER or (user is not None and user.role == "teacher"):
        _check_names(first_name, last_name, errors)
    if purpose == FIRST_TEACHER and (not _EMAIL.match(email) or len(email) > 254):
        errors["email"] = (
            "L'adresse e-mail est obligatoire." if not email else f"« {email} » n'est pas une adresse e-mail."
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères."
    if errors:
        return None, errors
    with db.atomic():
        if not store.use_token(db, _hash_token(token), datetime.now(UTC)):
            return None, {"": LINK_INVALID}
        if purpose == FIRST_TEACHER:
            try:
                user = store.create_user(
                    db,
                    email=email,
                    first_name=first_name,
                    last_name=last_name,
                    password_hash=generate_password_hash(password, method=hash_method),
                    role="teacher",
                )
            except store.EmailTaken:
                store.update_user(db, store.find_user_by_email(db, email).id, role="teacher")  # type: ignore[union-attr]
                user = store.find_user_by_email(db, email)
                store.set_password_hash(db, user.id, generate_password_hash(password, method=hash_method))  # type: ignore[union-attr]
        else:
            fields = {"password_hash": generate_password_hash(password, method=hash_method)}
            if user.role == "teacher":  # type: ignore[union-attr]
                fields |= {"first_name": first_name, "last_name": last_name}
            store.update_user(db, user.id, **fields)  # type: ignore[union-attr]
        return store.get_user(db, user.id), {}  # type: ignore[union-attr]
