"""A real HTTP server on 127.0.0.1 for the bundled sample site, the demo and the tests.

It behaves like the small static server a real site would run behind: clean URLs (``/a/b`` serves
``a/b.html``), ETag and Last-Modified with 304 answers, gzip for text. Tests can also script the
next responses for a path (status codes, headers, slow or dripping bodies) and read back every
request it saw, so the fetcher is tested against real sockets rather than mocks.

    with SiteServer() as site:
        site.script("/busy", [Scripted(503, headers={"Retry-After": "1"}), Scripted(200, "ok")])
        fetch(site.url("/busy"))
        assert [seen.status for seen in site.requests] == [503, 200]

``python -m sample_site.server [--port N]`` serves the sample site in the foreground.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import http.server
import logging
import mimetypes
import socket
import ssl
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

from sample_site.govuk import GovukApi

PAGES = Path(__file__).parent / "pages"
HOST = "127.0.0.1"

log = logging.getLogger(__name__)

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
_COMPRESSIBLE = ("text/html", "text/plain")
# Short, so that stop() returns promptly: serve_forever only notices shutdown between polls.
_POLL_INTERVAL = 0.05
_START_TIMEOUT = 5.0


@dataclass(frozen=True)
class Scripted:
    """One canned response. ``body`` may be text (sent as UTF-8).

    ``delay`` waits before the status line (a slow server); ``drip`` waits between pieces of
    ``drip_size`` bytes of the body (a server that trickles its answer). ``headers`` replace the
    defaults (Content-Type from the path, Content-Length from the body) name by name, so a test
    can send a wrong Content-Length or a Content-Encoding of its own.

    ``stream`` makes the body on the fly instead (``body`` is ignored): a function returning the
    chunks, called once per request, so a test can serve a 100 MB page without holding it. No
    Content-Length is sent unless ``headers`` give one; the connection closes after the body.
    """

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0
    drip_size: int = 64
    stream: Callable[[], Iterable[bytes]] | None = None


@dataclass
class Seen:
    """One request as the server received it.

    ``headers`` has lower-case names. ``time`` is ``time.monotonic()`` when the request arrived,
    for measuring the spacing between requests. ``bytes_sent`` counts the body bytes handed to the
    socket, counted just before each write so that a client which has read them sees the count.
    """

    method: str
    path: str
    headers: dict[str, str]
    time: float
    status: int
    bytes_sent: int = 0


@dataclass
class _Reply:
    status: int
    headers: dict[str, str]
    body: bytes = b""
    delay: float = 0.0
    drip: float = 0.0
    drip_size: int = 64
    stream: Callable[[], Iterable[bytes]] | None = None


class SiteServer:
    """Serves ``root`` (default: the bundled sample pages) on 127.0.0.1 in a daemon thread.

    A missing root is not an error: every page is then a 404 unless a test adds it. With
    ``tls`` (a server-side SSLContext) it speaks HTTPS; ``base_url`` still says http, so build
    https URLs from ``port``.
    """

    def __init__(
        self, root: Path | None = None, *, port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.root = Path(root) if root is not None else PAGES
        self.started_at = time.time()
        self._lock = threading.Lock()
        self._seen: list[Seen] = []
        self._scripts: dict[str, deque[Scripted]] = {}
        self._repeat_last: set[str] = set()
        self._bodies: dict[str, tuple[bytes, float]] = {}
        self._removed: set[str] = set()
        # The GOV.UK-like Search and Content API (sample_site.govuk); tests add publications.
        self.govuk = GovukApi()
        self._httpd = _HTTPServer(self, (HOST, port))
        if tls is not None:
            # The handshake waits for the handler's first read, in the handler's own thread,
            # so the accept loop is never held up by a client.
            self._httpd.socket = tls.wrap_socket(
                self._httpd.socket, server_side=True, do_handshake_on_connect=False
            )
        self._thread: threading.Thread | None = None
        self._stopped = False

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + _absolute(path)

    def start(self) -> SiteServer:
        """Start serving; returns once the server loop is answering connections."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL},
            name=f"SiteServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        # The kernel accepts a connection as soon as the socket listens; the probe is there to
        # wake the loop, and the event proves the loop has handled it.
        with socket.create_connection((HOST, self.port), timeout=_START_TIMEOUT):
            pass
        if not self._httpd.running.wait(_START_TIMEOUT):
            raise RuntimeError(f"sample site server on port {self.port} did not start")
        return self

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()
        # Keep-alive connections would otherwise go on being served after stop().
        self._httpd.close_connections()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- scripting ---------------------------------------------------------------------------

    def script(
        self,
        path: str,
        responses: Sequence[Scripted],
        *,
        repeat_last: bool = False,
    ) -> None:
        """Answer the next requests for ``path`` with ``responses`` in order.

        Afterwards the path is served normally, or with the last response forever when
        ``repeat_last`` is set. ``path`` may include a query string to script only that URL.
        """
        if not responses:
            raise ValueError("script() needs at least one response")
        key = _absolute(path)
        with self._lock:
            self._scripts[key] = deque(responses)
            if repeat_last:
                self._repeat_last.add(key)
            else:
                self._repeat_last.discard(key)

    def set_body(self, path: str, body: bytes | str) -> None:
        """Serve ``body`` at ``path`` (adding or replacing a page); conditional GET still works."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        key = urlsplit(_absolute(path)).path
        with self._lock:
            self._bodies[key] = (data, max(time.time(), self.started_at))
            self._removed.discard(key)

    def remove(self, path: str) -> None:
        """Make ``path`` a 404, whatever is on disk."""
        key = urlsplit(_absolute(path)).path
        with self._lock:
            self._bodies.pop(key, None)
            self._removed.add(key)

    @property
    def requests(self) -> list[Seen]:
        """A snapshot of the requests seen so far, oldest first."""
        with self._lock:
            return list(self._seen)

    @property
    def open_connections(self) -> int:
        """Connections being served now: a response still being written (or failing to be,
        to a client that hung up) counts until its handler has given up."""
        with self._httpd._connections_lock:
            return len(self._httpd._connections)

    def clear_requests(self) -> None:
        with self._lock:
            self._seen.clear()

    # -- used by the handler ----------------------------------------------------------------

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self._seen.append(seen)

    def _next_scripted(self, target: str) -> Scripted | None:
        with self._lock:
            for key in (target, urlsplit(target).path):
                queue = self._scripts.get(key)
                if not queue:
                    continue
                if len(queue) == 1 and key in self._repeat_last:
                    return queue[0]
                response = queue.popleft()
                if not queue:
                    del self._scripts[key]
                return response
        return None

    def _reply(self, target: str, request_headers: Mapping[str, str]) -> _Reply:
        scripted = self._next_scripted(target)
        if scripted is not None:
            return _scripted_reply(urlsplit(target).path, scripted)
        path = urlsplit(target).path or "/"
        with self._lock:
            removed = path in self._removed
            override = self._bodies.get(path)
        if removed:
            return _plain(404, "Not Found")
        if override is not None:
            body, modified = override
            return _page_reply(body, modified, _content_type(path), request_headers)
        if path == "/api/search.json" or path.startswith("/api/content/"):
            return self._govuk_reply(target, request_headers)
        return self._file_reply(path, request_headers)

    def _govuk_reply(self, target: str, request_headers: Mapping[str, str]) -> _Reply:
        parts = urlsplit(target)
        if parts.path == "/api/search.json":
            status, body = self.govuk.search(parts.query)
        else:
            status, body = self.govuk.content(unquote(parts.path).removeprefix("/api/content"))
        if status != 200:
            headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
            return _Reply(status, headers, body)
        return _page_reply(body, self.started_at, "application/json", request_headers)

    def _file_reply(self, path: str, request_headers: Mapping[str, str]) -> _Reply:
        relative = unquote(path).lstrip("/")
        if "\x00" in relative or ".." in relative.split("/") or "\\" in relative:
            return _plain(403, "Forbidden")
        root = self.root.resolve()
        if relative == "" or relative.endswith("/"):
            candidate = root / relative / "index.html"
        else:
            plain = root / relative
            html = plain.with_name(plain.name + ".html")
            if html.is_file():
                candidate = html
            elif plain.is_dir() and (plain / "index.html").is_file():
                # What a real static server does, so relative links on the index page resolve.
                return _Reply(301, {"Location": path + "/", "Content-Length": "0"})
            else:
                candidate = plain
        resolved = candidate.resolve()
        # Symlinks can point outside the root even when the path has no "..".
        if not resolved.is_relative_to(root):
            return _plain(403, "Forbidden")
        if not resolved.is_file():
            return _plain(404, "Not Found")
        return _page_reply(
            resolved.read_bytes(),
            resolved.stat().st_mtime,
            _content_type(resolved.name),
            request_headers,
        )


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: SiteServer, address: tuple[str, int]) -> None:
        self.site = site
        self.running = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def service_actions(self) -> None:
        self.running.set()

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients hanging up mid-response are normal here (tests do it on purpose).
        log.debug("error while serving %s", client_address, exc_info=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer
    # Idle keep-alive connections give up after this long rather than pin a thread forever.
    timeout = 30
    # Headers and body go out in separate writes; with Nagle on, the body waits for the client's
    # delayed ACK and every response costs ~40 ms on loopback.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _respond(self, *, head: bool) -> None:
        arrived = time.monotonic()
        site = self.server.site
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = site._reply(self.path, headers)
        seen = Seen(self.command, self.path, headers, arrived, reply.status)
        site._record(seen)
        if reply.delay:
            time.sleep(reply.delay)
        no_body = head or reply.status in (204, 304) or reply.status < 200
        body = b"" if no_body else reply.body
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if reply.drip > 0:
                step = max(1, reply.drip_size)
                for start in range(0, len(body), step):
                    time.sleep(reply.drip)
                    # counted before writing, so a client that has read it sees the count
                    seen.bytes_sent += len(body[start : start + step])
                    self.wfile.write(body[start : start + step])
            elif reply.stream is not None and not no_body:
                for chunk in reply.stream():
                    seen.bytes_sent += len(chunk)
                    self.wfile.write(chunk)
            elif body:
                seen.bytes_sent = len(body)
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        # A scripted, deliberately wrong Content-Length leaves the connection unusable.
        if not no_body and reply.headers.get("Content-Length") != str(len(body)):
            self.close_connection = True


def _absolute(path: str) -> str:
    return path if path.startswith("/") else "/" + path


def _content_type(name: str) -> str:
    suffix = Path(urlsplit(name).path).suffix.lower()
    if not suffix:
        return _CONTENT_TYPES[".html"]  # clean URLs are pages
    if suffix in _CONTENT_TYPES:
        return _CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type("x" + suffix)
    return guessed or "application/octet-stream"


def _plain(status: int, text: str) -> _Reply:
    body = f"{status} {text}\n".encode()
    return _Reply(
        status, {"Content-Type": _CONTENT_TYPES[".txt"], "Content-Length": str(len(body))}, body
    )


def _scripted_reply(path: str, scripted: Scripted) -> _Reply:
    body = scripted.body.encode("utf-8") if isinstance(scripted.body, str) else scripted.body
    headers = {"Content-Type": _content_type(path), "Content-Length": str(len(body))}
    if scripted.stream is not None:
        # Without a length the end of the body is the end of the connection (RFC 9112 6.3).
        body = b""
        headers = {"Content-Type": _content_type(path), "Connection": "close"}
    for name, value in scripted.headers.items():
        for existing in [key for key in headers if key.lower() == name.lower()]:
            del headers[existing]
        headers[name] = value
    return _Reply(
        scripted.status,
        headers,
        body,
        scripted.delay,
        scripted.drip,
        scripted.drip_size,
        scripted.stream,
    )


def _page_reply(
    body: bytes, modified: float, content_type: str, request_headers: Mapping[str, str]
) -> _Reply:
    etag = '"' + hashlib.sha256(body).hexdigest()[:16]
    headers = {"Content-Type": content_type}
    use_gzip = False
    if content_type.startswith(_COMPRESSIBLE):
        headers["Vary"] = "Accept-Encoding"
        use_gzip = _accepts_gzip(request_headers.get("accept-encoding", ""))
    if use_gzip:
        # A strong ETag names one representation, and the gzipped bytes are another one.
        etag += '-gzip"'
        body = gzip.compress(body, mtime=0)
        headers["Content-Encoding"] = "gzip"
    else:
        etag += '"'
    headers["ETag"] = etag
    headers["Last-Modified"] = formatdate(int(modified), usegmt=True)
    if _not_modified(request_headers, etag, int(modified)):
        # RFC 9110 15.4.5: a 304 carries the validators, not the representation's metadata.
        return _Reply(
            304,
            {
                name: value
                for name, value in headers.items()
                if name in ("ETag", "Last-Modified", "Vary")
            },
        )
    headers["Content-Length"] = str(len(body))
    return _Reply(200, headers, body)


def _accepts_gzip(accept_encoding: str) -> bool:
    for item in accept_encoding.split(","):
        token, _, params = item.partition(";")
        if token.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = params.strip().lower().removeprefix("q=")
            try:
                return not params.strip() or float(quality) > 0
            except ValueError:
                return True
    return False


def _not_modified(request_headers: Mapping[str, str], etag: str, modified: int) -> bool:
    # RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since only counts without it.
    if_none_match = request_headers.get("if-none-match")
    if if_none_match is not None:
        wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in wanted or etag in wanted
    if_modified_since = request_headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return modified <= since
    return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_site.server",
        description="Serve the bundled sample site on 127.0.0.1 until interrupted.",
    )
    parser.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    parser.add_argument("--root", type=Path, default=None, help="directory to serve")
    args = parser.parse_args(argv)
    with SiteServer(args.root, port=args.port) as site:
        print(f"Serving {site.root} at {site.base_url}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
