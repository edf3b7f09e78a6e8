"""Insight in the console: the trends page (an SVG chart, no JavaScript, and a table) and
seven-minute briefings (edited per review, downloaded as HTML or Word)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from commands.briefing import make_briefing
from insight.store import stored_trends
from insight.taxonomy import Taxonomy, TaxonomyError, load
from insight.trends import chart_svg
from learning import briefing as briefings
from web.auth import current_user, login_required
from web.context import console

bp = Blueprint("insight", __name__)


def taxonomy() -> Taxonomy:
    try:
        return load(console().config.data_dir)
    except TaxonomyError:
        abort(500)


def _year(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) != 4:
        abort(400)
    return int(value)


def _figures() -> dict[str, Any]:
    start, end = _year("from"), _year("to")
    if start is not None and end is not None and start > end:
        start, end = end, start
    return stored_trends(console().database, taxonomy(), start=start, end=end)


def _years_args() -> dict[str, Any]:
    return {k: v for k in ("from", "to") if (v := request.args.get(k, "").strip())}


@bp.route("/trends")
@login_required
def trends() -> ResponseReturnValue:
    figures = _figures()
    rows = [theme for theme in figures["themes"] if theme["reviews"]]
    return render_template(
        "insight/trends.html",
        figures=figures,
        rows=rows,
        start=request.args.get("from", ""),
        end=request.args.get("to", ""),
        svg_url=url_for("insight.trends_svg", **_years_args()),
    )


@bp.route("/trends.svg")
@login_required
def trends_svg() -> ResponseReturnValue:
    response = Response(chart_svg(_figures()), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- seven-minute briefings


def _briefing(review_id: int) -> tuple[briefings.BriefingInput, briefings.Briefing]:
    config = console().config
    try:
        return make_briefing(console().database, config, taxonomy(), review_id)
    except briefings.BriefingError:
        abort(404)


@bp.route("/reviews/<int:review_id>/briefing")
@login_required
def briefing(review_id: int) -> ResponseReturnValue:
    _, made = _briefing(review_id)
    return render_template(
        "insight/briefing.html",
        review_id=review_id,
        briefing=made,
        texts=[(title, made.text(title)) for title in briefings.SECTIONS],
    )


@bp.post("/reviews/<int:review_id>/briefing")
@login_required
def save_briefing(review_id: int) -> ResponseReturnValue:
    data, _ = _briefing(review_id)
    if request.form.get("action") == "reset":
        briefings.reset_edits(console().database, review_id)
        flash("The briefing is drafted afresh from the review.")
    else:
        texts = {
            title: request.form.get(f"section-{number}", "")
            for number, title in enumerate(briefings.SECTIONS, start=1)
        }
        user = current_user()
        try:
            briefings.save_edits(console().database, data, texts, by=getattr(user, "email", None))
        except briefings.BriefingError as exc:
            flash(str(exc), "error")
        else:
            flash("Briefing saved.")
    return redirect(url_for("insight.briefing", review_id=review_id))


@bp.route("/reviews/<int:review_id>/briefing.<fmt>")
@login_required
def download_briefing(review_id: int, fmt: str) -> ResponseReturnValue:
    if fmt not in briefings.FORMATS:
        abort(404)
    _, made = _briefing(review_id)
    board = console().config.board_name
    if fmt == "docx":
        response = Response(
            briefings.to_docx(made, board),
            mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response.headers["Content-Disposition"] = (
            f'attachment; filename="review-{review_id}-briefing.docx"'
        )
    else:
        response = Response(briefings.to_html(made, board), mimetype="text/html")
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'"
        )
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
