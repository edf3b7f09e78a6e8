"""The polite fetcher: the only module of the harvester that talks to the network.

Politeness is the default rather than an option (as in Scrapy's project template): robots.txt is
obeyed (``harvester.robots``), requests to one host start at least ``delay`` seconds apart
(``harvester.throttle``), failures are retried with exponential backoff that honours Retry-After
(``harvester.retry``), pages are fetched conditionally, and every request has timeouts and every
body a size cap and a deadline.

Requests go through a requests session that sends each one once (``harvester.pinning``): the
loop here follows redirects and retries, so every attempt passes the address check, the throttle
and the robots check, is counted, and sleeps on the injected clock. Every host is checked before
anything is sent to it (``harvester.addresses``): a page or a redirect may lead only to public
addresses, or into the network class of the configured source the request started from;
connections go to the very addresses checked. Bodies are read off the raw stream in chunks and
decoded by ``harvester.decoding``, so the cap holds before decompression and after.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import TracebackType
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import HTTPError
from urllib3.response import BaseHTTPResponse

from common.links import redact_url
from harvester.addresses import (
    AddressClass,
    AddressGuard,
    AddressRefused,
    Resolver,
    system_resolver,
    trusted_by,
)
from harvester.decoding import DecodeFailed, UnsupportedEncoding, decoder_for
from harvester.errors import FetchError, FetchErrorKind, RobotsDisallowed, describe_error
from harvester.pinning import pinned_session
from harvester.retry import PoliteRetry
from harvester.robots import (
    ROBOTS_MAX_BYTES,
    ROBOTS_RETRIES,
    ROBOTS_TIMEOUT,
    MemoryRobotsCache,
    Robots,
    RobotsCache,
    RobotsFiles,
)
from harvester.throttle import HostRateLimiter

__all__ = [
    "FetchError",
    "FetchErrorKind",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "MemoryRobotsCache",
    "RobotsCache",
    "RobotsDisallowed",
]

log = logging.getLogger(__name__)

SCHEMES = ("http", "https")
ACCEPT_ENCODING = "gzip, deflate"
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


@dataclass(frozen=True)
class _Limits:
    timeout: tuple[float, float]  # (connect, read): the read timeout is per socket read
    total_timeout: float
    max_bytes: int
    truncate: bool = False  # past max_bytes keep the start instead of failing (robots.txt)
    sink: BinaryIO | None = None  # stream the body here instead of holding it in memory


@dataclass(frozen=True)
class _Outcome:
    status: int
    final_url: str
    headers: Mapping[str, str]
    body: bytes | None  # None for anything but 2xx; empty when it went to a sink
    reason: str = ""  # for a non-2xx outcome: why we stopped there


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
        self._clock = clock
        self._limiter = HostRateLimiter(policy.delay, clock, sleep)
        self._guard = AddressGuard(resolver)
        self._robots = RobotsFiles(robots_cache)
        self._session = pinned_session(
            self._guard, {"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
        )
        self._page_limits = _Limits(
            (policy.connect_timeout, policy.read_timeout), policy.total_timeout, policy.max_bytes
        )
        self._robots_limits = _Limits(
            (min(policy.connect_timeout, ROBOTS_TIMEOUT), min(policy.read_timeout, ROBOTS_TIMEOUT)),
            min(policy.total_timeout, ROBOTS_TIMEOUT),
            ROBOTS_MAX_BYTES,
            truncate=True,
        )
        self._lock = threading.Lock()
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
        self._session.close()

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
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limits = self._page_limits
        if max_bytes is not None:
            limits = replace(limits, max_bytes=max_bytes)
        outcome = self._get_checked(url, found_on, headers, limits)
        return _result(url, outcome, etag=etag, last_modified=last_modified)

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
        limits = _Limits(self._page_limits.timeout, total_timeout, max_bytes, sink=sink)
        return _result(url, self._get_checked(url, found_on, {}, limits), streamed=True)

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

    def _get_checked(
        self, url: str, found_on: str | None, headers: dict[str, str], limits: _Limits
    ) -> _Outcome:
        """What ``fetch`` and ``download`` share: the checks before the first byte is sent,
        then the GET with its retries and redirects."""
        _require_http(url, url)
        allowed = self._allowed_from(url if found_on is None else found_on)
        self._check_address(url, url, allowed)
        if self.policy.obey_robots:
            self._check_robots(url, allowed)
        return self._get(
            url,
            headers,
            PoliteRetry.from_policy(self.policy),
            limits,
            allowed,
            check_robots=self.policy.obey_robots,
        )

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

    def _robots_for(self, url: str, allowed: frozenset[AddressClass]) -> Robots:
        def fetch(robots_url: str) -> tuple[int, bytes]:
            retry = PoliteRetry.from_policy(
                self.policy, retries=min(self.policy.retries, ROBOTS_RETRIES)
            )
            outcome = self._get(
                robots_url, {}, retry, self._robots_limits, allowed, check_robots=False
            )
            return outcome.status, outcome.body or b""

        return self._robots.for_url(url, fetch)

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
                    response = self._session.get(
                        current,
                        headers=headers,
                        allow_redirects=False,
                        stream=True,
                        timeout=limits.timeout,
                    )
            except AddressRefused as exc:  # resolved only now, to somewhere we may not go
                raise FetchError(url, exc.reason, kind="address") from exc
            except (requests.RequestException, HTTPError) as exc:
                self._limiter.answered(_host(current))
                self._log(current, describe_error(exc)[1], 0, started)
                decision = retry.decide("GET", redact_url(current), error=exc)
                if decision.retry is None:
                    raise FetchError(url, decision.reason, kind=describe_error(exc)[0]) from exc
                retry, not_before = decision.retry, self._clock() + decision.wait
                continue

            self._limiter.answered(_host(current))
            raw: BaseHTTPResponse = response.raw
            status = raw.status
            if 200 <= status < 300:
                try:
                    body = self._read_body(url, raw, limits, started)
                except HTTPError as exc:  # the connection failed mid-body: worth another try
                    _discard(raw)
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
                raw.drain_conn()
                raw.release_conn()
                self._log(current, status, 0, started)
                return _Outcome(status, current, response.headers, None)
            _discard(raw)
            self._log(current, status, 0, started)
            location = raw.get_redirect_location()
            if location:
                target = urljoin(current, location)
                _require_http(url, target, redirected=True)
                # Before robots.txt: that request would already go to the forbidden host.
                self._check_address(url, target, allowed)
            decision = retry.decide("GET", redact_url(current), response=raw)
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
        try:
            decoder = decoder_for(response.headers.get("Content-Encoding"))
        except UnsupportedEncoding as exc:
            _discard(response)
            raise FetchError(url, str(exc), kind="http", status=response.status) from exc
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
        except DecodeFailed as exc:
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


def _result(
    url: str,
    outcome: _Outcome,
    *,
    streamed: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """The result of a GET that ended in a 2xx or a 304; FetchError for anything else.

    ``streamed``: the body went to a sink, so the result carries none. ``etag`` and
    ``last_modified``: what the conditional request sent, kept when a 304 does not repeat them.
    """
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
        None if streamed else outcome.body,
        outcome.headers.get("Content-Type"),
        outcome.headers.get("ETag"),
        outcome.headers.get("Last-Modified"),
    )


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


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
