"""The console's reviews pages: search, a page per review, the archived report; who may see them
and how hostile scraped content comes out."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from console_helpers import NOV, add_review, console_of, seed_draft
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from db import Recipient, Report, Review


class PageStructure(HTMLParser):
    """What the accessibility and safety checks need from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.labels_for: set[str] = set()
        self.fields: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.scripts = 0
        self.event_handlers: list[str] = []
        self._label_depth = 0
        self._aria_labelled = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label":
            self._label_depth += 1
            if values.get("for"):
                self.labels_for.add(values["for"] or "")
        if tag in ("input", "select", "textarea") and values.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            self.fields.append({**values, "_wrapped": "yes" if self._label_depth else None})
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        if tag == "script":
            self.scripts += 1
        self.event_handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth -= 1


def structure(html: str) -> PageStructure:
    parser = PageStructure()
    parser.feed(html)
    return parser


def assert_accessible(html: str, where: str = "page") -> None:
    """Every form field has a label; one h1; headings never skip a level going down."""
    page = structure(html)
    for field in page.fields:
        labelled = (
            field.get("_wrapped")
            or field.get("id") in page.labels_for
            or field.get("aria-label")
            or field.get("aria-labelledby")
        )
        assert labelled, f"{where}: form field without a label: {field}"
    assert page.headings.count(1) == 1, f"{where}: {page.headings.count(1)} h1 elements"
    assert page.headings[0] == 1, f"{where}: the first heading is not the h1"
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"{where}: heading h{before} followed by h{after}"


def assert_no_active_content(html: str, where: str) -> None:
    page = structure(html)
    assert page.scripts == 0, f"{where}: a <script> element"
    assert page.event_handlers == [], f"{where}: event handler attributes"
    for href in page.links:
        assert href.startswith(("/", "#", "http://", "https://")), f"{where}: link {href!r}"


def db_of(app: Flask) -> Any:
    return console_of(app).database


# ----------------------------------------------------------------------------------- access


def test_anonymous_visitors_are_sent_to_sign_in_and_see_no_titles(console_app: Flask) -> None:
    review_id = add_review(db_of(console_app), "Child Secretive")
    client = console_app.test_client()
    for path in (
        "/reviews",
        "/reviews?q=child",
        f"/reviews/{review_id}",
        f"/reviews/{review_id}/report.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next="), path
        assert "Secretive" not in response.get_data(as_text=True), path
        followed = client.get(path, follow_redirects=True)
        assert "Secretive" not in followed.get_data(as_text=True)
        assert "<h1>Sign in</h1>" in followed.get_data(as_text=True)


# ------------------------------------------------------------------------------------ search


