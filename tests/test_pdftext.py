"""Text extraction from overview-report PDFs (harvester.pdftext).

Two kinds of input: the generated sample reports with their ground truth
(``tools/make_reports/`` → ``tests/expected/reports/*.json``), and tiny PDFs drawn line by
line with reportlab's canvas here, where a test needs a line to end exactly so ("multi-", a
sentence cut by a page end).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from harvester.pdftext import (
    ExtractLimits,
    Fragment,
    PageText,
    Paragraph,
    ReportText,
    extract_report,
    find_gutter,
    join_lines,
    normalise,
    recommendation_items,
    sniff,
    strip_furniture,
)
from tools import make_reports

WIDTH, HEIGHT = A4

# --------------------------------------------------------------------------- drawing tiny PDFs

# (x, y, text) or (x, y, text, font, size)
Item = tuple[float, float, str] | tuple[float, float, str, str, float]


def draw_pdf(path: Path, pages: Sequence[Sequence[Item]], *, encrypt: str | None = None) -> Path:
    """A PDF with each string drawn where it is told: full control over line ends."""
    encryption = pdfencrypt.StandardEncryption(encrypt) if encrypt else None
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encryption)
    for items in pages:
        for item in items:
            x, y, text = item[:3]
            font, size = (item[3], item[4]) if len(item) == 5 else ("Helvetica", 10.0)
            pdf.setFont(font, size)
            pdf.drawString(x, y, text)
        pdf.showPage()
    pdf.save()
    return path


def furniture(page: int, pages: int) -> list[Item]:
    return [
        (72, HEIGHT - 36, "Oakshire Safeguarding Children Partnership", "Helvetica", 8),
        (WIDTH - 160, HEIGHT - 36, "Child Safeguarding Practice Review", "Helvetica", 8),
        (WIDTH / 2 - 20, 30, f"Page {page} of {pages}", "Helvetica", 8),
    ]


def column(
    lines: Sequence[str], x: float = 72, top: float = 760, leading: float = 13
) -> list[Item]:
    return [(x, top - i * leading, text) for i, text in enumerate(lines)]


# --------------------------------------------------------------------------- pure helpers


def test_normalise_ligatures_quotes_and_spaces() -> None:
    assert normalise("e\ufb03cient  \ufb01les\u00a0and \ufb02ow") == "efficient files and flow"
    assert normalise("\u201cthe child\u2019s voice\u201d") == '"the child\'s voice"'


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["a multi-", "agency meeting"], "a multi-agency meeting"),
        # The document spells "assessment" elsewhere: the hyphen only broke the word.
        (["an assess-", "ment was made"], "an assessment was made"),
        # No witness either way: halves that are not words of their own were one word.
        (["severe dehydra-", "tion and"], "severe dehydration and"),
        (["a soft\u00ad", "ware fault"], "a software fault"),
        (["between 2019-", "2021 the family"], "between 2019-2021 the family"),
        (["two  spaces", "  and a line"], "two spaces and a line"),
    ],
)
def test_join_lines_repairs_breaks(lines: list[str], expected: str) -> None:
    words = frozenset({"assessment", "meeting", "agency"})
    assert join_lines(lines, words, frozenset()) == expected


def test_join_lines_keeps_a_compound_the_document_hyphenates() -> None:
    # "well-being" is written with its hyphen elsewhere, even if "wellbeing" also occurs.
    assert join_lines(
        ["her well-", "being"], frozenset({"wellbeing"}), frozenset({"well-being"})
    ) == ("her well-being")


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (
            b"<!DOCTYPE html>\n<html><body>Not found",
            "not a PDF: an HTML page (starts with '<!DOCTYPE",
        ),
        (b"  <html lang='en'>", "not a PDF: an HTML page"),
        (b"PK\x03\x04\x14\x00", "not a PDF (starts with 'PK"),
        (b"", "empty file (0 bytes)"),
    ],
)
def test_sniff_names_what_the_file_is(head: bytes, reason: str) -> None:
    found = sniff(head, len(head))
    assert found is not None and found.startswith(reason)


def test_sniff_accepts_a_pdf_header_after_junk() -> None:
    assert sniff(b"\r\n%PDF-1.7\n", 10) is None


def test_recommendation_items_in_every_numbering_style() -> None:
    section = [
        Paragraph("The partnership should act on the following.", False, 0),
        Paragraph("Recommendation 1: Share the plan with the school.", False, 0),
        Paragraph("2. Review the threshold", False, 0),  # split by a page: goes on below
        Paragraph("guidance by March.", False, 0),
        Paragraph("3) Train staff.", False, 0),
        Paragraph("R4 Audit referrals.", False, 0),
        Paragraph("Recommendation 5", False, 0),  # a label on its own line
        Paragraph("Tell families who their lead professional is.", False, 0),
        Paragraph("The board will monitor progress.", False, 0),
    ]
    assert recommendation_items(section) == [
        "Share the plan with the school.",
        "Review the threshold guidance by March.",
        "Train staff.",
        "Audit referrals.",
        "Tell families who their lead professional is.",
    ]


def _frag(x0: float, x1: float, y: float, text: str, size: float = 10) -> Fragment:
    return Fragment(x0, x1, y, y + size, text, size, False, len(text))


@pytest.mark.parametrize("number", ["{n}", "Page {n}", "Page {n} of 12", "- {n} -", "{n} / 12"])
def test_page_numbers_are_removed_even_without_repetition(number: str) -> None:
    pages = [
        PageText(
            n,
            WIDTH,
            HEIGHT,
            (
                _frag(72, 500, 700, f"Body line {n} of the report."),
                _frag(290, 300, 30, number.format(n=n)),
            ),
            0,
            40,
        )
        for n in (1, 2)
    ]
    for page in strip_furniture(pages):
        assert [f.text for f in page.fragments] == [f"Body line {page.number} of the report."]


def test_running_header_slot_is_cleared_whatever_it_says() -> None:
    # The running head names the chapter: repeated text finds the slot, the slot clears the rest.
    heads = ["Findings"] * 6 + ["Recommendations"]
    body = ["One.", "Two.", "Three.", "Four.", "Five.", "Six.", "Seven."]
    pages = [
        PageText(
            n,
            WIDTH,
            HEIGHT,
            (_frag(72, 200, 806, head, 8), _frag(72, 500, 760, body[n - 1])),
            0,
            40,
        )
        for n, head in enumerate(heads, start=1)
    ]
    assert [[f.text for f in p.fragments] for p in strip_furniture(pages)] == [[b] for b in body]


def test_find_gutter_between_two_columns_only() -> None:
    two = [_frag(72, 283, 700 - 13 * i, "left") for i in range(10)] + [
        _frag(312, 523, 700 - 13 * i, "right") for i in range(10)
    ]
    gutter = find_gutter(two)
    assert gutter is not None and 283 <= gutter[0] < gutter[1] <= 312
    one = [_frag(72, 523 - (i % 3) * 40, 700 - 13 * i, "wide") for i in range(20)]
    assert find_gutter(one) is None


# --------------------------------------------------------------------------- small drawn PDFs


def test_sentence_and_hyphenated_word_cut_by_a_page_end_are_joined(tmp_path: Path) -> None:
    page1 = [
        (72, 780, "1 Introduction", "Helvetica-Bold", 14),
        *column(
            ["The review met the family in March and found that the multi-", "agency plan had"]
        ),
    ]
    page2 = column(
        ["not been shared with the school.", "", "A second paragraph on the agency starts here."]
    )
    path = draw_pdf(tmp_path / "r.pdf", [furniture(1, 2) + page1, furniture(2, 2) + page2])
    report = extract_report(path)
    assert report.status == "ok"
    assert report.text.split("\n\n") == [
        "1 Introduction",
        "The review met the family in March and found that the multi-agency plan had not been "
        "shared with the school.",
        "A second paragraph on the agency starts here.",
    ]
    assert report.headings == ("1 Introduction",)


def test_two_columns_read_left_then_right(tmp_path: Path) -> None:
    left = [f"Left {i} says one thing" for i in range(1, 21)]
    right = [f"Right {i} says another" for i in range(1, 21)]
    pages = [column(left, x=72) + column(right, x=320)]
    report = extract_report(draw_pdf(tmp_path / "two.pdf", pages))
    words = re.findall(r"(Left|Right) (\d+)", report.text)
    assert words == [("Left", str(i)) for i in range(1, 21)] + [
        ("Right", str(i)) for i in range(1, 21)
    ]


def test_typographic_heading_without_a_number(tmp_path: Path) -> None:
    pages = [
        [
            (72, 780, "Executive Summary", "Helvetica-Bold", 16),
            *column(["Child Q was two years old.", "", "Agencies did not share information."]),
            (72, 680, "Recommendations", "Helvetica-Bold", 16),
            *column(["1. Share plans.", "2. Record the voice of", "the child."], top=650),
        ]
    ]
    report = extract_report(draw_pdf(tmp_path / "s.pdf", pages))
    assert report.headings == ("Executive Summary", "Recommendations")
    assert report.executive_summary == (
        "Child Q was two years old.\n\nAgencies did not share information."
    )
    assert report.recommendations == ("Share plans.", "Record the voice of the child.")


def test_contents_entries_and_numbered_paragraphs_are_not_headings(tmp_path: Path) -> None:
    pages = [
        [
            (72, 780, "Contents", "Helvetica-Bold", 14),
            *column(["1.1 The family ........ 3", "2.1 What happened ........ 4"], top=750),
            *column(["2.1 What happened"], top=700),
            *column(
                [
                    "2.2 On 12 March the health visitor saw the family at home with the two",
                    "children and recorded no concerns about their care.",
                ],
                top=670,
            ),
        ]
    ]
    report = extract_report(draw_pdf(tmp_path / "toc.pdf", pages))
    assert report.headings == ("Contents", "2.1 What happened")
    assert report.text.endswith(
        "2.2 On 12 March the health visitor saw the family at home with the two children and "
        "recorded no concerns about their care."
    )


def test_scanned_pages_need_ocr(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    scan = Image.new("L", (300, 400), 255)
    ImageDraw.Draw(scan).text((20, 20), "a scanned page", fill=0)
    pdf = canvas.Canvas(str(tmp_path / "scan.pdf"), pagesize=A4)
    for _ in range(2):
        pdf.drawImage(ImageReader(scan), 0, 0, WIDTH, HEIGHT)
        pdf.showPage()
    pdf.save()
    report = extract_report(tmp_path / "scan.pdf")
    assert (report.status, report.pages) == ("needs_ocr", 2)


def test_blank_pages_are_empty(tmp_path: Path) -> None:
    report = extract_report(draw_pdf(tmp_path / "blank.pdf", [[], []]))
    assert (report.status, report.reason, report.pages) == ("empty", "no text and no images", 2)


def test_encrypted_fails(tmp_path: Path) -> None:
    path = draw_pdf(tmp_path / "locked.pdf", [column(["secret"])], encrypt="s3cret")
    assert extract_report(path) == ReportText("failed", "encrypted (password protected)", 0)


def test_truncated_fails_with_pdfminers_reason(tmp_path: Path) -> None:
    whole = draw_pdf(tmp_path / "whole.pdf", [column([f"line {i}" for i in range(40)])] * 3)
    data = whole.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    report = extract_report(cut)
    assert report.status == "failed"
    assert report.reason is not None and report.reason.startswith("truncated or damaged PDF: ")
    assert "\n" not in report.reason


def test_garbled_bytes_never_raise(tmp_path: Path) -> None:
    import random

    data = bytearray(draw_pdf(tmp_path / "ok.pdf", [column(["some text"])] * 2).read_bytes())
    rng = random.Random(7)
    for attempt in range(15):
        broken = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            broken[rng.randrange(9, len(broken))] = rng.randrange(256)
        path = tmp_path / f"broken{attempt}.pdf"
        path.write_bytes(bytes(broken))
        report = extract_report(path)
        assert report.status in {"ok", "empty", "failed"}


def test_missing_file_fails_instead_of_raising(tmp_path: Path) -> None:
    report = extract_report(tmp_path / "nowhere.pdf")
    assert report.status == "failed" and "nowhere.pdf" in (report.reason or "")


def test_page_cap(tmp_path: Path) -> None:
    path = draw_pdf(
        tmp_path / "long.pdf", [column([f"Text of sheet {chr(65 + n)}."]) for n in range(12)]
    )
    report = extract_report(path, ExtractLimits(max_pages=10))
    assert (report.status, report.reason) == ("failed", "more than 10 pages (12)")
    assert extract_report(path, ExtractLimits(max_pages=12)).status == "ok"


# --------------------------------------------------------------------------- the sample reports

# Both long reports, and one short report of each house style (fonts, page-number formats,
# header placements, "Recommendation 1:" or "1." labels, two columns).
SAMPLE = (
    "2025-westshire-children-m-and-n",  # 43 pages, one column, a table
    "2025-kingsbridge-lowfield-children-p-q-r",  # 44 pages, two columns
    "2012-eastmoor-child-c",
    "2014-unnamed-board-child-d",
    "2016-anonymous-children-p-q-r",
    "2016-harbourside-young-person-d",
    "2024-harbourside-young-person-e",
    "2025-northdale-child-v",
)


@dataclass(frozen=True)
class Truth:
    """A report's ground truth, as written by tools/make_reports/."""

    pdf: Path
    pages: int
    columns: int
    scanned: bool
    headings: list[str]
    recommendations: list[str]
    header_footer_lines: list[str]
    paragraphs: list[str]
    executive_summary: str
    legitimate: str  # all the text the report prints outside its headers and footers

    @classmethod
    def load(cls, file: Path, pages_dir: Path) -> Truth:
        data = json.loads(file.read_text())
        tables = data.get("tables", [])
        printed = data["paragraphs"] + data.get("title_page", []) + data["headings"]
        printed += [cell for table in tables for row in table["rows"] for cell in row]
        printed += [table["caption"] for table in tables]
        return cls(
            pdf=pages_dir / data["path"],
            pages=data["pages"],
            columns=data.get("columns", 1),
            scanned=data["scanned"],
            headings=data["headings"],
            recommendations=data["recommendations"],
            header_footer_lines=data["header_footer_lines"],
            paragraphs=data["paragraphs"],
            executive_summary=data.get("executive_summary") or "",
            legitimate=normalise(" | ".join(printed)),
        )


