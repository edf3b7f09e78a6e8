"""The layout alarm's rule, one for every source: a read that yields nothing, or far fewer
entries than last time, is more likely a changed page or API than news, so nothing from it is
stored. Each source words the alarm for its own kind of change."""

from __future__ import annotations

# Below this many entries last time, a drop is too small to call a change of the source.
ALARM_MIN_PREVIOUS = 4


def shrank(previous: int | None, found: int, ratio: float) -> bool:
    """Whether ``found`` entries, where ``previous`` were last time, should raise the alarm."""
    if found == 0:
        return True
    return previous is not None and previous >= ALARM_MIN_PREVIOUS and found < previous * ratio
