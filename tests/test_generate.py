"""The page generator, and the render → parse property: a generated page parses back into the
entries it was made from, in every layout family."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harvester.parse import parse_page
from harvester.records import ParsedPage
from sample_site.generate import (
    FAMILIES,
    GeneratedEntry,
    generate_entries,
    render_page,
    write_site,
)

BASE = "http://generated.test/bench/page-01"
# Which families print a learning section; "inform" pages have no labels at all.
HAS_LEARNING = {"modern": True, "y2016": True, "y2014": True, "inform": False}


def _round_trip(entries: list[GeneratedEntry], family: str) -> ParsedPage:
    html = render_page(entries, family, "Generated case reviews")
    return parse_page(html.encode("utf-8"), BASE, "text/html; charset=utf-8")


def _assert_same(entries: list[GeneratedEntry], parsed: ParsedPage, family: str) -> None:
    assert parsed.bad == (), [bad.reason for bad in parsed.bad]
    assert len(parsed.entries) == len(entries)
    for want, got in zip(entries, parsed.entries, strict=True):
        where = f"{family}: {got.heading!r}"
        assert got.published_year == want.year, where
        assert got.published_month == want.month, where
        assert got.area == want.area, where
        assert got.title == want.title, where
        assert got.summary == want.summary, where
        assert got.keywords == want.keywords, where
        want_url = urljoin(BASE, want.report_path) if want.report_path else None
        assert got.report_url == want_url, where
        assert got.recommendations == want.recommendations, where
        if HAS_LEARNING[family]:
            assert got.learning == want.learning, where
        else:
            assert got.learning is None, where
        # nothing generated goes into the other canonical fields
        assert (got.background, got.response, got.model) == (None, None, None), where


@pytest.mark.parametrize("family", FAMILIES)
def test_a_generated_page_parses_back_into_its_entries(family: str) -> None:
    entries = generate_entries(20, seed=7, family=family)
    _assert_same(entries, _round_trip(entries, family), family)


@pytest.mark.parametrize("family", FAMILIES)
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_round_trip_holds_for_any_seed(family: str, seed: int) -> None:
    entries = generate_entries(24, seed=seed, family=family)
    _assert_same(entries, _round_trip(entries, family), family)


def test_every_family_prints_what_it_printed_on_the_real_pages() -> None:
    by_family = {family: generate_entries(12, seed=3, family=family) for family in FAMILIES}
    modern = render_page(by_family["modern"], "modern", "t")
    assert "<h3>" in modern and "<strong>Keywords:</strong>" in modern
    assert "Case reviews published in" in modern  # the year panels
    y2016 = render_page(by_family["y2016"], "y2016", "t")
    assert "<br>" in y2016 and "Key issues: include:" in y2016 and "&gt; Read the" in y2016
    y2014 = render_page(by_family["y2014"], "y2014", "t")
    assert "<h2><span>" in y2014  # a date glued to the area by markup
    assert all(entry.month is not None for entry in by_family["y2014"])
    inform = render_page(by_family["inform"], "inform", "t")
    assert "Keywords" not in inform and "Makes recommendations" in inform
    assert all(entry.learning is None for entry in by_family["inform"])
    assert all(
        entry.month is None
        for family in ("modern", "y2016", "inform")
        for entry in by_family[family]
    )


def test_entries_are_distinct_and_deterministic() -> None:
    entries = generate_entries(1500, seed=1)
    assert entries == generate_entries(1500, seed=1)
    assert entries != generate_entries(1500, seed=2)
    keys = {(e.year, e.area.casefold(), e.title.casefold()) for e in entries}
    assert len(keys) == len(entries)
    paths = [e.report_path.lower() for e in entries if e.report_path]
    assert len(set(paths)) == len(paths)
    # blocks of one page take the families in turn
    assert [entries[i * 100].family for i in range(5)] == [*FAMILIES, FAMILIES[0]]


def test_render_refuses_entries_of_another_family() -> None:
    entries = generate_entries(2, family="inform")
    with pytest.raises(ValueError, match="another family"):
        render_page(entries, "modern", "t")
    with pytest.raises(ValueError, match="unknown family"):
        render_page(entries, "y1999", "t")


def test_write_site_lays_out_pages_and_robots(tmp_path: Path) -> None:
    paths = write_site(tmp_path, 45, per_page=10, seed=5)
    assert paths == [f"/bench/page-{n:02d}" for n in range(1, 6)]
    for path in paths:
        assert (tmp_path / (path.lstrip("/") + ".html")).is_file()
    assert "Allow: /" in (tmp_path / "robots.txt").read_text(encoding="utf-8")
    first = (tmp_path / "bench/page-01.html").read_bytes()
    # same seed, same bytes; a smaller rerun leaves no stale pages behind
    write_site(tmp_path, 45, per_page=10, seed=5)
    assert (tmp_path / "bench/page-01.html").read_bytes() == first
    write_site(tmp_path, 15, per_page=10, seed=5)
    assert sorted(p.name for p in (tmp_path / "bench").glob("page-*.html")) == [
        "page-01.html",
        "page-02.html",
    ]


def test_a_whole_generated_site_parses_completely(tmp_path: Path) -> None:
    paths = write_site(tmp_path, 400, per_page=50, seed=11)
    entries = generate_entries(400, seed=11, per_page=50)
    found = 0
    for number, path in enumerate(paths):
        html = (tmp_path / (path.lstrip("/") + ".html")).read_bytes()
        parsed = parse_page(html, "http://generated.test" + path)
        assert not parsed.bad and not parsed.is_monthly_update
        block = entries[number * 50 : (number + 1) * 50]
        assert [(e.area, e.title) for e in parsed.entries] == [(e.area, e.title) for e in block]
        found += len(parsed.entries)
    assert found == 400
