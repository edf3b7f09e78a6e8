"""Full-text search over reviews and reports, on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cli import main
from config import Config
from db import Database, Report, Review, open_database
from db.search import parse_query, search_facets, search_reviews
from harvester.harvest import harvest
from sample_site.server import SiteServer
from tests.test_reports import make_pdf


def add_review(
    database: Database,
    title: str,
    *,
    year: int = 2025,
    month: int | None = 3,
    area: str = "Westshire",
    summary: str = "A fictional summary.",
    keywords: list[str] | None = None,
    report_text: str | None = None,
    headings: list[str] | None = None,
    report_recommendations: list[str] | None = None,
    **fields: str,
) -> int:
    with database.session() as session:
        review = Review(
            review_key=f"{year}|{area}|{title}",
            text_key=f"{year}|{area}|{title}".lower(),
            published_year=year,
            published_month=month,
            area=area,
            title=title,
            summary=summary,
            keywords=keywords or [],
            sections=[],
            source_url="https://example.org/case-reviews/",
            content_hash="0" * 64,
            **fields,
        )
        session.add(review)
        session.flush()
        if report_text is not None or headings or report_recommendations:
            session.add(
                Report(
                    review_id=review.id,
                    url=f"https://example.org/r/{review.id}.pdf",
                    status="ok",
                    text=report_text,
                    headings=headings or [],
                    recommendations=report_recommendations or [],
                )
            )
        return review.id


@pytest.fixture
def database(tmp_path: Path, db_url_factory: Callable[[Path], str]) -> Iterator[Database]:
    db = open_database(db_url_factory(tmp_path))
    try:
        yield db
    finally:
        db.close()


def titles(database: Database, query: str | None, **filters: object) -> list[str]:
    with database.session() as session:
        found = search_reviews(session, query, page=1, per_page=50, **filters)  # type: ignore[arg-type]
        return [review.title for review in found.reviews]


def test_a_word_only_in_the_report_text_finds_the_review(database: Database) -> None:
    add_review(database, "Child A", report_text="The agencies missed the trampoline accident.")
    add_review(database, "Child B", report_text="Nothing of note about play equipment.")
    assert titles(database, "trampoline") == ["Child A"]
    with database.session() as session:
        found = search_reviews(session, "trampoline", page=1, per_page=10)
    hit = found.hits[0]
    assert "trampoline" in hit.snippet and "\ue000" not in hit.snippet
    assert [part.text.lower() for part in hit.parts if part.match] == ["trampoline"]


def test_report_headings_and_recommendations_are_searched(database: Database) -> None:
    add_review(database, "Child A", headings=["Chronology of safeguarding"])
    add_review(database, "Child B", report_recommendations=["Commission a perinatal pathway"])
    assert titles(database, "chronology") == ["Child A"]
    assert titles(database, "perinatal") == ["Child B"]


def test_every_listing_field_is_searched(database: Database) -> None:
    fields = {
        "summary": "alpha",
        "background": "bravo",
        "learning": "charlie",
        "recommendations": "delta",
        "response": "echo",
        "model": "foxtrot",
    }
    for field, word in fields.items():
        add_review(database, f"Review {field}", **{"summary": "plain", field: f"the {word} word"})
    add_review(database, "Keyworded", keywords=["Golfing", "Hotel"])
    add_review(database, "Area review", area="Indiashire")
    for field, word in fields.items():
        assert titles(database, word) == [f"Review {field}"], field
    assert titles(database, "hotel") == ["Keyworded"]
    assert titles(database, "indiashire") == ["Area review"]


def test_stemmed_forms_match(database: Database) -> None:
    add_review(database, "Child A", summary="Concerns about neglect were raised.")
    add_review(database, "Child B", summary="Parents were supported.")
    assert titles(database, "neglected") == ["Child A"]
    assert titles(database, "NEGLECTING") == ["Child A"]


def test_year_area_and_keyword_filters_combine(database: Database) -> None:
    add_review(database, "A", year=2024, area="Westshire", keywords=["Neglect"])
    add_review(database, "B", year=2025, area="Westshire", keywords=["Neglect", "Drowning"])
    add_review(database, "C", year=2025, area="Eastshire", keywords=["neglect"])
    add_review(database, "D", year=2025, area="Westshire", keywords=["Bruising"])
    assert titles(database, None, year=2025) == ["C", "B", "D"]  # same month: by area, title
    assert titles(database, None, year=2025, area="westshire") == ["B", "D"]
    assert titles(database, None, year=2025, area="Westshire", keyword="neglect") == ["B"]
    assert sorted(titles(database, None, keyword="NEGLECT")) == ["A", "B", "C"]
    assert titles(database, "drowning", year=2024) == []
    assert titles(database, "fictional", year=2025, keyword="bruising") == ["D"]


def test_no_query_lists_newest_first_and_pages(database: Database) -> None:
    for index, (year, month) in enumerate([(2023, 1), (2025, None), (2025, 6), (2024, 12)]):
        add_review(database, f"R{index}", year=year, month=month)
    assert titles(database, None) == ["R2", "R1", "R3", "R0"]
    with database.session() as session:
        first = search_reviews(session, "", page=1, per_page=3)
        second = search_reviews(session, "   ", page=2, per_page=3)
        beyond = search_reviews(session, None, page=9, per_page=3)
    assert (first.total, first.pages, first.has_next) == (4, 2, True)
    assert [r.title for r in second.reviews] == ["R0"] and not second.has_next
    assert beyond.reviews == [] and beyond.total == 4


def test_better_matches_rank_first(database: Database) -> None:
    add_review(database, "Mentioned once", report_text="A note on bruising in passing.")
    add_review(database, "Bruising in infants", summary="Bruising in non-mobile infants.")
    assert titles(database, "bruising") == ["Bruising in infants", "Mentioned once"]


def test_phrases_or_and_exclusions(database: Database) -> None:
    add_review(database, "A", summary="mental health of the mother")
    add_review(database, "B", summary="health visitor saw the mother")
    add_review(database, "C", summary="domestic abuse and alcohol")
    assert titles(database, '"mental health"') == ["A"]
    assert sorted(titles(database, "alcohol OR visitor")) == ["B", "C"]
    assert titles(database, "mother -mental") == ["B"]
    assert sorted(titles(database, '-"mental health"')) == ["B", "C"]


def test_an_edited_review_is_found_by_its_new_words_only(database: Database) -> None:
    review_id = add_review(database, "Child A", summary="Concerns about fireworks.")
    add_review(database, "Child B", summary="Unrelated.")
    assert titles(database, "fireworks") == ["Child A"]
    with database.session() as session:
        review = session.get(Review, review_id)
        assert review is not None
        review.summary = "Concerns about sleeping arrangements."
        review.keywords = ["Co-sleeping"]
    assert titles(database, "fireworks") == []
    assert titles(database, "sleeping") == ["Child A"]
    assert titles(database, "co-sleeping") == ["Child A"]


def test_report_changes_and_deletions_follow(database: Database) -> None:
    review_id = add_review(database, "Child A", report_text="first draft about kayaks")
    with database.session() as session:
        report = session.scalars(select(Report).where(Report.review_id == review_id)).one()
        report.text = "re-extracted text about canoes"
    assert titles(database, "kayaks") == []
    assert titles(database, "canoe") == ["Child A"]
    with database.session() as session:
        session.delete(session.scalars(select(Report)).one())
    assert titles(database, "canoes") == []
    assert titles(database, "Child") == ["Child A"]
    with database.session() as session:
        session.delete(session.get(Review, review_id))
    assert titles(database, "Child") == []


def test_the_migration_indexes_reviews_stored_before_it(
    tmp_path: Path, db_url_factory: Callable[[Path], str]
) -> None:
    from alembic import command

    from db.engine import alembic_config

    url = db_url_factory(tmp_path)
    database = open_database(url)
    try:
        add_review(database, "Old review", report_text="archived zeppelin report")
        config = alembic_config(database.engine)
        command.downgrade(config, "0005")
        command.upgrade(config, "head")
        assert titles(database, "zeppelin") == ["Old review"]
    finally:
        database.close()


HOSTILE_QUERIES = [
    '"unbalanced',
    'a "b c',
    "NEAR(neglect bruising, 2)",
    "title:neglect",
    "neglect AND OR NOT",
    "NOT neglect",
    "(neglect OR",
    "-",
    "--neglect",
    "*",
    "neglect*",
    "^neglect",
    "'; DROP TABLE review; --",
    "\x00neglect",
    '""',
    "OR",
    "a" * 5000,
    "{title area}: neglect",
    "neglect + bruising",
    "neglect!",
    "neglect | bruising & !care <-> x:*",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_query_syntax_never_raises(database: Database, query: str) -> None:
    add_review(database, "Neglect review", summary="neglect and bruising")
    found = titles(database, query)
    assert found in ([], ["Neglect review"])


def test_operator_words_are_searched_as_words(database: Database) -> None:
    add_review(database, "A", summary="neglect and bruising")
    add_review(database, "B", summary="bruising only")
    assert titles(database, "NEAR(neglect bruising)") == []  # "near" is just a word here
    assert titles(database, "title:neglect") == []  # no column filters: "title neglect" phrase
    assert titles(database, "neglect*") == ["A"]
    assert titles(database, '"neglect') == ["A"]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.one_of(
        st.text(max_size=80),
        # query syntax of FTS5 and websearch_to_tsquery, in any order
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "(",
                    ")",
                    "*",
                    "-",
                    "OR",
                    "AND",
                    "NOT",
                    "NEAR(",
                    ":",
                    "^",
                    "+",
                    "'",
                    "!",
                    "&",
                    "|",
                    "<->",
                    "{",
                    "}",
                    ",",
                    "neglect",
                    "bruising",
                    "the",
                    " ",
                    "\x00",
                ]
            ),
            max_size=20,
        ).map("".join),
    )
)
def test_arbitrary_query_strings_never_raise(database: Database, query: str) -> None:
    with database.session() as session:
        if session.scalar(select(Review.id)) is None:
            add_review(database, "Seed", summary="neglect bruising", report_text="canoe")
        found = search_reviews(session, query, page=1, per_page=5)
        assert found.total >= len(found.hits)
    assert parse_query(query) == parse_query(query)


def test_facets_list_years_areas_and_keywords(database: Database) -> None:
    add_review(database, "A", year=2024, area="Westshire", keywords=["Neglect"])
    add_review(database, "B", year=2025, area="eastshire", keywords=["neglect", "Bruising"])
    with database.session() as session:
        facets = search_facets(session)
    assert facets.years == [2025, 2024]
    assert facets.areas == ["eastshire", "Westshire"]
    assert facets.keywords == ["Bruising", "Neglect"]


def test_harvested_report_text_is_searchable_from_the_cli(
    tmp_path: Path, db_url_factory: Callable[[Path], str]
) -> None:
    root = tmp_path / "site"
    (root / "r").mkdir(parents=True)
    (root / "case-reviews").mkdir()
    (root / "r" / "a.pdf").write_bytes(make_pdf(["The practitioners discussed the xylophone."]))
    (root / "case-reviews" / "monthly-case-reviews-update.html").write_text(
        "<html><body><h1>Case reviews update</h1>"
        "<h3>2025 – Westshire – Child A</h3><p>A fictional summary.</p>"
        '<p><a href="/r/a.pdf">Read the overview report</a></p>'
        "<h3>2025 – Eastshire – Child B</h3><p>Another fictional summary.</p>"
        "</body></html>"
    )
    url = db_url_factory(tmp_path)
    with SiteServer(root) as site:
        config = Config(
            data_dir=tmp_path / "data",
            db=url,
            sources=(site.url("/case-reviews/monthly-case-reviews-update"),),
            govuk_organisations=(),
            request_delay=0.0,
            retries=1,
        )
        database = open_database(config.db_url)
        try:
            assert harvest(database, config).exit_code == 0
        finally:
            database.close()
    env = {"SCR_DIGEST_DB": url, "SCR_DIGEST_CONFIG": ""}
    runner = CliRunner()
    args = ["--data-dir", str(tmp_path / "data"), "reviews", "list"]
    result = runner.invoke(main, [*args, "--search", "xylophones", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    assert [row["title"] for row in json.loads(result.output)] == ["Child A"]
    table = runner.invoke(main, [*args, "--search", "fictional"], env=env)
    assert "Child A" in table.output and "Child B" in table.output
    later = [*args, "--search", "fictional", "--since", "2026-01", "--format", "json"]
    assert json.loads(runner.invoke(main, later, env=env).output) == []
    nothing = runner.invoke(main, [*args, "--search", 'NEAR("'], env=env)
    assert nothing.exit_code == 0 and "Child" not in nothing.output
