"""The six-monthly report to the board: how much did we do, how well, what difference.

``compute`` is pure: plain rows in (``ReportData``), the report's JSON out. Its keys are a
contract (the checks read them): ``period`` {``from``, ``to``}; ``how_much`` {``bulletins``,
``reviews_announced``, ``recipients``, ``opens_by_agency``}; ``how_well`` {``responses``,
``responses_by_agency``, ``response_rate_by_agency``, ``staff_reached``, ``cpd_minutes``,
``confidence_before_mean``, ``confidence_after_mean``}; ``what_difference`` {``changes``,
``followups`` {``done``, ``partly``, ``not_yet``, ``dropped``}}; ``agencies_without_response``.
Other keys may be added; none holds a name or an email address.

Counting:

- the period's bulletins are the digests of its months that went out (sending or sent);
- ``recipients``: the distinct recipients a period bulletin was delivered to; by agency likewise;
- ``opens_by_agency``: the opens of the period bulletins' reviews, by the agency of the link;
- ``responses``: answers to the period's bulletins (a forwarded link may bring several);
- ``response_rate_by_agency``: the share of an agency's deliveries (one recipient, one bulletin)
  that brought at least one answer, 0..1, rounded to 4 places;
- means are rounded to 2 places, and are null when there is no answer;
- ``changes``: the changes reported, oldest first; ``quotes``: those whose author consented to
  being quoted (anonymously);
- ``agencies_without_response``: agencies delivered to in the period with no answer;
- ``themes``: each theme of the reviews the period's bulletins announced, ``{"id", "name",
  "reviews"}`` (distinct reviews), most reviews first, ties in taxonomy order; empty when none
  is tagged. ``themes_trends``: ``common.trends.trends`` over every stored review (the national
  picture by year of publication), kept to those themes: the board report's chart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from common.months import Month
from common.trends import TaggedReview, trends
from db.statuses import FollowUpOutcome

NO_AGENCY = "(no agency)"


@dataclass(frozen=True)
class Period:
    start: Month  # first month, inclusive
    end: Month  # last month, inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def last_complete_half(cls, this_month: Month) -> Period:
        """January–June or July–December, the last one that has ended before ``this_month``."""
        if this_month.month <= 6:
            return cls(Month(this_month.year - 1, 7), Month(this_month.year - 1, 12))
        return cls(Month(this_month.year, 1), Month(this_month.year, 6))

    @classmethod
    def of(cls, start: Month | None, end: Month | None, this_month: Month) -> Period:
        """``--from``/``--to`` as given; a missing end is the start's half-year's end, and
        nothing given is the last complete half-year."""
        default = cls.last_complete_half(this_month)
        if start is None and end is None:
            return default
        if start is None:
            assert end is not None
            return cls(Month(end.year, 1 if end.month <= 6 else 7), end)
        if end is None:
            return cls(start, Month(start.year, 6 if start.month <= 6 else 12))
        return cls(start, end)

    def __contains__(self, month: object) -> bool:
        if isinstance(month, str):
            month = Month.parse(month)
        return isinstance(month, Month) and self.start <= month <= self.end

    @property
    def label(self) -> str:
        return f"{self.start.label} to {self.end.label}"


@dataclass(frozen=True)
class BulletinRow:
    digest_id: int
    month: str  # YYYY-MM
    review_ids: tuple[int, ...]


@dataclass(frozen=True)
class DeliveryRow:
    """A bulletin delivered (sent) to one recipient."""

    digest_id: int
    recipient_id: int
    agency: str | None


@dataclass(frozen=True)
class AnswerRow:
    id: int
    digest_id: int
    recipient_id: int | None
    agency: str | None
    reviews: tuple[int, ...]
    shared_how: tuple[str, ...]
    staff_reached: int
    cpd_minutes: int
    confidence_before: int
    confidence_after: int
    change: str | None
    consent_quote: bool
    followup: str | None = None  # the follow-up's outcome, when it was answered


@dataclass(frozen=True)
class OpenRow:
    agency: str | None
    review_id: int
    count: int


@dataclass(frozen=True)
class ReportData:
    period: Period
    bulletins: tuple[BulletinRow, ...] = ()
    deliveries: tuple[DeliveryRow, ...] = ()
    answers: tuple[AnswerRow, ...] = ()
    opens: tuple[OpenRow, ...] = ()
    headings: dict[int, str] = field(default_factory=dict)  # review id → heading
    # insight's theme tags: (id, name) in taxonomy order; each review's theme ids; and every
    # stored review, for the trends over the years
    theme_names: tuple[tuple[str, str], ...] = ()
    review_themes: dict[int, tuple[str, ...]] = field(default_factory=dict)
    tagged: tuple[TaggedReview, ...] = ()


def agency_name(agency: str | None) -> str:
    text = (agency or "").strip()
    return text or NO_AGENCY


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return {key: counter[key] for key in sorted(counter)}


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _distribution(values: Iterable[int]) -> dict[str, int]:
    counts = Counter(values)
    return {str(n): counts.get(n, 0) for n in range(1, 6)}


def compute(data: ReportData) -> dict[str, Any]:
    bulletins = [b for b in data.bulletins if b.month in data.period]
    ids = {b.digest_id for b in bulletins}
    reviews = {review for b in bulletins for review in b.review_ids}
    deliveries = [d for d in data.deliveries if d.digest_id in ids]
    answers = [a for a in data.answers if a.digest_id in ids]

    recipients: dict[int, str] = {d.recipient_id: agency_name(d.agency) for d in deliveries}
    recipients_by_agency = Counter(recipients.values())
    deliveries_by_agency = Counter(agency_name(d.agency) for d in deliveries)

    opens_by_agency: Counter[str] = Counter()
    opens_by_review: Counter[int] = Counter()
    for row in data.opens:
        if row.review_id in reviews and row.count > 0:
            opens_by_agency[agency_name(row.agency)] += row.count
            opens_by_review[row.review_id] += row.count

    responses_by_agency = Counter(agency_name(a.agency) for a in answers)
    delivered = {(d.digest_id, d.recipient_id) for d in deliveries}
    answered = {
        (a.digest_id, a.recipient_id)
        for a in answers
        if a.recipient_id is not None and (a.digest_id, a.recipient_id) in delivered
    }
    answered_by_agency = Counter(recipients.get(recipient, NO_AGENCY) for _, recipient in answered)
    rates = {
        agency: round(answered_by_agency.get(agency, 0) / count, 4)
        for agency, count in sorted(deliveries_by_agency.items())
        if count
    }
    shared = Counter(how for a in answers for how in a.shared_how)
    used = Counter(review for a in answers for review in a.reviews)
    ordered = sorted(answers, key=lambda a: a.id)
    followups = Counter(a.followup for a in answers if a.followup)
    themes = _period_themes(data, reviews)
    agencies = set(recipients_by_agency) | set(opens_by_agency)
    without = sorted(
        agency for agency in set(recipients_by_agency) if agency not in responses_by_agency
    )

    return {
        "period": {"from": str(data.period.start), "to": str(data.period.end)},
        "how_much": {
            "bulletins": len(bulletins),
            "bulletin_months": sorted(b.month for b in bulletins),
            "reviews_announced": sum(len(b.review_ids) for b in bulletins),
            "recipients": len(recipients),
            "recipients_by_agency": _sorted(recipients_by_agency),
            "opens_by_agency": _sorted(opens_by_agency),
            "opens_by_review": {
                str(review): opens_by_review[review] for review in sorted(opens_by_review)
            },
            "review_headings": {
                str(review): data.headings.get(review, f"Review {review}")
                for review in sorted(reviews)
            },
        },
        "how_well": {
            "responses": len(answers),
            "responses_by_agency": _sorted(responses_by_agency),
            "response_rate_by_agency": rates,
            "shared_how": {key: shared[key] for key in sorted(shared)},
            "reviews_used": {str(review): used[review] for review in sorted(used)},
            "staff_reached": sum(a.staff_reached for a in answers),
            "cpd_minutes": sum(a.cpd_minutes for a in answers),
            "confidence_before_mean": _mean([a.confidence_before for a in answers]),
            "confidence_after_mean": _mean([a.confidence_after for a in answers]),
            "confidence_before_distribution": _distribution(a.confidence_before for a in answers),
            "confidence_after_distribution": _distribution(a.confidence_after for a in answers),
        },
        "what_difference": {
            "changes": [a.change for a in ordered if a.change],
            "quotes": [a.change for a in ordered if a.change and a.consent_quote],
            "followups": {
                outcome.value: followups.get(outcome.value, 0) for outcome in FollowUpOutcome
            },
        },
        "agencies": sorted(agencies),
        "agencies_without_response": without,
        "themes": themes,
        "themes_trends": _themes_trends(data, [theme["id"] for theme in themes]),
    }


def _period_themes(data: ReportData, reviews: set[int]) -> list[dict[str, Any]]:
    counts = Counter(
        theme for r in reviews for theme in dict.fromkeys(data.review_themes.get(r, ()))
    )
    names = dict(data.theme_names)
    order = {theme_id: n for n, (theme_id, _) in enumerate(data.theme_names)}
    ranked = sorted(counts, key=lambda t: (-counts[t], order.get(t, len(order)), t))
    return [{"id": t, "name": names.get(t, t), "reviews": counts[t]} for t in ranked]


def _themes_trends(data: ReportData, chosen: list[str]) -> dict[str, Any] | None:
    if not chosen:
        return None
    figures = trends(data.tagged, data.theme_names)
    wanted = set(chosen)
    figures["themes"] = [theme for theme in figures["themes"] if theme["id"] in wanted]
    return figures
