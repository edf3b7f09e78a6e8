"""Draft bulletins: the list, the draft page and its actions.

Every action calls a ``digest.drafting`` function, the same one the CLI command calls, and
shows its refusal (DigestError) as a flash message; nothing here decides what may change.

The bulletin preview is the workflow's own rendering (``drafting.show``), embedded in a
sandboxed ``<iframe srcdoc>``: it is a whole HTML document with its own styles and headings,
and the sandbox (no scripts, no same-origin) is a second wall behind the renderer's escaping of
scraped text.
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from common.months import Month
from db import heartbeat
from db.statuses import DigestStatus, OutboundStatus
from digest import drafting
from digest import themes as digest_themes
from digest.links import LinkError, check_draft_key
from digest.state import DigestError
from web.auth import current_user, login_required, login_url
from web.context import console
from web.sending import Sender

log = logging.getLogger(__name__)

bp = Blueprint("drafts", __name__)

SENDER = "scr_digest_sender"


def sender(app: Flask | None = None) -> Sender:
    """The app's background sender ("Send now"); tests wait on it with ``.wait(month)``."""
    return (app or current_app).extensions.setdefault(SENDER, Sender())


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        abort(404)


def _back(month: Month, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("drafts.draft", month=str(month)) + anchor)


def _refused(exc: Exception) -> None:
    text = str(exc)
    flash(text[:1].upper() + text[1:], "error")


def _review_id() -> int:
    try:
        return int(request.form.get("review_id", ""))
    except ValueError:
        abort(400, "No review was given.")


@bp.route("/")
@login_required
def home() -> ResponseReturnValue:
    return redirect(url_for("drafts.index"))


@bp.route("/drafts/")
@login_required
def index() -> ResponseReturnValue:
    return render_template(
        "drafts/index.html", digests=drafting.digests(console().database), scheduler=_scheduler()
    )


@bp.route("/drafts/<month>")
def draft(month: str) -> ResponseReturnValue:
    wanted = _month(month)
    read_only_link = False
    if current_user() is None:
        key = request.args.get("key")
        if not key:
            return redirect(login_url())
        try:
            check_draft_key(console().config, key, wanted)
        except LinkError as exc:
            return (
                render_template(
                    "error.html",
                    heading="This link does not open the draft",
                    message=str(exc),
                    link=("Sign in", login_url(url_for("drafts.draft", month=str(wanted)))),
                ),
                403,
            )
        read_only_link = True
    config, database = console().config, console().database
    try:
        state = drafting.draft_state(database, config, wanted)
        shown = drafting.show(database, config, month=wanted)
        opening = digest_themes.themes(database, wanted)
    except DigestError:
        abort(404)
    run = sender().run_for(wanted)
    deliveries = state.progress["deliveries"]
    owed = sum(deliveries.get(name, 0) for name in ("sent", "failed", "pending", "in_doubt"))
    running = bool(run and run.running)
    refresh = running or (
        state.status == DigestStatus.SENDING
        and deliveries.get(OutboundStatus.PENDING, 0) > 0
        and not (run and run.error)
    )
    refresh_url = url_for(
        "drafts.draft", month=str(wanted), key=request.args.get("key") if read_only_link else None
    )
    return render_template(
        "drafts/draft.html",
        refresh_url=refresh_url,
        state=state,
        shown=shown,
        opening=opening,
        month=wanted,
        editable=state.status == DigestStatus.DRAFT and not read_only_link,
        read_only_link=read_only_link,
        run=run,
        running=running,
        refresh=refresh,
        delivered=deliveries.get("sent", 0),
        owed=owed,
        scheduler=_scheduler(),
    )


def _publication_id() -> int:
    try:
        return int(request.form.get("publication_id", ""))
    except ValueError:
        abort(400, "No publication was given.")


@bp.post("/drafts/<month>/publications/<action>")
@login_required
def publication(month: str, action: str) -> ResponseReturnValue:
    """Exclude, include or move (``direction`` up or down) one national publication."""
    wanted = _month(month)
    publication_id = _publication_id()
    database = console().database
    try:
        if action in ("exclude", "include"):
            drafting.set_included(
                database,
                wanted,
                [publication_id],
                included=action == "include",
                kind=drafting.PUBLICATION,
                zone=console().config.timezone,
            )
            flash(
                f"Publication {publication_id} "
                f"{'put back in' if action == 'include' else 'left out'}."
            )
        elif action == "move":
            direction = request.form.get("direction", "")
            if direction not in ("up", "down"):
                abort(400, "Move it up or down.")
            moved = drafting.move(
                database,
                wanted,
                publication_id,
                direction,
                kind=drafting.PUBLICATION,
                zone=console().config.timezone,
            )
            if moved.moved:
                flash(f"Publication {publication_id} moved {direction}.")
            else:
                edge = "first" if direction == "up" else "last"
                flash(f"Publication {publication_id} is already {edge}.")
        else:
            abort(404)
    except DigestError as exc:
        _refused(exc)
    return _back(wanted, f"#publication-{publication_id}")


