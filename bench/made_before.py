"""'Made before' benchmark: which method finds earlier recommendations, and how fast.

    .venv/bin/python bench/made_before.py [--pairs FILE.json] [--json]
    .venv/bin/python bench/made_before.py --timing [--reviews 1500] [--items 10]

Quality: a pool of earlier recommendations and new ones written by hand, each a paraphrase of one
pool item or of none (tests/expected/insight/made_before.json). Per method: precision@1 (the
best-scoring pool item is the paraphrased one), and at the method's threshold the recall (right
item found, above the threshold), wrong matches among the paraphrases, and the false-match rate
(share of "nothing similar" items that get a match anyway). Each method is fitted on pool and
queries together, as the product fits on the whole collection. The embedding method runs only
when ``wordllama`` is installed.

Timing: a generated collection of fictional reviews with ``--items`` recommendations each, stored
in a new SQLite database; the real ``insight.store.update`` rebuilds every tag, item and match;
then one more review arrives and is matched. Wall time and the process's max RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from insight.matching import Bm25, Method, TfIdf  # noqa: E402

DEFAULT_PAIRS = ROOT / "tests" / "expected" / "insight" / "made_before.json"


def methods() -> list[Method]:
    found: list[Method] = [TfIdf(), Bm25()]
    try:
        from insight.embedding import WordLlamaMethod

        embedding = WordLlamaMethod()
        embedding._load()
        found.append(embedding)
    except ImportError:
        print("(wordllama not installed: embedding method skipped)", file=sys.stderr)
    return found


def evaluate(
    method: Method, pool: list[dict[str, Any]], queries: list[dict[str, Any]]
) -> dict[str, Any]:
    texts = [p["text"] for p in pool] + [q["text"] for q in queries]
    method.fit(texts)
    best: list[tuple[str | None, float]] = []
    for offset, _query in enumerate(queries):
        scores = method.scores(len(pool) + offset)
        ranked = sorted(((s, i) for i, s in scores.items() if i < len(pool)), reverse=True)
        best.append((pool[ranked[0][1]]["id"], ranked[0][0]) if ranked else (None, 0.0))
    positives = [(q, b) for q, b in zip(queries, best, strict=True) if q["similar"]]
    negatives = [(q, b) for q, b in zip(queries, best, strict=True) if not q["similar"]]

    def at(threshold: float) -> dict[str, float]:
        right = sum(1 for q, (i, s) in positives if s >= threshold and i == q["similar"])
        wrong = sum(1 for q, (i, s) in positives if s >= threshold and i != q["similar"])
        false = sum(1 for _q, (_i, s) in negatives if s >= threshold)
        return {
            "threshold": round(threshold, 2),
            "recall": right / len(positives),
            "wrong_matches": wrong,
            "false_match_rate": false / len(negatives),
        }

    sweep = [at(t / 100) for t in range(0, 101)]
    # The lowest threshold whose false-match rate is at most 10% and gives no wrong match among
    # the paraphrases: "nothing similar" said wrongly is as bad as a false match.
    fit_for_use = [p for p in sweep if p["false_match_rate"] <= 0.1 and p["wrong_matches"] == 0]
    chosen = max(fit_for_use, key=lambda p: (p["recall"], -p["threshold"])) if fit_for_use else None
    return {
        "method": method.name,
        "precision_at_1": sum(1 for q, (i, _s) in positives if i == q["similar"]) / len(positives),
        "configured": at(method.threshold),
        "best_threshold": chosen,
        "paraphrases": len(positives),
        "nothing_similar": len(negatives),
    }


def quality(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [evaluate(m, data["pool"], data["queries"]) for m in methods()]


# -------------------------------------------------------------------------------- timing

AGENCIES = [
    "The partnership",
    "Children's social care",
    "Health providers",
    "The police",
    "Schools",
    "Housing services",
    "Adult mental health services",
    "The LSCB",
    "Midwifery services",
    "Drug and alcohol services",
    "Early help services",
    "The youth offending service",
    "GPs",
    "Health visitors",
    "The council",
]
ACTIONS = [
    "should review",
    "should audit",
    "should agree",
    "should publish guidance on",
    "should provide training on",
    "should record",
    "should share information about",
    "should seek assurance about",
    "should develop",
    "should evaluate",
]
TOPICS = [
    "safer sleep advice",
    "the transfer of records between areas",
    "missing episodes",
    "neglect screening",
    "bruising in non-mobile babies",
    "domestic abuse notifications",
    "pre-birth assessments",
    "the voice of the child",
    "return home interviews",
    "placement stability",
    "young carers",
    "fathers and male carers",
    "escalation",
    "supervision of social workers",
    "waiting times for mental health assessments",
    "exploitation risk",
    "school attendance data",
    "temporary accommodation",
    "parental alcohol misuse",
    "disabled children's communication",
    "case closure",
]
TAILS = [
    "within six months",
    "at every contact",
    "for every family with a baby",
    "and report to the board",
    "across all agencies",
    "when a family moves into the area",
    "before a case is closed",
    "for children under five",
    "with multi-agency training",
    "and check that it is used consistently",
]


def _item(rng: random.Random) -> str:
    return (
        f"{rng.choice(AGENCIES)} {rng.choice(ACTIONS)} {rng.choice(TOPICS)} "
        f"{rng.choice(TAILS)}, including {rng.choice(TOPICS)}."
    )


def timing(reviews: int, items: int) -> dict[str, Any]:
    from datetime import UTC, datetime

    from db import Review, open_database
    from insight.store import update
    from insight.taxonomy import default_taxonomy

    rng = random.Random(14)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    taxonomy = default_taxonomy()
    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")

        def review(n: int, year: int) -> Review:
            return Review(
                review_key=f"r{n}",
                text_key=f"r{n}",
                published_year=year,
                published_month=rng.randint(1, 12),
                area=f"Area {n % 150}",
                title=f"Child {n}",
                summary="Neglect of a child whose parents misused alcohol.",
                learning="information was not shared between the school and the GP.",
                recommendations="; ".join(_item(rng) for _ in range(items)),
                keywords=["neglect"],
                source_url="https://example.org",
                content_hash=str(n),
                first_seen_at=now,
                last_seen_at=now,
            )

        with database.session() as session:
            for n in range(reviews):
                session.add(review(n, 2010 + n * 16 // reviews))
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        counts = update(database, taxonomy, rebuild=True)
        rebuild_s = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with database.session() as session:
            session.add(review(reviews, 2027))
        started = time.perf_counter()
        one = update(database, taxonomy)
        one_s = time.perf_counter() - started
        started = time.perf_counter()
        again = update(database, taxonomy)
        again_s = time.perf_counter() - started
        database.close()
    return {
        "reviews": reviews,
        "items": counts.items_added,
        "matches": counts.matches_added,
        "rebuild_s": round(rebuild_s, 2),
        "max_rss_mib": round(rss_after / 1024, 1),
        "rss_growth_mib": round((rss_after - rss_before) / 1024, 1),
        "one_new_review_s": round(one_s, 3),
        "one_new_review_items_matched": one.items_matched,
        "rerun_nothing_new_s": round(again_s, 3),
        "rerun_writes": again.tags_added
        + again.items_added
        + again.matches_added
        + again.matches_changed
        + again.matches_removed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--timing", action="store_true")
    parser.add_argument("--reviews", type=int, default=1500)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.timing:
        result: Any = timing(args.reviews, args.items)
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            print("| metric | value |\n| --- | --- |")
            for key, value in result.items():
                print(f"| {key} | {value} |")
        return 0
    results = quality(args.pairs)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    first = results[0]
    print(f"{first['paraphrases']} paraphrases, {first['nothing_similar']} with nothing similar\n")
    print(
        "| method | precision@1 | threshold | recall | wrong matches | false-match rate |"
        " best threshold (recall, false-match rate) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        c, b = r["configured"], r["best_threshold"]
        best = f"{b['threshold']} ({b['recall']:.2f}, {b['false_match_rate']:.2f})" if b else "none"
        print(
            f"| {r['method']} | {r['precision_at_1']:.2f} | {c['threshold']} | {c['recall']:.2f} "
            f"| {c['wrong_matches']} | {c['false_match_rate']:.2f} | {best} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
