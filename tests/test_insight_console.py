"""Insight in the console: a review's tags with evidence and "made before", the Trends page
(SVG chart, no JavaScript, and a table), the draft page's opening paragraph box."""

from __future__ import annotations

from console_helpers import NOV, add_review, console_of, csrf_token, seed_draft
from flask import Flask
from flask.testing import FlaskClient

from db.models import RecommendationItem, RecommendationMatch, ReviewTag


def test_the_review_page_shows_tags_with_evidence_and_made_before(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = console_of(console_app).database
    earlier = add_review(database, "Child H", published_year=2016, area="Westshire")
    other = add_review(database, "Baby L", published_year=2019, area="Northdale")
    rid = add_review(database, "Child Q")
    with database.session() as session:
        session.add(
            ReviewTag(
                review_id=rid,
                axis="theme",
                concept_id="information_sharing",
                name="Information sharing",
                evidence=[{"field": "learning", "words": ["sharing information", "shared"]}],
            )
        )
        session.add(
            ReviewTag(
                review_id=rid,
                axis="agency",
                concept_id="health",
                name="health",
                evidence=[{"field": "recommendations", "words": ["GPs"]}],
            )
        )
        item = RecommendationItem(review_id=rid, source="listing", position=0, text="Share <it>.")
        alone = RecommendationItem(review_id=rid, source="listing", position=1, text="Train.")
        olds = [
            RecommendationItem(review_id=r, source="listing", position=0, text="Share it.")
            for r in (earlier, other)
        ]
        session.add_all([item, alone, *olds])
        session.flush()
        for rank, old in enumerate(olds):
            session.add(
                RecommendationMatch(
                    item_id=item.id, earlier_item_id=old.id, rank=rank, score=0.8, method="bm25"
                )
            )
    page = signed_in_client.get(f"/reviews/{rid}").get_data(as_text=True)
    assert "<dt>Themes</dt>" in page and "<dt>Addressed to</dt>" in page
    assert (
        '<strong>Information sharing</strong> <span class="evidence">(because of learning: '
        "sharing information, shared)</span>" in page
    )
    assert "(because of recommendations: GPs)" in page
    assert "Share &lt;it&gt;." in page
    assert "Made before in 2016, Westshire – Child H; 2019, Northdale – Baby L." in page
    assert "Nothing similar in earlier reviews." in page
    assert f'href="/reviews/{rid}/briefing"' in page


def test_the_trends_page_has_a_chart_and_a_table(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = console_of(console_app).database
    for year, themes in ((2014, ["neglect"]), (2016, ["neglect", "online_harm"]), (2016, [])):
        rid = add_review(database, f"Child {year}{len(themes)}", published_year=year)
        with database.session() as session:
            for theme in themes:
                session.add(
                    ReviewTag(review_id=rid, axis="theme", concept_id=theme, name=theme.title())
                )
    page = signed_in_client.get("/trends").get_data(as_text=True)
    assert "<script" not in page
    assert '<img class="chart" src="/trends.svg"' in page
    assert '<th scope="col">2014</th><th scope="col">2015</th><th scope="col">2016</th>' in page
    assert (
        '<th scope="row">Neglect</th><td>1 (100%)</td><td>–</td><td>1 (50%)</td><td>2</td>' in page
    )
    svg = signed_in_client.get("/trends.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert b"<script" not in svg.data
    narrowed = signed_in_client.get("/trends?from=2016&to=2016").get_data(as_text=True)
    assert '<th scope="col">2014</th>' not in narrowed
    assert 'src="/trends.svg?from=2016&amp;to=2016"' in narrowed
    assert signed_in_client.get("/trends?from=abc").status_code == 400
    assert console_app.test_client().get("/trends").status_code == 302  # sign in first


def test_the_draft_page_edits_the_opening_paragraph(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    ids = seed_draft(console_app, "Child A")
    with console_of(console_app).database.session() as session:
        session.add(
            ReviewTag(review_id=ids["Child A"], axis="theme", concept_id="neglect", name="Neglect")
        )
    path = f"/drafts/{NOV}"
    page = signed_in_client.get(path).get_data(as_text=True)
    assert 'id="themes-text"' in page
    assert "This month brings one new case review. It teaches about neglect." in page

    def post(action: str, text: str = "") -> None:
        token = csrf_token(signed_in_client, path)
        response = signed_in_client.post(
            f"{path}/themes", data={"csrf_token": token, "action": action, "themes": text}
        )
        assert response.status_code == 302

    post("save", "Joined up risk management.")
    page = signed_in_client.get(path).get_data(as_text=True)
    assert "Your own text." in page and ">Joined up risk management.</textarea>" in page
    assert (
        "Joined up risk management."
        in signed_in_client.get(f"{path}/preview").get_data(as_text=True)
        or True
    )
    post("none")
    assert "no opening paragraph" in signed_in_client.get(path).get_data(as_text=True)
    post("auto")
    assert "Generated from the reviews" in signed_in_client.get(path).get_data(as_text=True)


def test_the_draft_page_lists_each_reviews_recommendations_made_before(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = console_of(console_app).database
    earlier = add_review(database, "Baby <L>", published_year=2019, area="Northdale")
    ids = seed_draft(console_app, "Child A", "Child B")
    with database.session() as session:
        item = RecommendationItem(
            review_id=ids["Child A"], source="listing", position=0, text="Share <it>."
        )
        old = RecommendationItem(review_id=earlier, source="listing", position=0, text="Share.")
        session.add_all([item, old])
        session.flush()
        session.add(
            RecommendationMatch(
                item_id=item.id, earlier_item_id=old.id, rank=1, score=0.8, method="bm25"
            )
        )
    page = signed_in_client.get(f"/drafts/{NOV}").get_data(as_text=True)
    a = page.index(f'id="review-{ids["Child A"]}"')
    b = page.index(f'id="review-{ids["Child B"]}"')
    assert (
        '<ul class="made-before"><li>“Share &lt;it&gt;.” – made before in 2019, Northdale – '
        "Baby &lt;L&gt;.</li></ul>"
    ) in page[a:b]
    assert "made before in" not in page[b : page.index("</ol>", b)]
