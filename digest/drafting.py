"""Drafting a month's bulletin: draft (and refresh), exclude/include, introduction, move, approve.

- ``draft`` adds the month's new reviews to its draft (exclusions stay), renders it and mails
  it to the board office with "[DRAFT]" in the subject and the commands to change and approve it.
- ``approve`` freezes the bulletin: the rendered subject, HTML, text and archive page are stored,
  and partners receive exactly those (``digest.sending``), with only the unsubscribe link
  differing per recipient.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from common.months import Month
from common.text import strip_invisible
from common.times import shown
from config import Config
from db import Database, Digest, DigestItem, Publication, Recipient, Review, utcnow
from db.engine import rowcount
from db.queries import digest_dict, made_before_lines
from db.statuses import DigestStatus
from digest.links import draft_link
from digest.national import NationalItem, add_new_publications, national_for, national_items
from digest.records import Bulletin, DraftNotes, Entry, Link, Rendered
from digest.render import render
from digest.select import Candidate, filter_matches, reviews_to_add
from digest.state import (
    EXAMPLE_TOKEN,
    DigestError,
    Frozen,
    example_link,
    feedback_placeholder,
    find_digest,
    frozen,
    report_placeholder,
    settings,
)
from digest.themes import ThemeFields, agency_variants, entries_for
from mail.links import console_base, feedback_link, report_link_prefix
from mail.message import compose, make_message_id
from mail.outbox import Outcome, RetryPolicy, send_with_retries
from mail.transports import Transport


def bulletin_for(digest: Digest, config: Config) -> Bulletin:
    """The bulletin as it stands now (live data; only approval freezes it)."""
    return Bulletin(
        board_name=config.board_name,
        month=Month.parse(digest.month),
        intro=digest.intro if digest.intro is not None else config.intro,
        entries=entries_for(digest),
        national_summaries=Link.parse_all(config.national_summaries),
        national=national_for(digest),
        survey_url=config.survey_url,
        cpd_note=config.cpd_note,
        contact_details=config.contact_details,
        **_example_links(config),
        **dataclasses.asdict(ThemeFields.of(digest, config)),
    )


def _example_links(config: Config) -> dict[str, Any]:
    """The console links each recipient's copy carries, with an example token (previews)."""
    base = console_base(config)
    if base is None:
        return {}
    return {
        "feedback_url": feedback_link(base, EXAMPLE_TOKEN),
        "report_link": report_link_prefix(base, EXAMPLE_TOKEN),
    }


def _commands(month: str, empty: bool, publications: bool) -> tuple[tuple[str, str], ...]:
    national = (
        (
            "Leave national publications out",
            f"scr-digest publications exclude --month {month} PUBLICATION_ID...",
        ),
        (
            "Put national publications back in",
            f"scr-digest publications include --month {month} PUBLICATION_ID...",
        ),
        (
            "Move a national publication up (or down)",
            f"scr-digest publications move --month {month} PUBLICATION_ID up",
        ),
    )
    return (
        ("Leave reviews out", f"scr-digest digest exclude --month {month} REVIEW_ID..."),
        ("Put reviews back in", f"scr-digest digest include --month {month} REVIEW_ID..."),
        *(national if publications else ()),
        (
            "Replace the introduction with the text of a file",
            f"scr-digest digest intro --month {month} --file intro.txt",
        ),
        (
            "Add reviews found since (exclusions are kept) and mail the draft again",
            f"scr-digest digest draft --month {month}",
        ),
        ("Read it again", f"scr-digest digest show --month {month}"),
        ("Approve it (after this it cannot change)", f"scr-digest digest approve --month {month}"),
        (
            "Then send it to partner agencies",
            f"scr-digest digest send --month {month}" + (" --allow-empty" if empty else ""),
        ),
    )


