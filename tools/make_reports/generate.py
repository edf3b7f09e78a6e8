"""Writing the reports, their ground truth and extras; the command line."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from tools.make_reports.catalogue import catalogue_page
from tools.make_reports.hostile import HTML_ERROR_PAGE, encrypted_pdf, not_a_pdf
from tools.make_reports.model import Review
from tools.make_reports.names import (
    CATALOGUE_STEM,
    DEFAULT_EXPECTED,
    DEFAULT_OUT,
    SCANNED_STEM,
    TRUNCATED_FRACTION,
    TRUNCATED_FROM,
)
from tools.make_reports.reviews import REVIEWS
from tools.make_reports.scanned import build_scanned, scanned_truth
from tools.make_reports.typeset import build_report


def review_by_stem(stem: str) -> Review:
    for review in REVIEWS:
        if review.stem == stem:
            return review
    raise KeyError(stem)


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _write_json(path: Path, truth: dict) -> Path:
    return _write(path, json.dumps(truth, ensure_ascii=False, indent=2) + "\n")


def write_reports(
    out: Path,
    expected: Path | None = None,
    catalogue: Path | None = None,
    only: Iterable[str] | None = None,
) -> list[Path]:
    """Write the reports (all, or the stems in ``only``) and, when given a place, their extras.

    The scanned report, the catalogue page and the hostile files are written when ``only`` is
    None or names them (``SCANNED_STEM``, ``"catalogue"``, ``"hostile"``).
    """
    wanted = set(only) if only is not None else None
    written: list[Path] = []
    built: dict[str, bytes] = {}

    def want(name: str) -> bool:
        return wanted is None or name in wanted

    # The truncated file is cut from a real report, and the catalogue page prints its PDF's size.
    needed = {TRUNCATED_FROM} if want("hostile") else set()
    needed |= {CATALOGUE_STEM} if catalogue is not None and want("catalogue") else set()
    for review in REVIEWS:
        if not (want(review.stem) or review.stem in needed):
            continue
        data, truth = build_report(review)
        built[review.stem] = data
        if want(review.stem):
            written.append(_write(out / f"{review.stem}.pdf", data))
            if expected is not None:
                written.append(_write_json(expected / f"{review.stem}.json", truth))
    if want(SCANNED_STEM):
        written.append(_write(out / f"{SCANNED_STEM}.pdf", build_scanned()))
        if expected is not None:
            written.append(_write_json(expected / f"{SCANNED_STEM}.json", scanned_truth()))
    if catalogue is not None and want("catalogue"):
        page = catalogue_page(review_by_stem(CATALOGUE_STEM), len(built[CATALOGUE_STEM]))
        written.append(_write(catalogue / f"{CATALOGUE_STEM}.html", page))
    if want("hostile"):
        hostile = out / "hostile"
        source = built[TRUNCATED_FROM]
        cut = source[: int(len(source) * TRUNCATED_FRACTION)]
        written.append(_write(hostile / "truncated.pdf", cut))
        written.append(_write(hostile / "encrypted.pdf", encrypted_pdf()))
        written.append(_write(hostile / "html-as-pdf.pdf", HTML_ERROR_PAGE))
        written.append(_write(hostile / "not-a-pdf.pdf", not_a_pdf()))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.make_reports",
        description="The sample site's overview reports, their ground truth and hostile files.",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="reports directory")
    parser.add_argument(
        "--expected",
        type=Path,
        default=None,
        help="ground-truth directory (default: tests/expected/reports for the default --out, "
        "else OUT/expected)",
    )
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=None,
        help="catalogue page directory (default: a 'catalogue' directory beside OUT)",
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    expected = args.expected or (
        DEFAULT_EXPECTED if out.resolve() == DEFAULT_OUT.resolve() else out / "expected"
    )
    catalogue = args.catalogue or out.resolve().parent / "catalogue"
    for path in write_reports(out, expected, catalogue):
        print(path)
    return 0
