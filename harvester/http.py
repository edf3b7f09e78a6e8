"""The polite fetcher: the only module of the harvester that talks to the network.

Politeness is the default rather than an option (as in Scrapy's project template): robots.txt is
obeyed (RFC 9309), requests to one host start at least ``delay`` seconds apart, failures are
retried with exponential backoff that honours Retry-After, pages are fetched conditionally, and
every request has timeouts and every body a size cap.

The retry loop is ours rather than urllib3's, with urllib3's ``Retry`` (as ``PoliteRetry``) keeping
the count and making the decision. Driving the loop here lets every attempt, retry or redirect,
go through the per-host rate limiter and the robots check, be counted, and sleep on the injected
clock; urllib3's internal loop would retry a 500 at once, sleep on ``time.sleep`` and follow a
redirect into a path robots.txt forbids.

Every host is checked before anything is sent to it (``harvester.addresses``): a page or a
redirect may lead only to public addresses, or into the network class of the configured source
the request started from; connections go to the very addresses checked.

We also decode gzip/deflate ourselves: the decoder's output is capped per call, so a
decompression bomb never inflates past ``max_bytes``, and a truncated stream is an error where
urllib3 would hand back the part it got.
"""

from __future__ import annotations

import email.utils
import logging
import socket
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC
from types import TracebackType
from typing import Any, BinaryIO, Literal, Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

import urllib3
from protego import Protego
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationValueError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util import Retry, Timeout
from urllib3.util import connection as urllib3_connection

from common.links import redact_url
from harvester.addresses import (
    AddressClass,
    AddressGuard,
    AddressRefused,
    Resolver,
    system_resolver,
    trusted_by,
)

log = logging.getLogger(__name__)

FetchErrorKind = Literal[
    "unreachable", "http", "too_large", "timeout", "robots", "scheme", "address"
]

SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
BACKOFF_MAX = 60.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT_ENCODING = "gzip, deflate"
# RFC 9309 2.5: crawlers must read at least 500 KiB of robots.txt and may ignore the rest.
ROBOTS_MAX_BYTES = 512 * 1024
# robots.txt is small: a host that cannot send it quickly is not worth waiting the page timeout.
ROBOTS_TIMEOUT = 10.0
ROBOTS_RETRIES = 1
ROBOTS_MAX_AGE = 24 * 3600.0
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    delay: float = 1.0  # min seconds between the starts of requests to one host (0 allowed)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # per socket read
    total_timeout: float = 120.0  # whole response incl. body (slow-drip servers)
    max_bytes: int = 20 * 1024 * 1024  # decoded body cap
    retries: int = 4  # retries after failures (connection, read, 429, 5xx); redirects not counted
    backoff_factor: float = 1.0  # waits factor * 1, 2, 4, ... s before retries, at most 60 s
    max_retry_after: float = 300.0  # a Retry-After longer than this fails the fetch instead
    obey_robots: bool = True


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    not_modified: bool
    body: bytes | None  # None when not_modified
    content_type: str | None
    etag: str | None
    last_modified: str | None


class FetchError(Exception):
    """A fetch that failed; ``str()`` is one line for the user, e.g. ``http://x/y: HTTP 404``.

    ``kind`` is one of "unreachable" (refused, DNS, connect timeout, broken connection, TLS),
    "timeout" (read timeout or the total deadline), "http" (an error status, an undecodable
    body, too many redirects), "too_large", "robots", "scheme" (not an http(s) URL), "address"
    (a host we may not connect to: see ``harvester.addresses``).
    """

    def __init__(
        self, url: str, reason: str, *, kind: FetchErrorKind, status: int | None = None
    ) -> None:
        self.url = redact_url(url)
        self.reason = reason
        self.kind: FetchErrorKind = kind
        self.status = status
        super().__init__(f"{self.url}: {reason}")


class RobotsDisallowed(FetchError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason, kind="robots")


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


# -- retry decision ---------------------------------------------------------------------------


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
    def from_policy(cls, policy: FetchPolicy, *, retries: int | None = None) -> PoliteRetry:
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


