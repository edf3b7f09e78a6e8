"""Hostile sources: where a page or a redirect may send the harvester, huge pages, broken
robots.txt and gzip, each against a real local server and a real database.

Addresses like 10.0.0.1 or 169.254.169.254 appear in links and redirects here, but the
fetcher must refuse them before connecting: the no-network guard in conftest.py fails any test
that tries to resolve or reach anything but loopback.
"""

from __future__ import annotations

import gzip
import ipaddress
import shutil
import ssl
import subprocess
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from config import Config
from db import Database, HarvestRun, Page, Report, Review, RobotsFile, open_database
from harvester.addresses import (
    AddressGuard,
    AddressRefused,
    classify,
    literal_host,
    trusted_by,
)
from harvester.harvest import HarvestResult, harvest
from harvester.http import Fetcher, FetchError, FetchPolicy, MemoryRobotsCache
from sample_site.server import Scripted, SiteServer
from tests.test_reports import GOOD

UA = "scr-digest-tests/1.0 (+mailto:tests@example.org)"
POLICY = FetchPolicy(
    user_agent=UA,
    delay=0.0,
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=10.0,
    retries=1,
    backoff_factor=0.01,
)
PAGE = "<html><body><h1>Case reviews</h1></body></html>"
MB = 1024 * 1024
CHUNK = 64 * 1024  # the fetcher's read size

# Where hostile pages and redirects try to send us; none of these may be connected to.
# (Distinct paths: a review's key is its report link's path.)
FORBIDDEN = {
    "private": "http://10.0.0.1/admin",
    "private-172": "http://172.16.5.4/a.pdf",
    "private-192": "http://192.168.1.1/router",
    "metadata": "http://169.254.169.254/latest/meta-data/",
    "link-local-v6": "http://[fe80::1]/b.pdf",
    "ula": "http://[fd12:3456::1]/c.pdf",
    "unspecified": "http://0.0.0.0/d.pdf",
    "mapped-loopback": "http://[::ffff:127.0.0.1]/e.pdf",
    "mapped-metadata": "http://[::ffff:169.254.169.254]/latest/meta-data/iam",
    "decimal-loopback": "http://2130706433/f.pdf",
    "hex-loopback": "http://0x7f.1/g.pdf",
    "short-loopback": "http://127.1/h.pdf",
    "nat64-private": "http://[64:ff9b::10.0.0.1]/i.pdf",
}


# -- the classification, without a server -------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("93.184.216.34", "public"),
        ("2a00:1450:4009:81f::200e", "public"),
        ("64:ff9b::5db8:d822", "public"),  # DNS64's form of a public IPv4 address
        ("127.0.0.1", "loopback"),
        ("127.200.1.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.0.10", "private"),
        ("100.64.0.1", "private"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("64:ff9b::a00:1", "private"),  # NAT64 into 10.0.0.1
        ("2002:a00:1::", "private"),  # 6to4 around 10.0.0.1
        ("169.254.169.254", "link_local"),
        ("169.254.0.1", "link_local"),
        ("fe80::1", "link_local"),
        ("fe80::1%eth0", "link_local"),
        ("::ffff:169.254.169.254", "link_local"),
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.1", "reserved"),
        ("2001:db8::1", "reserved"),
        ("ff02::1", "reserved"),
    ],
)
def test_classify(address: str, expected: str) -> None:
    assert classify(ipaddress.ip_address(address)) == expected


def test_what_a_source_lends_to_its_requests() -> None:
    assert trusted_by([]) == {"public"}
    assert trusted_by(["public"]) == {"public"}
    assert trusted_by(["loopback"]) == {"public", "loopback"}
    assert trusted_by(["private"]) == {"public", "private"}
    # link-local and the like are never lent, even by a source configured there
    assert trusted_by(["link_local", "unspecified", "reserved"]) == {"public"}


@pytest.mark.parametrize(
    "host",
    ["[::ffff:127.0.0.1]", "::ffff:10.0.0.1", "2130706433", "0x7f.1", "127.1", "017700000001"],
)
def test_addresses_in_disguise_are_refused(host: str) -> None:
    with pytest.raises(AddressRefused) as caught:
        literal_host(host)
    assert "disguise" in caught.value.reason


@pytest.mark.parametrize(
    ("host", "expected"),
    [("127.0.0.1", "127.0.0.1"), ("[::1]", "::1"), ("nspcc.org.uk", None), ("1e100.net", None)],
)
def test_literal_hosts(host: str, expected: str | None) -> None:
    found = literal_host(host)
    assert (str(found) if found else None) == expected


