"""The local HTTP server behind the demo and the fetcher tests, exercised with http.client."""

from __future__ import annotations

import gzip
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest

from sample_site.server import PAGES, Scripted, SiteServer
from tests.faults import wait_for

PAGE = "<html><body><h1>Hello</h1></body></html>"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>")
    (site / "page.html").write_text(PAGE)
    (site / "docs" / "index.html").write_text("<h1>Docs</h1>")
    (site / "docs" / "report.pdf").write_bytes(b"%PDF-1.4 fake")
    (site / "notes.txt").write_text("plain notes")
    (tmp_path / "secret.txt").write_text("outside the root")
    return site


@pytest.fixture
def server(root: Path, site_factory: Callable[[Path], SiteServer]) -> SiteServer:
    return site_factory(root)


def get(
    server: SiteServer, path: str, headers: Mapping[str, str] | None = None, method: str = "GET"
) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(method, path, headers=dict(headers or {}))
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_clean_urls_map_to_html_files(server: SiteServer) -> None:
    assert get(server, "/page")[1] == PAGE.encode()
    assert get(server, "/page.html")[1] == PAGE.encode()
    assert get(server, "/")[1] == b"<h1>Home</h1>"
    assert get(server, "/docs/")[1] == b"<h1>Docs</h1>"


def test_directory_without_slash_redirects_like_a_static_server(server: SiteServer) -> None:
    response, _ = get(server, "/docs")
    assert response.status == 301
    assert response.headers["Location"] == "/docs/"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/page", "text/html; charset=utf-8"),
        ("/docs/report.pdf", "application/pdf"),
        ("/notes.txt", "text/plain; charset=utf-8"),
    ],
)
def test_content_types(server: SiteServer, path: str, content_type: str) -> None:
    response, _ = get(server, path)
    assert response.status == 200
    assert response.headers["Content-Type"] == content_type


def test_missing_page_is_404(server: SiteServer) -> None:
    assert get(server, "/nowhere")[0].status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/docs/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/docs/%2E%2E/%2e%2e/secret.txt",
    ],
)
def test_path_traversal_is_refused(server: SiteServer, path: str) -> None:
    response, body = get(server, path)
    assert response.status == 403
    assert b"outside" not in body


def test_symlink_out_of_the_root_is_refused(server: SiteServer, root: Path) -> None:
    (root / "escape.txt").symlink_to(root.parent / "secret.txt")
    assert get(server, "/escape.txt")[0].status == 403


def test_missing_root_serves_404s_and_added_pages(
    tmp_path: Path, site_factory: Callable[[Path], SiteServer]
) -> None:
    server = site_factory(tmp_path / "does-not-exist")
    assert get(server, "/")[0].status == 404
    server.set_body("/added", "<p>added</p>")
    assert get(server, "/added")[1] == b"<p>added</p>"


def test_bundled_pages_are_the_default_root() -> None:
    with SiteServer() as server:
        assert server.root == PAGES
        assert server.base_url == f"http://127.0.0.1:{server.port}"
        assert server.url("page") == server.url("/page") == server.base_url + "/page"


def test_etag_and_last_modified(server: SiteServer, root: Path) -> None:
    os.utime(root / "page.html", (1_700_000_000, 1_700_000_000))
    response, _ = get(server, "/page")
    etag = response.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert response.headers["Last-Modified"] == formatdate(1_700_000_000, usegmt=True)
    # Same bytes, same tag: the tag comes from the body, not from the request.
    assert get(server, "/page")[0].headers["ETag"] == etag


def test_if_none_match_gives_304_without_body(server: SiteServer) -> None:
    etag = get(server, "/page")[0].headers["ETag"]
    response, body = get(server, "/page", {"If-None-Match": etag})
    assert response.status == 304
    assert body == b""
    assert response.headers["ETag"] == etag
    assert get(server, "/page", {"If-None-Match": '"other"'})[0].status == 200
    assert get(server, "/page", {"If-None-Match": f'"x", W/{etag}'})[0].status == 304


def test_if_modified_since(server: SiteServer) -> None:
    last_modified = get(server, "/page")[0].headers["Last-Modified"]
    assert get(server, "/page", {"If-Modified-Since": last_modified})[0].status == 304
    earlier = formatdate(parsedate_to_datetime(last_modified).timestamp() - 60, usegmt=True)
    assert get(server, "/page", {"If-Modified-Since": earlier})[0].status == 200
    assert get(server, "/page", {"If-Modified-Since": "garbage"})[0].status == 200


def test_if_none_match_wins_over_if_modified_since(server: SiteServer) -> None:
    last_modified = get(server, "/page")[0].headers["Last-Modified"]
    response, _ = get(
        server, "/page", {"If-None-Match": '"stale"', "If-Modified-Since": last_modified}
    )
    assert response.status == 200