def describe_error(error: BaseException) -> tuple[FetchErrorKind, str]:
    """The kind and a short, credential-free description of a urllib3 exception."""
    if isinstance(error, NameResolutionError):
        return "unreachable", "could not resolve the host name"
    if isinstance(error, NewConnectionError):
        if isinstance(error.__cause__, ConnectionRefusedError):
            return "unreachable", "connection refused"
        return "unreachable", "could not connect"
    if isinstance(error, ConnectTimeoutError):
        return "unreachable", "timed out connecting"
    if isinstance(error, ReadTimeoutError):
        return "timeout", "timed out waiting for the server"
    if isinstance(error, SSLError):
        return "unreachable", "TLS error"
    if isinstance(error, ProtocolError):
        return "unreachable", "the connection broke off"
    if isinstance(error, LocationValueError):
        return "scheme", "not a valid URL"
    return "unreachable", type(error).__name__


# -- politeness helpers ---------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Robots:
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


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class _DecodeFailed(Exception):
    pass


class _Decoder:
    """Incremental gzip/deflate decoding with the output capped per call."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._gzip = encoding in ("gzip", "x-gzip")
        self._wbits = 16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(self._wbits)
        self._started = False
        self._members_done = 0
        self._trailing_garbage = False

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decode ``data``, returning at most ``limit`` bytes (the caller stops past its cap)."""
        out = bytearray()
        while data and len(out) < limit and not self._trailing_garbage:
            if self._obj.eof:
                if not self._gzip:
                    break  # bytes after a complete deflate stream: nothing of ours
                # Another gzip member (RFC 1952 allows several), or trailing garbage.
                self._members_done += 1
                self._obj = zlib.decompressobj(self._wbits)
            try:
                out += self._obj.decompress(data, limit - len(out))
            except zlib.error as exc:
                if not self._gzip and not self._started and self._wbits > 0:
                    # "deflate" is meant to be zlib-wrapped; some servers send it raw.
                    self._wbits = -zlib.MAX_WBITS
                    self._obj = zlib.decompressobj(self._wbits)
                    continue
                if self._members_done:
                    # What gzip(1) and urllib3 do: keep the complete members, drop the padding.
                    self._trailing_garbage = True
                    break
                raise _DecodeFailed(f"invalid {self.encoding} data ({exc})") from exc
            self._started = True
            data = self._obj.unconsumed_tail or self._obj.unused_data
        return bytes(out)

    def finish(self) -> None:
        if self._started and not self._obj.eof and not self._trailing_garbage:
            raise _DecodeFailed(f"truncated {self.encoding} data")


@dataclass(frozen=True)
class _Limits:
    timeout: Timeout
    total_timeout: float
    max_bytes: int
    truncate: bool = False  # past max_bytes keep the start instead of failing (robots.txt)
    sink: BinaryIO | None = None  # stream the body here instead of holding it in memory


@dataclass(frozen=True)
class _Outcome:
    status: int
    final_url: str
    headers: Mapping[str, str]
    body: bytes | None  # None for anything but 2xx
    reason: str = ""  # for a non-2xx outcome: why we stopped there


# -- connections to checked addresses only ---------------------------------------------------


