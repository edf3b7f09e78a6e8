"""Sign-in, sign-out and the ``login_required`` guard."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from web import accounts
from web.accounts import User
from web.context import console

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

F = TypeVar("F", bound=Callable[..., Any])


def current_user() -> User | None:
    """The signed-in, still active account of this request, or None."""
    if "user" not in g:
        user_id = session.get("user_id")
        user = accounts.get_user(console().database, user_id) if isinstance(user_id, int) else None
        if user is not None and session.get("stamp") != user.stamp:
            user = None  # the password was changed since this session signed in
        if user is None and user_id is not None:
            session.clear()  # the account was removed or its password changed: sessions end
        g.user = user
    return g.user


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (never another host), so the login page is no open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def login_url(next_path: str | None = None) -> str:
    """The sign-in page, coming back to ``next_path`` (default: this page) afterwards."""
    if next_path is None:
        next_path = request.script_root + request.full_path.rstrip("?")
    return url_for("auth.login", next=next_path)


def login_required(view: F) -> F:
    """Anonymous requests are sent to the sign-in page (POSTs too: nothing is done or shown)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            return redirect(login_url())
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    next_path = _safe_next(request.values.get("next")) or url_for("drafts.index")
    if request.method == "GET":
        if current_user() is not None:
            return redirect(next_path)
        return render_template("login.html", next=next_path, email="")
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    try:
        user = accounts.authenticate(
            console().database, email, password, request.remote_addr or "unknown"
        )
    except accounts.TooManyAttempts as exc:
        return render_template("login.html", next=next_path, email=email, error=str(exc)), 429
    except accounts.SignInFailed as exc:
        return render_template("login.html", next=next_path, email=email, error=str(exc)), 401
    # A fresh session on sign-in: nothing an attacker planted in the old one survives.
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    session["stamp"] = user.stamp
    log.info("%s signed in", user.email)
    return redirect(next_path)


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    user = current_user()
    if user is not None:
        # Server-side: a copy of this cookie (another tab, another machine) stops working too.
        accounts.end_sessions(console().database, user.id)
        log.info("%s signed out", user.email)
    session.clear()
    return redirect(url_for("auth.login"))
