"""The polite fetcher against real local servers, and its retry decision without one."""

from __future__ import annotations

import gzip
import itertools
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path

import pytest
from urllib3 import HTTPResponse
from urllib3.exceptions import NewConnectionError, ReadTimeoutError, SSLError

from common.links import redact_url
from harvester.http import Fetcher, FetchError, FetchPolicy, MemoryRobotsCache, RobotsDisallowed
from harvester.retry import MAX_REDIRECTS, PoliteRetry, parse_retry_after
from harvester.throttle import HostRateLimiter
from sample_site.server import Scripted, SiteServer

UA = "scr-digest-tests/1.0 (+mailto:tests@example.org)"
PAGE = "<html><body><h1>Case reviews</h1></body></html>"
ROBOTS = "User-agent: *\nDisallow: /private/\n"
# Fast but real: every test goes through sockets; only the waiting is shortened.
POLICY = FetchPolicy(
    user_agent=UA,
    delay=0.0,
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=5.0,
    retries=2,
    backoff_factor=0.01,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "private").mkdir(parents=True)
    (site / "page.html").write_text(PAGE)
    (site / "private" / "page.html").write_text("secret")
    (site / "robots.txt").write_text(ROBOTS)
    return site


@pytest.fixture
def server(root: Path, site_factory: Callable[[Path], SiteServer]) -> SiteServer:
    return site_factory(root)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(POLICY) as fetcher:
        yield fetcher


def paths(server: SiteServer) -> list[str]:
    return [seen.path for seen in server.requests]


def gaps(server: SiteServer) -> list[float]:
    times = [seen.time for seen in server.requests]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- plain fetching -----------------------------------------------------------------------------