def _scheduler() -> dict[str, object]:
    """Whether a scheduler is running (its heartbeat), said as the pages say it."""
    beat = heartbeat.seen(console().database)
    text = heartbeat.describe(beat, console().config.timezone)
    return {"running": beat.running, "text": text[:1].upper() + text[1:]}


@bp.post("/drafts/<month>/exclude")
@login_required
def exclude(month: str) -> ResponseReturnValue:
    return _set_included(_month(month), included=False)


@bp.post("/drafts/<month>/include")
@login_required
def include(month: str) -> ResponseReturnValue:
    return _set_included(_month(month), included=True)


def _set_included(month: Month, *, included: bool) -> ResponseReturnValue:
    review_id = _review_id()
    try:
        drafting.set_included(
            console().database,
            month,
            [review_id],
            included=included,
            zone=console().config.timezone,
        )
    except DigestError as exc:
        _refused(exc)
    else:
        flash(f"Review {review_id} {'put back in' if included else 'left out'}.")
    return _back(month, f"#review-{review_id}")


@bp.post("/drafts/<month>/move")
@login_required
def move(month: str) -> ResponseReturnValue:
    wanted = _month(month)
    review_id = _review_id()
    direction = request.form.get("direction", "")
    try:
        result = drafting.move(
            console().database, wanted, review_id, direction, zone=console().config.timezone
        )
    except DigestError as exc:
        _refused(exc)
    else:
        if result.moved:
            flash(f"Review {review_id} moved {direction}; it is now number {result.position}.")
        else:
            flash(f"Review {review_id} is already {'first' if direction == 'up' else 'last'}.")
    return _back(wanted, f"#review-{review_id}")


@bp.post("/drafts/<month>/intro")
@login_required
def intro(month: str) -> ResponseReturnValue:
    wanted = _month(month)
    reset = request.form.get("action") == "reset"
    try:
        text = None if reset else request.form.get("intro", "")
        drafting.set_intro(console().database, wanted, text, zone=console().config.timezone)
    except DigestError as exc:
        _refused(exc)
    else:
        flash("Introduction reset to the standard one." if reset else "Introduction saved.")
    return _back(wanted, "#introduction")


@bp.post("/drafts/<month>/themes")
@login_required
def themes(month: str) -> ResponseReturnValue:
    """The opening paragraph: the board's own text, the generated one, or none."""
    wanted = _month(month)
    mode = {"save": "custom", "auto": "auto", "none": "none"}.get(
        request.form.get("action", ""), ""
    )
    try:
        digest_themes.set_themes(
            console().database,
            wanted,
            mode,
            request.form.get("themes"),
            zone=console().config.timezone,
        )
    except DigestError as exc:
        _refused(exc)
    else:
        flash(
            {
                "custom": "Opening paragraph saved.",
                "auto": "The opening paragraph is generated from the reviews' themes again.",
                "none": "The bulletin now has no opening paragraph.",
            }[mode]
        )
    return _back(wanted, "#themes")


@bp.route("/drafts/<month>/approve", methods=["GET", "POST"])
@login_required
def approve(month: str) -> ResponseReturnValue:
    wanted = _month(month)
    config, database = console().config, console().database
    if request.method == "GET":
        try:
            state = drafting.draft_state(database, config, wanted)
        except DigestError:
            abort(404)
        if state.status != DigestStatus.DRAFT:
            flash(f"The {wanted.label} bulletin is already approved.")
            return _back(wanted)
        return render_template(
            "drafts/approve.html", state=state, month=wanted, scheduler=_scheduler()
        )
    user = current_user()
    try:
        result = drafting.approve(
            database,
            config,
            month=wanted,
            approved_by=user.email if user else None,
            require_recipients=True,
        )
    except DigestError as exc:
        _refused(exc)
    else:
        flash(
            f"The {wanted.label} bulletin is approved with {result.included} "
            f"review{'' if result.included == 1 else 's'}, for {result.recipients} "
            f"recipient{'' if result.recipients == 1 else 's'}; it can no longer change."
        )
        log.info("%s approved the %s digest", user.email if user else "?", wanted)
    return _back(wanted)


@bp.post("/drafts/<month>/send")
@login_required
def send(month: str) -> ResponseReturnValue:
    wanted = _month(month)
    allow_empty = request.form.get("allow_empty") == "yes"
    if sender().start(console(), wanted, allow_empty=allow_empty):
        flash(f"Sending the {wanted.label} bulletin; this page shows its progress.")
    else:
        flash("It is being sent already.")
    return _back(wanted, "#delivery")
