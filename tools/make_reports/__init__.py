"""The sample site's overview reports: PDFs behind every ``/reports/…`` link, with ground truth.

The harvester follows each review's report link, downloads the PDF and extracts its text; this
module makes those PDFs so that extraction can be tested and measured against a known answer.
Every report is fictional (the places and children of the sample site, written here), laid out
like a real serious case review or child safeguarding practice review: a title page, a running
header and footer on every other page, numbered headings, justified text with sentences running
over page ends, words hyphenated at line ends, curly quotes and a numbered list of
recommendations. Two are long (40+ pages): one in one column with a table, one in two columns.

Alongside the reports it writes:

- ``tests/expected/reports/<stem>.json``, the ground truth for each report (below);
- one scanned report (page images, no text layer): ``reports/2016-stoke-under-hill-child-b.pdf``;
- a library catalogue page in front of one PDF: ``catalogue/2014-westshire-baby-g.html``;
- hostile files in ``reports/hostile/``: truncated, encrypted, an HTML error page and a PNG, each
  named ``.pdf``.

Large files are never committed: ``write_huge_pdf`` and ``write_many_pages_pdf`` make them at
test time.

Ground truth keys: ``path``, ``pages``, ``columns``, ``headings`` (numbered, in order, as
printed), ``recommendations`` (text without the "Recommendation 1:"/"1." label),
``header_footer_lines`` (running header parts, "OFFICIAL", and every "Page n of m"/"Page n" the
footers print; bare-number footers cannot be listed, see ``page_number_format``),
``paragraphs`` (every body paragraph after the title page in reading order, recommendations
with their printed label; table cells and captions excluded), ``executive_summary`` (its first
paragraph) and ``scanned``; plus ``title``, ``page_number_format``, ``title_page`` (lines) and
``tables`` (caption and rows). Texts are as written, before typesetting: curly quotes and real
hyphens ("multi-agency") are kept, line-end hyphens that split a word are not, and whitespace is
collapsed to single spaces.

Code and data live apart: ``agencies``, ``reviews`` and ``prose`` are the texts the reports are
written from; ``compose`` writes a report's blocks from them, ``typeset`` lays them out with
reportlab, ``scanned`` and ``hostile`` make the odd files, ``generate`` writes everything. A test
and benchmark tool (reportlab and Pillow are test extras): nothing here ships.

Deterministic: fixed seeds and reportlab's ``invariant`` mode give the same bytes on every run.

    python -m tools.make_reports [--out DIR] [--expected DIR] [--catalogue DIR]
"""

from tools.make_reports.generate import main, review_by_stem, write_reports
from tools.make_reports.hostile import write_huge_pdf, write_many_pages_pdf
from tools.make_reports.hyphenation import hyphenate
from tools.make_reports.names import (
    CATALOGUE_STEM,
    DEFAULT_CATALOGUE,
    DEFAULT_EXPECTED,
    DEFAULT_OUT,
    ENCRYPTED_PASSWORD,
    PAGES,
    SCANNED_STEM,
    TRUNCATED_FRACTION,
    TRUNCATED_FROM,
)
from tools.make_reports.reviews import REVIEWS

__all__ = [
    "CATALOGUE_STEM",
    "DEFAULT_CATALOGUE",
    "DEFAULT_EXPECTED",
    "DEFAULT_OUT",
    "ENCRYPTED_PASSWORD",
    "PAGES",
    "REVIEWS",
    "SCANNED_STEM",
    "TRUNCATED_FRACTION",
    "TRUNCATED_FROM",
    "hyphenate",
    "main",
    "review_by_stem",
    "write_huge_pdf",
    "write_many_pages_pdf",
    "write_reports",
]