def test_search_finds_by_listing_and_report_words(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = db_of(console_app)
    a = add_review(database, "Child Alpha", summary="Concerns about drowning at home.")
    add_review(database, "Child Beta", summary="Concerns about a dog bite.")
    with database.session() as session:
        session.add(Report(review_id=a, url="https://example.org/a.pdf", text="hovercraft"))
    page = signed_in_client.get("/reviews?q=drowned")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Child Alpha" in html and "Child Beta" not in html
    assert "1 review found" in html
    assert "<mark>drowning</mark>" in html
    by_report = signed_in_client.get("/reviews?q=hovercraft").get_data(as_text=True)
    assert "Child Alpha" in by_report and "Child Beta" not in by_report
    everything = signed_in_client.get("/reviews").get_data(as_text=True)
    assert "Child Alpha" in everything and "Child Beta" in everything
    assert_accessible(html, "/reviews")


def test_filters_combine_and_the_form_keeps_them(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = db_of(console_app)
    add_review(database, "Old west", published_year=2024, area="Westshire", keywords=["Neglect"])
    add_review(database, "New west", published_year=2025, area="Westshire", keywords=["Neglect"])
    add_review(database, "New east", published_year=2025, area="Eastshire", keywords=["Neglect"])
    add_review(database, "New west two", published_year=2025, area="Westshire", keywords=["Fire"])
    html = signed_in_client.get("/reviews?q=&year=2025&area=Westshire&keyword=neglect").get_data(
        as_text=True
    )
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", html) == ["2025 – Westshire – New west"]
    assert '<option value="2025" selected>' in html
    assert '<option value="Westshire" selected>' in html
    assert 'name="keyword" value="neglect"' in html
    assert "Old west" not in html and "New east" not in html and "New west two" not in html


@pytest.mark.parametrize(
    "query",
    [
        "/reviews?year=abc&page=-1",
        "/reviews?page=99999999999999999999",
        "/reviews?q=%22unbalanced",
        "/reviews?q=NEAR(a%20b)%20title:x%20*%20-",
        "/reviews?q=%00%00",
        "/reviews?year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95",  # fullwidth digits
        "/reviews?area=%3Cscript%3E&keyword=%22%3E%3Cscript%3E",
    ],
)
def test_odd_search_parameters_never_fail(
    console_app: Flask, signed_in_client: FlaskClient, query: str
) -> None:
    add_review(db_of(console_app), "Child A")
    response = signed_in_client.get(query)
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_results_are_paged_and_pages_keep_the_search(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = db_of(console_app)
    for number in range(23):
        add_review(database, f"Child {number:02d}", summary="about trampolines")
    add_review(database, "Other", summary="about kites")
    first = signed_in_client.get("/reviews?q=trampoline").get_data(as_text=True)
    assert "23 reviews found" in first and "Page 1 of 2" in first
    assert len(re.findall(r"<h3>", first)) == 20
    next_link = re.search(r'href="([^"]+)" rel="next"', first)
    assert next_link and "q=trampoline" in next_link.group(1)
    second = signed_in_client.get(next_link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert len(re.findall(r"<h3>", second)) == 3 and "Page 2 of 2" in second
    assert 'rel="prev"' in second and "Other" not in second


# ------------------------------------------------------------------------------ review page


def test_review_page_shows_sections_report_and_links(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = db_of(console_app)
    review_id = add_review(
        database,
        "Child Gamma",
        published_month=3,
        sections=[
            {"label": None, "field": "summary", "text": "Gamma summary."},
            {"label": "Learning includes:", "field": "learning", "text": "Gamma learning."},
            {"label": "Keywords", "field": "keywords", "text": "neglect"},
        ],
        report_url="https://reports.example.org/gamma.pdf",
        source_url="https://source.example.org/case-reviews/2026",
    )
    with database.session() as session:
        session.add(
            Report(
                review_id=review_id,
                url="https://reports.example.org/gamma.pdf",
                status="ok",
                pages=12,
                bytes=204800,
                headings=["Introduction", "Findings"],
                recommendations=["Train the staff", "Audit the records"],
            )
        )
    html = signed_in_client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "<h1>March 2026 – Westshire – Child Gamma</h1>" in html
    sections = re.findall(r"<h3>([^<]+)</h3>\s*<p>([^<]+)</p>", html)
    assert sections[:3] == [
        ("Summary", "Gamma summary."),
        ("Learning", "Gamma learning."),  # the label without its "includes:", as the bulletin
        ("Keywords", "neglect"),
    ]
    assert "Downloaded and its text extracted." in html and "12 pages, 200 KB" in html
    assert re.search(r"<li>Introduction</li>\s*<li>Findings</li>", html)
    assert re.search(r"<ol[^>]*>\s*<li>Train the staff</li>\s*<li>Audit the records</li>", html)
    assert 'href="https://reports.example.org/gamma.pdf"' in html
    assert 'href="https://source.example.org/case-reviews/2026"' in html
    assert f"/reviews/{review_id}/report.pdf" not in html, "no archived file: no download link"
    assert_accessible(html, "/reviews/<id>")
    assert signed_in_client.get("/reviews/999999").status_code == 404


HOSTILE_TITLE = '<script>alert("t")</script>Child \u202eFDP.exe'


def test_hostile_review_content_is_escaped_on_both_pages(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = db_of(console_app)
    review_id = add_review(
        database,
        HOSTILE_TITLE,
        area='Westshire"><img src=x onerror=alert(1)>',
        summary="zebra <img src=x onerror=alert(2)> ＜script＞alert(3)＜/script＞",
        keywords=['"><script>alert(4)</script>', "zebra"],
        sections=[
            {"label": "<b onmouseover=alert(5)>Learning</b>", "field": "learning", "text": "x"},
            {"label": None, "field": "summary", "text": "<svg/onload=alert(6)> zebra"},
        ],
        report_url="javascript:alert(7)",
        source_url="https://ex\u0430mple.org/case-reviews",  # Cyrillic "а"
    )
    other = add_review(
        database, "Child data", report_url="data:text/html,<script>alert(8)</script>"
    )
    with database.session() as session:
        session.add(
            Report(
                review_id=review_id,
                url="javascript:alert(7)",
                status="failed",
                reason="<iframe src=javascript:alert(9)>",
                headings=["<script>alert(10)</script>"],
                recommendations=['<a href="javascript:alert(11)">click</a>'],
                text="zebra <script>alert(12)</script>",
            )
        )
    pages = {
        "search": signed_in_client.get("/reviews?q=zebra").get_data(as_text=True),
        "list": signed_in_client.get("/reviews").get_data(as_text=True),
        "review": signed_in_client.get(f"/reviews/{review_id}").get_data(as_text=True),
        "data review": signed_in_client.get(f"/reviews/{other}").get_data(as_text=True),
    }
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in pages["search"]
    for where, html in pages.items():
        assert_no_active_content(html, where)
        assert "\u202e" not in html, f"{where}: a bidi override reached the page"
        assert "<img" not in html and "<svg" not in html and "<iframe" not in html
    review = pages["review"]
    assert "javascript:alert(7) (not a web address, not followed)" in review
    assert 'href="https://xn--exmple-4nf.org/case-reviews"' in review
    assert "\u0430" not in review
    assert "ChildFDP.exe" not in review and "Child FDP.exe" in review
    assert "data:text/html" in pages["data review"] and 'href="data:' not in pages["data review"]
    assert "＜script＞alert(3)＜/script＞" in pages["list"], "look-alike brackets stay text"


# --------------------------------------------------------------------------- archived report


def _archive(app: Flask, review_id: int, archive_path: str, content: bytes | None) -> Path:
    config = console_of(app).config
    target = config.data_dir / archive_path
    if content is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    with console_of(app).database.session() as session:
        report = session.scalars(select(Report).where(Report.review_id == review_id)).first()
        if report is None:
            report = Report(review_id=review_id, url="https://example.org/r.pdf", status="ok")
            session.add(report)
        report.archive_path = archive_path
    return target


PDF = b"%PDF-1.4\n% a tiny stand-in for an archived report\n%%EOF\n"


def test_the_archived_report_is_downloaded_as_an_attachment(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    review_id = add_review(db_of(console_app), "Child Delta")
    _archive(console_app, review_id, "reports/ab/abcdef.pdf", PDF)
    page = signed_in_client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert f'href="/reviews/{review_id}/report.pdf"' in page
    response = signed_in_client.get(f"/reviews/{review_id}/report.pdf")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "review-" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_missing_archive_file_is_a_404(console_app: Flask, signed_in_client: FlaskClient) -> None:
    review_id = add_review(db_of(console_app), "Child Epsilon")
    assert signed_in_client.get(f"/reviews/{review_id}/report.pdf").status_code == 404
    _archive(console_app, review_id, "reports/cd/gone.pdf", None)
    assert signed_in_client.get(f"/reviews/{review_id}/report.pdf").status_code == 404
    page = signed_in_client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert f"/reviews/{review_id}/report.pdf" not in page, (
        "no download link to a file that is not there"
    )


@pytest.mark.parametrize(
    "archive_path",
    [
        "../outside.pdf",
        "reports/../../outside.pdf",
        "reports/../scr-digest.db",
        "/etc/passwd",
        "reports/../../../../../../etc/passwd",
        "reports/link.pdf",  # a symlink in the archive pointing out of it
    ],
)
def test_stored_paths_cannot_reach_outside_the_archive(
    console_app: Flask, signed_in_client: FlaskClient, archive_path: str
) -> None:
    config = console_of(console_app).config
    outside = config.data_dir.parent / "outside.pdf"
    outside.write_bytes(PDF)
    (config.data_dir / "reports").mkdir(parents=True, exist_ok=True)
    (config.data_dir / "reports" / "link.pdf").symlink_to(outside)
    (config.data_dir / "scr-digest.db").write_bytes(b"SQLite format 3\x00secret")
    review_id = add_review(db_of(console_app), "Child Zeta")
    _archive(console_app, review_id, archive_path, None)
    response = signed_in_client.get(f"/reviews/{review_id}/report.pdf")
    assert response.status_code == 404
    assert PDF not in response.data and b"root:" not in response.data
    assert b"secret" not in response.data


@pytest.mark.parametrize(
    "path",
    [
        "/reviews/..%2F..%2Fetc%2Fpasswd/report.pdf",
        "/reviews/1/../../etc/passwd",
        "/reviews/%2e%2e/report.pdf",
        "/reviews/-1/report.pdf",
    ],
)
def test_request_paths_name_no_files(
    console_app: Flask, signed_in_client: FlaskClient, path: str
) -> None:
    add_review(db_of(console_app), "Child Eta")
    response = signed_in_client.get(path)
    assert response.status_code == 404
    assert b"root:" not in response.data


def test_search_list_matches_the_cli_function(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    """The page lists exactly what db.search returns for the same query (one function)."""
    from db.search import search_all

    database = db_of(console_app)
    for title, summary in [("A", "harbour"), ("B", "harbour wall"), ("C", "hill")]:
        add_review(database, title, summary=summary)
    with database.session() as session:
        expected = [r.title for r in search_all(session, "harbour")]
        assert session.scalar(select(Review.id).where(Review.title == "C"))
    html = signed_in_client.get("/reviews?q=harbour").get_data(as_text=True)
    shown = [h.rsplit(" – ", 1)[1] for h in re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", html)]
    assert shown == expected and sorted(shown) == ["A", "B"]


# ----------------------------------------------------------------------------- accessibility


def test_every_console_page_labels_its_fields_and_orders_its_headings(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    from digest import recipients

    database = db_of(console_app)
    ids = seed_draft(console_app, "Child Theta", "Child Iota")
    recipients.add(database, "jo@health.example")
    with database.session() as session:
        token = session.scalars(select(Recipient.token)).one()
    month = str(NOV)
    signed_in = [
        "/drafts/",
        f"/drafts/{month}",
        f"/drafts/{month}/approve",
        "/reviews",
        "/reviews?q=theta",
        f"/reviews/{ids['Child Theta']}",
        "/archive/",
        "/no-such-page",
    ]
    for path in signed_in:
        response = signed_in_client.get(path)
        assert response.status_code in (200, 404), path
        assert_accessible(response.get_data(as_text=True), path)
    anonymous = console_app.test_client()
    for path in ("/login", f"/unsubscribe/{token}", "/archive/"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert_accessible(response.get_data(as_text=True), path)
