"""Hand-made PDF cases for the extractor, with their ground truth (issue 16).

    .venv/bin/python tools/make_pdf_cases.py [--out sample_site/cases]
        [--expected tests/expected/cases]

Each case is one thing real overview reports do and our generated reports never did: three
columns, a bordered and an unbordered table, a part-scanned file, Word's Symbol-font bullets,
footnotes, and a recommendations section of dash bullets followed by another list. Places,
children and words are fictional and our own. Drawn with reportlab (``invariant=1``, so the
bytes do not change from run to run) and Pillow; the PDFs are committed in
``sample_site/cases/`` and the truth in ``tests/expected/cases/`` so that the tests need
neither this script nor anything outside the repository. ``tests/test_pdf_cases.py`` checks
that this script still writes the committed truth.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.pdf_flow import BODY, BOLD, LETTER, SYMBOL, Flow, symbol_font  # noqa: E402

CASES = ROOT / "sample_site" / "cases"
EXPECTED = ROOT / "tests" / "expected" / "cases"


# --------------------------------------------------------------------------- words

PLACES = ["Eastmere", "Harrowfield", "Lowbridge", "Coldwater Vale", "Ashby Fen", "Marlow Cross"]
SUBJECTS = [
    "The health visitor",
    "The school nurse",
    "The allocated social worker",
    "A family support worker",
    "The designated safeguarding lead",
    "The general practitioner",
    "The neighbourhood police officer",
    "The early help coordinator",
]
VERBS = [
    "recorded a concern about",
    "arranged a visit to discuss",
    "shared information about",
    "asked the family about",
    "reviewed the plan for",
    "wrote to the school about",
]
OBJECTS = [
    "the baby's weight and feeding",
    "the mother's housing situation",
    "missed health appointments",
    "the older brother's attendance",
    "bruising seen at nursery",
    "the father's contact arrangements",
    "a referral from the emergency department",
]
ENDINGS = [
    "but the record did not say what should happen next.",
    "and the information was passed to the duty team the same day.",
    "although nobody checked whether the family had understood.",
    "which was discussed at the next core group meeting.",
    "yet the plan was not changed to reflect it.",
    "and a follow-up visit was booked for the following week.",
]


def sentence(n: int) -> str:
    """A fictional, varied sentence; ``n`` picks the parts."""
    place = PLACES[n % len(PLACES)]
    return (
        f"In {place}, {SUBJECTS[n % len(SUBJECTS)].lower()} {VERBS[(n // 2) % len(VERBS)]} "
        f"{OBJECTS[(n // 3) % len(OBJECTS)]}, {ENDINGS[(n // 5) % len(ENDINGS)]}"
    )


def paragraph(n: int, count: int = 4) -> str:
    text = " ".join(sentence(n * 7 + k) for k in range(count))
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- the cases

Truth = dict[str, Any]


def three_columns(out: Path) -> Truth:
    """Two US-letter pages in three narrow columns under a spanning title, paragraphs running
    from column to column and page to page (the Federal Register's layout)."""
    flow = Flow(
        out / "three-columns.pdf",
        pagesize=LETTER,
        columns=3,
        margin=45,
        gutter=9,
        size=9,
        header="Eastmere Safeguarding Children Partnership / Bulletin 14 / Spring",
        footer="Eastmere SCP practice bulletin",
        title_space=34,
    )
    flow.canvas.setFont(BOLD, 16)
    flow.canvas.drawString(45, flow.pagesize[1] - 45 - 16, "Learning from the review of Child R")
    paras = [paragraph(n, 3 + n % 3) for n in range(14)]
    for text in paras:
        flow.para(text, space=5)
    flow.save()
    return {
        "file": "three-columns.pdf",
        "pages": flow.page,
        "status": "ok",
        "paragraphs": paras,
        "absent": ["Eastmere SCP practice bulletin", "Bulletin 14 / Spring"],
    }


TABLE_ROWS = [
    ["Agency", "What it knew", "What it did"],
    [
        "Health visiting",
        "The baby was losing weight and two appointments had been missed in March.",
        "Booked a home visit and told the GP, but did not tell children's social care.",
    ],
    [
        "Lowbridge Primary School",
        "The older brother's attendance fell to sixty per cent over the autumn term.",
        "Sent letters home and held one meeting with the mother.",
    ],
    [
        "Police",
        "Two calls about shouting at the address, neither leading to an arrest.",
        "Shared both incidents with the multi-agency safeguarding hub.",
    ],
]
PLAIN_ROWS = [
    [
        "Core group",
        "The practitioners who meet between child protection conferences to carry out the plan "
        "and check that it is working.",
    ],
    [
        "Strategy discussion",
        "A meeting held when there is reasonable cause to suspect significant harm, to decide "
        "whether enquiries are needed.",
    ],
    [
        "Early help",
        "Support offered to a family as soon as a problem emerges, before it needs statutory "
        "services.",
    ],
    [
        "Lead practitioner",
        "The person who coordinates early help for a family and is their main point of contact.",
    ],
]


def _table(flow: Flow, rows: list[list[str]], widths: list[float], ruled: bool) -> None:
    from reportlab.lib.utils import simpleSplit

    size, leading, pad = 9.0, 11.5, 4.0
    c = flow.canvas
    for r, row in enumerate(rows):
        font = BOLD if ruled and r == 0 else BODY
        cells = [
            simpleSplit(text, font, size, w - 2 * pad) for text, w in zip(row, widths, strict=True)
        ]
        height = max(len(cell) for cell in cells) * leading + 2 * pad
        flow.need(height)
        top = flow.y
        x = flow.left
        for cell, w in zip(cells, widths, strict=True):
            if ruled:
                c.rect(x, top - height, w, height)
            y = top - pad - size
            for line in cell:
                c.setFont(font, size)
                c.drawString(x + pad, y, line)
                y -= leading
            x += w
        flow.y = top - height - (0 if ruled else 8)
    flow.y -= 10


def tables(out: Path) -> Truth:
    """A ruled table with a header row and cells of two or three lines, then an unruled
    two-column glossary whose terms and definitions wrap, with prose before and after."""
    flow = Flow(out / "tables.pdf", size=10.5)
    before = [paragraph(20, 3), paragraph(21, 2)]
    middle = [paragraph(22, 3)]
    after = [paragraph(23, 3)]
    flow.heading("What each agency knew")
    for text in before:
        flow.para(text)
    _table(flow, TABLE_ROWS, [110, 170, 171], ruled=True)
    for text in middle:
        flow.para(text)
    flow.heading("Terms used in this review")
    _table(flow, PLAIN_ROWS, [100, 351], ruled=False)
    for text in after:
        flow.para(text)
    flow.save()
    return {
        "file": "tables.pdf",
        "pages": flow.page,
        "status": "ok",
        "paragraphs": before + middle + after,
        "table_rows": [" | ".join(row) for row in TABLE_ROWS + PLAIN_ROWS],
    }


def part_scanned(out: Path) -> Truth:
    """A two-page briefing: page 1 a picture (an image, no text layer), page 2 typed text."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    picture = Image.new("RGB", (620, 860), (236, 240, 246))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((60, 80, 560, 300), fill=(70, 110, 160))
    draw.ellipse((200, 380, 420, 600), fill=(220, 160, 60))
    draw.text((80, 700), "Ashby Fen family hub", fill=(20, 20, 20))
    flow = Flow(out / "part-scanned.pdf", numbers=False)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    flow.canvas.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 40, 60, 515, 715)
    flow.page_break()
    paras = [paragraph(30, 3), paragraph(31, 4), paragraph(32, 2)]
    flow.heading("What the hub offers")
    for text in paras:
        flow.para(text)
    flow.save()
    return {
        "file": "part-scanned.pdf",
        "pages": 2,
        "status": "ok",
        "scanned_pages": [1],
        "paragraphs": paras,
    }


BULLETS = [
    "Check that every referral names the child's school and GP.",
    "Record who the child lives with and who visits the home.",
    "Ask the child, on their own, what life at home is like.",
    "Share the plan with the family in words they use themselves.",
]
SUB_BULLETS = [
    "Use the interpreter the family chose, not a relative.",
    "Write down what was said, and by whom.",
]


def symbol_bullets(out: Path) -> Truth:
    """Word-style lists: Symbol-font bullets (U+F0B7) and Wingdings squares (U+F0A7) for a
    nested list, each marker a glyph of its own before a tab's worth of space."""
    symbol_font()
    flow = Flow(out / "symbol-bullets.pdf")
    intro, outro = paragraph(40, 2), paragraph(41, 3)
    flow.heading("What practitioners should do")
    flow.para(intro + " Practitioners should:")
    for text in BULLETS:
        flow.para(text, indent=18, space=3, marker="\uf0b7", marker_font=SYMBOL)
    flow.para("When a family needs an interpreter:", space=3)
    for text in SUB_BULLETS:
        flow.para(text, indent=36, space=3, marker="\uf0a7", marker_font=SYMBOL)
    flow.para(outro)
    flow.save()
    return {
        "file": "symbol-bullets.pdf",
        "pages": flow.page,
        "status": "ok",
        "paragraphs": [intro + " Practitioners should:", outro],
        "items": ["• " + text for text in BULLETS] + ["• " + text for text in SUB_BULLETS],
    }


FOOTNOTES = [
    ("1", "Harrowfield SCP, Multi-agency threshold guidance, 2023."),
    ("2", "A DPIA is a data protection impact assessment; see the partnership's template."),
    ("3", "Working Together to Safeguard Children, chapter 4."),
]


def footnotes(out: Path) -> Truth:
    """Raised, smaller footnote markers glued to words ("DPIA²", "framework¹"), their notes in
    small type at the foot of the page, and a paragraph running on across the page break past
    them."""
    flow = Flow(out / "footnotes.pdf", header="Harrowfield SCP: information sharing review")
    first = (
        "The partnership adopted a shared framework^1^ to support decisions about thresholds. "
        + paragraph(50, 2)
    )
    second = (
        "Before the new system went live, the council completed a DPIA^2^ and shared it with "
        "the health trust. " + paragraph(51, 3)
    )
    long = (
        "Statutory guidance^3^ expects agencies to share information without delay. "
        + paragraph(52, 12)
    )
    last = paragraph(53, 3)
    flow.heading("Information sharing")
    flow.para(first, notes=FOOTNOTES)
    flow.para(second, notes=FOOTNOTES)
    for n in range(54, 57):
        flow.para(paragraph(n, 4))
    flow.para(long, notes=FOOTNOTES)
    flow.para(last)
    flow.save()
    plain = [re.sub(r"\^\w+\^", "", p) for p in (first, second)]
    return {
        "file": "footnotes.pdf",
        "pages": flow.page,
        "status": "ok",
        "paragraphs": [
            *plain,
            *(paragraph(n, 4) for n in range(54, 57)),
            re.sub(r"\^\w+\^", "", long),
            last,
        ],
        "words": ["DPIA", "framework", "guidance"],
        "notes": [f"{mark} {text}" for mark, text in FOOTNOTES],
    }


RECOMMENDATIONS = [
    "The partnership should agree a single way of recording who lives in a child's home, "
    "and check each agency uses it by the end of the year.",
    "Health and children's social care should share missed-appointment alerts for children "
    "under two within one working day.",
    "Schools should tell the allocated social worker when attendance falls below ninety per "
    "cent for a child on a plan.",
    "The safeguarding hub should record the reason for every decision not to hold a strategy "
    "discussion.",
    "Practitioners should see the child alone at every statutory visit, and say so in the "
    "record when they cannot.",
    "The partnership should audit the use of interpreters in child protection conferences.",
    "Early help coordinators should have access to police information about domestic abuse "
    "at the address.",
    "Commissioners should fund a named nurse for children in temporary accommodation.",
    "The local authority should review how fathers and male carers are invited to meetings.",
    "The partnership should report on progress against these recommendations within six months.",
]
NEXT_STEPS = [
    "Publish this review on the partnership's website.",
    "Hold two learning events for practitioners in the spring.",
    "Return to the board with an action plan in July.",
]


def recommendations(out: Path) -> Truth:
    """A contents page, an executive summary, findings with a chart's values and a bold list
    item, "3 Recommendations" as dash bullets running over a page break (with its header and
    footer), then "Next steps" in the same heading type with a numbered list of its own."""
    flow = Flow(
        out / "recommendations.pdf",
        header="Marlow Cross SCP - Child Safeguarding Practice Review: Child M",
        footer="Marlow Cross Safeguarding Children Partnership",
    )
    c = flow.canvas
    flow.heading("Contents")
    for title, page in (("1 Executive summary", 2), ("2 Findings", 2), ("3 Recommendations", 3),
                        ("Next steps", 4)):  # fmt: skip
        flow.need(16)
        flow.y -= 16
        c.setFont(BODY, 10.5)
        c.drawString(flow.left, flow.y, title)
        c.drawRightString(flow.left + flow.width, flow.y, str(page))
    flow.page_break()
    summary = [paragraph(60, 3), paragraph(61, 2)]
    flow.heading("1 Executive summary")
    for text in summary:
        flow.para(text)
    flow.heading("2 Findings")
    findings = [paragraph(62, 4)]
    for text in findings:
        flow.para(text)
    # A bar chart: values on their own, well apart.
    base = flow.y - 120
    for i, value in enumerate(("12", "30", "45%")):
        x = flow.left + 40 + i * 120
        height = 30 + 25 * i
        c.rect(x, base, 40, height, fill=1)
        c.setFont(BODY, 8)
        c.drawString(x + 12, base + height + 6, value)
    flow.y = base - 20
    bold_item = "Agencies did not share what they knew about the father's history."
    flow.para("The review found three patterns:", space=3)
    flow.para(bold_item, font=BOLD, indent=18, space=3, marker="-", marker_font=BOLD)
    found = [
        "Missed appointments were not seen as a pattern across agencies.",
        "The child's own account was rarely recorded.",
    ]
    for text in found:
        flow.para(text, indent=18, space=3, marker="-")
    flow.page_break()
    flow.y -= 380  # the list will not fit on this page
    flow.heading("3 Recommendations")
    lead = "The review makes ten recommendations to the partnership:"
    flow.para(lead)
    for text in RECOMMENDATIONS:
        flow.para(text, indent=18, space=4, marker="-")
    flow.heading("Next steps")
    flow.para("The partnership will:")
    for n, text in enumerate(NEXT_STEPS, start=1):
        flow.para(text, indent=18, space=4, marker=f"{n}.")
    flow.save()
    return {
        "file": "recommendations.pdf",
        "pages": flow.page,
        "status": "ok",
        "recommendations": RECOMMENDATIONS,
        "not_recommendations": NEXT_STEPS,
        "executive_summary": "\n\n".join(summary),
        "headings": [
            "Contents",
            "1 Executive summary",
            "2 Findings",
            "3 Recommendations",
            "Next steps",
        ],
        "items": ["- " + bold_item, *("- " + text for text in found)],
        "absent": [
            "Marlow Cross Safeguarding Children Partnership",
            "Child Safeguarding Practice Review: Child M",
        ],
    }


ANNEX = [
    "14 days after a notification the partnership tells the national panel whether it will "
    "hold a rapid review, and 15 working days after it sends the panel the review itself.",
    "22–10–02, 22–10–03 and 22–11–01 are the codes the partnership uses for the three kinds "
    "of notification, and 22–11–05 is the code of a review held jointly with another area.",
    "The board keeps the records of a review for 25 years after the review is published, then "
    "destroys them unless the board decides otherwise.",
]


def indented_columns(out: Path) -> Truth:
    """Three ragged-right columns whose paragraphs are marked only by a first line set in by
    one em (no space between them, as in the Federal Register), ending with an annex set all
    in smaller type whose paragraphs start with figures ("14 days after...")."""
    flow = Flow(
        out / "indented-columns.pdf",
        pagesize=LETTER,
        columns=3,
        margin=45,
        gutter=9,
        size=9,
        footer="Coldwater Vale SCP annual report",
    )
    paras = [paragraph(n, 2 + n % 3) for n in range(70, 90)]
    for text in paras:
        flow.para(text, space=0, first=9)
    flow.next_frame()
    while flow.frame != 2:  # the annex fills the top of a page's last column, nothing after
        flow.next_frame()
    for text in ANNEX:
        flow.para(text, size=8, space=0, first=8)
    flow.save()
    return {
        "file": "indented-columns.pdf",
        "pages": flow.page,
        "status": "ok",
        "paragraphs": paras + ANNEX,
    }


LABELLED_ROWS = [
    ("Duplication", "Practitioners feel the same thing is asked for twice, and that the answer "
     "is already held somewhere else."),
    ("Language", "Practitioners do not understand what the question asks of them, because the "
     "words used are not their own, or the order of the questions does not follow the visit "
     "and so the form does not make sense to them."),
    ("Not relevant", "Practitioners feel the item does nothing to help the child or the family "
     "they are working with."),
    ("Prepopulated", "Practitioners feel the system could fill the item in itself, from "
     "another record, instead of them typing it again."),
]  # fmt: skip


ROLE_ROWS = [
    ("Team manager, who leads a team of social workers", "Makes sure that every child is seen "
     "and that their needs are met, reviewed and written down"),
    ("Independent reviewing officer for children in care", "Chairs each review, listens to "
     "the child and checks that the plan is followed"),
    ("Practice lead", "Supports practitioners with supervision and training in the partnership's "
     "model of practice"),
]  # fmt: skip


def bottom_labels(out: Path) -> Truth:
    """Borderless tables as a word processor sets them: every line at one spacing, no space
    between rows. In the first each row's one-line label is level with the last line of its
    cell (the third with its middle line); in the second the first cells wrap too, top
    aligned, so each of a row's lines has text in every column. Prose before and after."""
    from reportlab.lib.utils import simpleSplit

    flow = Flow(out / "bottom-labels.pdf")
    before, after, last = paragraph(90, 3), paragraph(91, 3), paragraph(92, 2)
    flow.heading("How the feedback was tagged")
    flow.para(before)
    c = flow.canvas
    leading, label_x, text_x = 14.0, flow.left + 6, flow.left + 160
    flow.y -= 8
    for r, (label, text) in enumerate(LABELLED_ROWS):
        lines = simpleSplit(text, BODY, 10.5, flow.width - 166)
        at = len(lines) // 2 if r == 2 else len(lines) - 1  # the middle, else the bottom line
        for i, line in enumerate(lines):
            flow.y -= leading
            c.setFont(BODY, 10.5)
            c.drawString(text_x, flow.y, line)
            if i == at:
                c.drawString(label_x, flow.y, label)
    flow.y -= 12
    flow.para(after)
    flow.y -= 8
    for role, text in ROLE_ROWS:
        cells = [simpleSplit(role, BODY, 10.5, 140), simpleSplit(text, BODY, 10.5, 200)]
        top = flow.y
        for x, lines in zip((label_x, text_x), cells, strict=True):
            flow.y = top
            for line in lines:
                flow.y -= leading
                c.setFont(BODY, 10.5)
                c.drawString(x, flow.y, line)
        flow.y = top - leading * max(len(lines) for lines in cells)
    flow.y -= 12
    flow.para(last)
    flow.save()
    return {
        "file": "bottom-labels.pdf",
        "pages": flow.page,
        "status": "ok",
        "paragraphs": [before, after, last],
        "table_rows": [f"{label} | {text}" for label, text in LABELLED_ROWS + ROLE_ROWS],
    }


SLIDE_ITEMS = [
    "Partnership data teams balance a small capacity against many requests for their work, "
    "so sharing tools across the region is one way to keep up.",
    "Collaborative development can be done once for every area, because the structure of the "
    "records is now the same in each of them.",
    "Core datasets lack the detail that each area needs to understand the quality of its "
    "practice, which a shared local standard can add.",
    "The standard can be extended by one area or a group of areas, as long as the core "
    "tables stay the same.",
]


def slide(out: Path) -> Truth:
    """A landscape slide saved as PDF: a list in 14 pt, and beside it, overlapping two of its
    lines, a caption in 40 pt type ("Our mission:")."""
    from reportlab.lib.utils import simpleSplit

    symbol_font()
    path = out / "slide.pdf"
    from reportlab.pdfgen import canvas as pdfcanvas

    c = pdfcanvas.Canvas(str(path), pagesize=(960, 540), invariant=1)
    c.setTitle(path.stem)
    c.setFont(BOLD, 40)
    c.drawString(72, 460, "Partnership data standard")
    y = 420.0
    caption_at = 2  # before the third item
    for n, text in enumerate(SLIDE_ITEMS):
        lines = simpleSplit(text, BODY, 14, 740)
        for i, line in enumerate(lines):
            if i == 0:
                c.setFont(SYMBOL, 14)
                c.drawString(114, y, "•")
            c.setFont(BODY, 14)
            c.drawString(132, y, line)
            if n == caption_at - 1 and i == len(lines) - 1:
                c.setFont(BOLD, 40)
                c.drawString(61, y - 24, "Our mission:")
            y -= 14.6
        y -= 18
    c.showPage()
    c.save()
    return {
        "file": "slide.pdf",
        "pages": 1,
        "status": "ok",
        "paragraphs": ["• " + text for text in SLIDE_ITEMS[:caption_at]]
        + ["Our mission:"]
        + ["• " + text for text in SLIDE_ITEMS[caption_at:]],
    }


# --------------------------------------------------------------------------- a register's pages

REGISTER_NOTES = [
    ("1", "Eastmere SCP, Review of neglect cases, 2024, published on the partnership's site "
          "with the action plan agreed by the board in the spring."),
    ("2", "The threshold document was revised twice in the period; both versions are in the "
          "annex, with a note of what changed and why the board asked for the changes, so "
          "practitioners can see which version applied at each decision point in the case."),
]  # fmt: skip
# Accented words whose accents the page draws as glyphs of their own, over the letter.
ACCENTED = ["Associação", "Agência", "Conceição"]


class _Columns:
    """Three narrow columns of 9 pt text on a US letter page, drawn line by line."""

    def __init__(self, c: Any, top: float, bottom: float) -> None:
        self.c, self.top, self.bottom = c, top, bottom
        self.lefts = [45.0, 222.0, 399.0]
        self.width = 168.0
        self.col, self.y = 0, top

    def lines(self, text: str, first: float = 9.0) -> list[str]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        words, current = text.split(" "), ""
        lines: list[str] = []
        for word in words:
            probe = f"{current} {word}".strip()
            plain = re.sub(r"\^(\w+)\^", r"\1", probe)
            room = self.width - (0 if lines else first)
            if current and stringWidth(plain, BODY, 9) > room:
                lines.append(current)
                current = word
            else:
                current = probe
        return [*lines, current] if current else lines

    def para(self, text: str, bottoms: Sequence[float] = ()) -> None:
        """A paragraph set in by one em, running on to the next column; ``bottoms`` are the
        columns' own bottoms (above their notes)."""
        for i, line in enumerate(self.lines(text)):
            bottom = bottoms[self.col] if self.col < len(bottoms) else self.bottom
            if self.y - 10 < bottom:
                self.col, self.y = self.col + 1, self.top
            self.y -= 10
            x = self.lefts[self.col] + (9 if i == 0 else 0)
            t = self.c.beginText(x, self.y)
            for part in re.split(r"(\^\w+\^)", line):
                if part.startswith("^") and part.endswith("^") and len(part) > 2:
                    t.setFont(BODY, 5.4)
                    t.setRise(3.4)
                    t.textOut(part[1:-1])
                    t.setRise(0)
                elif part:
                    t.setFont(BODY, 9)
                    t.textOut(part)
            self.c.drawText(t)


def _accented(c: Any, x: float, y: float, word: str, size: float = 9.0) -> float:
    """``word`` drawn as its base letters, each accent a glyph of its own drawn over its
    letter (as some typesetters do); the x after the word."""
    import unicodedata

    from reportlab.pdfbase.pdfmetrics import stringWidth

    spacing = {"\u0302": "\u02c6", "\u0303": "\u02dc", "\u0327": "\u00b8"}
    for ch in word:
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        width = stringWidth(base, BODY, size)
        c.setFont(BODY, size)
        c.drawString(x, y, base)
        for mark in marks:
            accent = spacing[mark]
            c.drawString(x + (width - stringWidth(accent, BODY, size)) / 2, y, accent)
        x += width
    return x


def register(out: Path) -> Truth:
    """Three pages in three narrow columns (the Federal Register's layout): a masthead above
    the columns (a title left, a block of issue details right); footnotes at the foot of the
    first column, the second note running on at the foot of the second, while the body's
    paragraph runs on from the first column to the second past them; names whose accents are
    glyphs of their own; a table set across all three columns at the foot of page 2 (a title,
    a header row, cells filled with leader dots up to the next cell, a first cell of two
    lines); and on page 3 a boxed figure across the page with two short columns under it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas as pdfcanvas

    path = out / "register.pdf"
    c = pdfcanvas.Canvas(str(path), pagesize=LETTER, invariant=1)
    c.setTitle(path.stem)
    header = "Eastmere Bulletin / Vol. 3, No. 2 / Spring 2025 / Practice Notes"

    def furniture(page: int) -> None:
        c.setFont(BODY, 8)
        if page > 1:
            c.drawString(45, 760, header)
        c.drawRightString(567, 30, str(100 + page))

    # Page 1: the masthead, then the columns.
    furniture(1)
    c.setFont(BOLD, 18)
    c.drawString(45, 722, "Practice Notes")
    masthead = ["Eastmere Bulletin", "Vol. 3, No. 2", "Spring 2025"]
    c.setFont(BODY, 8)
    for i, line in enumerate(masthead):
        c.drawString(399, 728 - 15 * i, line)
    cols = _Columns(c, top=672, bottom=60)
    first = (
        "The partnership looked again at neglect^1^ in families known to several services. "
        + paragraph(80, 2)
        + " The threshold^2^ for a referral was applied differently by each agency, "
        + paragraph(81, 12)[0].lower()
        + paragraph(81, 12)[1:]
    )
    notes_bottom = [60 + 14 * 5 + 16, 60 + 14 * 3 + 16, 60]
    cols.para(first, bottoms=notes_bottom)
    second = paragraph(82, 3)
    cols.para(second, bottoms=notes_bottom)
    # The notes: note 1 and the start of note 2 under column 1, the rest of note 2 under
    # column 2 (smaller type, a short rule above).
    from reportlab.lib.utils import simpleSplit

    note_lines: list[tuple[str, str]] = []
    for mark, text in REGISTER_NOTES:
        for j, line in enumerate(simpleSplit(text, BODY, 7, 160)):
            note_lines.append((mark if j == 0 else "", line))
    slots = [(45.0, 60 + 14 * 5 - 2 - 8 * k) for k in range(7)] + [
        (222.0, 60 + 14 * 3 - 2 - 8 * k) for k in range(5)
    ]
    c.line(45, 60 + 14 * 5 + 8, 105, 60 + 14 * 5 + 8)
    for (mark, line), (x, note_y) in zip(note_lines, slots, strict=False):
        t = c.beginText(x, note_y)
        if mark:
            t.setFont(BODY, 4.5)
            t.setRise(2.5)
            t.textOut(mark)
            t.setRise(0)
        t.setFont(BODY, 7)
        t.textOut((" " if mark else "") + line)
        c.drawText(t)
    # Column 3: the accented names.
    y: float = 662.0
    c.setFont(BODY, 9)
    c.drawString(408, y, "Three partners joined the review:")
    for name in ACCENTED:
        y -= 12
        c.setFont(BODY, 9)
        c.drawString(399, y, "the")
        x = _accented(c, 399 + stringWidth("the ", BODY, 9), y, name)
        c.setFont(BODY, 9)
        c.drawString(x, y, " of Lowbridge;")
    c.showPage()

    # Page 2: the columns, and a table across them at the foot.
    furniture(2)
    cols = _Columns(c, top=740, bottom=200)
    page2 = [paragraph(83 + k, 4) for k in range(9)]
    for text in page2:
        cols.para(text)
    c.setFont(BODY, 8.2)
    c.drawCentredString(306, 176, "COSTS OF THE PILOT")
    heads = [(90.0, "Activity"), (215.0, "Staff time"), (362.0, "Venue"), (440.0, "Per family"),
             (520.0, "Total")]  # fmt: skip
    c.setFont(BODY, 8)
    for x, text in heads:
        c.drawString(x, 156, text)
    table = [
        ("Home visits and follow-up calls", "2 hours × £40 an hour = £80", "£0", "£80", "£960."),
        ("Case discussions", "1 hour × £40 an hour = £40", "£0", "£40", "£480."),
        ("Training for named leads and their", "3 hours × £40 an hour = £120", "£15", "£135",
         "£1,620."),
    ]  # fmt: skip
    y = 136.0
    dot = stringWidth(".", BODY, 8)
    for first_cell, *rest in table:
        c.setFont(BODY, 8)
        c.drawString(45, y, first_cell)
        end = 45 + stringWidth(first_cell, BODY, 8) + 2
        # Leader dots up to 6 pt before the next cell: pdfminer runs the two into one line.
        c.drawString(end, y, "." * int((189 - end) / dot))
        for (x, _), text in zip([(195.0, 0), (362.0, 0), (440.0, 0), (520.0, 0)], rest,
                                strict=True):  # fmt: skip
            c.drawString(x, y, text)
        y -= 10
    c.drawString(53, y + 1, "deputies.")
    c.showPage()

    # Page 3: a boxed figure across the page, two short columns under it.
    furniture(3)
    c.rect(90, 520, 430, 200)
    figure = [paragraph(96, 2), paragraph(97, 2)]
    y = 700.0
    for text in figure:
        for line in simpleSplit(text, BODY, 10, 400):
            c.setFont(BODY, 10)
            c.drawString(105, y, line)
            y -= 13
        y -= 8
    under = [
        ["(5) In the review meeting, the chair asked", "every agency to bring its own chronology"],
        ["of the family, so that the gaps between", "the records could be seen side by side."],
    ]  # two columns of two lines each, read down the first, then the second
    for x, lines in zip((45.0, 222.0), under, strict=True):
        for k, line in enumerate(lines):
            c.setFont(BODY, 8)
            c.drawString(x, 490 - 9 * k, line)
    c.showPage()
    c.save()
    note_texts = [f"{mark} {text}" for mark, text in REGISTER_NOTES]
    return {
        "file": "register.pdf",
        "pages": 3,
        "status": "ok",
        "masthead": ["Practice Notes", *masthead],
        "paragraphs": [re.sub(r"\^\w+\^", "", first), second, *page2],
        "notes": note_texts,
        "words": ACCENTED,
        "figure": figure,
        "table_rows": [
            " | ".join([h for _, h in heads]),
            *(" | ".join(row) for row in table[:2]),
            " | ".join([table[2][0] + " deputies.", *table[2][1:]]),
        ],
        "under_figure": " ".join(line for lines in under for line in lines),
        "absent": [header],
    }


# --------------------------------------------------------------------------- touching cells

TOUCHING_ROWS = [
    ["Item 4", "Date of birth", "Both returns", "Child's date of birth", "Child's date of birth"],
    ["Item 6", "Gender", "Both returns", "Child's recorded gender", "Child's recorded gender"],
    ["Item 9", "Unique number", "Both returns", "Child's unique number", "Child's unique number"],
    ["Item 14", "Legal status", "Both returns", "Child's legal status", "Child's legal status"],
]  # fmt: skip


def touching_cells(out: Path) -> Truth:
    """An unruled table whose cells nearly touch: the last two columns repeat the same text a
    little more than an em apart, so pdfminer's line rule runs them into one fragment; and a
    two-column table whose first cells run right up to the second column (a cell ending on
    the next one's start), with prose before and after."""
    flow = Flow(out / "touching-cells.pdf", size=10.5)
    before, after = [paragraph(90, 3)], [paragraph(91, 3)]
    flow.heading("Data items in both returns")
    for text in before:
        flow.para(text)
    c = flow.canvas
    from reportlab.pdfbase.pdfmetrics import stringWidth

    # The last column 7 pt after the longest text of the one before: that row's two cells
    # come out as one fragment, the others' as two.
    widest = max(stringWidth(row[3], BODY, 9) for row in TOUCHING_ROWS)
    xs = [72.0, 130.0, 215.0, 300.0, 300.0 + widest + 7]
    flow.y -= 14
    for row in TOUCHING_ROWS:
        for x, text in zip(xs, row, strict=True):
            c.setFont(BODY, 9)
            c.drawString(x, flow.y, text)
        flow.y -= 14
    flow.y -= 10
    flow.heading("What each team records")
    pairs = [
        ("The early help team keeps its notes in", "Shared with the school nurse each week."),
        ("The duty team records every contact in", "Read by the manager the same day."),
        ("The youth offending team writes a plan", "Reviewed with the young person monthly."),
    ]
    # Drawn cell by cell, a column at a time (as word processors do); the longest first cell
    # ends just where the second column starts.
    edge = 72 + max(stringWidth(left, BODY, 9) for left, _ in pairs)
    top = flow.y
    for x, column in ((72.0, [p[0] for p in pairs]), (edge, [p[1] for p in pairs])):
        for n, text in enumerate(column):
            c.setFont(BODY, 9)
            c.drawString(x, top - 12 * (n + 1), text)
    flow.y = top - 12 * len(pairs) - 16
    for text in after:
        flow.para(text)
    flow.save()
    return {
        "file": "touching-cells.pdf",
        "pages": flow.page,
        "status": "ok",
        "paragraphs": before + after,
        "table_rows": [" | ".join(row) for row in TOUCHING_ROWS]
        + [f"{left} | {right}" for left, right in pairs],
    }


MAKERS: dict[str, Callable[[Path], Truth]] = {
    "three-columns": three_columns,
    "tables": tables,
    "part-scanned": part_scanned,
    "symbol-bullets": symbol_bullets,
    "footnotes": footnotes,
    "recommendations": recommendations,
    "indented-columns": indented_columns,
    "bottom-labels": bottom_labels,
    "slide": slide,
    "register": register,
    "touching-cells": touching_cells,
}


def write_cases(out: Path = CASES, expected: Path = EXPECTED) -> dict[str, Truth]:
    """Every case's PDF into ``out`` and its truth into ``expected``; the truths by name."""
    out.mkdir(parents=True, exist_ok=True)
    expected.mkdir(parents=True, exist_ok=True)
    truths = {}
    for name, make in MAKERS.items():
        truth = make(out)
        (expected / f"{name}.json").write_text(
            json.dumps(truth, indent=1, ensure_ascii=False) + "\n"
        )
        truths[name] = truth
    return truths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=CASES)
    parser.add_argument("--expected", type=Path, default=EXPECTED)
    args = parser.parse_args(argv)
    for name in write_cases(args.out, args.expected):
        print(f"{args.out / (name + '.pdf')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
