"""Inscription (with an optional class code), Connexion, Déconnexion (Flask-Login), Rejoindre une classe,
and the one-time links (first teacher, new password). The session is cleared at login, so its cookie
changes; a guest's attempts follow them into their account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user

from simulator import services, store

from .access import GUEST_KEY
from .db import get_db
from .extensions import login_manager

bp = Blueprint("auth", __name__)


class LoginUser(UserMixin):
    """The account as Flask-Login sees it."""

    def __init__(self, user: store.User):
        self.user = user
        self.id = user.id
        self.full_name = user.full_name
        self.role = user.role


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_user(user_id: str) -> LoginUser | None:
    user = services.accounts.get_user(get_db(), int(user_id)) if user_id.isdigit() else None
    return LoginUser(user) if user else None


def _start_session(user: store.User) -> None:
    """Claim the guest's attempts, then a fresh session for the account (the cookie changes)."""
    services.accounts.claim_guest_attempts(get_db(), session.get(GUEST_KEY), user)
    session.clear()
    login_user(LoginUser(user))


def _safe_next(target: str | None, user: store.User | None = None) -> str:
    """Where a login goes: the page asked for (on this site only), else the user's home: « Mes classes » for
    a teacher, « Mes tentatives » for a student."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
        return target
    if user is not None and user.role == "teacher":
        return url_for("teacher.classes")
    return url_for("student.my_attempts")


@bp.route("/inscription", methods=["GET", "POST"])
def signup():
    form, errors = request.form, {}
    if request.method == "POST":
        user, errors = services.accounts.sign_up(
            get_db(),
            first_name=form.get("first_name", ""),
            last_name=form.get("last_name", ""),
            email=form.get("email", ""),
            password=form.get("password", ""),
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        )
        code = form.get("code", "").strip()
        if user and code:
            group, join_errors = services.classes.join(get_db(), user, code)
            _start_session(user)
            if group:
                flash(f"Bienvenue, {user.first_name} ! Vous avez rejoint la classe « {group.name} ».")
                return redirect(url_for("student.my_assignments"), 303)
            flash(f"Votre compte est créé, mais : {join_errors['code']}", "error")
            return redirect(url_for("auth.join_class"), 303)
        if user:
            _start_session(user)
            flash(f"Bienvenue, {user.first_name} ! Votre compte est créé.")
            return redirect(url_for("student.my_attempts"), 303)
    status = 422 if errors else 200
    return render_template(
        "auth/signup.html",
        form=form,
        errors=errors,
        min_length=services.accounts.MIN_PASSWORD_LENGTH,
    ), status


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    form, errors = request.form, {}
    if request.method == "POST":
        user = services.accounts.authenticate(
            get_db(),
            form.get("email", ""),
            form.get("password", ""),
            current_app.config["PASSWORD_HASH_METHOD"],
        )
        if user:
            _start_session(user)
            return redirect(_safe_next(request.args.get("next"), user), 303)
        errors = {"": services.accounts.LOGIN_REFUSED}
    return render_template("auth/login.html", form=form, errors=errors), 422 if errors else 200


@bp.post("/deconnexion")
def logout():
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté.")
    return redirect(url_for("main.index"), 303)


@bp.route("/lien/<token>", methods=["GET", "POST"])
def one_time_link(token: str):
    """A one-time link: create the first teacher account, or choose a new password."""
    db = get_db()
    found = services.accounts.link_purpose(db, token)
    if found is None:
        return render_template("auth/link_invalid.html", message=services.accounts.LINK_INVALID), 404
    purpose, user = found
    form, errors = request.form, {}
    if request.method == "POST":
        user, errors = services.accounts.use_link(
            db,
            token,
            password=form.get("password", ""),
            first_name=form.get("first_name", ""),
            last_name=form.get("last_name", ""),
            email=form.get("email", ""),
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        )
        if user:
            _start_session(user)
            flash("Votre mot de passe est enregistré.")
            target = "teacher.home" if user.role == "teacher" else "student.my_assignments"
            return redirect(url_for(target), 303)
    return render_template(
        "auth/link.html",
        purpose=purpose,
        user=user,
        form=form,
        errors=errors,
        min_length=services.accounts.MIN_PASSWORD_LENGTH,
    ), 422 if errors else 200


@bp.route("/rejoindre", methods=["GET", "POST"])
@login_required
def join_class():
    form, errors = request.form, {}
    if request.method == "POST":
        group, errors = services.classes.join(get_db(), current_user.user, form.get("code", ""))
        if group:
            flash(f"Vous avez rejoint la classe « {group.name} ».")
            return redirect(url_for("student.my_assignments"), 303)
    return render_template("auth/join.html", form=form, errors=errors), 422 if errors else 200
