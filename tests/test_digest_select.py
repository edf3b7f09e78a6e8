"""Which reviews a month announces and who gets a bulletin: pure functions, inputs built by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.emails import check_email
from common.months import Month
from digest.select import Candidate, filter_matches, reviews_to_add

NOV = Month(2026, 11)


def candidate(review_id: int, **changes: object) -> Candidate:
    values: dict[str, object] = {
        "review_id": review_id,
        "published_year": 2026,
        "published_month": None,
        "area": f"Area {review_id}",
        "title": f"Child {review_id}",
        "first_seen_at": datetime(2026, 11, 3, tzinfo=UTC),
        "baseline": False,
        "in_digest": None,
    }
    values.update(changes)
    return Candidate(**values)  # type: ignore[arg-type]


def test_baseline_and_reviews_already_in_a_digest_are_never_offered() -> None:
    chosen = reviews_to_add(
        [
            candidate(1),
            candidate(2, baseline=True),
            candidate(3, in_digest="2026-10"),
            candidate(4),
        ],
        NOV,
    )
    assert chosen == [1, 4]


def test_a_review_first_seen_after_the_month_waits_for_a_later_digest() -> None:
    late = candidate(2, first_seen_at=datetime(2026, 12, 1, 0, 0, tzinfo=UTC))
    old = candidate(3, first_seen_at=datetime(2025, 1, 5, tzinfo=UTC))  # missed earlier: caught up
    assert reviews_to_add([candidate(1), late, old], NOV) == [1, 3]
    assert reviews_to_add([late], Month(2026, 12)) == [2]


def test_order_is_newest_publication_then_area_then_title() -> None:
    chosen = reviews_to_add(
        [
            candidate(1, published_year=2025, area="Eastmoor"),
            candidate(2, published_year=2026, published_month=3, area="Westshire"),
            candidate(3, published_year=2026, area="eastmoor", title="Baby B"),
            candidate(4, published_year=2026, area="Eastmoor", title="Baby A"),
        ],
        NOV,
    )
    assert chosen == [2, 4, 3, 1]


@pytest.mark.parametrize(
    ("terms", "keywords", "matches"),
    [
        ((), [["anything"]], True),
        ((), [], True),
        (("neglect",), [["Neglect", "housing"]], True),
        (("neglect",), [["chronic neglect"]], True),
        (("neglect",), [["neglected children"]], False),
        (("child sexual exploitation", "suicide"), [["CSE"], ["Suicide."]], True),
        (("drowning",), [["neglect"], ["housing"]], False),
        (("drowning",), [], False),
        (("  ", ""), [["x"]], True),
    ],
)
def test_keyword_filter(terms: tuple[str, ...], keywords: list[list[str]], matches: bool) -> None:
    assert filter_matches(terms, keywords) is matches


@pytest.mark.parametrize(
    "address", ["jo@agency.example", "Jo.Bloggs+scr@sub.agency.gov.uk", "a_b-c@x-y.org"]
)
def test_valid_addresses(address: str) -> None:
    assert check_email(f" {address} ") == address


@pytest.mark.parametrize(
    "address",
    ["", "jo", "jo@", "@agency.example", "jo@agency", "jo@@agency.example", "jo bloggs@a.example",
     "jo.@agency.example", "jø@agency.example", "jo@-agency.example", "jo@agency.example\nBcc: x"],
)  # fmt: skip
def test_invalid_addresses(address: str) -> None:
    with pytest.raises(ValueError):
        check_email(address)
