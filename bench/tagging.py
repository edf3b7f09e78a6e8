"""Tagging benchmark: precision and recall per axis on the hand-labelled set.

    .venv/bin/python bench/tagging.py [--set FILE.json] [--errors] [--json]

Each entry of the set has the listing's fields (and, for our fixtures, the sample report's
numbered recommendations) and the theme and agency ids a reader expects. Micro-averaged
precision and recall per axis over all entries, and per concept with ``--errors`` (which also
lists every wrong or missed tag).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from insight.tagging import ReviewText, ids, tag_review  # noqa: E402
from insight.taxonomy import default_taxonomy  # noqa: E402

DEFAULT_SET = ROOT / "tests" / "expected" / "insight" / "tagging.json"
AXES = {"theme": "themes", "agency": "agencies"}


def review_text(entry: dict[str, Any]) -> ReviewText:
    return ReviewText(
        keywords=tuple(entry.get("keywords") or ()),
        summary=entry.get("summary"),
        background=entry.get("background"),
        learning=entry.get("learning"),
        recommendations=entry.get("recommendations"),
        report_recommendations=tuple(entry.get("report_recommendations") or ()),
    )


def evaluate(entries: list[dict[str, Any]]) -> dict[str, Any]:
    taxonomy = default_taxonomy()
    result: dict[str, Any] = {"entries": len(entries), "axes": {}, "errors": []}
    for axis, key in AXES.items():
        tp = fp = fn = 0
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for entry in entries:
            got = set(ids(tag_review(review_text(entry), taxonomy), axis))
            want = set(entry[key])
            for concept in got & want:
                per[concept][0] += 1
            for concept in got - want:
                per[concept][1] += 1
            for concept in want - got:
                per[concept][2] += 1
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
            if got != want:
                result["errors"].append(
                    {
                        "entry": entry["name"],
                        "axis": axis,
                        "wrong": sorted(got - want),
                        "missed": sorted(want - got),
                    }
                )
        result["axes"][axis] = {
            "expected": tp + fn,
            "tagged": tp + fp,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "per_concept": {
                concept: {"tp": v[0], "fp": v[1], "fn": v[2]} for concept, v in sorted(per.items())
            },
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data = json.loads(args.set.read_text(encoding="utf-8"))
    entries = data["entries"] if isinstance(data, dict) else data
    result = evaluate(entries)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['entries']} labelled entries ({args.set.name})\n")
    print("| axis | expected tags | tags given | precision | recall |")
    print("| --- | --- | --- | --- | --- |")
    for axis, figures in result["axes"].items():
        print(
            f"| {axis} | {figures['expected']} | {figures['tagged']} | "
            f"{figures['precision']:.2f} | {figures['recall']:.2f} |"
        )
    if args.errors:
        for axis, figures in result["axes"].items():
            print(f"\n{axis}:")
            for concept, v in figures["per_concept"].items():
                print(f"  {concept:<26} tp {v['tp']:>3}  fp {v['fp']:>3}  fn {v['fn']:>3}")
        print()
        for error in result["errors"]:
            wrong, missed = error["wrong"], error["missed"]
            print(f"{error['entry']} [{error['axis']}] wrong {wrong} missed {missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