def _draft_notes(
    digest: Digest, warnings: Sequence[str] = (), *, config: Config | None = None
) -> DraftNotes:
    reviews = _review_items(digest)
    included = tuple((item.review_id, item.heading) for item in reviews if item.included)
    excluded = tuple((item.review_id, item.heading) for item in reviews if not item.included)
    national = national_items(digest)
    notes = list(warnings)
    session = object_session(digest)
    made_before = made_before_lines(session, [rid for rid, _ in included]) if session else {}
    if not included:
        notes.append(
            "No reviews are included: the bulletin says there is nothing new this month, "
            "and sending it needs --allow-empty."
        )
    return DraftNotes(
        status=digest.status,
        included=included,
        excluded=excluded,
        commands=_commands(digest.month, not included, bool(national)),
        warnings=tuple(notes),
        console_link=draft_link(config, Month.parse(digest.month)) if config else None,
        console_link_days=config.draft_link_days if config else 0,
        publications_included=tuple((p.publication_id, p.title) for p in national if p.included),
        publications_excluded=tuple(
            (p.publication_id, p.title) for p in national if not p.included
        ),
        made_before=made_before,
    )


# ---------------------------------------------------------------- draft


@dataclass
class DraftResult:
    month: str
    created: bool
    added: list[int]
    included: int
    excluded: int
    preview: Rendered
    mailed_to: tuple[str, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)
    mail_error: str | None = None
    outbox_files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def draft(
    database: Database,
    config: Config,
    transport: Transport | None,
    *,
    month: Month | None = None,
    now: datetime | None = None,
) -> DraftResult:
    """Create or refresh the month's draft and mail it to the board office (when configured).

    New reviews are appended; reviews already in it keep their place and their exclusion. An
    approved digest is refused. Without a transport, or without board office addresses, the
    draft is stored and not mailed.
    """
    now = now or utcnow()
    month = month or Month.containing(now, config.timezone)
    try:
        with database.session() as session:
            digest = session.scalar(select(Digest).where(Digest.month == str(month)))
            if digest is not None and digest.status != DigestStatus.DRAFT:
                raise frozen(digest, config.timezone)
            created = digest is None
            if digest is None:
                digest = Digest(
                    month=str(month), status=DigestStatus.DRAFT, created_at=now, refreshed_at=now
                )
                session.add(digest)
                session.flush()
            rows = session.execute(
                select(
                    Review.id,
                    Review.published_year,
                    Review.published_month,
                    Review.area,
                    Review.title,
                    Review.first_seen_at,
                    Review.baseline,
                )
                .outerjoin(DigestItem, DigestItem.review_id == Review.id)
                .where(DigestItem.id.is_(None), Review.baseline.is_(False))
            ).all()
            added = reviews_to_add([Candidate(*row) for row in rows], month)
            position = max((item.position for item in digest.review_items), default=0)
            for review_id in added:
                position += 1
                digest.items.append(
                    DigestItem(review_id=review_id, position=position, included=True, added_at=now)
                )
            digest.refreshed_at = now
            add_new_publications(session, digest, now)  # the National learning section
            session.flush()
            older = session.scalars(
                select(Digest.month).where(
                    Digest.status == DigestStatus.DRAFT, Digest.month < str(month)
                )
            ).all()
            warnings = [
                f"the {m} digest is still an unapproved draft; the reviews it holds are not "
                "offered again elsewhere (approve and send it: digest approve --month "
                f"{m})"
                for m in older
            ]
            preview = render(
                bulletin_for(digest, config),
                unsubscribe_url=example_link(config),
                draft=_draft_notes(digest, warnings, config=config),
            )
            included = sum(1 for item in digest.review_items if item.included)
            result = DraftResult(
                month=str(month),
                created=created,
                added=added,
                included=included,
                excluded=len(digest.review_items) - included,
                preview=preview,
                warnings=warnings,
            )
    except IntegrityError:
        raise DigestError(
            "another draft was being made at the same moment; run digest draft again"
        ) from None
    if transport is None or not config.board_office:
        if not config.board_office:
            result.warnings.append(
                "no board office address is set (SCR_DIGEST_BOARD_OFFICE): the draft was "
                "stored but not mailed; read it with digest show"
            )
        return result
    mail = settings(config)
    message = compose(
        subject=preview.subject,
        text=preview.text,
        html=preview.html,
        sender=mail.sender,
        recipients=[Address(addr_spec=address) for address in mail.board_office],
        message_id=make_message_id(mail.domain, "draft", month),
        date=now,
    )
    # Not exactly once: every refresh of the draft is mailed again, on purpose.
    try:
        attempt = send_with_retries(transport, message, RetryPolicy.of(config), time.sleep)
    finally:
        transport.close()
    if attempt.outcome is not Outcome.SENT:
        result.mail_error = f"the draft was stored but not mailed: {attempt.error}"
        return result
    result.mailed_to = tuple(a for a in mail.board_office if a not in attempt.refused)
    result.refused = attempt.refused
    result.outbox_files = list(transport.written)
    with database.session() as session:
        session.execute(
            update(Digest).where(Digest.month == str(month)).values(draft_mailed_at=utcnow())
        )
    return result


