"""Reviews for the board office: full-text search, a page per review, the archived report.

Search is ``db.search.search_reviews``, the same function as ``scr-digest reviews list
--search``. Everything shown here was scraped from the source site or extracted from a PDF, so
it is treated as hostile: autoescaped, links only for http(s), host names shown as the browser
would go to them (punycode), bidirectional-override characters removed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from common.fields import TEXT_FIELDS, shown_label
from common.links import ascii_link
from common.months import MONTH_NAMES
from common.text import strip_invisible
from db import Review
from db.queries import earlier_review_label, recommendation_items, tag_details
from db.search import search_facets, search_reviews
from web.auth import login_required
from web.context import console

log = logging.getLogger(__name__)

bp = Blueprint("reviews", __name__)

PER_PAGE = 20


@dataclass(frozen=True)
class Link:
    href: str
    shown: str


def web_link(url: str | None) -> Link | None:
    """An http(s) URL as the bulletin shows it (``common.links.ascii_link``: ASCII, the host in
    punycode so a look-alike is visible as what it is); anything else is no link."""
    href = ascii_link(url)
    return Link(href, href) if href else None


def published(review: Review) -> str:
    if review.published_month and 1 <= review.published_month <= 12:
        return f"{MONTH_NAMES[review.published_month - 1]} {review.published_year}"
    return str(review.published_year)


def heading(review: Review) -> str:
    return strip_invisible(f"{published(review)} – {review.area} – {review.title}")


def sections(review: Review) -> list[tuple[str, str]]:
    """(label, text) as published, in order; the canonical fields when no sections were kept."""
    shown: list[tuple[str, str]] = []
    for section in review.sections or []:
        if not isinstance(section, dict) or not section.get("text"):
            continue
        label = section.get("label") or (section.get("field") or "").capitalize() or "Summary"
        # The bulletin's rule: "Key issues include:" is shown "Key issues".
        label = shown_label(label) or (section.get("field") or "").capitalize() or "Summary"
        shown.append((label, strip_invisible(section["text"])))
    if shown:
        return shown
    return [
        (name.capitalize(), strip_invisible(getattr(review, name)))
        for name in TEXT_FIELDS
        if getattr(review, name)
    ]


REPORT_OUTCOMES = {
    "pending": "Not fetched yet.",
    "ok": "Downloaded and its text extracted.",
    "empty": "Downloaded, but it contains no text.",
    "needs_ocr": "Downloaded; it is scanned and its text needs OCR.",
    "failed": "Could not be fetched or read.",
}


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 9 else None


@bp.app_template_filter("plain")
def _plain_filter(value: object) -> str:
    return strip_invisible(value)


@bp.route("/reviews")
@login_required
def index() -> ResponseReturnValue:
    query = request.args.get("q", "")
    year = _int_arg("year")
    area = request.args.get("area", "").strip() or None
    keyword = request.args.get("keyword", "").strip() or None
    page = _int_arg("page") or 1
    with console().database.session() as session:
        found = search_reviews(
            session, query, year=year, area=area, keyword=keyword, page=page, per_page=PER_PAGE
        )
        facets = search_facets(session)
        hits = [
            {
                "id": hit.review.id,
                "heading": heading(hit.review),
                "parts": hit.parts,
                "summary": strip_invisible(hit.review.summary or "")[:300],
                "keywords": [
                    strip_invisible(k) for k in hit.review.keywords or [] if isinstance(k, str)
                ],
            }
            for hit in found.hits
        ]
    filters = {"q": query, "year": year, "area": area, "keyword": keyword}
    searched = any(value for value in filters.values())

    def page_url(number: int) -> str:
        wanted: dict[str, Any] = {k: v for k, v in filters.items() if v}
        return url_for("reviews.index", **wanted, page=number)

    return render_template(
        "reviews/index.html",
        hits=hits,
        found=found,
        facets=facets,
        filters=filters,
        searched=searched,
        page_url=page_url,
    )


@bp.route("/reviews/<int:review_id>")
@login_required
def show(review_id: int) -> ResponseReturnValue:
    with console().database.session() as session:
        review = session.get(Review, review_id)
        if review is None:
            abort(404)
        report = review.report
        archived = _archived_report(report.archive_path) is not None if report else False
        page = render_template(
            "reviews/show.html",
            review=review,
            heading=heading(review),
            published=published(review),
            sections=sections(review),
            keywords=[strip_invisible(k) for k in review.keywords or [] if isinstance(k, str)],
            report=report,
            report_outcome=REPORT_OUTCOMES.get(report.status, report.status) if report else None,
            report_link=web_link(review.report_url),
            source_link=web_link(review.source_url),
            archived=archived,
            tags=_tags(session, review_id),
            made_before=recommendation_items(session, review_id)[1],
        )
    return page


AXES = {"theme": "Themes", "agency": "Addressed to", "harm": "Harm", "age": "Age"}


def _tags(session: Any, review_id: int) -> list[tuple[str, list[dict[str, Any]]]]:
    """A review's tags by axis, each with its evidence ("learning: GPs, health visitor")."""
    by_axis: dict[str, list[dict[str, Any]]] = {}
    for tag in tag_details(session, review_id):
        evidence = [
            f"{str(item.get('field', '')).replace('_', ' ')}: "
            + ", ".join(strip_invisible(str(word)) for word in item.get("words", []))
            for item in tag["evidence"] or []
            if isinstance(item, dict)
        ]
        by_axis.setdefault(tag["axis"], []).append({**tag, "because": "; ".join(evidence)})
    return [(AXES.get(axis, axis), by_axis[axis]) for axis in AXES if axis in by_axis]


@bp.app_template_filter("made_before")
def made_before_line(matches: list[dict[str, Any]]) -> str:
    """ "2016, Westshire – Child H; 2019, Eastmoor – Baby L"."""
    return "; ".join(earlier_review_label(m) for m in matches)


def _archived_report(archive_path: str | None) -> Path | None:
    """The archived file for a stored path, only if it really lies in the data directory's
    report archive (a path from the database, never from the request)."""
    if not archive_path:
        return None
    archive = (console().config.data_dir / "reports").resolve()
    try:
        path = (console().config.data_dir / archive_path).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(archive) or not path.is_file():
        return None
    return path


@bp.route("/reviews/<int:review_id>/report.pdf")
@login_required
def report_pdf(review_id: int) -> ResponseReturnValue:
    with console().database.session() as session:
        review = session.get(Review, review_id)
        archive_path = review.report.archive_path if review and review.report else None
    path = _archived_report(archive_path)
    if path is None:
        if archive_path:
            log.warning("review %s: archived report %r is missing", review_id, archive_path)
        abort(404)
    response = send_file(
        path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"review-{review_id}-report.pdf",
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response
