"""GOV.UK benchmark: the requests a harvest of national publications makes, from the server's log.

    .venv/bin/python bench/govuk.py [--publications 200] [--page-size 50] [--json]

The sample site's GOV.UK-like API is filled with generated publications for two organisations
(the bundled ones plus ``--publications`` briefings without attachments, half each), and read
three times into a new SQLite database: the baseline (every page of results, every Content API
item, every PDF attachment), a run with nothing changed, and a run after one new publication.
The target for the no-change run is one search request per organisation and no content or
attachment requests; for the run after one new publication, one search request per
organisation, one content request and that publication's attachments. Exit status 1 when either
target is missed, so it can gate ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from config import Config  # noqa: E402
from db import open_database  # noqa: E402
from harvester.harvest import harvest  # noqa: E402
from sample_site.govuk import DFE, NEW_PUBLICATION, PANEL, copy_of  # noqa: E402
from sample_site.server import Seen, SiteServer  # noqa: E402

ORGANISATIONS = (PANEL["slug"], DFE["slug"])


@dataclass
class Run:
    seconds: float
    search: int
    content: int
    attachments: int
    not_modified: int
    new: int

    @classmethod
    def of(cls, seen: Sequence[Seen], seconds: float, new: int) -> Run:
        return cls(
            round(seconds, 3),
            sum(s.path.startswith("/api/search.json") for s in seen),
            sum(s.path.startswith("/api/content/") for s in seen),
            sum(s.path.startswith("/government/uploads/") for s in seen),
            sum(s.status == 304 for s in seen),
            new,
        )


def measure(publications: int, page_size: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, SiteServer() as site:
        for number in range(publications):
            organisation = PANEL if number % 2 == 0 else DFE
            site.govuk.add(
                copy_of(
                    NEW_PUBLICATION,
                    slug=f"generated-briefing-{number}",
                    title=f"Briefing paper {number}: learning for practitioners",
                    public_timestamp=f"20{10 + number % 15:02d}-{1 + number % 12:02d}-"
                    f"{1 + number % 28:02d}T09:30:00.000+00:00",
                    organisation=organisation,
                    attachments=(),
                )
            )
        config = Config(
            data_dir=Path(tmp),
            sources=(),
            govuk_base_url=site.base_url,
            govuk_organisations=ORGANISATIONS,
            govuk_page_size=page_size,
            contact="bench@example.invalid",
            request_delay=0.0,
        )
        database = open_database(config.db_url)
        runs: dict[str, Run] = {}
        try:
            for name in ("baseline", "no_change", "one_new"):
                if name == "one_new":
                    site.govuk.add(NEW_PUBLICATION)
                before = len(site.requests)
                started = time.perf_counter()
                result = harvest(database, config, sources=[], govuk_organisations=ORGANISATIONS)
                elapsed = time.perf_counter() - started
                runs[name] = Run.of(
                    site.requests[before:], elapsed, int(result.counts["entries_new"])
                )
        finally:
            database.close()
    no_change, one_new = runs["no_change"], runs["one_new"]
    met = (
        no_change.search == len(ORGANISATIONS)
        and no_change.content == no_change.attachments == 0
        and one_new.search == len(ORGANISATIONS)
        and one_new.content == 1
        and one_new.attachments == len(NEW_PUBLICATION.attachments)
    )
    return {
        "publications": publications + 7,
        "organisations": len(ORGANISATIONS),
        "page_size": page_size,
        "runs": {name: asdict(run) for name, run in runs.items()},
        "target_met": met,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=200)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(args.publications, args.page_size)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"{figures['publications']} publications, {figures['organisations']} organisations, "
            f"{figures['page_size']} results a page"
        )
        runs = figures["runs"]
        assert isinstance(runs, dict)
        print("| run | wall time | search | content | attachments | 304 | new |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, run in runs.items():
            print(
                f"| {name} | {run['seconds']} s | {run['search']} | {run['content']} | "
                f"{run['attachments']} | {run['not_modified']} | {run['new']} |"
            )
        print(
            f"target (no change: one search request per organisation): "
            f"{'met' if figures['target_met'] else 'MISSED'}"
        )
    return 0 if figures["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