# ---------------------------------------------------------------- edits


def _draft_for_change(session: Session, month: Month, zone: str) -> Digest:
    digest = find_digest(session, month)
    if digest.status != DigestStatus.DRAFT:
        raise frozen(digest, zone)
    return digest


REVIEW, PUBLICATION = "review", "publication"  # what a digest item offers


def _section(digest: Digest, kind: str) -> list[DigestItem]:
    """The draft's reviews or its National learning section, in order."""
    if kind == REVIEW:
        return digest.review_items
    if kind == PUBLICATION:
        return digest.publication_items
    raise ValueError(f"a digest offers reviews or publications, not {kind!r}")


def _offered_id(item: DigestItem) -> int | None:
    return item.review_id if item.review_id is not None else item.publication_id


@dataclass
class InclusionResult:
    month: str
    changed: list[int]
    unchanged: list[int]
    included: int  # in the section changed: reviews, or publications
    excluded: int


def set_included(
    database: Database,
    month: Month,
    ids: Sequence[int],
    *,
    included: bool,
    kind: str = REVIEW,
    zone: str,
) -> InclusionResult:
    """Exclude or re-include reviews (or publications) in an unapproved draft; all or nothing.

    ``zone``, the board's time zone, here and in the other edits: for an approved digest's
    refusal, which says when it was approved."""
    with database.session() as session:
        digest = _draft_for_change(session, month, zone)
        section = _section(digest, kind)
        items = {_offered_id(item): item for item in section}
        problems = [_not_in_digest(session, kind, i, month) for i in ids if i not in items]
        if problems:
            raise DigestError("; ".join(problems))
        changed: list[int] = []
        unchanged: list[int] = []
        for offered_id in dict.fromkeys(ids):
            item = items[offered_id]
            (unchanged if item.included == included else changed).append(offered_id)
            item.included = included
        count = sum(1 for item in section if item.included)
        return InclusionResult(str(month), changed, unchanged, count, len(section) - count)


def _not_in_digest(session: Session, kind: str, offered_id: int, month: Month) -> str:
    """Why a review or publication is not in the month's draft, and what to do about it."""
    record: Review | Publication | None
    if kind == REVIEW:
        record = session.get(Review, offered_id)
        column = DigestItem.review_id
    else:
        record = session.get(Publication, offered_id)
        column = DigestItem.publication_id
    name = f"{kind} {offered_id}"
    if record is None:
        # "not in the digest" first: the words a publication's refusal has always begun with
        return f"there is no {name}" if kind == REVIEW else f"{name} is not in the {month} digest"
    if record.baseline:
        return (
            f"{name} is part of the baseline (the backlog found by the first "
            "harvest), which is never announced"
        )
    other = session.scalar(select(Digest.month).join(DigestItem).where(column == offered_id))
    if other is not None:
        return f"{name} belongs to the {other} digest (a {kind} is announced once)"
    if record.first_seen_at >= month.end:
        return f"{name} was first seen after {month.label}; a later month's digest will announce it"
    return (
        f"{name} is not in the {month} digest yet: run digest draft --month {month} "
        f"to add the {kind}s found since the draft was made"
    )


def set_intro(database: Database, month: Month, text: str | None, *, zone: str) -> str | None:
    """Replace the draft's introduction (None: back to the configured one)."""
    if text is not None:
        text = "\n".join(
            line.rstrip() for line in strip_invisible(text).strip().splitlines()
        ).strip()
        if not text:
            raise DigestError(
                "the introduction is empty; use --reset to go back to the configured one"
            )
    with database.session() as session:
        digest = _draft_for_change(session, month, zone)
        digest.intro = text
    return text


@dataclass
class MoveResult:
    month: str
    item_id: int  # the review's id, or the publication's
    position: int  # 1-based place in its section (left-out ones count)
    moved: bool  # False: it was already first (up) or last (down)