class _PinnedConnectionMixin:
    """Connects to the addresses the guard checked instead of resolving the host again.

    urllib3 would resolve the name afresh for each new connection, and a name whose answer
    changes between our check and that lookup (DNS rebinding) would slip through.
    """

    guard: AddressGuard
    host: str
    port: int
    timeout: float | None
    source_address: tuple[str, int] | None
    socket_options: Any
    _dns_host: str

    def _new_conn(self) -> socket.socket:
        connection: Any = self
        try:
            addresses = self.guard.for_connection(self._dns_host)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, connection, exc) from exc
        for index, address in enumerate(addresses):
            try:
                return urllib3_connection.create_connection(
                    (str(address), self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                if index == len(addresses) - 1:
                    raise ConnectTimeoutError(
                        connection,
                        f"Connection to {self.host} timed out. (connect timeout={self.timeout})",
                    ) from exc
            except OSError as exc:
                if index == len(addresses) - 1:
                    raise NewConnectionError(
                        connection, f"Failed to establish a new connection: {exc}"
                    ) from exc
        raise AssertionError("the guard returns at least one address")  # pragma: no cover


def _pinned_pools(guard: AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
    """Pool classes whose connections go through ``guard`` (one set per fetcher)."""
    plain = type("PinnedHTTPConnection", (_PinnedConnectionMixin, HTTPConnection), {"guard": guard})
    secure = type(
        "PinnedHTTPSConnection", (_PinnedConnectionMixin, HTTPSConnection), {"guard": guard}
    )
    return {
        "http": type("PinnedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type(
            "PinnedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": secure}
        ),
    }


# -- the fetcher ------------------------------------------------------------------------------


class Fetcher:
    """Fetches http(s) URLs politely; thread-safe. Use as a context manager or call close()."""

    def __init__(
        self,
        policy: FetchPolicy,
        robots_cache: RobotsCache | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.policy = policy
        self._robots_cache = robots_cache
        self._clock = clock
        self._limiter = HostRateLimiter(policy.delay, clock, sleep)
        self._guard = AddressGuard(resolver)
        # Our loop does all retrying and redirecting; urllib3 only sends one request each time.
        self._pool = urllib3.PoolManager(maxsize=4, retries=False)
        self._pool.pool_classes_by_scheme = _pinned_pools(self._guard)
        self._headers = {"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
        self._page_limits = _Limits(
            Timeout(connect=policy.connect_timeout, read=policy.read_timeout),
            policy.total_timeout,
            policy.max_bytes,
        )
        self._robots_limits = _Limits(
            Timeout(
                connect=min(policy.connect_timeout, ROBOTS_TIMEOUT),
                read=min(policy.read_timeout, ROBOTS_TIMEOUT),
            ),
            min(policy.total_timeout, ROBOTS_TIMEOUT),
            ROBOTS_MAX_BYTES,
            truncate=True,
        )
        self._lock = threading.Lock()
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._request_count = 0
        self._bytes_received = 0

    @property
    def request_count(self) -> int:
        """Every HTTP request attempted, robots.txt, retries and redirects included."""
        with self._lock:
            return self._request_count

    @property
    def bytes_received(self) -> int:
        """Body bytes read off the wire (before decoding)."""
        with self._lock:
            return self._bytes_received

    def close(self) -> None:
        self._pool.clear()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        found_on: str | None = None,
    ) -> FetchResult:
        """GET ``url``; a 304 to the conditional request gives ``not_modified=True``.

        ``found_on`` is the configured source page a link to ``url`` was found on; None means
        ``url`` is a configured source itself. Either lends its network class (loopback,
        private) to the request and its redirects; anything else must be public.

        Raises RobotsDisallowed for a URL robots.txt forbids and FetchError for everything else
        that does not end in a 2xx or 304.
        """
        _require_http(url, url)
        allowed = self._allowed_from(url if found_on is None else found_on)
        self._check_address(url, url, allowed)
        if self.policy.obey_robots:
            self._check_robots(url, allowed)
        headers = dict(self._headers)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limits = self._page_limits
        if max_bytes is not None:
            limits = _Limits(limits.timeout, limits.total_timeout, max_bytes)
        outcome = self._get(
            url,
            headers,
            PoliteRetry.from_policy(self.policy),
            limits,
            allowed,
            check_robots=self.policy.obey_robots,
        )
        if outcome.status == 304:
            return FetchResult(
                url,
                outcome.final_url,
                304,
                True,
                None,
                outcome.headers.get("Content-Type"),
                outcome.headers.get("ETag") or etag,
                outcome.headers.get("Last-Modified") or last_modified,
            )
        if outcome.body is None:
            raise FetchError(
                url, outcome.reason or f"HTTP {outcome.status}", kind="http", status=outcome.status
            )
        return FetchResult(
            url,
            outcome.final_url,
            outcome.status,
            False,
            outcome.body,
            outcome.headers.get("Content-Type"),
            outcome.headers.get("ETag"),
            outcome.headers.get("Last-Modified"),
        )

    def download(
        self,
        url: str,
        sink: BinaryIO,
        *,
        max_bytes: int,
        total_timeout: float,
        found_on: str | None = None,
    ) -> FetchResult:
        """GET ``url`` streaming its body into ``sink`` (body is None in the result).

        For reports: bigger and slower than pages, so they get their own cap and deadline, and
        never sit whole in memory. What was written before a failure is the caller's to discard.
        ``found_on`` as for ``fetch``: a report link should always say which page it came from.
        """
        _require_http(url, url)
        allowed = self._allowed_from(url if found_on is None else found_on)
        self._check_address(url, url, allowed)
        if self.policy.obey_robots:
            self._check_robots(url, allowed)
        limits = _Limits(self._page_limits.timeout, total_timeout, max_bytes, sink=sink)
        outcome = self._get(
            url,
            dict(self._headers),
            PoliteRetry.from_policy(self.policy),
            limits,
            allowed,
            check_robots=self.policy.obey_robots,
        )
        if outcome.body is None:
            raise FetchError(
                url, outcome.reason or f"HTTP {outcome.status}", kind="http", status=outcome.status
            )
        return FetchResult(
            url,
            outcome.final_url,
            outcome.status,
            False,
            None,
            outcome.headers.get("Content-Type"),
            outcome.headers.get("ETag"),
            outcome.headers.get("Last-Modified"),
        )

    def allowed(self, url: str, *, found_on: str | None = None) -> bool:
        """Whether we may fetch ``url``: an http(s) URL, an address we may reach (see
        ``fetch``) and robots.txt allowing it (False also when robots.txt is unreachable)."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in SCHEMES or not parts.hostname:
            return False
        allowed = self._allowed_from(url if found_on is None else found_on)
        try:
            self._check_address(url, url, allowed)
        except FetchError:
            return False
        if not self.policy.obey_robots:
            return True
        return self._robots_for(url, allowed).allows(url, self.policy.user_agent)

    # -- addresses ----------------------------------------------------------------------------

    def _allowed_from(self, source: str) -> frozenset[AddressClass]:
        """What requests starting from the configured source ``source`` may reach."""
        return trusted_by(self._guard.classes(_host(source)))

    def _check_address(self, url: str, target: str, allowed: frozenset[AddressClass]) -> None:
        """Raise FetchError unless ``target`` (``url`` or where it redirected) may be reached.

        A name that cannot be resolved passes here: the connection reports it as unreachable
        (and checks whatever it resolves to then).
        """
        try:
            self._guard.check(_host(target), allowed)
        except socket.gaierror:
            return
        except AddressRefused as exc:
            via = f"redirected to {redact_url(target)}: " if target != url else ""
            log.info("%s: %s%s", redact_url(url), via, exc.reason)
            raise FetchError(url, f"{via}{exc.reason}", kind="address") from exc

    # -- robots.txt ---------------------------------------------------------------------------

    def _check_robots(
        self, url: str, allowed: frozenset[AddressClass], *, requested: str | None = None
    ) -> None:
        """Raise unless robots.txt lets us fetch ``url`` (``requested`` redirected to it)."""
        robots = self._robots_for(url, allowed)
        via = f"redirected to {redact_url(url)}: " if requested and requested != url else ""
        if robots.error is not None:
            # The host is down rather than forbidding us: say that, as the fetch itself would.
            raise FetchError(
                requested or url,
                f"{via}{robots.error.reason} (fetching {robots.robots_url})",
                kind=robots.error.kind,
                status=robots.error.status,
            )
        if not robots.allows(url, self.policy.user_agent):
            raise RobotsDisallowed(requested or url, via + robots.why)

    def _robots_for(self, url: str, allowed: frozenset[AddressClass]) -> _Robots:
        robots_url = robots_url_for(url)
        with self._lock:
            robots = self._robots.get(robots_url)
            if robots is not None:
                return robots
            host_lock = self._robots_locks.setdefault(robots_url, threading.Lock())
        # One fetch per host even when several threads ask at once.
        with host_lock:
            with self._lock:
                robots = self._robots.get(robots_url)
            if robots is None:
                robots = self._load_robots(robots_url, allowed)
                with self._lock:
                    self._robots[robots_url] = robots
        return robots

    def _load_robots(self, robots_url: str, allowed: frozenset[AddressClass]) -> _Robots:
        if self._robots_cache is not None:
            cached = self._robots_cache.get(robots_url)
            if cached is not None:
                return _robots_from(robots_url, *cached)
        retry = PoliteRetry.from_policy(
            self.policy, retries=min(self.policy.retries, ROBOTS_RETRIES)
        )
        try:
            outcome = self._get(
                robots_url,
                dict(self._headers),
                retry,
                self._robots_limits,
                allowed,
                check_robots=False,
            )
        except FetchError as exc:
            if exc.kind in ("unreachable", "timeout"):
                log.info("%s: %s", robots_url, exc.reason)
                return _Robots(robots_url, allow_all=False, why=exc.reason, error=exc)
            # An unreadable robots.txt (bad encoding, odd redirect): assume the worst.
            return _Robots(
                robots_url,
                allow_all=False,
                why=f"{robots_url} could not be read ({exc.reason}), so nothing is "
                "fetched from this host",
            )
        text = (outcome.body or b"").decode("utf-8", errors="replace")
        robots = _robots_from(robots_url, outcome.status, text)
        # 5xx and unreachable are not kept: the next run should ask again.
        if self._robots_cache is not None and 200 <= outcome.status < 500 and outcome.status != 429:
            self._robots_cache.put(robots_url, outcome.status, text)
        return robots

    # -- one GET with retries and redirects ---------------------------------------------------

    def _get(
        self,
        url: str,
        headers: dict[str, str],
        retry: PoliteRetry,
        limits: _Limits,
        allowed: frozenset[AddressClass],
        *,
        check_robots: bool,
    ) -> _Outcome:
        current = url
        not_before: float | None = None
        while True:
            # Again on every attempt: a pooled connection skips the check a new one makes.
            self._check_address(url, current, allowed)
            self._limiter.wait(_host(current), not_before)
            not_before = None
            started = self._clock()
            with self._lock:
                self._request_count += 1
            try:
                with self._guard.allowing(allowed):
                    response = self._pool.urlopen(
                        "GET",
                        current,
                        headers=headers,
                        redirect=False,
                        retries=False,
                        preload_content=False,
                        decode_content=False,
                        timeout=limits.timeout,
                    )
            except AddressRefused as exc:  # resolved only now, to somewhere we may not go
                raise FetchError(url, exc.reason, kind="address") from exc
            except HTTPError as exc:
                self._log(current, describe_error(exc)[1], 0, started)
                decision = retry.decide("GET", redact_url(current), error=exc)
                if decision.retry is None:
                    raise FetchError(url, decision.reason, kind=describe_error(exc)[0]) from exc
                retry, not_before = decision.retry, self._clock() + decision.wait
                continue

            status = response.status
            if 200 <= status < 300:
                try:
                    body = self._read_body(url, response, limits, started)
                except HTTPError as exc:  # the connection failed mid-body: worth another try
                    _discard(response)
                    if limits.sink is not None:  # the next attempt starts the file afresh
                        limits.sink.seek(0)
                        limits.sink.truncate()
                    self._log(current, describe_error(exc)[1], 0, started)
                    decision = retry.decide("GET", redact_url(current), error=exc)
                    if decision.retry is None:
                        raise FetchError(url, decision.reason, kind=describe_error(exc)[0]) from exc
                    retry, not_before = decision.retry, self._clock() + decision.wait
                    continue
                self._log(current, status, len(body), started)
                return _Outcome(status, current, response.headers, body)

            if status == 304:
                # No body by definition, so the connection can go back to the pool as it is.
                response.drain_conn()
                response.release_conn()
                self._log(current, status, 0, started)
                return _Outcome(status, current, response.headers, None)
            _discard(response)
            self._log(current, status, 0, started)
            location = response.get_redirect_location()
            if location:
                target = urljoin(current, location)
                _require_http(url, target, redirected=True)
                # Before robots.txt: that request would already go to the forbidden host.
                self._check_address(url, target, allowed)
            decision = retry.decide("GET", redact_url(current), response=response)
            if decision.retry is None:
                return _Outcome(status, current, response.headers, None, decision.reason)
            retry = decision.retry
            if location:
                if check_robots:
                    self._check_robots(target, allowed, requested=url)
                current = target
            else:
                not_before = self._clock() + decision.wait

    def _read_body(
        self, url: str, response: BaseHTTPResponse, limits: _Limits, started: float
    ) -> bytes:
        cap = limits.max_bytes
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        decoder: _Decoder | None = None
        if encoding in ("gzip", "x-gzip", "deflate"):
            decoder = _Decoder(encoding)
        elif encoding not in ("", "identity"):
            _discard(response)
            raise FetchError(
                url,
                f"cannot decode a body with Content-Encoding {encoding!r}",
                kind="http",
                status=response.status,
            )
        length = response.headers.get("Content-Length", "")
        if decoder is None and not limits.truncate and length.isdigit() and int(length) > cap:
            _discard(response)
            raise FetchError(
                url,
                f"body of {int(length):,} bytes is over the {cap:,}-byte limit",
                kind="too_large",
                status=response.status,
            )
        deadline = started + limits.total_timeout
        parts: list[bytes] = []
        size = 0
        try:
            while True:
                if self._clock() > deadline:
                    raise FetchError(
                        url,
                        f"the response took longer than {limits.total_timeout:g} s",
                        kind="timeout",
                        status=response.status,
                    )
                # read1: whatever has arrived, so a trickling server cannot hold us past the
                # deadline by more than one read timeout.
                raw = response.read1(_CHUNK, decode_content=False)
                if not raw:
                    break
                with self._lock:
                    self._bytes_received += len(raw)
                data = decoder.feed(raw, cap - size + 1) if decoder else raw
                size += len(data)
                if limits.sink is not None and size <= cap:
                    limits.sink.write(data)
                else:
                    parts.append(data)
                if size > cap:
                    if limits.truncate:
                        _discard(response)
                        return b"".join(parts)[:cap]
                    raise FetchError(
                        url,
                        f"body is over the {cap:,}-byte limit",
                        kind="too_large",
                        status=response.status,
                    )
            if decoder is not None:
                decoder.finish()
        except _DecodeFailed as exc:
            _discard(response)
            raise FetchError(
                url, f"decoding the body failed: {exc}", kind="http", status=response.status
            ) from exc
        except FetchError:
            # Closing, not draining: the rest may be huge or may never come.
            _discard(response)
            raise
        response.release_conn()
        return b"".join(parts)

    def _log(self, url: str, status: int | str, size: int, started: float) -> None:
        log.debug(
            "GET %s -> %s, %d bytes, %.3f s", redact_url(url), status, size, self._clock() - started
        )


def _robots_from(robots_url: str, status: int, text: str) -> _Robots:
    """RFC 9309 2.3.1: 2xx parse; 4xx allow all; anything else (5xx, 429) disallow all."""
    if 200 <= status < 300:
        return _Robots(robots_url, Protego.parse(text), why=f"disallowed by {robots_url}")
    if 400 <= status < 500 and status != 429:
        return _Robots(robots_url, allow_all=True)
    return _Robots(
        robots_url,
        allow_all=False,
        why=(
            f"{robots_url} answered HTTP {status}, so (RFC 9309) nothing is fetched from this host"
        ),
    )


def _require_http(url: str, target: str, *, redirected: bool = False) -> None:
    parts = urlsplit(target)
    if parts.scheme.lower() in SCHEMES and parts.hostname:
        return
    if redirected:
        raise FetchError(
            url,
            f"redirected to {redact_url(target)}, which is not an http(s) URL; not followed",
            kind="scheme",
        )
    raise FetchError(url, "not an http(s) URL", kind="scheme")


def _discard(response: BaseHTTPResponse) -> None:
    # Close rather than drain: an error page or the rest of an oversized body is not worth
    # reading just to reuse the connection.
    response.close()
    response.release_conn()
