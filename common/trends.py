"""Trend figures (pure): per theme, the number and share of reviews per year of publication;
and their line chart (SVG for pages, PNG for Word documents).

Here, not in a stage, because two stages use them: insight (the trends command and page) and
learning (the themes section of the board report); stages never import one another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TaggedReview:
    year: int
    themes: tuple[str, ...]


def trends(
    reviews: Iterable[TaggedReview],
    themes: Sequence[tuple[str, str]],
    *,
    start: int | None = None,
    end: int | None = None,
) -> dict[str, Any]:
    """``themes`` is (id, display name) in taxonomy order; every year from ``start`` to ``end``
    (default: the first and last year with a review) is listed, with zero counts where none.

    A share is the theme's reviews over all reviews of that year (None when the year has none),
    rounded to 3 places. Themes are listed in taxonomy order, unknown ids after them.
    """
    chosen = [
        r for r in reviews if (start is None or r.year >= start) and (end is None or r.year <= end)
    ]
    years_seen = sorted({r.year for r in chosen})
    first = start if start is not None else (years_seen[0] if years_seen else None)
    last = end if end is not None else (years_seen[-1] if years_seen else None)
    years = list(range(first, last + 1)) if first is not None and last is not None else []
    totals = {year: 0 for year in years}
    counts: dict[str, dict[int, int]] = {}
    for review in chosen:
        totals[review.year] = totals.get(review.year, 0) + 1
        for theme in dict.fromkeys(review.themes):
            counts.setdefault(theme, {})
            counts[theme][review.year] = counts[theme].get(review.year, 0) + 1
    names = dict(themes)
    order = [theme_id for theme_id, _ in themes] + sorted(set(counts) - set(names))
    return {
        "from": first,
        "to": last,
        "years": [{"year": year, "reviews": totals[year]} for year in years],
        "themes": [
            {
                "id": theme_id,
                "name": names.get(theme_id, theme_id),
                "reviews": sum(counts.get(theme_id, {}).values()),
                "by_year": [
                    {
                        "year": year,
                        "reviews": counts.get(theme_id, {}).get(year, 0),
                        "share": (
                            round(counts.get(theme_id, {}).get(year, 0) / totals[year], 3)
                            if totals[year]
                            else None
                        ),
                    }
                    for year in years
                ],
            }
            for theme_id in order
        ],
    }


def chart(
    figures: dict[str, Any],
    *,
    fmt: str = "svg",
    top: int = 8,
    title: str = "Themes of case reviews",
) -> bytes:
    """A line chart (share of each year's reviews) of the ``top`` most frequent themes, as
    ``fmt`` ("svg" or "png")."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    matplotlib.rcParams["svg.hashsalt"] = "scr-digest"  # the same figures give the same file
    matplotlib.rcParams["svg.fonttype"] = "none"
    years = [row["year"] for row in figures["years"]]
    ranked = sorted(figures["themes"], key=lambda t: -t["reviews"])[:top]
    figure, axes = pyplot.subplots(figsize=(8, 4.5), dpi=100)
    try:
        for theme in ranked:
            shares = [
                (point["share"] * 100) if point["share"] is not None else float("nan")
                for point in theme["by_year"]
            ]
            axes.plot(years, shares, marker="o", linewidth=1.5, label=theme["name"])
        axes.set_title(title)
        axes.set_xlabel("Year of publication")
        axes.set_ylabel("Share of that year's reviews (%)")
        axes.set_ylim(0, 100)
        if years:
            axes.set_xticks(years)
            axes.tick_params(axis="x", labelrotation=45 if len(years) > 10 else 0)
        axes.grid(True, alpha=0.3)
        if ranked:
            axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        figure.tight_layout()
        out = io.BytesIO()
        if fmt == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None})
        else:
            figure.savefig(out, format=fmt, dpi=150)
        return out.getvalue()
    finally:
        pyplot.close(figure)


def chart_svg(
    figures: dict[str, Any], *, top: int = 8, title: str = "Themes of case reviews"
) -> str:
    return chart(figures, fmt="svg", top=top, title=title).decode("utf-8")
