"""robots.txt (RFC 9309): what each host allows, fetched once per fetcher and kept for a day.

Politeness by default, as Scrapy's project template has it: a host whose robots.txt cannot be
fetched (timed out, unreachable) or answers 5xx/429 is not fetched from for now, and those
answers are never kept, so the next run asks again. Parsing is Protego's (Scrapy's parser).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from harvester.errors import FetchError

log = logging.getLogger(__name__)

# RFC 9309 2.5: crawlers must read at least 500 KiB of robots.txt and may ignore the rest.
ROBOTS_MAX_BYTES = 512 * 1024
# robots.txt is small: a host that cannot send it quickly is not worth waiting the page timeout.
ROBOTS_TIMEOUT = 10.0
ROBOTS_RETRIES = 1
ROBOTS_MAX_AGE = 24 * 3600.0

# Fetches one robots.txt: (status, body), raising FetchError when there is no answer at all.
RobotsFetch = Callable[[str], tuple[int, bytes]]


class RobotsCache(Protocol):
    def get(self, robots_url: str) -> tuple[int, str] | None:
        """(status, body) if a fresh copy is kept, else None."""

    def put(self, robots_url: str, status: int, body: str) -> None: ...


class MemoryRobotsCache:
    """robots.txt kept in a dict for ``max_age`` seconds (RFC 9309 2.4 allows a day)."""

    def __init__(
        self, max_age: float = ROBOTS_MAX_AGE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._max_age = max_age
        self._clock = clock
        self._entries: dict[str, tuple[float, int, str]] = {}
        self._lock = threading.Lock()

    def get(self, robots_url: str) -> tuple[int, str] | None:
        with self._lock:
            entry = self._entries.get(robots_url)
        if entry is None or self._clock() - entry[0] > self._max_age:
            return None
        return entry[1], entry[2]

    def put(self, robots_url: str, status: int, body: str) -> None:
        with self._lock:
            self._entries[robots_url] = (self._clock(), status, body)


@dataclass(frozen=True)
class Robots:
    """What one host's robots.txt says; ``error`` when it could not be fetched at all."""

    robots_url: str
    parser: Protego | None = None  # None: allow_all says it all
    allow_all: bool = True
    why: str = ""
    error: FetchError | None = None

    def allows(self, url: str, user_agent: str) -> bool:
        if self.error is not None:
            return False
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, user_agent))


def robots_url_for(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme.lower(), host.lower(), "/robots.txt", "", ""))


def robots_from(robots_url: str, status: int, text: str) -> Robots:
    """RFC 9309 2.3.1: 2xx parse; 4xx allow all; anything else (5xx, 429) disallow all."""
    if 200 <= status < 300:
        return Robots(robots_url, Protego.parse(text), why=f"disallowed by {robots_url}")
    if 400 <= status < 500 and status != 429:
        return Robots(robots_url, allow_all=True)
    return Robots(
        robots_url,
        allow_all=False,
        why=(
            f"{robots_url} answered HTTP {status}, so (RFC 9309) nothing is fetched from this host"
        ),
    )


class RobotsFiles:
    """Each host's robots.txt for one fetcher: fetched once even when several threads ask at
    once, then kept for the fetcher's life; ``cache`` keeps good answers across runs."""

    def __init__(self, cache: RobotsCache | None = None) -> None:
        self._cache = cache
        self._lock = threading.Lock()
        self._robots: dict[str, Robots] = {}
        self._locks: dict[str, threading.Lock] = {}

    def for_url(self, url: str, fetch: RobotsFetch) -> Robots:
        """The robots.txt rules for ``url``'s host, fetched with ``fetch`` the first time."""
        robots_url = robots_url_for(url)
        with self._lock:
            robots = self._robots.get(robots_url)
            if robots is not None:
                return robots
            host_lock = self._locks.setdefault(robots_url, threading.Lock())
        with host_lock:
            with self._lock:
                robots = self._robots.get(robots_url)
            if robots is None:
                robots = self._load(robots_url, fetch)
                with self._lock:
                    self._robots[robots_url] = robots
        return robots

    def _load(self, robots_url: str, fetch: RobotsFetch) -> Robots:
        if self._cache is not None:
            cached = self._cache.get(robots_url)
            if cached is not None:
                return robots_from(robots_url, *cached)
        try:
            status, body = fetch(robots_url)
        except FetchError as exc:
            if exc.kind in ("unreachable", "timeout"):
                log.info("%s: %s", robots_url, exc.reason)
                return Robots(robots_url, allow_all=False, why=exc.reason, error=exc)
            # An unreadable robots.txt (bad encoding, odd redirect): assume the worst.
            return Robots(
                robots_url,
                allow_all=False,
                why=f"{robots_url} could not be read ({exc.reason}), so nothing is "
                "fetched from this host",
            )
        text = body.decode("utf-8", errors="replace")
        robots = robots_from(robots_url, status, text)
        # 5xx and unreachable are not kept: the next run should ask again.
        if self._cache is not None and 200 <= status < 500 and status != 429:
            self._cache.put(robots_url, status, text)
        return robots
