"""The retry decision, pure: given a response or an exception and what happened before, whether
to try again and after how long (Scrapy's ``RetryMiddleware`` question, asked without a server).

urllib3's ``Retry`` keeps the count; ``PoliteRetry`` makes the decision explicit and polite. The
fetcher's own loop acts on it, so every attempt goes through the per-host throttle and the
robots check and sleeps on the injected clock.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Protocol

from urllib3.exceptions import MaxRetryError
from urllib3.response import BaseHTTPResponse
from urllib3.util import Retry

from harvester.errors import describe_error, root_cause

MAX_REDIRECTS = 5
BACKOFF_MAX = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RetrySettings(Protocol):
    """The part of the fetch policy the decision needs (``harvester.http.FetchPolicy``)."""

    @property
    def retries(self) -> int: ...

    @property
    def backoff_factor(self) -> float: ...

    @property
    def max_retry_after(self) -> float: ...


@dataclass(frozen=True)
class RetryDecision:
    """What to do after a failed attempt or a redirect.

    ``retry`` is the state for the next attempt, or None to give up; ``wait`` is how long to
    wait before that attempt; ``reason`` says why we give up (empty when retrying).
    """

    retry: PoliteRetry | None
    wait: float = 0.0
    reason: str = ""


class PoliteRetry(Retry):
    """urllib3's Retry with the decision made explicit and three politeness changes.

    - ``decide()`` is the whole "retry, and after how long?" question, answerable without a
      server: give it a response built by hand or an exception.
    - At most ``max_failures`` retries in all, whatever mix of connection errors, read errors and
      statuses; redirects are counted separately (``redirect``), so following a few redirects
      does not use up the retries.
    - The first retry waits too (``backoff_factor``, then doubling): urllib3 retries at once,
      which hits a struggling server again immediately.
    - A Retry-After beyond ``max_retry_after`` is refused rather than capped and slept.
    """

    def __init__(
        self, *args: Any, max_failures: int = 4, max_retry_after: float = 300.0, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_failures = max_failures
        self.max_retry_after = max_retry_after

    @classmethod
    def from_policy(cls, policy: RetrySettings, *, retries: int | None = None) -> PoliteRetry:
        count = policy.retries if retries is None else retries
        return cls(
            total=None,
            connect=count,
            read=count,
            status=count,
            other=0,
            redirect=MAX_REDIRECTS,
            status_forcelist=RETRY_STATUSES,
            backoff_factor=policy.backoff_factor,
            backoff_max=BACKOFF_MAX,
            respect_retry_after_header=True,
            max_failures=count,
            max_retry_after=policy.max_retry_after,
        )

    def new(self, **kw: Any) -> PoliteRetry:
        kw.setdefault("max_failures", self.max_failures)
        kw.setdefault("max_retry_after", self.max_retry_after)
        return super().new(**kw)

    @property
    def failures(self) -> int:
        """Retries used so far (attempts that failed, not redirects)."""
        return sum(1 for entry in self.history if entry.redirect_location is None)

    def is_exhausted(self) -> bool:
        return self.failures > self.max_failures or super().is_exhausted()

    def get_backoff_time(self) -> float:
        consecutive = 0
        for entry in reversed(self.history):
            if entry.redirect_location is not None:
                break
            consecutive += 1
        if consecutive == 0:
            return 0.0
        return float(min(self.backoff_max, self.backoff_factor * 2 ** (consecutive - 1)))

    def decide(
        self,
        method: str,
        url: str,
        *,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        now: float | None = None,
    ) -> RetryDecision:
        """Decide after ``response`` (an error status or a redirect) or ``error`` (an exception).

        ``now`` is the wall-clock time for an HTTP-date Retry-After (default: ``time.time()``).
        """
        if error is not None:
            error = root_cause(error)  # urllib3 counts its own exceptions, not requests' wrappers
            try:
                following = self.increment(method, url, error=error)
            except MaxRetryError:
                return RetryDecision(None, reason=self._gave_up(describe_error(error)[1]))
            except Exception as exc:
                if exc is not error:
                    raise
                return RetryDecision(None, reason=describe_error(error)[1])
            return RetryDecision(following, following.get_backoff_time())
        if response is None:
            raise ValueError("decide() needs a response or an error")

        status = response.status
        if status in REDIRECT_STATUSES and response.get_redirect_location():
            try:
                return RetryDecision(self.increment(method, url, response=response))
            except MaxRetryError:
                return RetryDecision(None, reason=f"more than {MAX_REDIRECTS} redirects")
        header = response.headers.get("Retry-After")
        if not self.is_retry(method, status, has_retry_after=bool(header)):
            return RetryDecision(None, reason=f"HTTP {status}")
        retry_after = parse_retry_after(header, time.time() if now is None else now)
        if retry_after is not None and retry_after > self.max_retry_after:
            return RetryDecision(
                None,
                reason=(
                    f"HTTP {status} asking us to come back in {retry_after:.0f} s "
                    f"(Retry-After), longer than the {self.max_retry_after:.0f} s we wait"
                ),
            )
        try:
            following = self.increment(method, url, response=response)
        except MaxRetryError:
            return RetryDecision(None, reason=self._gave_up(f"HTTP {status}"))
        return RetryDecision(following, max(following.get_backoff_time(), retry_after or 0.0))

    def _gave_up(self, what: str) -> str:
        tries = self.failures
        return f"{what} (after {tries} {'retry' if tries == 1 else 'retries'})" if tries else what


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After value (delay-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" means UTC with no zone information
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)
