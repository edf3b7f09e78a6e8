"""Moments as the board reads them: in its own time zone (``timezone``), with the zone's name."""

from __future__ import annotations

import zoneinfo
from datetime import datetime


def local(moment: datetime, zone: str) -> datetime:
    """``moment`` (aware; naive means UTC) in the time zone named ``zone``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo("UTC"))
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def shown(moment: datetime | None, zone: str) -> str:
    """``1 December 2026 23:10 GMT``; "an unknown date" for None."""
    if moment is None:
        return "an unknown date"
    there = local(moment, zone)
    return f"{there.day} {there:%B %Y %H:%M} {there.tzname()}"


def clock(moment: datetime, zone: str) -> str:
    """``23:10``, in ``zone``."""
    return f"{local(moment, zone):%H:%M}"
