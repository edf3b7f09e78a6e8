"""The database edge of insight: read reviews and reports, store tags, items and matches.

``update`` is what runs after a harvest, after an extraction and as ``themes retag``. It redoes a
review's tags only when what they are computed from changed (its fields, its report's text, the
taxonomy), and its items only when its recommendations changed; matches are redone for the items
that changed and for every review published after a changed one (it may now have an earlier
match). Writes are differences: a rerun with nothing new writes nothing, and ids stay the same.

National publications are tagged the same way (from their search result and extracted
attachments), retagged when that or the taxonomy changed. Each review's analysed items
(``recommendation_index``) are kept between updates, so matching one new review analyses only
its own items, not the whole collection.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from config import Config
from db import Database, Publication, Report, Review, utcnow
from db.locks import DatabaseLock
from db.models import (
    PublicationInsight,
    PublicationTag,
    RecommendationIndex,
    RecommendationItem,
    RecommendationMatch,
    ReviewInsight,
    ReviewTag,
)
from db.statuses import ReportStatus
from insight.items import Item, review_items
from insight.matching import (
    ANALYSER_VERSION,
    ItemDoc,
    Lexical,
    Method,
    analyse,
    default_method,
    find_matches,
    fit,
    published_before,
)
from insight.tagging import PublicationText, ReviewText, Tag, tag_publication, tag_review
from insight.taxonomy import Taxonomy, load
from insight.trends import TaggedReview, trends

log = logging.getLogger(__name__)
TAGGER_VERSION = "1"
ITEMS_VERSION = "1"


@dataclass
class InsightCounts:
    reviews: int = 0
    reviews_tagged: int = 0
    tags_added: int = 0
    tags_changed: int = 0
    tags_removed: int = 0
    items_added: int = 0
    items_changed: int = 0
    items_removed: int = 0
    items_matched: int = 0
    matches_added: int = 0
    matches_changed: int = 0
    matches_removed: int = 0
    publications: int = 0
    publications_tagged: int = 0
    publication_tags_added: int = 0
    publication_tags_changed: int = 0
    publication_tags_removed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


_TEXT_COLUMNS = (
    Review.id,
    Review.published_year,
    Review.published_month,
    Review.keywords,
    Review.summary,
    Review.background,
    Review.learning,
    Review.recommendations,
    Report.status,
    Report.findings,
    Report.recommendations,
)


def _review_texts(session: Session) -> list[tuple[int, int, int | None, ReviewText]]:
    """(id, year, month, what tagging reads) of every review, by id: columns, not ORM objects,
    and never a report's full text, so an update with little new stays quick."""
    rows = session.execute(
        select(*_TEXT_COLUMNS).outerjoin(Report, Report.review_id == Review.id).order_by(Review.id)
    ).all()
    found = []
    for row in rows:
        (review_id, year, month, keywords, summary, background, learning, recommendations) = row[:8]
        status, findings, report_recommendations = row[8:]
        usable = status == ReportStatus.OK
        text = ReviewText(
            keywords=tuple(str(keyword) for keyword in keywords or ()),
            summary=summary,
            background=background,
            learning=learning,
            recommendations=recommendations,
            report_findings=findings if usable else None,
            report_recommendations=(
                tuple(str(r) for r in report_recommendations or ()) if usable else ()
            ),
        )
        found.append((review_id, year, month, text))
    return found


def _fields(text: ReviewText) -> dict[str, Any]:
    """``dataclasses.asdict`` of a ``ReviewText`` (same keys, same order, so the same hash),
    without its deep copy."""
    return {name: getattr(text, name) for name in _TEXT_FIELDS}


_TEXT_FIELDS = tuple(f.name for f in fields(ReviewText))


