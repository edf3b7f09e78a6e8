"""Search benchmark: full-text search over 1,000 reviews with ~35 KB overview reports each.

    .venv/bin/python bench/search.py [--reviews 1000] [--pg URL] [--json]

Builds a fresh database (SQLite in a temporary directory; with ``--pg`` also a throwaway
PostgreSQL database made on that server and dropped afterwards), stores the reviews and their
report texts through the ORM so the search triggers index them as a harvest would, then times
the console's search (``db.search.search_reviews``, first page of 20) for a few query shapes,
best of 5 runs each. Exit status 1 when a query expected to match finds nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

# Run as a script the project root is not on the path; the modules are top-level.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from db import Report, Review, open_database  # noqa: E402
from db.search import search_reviews  # noqa: E402

# Query shapes a board officer types: one word (stemmed), two words, a phrase, OR with an
# exclusion, and the empty search (newest first, no ranking).
QUERIES: tuple[str | None, ...] = (
    "neglected",
    "drowning alcohol",
    '"missed health appointments"',
    "w4999 OR bruising -alcohol",
    None,
)
THEMES = ["neglect", "bruising", "drowning", "alcohol", "housing", "school", "police"]


def measure(url: str, reviews: int) -> dict[str, Any]:
    database = open_database(url)
    rnd = random.Random(1)
    vocabulary = [f"w{n}" for n in range(5000)] + THEMES
    started = time.perf_counter()
    with database.session() as session:
        for i in range(reviews):
            review = Review(
                review_key=f"bench-{i}",
                text_key=f"bench-{i}",
                published_year=2000 + i % 26,
                area=f"Area {i % 40}",
                title=f"Child {i}",
                summary=" ".join(rnd.choices(vocabulary, k=80)),
                keywords=[rnd.choice(THEMES)],
                sections=[],
                source_url="https://reviews.example/",
                content_hash="0" * 64,
            )
            session.add(review)
            session.flush()
            session.add(
                Report(
                    review_id=review.id,
                    url=f"https://reviews.example/{i}.pdf",
                    status="ok",
                    text=" ".join(rnd.choices(vocabulary, k=5000))
                    + (" The child missed health appointments." if i % 10 == 0 else ""),
                    headings=[],
                    recommendations=[],
                )
            )
    indexed = time.perf_counter() - started
    queries = []
    for query in QUERIES:
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            with database.session() as session:
                found = search_reviews(session, query, page=1, per_page=20)
            best = min(best, time.perf_counter() - started)
        queries.append({"query": query, "ms": round(best * 1000, 1), "total": found.total})
    database.close()
    return {
        "backend": make_url(url).get_backend_name(),
        "store_and_index_s": round(indexed, 1),
        "queries": queries,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--pg", help="PostgreSQL server URL (a throwaway database is made on it)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as directory:
        results.append(measure(f"sqlite:///{directory}/bench.db", args.reviews))
    if args.pg:
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        name = f"scr_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
            results.append(measure(url, args.reviews))
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            print(
                f"{result['backend']}: stored and indexed {args.reviews} reviews in "
                f"{result['store_and_index_s']} s"
            )
            for row in result["queries"]:
                shown = "(no query)" if row["query"] is None else row["query"]
                print(f"  {shown:<30} {row['ms']:>7} ms  {row['total']} found")
    empty = [row for result in results for row in result["queries"][:-1] if row["total"] == 0]
    return 1 if empty else 0


if __name__ == "__main__":
    sys.exit(main())
