"""The fixed names the reports and their tests agree on, and where the files go."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "sample_site" / "pages"
DEFAULT_OUT = PAGES / "reports"
DEFAULT_CATALOGUE = PAGES / "catalogue"
DEFAULT_EXPECTED = ROOT / "tests" / "expected" / "reports"

SCANNED_STEM = "2016-stoke-under-hill-child-b"
CATALOGUE_STEM = "2014-westshire-baby-g"
ENCRYPTED_PASSWORD = "westshire"
TRUNCATED_FROM = "2012-eastmoor-child-c"
TRUNCATED_FRACTION = 0.6
# Printed into every PDF's metadata: the generator's old module name, kept so that the committed
# PDFs (which ship with the demo) stay byte for byte what the generator writes.
CREATOR = "scr-digest sample_site.make_reports"
