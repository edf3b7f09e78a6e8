"""The National learning section: new national publications (GOV.UK) offered by a month's digest.

A publication is offered once, ever (``digest_item.publication_id`` is unique): by the first
draft made after it was first seen, never when it came in as a source's baseline. The board
office excludes, includes and moves them with ``digest.drafting``'s functions, as it does
reviews; they are the digest's ``publication_items``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from common.links import ascii_link
from common.months import MONTH_NAMES
from common.text import strip_invisible
from db import Digest, DigestItem, Publication
from db.queries import publication_tags, publication_url
from digest.records import NationalEntry

ORGANISATION_NAMES = {
    "child-safeguarding-practice-review-panel": "Child Safeguarding Practice Review Panel",
    "department-for-education": "Department for Education",
}


def organisation_name(slug: str) -> str:
    return ORGANISATION_NAMES.get(slug, slug.replace("-", " ").capitalize())


def add_new_publications(session: Session, digest: Digest, now: datetime) -> list[int]:
    """Append the publications no digest has offered yet (baseline ones never); their ids."""
    offered = select(DigestItem.publication_id).where(DigestItem.publication_id.is_not(None))
    new = session.scalars(
        select(Publication)
        .where(Publication.baseline.is_(False), Publication.id.not_in(offered))
        .order_by(Publication.published_on, Publication.id)
    ).all()
    position = max((item.position for item in digest.publication_items), default=0)
    for publication in new:
        position += 1
        digest.items.append(
            DigestItem(
                publication_id=publication.id, position=position, included=True, added_at=now
            )
        )
    return [publication.id for publication in new]


def _published(publication: Publication) -> str:
    day = publication.published_on
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def national_for(digest: Digest) -> tuple[NationalEntry, ...]:
    """The digest's included national publications, in their order, as the bulletin shows them."""
    publications = [
        publication
        for item in digest.publication_items
        if item.included and (publication := item.publication) is not None
    ]
    session = object_session(digest)
    tags = publication_tags(session, [p.id for p in publications]) if session is not None else {}
    return tuple(
        NationalEntry(
            publication_id=publication.id,
            title=publication.title,
            published=_published(publication),
            organisation=organisation_name(publication.organisation),
            description=publication.description,
            url=ascii_link(publication_url(publication)) or "",
            agencies=tuple(
                strip_invisible(name).strip()
                for _, name in tags.get(publication.id, {}).get("agency", [])
            ),
        )
        for publication in publications
    )


def national_entries(session: Session, digest_id: int) -> tuple[NationalEntry, ...]:
    """``national_for`` the digest with this id (none if there is no such digest)."""
    digest = session.get(Digest, digest_id)
    return national_for(digest) if digest is not None else ()


@dataclass(frozen=True)
class NationalItem:
    publication_id: int
    title: str
    included: bool


def national_items(digest: Digest) -> tuple[NationalItem, ...]:
    """Every publication the digest offers, included or not, in order (the draft page, notes)."""
    return tuple(
        NationalItem(publication.id, publication.title, item.included)
        for item in digest.publication_items
        if (publication := item.publication) is not None
    )
