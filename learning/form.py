"""The feedback form's fields, checked. Pure: the submitted values in, an answer or the errors
out (each error says what is wrong with one field); what was typed is kept by the caller.

The field names are a contract (the bulletin's checks fill the form by name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from common.emails import check_email
from common.text import strip_invisible
from db.statuses import FollowUpOutcome

FIELDS = (
    "name",
    "email",
    "role",
    "team",
    "reviews",
    "shared_how",
    "staff_reached",
    "change",
    "owner",
    "due",
    "confidence_before",
    "confidence_after",
    "cpd_minutes",
    "consent_quote",
)
MULTIPLE = ("reviews", "shared_how")

SHARED_HOW = {
    "team_meeting": "In a team meeting",
    "supervision": "In supervision",
    "briefing": "In a briefing",
    "training": "In training",
    "reading": "By reading it myself",
    "other": "Another way",
}
CONFIDENCE = {1: "Not at all", 2: "A little", 3: "Fairly", 4: "Very", 5: "Completely"}
OUTCOMES = {
    FollowUpOutcome.DONE: "Done: the change happened",
    FollowUpOutcome.PARTLY: "Partly",
    FollowUpOutcome.NOT_YET: "Not yet",
    FollowUpOutcome.DROPPED: "Dropped",
}

SHORT = 200  # name, role, team, owner
LONG = 4000  # change, evidence, barriers
MAX_STAFF = 100_000
MAX_MINUTES = 10_000


@dataclass(frozen=True)
class Answer:
    name: str | None
    email: str | None
    role: str | None
    team: str | None
    reviews: tuple[int, ...]
    shared_how: tuple[str, ...]
    staff_reached: int
    change: str | None
    owner: str | None
    due: str | None
    confidence_before: int
    confidence_after: int
    cpd_minutes: int
    consent_quote: bool


@dataclass(frozen=True)
class FollowUpAnswer:
    outcome: FollowUpOutcome
    evidence: str | None
    barriers: str | None


Values = Mapping[str, Sequence[str]]  # field → the submitted values (a form's getlist)


def _one(values: Values, name: str) -> str:
    got = values.get(name) or ()
    return strip_invisible(got[0] if got else "").strip()


def _text(values: Values, name: str, limit: int, errors: dict[str, str], what: str) -> str | None:
    text = _one(values, name)
    if len(text) > limit:
        errors[name] = f"{what} is too long: at most {limit} characters, please."
    return text or None


def _integer(
    values: Values, name: str, errors: dict[str, str], *, low: int, high: int, what: str
) -> int:
    text = _one(values, name)
    if not text:
        errors[name] = f"Enter {what} (a whole number, 0 if none)."
        return 0
    if not re.fullmatch(r"\d+", text):
        errors[name] = f"Enter {what} as a whole number, 0 or more (digits only)."
        return 0
    number = int(text)
    if not low <= number <= high:
        errors[name] = f"Enter {what} between {low} and {high}."
    return number


def _confidence(values: Values, name: str, errors: dict[str, str], when: str) -> int:
    text = _one(values, name)
    if text not in {str(n) for n in CONFIDENCE}:
        errors[name] = f"Choose how confident you were {when}, from 1 to 5."
        return 0
    return int(text)


def validate(values: Values, review_ids: Sequence[int]) -> tuple[Answer | None, dict[str, str]]:
    """``review_ids``: the bulletin's reviews, the only ones that may be chosen."""
    errors: dict[str, str] = {}
    name = _text(values, "name", SHORT, errors, "Your name")
    email: str | None = _one(values, "email") or None
    if email is not None:
        try:
            email = check_email(email)
        except ValueError:
            errors["email"] = (
                "Enter an email address like name@agency.example, or leave it empty "
                "(then no CPD record is sent)."
            )
    role = _text(values, "role", SHORT, errors, "Your role")
    team = _text(values, "team", SHORT, errors, "Your team")
    chosen: list[int] = []
    for raw in values.get("reviews") or ():
        text = strip_invisible(raw).strip()
        if not text.isdigit() or int(text) not in review_ids:
            errors["reviews"] = "Choose reviews from this bulletin's list."
        elif int(text) not in chosen:
            chosen.append(int(text))
    if not chosen and "reviews" not in errors:
        errors["reviews"] = "Choose at least one review you used."
    shared: list[str] = []
    for raw in values.get("shared_how") or ():
        text = strip_invisible(raw).strip()
        if text not in SHARED_HOW:
            errors["shared_how"] = "Choose from the ways listed."
        elif text not in shared:
            shared.append(text)
    staff = _integer(
        values, "staff_reached", errors, low=0, high=MAX_STAFF, what="how many staff you reached"
    )
    change = _text(values, "change", LONG, errors, "What will change")
    owner = _text(values, "owner", SHORT, errors, "Who owns the change")
    due = _one(values, "due") or None
    if due is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", due):
                raise ValueError(due)
            date.fromisoformat(due)
        except ValueError:
            errors["due"] = "Enter the date as YYYY-MM-DD, for example 2027-03-31."
    before = _confidence(values, "confidence_before", errors, "before reading")
    after = _confidence(values, "confidence_after", errors, "after reading")
    minutes = _integer(
        values, "cpd_minutes", errors, low=0, high=MAX_MINUTES, what="the minutes spent"
    )
    consent = _one(values, "consent_quote").lower() in {"y", "yes", "on", "true", "1"}
    if errors:
        return None, errors
    answer = Answer(
        name=name,
        email=email,
        role=role,
        team=team,
        reviews=tuple(sorted(chosen, key=list(review_ids).index)),
        shared_how=tuple(key for key in SHARED_HOW if key in shared),
        staff_reached=staff,
        change=change,
        owner=owner,
        due=due,
        confidence_before=before,
        confidence_after=after,
        cpd_minutes=minutes,
        consent_quote=consent,
    )
    return answer, {}


def validate_followup(values: Values) -> tuple[FollowUpAnswer | None, dict[str, str]]:
    errors: dict[str, str] = {}
    outcome = _one(values, "outcome")
    if outcome not in {member.value for member in FollowUpOutcome}:
        errors["outcome"] = "Choose what became of the change."
    evidence = _text(values, "evidence", LONG, errors, "The evidence")
    barriers = _text(values, "barriers", LONG, errors, "The barriers")
    if errors:
        return None, errors
    return FollowUpAnswer(FollowUpOutcome(outcome), evidence, barriers), {}