def move(
    database: Database,
    month: Month,
    offered_id: int,
    direction: str,
    *,
    kind: str = REVIEW,
    zone: str,
) -> MoveResult:
    """Swap a review (or publication) with its neighbour above ("up") or below ("down") in an
    unapproved draft.

    Neighbours are counted among all the section's items, left-out ones too, so the order the
    board office sees in the list is the order it changes.
    """
    if direction not in ("up", "down"):
        raise DigestError(f"move a {kind} up or down, not {direction!r}")
    with database.session() as session:
        digest = _draft_for_change(session, month, zone)
        items = _section(digest, kind)
        index = next((i for i, item in enumerate(items) if _offered_id(item) == offered_id), None)
        if index is None:
            raise DigestError(_not_in_digest(session, kind, offered_id, month))
        other = index - 1 if direction == "up" else index + 1
        moved = 0 <= other < len(items)
        if moved:
            items[index], items[other] = items[other], items[index]
            index = other
        # Renumbered 1..n every time, so equal or missing positions from older data cannot
        # make a swap do nothing.
        for position, item in enumerate(items, start=1):
            item.position = position
        return MoveResult(str(month), offered_id, index + 1, moved)


@dataclass(frozen=True)
class DraftItem:
    review_id: int
    heading: str
    included: bool
    made_before: tuple[str, ...] = ()  # db.queries.made_before_lines


def _review_items(
    digest: Digest, made_before: Mapping[int, tuple[str, ...]] | None = None
) -> tuple[DraftItem, ...]:
    before = made_before or {}
    return tuple(
        DraftItem(
            review.id, Entry.from_review(review).heading, item.included, before.get(review.id, ())
        )
        for item in digest.review_items
        if (review := item.review) is not None
    )


@dataclass(frozen=True)
class DraftState:
    """A digest as the web console's draft page needs it (the bulletin itself: ``show``)."""

    month: str
    status: str
    intro: str  # the introduction the bulletin carries
    intro_is_custom: bool  # False: the configured one
    items: tuple[DraftItem, ...]
    approved_at: datetime | None
    progress: dict[str, Any]  # db.queries.digest_dict: deliveries by state, failures, in doubt
    approved_by: str | None = None
    recipients: int = 0  # active recipients who would receive it now
    filtered_out: int = 0  # active recipients whose keyword filter leaves it out
    national: tuple[NationalItem, ...] = ()  # the National learning section, left-out ones too
    always_listed: tuple[Link, ...] = ()  # the configured links the section ends with

    @property
    def included(self) -> int:
        return sum(1 for item in self.items if item.included)


def draft_state(database: Database, config: Config, month: Month) -> DraftState:
    with database.session() as session:
        digest = find_digest(session, month)
        recipients, filtered_out = receivers(session, digest)
        before = made_before_lines(
            session, [item.review_id for item in digest.review_items if item.review_id]
        )
        return DraftState(
            month=digest.month,
            status=digest.status,
            intro=digest.intro if digest.intro is not None else config.intro,
            intro_is_custom=digest.intro is not None,
            items=_review_items(digest, before),
            approved_at=digest.approved_at,
            progress=digest_dict(session, digest),
            approved_by=digest.approved_by,
            recipients=recipients,
            filtered_out=filtered_out,
            national=national_items(digest),
            always_listed=Link.parse_all(config.national_summaries),
        )


def digests(database: Database) -> list[dict[str, Any]]:
    """Every digest, newest month first, as ``status --format json`` describes one."""
    with database.session() as session:
        rows = session.scalars(select(Digest).order_by(Digest.month.desc())).all()
        return [digest_dict(session, digest) for digest in rows]


# ---------------------------------------------------------------- show and approve


@dataclass
class Shown:
    month: str
    status: str
    included: int
    excluded: int
    rendered: Rendered