@dataclass(frozen=True)
class Samples:
    pages_dir: Path  # holds reports/<stem>.pdf and reports/hostile/
    expected_dir: Path

    def truth(self, stem: str) -> Truth:
        return Truth.load(self.expected_dir / f"{stem}.json", self.pages_dir)


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    """The generated reports: the repository's copy, or made afresh when it is missing."""
    wanted = [*SAMPLE, make_reports.SCANNED_STEM]
    in_repo = Samples(make_reports.PAGES, make_reports.DEFAULT_EXPECTED)
    if all((in_repo.expected_dir / f"{stem}.json").exists() for stem in wanted) and all(
        (make_reports.DEFAULT_OUT / "hostile" / name).exists() for name in HOSTILE
    ):
        return in_repo
    base = tmp_path_factory.mktemp("samples")
    make_reports.write_reports(base / "reports", base / "expected", only=[*wanted, "hostile"])
    return Samples(base, base / "expected")


@cache
def extracted(pdf: Path) -> ReportText:
    return extract_report(pdf)


@pytest.mark.parametrize("stem", SAMPLE)
def test_sample_report_structure(samples: Samples, stem: str) -> None:
    truth = samples.truth(stem)
    report = extracted(truth.pdf)
    assert (report.status, report.reason, report.pages) == ("ok", None, truth.pages)
    assert list(report.headings) == [normalise(h) for h in truth.headings]
    assert list(report.recommendations) == [normalise(r) for r in truth.recommendations]
    assert normalise(report.executive_summary or "").startswith(normalise(truth.executive_summary))


