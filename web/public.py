"""Pages anyone may see, signed in or not: the bulletin archive, its feed, and unsubscribing.

The archive is served from the files ``digest send`` writes to ``<data dir>/archive/`` (the
same pages, index and Atom feed that can be copied to any web server), so the console shares
the data directory with whatever sends the bulletins.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from flask import Blueprint, abort, render_template, request, send_from_directory
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from db import Recipient
from digest import recipients
from web.context import console

log = logging.getLogger(__name__)

bp = Blueprint("public", __name__)

_ARCHIVE_FILE = re.compile(r"(\d{4}-(0[1-9]|1[0-2])\.html|index\.html|feed\.xml)")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _archive_dir() -> Path:
    return console().config.data_dir / "archive"


@bp.route("/archive/")
def archive_index() -> ResponseReturnValue:
    if (_archive_dir() / "index.html").is_file():
        return archive_file("index.html")
    return render_template("public/archive_index.html")


@bp.route("/archive/<name>")
def archive_file(name: str) -> ResponseReturnValue:
    if not _ARCHIVE_FILE.fullmatch(name):
        abort(404)
    mimetype = "application/atom+xml" if name == "feed.xml" else "text/html"
    response = send_from_directory(_archive_dir(), name, mimetype=mimetype, max_age=300)
    if name == "feed.xml":
        response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response


def _known(token: str) -> bool:
    if not _TOKEN.fullmatch(token):
        return False
    with console().database.session() as session:
        return session.scalar(select(Recipient.id).where(Recipient.token == token)) is not None


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> ResponseReturnValue:
    # An unknown token gets the same 404 as any missing page: nothing about who is subscribed.
    if not _known(token):
        abort(404)
    if request.method != "POST":
        # Mail scanners follow links (GET, and HEAD, which Flask answers from a GET route): only
        # the button's POST, or a mail provider's one-click POST, unsubscribes.
        return render_template("public/unsubscribe.html", token=token)
    try:
        with console().database.session() as session:
            done = recipients.unsubscribe(session, token)
    except recipients.RecipientError:
        abort(404)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    log.info("unsubscribed a recipient through the %s", "one-click link" if one_click else "page")
    return render_template(
        "public/unsubscribed.html",
        email=done.email,
        already=done.already,
        office=", ".join(console().config.board_office),
    )
