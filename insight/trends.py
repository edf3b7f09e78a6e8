"""Trend figures: in ``common.trends``, which the board report (learning) uses too."""

from common.trends import TaggedReview, chart, chart_svg, trends

__all__ = ["TaggedReview", "chart", "chart_svg", "trends"]
