"""The per-host throttle: one request to a host starts at least ``delay`` seconds after the last.

Scrapy's AutoThrottle idea at its simplest (a fixed delay, the polite default of one second), plus
the hold a backoff or a Retry-After puts on the whole host rather than on one caller.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostRateLimiter:
    """At least ``delay`` seconds between the starts of requests to one host, across threads.

    Callers for one host queue on that host's lock and each measures its start after its own
    sleep, so a sleep that overran never lets the next request start early. Other hosts are not
    held up.
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
        self._last_start: dict[str, float] = {}
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
            if host in self._last_start:
                earliest = max(earliest, self._last_start[host] + self._delay)
            pause = max(0.0, earliest - self._clock())
            if pause > 0:
                self._sleep(pause)
            self._last_start[host] = self._clock()
        return pause
