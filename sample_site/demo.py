"""``scr-digest demo``: the pipeline as far as it exists, against the sample site on 127.0.0.1."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config import Config
from db import open_database
from db.queries import list_reviews, review_dict, status_report
from harvester.harvest import HarvestResult, harvest
from sample_site import LISTING_PATHS
from sample_site.server import SiteServer

MARKER = ".scr-digest-demo"


class DemoError(Exception):
    pass


@dataclass
class DemoReport:
    site_url: str
    demo_dir: Path
    first: HarvestResult
    second: HarvestResult
    reviews: list[dict[str, Any]]
    quarantined: list[dict[str, Any]]


def prepare(demo_dir: Path) -> None:
    """Start from an empty directory, refusing to wipe one the demo did not make."""
    if demo_dir.exists():
        if any(demo_dir.iterdir()) and not (demo_dir / MARKER).exists():
            raise DemoError(f"{demo_dir} exists and was not made by the demo; choose another --dir")
        shutil.rmtree(demo_dir)
    demo_dir.mkdir(parents=True)
    (demo_dir / MARKER).write_text("made by scr-digest demo; deleted by the next demo run\n")


def run_demo(demo_dir: Path) -> DemoReport:
    prepare(demo_dir)
    with SiteServer() as site:
        config = Config(
            data_dir=demo_dir,
            sources=tuple(site.url(path) for path in LISTING_PATHS),
            contact="demo@example.invalid",
            request_delay=0.0,  # our own server on loopback; real sources keep the 1 s default
        )
        database = open_database(config.db_url)
        try:
            first = harvest(database, config, trigger="demo")
            second = harvest(database, config, trigger="demo")
            with database.session() as session:
                reviews = [review_dict(review) for review in list_reviews(session)]
                quarantined = status_report(session)["quarantined"]
        finally:
            database.close()
    return DemoReport(site.base_url, demo_dir, first, second, reviews, quarantined)