def test_gzip_for_text_when_asked(server: SiteServer) -> None:
    plain, _ = get(server, "/page")
    response, body = get(server, "/page", {"Accept-Encoding": "gzip, deflate"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == PAGE.encode()
    # Another representation, so another strong validator; it revalidates on its own.
    assert response.headers["ETag"] != plain.headers["ETag"]
    again, _ = get(
        server, "/page", {"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]}
    )
    assert again.status == 304
    refused, _ = get(server, "/page", {"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers
    pdf, _ = get(server, "/docs/report.pdf", {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in pdf.headers


def test_scripted_responses_in_order_then_the_file(server: SiteServer) -> None:
    server.script("/page", [Scripted(503, "busy", {"Retry-After": "7"}), Scripted(200, "one")])
    first, body = get(server, "/page")
    assert (first.status, body, first.headers["Retry-After"]) == (503, b"busy", "7")
    assert get(server, "/page")[1] == b"one"
    assert get(server, "/page")[1] == PAGE.encode()


def test_scripted_repeat_last(server: SiteServer) -> None:
    server.script("/page", [Scripted(500), Scripted(502)], repeat_last=True)
    assert [get(server, "/page")[0].status for _ in range(4)] == [500, 502, 502, 502]


def test_scripted_headers_replace_defaults(server: SiteServer) -> None:
    server.script("/data", [Scripted(200, b"{}", {"content-type": "application/json"})])
    response, _ = get(server, "/data")
    assert response.headers.get_all("Content-Type") == ["application/json"]


def test_scripted_path_with_query(server: SiteServer) -> None:
    server.script("/page?v=2", [Scripted(200, "query")])
    assert get(server, "/page")[1] == PAGE.encode()
    assert get(server, "/page?v=2")[1] == b"query"


def test_set_body_keeps_conditional_get_working(server: SiteServer) -> None:
    server.set_body("/page", "<p>new</p>")
    response, body = get(server, "/page")
    assert body == b"<p>new</p>"
    etag = response.headers["ETag"]
    assert get(server, "/page", {"If-None-Match": etag})[0].status == 304
    server.set_body("/page", "<p>newer</p>")
    changed, body = get(server, "/page", {"If-None-Match": etag})
    assert (changed.status, body) == (200, b"<p>newer</p>")
    assert changed.headers["ETag"] != etag


def test_remove_makes_a_page_404(server: SiteServer) -> None:
    server.remove("/page")
    assert get(server, "/page")[0].status == 404
    server.set_body("/page", "back")
    assert get(server, "/page")[1] == b"back"


def test_requests_are_recorded(server: SiteServer) -> None:
    get(server, "/page?x=1", {"User-Agent": "probe/1", "If-None-Match": '"abc"'})
    get(server, "/nowhere", method="HEAD")
    first, second = server.requests
    assert (first.method, first.path, first.status) == ("GET", "/page?x=1", 200)
    assert first.headers["user-agent"] == "probe/1"
    assert first.headers["if-none-match"] == '"abc"'
    assert first.bytes_sent == len(PAGE)
    assert (second.method, second.path, second.status, second.bytes_sent) == (
        "HEAD",
        "/nowhere",
        404,
        0,
    )
    assert first.time <= second.time <= time.monotonic()
    server.clear_requests()
    assert server.requests == []


def test_delay_holds_the_response(server: SiteServer) -> None:
    server.script("/page", [Scripted(200, "late", delay=0.3)])
    started = time.monotonic()
    assert get(server, "/page")[1] == b"late"
    assert time.monotonic() - started >= 0.3


def test_drip_trickles_the_body(server: SiteServer) -> None:
    server.script("/page", [Scripted(200, b"x" * 40, drip=0.05, drip_size=10)])
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", "/page")
    response = connection.getresponse()
    started = time.monotonic()
    pieces = []
    while piece := response.read1(100):
        pieces.append(piece)
    connection.close()
    assert b"".join(pieces) == b"x" * 40
    assert len(pieces) >= 3
    assert time.monotonic() - started >= 0.1


def test_keep_alive_serves_several_requests_on_one_connection(server: SiteServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    for _ in range(3):
        connection.request("GET", "/page")
        assert connection.getresponse().read() == PAGE.encode()
    connection.close()
    assert len(server.requests) == 3


def test_stop_closes_the_port_and_open_connections(root: Path) -> None:
    server = SiteServer(root).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", "/page")
    connection.getresponse().read()
    server.stop()
    server.stop()  # twice is fine
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2)
    with pytest.raises((http.client.HTTPException, OSError)):
        connection.request("GET", "/page")
        connection.getresponse()
    connection.close()


def test_quiet(server: SiteServer, capfd: pytest.CaptureFixture[str]) -> None:
    get(server, "/page")
    get(server, "/nowhere")
    # A client hanging up mid-body is normal in tests and must not print a traceback either.
    server.script("/page", [Scripted(200, b"x" * 100, drip=0.02, drip_size=10)])
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    raw.sendall(b"GET /page HTTP/1.1\r\nHost: x\r\n\r\n")
    raw.recv(10)
    raw.close()
    # Every handler done, the one that met the hang-up included: anything it printed is out.
    wait_for(lambda: server.open_connections == 0, "the handlers to finish", timeout=10)
    captured = capfd.readouterr()
    assert captured.out == captured.err == ""


def test_command_line_serves_in_the_foreground(root: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sample_site.server", "--root", str(root)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split(" at ", 1)[1].split()[0].rstrip("/")
        host, port = url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        connection.request("GET", "/page")
        assert connection.getresponse().read() == PAGE.encode()
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
