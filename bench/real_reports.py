"""Extraction on real public-sector PDFs: scr-digest against pdfminer.six and poppler.

    .venv/bin/python bench/real_reports.py [--dir ../shared/real-reports] [--workers 2]
        [--repeat 1] [--only NAME ...] [--json]

Reads the real reports in ``../shared/real-reports/`` (by path: they are not ours to copy into
the repository; skipped with a message when the folder is absent) with four methods, each in a
child process of its own, one after another:

- **scr-digest ExtractionPool**: ``--workers`` spawned processes (starting them is part of the
  time), the largest documents submitted first;
- **scr-digest extract_report**: the same extractor in one process;
- **pdfminer.six**: ``pdfminer.high_level.extract_text`` with default settings, one process;
- **pdftotext**: poppler's command, the reference for fidelity and the speed limit.

There is no hand-made ground truth for these files, so poppler's text is the reference:

- *sentences intact / in order*: pdftotext's text, its page furniture removed (below), cut into
  paragraphs at blank lines and into sentences; kept are sentences of 5 words or more that start
  with a capital and end with ``.``, ``!`` or ``?`` and contain no line-end hyphen (whose reading
  is ambiguous). A sentence is compared by its words only (letters; digits, punctuation and
  spacing ignored, so a footnote number or a bullet glyph kept, split off or dropped does not
  count either way, but a word from another column or table cell inside it does). *Intact*:
  found anywhere; *in order*: among the most intact sentences that keep the reference's order
  (a longest increasing subsequence of their places, so a paragraph out of place costs its own
  sentences only).
- *furniture*: lines within the first and last five of a page whose text, digits masked,
  repeats on a quarter of the pages (three at least), page numbers; such a line of 8 words at most
  found once on each of two pages in five is furniture anywhere (pdftotext may read a footer
  mid-page).
  *Furniture left*: for each such line of 3+ words, its occurrences in a method's text beyond
  those in the reference body.
- *page-break joins*: where pdftotext's page ends without a sentence end and the next page's
  body starts in lower case, the sentence joined across the break (6+ words), looked for whole
  (not where the page ends with a footnote, "18 See ..." or "18" then "See ...": the body's
  sentence does not go on from the note).
- *bullet glyphs left*: characters of Unicode's private use area (Word's Symbol-font bullets,
  U+F0B7, U+F0A7 ...).
- *glued footnote markers*: a word the document uses on its own (3+ letters) followed at once by
  1-3 digits ("DPIA23", "framework1").
- *needs_ocr with text*: files called scans although pdftotext reads 200+ letters from them.
- *recommendations*: scr-digest's items, against the manifest where its note states a count
  ("24 numbered items"); an item is *exact* when its words occur in the reference; *stray* items
  are ones from a "Next steps" list, or holding a running header or footer or a page number.

Pages per second are wall-clock figures over all files, so other work on the machine lowers
them (the pool's most, as it needs every core): the load average at the start is printed,
``--repeat`` keeps each method's fastest round, and CPU milliseconds per page (all processes,
start-up included) do not depend on the machine being idle.

Exit status 1 when scr-digest misses a target of issue 16 (printed).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from real_reference import GLUED, PUA, Reference, key, reference  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "real-reports"
METHODS = {
    "pool": "scr-digest ExtractionPool ({workers} workers)",
    "single": "scr-digest extract_report (1 process)",
    "pdfminer": "pdfminer.six extract_text, defaults (1 process)",
    "pdftotext": "poppler pdftotext (1 process)",
}
# Targets of issue 16.
TARGET_INTACT = 98.5
TARGET_ORDER = 97.0
TARGET_EACH = 95.0
TARGET_FURNITURE = 5
TARGET_POOL_SPEEDUP = 1.7

# --------------------------------------------------------------------------- one method, in a child


def run_method(method: str, paths: Sequence[Path], workers: int) -> dict[str, Any]:
    """Every path read with one method: seconds in all and per file, texts, statuses, items."""
    texts: dict[str, str] = {}
    status: dict[str, str] = {}
    recs: dict[str, list[str]] = {}
    per_file: dict[str, float] = {}
    started = time.perf_counter()
    if method == "pool":
        from harvester.extract_pool import ExtractionPool

        with ExtractionPool[str](workers) as pool:
            for path in sorted(paths, key=lambda p: -p.stat().st_size):
                pool.submit(path.name, path)
            for key, report in pool.results():
                texts[key], status[key] = report.text, report.status
                recs[key] = list(report.recommendations)
    elif method == "single":
        from harvester.pdftext import extract_report

        for path in paths:
            t = time.perf_counter()
            report = extract_report(path)
            per_file[path.name] = time.perf_counter() - t
            texts[path.name], status[path.name] = report.text, report.status
            recs[path.name] = list(report.recommendations)
    elif method == "pdfminer":
        import logging

        from pdfminer.high_level import extract_text

        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        for path in paths:
            t = time.perf_counter()
            texts[path.name] = extract_text(path)
            per_file[path.name] = time.perf_counter() - t
    else:
        for path in paths:
            t = time.perf_counter()
            done = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
            )
            per_file[path.name] = time.perf_counter() - t
            texts[path.name] = done.stdout.decode("utf-8", "replace")
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool's workers, pdftotext
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {
        "seconds": seconds,
        "cpu": cpu,
        "per_file": per_file,
        "texts": texts,
        "status": status,
        "recs": recs,
    }


def run_in_child(method: str, paths: Sequence[Path], workers: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", method, "--workers", str(workers)]
    command += [str(p) for p in paths]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return cast(dict[str, Any], json.loads(done.stdout))


# --------------------------------------------------------------------------- measures


def in_order(text_key: str, sentences: Sequence[str]) -> tuple[int, int]:
    """(intact anywhere, intact and in order): the most sentences whose places in the text
    keep the reference's order (a longest increasing run), so one paragraph out of place
    costs its own sentences, not all that follow."""
    places: list[int] = []
    for sentence in sentences:
        # A sentence said twice (boilerplate) is looked for after the last one found first.
        after = places[-1] if places else 0
        found = text_key.find(sentence, after)
        if found < 0:
            found = text_key.find(sentence)
        if found >= 0:
            places.append(found)
    tails: list[int] = []  # patience sorting: tails[k] = least end of an increasing run k+1 long
    for place in places:
        k = bisect.bisect_left(tails, place)
        if k == len(tails):
            tails.append(place)
        else:
            tails[k] = place
    return len(places), len(tails)


def glued(text: str, vocabulary: frozenset[str]) -> int:
    return sum(1 for m in GLUED.finditer(text) if m.group(1).lower() in vocabulary)


def furniture_left(text_key: str, ref: Reference) -> int:
    return sum(max(0, text_key.count(f) - ref.body.count(f)) for f in ref.furniture)


def exact(item: str, ref: Reference) -> bool:
    """The item's words are the reference's: whole, or (where poppler reads a page's footer
    into the middle of the item) every run of 6 words of it."""
    if key(item) in ref.body:
        return True
    words = key(item).split()
    runs = [" " + " ".join(words[i : i + 6]) + " " for i in range(0, max(1, len(words) - 5), 3)]
    return all(run in ref.body for run in runs)


def stray_items(items: Sequence[str], ref: Reference) -> list[str]:
    out = []
    for item in items:
        words = key(item).split()
        start = " " + " ".join(words[:8]) + " "
        listed = any(start in region for region in ref.next_steps)
        furniture = any(f in key(item) for f in ref.furniture)
        if listed or furniture or re.search(r"\s\d{1,3}$", item):
            out.append(item)
    return out


@dataclass
class Doc:
    file: str
    pages: int
    sentences: int
    joins: int
    expected_recs: int | None
    # per method: figures
    intact: dict[str, int] = field(default_factory=dict)
    ordered: dict[str, int] = field(default_factory=dict)
    joined: dict[str, int] = field(default_factory=dict)
    furniture: dict[str, int] = field(default_factory=dict)
    bullets: dict[str, int] = field(default_factory=dict)
    glued: dict[str, int] = field(default_factory=dict)
    pps: dict[str, float] = field(default_factory=dict)
    status: str = ""
    text_letters: int = 0
    recs: int = 0
    recs_exact: int = 0
    stray: list[str] = field(default_factory=list)


def pct(n: int, d: int) -> float:
    return 100.0 * n / d if d else 100.0


def measure(
    paths: Sequence[Path], runs: dict[str, dict[str, Any]], manifest: dict[str, dict[str, Any]]
) -> list[Doc]:
    docs: list[Doc] = []
    for path in paths:
        name = path.name
        ref = reference(runs["pdftotext"]["texts"][name])
        note = str(manifest.get(name, {}).get("note", ""))
        stated = re.search(r"(\d+) numbered items", note)
        doc = Doc(
            file=name,
            pages=int(manifest.get(name, {}).get("pages", 0)),
            sentences=len(ref.sentences),
            joins=len(ref.joins),
            expected_recs=int(stated.group(1)) if stated else None,
            text_letters=ref.letters,
        )
        for method, run in runs.items():
            text = run["texts"][name]
            text_key = key(text)
            doc.intact[method], doc.ordered[method] = in_order(text_key, ref.sentences)
            doc.joined[method] = sum(1 for j in ref.joins if j in text_key)
            doc.furniture[method] = furniture_left(text_key, ref)
            doc.bullets[method] = len(PUA.findall(text))
            doc.glued[method] = glued(text, ref.vocabulary)
            seconds = run["per_file"].get(name)
            if seconds:
                doc.pps[method] = doc.pages / seconds
        single = runs["single"]
        doc.status = single["status"][name]
        items = single["recs"][name]
        doc.recs = len(items)
        doc.recs_exact = sum(1 for item in items if exact(item, ref))
        doc.stray = stray_items(items, ref)
        docs.append(doc)
    return docs


# --------------------------------------------------------------------------- tables


def doc_table(docs: Sequence[Doc]) -> str:
    head = [
        "file", "pages", "sentences", "intact ours / pdfminer", "in order ours / pdfminer",
        "page-break joins ours / pdfminer", "furniture left ours / pdfminer",
        "bullet glyphs ours / pdfminer", "glued markers ours / pdfminer / pdftotext",
        "pages/s ours / pdfminer", "status", "recommendations (stated)",
    ]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for d in docs:
        n = d.sentences
        stated = f" ({d.expected_recs})" if d.expected_recs is not None else ""
        cells = [
            d.file.removesuffix(".pdf")[:40],
            str(d.pages),
            str(n),
            f"{pct(d.intact['single'], n):.1f}% / {pct(d.intact['pdfminer'], n):.1f}%",
            f"{pct(d.ordered['single'], n):.1f}% / {pct(d.ordered['pdfminer'], n):.1f}%",
            f"{d.joined['single']}/{d.joins} / {d.joined['pdfminer']}/{d.joins}",
            f"{d.furniture['single']} / {d.furniture['pdfminer']}",
            f"{d.bullets['single']} / {d.bullets['pdfminer']}",
            f"{d.glued['single']} / {d.glued['pdfminer']} / {d.glued['pdftotext']}",
            f"{d.pps.get('single', 0):.1f} / {d.pps.get('pdfminer', 0):.1f}",
            d.status,
            f"{d.recs}{stated}" + (f", {len(d.stray)} stray" if d.stray else ""),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


@dataclass
class Total:
    method: str
    pages_per_second: float
    cpu_ms_per_page: float
    intact: float
    ordered: float
    worst_intact: float
    worst_ordered: float
    joins: tuple[int, int]
    furniture: int
    bullets: int
    glued: int
    needs_ocr_with_text: int


def totals(docs: Sequence[Doc], runs: dict[str, dict[str, Any]], pages: int) -> list[Total]:
    out = []
    sentences = sum(d.sentences for d in docs)
    joins = sum(d.joins for d in docs)
    for method, run in runs.items():
        statuses = run["status"]
        out.append(
            Total(
                method=method,
                pages_per_second=pages / run["seconds"],
                cpu_ms_per_page=1000 * run["cpu"] / pages,
                intact=pct(sum(d.intact[method] for d in docs), sentences),
                ordered=pct(sum(d.ordered[method] for d in docs), sentences),
                worst_intact=min(pct(d.intact[method], d.sentences) for d in docs),
                worst_ordered=min(pct(d.ordered[method], d.sentences) for d in docs),
                joins=(sum(d.joined[method] for d in docs), joins),
                furniture=sum(d.furniture[method] for d in docs),
                bullets=sum(d.bullets[method] for d in docs),
                glued=sum(d.glued[method] for d in docs),
                needs_ocr_with_text=sum(
                    1 for d in docs if statuses.get(d.file) == "needs_ocr" and d.text_letters >= 200
                ),
            )
        )
    return out


def total_table(rows: Sequence[Total], workers: int) -> str:
    head = [
        "method", "pages/s", "CPU ms/page", "sentences intact", "in order",
        "worst document (intact / order)",
        "page-break joins", "furniture left", "bullet glyphs left", "glued footnote markers",
        "needs_ocr with text",
    ]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in rows:
        ours = r.method in {"pool", "single"}
        cells = [
            METHODS[r.method].format(workers=workers),
            f"{r.pages_per_second:.1f}",
            f"{r.cpu_ms_per_page:.0f}",
            f"{r.intact:.1f}%",
            f"{r.ordered:.1f}%",
            f"{r.worst_intact:.1f}% / {r.worst_ordered:.1f}%",
            "{}/{}".format(*r.joins),
            str(r.furniture),
            str(r.bullets),
            str(r.glued),
            str(r.needs_ocr_with_text) if ours else "–",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def misses(docs: Sequence[Doc], rows: Sequence[Total]) -> list[str]:
    by = {r.method: r for r in rows}
    ours, miner = by["single"], by["pdfminer"]
    missed = []
    if ours.intact < TARGET_INTACT or ours.intact <= miner.intact:
        missed.append(f"sentences intact {ours.intact:.1f}% (target {TARGET_INTACT}%, > pdfminer)")
    if ours.ordered < TARGET_ORDER or ours.ordered <= miner.ordered:
        missed.append(f"in order {ours.ordered:.1f}% (target {TARGET_ORDER}%, > pdfminer)")
    worst = min(docs, key=lambda d: pct(d.ordered["single"], d.sentences))
    if min(ours.worst_intact, ours.worst_ordered) < TARGET_EACH:
        missed.append(f"worst document {worst.file} below {TARGET_EACH}%")
    if ours.needs_ocr_with_text:
        missed.append(f"{ours.needs_ocr_with_text} files with text called scans")
    if ours.furniture > TARGET_FURNITURE:
        missed.append(f"furniture left {ours.furniture}")
    if ours.bullets:
        missed.append(f"{ours.bullets} bullet glyphs left")
    for d in docs:
        if d.expected_recs is not None and (d.recs, d.recs_exact) != (d.expected_recs,) * 2:
            exact = f"{d.recs_exact}/{d.recs} exact items"
            missed.append(f"{d.file}: {exact}, {d.expected_recs} stated")
        if d.stray:
            missed.append(f"{d.file}: {len(d.stray)} stray recommendation items")
    if ours.pages_per_second < miner.pages_per_second:
        missed.append("one process slower than pdfminer.six")
    if by["pool"].pages_per_second < TARGET_POOL_SPEEDUP * miner.pages_per_second:
        missed.append(f"pool below {TARGET_POOL_SPEEDUP}x pdfminer.six")
    return missed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="the real reports")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the pool")
    parser.add_argument("--repeat", type=int, default=1, help="runs per method; the fastest counts")
    parser.add_argument("--only", nargs="*", default=[], help="file names (or parts) to read")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        json.dump(run_method(args.child, args.paths, args.workers), sys.stdout)
        return 0
    if not args.dir.is_dir():
        print(f"{args.dir} not found: no real reports to measure, skipped", file=sys.stderr)
        return 0
    manifest_file = args.dir / "manifest.json"
    entries = json.loads(manifest_file.read_text()) if manifest_file.exists() else []
    manifest = {e["file"]: e for e in entries}
    paths = sorted(args.dir.glob("*.pdf"))
    if args.only:
        paths = [p for p in paths if any(part in p.name for part in args.only)]
    for p in paths:
        if p.name not in manifest:
            from pdfminer.pdfpage import PDFPage

            with p.open("rb") as handle:
                manifest[p.name] = {"pages": sum(1 for _ in PDFPage.get_pages(handle))}
    pages = sum(int(manifest[p.name]["pages"]) for p in paths)
    load = os.getloadavg()[0]
    runs: dict[str, dict[str, Any]] = {}
    for _ in range(args.repeat):
        for method in METHODS:
            run = run_in_child(method, paths, args.workers)
            if method not in runs or run["seconds"] < runs[method]["seconds"]:
                runs[method] = run
    docs = measure(paths, runs, manifest)
    rows = totals(docs, runs, pages)
    if args.json:
        figures = {"documents": [asdict(d) for d in docs], "totals": [asdict(r) for r in rows]}
        print(json.dumps(figures))
    else:
        print(doc_table(docs))
        print()
        print(total_table(rows, args.workers))
        by = {r.method: r for r in rows}

        def speed(method: str) -> float:
            return by[method].pages_per_second / by["pdfminer"].pages_per_second

        print(
            f"\n{len(paths)} documents, {pages} pages; "
            f"{sum(d.sentences for d in docs)} reference sentences. "
            f"{os.cpu_count()} cores, load average {load:.2f} when the run began. "
            f"Pool / pdfminer.six: {speed('pool'):.2f}x; one process / pdfminer.six: "
            f"{speed('single'):.2f}x."
        )
        for d in docs:
            for item in d.stray:
                print(f"stray recommendation in {d.file}: {item[:100]}")
        print(f"Command: .venv/bin/python {' '.join(['bench/real_reports.py', *sys.argv[1:]])}")
    missed = misses(docs, rows)
    if missed:
        print("targets missed: " + "; ".join(missed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
