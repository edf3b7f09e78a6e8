"""'Made before' on hand-written pairs: paraphrases found, nothing similar found as nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import aliased

from db import Database, Review, open_database
from db.models import RecommendationIndex, RecommendationItem, RecommendationMatch
from insight.matching import Bm25, ItemDoc, Match, TfIdf, find_matches, fit, stem, tokens
from insight.store import update
from insight.taxonomy import default_taxonomy

EARLIER = [
    ItemDoc(1, 10, 2014, None, "GPs should record who holds parental responsibility for a child"),
    ItemDoc(
        2,
        10,
        2014,
        None,
        "Schools should be told the next day after police attend a "
        "domestic abuse incident at a pupil's home",
    ),
    ItemDoc(
        3,
        11,
        2016,
        5,
        "Safer sleep advice should be repeated at every health visiting "
        "contact in the first six months",
    ),
    ItemDoc(4, 11, 2016, 5, "The partnership should publish a neglect screening tool"),
    ItemDoc(
        5,
        12,
        2018,
        None,
        "Police should notify schools of domestic abuse incidents "
        "involving pupils before the next school day",
    ),
]
NEW = [
    ItemDoc(
        6,
        20,
        2024,
        3,
        "The partnership should make sure that schools are notified of "
        "domestic abuse incidents at weekends and during school holidays",
    ),
    ItemDoc(
        7,
        20,
        2024,
        3,
        "Health visitors should repeat safer sleep advice at each contact "
        "during the first six months",
    ),
    ItemDoc(
        8, 20, 2024, 3, "Dentists should receive training on recognising female genital mutilation"
    ),
]
DOCS = EARLIER + NEW


def test_paraphrases_are_found_in_earlier_reviews_best_first() -> None:
    found = find_matches(DOCS, fit(TfIdf(), DOCS), [5, 6, 7])
    assert [(m.earlier_item_id, m.earlier_review_id) for m in found[6]] == [(5, 12), (2, 10)]
    assert [(m.earlier_item_id, m.earlier_review_id) for m in found[7]] == [(3, 11)]
    assert all(0.0 < m.score <= 1.0 for m in found[6] + found[7])
    assert found[6][0].score > found[6][1].score


def test_nothing_similar_is_an_empty_list() -> None:
    found = find_matches(DOCS, fit(TfIdf(), DOCS), [7])
    assert found == {8: []}


@pytest.mark.parametrize("method", [TfIdf, Bm25])
def test_only_reviews_published_before_count(method: type[TfIdf] | type[Bm25]) -> None:
    # The 2018 item is later than the 2014 one and the same review never matches itself.
    found = find_matches(DOCS, fit(method(), DOCS), [1, 4])
    assert found[2] == []
    assert [m.earlier_item_id for m in found[5]] == [2]
    # Same year: earlier only when both months are known and earlier.
    same_year = [
        ItemDoc(1, 1, 2020, None, "Schools should notify the police of domestic abuse"),
        ItemDoc(2, 2, 2020, 4, "Schools should notify the police of domestic abuse"),
        ItemDoc(3, 3, 2020, 6, "Schools should notify the police of domestic abuse"),
    ]
    found = find_matches(same_year, fit(method(), same_year))
    assert {k: [m.earlier_review_id for m in v] for k, v in found.items()} == {
        1: [],
        2: [],
        3: [2],
    }


@pytest.mark.parametrize("method", [TfIdf, Bm25])
def test_one_match_per_earlier_review_at_most_three(method: type[TfIdf] | type[Bm25]) -> None:
    docs = [
        ItemDoc(
            n, n // 2, 2010 + n // 2, None, "Midwives should ask both parents about their history"
        )
        for n in range(10)
    ] + [ItemDoc(99, 99, 2030, None, "Midwives should ask both parents about their history")]
    found = find_matches(docs, fit(method(), docs), [10])
    # equal scores: the lower item id (stored first) first
    assert [m.earlier_review_id for m in found[99]] == [0, 1, 2]
    assert all(isinstance(m, Match) and m.score == 1.0 for m in found[99])


def test_bm25_scores_are_relative_to_the_query_itself() -> None:
    method = fit(Bm25(), DOCS)
    scores = method.scores(6)
    assert max(scores.values()) < 1.0
    assert max(scores, key=lambda k: scores[k]) == 2


def test_words_are_stemmed_and_common_words_dropped() -> None:
    assert stem("assessments") == "assess"
    assert stem("notified") == "notify"
    assert stem("process") == "process"
    assert tokens("The partnership should make sure GPs' assessments are shared") == [
        "gp",
        "assess",
        "shar",
    ]


def test_bm25_pruning_keeps_every_score_above_the_floor() -> None:
    method = fit(Bm25(), DOCS)
    for query in range(len(DOCS)):
        full = method.scores(query)
        pruned = method.scores(query, 0.31)
        above = {k: round(v, 9) for k, v in full.items() if v >= 0.31}
        assert {k: round(v, 9) for k, v in pruned.items() if v >= 0.31} == above


def test_the_default_method_is_bm25() -> None:
    from insight.matching import default_method

    method = default_method()
    assert (method.name, method.threshold) == ("bm25", 0.31)


# ------------------------------------------------------------------ the index kept between runs


def _stored_matches(database: Database) -> list[tuple[str, str, int, float]]:
    """Every stored match as (item text, earlier item text, rank, score)."""
    earlier = aliased(RecommendationItem)
    with database.session() as session:
        rows = session.execute(
            select(RecommendationItem.text, earlier.text, RecommendationMatch.rank)
            .add_columns(RecommendationMatch.score)
            .join(RecommendationMatch, RecommendationMatch.item_id == RecommendationItem.id)
            .join(earlier, earlier.id == RecommendationMatch.earlier_item_id)
        ).all()
    return sorted((a, b, rank, round(score, 4)) for a, b, rank, score in rows)


def _add(database: Database, n: int, year: int, recommendations: str) -> int:
    seen = datetime(2026, 1, 1, tzinfo=UTC)
    with database.session() as session:
        review = Review(
            review_key=f"r{n}",
            text_key=f"r{n}",
            published_year=year,
            area="Westshire",
            title=f"Child {n}",
            recommendations=recommendations,
            keywords=[],
            source_url="https://source.example.org/case-reviews",
            content_hash=str(n),
            first_seen_at=seen,
            last_seen_at=seen,
        )
        session.add(review)
        session.flush()
        return review.id


def _history(database: Database, *, forget_index: bool) -> list[list[tuple[str, str, int, float]]]:
    """Earlier reviews, then a new one, then a change to its items: the matches after each
    update; with ``forget_index`` every update analyses every item from its text."""
    taxonomy = default_taxonomy()

    def step() -> list[tuple[str, str, int, float]]:
        if forget_index:
            with database.session() as session:
                session.execute(delete(RecommendationIndex))
        update(database, taxonomy)
        return _stored_matches(database)

    for n, doc in enumerate(EARLIER):
        _add(database, n, doc.year, doc.text)
    seen = [step()]
    new = _add(database, 10, 2024, "; ".join(doc.text for doc in NEW))
    seen.append(step())
    with database.session() as session:
        review = session.get(Review, new)
        assert review is not None
        review.recommendations = "; ".join([NEW[0].text, NEW[1].text, EARLIER[3].text])
    seen.append(step())
    return seen


def test_matches_from_the_kept_index_are_those_from_the_texts(
    tmp_path: Path, db_url_factory
) -> None:
    kept = open_database(db_url_factory(tmp_path / "kept"))
    fresh = open_database(db_url_factory(tmp_path / "fresh"))
    try:
        with_index = _history(kept, forget_index=False)
        with kept.session() as session:
            assert session.scalar(select(func.count()).select_from(RecommendationIndex)) == 6
        assert with_index == _history(fresh, forget_index=True)
        _, added, changed = with_index
        assert (NEW[1].text, EARLIER[2].text, 1) in [m[:3] for m in added]
        assert not [m for m in added if m[0] == NEW[2].text]  # the dentists: nothing similar
        # the changed item was analysed again, not read from its old entry
        assert (EARLIER[3].text, EARLIER[3].text, 1) in [m[:3] for m in changed]
        assert not [m for m in changed if m[0] == NEW[2].text]
    finally:
        kept.close()
        fresh.close()