@pytest.mark.parametrize("stem", SAMPLE)
def test_sample_report_has_no_header_or_footer_left(samples: Samples, stem: str) -> None:
    # Header parts such as the partnership's name also occur in the body: what must go is any
    # occurrence beyond those the report prints as text.
    truth = samples.truth(stem)
    text = normalise(extracted(truth.pdf).text)
    left = {
        line: text.count(normalise(line)) - truth.legitimate.count(normalise(line))
        for line in set(truth.header_footer_lines)
    }
    assert {line: extra for line, extra in left.items() if extra > 0} == {}


@pytest.mark.parametrize("stem", SAMPLE)
def test_sample_report_paragraphs_whole_and_in_reading_order(samples: Samples, stem: str) -> None:
    # Every paragraph verbatim, so no sentence is broken by a page or column end, a header, or
    # a word hyphenated at a line end; in order, so two columns are read left then right.
    truth = samples.truth(stem)
    text = normalise(extracted(truth.pdf).text)
    position = 0
    for paragraph in map(normalise, truth.paragraphs):
        found = text.find(paragraph, position)
        assert found >= 0, f"missing or out of order: {paragraph[:100]!r}"
        position = found + len(paragraph)


def test_samples_include_both_layouts(samples: Samples) -> None:
    truths = [samples.truth(stem) for stem in SAMPLE]
    assert {(t.columns, t.pages >= 40) for t in truths} >= {(1, True), (2, True)}


