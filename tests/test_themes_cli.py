"""themes retag/list/trends and the insight keys of reviews list/show, through the real CLI on a
real database (SQLite here; PostgreSQL in CI through SCR_DIGEST_TEST_PG_URL)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from cli import main
from db import Report, Review, open_database
from db.models import RecommendationItem, RecommendationMatch, ReviewTag

REVIEWS: list[dict[str, Any]] = [
    {
        "published_year": 2014,
        "area": "Westmoor",
        "title": "Child D",
        "summary": "Emotional abuse of a 9-year-old girl who lived with domestic abuse.",
        "learning": "police call-outs were not shared with her school.",
        "recommendations": "police should notify schools of domestic abuse incidents involving "
        "pupils before the next school day; GPs should record who holds parental "
        "responsibility.",
        "keywords": ["domestic abuse", "schools"],
    },
    {
        "published_year": 2016,
        "area": "Eastdale",
        "title": "Baby E",
        "summary": "Death of a 6-week-old baby while co-sleeping with a parent who had taken "
        "drugs.",
        "learning": "safer sleep advice was given once and not repeated.",
        "recommendations": "safer sleep advice should be repeated at every health visiting "
        "contact in the first six months.",
        "keywords": ["sudden unexpected death in infancy", "parental substance misuse"],
    },
    {
        "published_year": 2024,
        "published_month": 3,
        "area": "Northwick",
        "title": "Children F and G",
        "summary": "Emotional abuse of two sisters who lived with domestic abuse.",
        "learning": "the girls' schools were not told about police call-outs at weekends.",
        "recommendations": "the partnership should make sure that schools are notified of "
        "domestic abuse incidents at weekends and during school holidays; dentists should "
        "receive training on recognising female genital mutilation.",
        "keywords": ["domestic abuse", "emotional abuse"],
        "report": [
            "The partnership should extend its scheme for notifying schools after domestic "
            "abuse incidents to weekends and school holidays."
        ],
    },
]


@pytest.fixture
def setup(tmp_path: Path, db_url_factory) -> tuple[Any, str]:
    url = db_url_factory(tmp_path)
    database = open_database(url)
    now = datetime(2024, 4, 1, tzinfo=UTC)
    with database.session() as session:
        for values in REVIEWS:
            values = dict(values)
            report = values.pop("report", None)
            review = Review(
                review_key=f"{values['area']}|{values['title']}",
                text_key=f"{values['area']}|{values['title']}",
                source_url="https://source.example.org/case-reviews",
                content_hash=hashlib.sha256(values["title"].encode()).hexdigest(),
                first_seen_at=now,
                last_seen_at=now,
                **values,
            )
            if report is not None:
                review.report = Report(
                    url="https://reports.example.org/r.pdf", status="ok", recommendations=report
                )
            session.add(review)
    database.close()
    runner = CliRunner()
    env = {"SCR_DIGEST_DB": url, "SCR_DIGEST_CONFIG": ""}

    def invoke(*args: str) -> Result:
        result = runner.invoke(
            main, ["--data-dir", str(tmp_path), *args], env=env, catch_exceptions=False
        )
        return result

    return invoke, url


def _rows(url: str) -> list[tuple[Any, ...]]:
    database = open_database(url)
    try:
        with database.session() as session:
            tags = session.execute(
                select(
                    ReviewTag.id,
                    ReviewTag.review_id,
                    ReviewTag.axis,
                    ReviewTag.concept_id,
                    ReviewTag.evidence,
                ).order_by(ReviewTag.id)
            ).all()
            items = session.execute(
                select(RecommendationItem.id, RecommendationItem.text).order_by(
                    RecommendationItem.id
                )
            ).all()
            matches = session.execute(
                select(
                    RecommendationMatch.id,
                    RecommendationMatch.item_id,
                    RecommendationMatch.earlier_item_id,
                    RecommendationMatch.score,
                ).order_by(RecommendationMatch.id)
            ).all()
        return [tuple(r) for r in [*tags, *items, *matches]]
    finally:
        database.close()


def test_retag_then_show_gives_themes_items_and_made_before(setup) -> None:
    run, _url = setup
    result = run("themes", "retag")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 reviews, 3 tagged: tags ")

    listed = json.loads(run("reviews", "list", "--format", "json").output)
    assert [(r["title"], r["themes"], r["agencies"]) for r in listed] == [
        (
            "Children F and G",
            ["information_sharing", "domestic_abuse", "race_culture", "education"],
            ["police", "education", "partnership"],
        ),
        ("Baby E", ["substance_misuse", "babies"], ["health"]),
        (
            "Child D",
            ["information_sharing", "domestic_abuse", "education"],
            ["health", "police", "education"],
        ),
    ]

    newest = listed[0]["id"]
    shown = json.loads(run("reviews", "show", str(newest), "--format", "json").output)
    items = shown["recommendation_items"]
    assert [(i["source"], i["text"][:40]) for i in items] == [
        ("listing", "The partnership should make sure that sc"),
        ("listing", "Dentists should receive training on reco"),
        ("report", "The partnership should extend its scheme"),
    ]
    made_before = shown["made_before"]
    assert [m["item_id"] for m in made_before] == [i["id"] for i in items]
    first, dentists, report = made_before
    assert [{k: v for k, v in match.items() if k != "score"} for match in first["matches"]] == [
        {
            "review_id": listed[2]["id"],
            "published_year": 2014,
            "area": "Westmoor",
            "title": "Child D",
            "text": "Police should notify schools of domestic abuse incidents involving pupils "
            "before the next school day",
        }
    ]
    assert 0.3 <= first["matches"][0]["score"] <= 1.0
    assert dentists["matches"] == []  # nothing similar was recommended before
    assert [m["title"] for m in report["matches"]] == ["Child D"]


def test_a_rerun_leaves_tags_items_and_matches_unchanged(setup) -> None:
    run, url = setup
    assert run("themes", "retag").exit_code == 0
    before = _rows(url)
    assert before
    again = run("themes", "retag")
    assert again.exit_code == 0
    assert "tags 0 added, 0 changed, 0 removed" in again.output
    assert "items 0 added, 0 changed, 0 removed" in again.output
    assert "matches 0 added, 0 changed, 0 removed" in again.output
    assert _rows(url) == before


def test_trends_json_counts_and_shares_per_year(setup) -> None:
    run, _url = setup
    run("themes", "retag")
    result = run("themes", "trends", "--from", "2014", "--to", "2016", "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["from"] == 2014 and figures["to"] == 2016
    assert figures["years"] == [
        {"year": 2014, "reviews": 1},
        {"year": 2015, "reviews": 0},
        {"year": 2016, "reviews": 1},
    ]
    by_id = {theme["id"]: theme for theme in figures["themes"]}
    assert by_id["domestic_abuse"] == {
        "id": "domestic_abuse",
        "name": "Domestic abuse",
        "reviews": 1,
        "by_year": [
            {"year": 2014, "reviews": 1, "share": 1.0},
            {"year": 2015, "reviews": 0, "share": None},
            {"year": 2016, "reviews": 0, "share": 0.0},
        ],
    }
    assert [t["id"] for t in figures["themes"]][:3] == [
        "information_sharing",
        "professional_curiosity",
        "voice_of_child",
    ]


def test_trends_as_table_and_svg(setup, tmp_path: Path) -> None:
    run, _url = setup
    run("themes", "retag")
    table = run("themes", "trends").output.splitlines()
    assert table[0].split() == ["theme", *[str(y) for y in range(2014, 2025)]]
    assert table[1].split()[:3] == ["(reviews)", "1", "0"]
    assert any(line.startswith("Domestic abuse") for line in table)
    out = tmp_path / "themes.svg"
    result = run("themes", "trends", "--format", "svg", "--out", str(out))
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "Domestic abuse" in svg
    assert run("themes", "trends", "--from", "2020", "--to", "2019").exit_code == 2


def test_themes_list_shows_the_taxonomy_and_counts(setup) -> None:
    run, _url = setup
    run("themes", "retag")
    rows = json.loads(run("themes", "list", "--format", "json").output)
    assert len([r for r in rows if r["axis"] == "theme"]) == 21
    assert len([r for r in rows if r["axis"] == "agency"]) == 10
    assert {r["id"]: r["reviews"] for r in rows}["domestic_abuse"] == 2


def test_a_broken_board_taxonomy_is_one_line_error(setup, tmp_path: Path) -> None:
    run, _url = setup
    (tmp_path / "taxonomy.toml").write_text("[[theme]\n", encoding="utf-8")
    result = run("themes", "retag")
    assert result.exit_code == 1
    assert result.output.startswith("Error: taxonomy: ")
