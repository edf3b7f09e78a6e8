"""The listing parser, one layout family at a time, against hand-written expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from common.links import ascii_link
from harvester.parse import parse_page, split_heading
from sample_site import PAGES

EXPECTED = Path(__file__).parent / "expected"
BASE = "http://sample.test/"
FIELDS = (
    "published_year",
    "published_month",
    "area",
    "title",
    "summary",
    "background",
    "learning",
    "recommendations",
    "response",
    "model",
    "keywords",
    "report_url",
)
FAMILIES = ["monthly", "recent", "y2016", "y2014", "inform2012", "private"]


def _parse_fixture(name: str) -> tuple[dict, object]:
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    page_path = expected["page"]
    url = BASE + page_path.removesuffix(".html").removesuffix("index")
    parsed = parse_page((PAGES / page_path).read_bytes(), url)
    return expected, parsed


@pytest.mark.parametrize("name", FAMILIES)
def test_every_entry_of_each_layout_family(name: str) -> None:
    expected, parsed = _parse_fixture(name)
    got = [entry.fields() for entry in parsed.entries]
    assert [(e["area"], e["title"]) for e in got] == [
        (e["area"], e["title"]) for e in expected["entries"]
    ]
    for want, entry in zip(expected["entries"], parsed.entries, strict=True):
        fields = entry.fields()
        if want["report_url"] is not None:
            want = {**want, "report_url": ascii_link(want["report_url"], parsed.url)}
        for name_ in FIELDS:
            assert fields[name_] == want[name_], f"{entry.heading}: {name_}"
        assert [s.label for s in entry.sections if s.label] == want["labels"], entry.heading
    assert [bad.heading for bad in parsed.bad] == [q["heading"] for q in expected["quarantined"]]


def test_sections_keep_the_published_order_and_labels() -> None:
    _, parsed = _parse_fixture("y2016")
    entry = parsed.entries[0]
    assert entry.sections[0].label is None and entry.sections[0].field == "summary"
    rebuilt = {s.field: s.text for s in entry.sections if s.field not in (None, "keywords")}
    assert rebuilt["summary"] == entry.summary


def test_monthly_page_is_recognised_by_path_or_heading() -> None:
    expected, parsed = _parse_fixture("monthly")
    assert parsed.is_monthly_update
    assert parsed.last_updated and "2025" in parsed.last_updated
    html = (PAGES / expected["page"]).read_bytes()
    # served from another path (a mirror), it is still the update page by its heading
    assert parse_page(html, "http://mirror.test/some/other/path").is_monthly_update
    _, recent = _parse_fixture("recent")
    assert not recent.is_monthly_update


@pytest.mark.parametrize(
    ("heading", "parts"),
    [
        ("2016 – Westshire – Child A", (2016, None, "Westshire", "Child A")),
        ("2016 - Anonymous- Children P, Q and R", (2016, None, "Anonymous", "Children P, Q and R")),
        ("2012Westshire – Child Q", (2012, None, "Westshire", "Child Q")),
        (
            "December 2014NSPCC on behalf of an unnamed board - Child D",
            (2014, 12, "NSPCC on behalf of an unnamed board", "Child D"),
        ),
        ("March 2014 – Stoke-under-Hill – Child B", (2014, 3, "Stoke-under-Hill", "Child B")),
        (
            "2024 - Kingsbridge and Lowfield – Child T",
            (2024, None, "Kingsbridge and Lowfield", "Child T"),
        ),
        ("2019 – Eastmoor – Baby X – a review", (2019, None, "Eastmoor", "Baby X – a review")),
        ("Sept 2021–Northdale–Child M", (2021, 9, "Northdale", "Child M")),
    ],
)
def test_heading_shapes(heading: str, parts: tuple) -> None:
    assert split_heading(heading) == parts


@pytest.mark.parametrize("heading", ["2015 – Child K", "2015 –  – Child K", "Westshire – Child"])
def test_unreadable_headings_give_a_reason(heading: str) -> None:
    assert isinstance(split_heading(heading), str)


def test_labels_in_bold_or_plain_and_look_alikes() -> None:
    html = """<h3>2025 – Harbourside – Child A</h3>
    <p>What happened.</p>
    <p><b>Key issues: include:</b> one thing.</p>
    <p>LA1 partnership: did not share information.</p>
    <p>Learning themes include: working together.</p>
    <p><strong>Context:</strong> a label we have not met before.</p>
    <p>Recommendations to the partnership include: review the protocol.</p>
    <p>Keywords: neglect; housing; school attendance.</p>"""
    entry = parse_page(html, BASE).entries[0]
    assert entry.summary == "What happened."
    assert entry.learning == (
        "one thing.\n\nLA1 partnership: did not share information.\n\nworking together."
    )
    assert entry.recommendations == "review the protocol."
    assert entry.keywords == ("neglect", "housing", "school attendance")
    assert [s.label for s in entry.sections] == [
        None,
        "Key issues: include:",
        "Learning themes include:",
        "Context:",
        "Recommendations to the partnership include:",
        "Keywords:",
    ]
    assert entry.sections[3].field is None


def test_hostile_links_never_survive() -> None:
    html = """<h3>2025 – Harbourside – Child A</h3><p>Summary.</p>
    <p><a href="javascript:alert(1)">Read the overview report</a></p>
    <h3><a href="data:text/html,hi">2025 – Harbourside – Child B</a></h3><p>Summary.</p>
    <h3>2025 – Harbourside – Child C</h3><p>Summary.</p>
    <p><a href=" /reports/c.pdf ">Read case review</a></p>"""
    entries = parse_page(html, "https://sample.test/list").entries
    assert [e.report_url for e in entries] == [None, None, "https://sample.test/reports/c.pdf"]


def test_oldest_layout_keyword_line_with_or_without_full_stop() -> None:
    html = """<p><a href="/a.pdf">2012 – Westshire – Child A</a></p><p>Summary one.</p>
    <p>Makes recommendations on sharing records.</p><p>Neglect, housing, school</p>
    <p><a href="/b.pdf">2012 – Westshire – Child B</a></p><p>Summary two.</p>
    <p>Neglect; domestic abuse.</p>"""
    one, two = parse_page(html, BASE).entries
    assert one.recommendations == "Makes recommendations on sharing records."
    assert one.keywords == ("Neglect", "housing", "school")
    assert two.keywords == ("Neglect", "domestic abuse")
    assert two.summary == "Summary two."


def test_furniture_and_panel_titles_do_not_join_entries() -> None:
    html = """<nav><p><b>2020 – Menu – Item</b></p></nav>
    <button>Case reviews published in 2025</button><h2>Case reviews published in 2025</h2>
    <h3>2025 – Harbourside – Child A</h3><p>Summary.</p>
    <button>Case reviews published in 2024</button><h2>Case reviews published in 2024</h2>
    <h3>2024</h3><p>Panel blurb that belongs to no review.</p>
    <footer><p>2019 – Footer – Text</p></footer>"""
    parsed = parse_page(html, BASE)
    assert [e.title for e in parsed.entries] == ["Child A"]
    assert parsed.entries[0].summary == "Summary."
    assert parsed.bad == ()


def test_entry_with_heading_only_is_quarantined() -> None:
    html = "<h3>2025 – Harbourside – Child A</h3><h3>2025 – Harbourside – Child B</h3><p>S.</p>"
    parsed = parse_page(html, BASE)
    assert [e.title for e in parsed.entries] == ["Child B"]
    assert parsed.bad[0].reason == "entry has a heading but no text"


def test_cp1252_page_without_charset() -> None:
    html = "<h3>2025 – Harbourside – Child A</h3><p>The child’s school.</p>".encode("cp1252")
    entry = parse_page(html, BASE).entries[0]
    assert entry.summary == "The child’s school."


def test_cp1252_page_with_a_byte_cp1252_leaves_undefined() -> None:
    # no candidate decodes it: still cp1252, the odd byte replaced, never a detector's guess
    html = "<h3>2025 – Harbourside – Child A</h3><p>The child’s school.</p>".encode("cp1252")
    entry = parse_page(html.replace(b"school", b"sch\x81ool"), BASE).entries[0]
    assert entry.summary == "The child’s sch\ufffdool."


@pytest.mark.parametrize("depth", [250, 20000])
def test_deeply_nested_markup_never_crashes(depth: int) -> None:
    entry = "<h3>2025 – Harbourside – Child A</h3><p>S.</p>"
    parsed = parse_page("<div>" * depth + entry + "</div>" * depth, BASE)
    # Beautiful Soup builds its tree from lxml's events, so libxml2's depth limit never drops
    # the content, and the walk over the tree is iterative
    assert [entry.title for entry in parsed.entries] == ["Child A"]
