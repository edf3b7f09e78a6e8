"""Read-only views over the database in the shapes the CLI (and later the web console) show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, aliased, object_session, selectinload

from common.fields import REVIEW_FIELDS
from common.months import Month
from common.text import strip_invisible
from db.models import (
    Delivery,
    Digest,
    DigestItem,
    HarvestRun,
    Page,
    Publication,
    PublicationTag,
    QuarantinedEntry,
    Recipient,
    RecommendationItem,
    RecommendationMatch,
    Report,
    Review,
    ReviewTag,
)
from db.statuses import DigestStatus, OutboundStatus, ReportStatus


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def review_dict(review: Review, *, detail: bool = False, with_text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(review, name) for name in REVIEW_FIELDS}
    data["first_seen_at"] = _iso(review.first_seen_at)
    data["report"] = report_dict(review.report, with_text=with_text) if review.report else None
    session = object_session(review)
    tags = review_tags(session, [review.id]).get(review.id, {}) if session else {}
    data["themes"] = tags.get("theme", [])
    data["agencies"] = tags.get("agency", [])
    if detail:
        items, made_before = recommendation_items(session, review.id) if session else ([], [])
        data["recommendation_items"] = items
        data["made_before"] = made_before
        data["sections"] = review.sections
        data["last_seen_at"] = _iso(review.last_seen_at)
        data["updated_at"] = _iso(review.updated_at)
        data["changes"] = [
            {
                "changed_at": _iso(change.changed_at),
                "fields": change.fields,
                "previous": change.previous,
            }
            for change in review.changes
        ]
    return data


def review_tags(session: Session, review_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Tag ids per review and axis (``{"theme": [...], "agency": [...]}``), in taxonomy order."""
    found: dict[int, dict[str, list[str]]] = {}
    rows = session.execute(
        select(ReviewTag.review_id, ReviewTag.axis, ReviewTag.concept_id)
        .where(ReviewTag.review_id.in_(review_ids))
        .order_by(ReviewTag.review_id, ReviewTag.axis, ReviewTag.position, ReviewTag.concept_id)
    )
    for review_id, axis, concept_id in rows:
        found.setdefault(review_id, {}).setdefault(axis, []).append(concept_id)
    return found


def tag_counts(session: Session) -> dict[tuple[str, str], int]:
    """How many reviews have each (axis, concept id)."""
    rows = session.execute(
        select(ReviewTag.axis, ReviewTag.concept_id, func.count(ReviewTag.id)).group_by(
            ReviewTag.axis, ReviewTag.concept_id
        )
    )
    return {(axis, concept): count for axis, concept, count in rows}


def tag_details(session: Session, review_id: int) -> list[dict[str, Any]]:
    """A review's tags with display names and evidence, for the console and the bulletin."""
    rows = session.scalars(
        select(ReviewTag)
        .where(ReviewTag.review_id == review_id)
        .order_by(ReviewTag.axis, ReviewTag.position, ReviewTag.concept_id)
    )
    return [
        {"axis": r.axis, "id": r.concept_id, "name": r.name, "evidence": r.evidence} for r in rows
    ]


