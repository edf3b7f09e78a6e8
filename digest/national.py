"""The National learning section: new national publications (GOV.UK) offered by a month's digest.

A publication is offered once, ever (``digest_publication.publication_id`` is unique): by the
first draft made after it was first seen, never when it came in as a source's baseline. The
board office can exclude, include and move them as it does reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from common.links import ascii_link
from common.months import MONTH_NAMES, Month
from common.text import strip_invisible
from db import Database, Digest, DigestPublication, Publication
from db.queries import publication_tags, publication_url
from db.statuses import DigestStatus
from digest.records import NationalEntry

ORGANISATION_NAMES = {
    "child-safeguarding-practice-review-panel": "Child Safeguarding Practice Review Panel",
    "department-for-education": "Department for Education",
}


class NationalError(Exception):
    """An edit the National learning section refuses; ``str()`` says why."""


def organisation_name(slug: str) -> str:
    return ORGANISATION_NAMES.get(slug, slug.replace("-", " ").capitalize())


def add_new_publications(session: Session, digest: Digest, now: datetime) -> list[int]:
    """Append the publications no digest has offered yet (baseline ones never); their ids."""
    offered = select(DigestPublication.publication_id)
    new = session.scalars(
        select(Publication)
        .where(Publication.baseline.is_(False), Publication.id.not_in(offered))
        .order_by(Publication.published_on, Publication.id)
    ).all()
    position = max(
        session.scalars(
            select(DigestPublication.position).where(DigestPublication.digest_id == digest.id)
        ),
        default=0,
    )
    for publication in new:
        position += 1
        session.add(
            DigestPublication(
                digest_id=digest.id,
                publication_id=publication.id,
                position=position,
                included=True,
                added_at=now,
            )
        )
    session.flush()
    return [publication.id for publication in new]


def _items(session: Session, digest_id: int) -> list[DigestPublication]:
    return list(
        session.scalars(
            select(DigestPublication)
            .where(DigestPublication.digest_id == digest_id)
            .order_by(DigestPublication.position)
        )
    )


def national_entries(session: Session, digest_id: int) -> tuple[NationalEntry, ...]:
    """The digest's included national publications, in their order, as the bulletin shows them."""
    entries = []
    items = [item for item in _items(session, digest_id) if item.included]
    tags = publication_tags(session, [item.publication_id for item in items])
    for item in items:
        publication = item.publication
        agencies = tags.get(publication.id, {}).get("agency", [])
        day = publication.published_on
        entries.append(
            NationalEntry(
                publication_id=publication.id,
                title=publication.title,
                published=f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
                organisation=organisation_name(publication.organisation),
                description=publication.description,
                url=ascii_link(publication_url(publication)) or "",
                agencies=tuple(strip_invisible(name).strip() for _, name in agencies),
            )
        )
    return tuple(entries)


def national_for(digest: Digest) -> tuple[NationalEntry, ...]:
    """``national_entries`` of a digest loaded in a session (an unsaved one has none)."""
    session = object_session(digest)
    if session is None or digest.id is None:
        return ()
    return national_entries(session, digest.id)


@dataclass(frozen=True)
class NationalItem:
    publication_id: int
    title: str
    included: bool


def national_items(session: Session, digest_id: int) -> list[NationalItem]:
    """Every publication the digest offers, included or not, in order (for the draft notes)."""
    return [
        NationalItem(item.publication_id, item.publication.title, item.included)
        for item in _items(session, digest_id)
    ]


def _draft_item(
    session: Session, month: Month, publication_id: int
) -> tuple[Digest, list[DigestPublication], int]:
    digest = session.scalar(select(Digest).where(Digest.month == str(month)))
    if digest is None:
        raise NationalError(f"there is no digest for {month}; make it with digest draft")
    if digest.status != DigestStatus.DRAFT:
        raise NationalError(f"the {month} digest is {digest.status}: its content is frozen")
    items = _items(session, digest.id)
    index = next((i for i, item in enumerate(items) if item.publication_id == publication_id), None)
    if index is None:
        raise NationalError(f"publication {publication_id} is not in the {month} digest")
    return digest, items, index


def set_publication_included(
    database: Database, month: Month, publication_id: int, included: bool
) -> bool:
    """Exclude or re-include one national publication of a draft; whether it changed."""
    with database.session() as session:
        _, items, index = _draft_item(session, month, publication_id)
        changed = items[index].included != included
        items[index].included = included
    return changed


def move_publication(database: Database, month: Month, publication_id: int, direction: str) -> bool:
    """Move one national publication ``up`` or ``down`` the section; whether it moved."""
    with database.session() as session:
        _, items, index = _draft_item(session, month, publication_id)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(items):
            return False
        items[index].position, items[other].position = items[other].position, items[index].position
    return True
