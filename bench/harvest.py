"""Harvest benchmark: a generated site of fictional entries, served on loopback, harvested twice.

    .venv/bin/python bench/harvest.py [--entries 1500] [--per-page 100] [--seed 1] [--json]

Measures the first harvest into an empty SQLite database (wall time, entries/s, memory) and a
second harvest with nothing changed, counted from the server's own request log rather than the
harvester's word for it. The target for the second run is one conditional request per listing
page answered 304, with no body bytes sent. Exit status 1 when the first run does not store
every entry or the second run misses that target, so ``make bench`` can gate on it.

Memory is measured in a separate first harvest into another empty database: tracemalloc slows
Python allocation several times over and would distort the timed run. Its peak counts what
Python allocated in this process (the harvest, plus the in-process test server, which holds one
page at a time), not what C libraries allocate themselves (libxml2's parse trees, SQLite's page
cache); max RSS covers the whole process, interpreter and libraries included, and its growth
during the timed harvest is the best single figure for what a harvest costs.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Run as a script (``python bench/harvest.py``) the project root is not on the path; the
# project's modules are top-level and the package need not be installed.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from config import Config  # noqa: E402
from db import open_database  # noqa: E402
from harvester.harvest import HarvestResult, harvest  # noqa: E402
from sample_site.generate import write_site  # noqa: E402
from sample_site.server import Seen, SiteServer  # noqa: E402

# The server records a response's body bytes just after writing them, which can be a moment
# after the client has read them; wait this long before reading its log.
LOG_SETTLE_SECONDS = 0.05
CONTACT = "bench@example.invalid"


@dataclass
class Requests:
    """What the server saw during one harvest."""

    total: int
    listing: int  # requests for the listing pages, robots.txt excluded
    conditional: int  # carrying If-None-Match or If-Modified-Since
    not_modified: int
    body_bytes: int


def _requests(seen: Sequence[Seen], listing_paths: set[str]) -> Requests:
    return Requests(
        total=len(seen),
        listing=sum(1 for s in seen if s.path in listing_paths),
        conditional=sum(
            1 for s in seen if "if-none-match" in s.headers or "if-modified-since" in s.headers
        ),
        not_modified=sum(1 for s in seen if s.status == 304),
        body_bytes=sum(s.bytes_sent for s in seen),
    )


def _max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return rss if sys.platform == "darwin" else rss * 1024


def _timed_harvest(config: Config, site: SiteServer) -> tuple[HarvestResult, float, list[Seen]]:
    # Migrations run when the database is opened, outside the timing: they are a one-off.
    database = open_database(config.db_url)
    try:
        site.clear_requests()
        started = time.perf_counter()
        result = harvest(database, config, trigger="bench")
        elapsed = time.perf_counter() - started
    finally:
        database.close()
    time.sleep(LOG_SETTLE_SECONDS)
    return result, elapsed, site.requests


def _traced_harvest(config: Config) -> tuple[HarvestResult, int]:
    database = open_database(config.db_url)
    try:
        tracemalloc.start()
        try:
            result = harvest(database, config, trigger="bench")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        database.close()
    return result, peak


def run(entries: int, per_page: int, seed: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="scr-digest-bench-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        paths = write_site(work / "site", entries, per_page, seed)
        generate_seconds = time.perf_counter() - started
        with SiteServer(work / "site") as site:
            sources = tuple(site.url(path) for path in paths)

            def config(name: str) -> Config:
                return Config(
                    data_dir=work / name,
                    sources=sources,
                    request_delay=0.0,  # our own server on loopback
                    contact=CONTACT,
                )

            first_config = config("data")
            rss_before = _max_rss_bytes()
            first, first_seconds, first_seen = _timed_harvest(first_config, site)
            rss_after = _max_rss_bytes()
            second, second_seconds, second_seen = _timed_harvest(first_config, site)
            traced, traced_peak = _traced_harvest(config("data-traced"))
        db_bytes = sum(f.stat().st_size for f in (work / "data").glob("scr-digest.db*"))

    listing = set(paths)
    first_requests = _requests(first_seen, listing)
    second_requests = _requests(second_seen, listing)
    pages = len(paths)
    stored_ok = (
        first.counts["entries_new"] == entries
        and first.counts["entries_quarantined"] == 0
        and traced.counts["entries_new"] == entries
    )
    target_met = (
        second_requests.total == pages
        and second_requests.listing == pages
        and second_requests.conditional == pages
        and second_requests.not_modified == pages
        and second_requests.body_bytes == 0
        and second.counts["entries_new"] == 0
        and second.counts["entries_updated"] == 0
    )
    return {
        "entries": entries,
        "pages": pages,
        "per_page": per_page,
        "seed": seed,
        "generate_seconds": round(generate_seconds, 3),
        "first": {
            "outcome": first.outcome,
            "seconds": round(first_seconds, 3),
            "entries_per_second": round(first.counts["entries_new"] / first_seconds, 1),
            "entries_new": first.counts["entries_new"],
            "entries_quarantined": first.counts["entries_quarantined"],
            "requests": first_requests.total,
            "harvester_requests": first.counts["requests"],
            "body_bytes": first_requests.body_bytes,
            "tracemalloc_peak_bytes": traced_peak,
            "max_rss_bytes": rss_after,
            "max_rss_growth_bytes": rss_after - rss_before,
            "database_bytes": db_bytes,
        },
        "second": {
            "outcome": second.outcome,
            "seconds": round(second_seconds, 3),
            "requests": second_requests.total,
            "listing_requests": second_requests.listing,
            "conditional_requests": second_requests.conditional,
            "not_modified": second_requests.not_modified,
            "body_bytes": second_requests.body_bytes,
            "pages_unchanged": second.counts["pages_unchanged"],
            "entries_new": second.counts["entries_new"],
            "entries_updated": second.counts["entries_updated"],
        },
        "all_entries_stored": stored_ok,
        "target_met": target_met,
    }


def _mib(value: object) -> str:
    assert isinstance(value, int)
    return f"{value / 2**20:.1f} MiB"


def markdown(report: dict[str, object]) -> str:
    first = report["first"]
    second = report["second"]
    assert isinstance(first, dict) and isinstance(second, dict)
    pages = report["pages"]
    rows = [
        ("site", f"{report['entries']} entries on {pages} pages of {report['per_page']}"),
        ("first harvest: wall time", f"{first['seconds']:.2f} s"),
        ("first harvest: entries/s", f"{first['entries_per_second']:.0f}"),
        (
            "first harvest: entries stored (new / quarantined)",
            f"{first['entries_new']} / {first['entries_quarantined']}",
        ),
        (
            "first harvest: requests (incl. robots.txt)",
            f"{first['requests']}, {first['body_bytes']:,} body bytes",
        ),
        ("first harvest: peak Python memory (tracemalloc)", _mib(first["tracemalloc_peak_bytes"])),
        (
            "first harvest: max RSS of the process (growth)",
            f"{_mib(first['max_rss_bytes'])} (+{_mib(first['max_rss_growth_bytes'])})",
        ),
        ("database size after the first harvest", _mib(first["database_bytes"])),
        ("second harvest: wall time", f"{second['seconds']:.3f} s"),
        (
            "second harvest: requests (conditional / 304)",
            f"{second['requests']} ({second['conditional_requests']} / {second['not_modified']})",
        ),
        ("second harvest: body bytes sent", f"{second['body_bytes']:,}"),
        (
            "second harvest: pages unchanged, entries new/updated",
            f"{second['pages_unchanged']}, {second['entries_new']}/{second['entries_updated']}",
        ),
        (
            "target: one conditional request per page, nothing downloaded",
            "met" if report["target_met"] else "NOT met",
        ),
    ]
    lines = ["| metric | value |", "| --- | --- |"]
    lines += [f"| {metric} | {value} |" for metric, value in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/harvest.py",
        description="Harvest a generated site on loopback twice and report speed, memory and "
        "the requests of the no-change rerun.",
    )
    parser.add_argument("--entries", type=int, default=1500, help="entries on the site (1500)")
    parser.add_argument("--per-page", type=int, default=100, help="entries per page (100)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (1)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.entries <= 0 or args.per_page <= 0:
        parser.error("--entries and --per-page must be more than 0")
    report = run(args.entries, args.per_page, args.seed)
    print(json.dumps(report, indent=2) if args.json else markdown(report))
    return 0 if report["all_entries_stored"] and report["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