def _hash(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def update(
    database: Database,
    taxonomy: Taxonomy,
    *,
    rebuild: bool = False,
    method: Method | None = None,
    wait: bool = True,
) -> InsightCounts:
    """Bring tags, items and matches up to date with the reviews; ``rebuild`` redoes all.

    Takes the "insight" lock so two updates (the scheduler's and a ``themes retag``) never write
    the same rows at once; raises ``db.locks.LockBusy`` when held and ``wait`` is false.
    """
    method = method or default_method()
    lock = DatabaseLock(database.engine, "insight").acquire(wait=wait)
    try:
        with database.session() as session:
            return _update(session, taxonomy, rebuild=rebuild, method=method)
    finally:
        lock.release()


def _update(
    session: Session, taxonomy: Taxonomy, *, rebuild: bool, method: Method
) -> InsightCounts:
    counts = InsightCounts()
    reviews = _review_texts(session)
    counts.reviews = len(reviews)
    state = {row.review_id: row for row in session.scalars(select(ReviewInsight))}
    fingerprint = taxonomy.fingerprint
    changed_items: set[int] = set()
    for review_id, _year, _month, text in reviews:
        tags_input = _hash(TAGGER_VERSION, fingerprint, _fields(text))
        items_input = _hash(ITEMS_VERSION, text.recommendations, list(text.report_recommendations))
        row = state.get(review_id)
        if rebuild or row is None or row.tags_input != tags_input:
            added, changed, removed = _store_tags(
                session, ReviewTag.review_id, review_id, tag_review(text, taxonomy)
            )
            counts.tags_added += added
            counts.tags_changed += changed
            counts.tags_removed += removed
            counts.reviews_tagged += 1
        if rebuild or row is None or row.items_input != items_input:
            items = review_items(text.recommendations, text.report_recommendations)
            if _store_items(session, review_id, items, counts):
                changed_items.add(review_id)
        if row is None:
            session.add(
                ReviewInsight(review_id=review_id, tags_input=tags_input, items_input=items_input)
            )
        elif (row.tags_input, row.items_input) != (tags_input, items_input):
            row.tags_input, row.items_input, row.updated_at = tags_input, items_input, utcnow()
    _update_publications(session, taxonomy, rebuild, counts)
    session.flush()
    stored_methods = set(session.scalars(select(RecommendationMatch.method).distinct()))
    if stored_methods - {method.name}:
        rebuild = True  # matches found by another method: redo them all with this one
    published = {review_id: (year, month) for review_id, year, month, _text in reviews}
    _update_matches(session, published, changed_items, method, rebuild, counts)
    log.info("insight: %s", counts.as_dict())
    return counts


TagRow = ReviewTag | PublicationTag


def _store_tags(
    session: Session, owner: InstrumentedAttribute[int], owner_id: int, tags: Sequence[Tag]
) -> tuple[int, int, int]:
    """Make the stored tags of a review (``owner`` ``ReviewTag.review_id``) or a publication
    (``PublicationTag.publication_id``) these: (added, changed, removed)."""
    model = cast(type[TagRow], owner.class_)
    rows = cast(Sequence[TagRow], session.scalars(select(model).where(owner == owner_id)).all())
    existing = {(row.axis, row.concept_id): row for row in rows}
    added = changed = 0
    for tag in tags:
        row = existing.pop((tag.axis, tag.id), None)
        evidence = tag.evidence_json()
        if row is None:
            session.add(
                model(
                    **{owner.key: owner_id},
                    axis=tag.axis,
                    concept_id=tag.id,
                    name=tag.name,
                    position=tag.position,
                    evidence=evidence,
                )
            )
            added += 1
        elif (row.name, row.position, row.evidence) != (tag.name, tag.position, evidence):
            row.name, row.position, row.evidence = tag.name, tag.position, evidence
            changed += 1
    for row in existing.values():
        session.delete(row)
    return added, changed, len(existing)


def _publication_texts(session: Session) -> list[tuple[int, PublicationText]]:
    """(id, what tagging reads) of every publication, with its extracted attachments."""
    attachments: dict[int, list[tuple[str | None, list[Any]]]] = {}
    for publication_id, text, recommendations in session.execute(
        select(Report.publication_id, Report.text, Report.recommendations)
        .where(Report.publication_id.is_not(None), Report.status == ReportStatus.OK)
        .order_by(Report.id)
    ):
        attachments.setdefault(publication_id, []).append((text, recommendations or []))
    found = []
    for publication_id, title, description in session.execute(
        select(Publication.id, Publication.title, Publication.description).order_by(Publication.id)
    ):
        extracted = attachments.get(publication_id, [])
        text = "\n\n".join(body for body, _ in extracted if body)
        found.append(
            (
                publication_id,
                PublicationText(
                    title=title,
                    description=description,
                    attachment_recommendations=tuple(
                        str(r) for _, listed in extracted for r in listed
                    ),
                    attachment_text=text or None,
                ),
            )
        )
    return found


def _update_publications(
    session: Session, taxonomy: Taxonomy, rebuild: bool, counts: InsightCounts
) -> None:
    publications = _publication_texts(session)
    counts.publications = len(publications)
    state = {row.publication_id: row for row in session.scalars(select(PublicationInsight))}
    fingerprint = taxonomy.fingerprint
    for publication_id, text in publications:
        tags_input = _hash(TAGGER_VERSION, fingerprint, asdict(text))
        row = state.get(publication_id)
        if not (rebuild or row is None or row.tags_input != tags_input):
            continue
        added, changed, removed = _store_tags(
            session, PublicationTag.publication_id, publication_id, tag_publication(text, taxonomy)
        )
        counts.publications_tagged += 1
        counts.publication_tags_added += added
        counts.publication_tags_changed += changed
        counts.publication_tags_removed += removed
        if row is None:
            session.add(PublicationInsight(publication_id=publication_id, tags_input=tags_input))
        elif row.tags_input != tags_input:
            row.tags_input, row.updated_at = tags_input, utcnow()


def _store_items(
    session: Session, review_id: int, items: Sequence[Item], counts: InsightCounts
) -> bool:
    """Make the stored items these; True when anything changed."""
    existing = {
        (row.source, row.position): row
        for row in session.scalars(
            select(RecommendationItem).where(RecommendationItem.review_id == review_id)
        )
    }
    changed = False
    for item in items:
        row = existing.pop((item.source, item.position), None)
        if row is None:
            session.add(
                RecommendationItem(
                    review_id=review_id, source=item.source, position=item.position, text=item.text
                )
            )
            counts.items_added += 1
            changed = True
        elif row.text != item.text:
            row.text = item.text
            # what it matched was matched on the old text
            session.execute(
                delete(RecommendationMatch).where(RecommendationMatch.item_id == row.id)
            )
            counts.items_changed += 1
            changed = True
    for row in existing.values():
        session.execute(
            delete(RecommendationMatch).where(
                (RecommendationMatch.item_id == row.id)
                | (RecommendationMatch.earlier_item_id == row.id)
            )
        )
        session.delete(row)
        counts.items_removed += 1
        changed = True
    return changed


def _update_matches(
    session: Session,
    published: dict[int, tuple[int, int | None]],
    changed: set[int],
    method: Method,
    rebuild: bool,
    counts: InsightCounts,
) -> None:
    rows = session.execute(
        select(
            RecommendationItem.id, RecommendationItem.review_id, RecommendationItem.text
        ).order_by(RecommendationItem.review_id, RecommendationItem.id)
    ).all()
    docs = [
        ItemDoc(item_id, review_id, *published[review_id], text=text)
        for item_id, review_id, text in rows
        if review_id in published
    ]
    if not docs:
        return
    if rebuild:
        wanted = set(published)
    else:
        changed_docs = [ItemDoc(0, rid, *published[rid], text="") for rid in changed]
        wanted = {
            rid
            for rid, (year, month) in published.items()
            if rid in changed
            or any(published_before(c, ItemDoc(0, rid, year, month, "")) for c in changed_docs)
        }
    if not wanted:
        return
    if isinstance(method, Lexical):
        method.fit_terms(_analysed(session, docs))
    else:
        fit(method, docs)
    queries = [index for index, doc in enumerate(docs) if doc.review_id in wanted]
    found = find_matches(docs, method, queries)
    counts.items_matched = len(queries)
    query_ids = [docs[index].item_id for index in queries]
    existing: dict[tuple[int, int], RecommendationMatch] = {}
    for chunk in _chunks(query_ids, 500):
        for row in session.scalars(
            select(RecommendationMatch).where(RecommendationMatch.item_id.in_(chunk))
        ):
            existing[(row.item_id, row.earlier_item_id)] = row
    for item_id, matches in found.items():
        for rank, match in enumerate(matches, start=1):
            stored = existing.pop((item_id, match.earlier_item_id), None)
            if stored is None:
                session.add(
                    RecommendationMatch(
                        item_id=item_id,
                        earlier_item_id=match.earlier_item_id,
                        rank=rank,
                        score=match.score,
                        method=method.name,
                    )
                )
                counts.matches_added += 1
            elif (stored.rank, round(stored.score, 4), stored.method) != (
                rank,
                match.score,
                method.name,
            ):
                stored.rank, stored.score, stored.method = rank, match.score, method.name
                counts.matches_changed += 1
    for row in existing.values():
        session.delete(row)
        counts.matches_removed += 1


def _analysed(session: Session, docs: Sequence[ItemDoc]) -> list[dict[str, int]]:
    """Each item's analysed words (``insight.matching.analyse``), from the index kept in the
    database where the item's text is unchanged; a review's index row is written only when its
    items changed.

    Analysing the whole collection is most of what matching one new review would otherwise
    cost; the fit from the index is the same as from the texts.
    """
    stored = {row.review_id: row for row in session.scalars(select(RecommendationIndex))}
    by_review: dict[int, dict[str, Any]] = {}
    found: list[dict[str, int]] = []
    for doc in docs:
        row = stored.get(doc.review_id)
        old = row.entries if row is not None and row.version == ANALYSER_VERSION else {}
        key, digest = str(doc.item_id), _text_hash(doc.text)
        entry = old.get(key)
        if entry is None or entry[0] != digest:
            entry = [digest, analyse(doc.text)]
        by_review.setdefault(doc.review_id, {})[key] = entry
        found.append(entry[1])
    for review_id, entries in by_review.items():
        row = stored.pop(review_id, None)
        if row is None:
            session.add(
                RecommendationIndex(review_id=review_id, version=ANALYSER_VERSION, entries=entries)
            )
        elif (row.version, row.entries) != (ANALYSER_VERSION, entries):
            row.version, row.entries, row.updated_at = ANALYSER_VERSION, entries, utcnow()
    for row in stored.values():  # reviews left without items
        session.delete(row)
    return found


def _text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _chunks(values: Sequence[int], size: int) -> list[Sequence[int]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


def refresh(
    database: Database, config: Config, *, rebuild: bool = False, wait: bool = True
) -> InsightCounts:
    """``update`` with the board's taxonomy (the default, overridden from the data directory):
    what the harvest command, the scheduler and ``themes retag`` call."""
    return update(database, load(config.data_dir), rebuild=rebuild, wait=wait)


def stored_trends(
    database: Database, taxonomy: Taxonomy, *, start: int | None = None, end: int | None = None
) -> dict[str, Any]:
    """``insight.trends.trends`` over the stored theme tags."""
    with database.session() as session:
        years = dict(session.execute(select(Review.id, Review.published_year)).all())
        themes: dict[int, list[str]] = {review_id: [] for review_id in years}
        for review_id, concept_id in session.execute(
            select(ReviewTag.review_id, ReviewTag.concept_id).where(ReviewTag.axis == "theme")
        ):
            themes.setdefault(review_id, []).append(concept_id)
    reviews = [TaggedReview(years[rid], tuple(ids)) for rid, ids in themes.items() if rid in years]
    order = [(concept.id, concept.name) for concept in taxonomy.axis("theme")]
    return trends(reviews, order, start=start, end=end)


def insight_step(database: Database, config: Config) -> InsightCounts | None:
    """The scheduler's step after each harvest: ``refresh``, logging (not raising) a problem,
    so a broken taxonomy file never fails the harvest job; the next run or a retag catches up."""
    try:
        return refresh(database, config)
    except Exception:
        log.exception("insight: themes and made-before not updated")
        return None
