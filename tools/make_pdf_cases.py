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
