"""Board report benchmark: two years of the learning loop, then the six-monthly report.

    .venv/bin/python bench/board_report.py [--bulletins 24] [--recipients 300] [--share .3]

Seeds a fresh SQLite database (WAL) with ``--bulletins`` monthly bulletins, each with three
reviews, delivered to ``--recipients`` recipients in ten agencies; ``--share`` of the deliveries
bring an answer, half of the answers name a change and half of those have a follow-up answered;
each review gets opens from every agency and one to four of twelve themes (the themes table
and the trends chart). Then times, over the whole two years (the worst case:
every row in the period) and over the last half-year: the report computed from the database
(``learning.board.build``), and its HTML (with SVG charts) and Word (PNG charts) renderings.
Peak Python memory (tracemalloc) for the whole two-year build + render, max RSS for the process.
Targets: under 5 s and under 200 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from common.months import Month  # noqa: E402
from config import Config  # noqa: E402
from db import Delivery, Digest, DigestItem, Recipient, Review, open_database  # noqa: E402
from db.models import Feedback, FollowUp, ReportOpen, ReviewTag  # noqa: E402
from learning import board  # noqa: E402
from learning.report import Period  # noqa: E402

AGENCIES = tuple(f"Agency {n}" for n in range(1, 11))
SHARED = ("team_meeting", "supervision", "briefing", "training", "reading", "other")
OUTCOMES = ("done", "partly", "not_yet", "dropped")
THEMES = tuple((f"theme_{n}", f"Theme {n}") for n in range(1, 13))


def seed(url: str, bulletins: int, recipients: int, share: float) -> tuple[Month, Month]:
    rng = random.Random(13)
    database = open_database(url)
    first = Month(2024, 1)
    months = [first]
    while len(months) < bulletins:
        months.append(months[-1].following())
    with database.session() as session:
        session.execute(
            insert(Recipient),
            [
                {
                    "email": f"r{i}@agency.example",
                    "email_key": f"r{i}@agency.example",
                    "agency": AGENCIES[i % len(AGENCIES)],
                    "token": f"t{i}",
                    "keywords": [],
                    "active": True,
                    "created_at": datetime(2023, 12, 1, tzinfo=UTC),
                }
                for i in range(recipients)
            ],
        )
    feedback_id = 0
    for n, month in enumerate(months):
        sent = month.start + timedelta(days=2)
        with database.session() as session:
            digest = Digest(month=str(month), status="sent", send_started_at=sent, sent_at=sent)
            session.add(digest)
            session.flush()
            for k in range(3):
                review = Review(
                    review_key=f"k{n}-{k}",
                    text_key=f"k{n}-{k}",
                    published_year=month.year,
                    area=f"Area {n}",
                    title=f"Child {k}",
                    keywords=[],
                    sections=[],
                    source_url="https://example.org/",
                    content_hash="0" * 64,
                    report_url="https://example.org/r.pdf",
                )
                session.add(review)
                session.flush()
                session.add(DigestItem(digest_id=digest.id, review_id=review.id, position=k))
                for position, (concept, name) in sorted(
                    rng.sample(list(enumerate(THEMES)), rng.randint(1, 4))
                ):
                    session.add(
                        ReviewTag(
                            review_id=review.id,
                            axis="theme",
                            concept_id=concept,
                            name=name,
                            position=position,
                        )
                    )
                for agency in AGENCIES:
                    session.add(
                        ReportOpen(agency=agency, review_id=review.id, count=rng.randint(0, 30))
                    )
            session.execute(
                insert(Delivery),
                [
                    {
                        "digest_id": digest.id,
                        "recipient_id": r + 1,
                        "email": f"r{r}@agency.example",
                        "status": "sent",
                    }
                    for r in range(recipients)
                ],
            )
            answers, followups = [], []
            for r in range(recipients):
                if rng.random() >= share:
                    continue
                feedback_id += 1
                change = f"Change {feedback_id}" if rng.random() < 0.5 else None
                answers.append(
                    {
                        "id": feedback_id,
                        "reference": f"CPD-{feedback_id}",
                        "digest_id": digest.id,
                        "recipient_id": r + 1,
                        "agency": AGENCIES[r % len(AGENCIES)],
                        "submitted_at": sent + timedelta(days=rng.randint(0, 30)),
                        "name": f"Person {feedback_id}",
                        "email": f"p{feedback_id}@agency.example",
                        "reviews": [1],
                        "review_headings": ["A review"],
                        "shared_how": rng.sample(SHARED, 2),
                        "staff_reached": rng.randint(0, 40),
                        "change": change,
                        "confidence_before": rng.randint(1, 5),
                        "confidence_after": rng.randint(1, 5),
                        "cpd_minutes": rng.choice((15, 30, 45, 60, 90)),
                        "consent_quote": rng.random() < 0.3,
                    }
                )
                if change and rng.random() < 0.5:
                    followups.append(
                        {
                            "feedback_id": feedback_id,
                            "email": f"p{feedback_id}@agency.example",
                            "status": "sent",
                            "outcome": rng.choice(OUTCOMES),
                        }
                    )
            if answers:
                session.execute(insert(Feedback), answers)
            if followups:
                session.execute(insert(FollowUp), followups)
    database.close()
    return months[0], months[-1]


def timed(work: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletins", type=int, default=24)
    parser.add_argument("--recipients", type=int, default=300)
    parser.add_argument("--share", type=float, default=0.3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        config = Config(data_dir=Path(folder), board_name="Benchmark Safeguarding Partnership")
        url = config.db_url
        seeding, (first, last) = timed(
            lambda: seed(url, args.bulletins, args.recipients, args.share)
        )
        database = open_database(url)
        whole = Period(first, last)
        half = Period(Month(last.year, 7 if last.month > 6 else 1), last)
        figures: dict[str, Any] = {"seed_s": round(seeding, 2)}
        board.to_html(board.build(database, half), config)  # warm up: imports, fonts
        for name, period in (("two_years", whole), ("half_year", half)):
            # CPU time besides wall time: on a shared machine the wall time is mostly waiting
            cpu = time.process_time()
            build_s, report = timed(lambda period=period: board.build(database, period))
            html_s, html = timed(lambda report=report: board.to_html(report, config))
            docx_s, docx = timed(lambda report=report: board.to_docx(report, config))
            figures[name] = {
                "responses": report["how_well"]["responses"],
                "themes": len(report["themes"]),
                "build_s": round(build_s, 3),
                "html_s": round(html_s, 3),
                "docx_s": round(docx_s, 3),
                "total_s": round(build_s + html_s + docx_s, 3),
                "cpu_s": round(time.process_time() - cpu, 3),
                "html_kb": len(html) // 1024,
                "docx_kb": len(docx) // 1024,
            }
        tracemalloc.start()
        report = board.build(database, whole)
        board.to_html(report, config)
        board.to_docx(report, config)
        figures["peak_python_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
        figures["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        database.close()
    ok = figures["two_years"]["total_s"] < 5 and figures["max_rss_mb"] < 200
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
        print("within targets" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