def test_fetch_returns_body_and_validators(server: SiteServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/page"))
    assert result.status == 200
    assert not result.not_modified
    assert result.body == PAGE.encode()  # served gzipped, handed back decoded
    assert result.url == result.final_url == server.url("/page")
    assert result.content_type == "text/html; charset=utf-8"
    assert result.etag is not None and result.etag.startswith('"')
    assert result.last_modified is not None and result.last_modified.endswith("GMT")
    assert server.requests[-1].headers["accept-encoding"] == "gzip, deflate"


def test_every_request_sends_the_user_agent(server: SiteServer, fetcher: Fetcher) -> None:
    fetcher.fetch(server.url("/page"))
    assert paths(server) == ["/robots.txt", "/page"]
    assert {seen.headers["user-agent"] for seen in server.requests} == {UA}


def test_requests_carry_only_our_headers(server: SiteServer, fetcher: Fetcher) -> None:
    # requests would add Accept and Connection of its own; a source sees what it saw before
    fetcher.fetch(server.url("/page"))
    assert set(server.requests[-1].headers) == {"host", "user-agent", "accept-encoding"}


def test_proxies_and_netrc_from_the_environment_are_ignored(
    server: SiteServer, fetcher: Fetcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy would connect to the host by name, around the pinned address; .netrc would add
    # credentials nobody configured.
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://10.9.9.9:3128")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    assert fetcher.fetch(server.url("/page")).body == PAGE.encode()
    assert "authorization" not in server.requests[-1].headers


def test_cookies_are_neither_kept_nor_sent(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/hello", [Scripted(200, "hi", {"Set-Cookie": "visitor=abc; Path=/"})])
    fetcher.fetch(server.url("/hello"))
    fetcher.fetch(server.url("/page"))
    assert "cookie" not in server.requests[-1].headers


def test_conditional_get_gives_304_without_body(server: SiteServer, fetcher: Fetcher) -> None:
    first = fetcher.fetch(server.url("/page"))
    again = fetcher.fetch(server.url("/page"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified
    assert again.status == 304
    assert again.body is None
    assert (again.etag, again.last_modified) == (first.etag, first.last_modified)
    seen = server.requests[-1]
    assert (seen.status, seen.bytes_sent) == (304, 0)
    assert seen.headers["if-none-match"] == first.etag
    assert seen.headers["if-modified-since"] == first.last_modified
    assert fetcher.request_count == 3  # robots.txt, page, page again


def test_if_modified_since_alone(server: SiteServer, fetcher: Fetcher) -> None:
    first = fetcher.fetch(server.url("/page"))
    again = fetcher.fetch(server.url("/page"), last_modified=first.last_modified)
    assert again.not_modified
    assert "if-none-match" not in server.requests[-1].headers


def test_changed_page_comes_back_whole(server: SiteServer, fetcher: Fetcher) -> None:
    first = fetcher.fetch(server.url("/page"))
    server.set_body("/page", "<p>edited</p>")
    again = fetcher.fetch(server.url("/page"), etag=first.etag)
    assert not again.not_modified
    assert again.body == b"<p>edited</p>"
    assert again.etag != first.etag


def test_http_error_status(server: SiteServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/missing"))
    assert (caught.value.kind, caught.value.status) == ("http", 404)
    assert str(caught.value) == f"{server.url('/missing')}: HTTP 404"
    assert paths(server).count("/missing") == 1  # a 404 is an answer, not a failure to retry


def test_request_count_and_bytes(server: SiteServer, fetcher: Fetcher) -> None:
    fetcher.fetch(server.url("/page"))
    assert fetcher.request_count == 2
    assert fetcher.bytes_received == sum(seen.bytes_sent for seen in server.requests)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "http:///nohost", "javascript:alert(1)"]
)
def test_only_http_urls(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind == "scheme"
    assert fetcher.request_count == 0
    assert not fetcher.allowed(url)


def test_credentials_never_appear_in_errors() -> None:
    error = FetchError("http://user:hunter2@127.0.0.1/x", "HTTP 404", kind="http", status=404)
    assert "hunter2" not in str(error)
    assert redact_url("https://a:b@host:8080/p?q=1") == "https://a:***@host:8080/p?q=1"
    assert redact_url("https://host/p") == "https://host/p"


# -- robots.txt ---------------------------------------------------------------------------------


def test_robots_disallow_raises_and_the_page_is_never_requested(
    server: SiteServer, fetcher: Fetcher
) -> None:
    url = server.url("/private/page")
    with pytest.raises(RobotsDisallowed) as caught:
        fetcher.fetch(url)
    assert caught.value.kind == "robots"
    assert str(caught.value) == f"{url}: disallowed by {server.url('/robots.txt')}"
    assert paths(server) == ["/robots.txt"]
    assert not fetcher.allowed(url)
    assert fetcher.allowed(server.url("/page"))


def test_robots_rules_for_our_user_agent(server: SiteServer, fetcher: Fetcher) -> None:
    server.set_body(
        "/robots.txt", "User-agent: scr-digest-tests\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    )
    assert not fetcher.allowed(server.url("/page"))


def test_robots_404_allows_everything(server: SiteServer, fetcher: Fetcher) -> None:
    server.remove("/robots.txt")
    assert fetcher.fetch(server.url("/private/page")).body == b"secret"


def test_robots_500_disallows_everything(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/robots.txt", [Scripted(500)], repeat_last=True)
    with pytest.raises(RobotsDisallowed) as caught:
        fetcher.fetch(server.url("/page"))
    assert "HTTP 500" in str(caught.value)
    assert "/page" not in paths(server)


def test_robots_fetched_once_per_fetcher(server: SiteServer, fetcher: Fetcher) -> None:
    fetcher.fetch(server.url("/page"))
    fetcher.fetch(server.url("/page"))
    with pytest.raises(RobotsDisallowed):
        fetcher.fetch(server.url("/private/page"))
    assert paths(server) == ["/robots.txt", "/page", "/page"]


def test_robots_cache_is_shared_between_fetchers(server: SiteServer) -> None:
    cache = MemoryRobotsCache()
    with Fetcher(POLICY, robots_cache=cache) as first:
        first.fetch(server.url("/page"))
    assert cache.get(server.url("/robots.txt")) == (200, ROBOTS)
    with Fetcher(POLICY, robots_cache=cache) as second:
        second.fetch(server.url("/page"))
        with pytest.raises(RobotsDisallowed):
            second.fetch(server.url("/private/page"))
    assert paths(server) == ["/robots.txt", "/page", "/page"]


def test_fresh_cache_entry_means_no_robots_request(server: SiteServer) -> None:
    cache = MemoryRobotsCache()
    cache.put(server.url("/robots.txt"), 200, "User-agent: *\nDisallow: /\n")
    with Fetcher(POLICY, robots_cache=cache) as fetcher, pytest.raises(RobotsDisallowed):
        fetcher.fetch(server.url("/page"))
    assert server.requests == []


def test_server_errors_on_robots_are_not_cached(server: SiteServer) -> None:
    cache = MemoryRobotsCache()
    server.script("/robots.txt", [Scripted(503)], repeat_last=True)
    with Fetcher(POLICY, robots_cache=cache) as fetcher:
        assert not fetcher.allowed(server.url("/page"))
    assert cache.get(server.url("/robots.txt")) is None


def test_memory_robots_cache_expires() -> None:
    now = [0.0]
    cache = MemoryRobotsCache(max_age=60, clock=lambda: now[0])
    cache.put("http://h/robots.txt", 404, "")
    now[0] = 60.0
    assert cache.get("http://h/robots.txt") == (404, "")
    now[0] = 61.0
    assert cache.get("http://h/robots.txt") is None


def test_oversized_robots_is_read_up_to_the_cap(server: SiteServer, fetcher: Fetcher) -> None:
    # RFC 9309 2.5: rules past the first 500 KiB may be ignored; the file is not an error.
    server.set_body("/robots.txt", ROBOTS + "# filler\n" * 100_000 + "Disallow: /page\n")
    assert fetcher.allowed(server.url("/page"))
    assert not fetcher.allowed(server.url("/private/page"))


def test_obey_robots_false_skips_robots(server: SiteServer) -> None:
    with Fetcher(replace(POLICY, obey_robots=False)) as fetcher:
        assert fetcher.fetch(server.url("/private/page")).body == b"secret"
        assert fetcher.allowed(server.url("/private/page"))
    assert paths(server) == ["/private/page"]


# -- retries ------------------------------------------------------------------------------------


def test_429_with_retry_after_then_success(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/page", [Scripted(429, headers={"Retry-After": "1"}), Scripted(200, "ok")])
    assert fetcher.fetch(server.url("/page")).body == b"ok"
    assert [seen.status for seen in server.requests] == [200, 429, 200]
    assert gaps(server)[-1] >= 1.0


def test_500_then_success(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/page", [Scripted(500, "oops"), Scripted(200, "ok")])
    assert fetcher.fetch(server.url("/page")).body == b"ok"
    assert fetcher.request_count == 3


def test_503_forever_fails_after_the_retries(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/page", [Scripted(503)], repeat_last=True)
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/page"))
    assert (caught.value.kind, caught.value.status) == ("http", 503)
    assert "after 2 retries" in str(caught.value)
    assert paths(server).count("/page") == 1 + POLICY.retries


def test_long_retry_after_fails_fast(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/page", [Scripted(429, headers={"Retry-After": "3600"})], repeat_last=True)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/page"))
    assert time.monotonic() - started < 1.0
    assert (caught.value.kind, caught.value.status) == ("http", 429)
    assert "3600" in caught.value.reason
    assert paths(server).count("/page") == 1


def test_closed_port_is_unreachable_quickly(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/page"
    started = time.monotonic()
    with Fetcher(replace(POLICY, retries=1, backoff_factor=0)) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(url)
        assert caught.value.kind == "unreachable"
        assert str(caught.value).startswith(f"{url}: connection refused")
        # robots.txt was tried (and retried once); the page itself was not, nor is it later.
        assert fetcher.request_count == 2
        with pytest.raises(FetchError):
            fetcher.fetch(url)
        assert fetcher.request_count == 2
        assert not fetcher.allowed(url)
    assert time.monotonic() - started < 2.0


def test_unreachable_without_robots(closed_port: int) -> None:
    policy = replace(POLICY, obey_robots=False, retries=0)
    with Fetcher(policy) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(f"http://127.0.0.1:{closed_port}/page")
    assert caught.value.kind == "unreachable"


def test_connection_cut_mid_body_is_retried(server: SiteServer, fetcher: Fetcher) -> None:
    server.script(
        "/page", [Scripted(200, "short", {"Content-Length": "1000"}), Scripted(200, "whole")]
    )
    assert fetcher.fetch(server.url("/page")).body == b"whole"


# -- limits ------------------------------------------------------------------------------------


def test_body_over_max_bytes_is_too_large(server: SiteServer, fetcher: Fetcher) -> None:
    server.set_body("/big.pdf", b"%PDF" + b"\x00" * (2 * 1024 * 1024))
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/big.pdf"), max_bytes=1024 * 1024)
    assert caught.value.kind == "too_large"
    assert fetcher.bytes_received < 1024 * 1024  # stopped at the header, not after the body


def test_policy_max_bytes_applies_to_decoded_size(server: SiteServer) -> None:
    server.set_body("/big", "<p>" + "x" * 200_000 + "</p>")  # gzips to a few hundred bytes
    with Fetcher(replace(POLICY, max_bytes=100_000)) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(server.url("/big"))
        assert caught.value.kind == "too_large"
        assert len(fetcher.fetch(server.url("/page")).body or b"") == len(PAGE)


def test_gzip_bomb_stops_at_the_cap(server: SiteServer, fetcher: Fetcher) -> None:
    bomb = gzip.compress(b"\x00" * (50 * 1024 * 1024), compresslevel=9)
    server.script("/page", [Scripted(200, bomb, {"Content-Encoding": "gzip"})])
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(server.url("/page"), max_bytes=1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.kind == "too_large"
    assert peak < 8 * 1024 * 1024
    assert fetcher.bytes_received <= len(bomb) + 100


@pytest.mark.parametrize(
    "body", [gzip.compress(PAGE.encode())[:-12], b"not gzip at all"], ids=["truncated", "malformed"]
)
def test_broken_gzip_is_a_decoding_error(server: SiteServer, fetcher: Fetcher, body: bytes) -> None:
    server.script("/page", [Scripted(200, body, {"Content-Encoding": "gzip"})])
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/page"))
    assert caught.value.kind == "http"
    assert "decoding" in caught.value.reason


@pytest.mark.parametrize(
    "encode",
    [
        zlib.compress,
        lambda data: zlib.compress(data)[2:-4],  # raw deflate, as some servers send it
        lambda data: gzip.compress(data[:10]) + gzip.compress(data[10:]),  # two gzip members
    ],
    ids=["zlib-deflate", "raw-deflate", "multi-member-gzip"],
)
def test_other_encodings_decode(
    server: SiteServer, fetcher: Fetcher, encode: Callable[[bytes], bytes]
) -> None:
    encoding = "gzip" if encode(b"x")[:2] == b"\x1f\x8b" else "deflate"
    server.script("/page", [Scripted(200, encode(PAGE.encode()), {"Content-Encoding": encoding})])
    assert fetcher.fetch(server.url("/page")).body == PAGE.encode()


def test_unknown_encoding_is_refused(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/page", [Scripted(200, b"??", {"Content-Encoding": "br"})])
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/page"))
    assert caught.value.kind == "http"


def test_slow_drip_hits_the_total_timeout(server: SiteServer) -> None:
    server.script("/page", [Scripted(200, b"x" * 4000, drip=0.05, drip_size=10)])
    started = time.monotonic()
    policy = replace(POLICY, total_timeout=0.5)
    with Fetcher(policy) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/page"))
    assert caught.value.kind == "timeout"
    assert time.monotonic() - started < 1.5


def test_read_timeout(server: SiteServer) -> None:
    server.script("/page", [Scripted(200, "late", delay=1.0)])
    policy = replace(POLICY, read_timeout=0.2, retries=0)
    with Fetcher(policy) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/page"))
    assert caught.value.kind == "timeout"


# -- redirects -----------------------------------------------------------------------------------


def test_redirect_is_followed(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/old", [Scripted(301, headers={"Location": "/page"})])
    result = fetcher.fetch(server.url("/old"))
    assert result.final_url == server.url("/page")
    assert result.url == server.url("/old")
    assert result.body == PAGE.encode()


def test_redirect_to_file_url_is_not_followed(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/old", [Scripted(302, headers={"Location": "file:///etc/passwd"})])
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/old"))
    assert caught.value.kind == "scheme"
    assert "file:///etc/passwd" in str(caught.value)
    assert paths(server) == ["/robots.txt", "/old"]


def test_redirect_into_a_disallowed_path(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/old", [Scripted(301, headers={"Location": "/private/page"})])
    with pytest.raises(RobotsDisallowed) as caught:
        fetcher.fetch(server.url("/old"))
    assert "redirected to" in str(caught.value)
    assert "/private/page" not in paths(server)


def test_redirect_loop_stops(server: SiteServer, fetcher: Fetcher) -> None:
    server.script("/loop", [Scripted(302, headers={"Location": "/loop"})], repeat_last=True)
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/loop"))
    assert caught.value.kind == "http"
    assert "redirects" in caught.value.reason
    assert paths(server).count("/loop") == 1 + MAX_REDIRECTS


# -- politeness --------------------------------------------------------------------------------


def test_requests_to_one_host_are_spaced(server: SiteServer) -> None:
    with Fetcher(replace(POLICY, delay=0.5)) as fetcher:
        for _ in range(3):
            fetcher.fetch(server.url("/page"))
    assert paths(server) == ["/robots.txt", "/page", "/page", "/page"]
    # Measured by the server: a few milliseconds of socket latency either side.
    assert min(gaps(server)) >= 0.5 - 0.005


def test_rate_limiter_with_a_fake_clock() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = HostRateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    assert limiter.wait("a") == 0
    assert limiter.wait("b") == 0  # another host is not held up
    now[0] += 0.5
    assert limiter.wait("a") == pytest.approx(1.5)
    assert limiter.wait("a", not_before=now[0] + 10) == pytest.approx(10)
    assert limiter.wait("a") == pytest.approx(2.0)
    assert slept == pytest.approx([1.5, 10, 2.0])


def test_rate_limiter_counts_from_a_slow_answer() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = HostRateLimiter(1.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("a")
    now[0] = 3.0  # the server took three seconds to answer
    limiter.answered("a")
    assert limiter.wait("a") == pytest.approx(1.0)


def test_rate_limiter_holds_every_caller_after_retry_after() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = HostRateLimiter(0.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("a", not_before=5.0)
    now[0] = 1.0
    assert limiter.wait("a") == pytest.approx(4.0)


# -- the retry decision, without a server -------------------------------------------------------


def response(status: int, **headers: str) -> HTTPResponse:
    return HTTPResponse(body=b"", status=status, headers=headers, preload_content=False)


def retry(**changes: object) -> PoliteRetry:
    return PoliteRetry.from_policy(replace(POLICY, **changes))  # type: ignore[arg-type]


def test_decision_backs_off_exponentially() -> None:
    state = retry(retries=4, backoff_factor=1.0)
    waits = []
    for _ in range(4):
        decision = state.decide("GET", "http://h/", response=response(500))
        assert decision.retry is not None
        waits.append(decision.wait)
        state = decision.retry
    assert waits == [1.0, 2.0, 4.0, 8.0]
    final = state.decide("GET", "http://h/", response=response(500))
    assert final.retry is None
    assert final.reason == "HTTP 500 (after 4 retries)"


def test_backoff_is_capped() -> None:
    state = retry(retries=10, backoff_factor=30.0)
    for _ in range(3):
        decision = state.decide("GET", "http://h/", response=response(502))
        assert decision.retry is not None
        state = decision.retry
    assert decision.wait == 60.0


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_statuses(status: int) -> None:
    assert retry().decide("GET", "http://h/", response=response(status)).retry is not None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 501])
def test_final_statuses(status: int) -> None:
    decision = retry().decide("GET", "http://h/", response=response(status))
    assert decision.retry is None
    assert decision.reason == f"HTTP {status}"


def test_retry_after_seconds_beats_a_shorter_backoff() -> None:
    decision = retry().decide("GET", "http://h/", response=response(429, **{"Retry-After": "7"}))
    assert decision.retry is not None
    assert decision.wait == 7.0


def test_retry_after_http_date() -> None:
    now = 1_700_000_000.0
    header = formatdate(now + 30, usegmt=True)
    decision = retry().decide(
        "GET", "http://h/", now=now, response=response(503, **{"Retry-After": header})
    )
    assert decision.wait == pytest.approx(30.0)


def test_retry_after_too_long_gives_up() -> None:
    decision = retry(max_retry_after=300).decide(
        "GET", "http://h/", response=response(503, **{"Retry-After": "301"})
    )
    assert decision.retry is None
    assert "301 s" in decision.reason and "300 s" in decision.reason


def test_parse_retry_after() -> None:
    assert parse_retry_after("120", now=0) == 120.0
    assert parse_retry_after(" 5 ", now=0) == 5.0
    assert parse_retry_after(formatdate(100, usegmt=True), now=160) == 0.0  # in the past
    assert parse_retry_after("soon", now=0) is None
    assert parse_retry_after(None, now=0) is None


def test_connection_errors_are_retried_then_given_up() -> None:
    error = NewConnectionError(None, "Failed to establish a new connection")  # type: ignore[arg-type]
    state = retry(retries=1, backoff_factor=0.5)
    first = state.decide("GET", "http://h/", error=error)
    assert first.retry is not None and first.wait == 0.5
    second = first.retry.decide("GET", "http://h/", error=error)
    assert second.retry is None
    assert second.reason == "could not connect (after 1 retry)"


def test_read_timeouts_are_retried() -> None:
    error = ReadTimeoutError(None, "http://h/", "read timed out")  # type: ignore[arg-type]
    assert retry().decide("GET", "http://h/", error=error).retry is not None


def test_other_errors_are_not_retried() -> None:
    decision = retry().decide("GET", "http://h/", error=SSLError("certificate verify failed"))
    assert decision.retry is None
    assert decision.reason == "TLS error"


def test_retries_are_shared_across_kinds_of_failure() -> None:
    state = retry(retries=2)
    error = NewConnectionError(None, "refused")  # type: ignore[arg-type]
    for outcome in ({"error": error}, {"response": response(503)}):
        decision = state.decide("GET", "http://h/", **outcome)  # type: ignore[arg-type]
        assert decision.retry is not None
        state = decision.retry
    assert state.decide("GET", "http://h/", response=response(500)).retry is None


def test_redirects_do_not_use_up_retries() -> None:
    state = retry(retries=1)
    for _ in range(MAX_REDIRECTS):
        decision = state.decide("GET", "http://h/", response=response(301, Location="/next"))
        assert decision.retry is not None and decision.wait == 0
        state = decision.retry
    assert state.failures == 0
    assert state.decide("GET", "http://h/", response=response(500)).retry is not None
    too_many = state.decide("GET", "http://h/", response=response(302, Location="/again"))
    assert too_many.retry is None
    assert too_many.reason == f"more than {MAX_REDIRECTS} redirects"


def test_no_retries_at_all() -> None:
    assert retry(retries=0).decide("GET", "http://h/", response=response(503)).retry is None
