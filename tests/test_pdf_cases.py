"""Extraction of the hand-made cases in sample_site/cases (tools/make_pdf_cases.py): what real
overview reports do and our generated reports never did (issue 16)."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from harvester import ocr
from harvester.pdftext import ExtractLimits, ReportText, extract_report

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "sample_site" / "cases"
EXPECTED = ROOT / "tests" / "expected" / "cases"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXPECTED / f"{name}.json").read_text())
    return data


@functools.cache
def extracted(name: str) -> ReportText:
    return extract_report(CASES / truth(name)["file"])


def paragraphs(report: ReportText) -> list[str]:
    return report.text.split("\n\n")


def sentences(texts: list[str]) -> list[str]:
    return [s for text in texts for s in _SENTENCE.split(text)]


def in_order(text: str, wanted: list[str]) -> list[str]:
    """The wanted strings not found in order in the text."""
    missing, position = [], 0
    for item in wanted:
        found = text.find(item, position)
        if found < 0:
            missing.append(item)
        else:
            position = found + len(item)
    return missing


def test_three_columns_are_read_one_after_another() -> None:
    case, report = truth("three-columns"), extracted("three-columns")
    assert (report.status, report.pages) == ("ok", case["pages"])
    assert in_order(report.text, sentences(case["paragraphs"])) == []
    for line in case["absent"]:
        assert line not in report.text


def test_table_rows_come_out_one_line_each_with_their_cells_whole() -> None:
    case, report = truth("tables"), extracted("tables")
    got = paragraphs(report)
    for row in case["table_rows"]:
        assert row in got, row
    # The prose around the tables is whole and in order, no cell inside it.
    assert in_order("\n\n".join(p for p in got if " | " not in p), case["paragraphs"]) == []
    assert "Health visiting" not in " ".join(p for p in got if " | " not in p)


def test_a_picture_page_does_not_make_the_file_a_scan() -> None:
    case, report = truth("part-scanned"), extracted("part-scanned")
    assert report.status == "ok", report.reason
    assert report.scanned_pages == tuple(case["scanned_pages"]) == (1,)
    assert "page 1 of 2" in (report.reason or "")
    assert in_order(report.text, case["paragraphs"]) == []


def test_ocr_is_asked_for_the_picture_pages_of_a_file_with_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Path] = []

    def fake_ocr(source: Path, target: Path, timeout: float) -> None:
        asked.append(source)
        shutil.copyfile(source, target)  # ocrmypdf --skip-text keeps the pages with text

    copy = tmp_path / "briefing.pdf"
    shutil.copyfile(CASES / "part-scanned.pdf", copy)
    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_pdf", fake_ocr)
    result = ocr.extract_with_ocr(copy, ExtractLimits())
    assert asked == [copy]
    assert (result.status, result.ocr) == ("ok", True)
    # Without OCR the text layer is kept as it is.
    plain = ocr.extract_with_ocr(copy, ExtractLimits(), ocr=False)
    assert dataclasses.astuple(plain) == dataclasses.astuple(extracted("part-scanned"))


def test_symbol_font_bullets_are_list_items() -> None:
    case, report = truth("symbol-bullets"), extracted("symbol-bullets")
    assert not re.search(r"[\ue000-\uf8ff]", report.text)
    got = paragraphs(report)
    for item in case["items"]:
        assert item in got, item
    for text in case["paragraphs"]:
        assert text in got


def test_footnote_markers_are_not_glued_to_words_and_notes_stay_out_of_paragraphs() -> None:
    case, report = truth("footnotes"), extracted("footnotes")
    for word in case["words"]:
        assert re.search(rf"\b{word}\b", report.text), word
        assert not re.search(rf"\b{word}\d", report.text), word
    got = paragraphs(report)
    # Every body paragraph whole, the one running over the page break included, in order.
    assert in_order("\n\n".join(got), case["paragraphs"]) == []
    for text in case["paragraphs"]:
        assert text in got
    for note in case["notes"]:
        assert note in got, note


def test_dash_bullet_recommendations_stop_where_their_section_does() -> None:
    case, report = truth("recommendations"), extracted("recommendations")
    assert list(report.recommendations) == case["recommendations"]
    assert not set(case["not_recommendations"]) & set(report.recommendations)
    assert report.executive_summary == case["executive_summary"]
    assert list(report.headings) == case["headings"]
    got = paragraphs(report)
    for item in case["items"]:  # list items, the bold one too, are not headings
        assert item in got
    assert not [p for p in got if re.fullmatch(r"[\d\s.,%]+", p)]  # a chart's values
    for line in case["absent"]:
        assert line not in report.text


def test_paragraphs_marked_by_a_one_em_indent_are_kept_apart() -> None:
    case, report = truth("indented-columns"), extracted("indented-columns")
    assert (report.status, report.pages) == ("ok", case["pages"])
    got = paragraphs(report)
    # Each paragraph whole and on its own, however it runs over columns and pages; the annex
    # in small type is text in its place, not footnotes, though its lines start with figures.
    for text in case["paragraphs"]:
        assert text in got, text[:60]
    assert in_order("\n\n".join(got), case["paragraphs"]) == []


def test_a_table_whose_labels_sit_low_in_their_cells_keeps_rows_whole() -> None:
    case, report = truth("bottom-labels"), extracted("bottom-labels")
    got = paragraphs(report)
    for row in case["table_rows"]:
        assert row in got, row
    assert in_order("\n\n".join(got), case["paragraphs"]) == []


def test_large_type_beside_a_list_does_not_cut_its_items() -> None:
    case, report = truth("slide"), extracted("slide")
    got = paragraphs(report)
    assert in_order("\n\n".join(got), case["paragraphs"]) == []
    for text in case["paragraphs"]:
        assert text in got, text[:60]


def test_a_masthead_above_three_columns_is_read_before_them() -> None:
    case, report = truth("register"), extracted("register")
    assert (report.status, report.pages) == ("ok", case["pages"])
    got = paragraphs(report)
    # The title and the issue details first, each alone, not the top of the third column.
    assert got[: len(case["masthead"])] == case["masthead"]
    for line in case["absent"]:
        assert line not in report.text


def test_notes_at_the_foot_of_every_column_stay_out_of_the_paragraph_they_interrupt() -> None:
    case, report = truth("register"), extracted("register")
    got = paragraphs(report)
    # The first paragraph runs from the first column into the second past the notes under
    # the first; the second note, run on under the second column, is whole.
    for text in case["paragraphs"]:
        assert text in got, text[:60]
    assert in_order("\n\n".join(got), case["paragraphs"]) == []
    for note in case["notes"]:
        assert note in got, note[:60]
    # The first column's notes follow the paragraph running at its foot, before the next one.
    first = got.index(case["paragraphs"][0])
    assert got[first + 1 : first + 3] == case["notes"]


def test_accents_drawn_apart_make_one_letter_with_theirs() -> None:
    report = extracted("register")
    for word in truth("register")["words"]:
        assert re.search(rf"\b{word}\b", report.text), word


def test_a_table_across_three_columns_at_a_page_foot_keeps_its_rows_whole() -> None:
    case, report = truth("register"), extracted("register")
    got = paragraphs(report)
    for row in case["table_rows"]:
        assert row in got, row
    # The page's prose around it is whole, no cell inside it.
    assert not [p for p in got if " | " not in p and "£" in p]


def test_two_short_columns_under_a_figure_are_read_one_after_the_other() -> None:
    case, report = truth("register"), extracted("register")
    got = paragraphs(report)
    assert case["under_figure"] in got
    assert in_order("\n\n".join(got), [*case["figure"], case["under_figure"]]) == []


def test_cells_that_touch_or_run_into_one_line_stay_apart() -> None:
    case, report = truth("touching-cells"), extracted("touching-cells")
    got = paragraphs(report)
    for row in case["table_rows"]:
        assert row in got, row
    assert in_order("\n\n".join(got), case["paragraphs"]) == []


def test_the_generator_writes_the_committed_cases(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from tools import make_pdf_cases

    truths = make_pdf_cases.write_cases(tmp_path / "cases", tmp_path / "expected")
    assert sorted(truths) == sorted(p.stem for p in EXPECTED.glob("*.json"))
    for name, data in truths.items():
        assert data == truth(name), name
        fresh = (tmp_path / "cases" / data["file"]).read_bytes()
        assert fresh == (CASES / data["file"]).read_bytes(), data["file"]
