"""Fixtures shared by the whole test suite.

- No test may reach the network: connecting to, or resolving, anything but the loopback
  interface fails the test (indico's ``disallow_emails`` idea, for sockets).
- ``site`` is the bundled sample site on a real local server; ``site_factory(root)`` serves any
  directory, for tests that build their own pages under ``tmp_path``.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text

from sample_site.server import SiteServer


class NetworkBlocked(RuntimeError):
    """Raised, and the test failed, when code tries to leave the machine."""


_blocked: list[str] = []


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already ask the network


def _refuse(what: str) -> NetworkBlocked:
    _blocked.append(what)
    return NetworkBlocked(f"test tried to reach the network: {what}")


@pytest.fixture(scope="session", autouse=True)
def _no_network() -> Iterator[None]:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def allowed(sock: socket.socket, address: Any) -> bool:
        # Unix sockets are local by nature; for IP, only loopback addresses.
        return sock.family not in (socket.AF_INET, socket.AF_INET6) or _is_loopback(address[0])

    def connect(sock: socket.socket, address: Any) -> None:
        if not allowed(sock, address):
            raise _refuse(f"connect to {address!r}")
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        if not allowed(sock, address):
            raise _refuse(f"connect to {address!r}")
        return real_connect_ex(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            raise _refuse(f"resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


@pytest.fixture(autouse=True)
def _fail_on_blocked_network() -> Iterator[None]:
    # Code under test may catch the NetworkBlocked error (a fetcher turning it into "unreachable",
    # a harvest going on after a failed page); the attempt still fails the test.
    _blocked.clear()
    yield
    if _blocked:
        attempts = ", ".join(_blocked)
        _blocked.clear()
        pytest.fail(f"test tried to reach the network: {attempts}")


@pytest.fixture
def site() -> Iterator[SiteServer]:
    """The bundled sample site, served on 127.0.0.1 (every page a 404 if it is missing)."""
    with SiteServer() as server:
        yield server


@pytest.fixture
def site_factory() -> Iterator[Callable[[Path], SiteServer]]:
    """``site_factory(root)`` starts a server for ``root``; all are stopped after the test."""
    servers: list[SiteServer] = []

    def start(root: Path) -> SiteServer:
        server = SiteServer(root).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def db_url_factory() -> Iterator[Callable[[Path], str]]:
    """A fresh, empty database per call: SQLite under the test's directory by default; on
    PostgreSQL when SCR_DIGEST_TEST_PG_URL names a server (a throwaway database per test)."""
    admin_url = os.environ.get("SCR_DIGEST_TEST_PG_URL")
    created: list[str] = []

    def make(directory: Path) -> str:
        if not admin_url:
            return f"sqlite:///{directory / 'scr-digest.db'}"
        name = f"scr_test_{uuid.uuid4().hex[:12]}"
        _pg_admin(admin_url, f'CREATE DATABASE "{name}"')
        created.append(name)
        return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    yield make
    for name in created:
        _pg_admin(admin_url or "", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()
