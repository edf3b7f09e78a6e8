"""The board office web console (``scr-digest serve``): Flask views over the same functions as
the command line. Views parse the request, call a workflow function, and render the result."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from common.months import Month
from common.times import shown
from config import Config
from db import Database, open_database
from mail.links import secret_key
from web.context import EXTENSION, Console

log = logging.getLogger(__name__)


def url_prefix(config: Config) -> str:
    """The path the console is published under (from console_url), '' at the root."""
    if not config.console_url:
        return ""
    return urlsplit(config.console_url).path.rstrip("/")


class PrefixMiddleware:
    """Serve the app under ``prefix``: requests arrive with the prefix (a proxy passing the path
    through) or without it (a proxy stripping it); either way SCRIPT_NAME carries it, so every
    link the app makes includes it."""

    def __init__(self, app: Any, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == self.prefix or path.startswith(self.prefix + "/"):
            path = path[len(self.prefix) :]
        environ["SCRIPT_NAME"] = self.prefix
        environ["PATH_INFO"] = path or "/"
        return self.app(environ, start_response)


csrf = CSRFProtect()

# No page needs inline script; the bulletin (archive pages, the draft preview) carries inline
# styles. A second wall behind autoescaping should scraped text ever slip through.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)

_STATUS = {"draft": "Draft", "approved": "Approved", "sending": "Sending", "sent": "Sent"}


def _month_label(text: str) -> str:
    try:
        return Month.parse(text).label
    except ValueError:
        return text


def _status_label(status: str) -> str:
    return _STATUS.get(status, status)


def create_app(config: Config, *, database: Database | None = None) -> Flask:
    app = Flask(__name__)
    https = bool(config.console_url and config.console_url.lower().startswith("https://"))
    prefix = url_prefix(config)
    app.config.update(
        SECRET_KEY=secret_key(config),
        SESSION_COOKIE_NAME="scr_digest_session",
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        APPLICATION_ROOT=prefix or "/",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        # A draft page may stay open all morning; the token is tied to the session anyway.
        WTF_CSRF_TIME_LIMIT=None,
        PREFERRED_URL_SCHEME="https" if https else "http",
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    if database is None:
        database = open_database(config.db_url)
    app.extensions[EXTENSION] = Console(config, database)
    csrf.init_app(app)

    # X-Forwarded-For/-Proto/-Host are not read here: `scr-digest serve` has waitress believe
    # them from the trusted proxy only (it knows the peer) and drop them from anyone else, so
    # they are applied once, and a visitor cannot forge the address the sign-in limits count.
    if prefix:
        app.wsgi_app = PrefixMiddleware(app.wsgi_app, prefix)  # type: ignore[method-assign]

    from web import auth, drafts, feedback, insight, public, reviews

    app.register_blueprint(auth.bp)
    app.register_blueprint(drafts.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(reviews.bp)
    app.register_blueprint(insight.bp)
    feedback.init_app(app)
    # RFC 8058 one-click unsubscribe is a POST from the mail provider, which has no session and
    # no CSRF token. CSRF protects actions riding on a signed-in session; this one needs none:
    # the unguessable token in the URL is the credential, and a forged POST can only do what
    # the holder of the link may do anyway.
    csrf.exempt(public.unsubscribe)
    app.add_template_filter(_month_label, "month_label")
    app.add_template_filter(_status_label, "status_label")
    app.add_template_filter(lambda moment: shown(moment, config.timezone), "when")

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "user": auth.current_user(),
            "board_name": config.board_name,
            "blueprints": app.blueprints,
        }

    @app.after_request
    def _headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        if request.blueprint != "public" and request.endpoint != "static":
            # Signed-in pages (and a draft opened by its link) hold names, addresses and drafts:
            # never kept by the browser or a shared cache, so Back after signing out shows none.
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> ResponseReturnValue:
        return (
            render_template(
                "error.html",
                heading="The form had expired",
                message="The form was not accepted (it had expired or did not come from this "
                "console). Go back, reload the page and try again.",
            ),
            400,
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> ResponseReturnValue:
        return (
            render_template(
                "error.html",
                heading=error.name,
                message=error.description if error.code != 404 else "There is no page here.",
            ),
            error.code or 500,
        )

    return app