def show(
    database: Database,
    config: Config,
    *,
    month: Month | None = None,
    agency_type: str | None = None,
) -> Shown:
    """The bulletin as partners get it: the stored one once approved, else the live draft.

    With ``agency_type``, the copy a recipient of that agency type gets (the reviews addressed
    to it first and marked; the common copy when none is). The unsubscribe link is an example;
    each partner's copy carries its own.
    """
    with database.session() as session:
        digest = find_digest(session, month)
        included = sum(1 for item in digest.review_items if item.included)
        excluded = len(digest.review_items) - included
        example = example_link(config)
        if digest.status == DigestStatus.DRAFT:
            bulletin = dataclasses.replace(bulletin_for(digest, config), agency_type=agency_type)
            rendered = render(bulletin, unsubscribe_url=example)
        else:
            links = _example_links(config)
            rendered = (
                Frozen.of(digest)
                .for_agency(agency_type)
                .personal(example, links.get("feedback_url"), links.get("report_link"))
            )
        return Shown(digest.month, digest.status, included, excluded, rendered)


@dataclass
class ApproveResult:
    month: str
    subject: str
    included: int
    approved_at: datetime
    approved_by: str | None = None
    recipients: int = 0  # active recipients who will receive it (their keyword filter matches)
    filtered_out: int = 0  # active recipients whose keyword filter matches none of its reviews


NO_RECIPIENTS = (
    "add them first: scr-digest recipients import FILE.csv (or scr-digest recipients add EMAIL)"
)


def receivers(session: Session, digest: Digest) -> tuple[int, int]:
    """How many active recipients would receive ``digest`` now, and how many their keyword
    filter leaves out (as ``digest send`` decides when it starts)."""
    keywords = [list(review.keywords or []) for review in digest.included_reviews]
    would = left_out = 0
    for terms in session.scalars(select(Recipient.keywords).where(Recipient.active)):
        if filter_matches(terms or [], keywords):
            would += 1
        else:
            left_out += 1
    return would, left_out


def approve(
    database: Database,
    config: Config,
    *,
    month: Month | None = None,
    now: datetime | None = None,
    approved_by: str | None = None,
    require_recipients: bool = False,
) -> ApproveResult:
    """Freeze the draft: store exactly what partners will receive, and who approved it.

    ``require_recipients`` (as ``digest approve`` and the console ask): refused while no active
    recipient would receive it, saying how to add them. (``digest send`` refuses to send to
    nobody in any case.)
    """
    now = now or utcnow()
    with database.session() as session:
        digest = find_digest(session, month)
        if digest.status != DigestStatus.DRAFT:
            by = f" by {digest.approved_by}" if digest.approved_by else ""
            raise DigestError(
                f"the {digest.month} digest was already approved{by} on "
                f"{shown(digest.approved_at, config.timezone)}; approving it again changes nothing"
            )
        recipients, filtered_out = receivers(session, digest)
        if recipients == 0 and require_recipients:
            why = (
                f"the keyword filters of all {filtered_out} active recipients match none of its "
                "reviews"
                if filtered_out
                else "there are no active recipients"
            )
            raise DigestError(
                f"not approved: nobody would receive the {digest.month} digest ({why}); "
                + NO_RECIPIENTS
            )
        bulletin = bulletin_for(digest, config)
        placeholder = f"scr-digest-unsubscribe-{secrets.token_hex(12)}"
        archived = render(bulletin, unsubscribe_url=placeholder, archive=True)
        if bulletin.feedback_url:
            bulletin = dataclasses.replace(
                bulletin,
                feedback_url=feedback_placeholder(placeholder),
                report_link=report_placeholder(placeholder),
            )
        rendered = render(bulletin, unsubscribe_url=placeholder)
        variants = agency_variants(bulletin, placeholder)
        content_hash = hashlib.sha256(
            "\0".join((rendered.subject, rendered.html, rendered.text)).encode()
        ).hexdigest()
        changed = rowcount(
            session.execute(
                update(Digest)
                .where(Digest.id == digest.id, Digest.status == DigestStatus.DRAFT)
                .values(
                    status=DigestStatus.APPROVED,
                    approved_at=now,
                    approved_by=approved_by,
                    subject=rendered.subject,
                    html=rendered.html,
                    text=rendered.text,
                    archive_html=archived.html,
                    unsubscribe_placeholder=placeholder,
                    content_hash=content_hash,
                    variants=variants,
                )
            )
        )
        if changed != 1:
            raise DigestError(f"the {digest.month} digest was approved by someone else just now")
        return ApproveResult(
            digest.month,
            rendered.subject,
            len(bulletin.entries),
            now,
            approved_by,
            recipients,
            filtered_out,
        )