def test_a_name_counts_as_every_address_it_resolves_to() -> None:
    answers = {
        "intranet.test": ["10.0.0.5"],
        "mixed.test": ["93.184.216.34", "10.0.0.5"],
        "public.test": ["93.184.216.34", "2a00:1450:4009:81f::200e"],
    }
    asked: list[str] = []

    def resolver(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        asked.append(host)
        return [ipaddress.ip_address(a) for a in answers[host]]

    guard = AddressGuard(resolver)
    with pytest.raises(AddressRefused, match=r"intranet\.test \(10\.0\.0\.5\) is a private"):
        guard.check("intranet.test", trusted_by(["loopback"]))
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.5"):
        guard.check("mixed.test", trusted_by([]))
    assert len(guard.check("public.test", trusted_by([]))) == 2
    guard.check("public.test", trusted_by([]))
    assert asked == ["intranet.test", "mixed.test", "public.test"]  # each resolved once


# -- the fetcher against a real server ------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path, site_factory: Callable[[Path], SiteServer]) -> SiteServer:
    root = tmp_path / "site"
    root.mkdir()
    (root / "page.html").write_text(PAGE)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    return site_factory(root)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(POLICY) as fetcher:
        yield fetcher


def paths(server: SiteServer) -> list[str]:
    return [seen.path for seen in server.requests]


@pytest.mark.parametrize("target", FORBIDDEN.values(), ids=FORBIDDEN.keys())
def test_redirects_into_other_networks_are_refused_before_connecting(
    server: SiteServer, fetcher: Fetcher, target: str
) -> None:
    server.script("/old", [Scripted(302, headers={"Location": target})])
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/old"))
    assert caught.value.kind == "address"
    assert f"redirected to {target}" in str(caught.value)
    assert "not fetched" in caught.value.reason
    assert paths(server) == ["/robots.txt", "/old"]  # nothing else, and no robots.txt there


@pytest.mark.parametrize("target", FORBIDDEN.values(), ids=FORBIDDEN.keys())
def test_links_found_on_a_page_into_other_networks_are_refused(
    server: SiteServer, fetcher: Fetcher, target: str, tmp_path: Path
) -> None:
    with (tmp_path / "sink").open("w+b") as sink, pytest.raises(FetchError) as caught:
        fetcher.download(
            target, sink, max_bytes=MB, total_timeout=5.0, found_on=server.url("/page")
        )
    assert caught.value.kind == "address"
    assert not fetcher.allowed(target, found_on=server.url("/page"))
    assert server.requests == []


def test_the_reasons_say_what_the_address_is(server: SiteServer, fetcher: Fetcher) -> None:
    reasons = {}
    for name in ("private", "metadata", "mapped-loopback", "unspecified"):
        server.script("/old", [Scripted(302, headers={"Location": FORBIDDEN[name]})])
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(server.url("/old"))
        reasons[name] = caught.value.reason
    assert "10.0.0.1 is a private network address" in reasons["private"]
    assert "since the configured source is not on such a network" in reasons["private"]
    assert "169.254.169.254 is a link-local address" in reasons["metadata"]
    assert "not fetched, from any source" in reasons["metadata"]
    assert "IPv4 address (127.0.0.1) written as IPv6" in reasons["mapped-loopback"]
    assert "0.0.0.0 is the unspecified address" in reasons["unspecified"]


def test_a_source_on_loopback_may_use_loopback(server: SiteServer, fetcher: Fetcher) -> None:
    # What the sample site, the demo and every test here rely on.
    server.script("/old", [Scripted(301, headers={"Location": f"{server.url('/page')}"})])
    assert fetcher.fetch(server.url("/old")).body == PAGE.encode()
    assert fetcher.allowed(server.url("/page"), found_on=server.url("/old"))


def test_a_public_page_may_not_lead_to_loopback(server: SiteServer, tmp_path: Path) -> None:
    # A resolver stands in for DNS: "www.public.test" is a public host; the report link on it
    # points at our own loopback server, which must not be reached.
    def resolver(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        assert host == "www.public.test"
        return [ipaddress.ip_address("93.184.216.34")]

    with (
        Fetcher(POLICY, resolver=resolver) as fetcher,
        (tmp_path / "sink").open("w+b") as sink,
        pytest.raises(FetchError) as caught,
    ):
        fetcher.download(
            server.url("/page"),
            sink,
            max_bytes=MB,
            total_timeout=5.0,
            found_on="https://www.public.test/case-reviews",
        )
    assert caught.value.kind == "address"
    assert "127.0.0.1 is a loopback address" in caught.value.reason
    assert server.requests == []


def test_a_name_is_resolved_once_and_the_checked_address_is_the_one_connected_to(
    server: SiteServer,
) -> None:
    # "mirror.test" first resolves to our loopback server, then (DNS rebinding) to the
    # metadata service. The fetcher keeps to what it checked: it connects to 127.0.0.1 again
    # and never asks the system resolver (which the no-network guard would refuse).
    answers = iter(["127.0.0.1", "169.254.169.254"])
    asked: list[str] = []

    def resolver(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        asked.append(host)
        return [ipaddress.ip_address(next(answers))]

    url = f"http://mirror.test:{server.port}/page"
    with Fetcher(POLICY, resolver=resolver) as fetcher:
        assert fetcher.fetch(url).body == PAGE.encode()
        fetcher.close()  # no pooled connection left: the next fetch must connect afresh
        assert fetcher.fetch(url).body == PAGE.encode()
    assert asked == ["mirror.test"]
    assert paths(server) == ["/robots.txt", "/page", "/page"]
    assert {seen.headers["host"] for seen in server.requests} == {f"mirror.test:{server.port}"}


def test_https_to_a_pinned_address_still_checks_the_certificate_for_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Connecting to the checked address must not weaken TLS: the certificate is still
    # verified against the host name (and SNI carries it), not against 127.0.0.1.
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out", str(cert),
            "-days", "2", "-subj", "/CN=mirror.test", "-addext", "subjectAltName=DNS:mirror.test",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    root = tmp_path / "site"
    root.mkdir()
    (root / "page.html").write_text(PAGE)

    def resolver(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        assert host in ("mirror.test", "other.test")
        return [ipaddress.ip_address("127.0.0.1")]

    with SiteServer(root, tls=context) as site, Fetcher(POLICY, resolver=resolver) as fetcher:
        assert fetcher.fetch(f"https://mirror.test:{site.port}/page").body == PAGE.encode()
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(f"https://other.test:{site.port}/page")
    assert caught.value.kind == "unreachable"
    assert caught.value.reason.startswith("TLS error")  # the name does not match the certificate


def test_a_name_resolving_to_a_private_address_is_refused(server: SiteServer) -> None:
    def resolver(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address("10.1.2.3")]

    server.script("/old", [Scripted(302, headers={"Location": "http://intranet.test/wiki"})])
    with Fetcher(POLICY, resolver=resolver) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/old"))
    assert "intranet.test (10.1.2.3) is a private network address" in caught.value.reason


@pytest.mark.parametrize(
    "target", ["ftp://files.example.org/report.pdf", "file:///etc/passwd", "gopher://x/"]
)
def test_redirects_to_other_schemes_are_refused(
    server: SiteServer, fetcher: Fetcher, target: str
) -> None:
    server.script("/old", [Scripted(302, headers={"Location": target})])
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/old"))
    assert caught.value.kind == "scheme"
    assert f"redirected to {target}, which is not an http(s) URL; not followed" in str(caught.value)
    assert paths(server) == ["/robots.txt", "/old"]


# -- a 100 MB page ------------------------------------------------------------------------------


def hundred_megabytes() -> Iterator[bytes]:
    """A 100 MB listing page made on the fly (never held whole by the server or the test)."""
    yield b"<html><body><h1>Case reviews</h1>"
    entry = b"<h3>2025 - Westshire - Child A</h3><p>" + b"A fictional summary. " * 200 + b"</p>"
    for _ in range(100 * MB // len(entry)):
        yield entry
    yield b"</body></html>"


def test_a_100_mb_page_stops_at_the_cap_with_bounded_memory(server: SiteServer) -> None:
    cap = 2 * MB
    server.script("/huge", [Scripted(200, stream=hundred_megabytes)])
    with Fetcher(replace(POLICY, max_bytes=cap)) as fetcher:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError) as caught:
                fetcher.fetch(server.url("/huge"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        received = fetcher.bytes_received
        # the connection is still good for the next page
        assert fetcher.fetch(server.url("/page")).body == PAGE.encode()
    assert caught.value.kind == "too_large"
    assert f"over the {cap:,}-byte limit" in caught.value.reason
    assert received - len(PAGE) <= cap + CHUNK + 1024  # robots.txt and the page itself
    assert peak < 2 * cap
    huge = next(seen for seen in server.requests if seen.path == "/huge")
    assert huge.bytes_sent < 50 * MB  # the server was cut off, not read to the end


def test_the_body_of_a_redirect_is_never_read(server: SiteServer, fetcher: Fetcher) -> None:
    # requests reads a redirect's body whole to prepare the next request, even when told not to
    # follow it; ours follows redirects itself and leaves the body unread.
    server.script(
        "/moved", [Scripted(302, headers={"Location": "/page"}, stream=hundred_megabytes)]
    )
    assert fetcher.fetch(server.url("/moved")).body == PAGE.encode()
    assert fetcher.bytes_received < MB
    moved = next(seen for seen in server.requests if seen.path == "/moved")
    assert moved.bytes_sent < 50 * MB


# -- broken gzip ---------------------------------------------------------------------------------


BODY = "".join(f"<p>Paragraph {n}: a fictional summary, number {n * n}.</p>" for n in range(400))
BODY_BYTES = BODY.encode()


def test_truncated_gzip_is_told_apart_from_malformed_gzip(
    server: SiteServer, fetcher: Fetcher
) -> None:
    whole = gzip.compress(BODY_BYTES)
    assert len(whole) > 200
    cut = whole[: len(whole) // 2]  # a valid header and half the stream, length matching
    server.script("/cut", [Scripted(200, cut, {"Content-Encoding": "gzip"})])
    # a valid gzip header followed by bytes that are no deflate stream
    bad = whole[:10] + b"\xff\xff not a deflate stream at all"
    server.script("/bad", [Scripted(200, bad, {"Content-Encoding": "gzip"})])
    server.script("/plain", [Scripted(200, b"this was never gzip", {"Content-Encoding": "gzip"})])
    reasons = {}
    for path in ("/cut", "/bad", "/plain"):
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(server.url(path))
        assert caught.value.kind == "http"
        reasons[path] = caught.value.reason
    assert reasons["/cut"] == "decoding the body failed: truncated gzip data"
    assert reasons["/bad"].startswith("decoding the body failed: invalid gzip data")
    assert reasons["/plain"].startswith("decoding the body failed: invalid gzip data")
    assert [paths(server).count(p) for p in ("/cut", "/bad", "/plain")] == [1, 1, 1]


def test_gzip_cut_off_by_the_connection_is_retried(server: SiteServer, fetcher: Fetcher) -> None:
    whole = gzip.compress(BODY_BYTES)
    server.script(
        "/page",
        [
            Scripted(
                200,
                whole[: len(whole) // 2],
                {"Content-Encoding": "gzip", "Content-Length": str(len(whole))},
            ),
            Scripted(200, whole, {"Content-Encoding": "gzip"}),
        ],
    )
    assert fetcher.fetch(server.url("/page")).body == BODY_BYTES


# -- whole harvests ------------------------------------------------------------------------------


def listing(entries: dict[str, str]) -> str:
    body = "".join(
        f"<h3>2025 – Westshire – {title}</h3><p>A fictional summary of the review.</p>"
        f'<p><a href="{href}">Read the overview report</a></p>'
        for title, href in entries.items()
    )
    return f"<html><body><h1>Case reviews update</h1>{body}</body></html>"


@dataclass
class Env:
    site: SiteServer
    database: Database
    config: Config

    def run(self, **kwargs: Any) -> HarvestResult:
        return harvest(self.database, self.config, **kwargs)

    def reports(self) -> dict[str, Report | None]:
        with self.database.session() as session:
            return {review.title: review.report for review in session.scalars(select(Review))}

    def robots_cached(self) -> int:
        with self.database.session() as session:
            return session.scalar(select(func.count()).select_from(RobotsFile)) or 0


@pytest.fixture
def env(tmp_path: Path, db_url_factory: Callable[[Path], str]) -> Iterator[Env]:
    root = tmp_path / "site"
    (root / "r").mkdir(parents=True)
    (root / "r" / "good.pdf").write_bytes(GOOD)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    with SiteServer(root) as site:
        config = Config(
            data_dir=tmp_path / "data",
            db=db_url_factory(tmp_path),
            sources=(site.url("/monthly-case-reviews-update"),),
            govuk_organisations=(),
            request_delay=0.0,
            retries=1,
            extract_workers=1,
        )
        database = open_database(config.db_url)
        try:
            yield Env(site, database, config)
        finally:
            database.close()


def test_report_links_into_other_networks_fail_and_the_harvest_goes_on(env: Env) -> None:
    titles = {f"Child {name}": url for name, url in FORBIDDEN.items()}
    env.site.script("/r/moved.pdf", [Scripted(302, headers={"Location": FORBIDDEN["metadata"]})])
    env.site.set_body(
        "/monthly-case-reviews-update",
        listing({**titles, "Child Good": "/r/good.pdf", "Child Moved": "/r/moved.pdf"}),
    )
    result = env.run()
    assert result.exit_code == 0 and result.counts["entries_new"] == len(FORBIDDEN) + 2
    reports = env.reports()
    good = reports.pop("Child Good")
    assert good is not None and good.status == "ok"
    assert len(reports) == len(FORBIDDEN) + 1  # every review is kept
    for title, report in reports.items():
        assert report is not None and report.status == "failed", title
        assert "not fetched" in (report.reason or ""), (title, report.reason)
    metadata, moved = reports["Child metadata"], reports["Child Moved"]
    assert metadata is not None and "link-local" in (metadata.reason or "")
    assert moved is not None and "redirected to http://169.254.169.254/" in (moved.reason or "")
    assert result.counts["reports_failed"] == len(FORBIDDEN) + 1
    assert sorted(paths(env.site)) == sorted(
        ["/robots.txt", "/monthly-case-reviews-update", "/r/good.pdf", "/r/moved.pdf"]
    )


def test_a_source_redirecting_into_a_private_network_fails_with_the_reason(env: Env) -> None:
    env.site.script(
        "/monthly-case-reviews-update", [Scripted(301, headers={"Location": FORBIDDEN["private"]})]
    )
    result = env.run()
    assert result.exit_code == 2
    (error,) = result.errors
    assert "redirected to http://10.0.0.1/admin: 10.0.0.1 is a private network address" in error
    with env.database.session() as session:
        page = session.scalars(select(Page)).one()
        assert page.last_status == "failed" and "10.0.0.1" in (page.last_error or "")


def test_a_100_mb_listing_page_fails_alone_and_the_other_pages_are_stored(env: Env) -> None:
    cap = 2 * MB
    env.site.set_body("/monthly-case-reviews-update", listing({"Child Good": "/r/good.pdf"}))
    env.site.script("/huge", [Scripted(200, stream=hundred_megabytes)])
    env.config = replace(
        env.config,
        max_page_bytes=cap,
        sources=(env.site.url("/huge"), env.site.url("/monthly-case-reviews-update")),
        govuk_organisations=(),
    )
    result = env.run()
    assert result.exit_code == 2
    assert [page.status for page in result.pages] == ["failed", "changed"]
    assert result.errors == [f"{env.site.url('/huge')}: body is over the {cap:,}-byte limit"]
    good = env.reports()["Child Good"]
    assert good is not None and good.status == "ok"
    with env.database.session() as session:
        run = session.get(HarvestRun, result.run_id)
        assert run is not None and "byte limit" in (run.message or "")
    huge = next(seen for seen in env.site.requests if seen.path == "/huge")
    assert huge.bytes_sent < 50 * MB


def test_robots_txt_timing_out_disallows_for_now_and_is_not_cached(env: Env) -> None:
    env.site.set_body("/monthly-case-reviews-update", listing({"Child Good": "/r/good.pdf"}))
    env.config = replace(env.config, request_timeout=0.3)
    env.site.script("/robots.txt", [Scripted(200, "User-agent: *\nAllow: /\n", delay=1.5)] * 2)
    first = env.run(reports=False)
    assert first.exit_code == 2
    assert first.pages[0].status == "failed"
    (error,) = first.errors
    assert "timed out waiting for the server" in error and "robots.txt" in error
    assert "/monthly-case-reviews-update" not in paths(env.site)  # disallowed for now
    assert env.robots_cached() == 0  # neither an allow nor a disallow is remembered

    second = env.run(reports=False)  # robots.txt answers promptly now
    assert second.exit_code == 0 and second.pages[0].status == "changed"
    assert env.robots_cached() == 1


def test_robots_txt_answering_500_skips_the_host_and_is_not_cached(env: Env) -> None:
    env.site.set_body("/monthly-case-reviews-update", listing({"Child Good": "/r/good.pdf"}))
    env.site.script("/robots.txt", [Scripted(500, "oops")], repeat_last=True)
    result = env.run()
    assert result.pages[0].status == "skipped"
    (warning,) = result.warnings
    assert "robots.txt answered HTTP 500, so (RFC 9309) nothing is fetched" in warning
    assert "/monthly-case-reviews-update" not in paths(env.site)
    assert env.robots_cached() == 0
    with env.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Review)) == 0


def test_robots_timeout_in_the_fetcher_is_reported_as_unreachable(server: SiteServer) -> None:
    server.script("/robots.txt", [Scripted(200, "User-agent: *\nAllow: /\n", delay=1.0)] * 2)
    cache = MemoryRobotsCache()
    with Fetcher(replace(POLICY, read_timeout=0.2), robots_cache=cache) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(server.url("/page"))
        assert not fetcher.allowed(server.url("/page"))
    assert caught.value.kind == "timeout"
    assert cache.get(server.url("/robots.txt")) is None
    assert "/page" not in paths(server)
