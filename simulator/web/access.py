"""Who is asking, and the one way a view reads an attempt: :func:`attempt_or_404`."""

from __future__ import annotations

from flask import abort, session
from flask_login import current_user

from simulator import services
from simulator.services.attempts import LoadedAttempt, Owner

from .db import get_db

#: The session key of a guest's random token (their attempts are tied to it until they sign up).
GUEST_KEY = "guest_token"


def current_owner(*, create_guest: bool = False) -> Owner:
    """The logged-in user, else the browser session's guest token (made on demand when ``create_guest``)."""
    if current_user.is_authenticated:
        return Owner(user_id=current_user.id)
    token = session.get(GUEST_KEY)
    if token is None and create_guest:
        token = session[GUEST_KEY] = services.attempts.new_guest_token()
    return Owner(guest_token=token)


def attempt_or_404(attempt_id: int) -> LoadedAttempt:
    """The attempt with its world and replayed books if the requester owns it; 404 otherwise (whether it
    exists or not). Every ``/tentatives/<id>/…`` view starts with this."""
    attempt = services.attempts.load(get_db(), attempt_id, current_owner())
    if attempt is None:
        abort(404)
    return attempt
