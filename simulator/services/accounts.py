"""Student accounts: sign up, log in, and keep the attempts played as a guest. Passwords are hashed by
werkzeug (scrypt); nothing here is hand-written crypto."""

from __future__ import annotations

import re

from werkzeug.security import check_password_hash, generate_password_hash

from simulator import store

MIN_PASSWORD_LENGTH = 10
MAX_FIELD_LENGTH = 120
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Checked against when the e-mail is unknown, so a login takes as long whichever part is wrong.
_DUMMY_HASH = generate_password_hash("lettrage-dummy-password")

#: Login refusals never say which part was wrong.
LOGIN_REFUSED = "E-mail ou mot de passe incorrect."


def sign_up(
    db: store.Database, *, first_name: str, last_name: str, email: str, password: str
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
            password_hash=generate_password_hash(password),
        )
    except store.EmailTaken:
        return None, {"email": "Un compte existe déjà avec cette adresse : connectez-vous."}
    return user, {}


def authenticate(db: store.Database, email: str, password: str) -> store.User | None:
    """The user whose e-mail and password these are, or None (see :data:`LOGIN_REFUSED`)."""
    user = store.find_user_by_email(db, email or "")
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


def get_user(db: store.Database, user_id: int) -> store.User | None:
    return store.get_user(db, user_id)


def claim_guest_attempts(db: store.Database, guest_token: str | None, user: store.User) -> int:
    """The attempts a guest played in this browser become the account's; returns how many."""
    if not guest_token:
        return 0
    return store.claim_guest_attempts(db, guest_token, user.id)