def test_scanned_sample_report_needs_ocr(samples: Samples) -> None:
    truth = samples.truth(make_reports.SCANNED_STEM)
    report = extract_report(truth.pdf)
    assert truth.scanned
    assert (report.status, report.pages, report.text) == ("needs_ocr", truth.pages, "")


HOSTILE = {
    "truncated.pdf": "truncated or damaged PDF: ",
    "encrypted.pdf": "encrypted (password protected)",
    "html-as-pdf.pdf": "not a PDF: an HTML page (starts with '<!DOCTYPE html",
    "not-a-pdf.pdf": "not a PDF (starts with '.PNG",
}


@pytest.mark.parametrize(("name", "reason"), HOSTILE.items())
def test_hostile_sample_files_fail_with_a_reason(samples: Samples, name: str, reason: str) -> None:
    report = extract_report(samples.pages_dir / "reports" / "hostile" / name)
    assert report.status == "failed"
    assert report.reason is not None and report.reason.startswith(reason)


def test_page_cap_on_a_generated_long_file(tmp_path: Path) -> None:
    path = make_reports.write_many_pages_pdf(tmp_path / "many.pdf", 501)
    assert extract_report(path) == ReportText("failed", "more than 500 pages (501)", 501)
    report = extract_report(path, ExtractLimits(max_pages=501))
    assert (report.status, report.pages) == ("ok", 501)
    assert report.text.startswith("Sheet 1 of 501.") and report.text.endswith("Sheet 501 of 501.")
