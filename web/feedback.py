"""The learning loop in the console: the public feedback form (``/feedback/<token>``), its
confirmation with the CPD record, the follow-up answer page, the counted report links
(``/r/<token>/<review id>``); and, behind sign-in, the answers and the board report.

The public pages need no sign-in: the signed token in the address is the credential (bound to
one recipient and one bulletin, ``mail.links``). An unknown or tampered token is a 404 that says
nothing about who receives the bulletin. The form is checked by ``learning.form`` (pure); CSRF
protection is the console's (``CSRFProtect``), and the page works without JavaScript.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from typing import NoReturn

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue

from common.months import Month
from config import Config
from db import Database
from learning import board
from learning import feedback as answers
from learning.cpd import render_pdf
from learning.form import (
    CONFIDENCE,
    FIELDS,
    MULTIPLE,
    OUTCOMES,
    SHARED_HOW,
    validate,
    validate_followup,
)
from learning.outbound import send_acknowledgements
from learning.report import Period
from mail.links import Bound, Signer
from mail.settings import transport_from_config
from web.auth import login_required
from web.context import console

log = logging.getLogger(__name__)

bp = Blueprint("feedback", __name__)


def _signer() -> Signer:
    return Signer.of(console().config)


_INVALID = "This link is not valid. Use the link in your bulletin or email, exactly as it was sent."


def _not_found() -> NoReturn:
    """A clear 404 that says nothing about who receives the bulletin."""
    page = render_template("error.html", heading="This link is not valid", message=_INVALID)
    abort(make_response(page, 404))


def _bound(token: str) -> Bound:
    bound = _signer().read_feedback_token(token)
    if bound is None:
        _not_found()
    return bound


def _office(config: Config) -> str | None:
    return config.board_office[0] if config.board_office else config.mail_from


def _acknowledge(database: Database, config: Config) -> None:
    """Mail the CPD records owed, after the answer's page has gone; a failure is left for
    ``feedback send-due`` (the scheduler runs it)."""

    def run() -> None:
        try:
            send_acknowledgements(database, config, transport_from_config(config))
        except Exception:
            log.exception("CPD acknowledgement not sent now; feedback send-due will")

    threading.Thread(target=run, name="cpd-acknowledgement", daemon=True).start()


@bp.route("/feedback/<token>", methods=["GET", "POST"])
def form(token: str) -> ResponseReturnValue:
    bound = _bound(token)
    app = console()
    now = datetime.now(UTC)
    context = answers.form_context(app.database, app.config, bound, now)
    if context is None:
        _not_found()
    if context.closed:
        return render_template(
            "feedback/closed.html",
            month=context.month,
            office=_office(app.config),
            days=app.config.feedback_open_days,
        )
    values: dict[str, list[str]] = {name: [] for name in FIELDS}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.form.getlist(name) for name in FIELDS}
        answer, errors = validate(values, [review_id for review_id, _ in context.reviews])
        if answer is not None:
            done = answers.submit(app.database, context, answer, now)
            if done.acknowledged:
                _acknowledge(app.database, app.config)
            log.info("feedback answer %s stored", done.feedback_id)
            record = _signer().id_token("record", done.feedback_id)
            return redirect(url_for("feedback.done", record=record), code=303)
    return (
        render_template(
            "feedback/form.html",
            token=token,
            context=context,
            values={k: v if k in MULTIPLE else (v[0] if v else "") for k, v in values.items()},
            errors=errors,
            shared_how=SHARED_HOW,
            confidence=CONFIDENCE,
        ),
        400 if errors else 200,
    )


def _record_id(record: str) -> int:
    feedback_id = _signer().read_id_token("record", record)
    if feedback_id is None:
        abort(404)
    return feedback_id


@bp.route("/feedback/done/<record>")
def done(record: str) -> ResponseReturnValue:
    feedback_id = _record_id(record)
    found = answers.record_of(console().database, console().config, feedback_id)
    if found is None:
        abort(404)
    return render_template("feedback/done.html", record=record, cpd=found)


@bp.route("/feedback/record/<record>.pdf")
def record_pdf(record: str) -> ResponseReturnValue:
    found = answers.record_of(console().database, console().config, _record_id(record))
    if found is None:
        abort(404)
    response = Response(render_pdf(found), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="cpd-record-{found.reference}.pdf"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/follow-up/<token>", methods=["GET", "POST"])
def followup(token: str) -> ResponseReturnValue:
    followup_id = _signer().read_id_token("followup", token)
    context = (
        None if followup_id is None else answers.followup_context(console().database, followup_id)
    )
    if context is None:
        _not_found()
    values = {"outcome": "", "evidence": "", "barriers": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in values}
        answer, errors = validate_followup({k: [v] for k, v in values.items()})
        if answer is not None:
            answers.answer_followup(console().database, context.followup_id, answer)
            return render_template("feedback/followup_done.html")
    return (
        render_template(
            "feedback/followup.html",
            context=context,
            values=values,
            errors=errors,
            outcomes=OUTCOMES,
        ),
        400 if errors else 200,
    )


@bp.route("/r/<token>/<int:review_id>")
def open_report(token: str, review_id: int) -> ResponseReturnValue:
    """Counts one open for the link's agency and the review, then leads to the report: the
    source's, or the board's archived copy once the source no longer has it."""
    bound = _bound(token)
    target = answers.open_report(console().database, console().config, bound, review_id)
    if target is None:
        abort(404)
    if target.url is not None:
        return redirect(target.url, code=302)
    assert target.archived is not None
    response = send_file(
        target.archived,
        mimetype="application/pdf",
        download_name=f"review-{review_id}-report.pdf",
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# ---------------------------------------------------------------- behind sign-in


def _period() -> Period:
    this_month = Month.current(console().config.timezone)
    try:
        start = Month.parse(request.args["from"]) if request.args.get("from") else None
        end = Month.parse(request.args["to"]) if request.args.get("to") else None
        return Period.of(start, end, this_month)
    except ValueError as exc:
        abort(400, str(exc))


@bp.route("/reports")
@login_required
def reports() -> ResponseReturnValue:
    period = _period()
    fmt = request.args.get("format", "")
    app = console()
    if fmt in ("docx", "json", "csv"):
        body = board.render(app.database, app.config, period, fmt)
        mimetype = {
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "json": "application/json",
            "csv": "text/csv",
        }[fmt]
        response = Response(body, mimetype=mimetype)
        name = f"board-report-{period.start}-to-{period.end}.{fmt}"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    report = board.build(app.database, period)
    return render_template(
        "feedback/reports.html",
        period=period,
        body=board.to_html(report, app.config, fragment=True),
    )


@bp.route("/responses")
@login_required
def responses() -> ResponseReturnValue:
    month = None
    if request.args.get("month"):
        try:
            month = Month.parse(request.args["month"])
        except ValueError as exc:
            abort(400, str(exc))
    rows = answers.list_answers(console().database, month=month)
    return render_template("feedback/responses.html", rows=rows, month=month, shared=SHARED_HOW)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
