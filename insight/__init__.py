"""Insight: themes, the agencies a review addresses, "made before" and trends.

Meets the other stages only in the database (db.models ``ReviewTag``, ``RecommendationItem``,
``RecommendationMatch``): the middle is pure (``taxonomy``, ``tagging``, ``items``, ``matching``,
``trends``), ``store`` is the edge that reads and writes rows.
"""