def recommendation_items(
    session: Session, review_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A review's single recommendations and, per item, what earlier reviews recommended like it:
    ``([{id, text, source}], [{item_id, text, matches: [{review_id, published_year, area,
    title, text, score}]}])``."""
    items = session.scalars(
        select(RecommendationItem)
        .where(RecommendationItem.review_id == review_id)
        .order_by(RecommendationItem.source, RecommendationItem.position)
    ).all()
    earlier = aliased(RecommendationItem)
    matches: dict[int, list[dict[str, Any]]] = {item.id: [] for item in items}
    rows = session.execute(
        select(RecommendationMatch, earlier, Review)
        .join(earlier, earlier.id == RecommendationMatch.earlier_item_id)
        .join(Review, Review.id == earlier.review_id)
        .where(RecommendationMatch.item_id.in_([item.id for item in items]))
        .order_by(RecommendationMatch.item_id, RecommendationMatch.rank)
    )
    for match, item, review in rows:
        matches[match.item_id].append(
            {
                "review_id": review.id,
                "published_year": review.published_year,
                "area": review.area,
                "title": review.title,
                "text": item.text,
                "score": match.score,
            }
        )
    return (
        [{"id": item.id, "text": item.text, "source": item.source} for item in items],
        [{"item_id": item.id, "text": item.text, "matches": matches[item.id]} for item in items],
    )


def earlier_review_label(match: dict[str, Any]) -> str:
    """How a "made before" match names its earlier review: "2016, Westshire – Child H"."""
    area, title = strip_invisible(match["area"]).strip(), strip_invisible(match["title"]).strip()
    return f"{match['published_year']}, {area} – {title}"


def made_before_lines(session: Session, review_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Per review, one line per recommendation item that was made before: the item's text and
    where ("“GPs should …” – made before in 2016, Westshire – Child H; 2019, …"), for the board
    office's draft. Items with nothing similar are left out; so is a review with none."""
    found: dict[int, tuple[str, ...]] = {}
    for review_id in review_ids:
        _items, before = recommendation_items(session, review_id)
        lines = tuple(
            f"“{strip_invisible(item['text']).strip()}” – made before in "
            + "; ".join(earlier_review_label(match) for match in item["matches"])
            for item in before
            if item["matches"]
        )
        if lines:
            found[review_id] = lines
    return found


def report_dict(report: Report, *, with_text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "url": report.url,
        "final_url": report.final_url,
        "sha256": report.sha256,
        "bytes": report.bytes,
        "pages": report.pages,
        "status": report.status,
        "reason": report.reason,
        "text_chars": len(report.text) if report.text else 0,
        "headings": report.headings,
        "recommendations": report.recommendations,
        "executive_summary": report.executive_summary,
        "archive_path": report.archive_path,
        "attempts": report.attempts,
        "extractor_version": report.extractor_version,
    }
    if with_text:
        data["text"] = report.text
    return data


def published_since(month: Month) -> ColumnElement[bool]:
    """Reviews published in or after ``month``; one dated only by year counts as published in
    every month of that year."""
    return or_(
        Review.published_year > month.year,
        (Review.published_year == month.year)
        & or_(Review.published_month.is_(None), Review.published_month >= month.month),
    )


def list_reviews(session: Session, since: Month | None = None) -> list[Review]:
    """Reviews, newest publication first; ``since`` keeps those published in or after it.

    A review dated only by year counts as published in every month of that year.
    """
    query = select(Review).options(selectinload(Review.report))
    if since is not None:
        query = query.where(published_since(since))
    query = query.order_by(
        Review.published_year.desc(),
        func.coalesce(Review.published_month, 0).desc(),
        Review.area,
        Review.title,
        Review.id,
    )
    return list(session.scalars(query))


def run_dict(run: HarvestRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "trigger": run.trigger,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "outcome": run.outcome,
        "counts": run.counts,
        "errors": run.errors,
    }


def status_report(session: Session, recent_runs: int = 5) -> dict[str, Any]:
    runs = session.scalars(
        select(HarvestRun).order_by(HarvestRun.id.desc()).limit(recent_runs)
    ).all()
    quarantined = session.scalars(
        select(QuarantinedEntry).order_by(QuarantinedEntry.page_url, QuarantinedEntry.id)
    ).all()
    pages = session.scalars(select(Page).order_by(Page.url)).all()
    reviews = session.scalar(select(func.count(Review.id))) or 0
    baseline = session.scalar(select(func.count(Review.id)).where(Review.baseline)) or 0
    publications = session.scalar(select(func.count(Publication.id))) or 0
    return {
        "reviews": {"total": reviews, "baseline": baseline},
        "publications": {"total": publications},
        "runs": [run_dict(run) for run in runs],
        "pages": [
            {
                "url": page.url,
                # a GOV.UK organisation's search (harvester.govuk) or an NSPCC listing page
                "source": "govuk" if "/api/search.json?" in page.url else "listing",
                "last_status": page.last_status,
                "last_error": page.last_error,
                "entries": page.entry_count,
                "last_fetched_at": _iso(page.last_fetched_at),
                "last_updated": page.last_updated,
            }
            for page in pages
        ],
        "quarantined": [
            {
                "page_url": row.page_url,
                "heading": row.heading,
                "reason": row.reason,
                "first_seen_at": _iso(row.first_seen_at),
                "raw_text": row.raw_text,
            }
            for row in quarantined
        ],
        "reports": report_status(session),
        **digest_status(session),
    }


def report_status(session: Session) -> dict[str, Any]:
    """Counts of reports by outcome, and every failed one with its reason."""
    by_status = dict(
        session.execute(select(Report.status, func.count(Report.id)).group_by(Report.status)).all()
    )
    failed = session.execute(
        select(Report, Review.id)
        .join(Review, Review.id == Report.review_id)
        .where(Report.status == ReportStatus.FAILED)
        .order_by(Review.id)
    ).all()
    return {
        "counts": by_status,
        "failed": [
            {
                "review_id": review_id,
                "url": report.url,
                "reason": report.reason,
                "attempts": report.attempts,
                "given_up": report.given_up,
                "next_attempt_at": _iso(report.next_attempt_at),
            }
            for report, review_id in failed
        ],
    }


DELIVERY_STATES = {
    OutboundStatus.SENT: "sent",
    OutboundStatus.FAILED: "failed",
    OutboundStatus.SKIPPED: "skipped",
    OutboundStatus.PENDING: "pending",
    OutboundStatus.SENDING: "in_doubt",  # claimed, never confirmed: a crash or a lost connection
}


def digest_dict(session: Session, digest: Digest) -> dict[str, Any]:
    is_review = DigestItem.review_id.is_not(None)
    counts: dict[tuple[bool, bool], int] = {
        (bool(review), bool(included)): count
        for review, included, count in session.execute(
            select(is_review, DigestItem.included, func.count())
            .where(DigestItem.digest_id == digest.id)
            .group_by(is_review, DigestItem.included)
        ).all()
    }
    by_status = dict(
        session.execute(
            select(Delivery.status, func.count(Delivery.id))
            .where(Delivery.digest_id == digest.id)
            .group_by(Delivery.status)
        ).all()
    )
    problems = session.execute(
        select(Delivery.email, Delivery.status, Delivery.last_error)
        .where(
            Delivery.digest_id == digest.id,
            Delivery.status.in_(
                (OutboundStatus.SENDING, OutboundStatus.FAILED, OutboundStatus.SKIPPED)
            ),
        )
        .order_by(Delivery.id)
    ).all()
    return {
        "month": digest.month,
        "status": digest.status,
        "reviews": {
            "included": counts.get((True, True), 0),
            "excluded": counts.get((True, False), 0),
        },
        # the National learning section (digest.national)
        "publications": {
            "included": counts.get((False, True), 0),
            "excluded": counts.get((False, False), 0),
        },
        "subject": digest.subject,
        "created_at": _iso(digest.created_at),
        "refreshed_at": _iso(digest.refreshed_at),
        "draft_mailed_at": _iso(digest.draft_mailed_at),
        "approved_at": _iso(digest.approved_at),
        "approved_by": digest.approved_by,
        "send_started_at": _iso(digest.send_started_at),
        "sent_at": _iso(digest.sent_at),
        "deliveries": {name: by_status.get(status, 0) for status, name in DELIVERY_STATES.items()},
        "in_doubt": [row.email for row in problems if row.status == OutboundStatus.SENDING],
        "failed": [
            {"email": row.email, "error": row.last_error}
            for row in problems
            if row.status == OutboundStatus.FAILED
        ],
        "skipped": [
            {"email": row.email, "reason": row.last_error}
            for row in problems
            if row.status == OutboundStatus.SKIPPED
        ],
    }


def digest_status(session: Session) -> dict[str, Any]:
    """The latest month's digest, older ones not yet fully sent, and the recipient counts."""
    digests = session.scalars(select(Digest).order_by(Digest.month.desc())).all()
    current = digests[0] if digests else None
    unfinished = [d for d in digests[1:] if d.status != DigestStatus.SENT]
    recipients = dict(
        session.execute(
            select(Recipient.active, func.count(Recipient.id)).group_by(Recipient.active)
        ).all()
    )
    unsubscribed = (
        session.scalar(
            select(func.count(Recipient.id)).where(Recipient.unsubscribed_at.is_not(None))
        )
        or 0
    )
    return {
        "digest": digest_dict(session, current) if current else None,
        "digests_unfinished": [digest_dict(session, d) for d in unfinished],
        "recipients": {
            "active": recipients.get(True, 0),
            "unsubscribed": unsubscribed,
            "removed": recipients.get(False, 0) - unsubscribed,
        },
    }


@dataclass(frozen=True)
class ReviewInsightSummary:
    """What the bulletin shows of a review's insight (read from the tables insight/ writes)."""

    themes: tuple[tuple[str, str], ...] = ()  # (id, display name), taxonomy order
    agencies: tuple[tuple[str, str], ...] = ()
    earlier_years: tuple[int, ...] = ()  # one per distinct earlier review with a similar item


def review_insights(session: Session, review_ids: list[int]) -> dict[int, ReviewInsightSummary]:
    """Themes, agencies addressed and "made before" reviews for each of ``review_ids``."""
    tags: dict[int, dict[str, list[tuple[str, str]]]] = {}
    for review_id, axis, concept_id, name in session.execute(
        select(ReviewTag.review_id, ReviewTag.axis, ReviewTag.concept_id, ReviewTag.name)
        .where(ReviewTag.review_id.in_(review_ids), ReviewTag.axis.in_(("theme", "agency")))
        .order_by(ReviewTag.review_id, ReviewTag.axis, ReviewTag.position, ReviewTag.concept_id)
    ):
        tags.setdefault(review_id, {}).setdefault(axis, []).append((concept_id, name))
    item = aliased(RecommendationItem)
    earlier = aliased(RecommendationItem)
    before: dict[int, dict[int, int]] = {}
    for review_id, earlier_review, year in session.execute(
        select(item.review_id, Review.id, Review.published_year)
        .join(RecommendationMatch, RecommendationMatch.item_id == item.id)
        .join(earlier, earlier.id == RecommendationMatch.earlier_item_id)
        .join(Review, Review.id == earlier.review_id)
        .where(item.review_id.in_(review_ids))
    ):
        before.setdefault(review_id, {})[earlier_review] = year
    return {
        review_id: ReviewInsightSummary(
            themes=tuple(tags.get(review_id, {}).get("theme", ())),
            agencies=tuple(tags.get(review_id, {}).get("agency", ())),
            earlier_years=tuple(sorted(before.get(review_id, {}).values())),
        )
        for review_id in review_ids
    }


def list_publications(session: Session) -> list[Publication]:
    """Every stored national publication, newest first."""
    return list(
        session.scalars(
            select(Publication).order_by(Publication.published_on.desc(), Publication.id.desc())
        )
    )


def publication_tags(
    session: Session, publication_ids: Sequence[int]
) -> dict[int, dict[str, list[tuple[str, str]]]]:
    """(id, display name) tags per publication and axis, in taxonomy order."""
    found: dict[int, dict[str, list[tuple[str, str]]]] = {}
    rows = session.execute(
        select(
            PublicationTag.publication_id,
            PublicationTag.axis,
            PublicationTag.concept_id,
            PublicationTag.name,
        )
        .where(PublicationTag.publication_id.in_(publication_ids))
        .order_by(
            PublicationTag.publication_id,
            PublicationTag.axis,
            PublicationTag.position,
            PublicationTag.concept_id,
        )
    )
    for publication_id, axis, concept_id, name in rows:
        found.setdefault(publication_id, {}).setdefault(axis, []).append((concept_id, name))
    return found


def publication_dict(publication: Publication, *, detail: bool = False) -> dict[str, Any]:
    """A publication as the CLI's JSON and the console show it; ``detail`` adds each tag with
    its evidence (which words of which field matched)."""
    session = object_session(publication)
    tags = publication_tags(session, [publication.id]).get(publication.id, {}) if session else {}
    data = {
        "id": publication.id,
        "organisation": publication.organisation,
        "kind": publication.kind,
        "title": publication.title,
        "description": publication.description,
        "published": publication.published_on.isoformat(),
        "url": publication_url(publication),
        "attachments": [
            {
                "url": report.url,
                "title": report.title,
                "status": report.status,
                "reason": report.reason,
                "pages": report.pages,
            }
            for report in publication.attachments
        ],
        "baseline": publication.baseline,
        "first_seen_at": publication.first_seen_at,
        "themes": [concept_id for concept_id, _ in tags.get("theme", [])],
        "agencies": [concept_id for concept_id, _ in tags.get("agency", [])],
    }
    if detail and session:
        data["tags"] = [
            {"axis": r.axis, "id": r.concept_id, "name": r.name, "evidence": r.evidence}
            for r in session.scalars(
                select(PublicationTag)
                .where(PublicationTag.publication_id == publication.id)
                .order_by(PublicationTag.axis, PublicationTag.position, PublicationTag.concept_id)
            )
        ]
    return data


def publication_url(publication: Publication) -> str:
    """The publication's page: the search it came from names the GOV.UK (or mirror) host."""
    base = publication.source_url.split("/api/search.json", 1)[0]
    return base + publication.base_path
