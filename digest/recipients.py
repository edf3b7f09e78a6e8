"""Partner agency recipients: CSV import, add, list, remove, unsubscribe.

Recipients are never deleted. Removing one deactivates it (adding it again brings it back);
unsubscribing deactivates it for good: import never reactivates an unsubscribed address, and
``add`` does so only when told the person asked (``resubscribe``). Each recipient has an
unguessable token (``secrets``) for its unsubscribe link.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.emails import check_email
from common.text import header_text_problem, strip_invisible
from db import Database, Recipient, utcnow
from digest.select import normalise_keyword

COLUMNS = ("email", "name", "agency", "agency_type", "keywords")
MAX_TEXT = 200
MAX_ERRORS_SHOWN = 50


class RecipientError(Exception):
    """A request about recipients that cannot be carried out; the message says why."""


class ImportRefused(RecipientError):
    """The CSV file has problems; nothing was imported. ``errors`` are "line N: …" strings."""

    def __init__(self, path: str, errors: Sequence[str]) -> None:
        shown = list(errors[:MAX_ERRORS_SHOWN])
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(f"… and {len(errors) - MAX_ERRORS_SHOWN} more")
        super().__init__(
            f"{path}: nothing imported; fix these and import again:\n  " + "\n  ".join(shown)
        )
        self.errors = list(errors)


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    name: str | None
    agency: str | None
    keywords: tuple[str, ...]
    agency_type: str | None = None


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unsubscribed: list[str] = field(default_factory=list)  # in the file, not reactivated

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped_unsubscribed": self.unsubscribed,
        }


def email_key(email: str) -> str:
    return email.lower()


def parse_keywords(text: str | None) -> tuple[str, ...]:
    """A filter: terms separated by semicolons or commas; empty means every bulletin."""
    terms: list[str] = []
    for part in re.split(r"[;,]", text or ""):
        term = normalise_keyword(strip_invisible(part).strip())
        if term and term not in terms:
            terms.append(term)
    return tuple(terms)


def _text(value: str | None, what: str) -> str | None:
    # The name and agency go into the To: header of every bulletin: refuse what could break
    # out of it (CR/LF, other controls, encoded-words) rather than clean it silently.
    problem = header_text_problem(value or "")
    if problem:
        raise ValueError(f"{what} {problem}")
    text = " ".join(strip_invisible(value).strip().split())
    if len(text) > MAX_TEXT:
        raise ValueError(f"{what} is longer than {MAX_TEXT} characters")
    return text or None


def agency_type(value: str | None, known: Collection[str] | None = None) -> str | None:
    """A taxonomy agency id ("health", "police", "education", …), or None when blank.

    "Children's social care" style spellings become ids (``childrens_social_care``); with
    ``known`` (the taxonomy's agency ids) anything else is refused.
    """
    text = strip_invisible(value).strip().lower().replace("'", "").replace("’", "")
    if not text:
        return None
    found = re.sub(r"[\s-]+", "_", text)
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", found) or (
        known is not None and found not in known
    ):
        choices = f" (one of {', '.join(sorted(known))})" if known else ""
        raise ValueError(f"{value!r} is not an agency type{choices}")
    return found


def parse_csv(
    text: str, source: str = "the file", agency_types: Collection[str] | None = None
) -> list[Row]:
    """Rows of a recipients CSV (header: email, and any of name, agency, agency_type, keywords).

    Every problem is collected with its line number; any problem refuses the whole file.
    """
    errors: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRefused(source, ["line 1: the file is empty (expected a header row)"]) from None
    except csv.Error as exc:
        raise ImportRefused(source, [f"line 1: {exc}"]) from None
    names = [strip_invisible(column).strip().lower() for column in header]
    unknown = [name for name in names if name not in COLUMNS]
    if unknown or "email" not in names or len(set(names)) != len(names):
        problem = (
            f"unknown column {unknown[0]!r}"
            if unknown
            else "no email column"
            if "email" not in names
            else "a column is named twice"
        )
        raise ImportRefused(
            source, [f"line 1: {problem} (the header names {', '.join(COLUMNS)}; email is needed)"]
        )
    rows: list[Row] = []
    first_line: dict[str, int] = {}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(f"line {start}: {exc}")
            break
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(names):
            errors.append(f"line {start}: {len(record)} fields, the header has {len(names)}")
            continue
        cells = dict(zip(names, record, strict=True))
        try:
            email = check_email(cells["email"])
            name = _text(cells.get("name"), "the name")
            agency = _text(cells.get("agency"), "the agency")
            kind = agency_type(cells.get("agency_type"), agency_types)
        except ValueError as exc:
            errors.append(f"line {start}: {exc}")
            continue
        key = email_key(email)
        if key in first_line:
            errors.append(f"line {start}: {email} is already on line {first_line[key]}")
            continue
        first_line[key] = start
        rows.append(Row(start, email, name, agency, parse_keywords(cells.get("keywords")), kind))
    if errors:
        raise ImportRefused(source, errors)
    return rows


def read_csv(path: Path, agency_types: Collection[str] | None = None) -> list[Row]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RecipientError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            str(path), [f"line {line}: not UTF-8 text (save the file as CSV UTF-8)"]
        ) from None
    return parse_csv(text, str(path), agency_types)


def _find(session: Session, email: str) -> Recipient | None:
    return session.scalar(select(Recipient).where(Recipient.email_key == email_key(email)))


def _new_token(session: Session) -> str:
    while True:  # 192 random bits: a clash is practically impossible, but cheap to rule out
        # hex, not urlsafe base64: a token opening with "-" reads as an option to
        # `scr-digest unsubscribe TOKEN`
        token = secrets.token_hex(24)
        if session.scalar(select(func.count()).where(Recipient.token == token)) == 0:
            return token


def import_rows(database: Database, rows: Sequence[Row], *, now: datetime | None = None):
    """Add new addresses, update changed ones, bring back removed ones; one transaction."""
    now = now or utcnow()
    result = ImportResult()
    with database.session() as session:
        for row in rows:
            recipient = _find(session, row.email)
            if recipient is None:
                session.add(
                    Recipient(
                        email=row.email,
                        email_key=email_key(row.email),
                        name=row.name,
                        agency=row.agency,
                        agency_type=row.agency_type,
                        keywords=list(row.keywords),
                        token=_new_token(session),
                        active=True,
                        created_at=now,
                    )
                )
                session.flush()
                result.added.append(row.email)
                continue
            if recipient.unsubscribed_at is not None:
                result.unsubscribed.append(recipient.email)
                continue
            changed = (
                recipient.name != row.name
                or recipient.agency != row.agency
                or recipient.agency_type != row.agency_type
                or list(recipient.keywords) != list(row.keywords)
                or not recipient.active
            )
            if changed:
                recipient.name, recipient.agency = row.name, row.agency
                recipient.agency_type = row.agency_type
                recipient.keywords = list(row.keywords)
                recipient.active, recipient.removed_at, recipient.updated_at = True, None, now
                result.updated.append(row.email)
            else:
                result.unchanged.append(row.email)
    return result


def import_csv(
    database: Database, path: Path, agency_types: Collection[str] | None = None
) -> ImportResult:
    return import_rows(database, read_csv(path, agency_types))


def recipient_dict(recipient: Recipient) -> dict[str, Any]:
    status = (
        "unsubscribed"
        if recipient.unsubscribed_at
        else "removed"
        if recipient.removed_at
        else "active"
        if recipient.active
        else "inactive"
    )
    return {
        "email": recipient.email,
        "name": recipient.name,
        "agency": recipient.agency,
        "agency_type": recipient.agency_type,
        "keywords": list(recipient.keywords),
        "status": status,
        "created_at": recipient.created_at.isoformat(timespec="seconds"),
        "unsubscribed_at": (
            recipient.unsubscribed_at.isoformat(timespec="seconds")
            if recipient.unsubscribed_at
            else None
        ),
    }


def add(
    database: Database,
    email: str,
    *,
    name: str | None = None,
    agency: str | None = None,
    keywords: str | None = None,
    resubscribe: bool = False,
    agency_kind: str | None = None,
    agency_types: Collection[str] | None = None,
) -> tuple[dict[str, Any], str]:
    """Add one address (or update or bring back an existing one); returns it and what happened."""
    try:
        address = check_email(email)
        row = Row(0, address, _text(name, "the name"), _text(agency, "the agency"), ())
        kind = agency_type(agency_kind, agency_types)
    except ValueError as exc:
        raise RecipientError(str(exc)) from None
    now = utcnow()
    with database.session() as session:
        recipient = _find(session, address)
        if recipient is None:
            recipient = Recipient(
                email=address,
                email_key=email_key(address),
                name=row.name,
                agency=row.agency,
                agency_type=kind,
                keywords=list(parse_keywords(keywords)),
                token=_new_token(session),
                active=True,
                created_at=now,
            )
            session.add(recipient)
            session.flush()
            return recipient_dict(recipient), "added"
        if recipient.unsubscribed_at is not None and not resubscribe:
            raise RecipientError(
                f"{recipient.email} unsubscribed on {recipient.unsubscribed_at:%d %B %Y}; add it "
                "again only if the person asked to be, with --resubscribe"
            )
        outcome = "resubscribed" if recipient.unsubscribed_at else "updated"
        if recipient.removed_at is not None:
            outcome = "added back"
        recipient.name = row.name or recipient.name
        recipient.agency = row.agency or recipient.agency
        recipient.agency_type = kind or recipient.agency_type
        if keywords is not None:
            recipient.keywords = list(parse_keywords(keywords))
        recipient.active, recipient.removed_at, recipient.unsubscribed_at = True, None, None
        recipient.updated_at = now
        if outcome == "resubscribed":
            recipient.token = _new_token(session)  # old links stay dead
        return recipient_dict(recipient), outcome


def list_recipients(database: Database, *, include_inactive: bool = False) -> list[dict[str, Any]]:
    with database.session() as session:
        query = select(Recipient).order_by(Recipient.email_key)
        if not include_inactive:
            query = query.where(Recipient.active)
        return [recipient_dict(r) for r in session.scalars(query)]


def remove(database: Database, email: str) -> dict[str, Any]:
    with database.session() as session:
        recipient = _find(session, strip_invisible(email).strip())
        if recipient is None:
            raise RecipientError(f"{strip_invisible(email).strip()} is not a recipient")
        if recipient.active:
            recipient.active, recipient.removed_at = False, utcnow()
        return recipient_dict(recipient)


@dataclass(frozen=True)
class Unsubscribed:
    email: str
    already: datetime | None  # when it had already unsubscribed


def unsubscribe(session: Session, token: str, *, now: datetime | None = None) -> Unsubscribed:
    """Deactivate the recipient holding ``token`` for good (the CLI and the web console's link)."""
    token = strip_invisible(token).strip()
    recipient = session.scalar(select(Recipient).where(Recipient.token == token)) if token else None
    if recipient is None:
        raise RecipientError("no recipient has this unsubscribe token (was it copied whole?)")
    if recipient.unsubscribed_at is not None:
        return Unsubscribed(recipient.email, recipient.unsubscribed_at)
    recipient.active, recipient.unsubscribed_at = False, now or utcnow()
    return Unsubscribed(recipient.email, None)
