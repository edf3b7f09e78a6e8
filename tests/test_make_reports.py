"""The generated overview reports (tools/make_reports/) and their ground truth.

These check the fixtures, not the extractor: that every report link on the sample site leads to a
file, that the ground truth describes what is printed, that the hostile files are what their
names say, and that the generator gives the same bytes every time.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage

from tools import make_reports

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "sample_site" / "pages"
REPORTS = PAGES / "reports"
EXPECTED = ROOT / "tests" / "expected" / "reports"
HOSTILE = REPORTS / "hostile"
LONG = {
    "2025-westshire-children-m-and-n": 1,
    "2025-kingsbridge-lowfield-children-p-q-r": 2,
}
SENTENCE_END = re.compile(r"(?<=[.!?”’])\s+(?=[A-Z“‘])")

NORMAL = sorted(p.stem for p in REPORTS.glob("*.pdf") if p.stem != make_reports.SCANNED_STEM)


def _truth(stem: str) -> dict:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


@cache
def _raw_text(stem: str) -> str:
    return extract_text(REPORTS / f"{stem}.pdf")


def _page_count(data: bytes) -> int:
    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))


def _site_links() -> set[str]:
    """Report links on the listing pages: to a PDF, or to a catalogue page in front of one."""
    links: set[str] = set()
    for page in PAGES.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        links |= set(re.findall(r'href="(/reports/[^"#?]+)"', html))
        if "catalogue" not in page.relative_to(PAGES).parts:
            links |= set(re.findall(r'href="(/catalogue/[^"#?]+)"', html))
    return links


# --------------------------------------------------------------------------- the generator


def test_generator_gives_the_same_bytes_twice(tmp_path: Path) -> None:
    only = ["2014-westshire-baby-g", make_reports.SCANNED_STEM, "catalogue", "hostile"]
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        written = make_reports.write_reports(
            out / "reports", out / "expected", out / "catalogue", only=only
        )
        runs.append({p.relative_to(out): p.read_bytes() for p in written})
    assert runs[0] == runs[1]
    assert len(runs[0]) == 9  # report + truth, scan + truth, catalogue page, four hostile files


def test_committed_reports_are_up_to_date(tmp_path: Path) -> None:
    # Fails after a change to tools/make_reports/ (or to reportlab) that was not followed by
    # `python -m tools.make_reports`.
    stem = "2012-westshire-child-q"
    make_reports.write_reports(tmp_path, tmp_path, only=[stem])
    assert (tmp_path / f"{stem}.pdf").read_bytes() == (REPORTS / f"{stem}.pdf").read_bytes()
    assert (tmp_path / f"{stem}.json").read_text() == (EXPECTED / f"{stem}.json").read_text()


def test_line_end_breaks_offered_to_reportlab() -> None:
    assert make_reports.hyphenate("multi-agency") == [("multi-", "agency")]
    assert make_reports.hyphenate("face-to-face")[0] == ("face-to-", "face")
    breaks = make_reports.hyphenate("safeguarding")
    assert breaks == [("safeguard", "ing"), ("safe", "guarding")]
    assert make_reports.hyphenate("Westshire") == []  # names are never broken


# --------------------------------------------------------------------------- the site's links


def test_every_report_link_on_the_site_has_a_file() -> None:
    links = _site_links()
    assert len([link for link in links if link.startswith("/reports/")]) >= 26
    for link in links:
        target = PAGES / link.lstrip("/")
        if not target.suffix:  # the server's clean URLs: /catalogue/x serves catalogue/x.html
            target = target.with_suffix(".html")
        assert target.is_file(), link


def test_catalogue_page_links_to_one_pdf() -> None:
    page = PAGES / "catalogue" / f"{make_reports.CATALOGUE_STEM}.html"
    pdfs = re.findall(r'href="([^"]+\.pdf)"', page.read_text(encoding="utf-8"))
    assert pdfs == [f"/reports/{make_reports.CATALOGUE_STEM}.pdf"]
    assert (PAGES / pdfs[0].lstrip("/")).read_bytes().startswith(b"%PDF")


def test_every_report_has_ground_truth_and_the_other_way_round() -> None:
    pdfs = {p.stem for p in REPORTS.glob("*.pdf")}
    truths = {p.stem for p in EXPECTED.glob("*.json")}
    assert pdfs == truths
    assert len(pdfs) == len(make_reports.REVIEWS) + 1
    for stem in truths:
        assert _truth(stem)["path"] == f"reports/{stem}.pdf"


def test_everything_under_pages_stays_small() -> None:
    total = sum(p.stat().st_size for d in ("reports", "catalogue") for p in (PAGES / d).rglob("*"))
    assert total < 3 * 1024 * 1024


# --------------------------------------------------------------------------- ground truth


@pytest.mark.parametrize("stem", NORMAL)
def test_ground_truth_is_well_formed(stem: str) -> None:
    truth = _truth(stem)
    assert truth["scanned"] is False
    assert truth["pages"] == _page_count((REPORTS / f"{stem}.pdf").read_bytes())
    if stem in LONG:
        assert truth["pages"] >= 40
        assert truth["columns"] == LONG[stem]
        assert len(truth["recommendations"]) >= 4
    else:
        assert 6 <= truth["pages"] <= 12
    headings = truth["headings"]
    assert headings[0] == "1 Introduction"
    assert {"2 Executive summary", "3 Background", "4 Findings", "5 Recommendations"} <= set(
        headings
    )
    assert all(re.match(r"\d+(\.\d+)? \S", h) for h in headings)
    summary = truth["paragraphs"].index(truth["executive_summary"])
    assert summary > 0
    for text in truth["recommendations"]:
        assert any(p.endswith(" " + text) for p in truth["paragraphs"])
    # One sentence, one place: lets a benchmark align extracted sentences with these.
    sentences = [s for p in truth["paragraphs"] for s in SENTENCE_END.split(p)]
    assert len(sentences) == len(set(sentences))
    assert truth["header_footer_lines"][0]
    assert not any("OFFICIAL" in p for p in truth["paragraphs"])


def test_long_reports_have_a_table_and_two_columns() -> None:
    one, two = (_truth(stem) for stem in LONG)
    assert one["tables"] and len(one["tables"][0]["rows"]) > 20
    assert two["columns"] == 2 and not two["tables"]


@pytest.mark.parametrize("stem", NORMAL)
def test_pdfminer_finds_every_heading_and_header(stem: str) -> None:
    assert (REPORTS / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")
    truth = _truth(stem)
    flat = " ".join(_raw_text(stem).split())
    for heading in truth["headings"]:
        assert heading in flat
    # The furniture really is printed, so "none of it left" is a real test of cleaning.
    for line in truth["header_footer_lines"]:
        assert line in flat


# --------------------------------------------------------------------------- scanned and hostile


def test_scanned_report_has_no_text_layer() -> None:
    stem = make_reports.SCANNED_STEM
    truth = _truth(stem)
    assert truth["scanned"] is True and truth["paragraphs"] == [] and truth["headings"] == []
    data = (REPORTS / f"{stem}.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and _page_count(data) == truth["pages"] == 3
    assert extract_text(io.BytesIO(data)).strip() == ""


def test_encrypted_needs_its_password() -> None:
    path = HOSTILE / "encrypted.pdf"
    with pytest.raises(PDFPasswordIncorrect):
        extract_text(path)
    assert "1 Introduction" in extract_text(path, password=make_reports.ENCRYPTED_PASSWORD)


def test_truncated_is_a_cut_down_report() -> None:
    whole = (REPORTS / f"{make_reports.TRUNCATED_FROM}.pdf").read_bytes()
    cut = (HOSTILE / "truncated.pdf").read_bytes()
    assert whole.startswith(cut) and len(cut) == int(len(whole) * make_reports.TRUNCATED_FRACTION)
    assert b"%%EOF" not in cut


def test_html_and_png_are_not_pdfs() -> None:
    assert (HOSTILE / "html-as-pdf.pdf").read_bytes().startswith(b"<!DOCTYPE html>")
    assert (HOSTILE / "not-a-pdf.pdf").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_huge_pdf_is_valid_and_as_big_as_asked(tmp_path: Path) -> None:
    path = make_reports.write_huge_pdf(tmp_path / "huge.pdf", 3)
    data = path.read_bytes()
    assert len(data) >= 3 * 1024 * 1024
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert _page_count(data) == 1
    assert "deliberately large" in extract_text(path)


def test_many_pages_pdf(tmp_path: Path) -> None:
    path = make_reports.write_many_pages_pdf(tmp_path / "many.pdf", 120)
    assert _page_count(path.read_bytes()) == 120
    assert "Sheet 120 of 120." in extract_text(path, page_numbers=[119])
