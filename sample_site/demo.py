"""``scr-digest demo``: the pipeline as far as it exists, against the sample site on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from config import Config
from db import Database, Digest, Recipient, open_database
from db.queries import list_reviews, review_dict, status_report
from digest import recipients
from digest.drafting import DraftResult, approve, draft
from digest.sending import send
from harvester.harvest import HarvestResult, harvest
from mail.links import Signer, console_base, feedback_link
from mail.transports import FileTransport
from sample_site import LISTING_PATHS
from sample_site.server import SiteServer

MARKER = ".scr-digest-demo"
CONFIG_FILE = "scr-digest.toml"
# A fictional board for the bulletin (the sample site's places are fictional too); .example
# addresses can never reach anyone, and the demo writes mail to its outbox only.
DEMO_BOARD: dict[str, Any] = {
    "board_name": "Westshire Safeguarding Children Partnership",
    "board_office": ["board.office@westshire-scp.example"],
    "mail_from": "learning@westshire-scp.example",
    # The console as `scr-digest serve` runs it on this machine, so the draft email's link and
    # the sign-in work after the demo without a proxy (an https address would ask for one).
    "console_url": "http://127.0.0.1:8080/",
    "survey_url": "https://westshire-scp.example/learning/feedback",
    "contact_details": "Partnership business unit\nboard.office@westshire-scp.example",
    "national_summaries": [
        "National analysis of case reviews (sample link) "
        "https://westshire-scp.example/learning/national-analysis"
    ],
}


DEMO_PARTNER = "practitioner@health.westshire-scp.example"


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
    drafted: DraftResult | None = None
    config_file: Path | None = None
    feedback_link: str | None = None  # the partner's bulletin's feedback link


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
            **{
                key: tuple(value) if isinstance(value, list) else value
                for key, value in DEMO_BOARD.items()
            },
        )
        database = open_database(config.db_url)
        try:
            first = harvest(database, config, trigger="demo")
            second = harvest(database, config, trigger="demo")
            drafted = draft(database, config, FileTransport(demo_dir / "outbox"))
            feedback = _send_to_a_partner(database, config, demo_dir)
            with database.session() as session:
                reviews = [review_dict(review) for review in list_reviews(session)]
                quarantined = status_report(session)["quarantined"]
        finally:
            database.close()
    # The board settings, for trying the digest commands on the demo's data afterwards.
    config_file = demo_dir / CONFIG_FILE
    settings = {"data_dir": str(demo_dir), **DEMO_BOARD}
    config_file.write_text(
        "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items()),
        encoding="utf-8",
    )
    return DemoReport(
        site.base_url, demo_dir, first, second, reviews, quarantined, drafted, config_file, feedback
    )


def _send_to_a_partner(database: Database, config: Config, demo_dir: Path) -> str | None:
    """Approve the draft and send it (to the outbox) to one fictional partner: its feedback
    link works in the demo console (``serve`` with the demo's config file)."""
    approve(database, config)
    recipients.add(database, DEMO_PARTNER, agency="Health")
    send(database, config, FileTransport(demo_dir / "outbox"))
    with database.session() as session:
        recipient_id = session.scalar(select(Recipient.id).where(Recipient.email == DEMO_PARTNER))
        digest_id = session.scalar(select(Digest.id).order_by(Digest.month.desc()).limit(1))
    base = console_base(config)
    if base is None or recipient_id is None or digest_id is None:
        return None
    return feedback_link(base, Signer.of(config).feedback_token(recipient_id, digest_id))
