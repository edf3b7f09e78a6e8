"""The per-host throttle: a request to a host starts at least ``delay`` seconds after the last one
to that host started and after its answer began to arrive.

Scrapy's AutoThrottle idea at its simplest (a fixed delay, the polite default of one second), plus
the hold a backoff or a Retry-After puts on the whole host rather than on one caller.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostRateLimiter:
    """At least ``delay`` seconds between requests to one host, across threads.

    Callers for one host queue on that host's lock and each measures its start after its own
    sleep, so a sleep that overran never lets the next request start early. Counting from the
    answer too (``answered``) is what makes the gap hold as the server sees it: a new connection's
    handshake can delay one request's arrival more than the next one's on a pooled connection.
    Other hosts are not held up.
    """

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._delay = delay
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._hold: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, not_before: float | None = None) -> float:
        """Block until a request to ``host`` may start (and not before ``not_before``).

        Returns the seconds slept. A ``not_before`` (a backoff or a Retry-After) holds back
        every caller for that host, not only the one that was told to wait.
        """
        with self._lock:
            host_lock = self._locks.setdefault(host, threading.Lock())
        with host_lock:
            if not_before is not None:
                self._hold[host] = max(self._hold.get(host, not_before), not_before)
            earliest = self._hold.get(host, float("-inf"))
            with self._lock:
                last = self._last.get(host)
            if last is not None:
                earliest = max(earliest, last + self._delay)
            pause = max(0.0, earliest - self._clock())
            if pause > 0:
                self._sleep(pause)
            with self._lock:
                self._last[host] = self._clock()
        return pause

    def answered(self, host: str) -> None:
        """Note that the server has answered (or failed) a request to ``host``: count from now."""
        with self._lock:
            self._last[host] = max(self._last.get(host, float("-inf")), self._clock())
