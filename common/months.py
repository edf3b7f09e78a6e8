"""Months: the unit a digest, a ``--since`` and a board report are counted in."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; ``str(month)`` is ``YYYY-MM`` and ``Month.parse`` reads it back."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 9999:
            raise ValueError(f"no such month: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"expected YYYY-MM, for example 2026-11; got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, moment: datetime, zone: str | tzinfo) -> Month:
        """The month ``moment`` falls in on the board's calendar (``zone``, the ``timezone``
        setting): 23:30 UTC on 31 July is already August in London's summer time."""
        local = moment.astimezone(zoneinfo.ZoneInfo(zone) if isinstance(zone, str) else zone)
        return cls(local.year, local.month)

    @classmethod
    def current(cls, zone: str | tzinfo, now: datetime | None = None) -> Month:
        """This month in the board's time zone."""
        return cls.containing(now or datetime.now(UTC), zone)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """ "November 2026"."""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def start(self) -> datetime:
        """The month's first moment, in UTC (digests count reviews first seen from here)."""
        return datetime(self.year, self.month, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the month (UTC)."""
        return self.following().start

    def following(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def preceding(self) -> Month:
        return Month(self.year - (self.month == 1), 12 if self.month == 1 else self.month - 1)
