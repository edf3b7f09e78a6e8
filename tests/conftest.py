"""Fixtures shared by the whole test suite.

- No test may reach the network: connecting to, or resolving, anything but the loopback
  interface fails the test (indico's ``disallow_emails`` idea, for sockets).
- ``demo_run`` is one ``scr-digest demo``, shared by the tests that read its output.
- ``site`` is the bundled sample site on a real local server; ``site_factory(root)`` serves any
  directory, for tests that build their own pages under ``tmp_path``.
- ``smtp_server`` is a real SMTP server (aiosmtpd) on 127.0.0.1 that records what it receives
  and refuses on cue; ``smtp_server_factory(**options)`` starts one with TLS or login.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shutil
import socket
import ssl
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

# The web console's fixtures, for every test (tests/console_helpers.py).
from console_helpers import console_app, console_app_factory, signed_in_client  # noqa: F401
from demo_helpers import demo_run  # noqa: F401
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, make_url, text

from db import open_database
from sample_site.server import SiteServer

# Hypothesis: "ci" (the default) is derandomized, so a CI failure reproduces on any machine from
# the test alone and a green run stays green; its examples still vary per test. No deadline: two
# shared cores make timings noise. `HYPOTHESIS_PROFILE=dev` searches ten times harder, at random.
hypothesis_settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "dev", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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


@dataclass(frozen=True)
class _Template:
    """A database migrated to head once per session, copied for every test that wants one:
    running all the migrations costs a test about 0.15 s (SQLite) where a copy costs 0.02 s."""

    admin_url: str | None  # PostgreSQL: the server's admin URL; None: SQLite
    name: str  # PostgreSQL: the template database; SQLite: the template file


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Template]:
    admin_url = os.environ.get("SCR_DIGEST_TEST_PG_URL")
    if not admin_url:
        path = tmp_path_factory.mktemp("template") / "scr-digest.db"
        open_database(f"sqlite:///{path}").close()
        # Closing the last connection checkpoints the WAL into the file: the file is all of it.
        assert not path.with_name(path.name + "-wal").exists()
        yield _Template(None, str(path))
        return
    name = f"scr_template_{uuid.uuid4().hex[:12]}"
    _pg_admin(admin_url, f'CREATE DATABASE "{name}"')
    try:
        # Closed before any copy: PostgreSQL copies a template only while no one is connected.
        open_database(_pg_url(admin_url, name)).close()
        yield _Template(admin_url, name)
    finally:
        _pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url_factory(_migrated_template: _Template) -> Iterator[Callable[..., str]]:
    """``db_url_factory(directory)``: a database of the current schema, with no rows, per call:
    SQLite under ``directory`` by default; on PostgreSQL when SCR_DIGEST_TEST_PG_URL names a
    server (a throwaway database per test). ``migrated=False`` gives an empty one instead, for
    tests of what the first use of a database does."""
    admin_url = _migrated_template.admin_url
    created: list[str] = []

    def make(directory: Path, *, migrated: bool = True) -> str:
        if not admin_url:
            path = directory / "scr-digest.db"
            if migrated and not path.exists():
                directory.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(_migrated_template.name, path)
            return f"sqlite:///{path}"
        name = f"scr_test_{uuid.uuid4().hex[:12]}"
        template = f' TEMPLATE "{_migrated_template.name}"' if migrated else ""
        _pg_admin(admin_url, f'CREATE DATABASE "{name}"{template}')
        created.append(name)
        return _pg_url(admin_url, name)

    yield make
    for name in created:
        _pg_admin(admin_url or "", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_url(admin_url: str, database: str) -> str:
    return make_url(admin_url).set(database=database).render_as_string(hide_password=False)


def _pg_admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


# ---------------------------------------------------------------- a real SMTP server (aiosmtpd)


@dataclass
class ReceivedMail:
    """One message as the SMTP server received it."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    peer: Any

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=email_policy.default)  # type: ignore


class SMTPRecorder:
    """aiosmtpd handler that keeps every message and refuses on cue.

    - ``reject[address] = "550 5.1.1 …"``: refuse that recipient at RCPT;
    - ``accept_limit = n``: after n messages, answer DATA with ``refusal`` (a 421 also closes
      the connection, as real servers do);
    - ``before_accept(mail)``: called when a message has arrived, before it is accepted.
    ``sessions`` holds the client address of each connection that said EHLO or HELO.
    """

    def __init__(self) -> None:
        self.messages: list[ReceivedMail] = []
        self.reject: dict[str, str] = {}
        self.accept_limit: int | None = None
        self.refusal = "421 4.3.2 Service not available, closing the connection"
        self.before_accept: Callable[[ReceivedMail], None] | None = None
        self.sessions: list[Any] = []
        self.logins: list[str] = []

    def _greeted(self, session: Any) -> None:
        if session.peer not in self.sessions:
            self.sessions.append(session.peer)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self._greeted(session)
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        session.host_name = hostname
        self._greeted(session)
        return f"250 {server.hostname}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.reject.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.accept_limit is not None and len(self.messages) >= self.accept_limit:
            if self.refusal.startswith("421"):
                asyncio.get_running_loop().call_soon(server.transport.close)
            return self.refusal
        mail = ReceivedMail(
            envelope.mail_from,
            list(envelope.rcpt_tos),
            bytes(envelope.original_content),
            session.peer,
        )
        if self.before_accept is not None:
            self.before_accept(mail)
        self.messages.append(mail)
        return "250 2.0.0 OK: queued"


class _LoopbackController(Controller):
    """aiosmtpd's threaded controller on 127.0.0.1, port 0 (the chosen port read back)."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SMTPServer:
    """A real SMTP server on 127.0.0.1 for one test; ``smtp_kwargs`` go to aiosmtpd's SMTP
    (``tls_context``, ``auth_required``, ``authenticator`` …); ``ssl_context`` makes it SMTPS."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None, **smtp_kwargs: Any) -> None:
        self.handler = SMTPRecorder()
        self._controller = _LoopbackController(
            self.handler,
            hostname="127.0.0.1",
            port=0,
            ssl_context=ssl_context,
            server_hostname="smtp.test.localhost",
            **smtp_kwargs,
        )
        self._scheme = "smtps" if ssl_context else "smtp"

    def start(self) -> SMTPServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop(no_assert=True)

    def __enter__(self) -> SMTPServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._controller.port

    @property
    def url(self) -> str:
        return f"{self._scheme}://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[ReceivedMail]:
        return self.handler.messages


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """A real SMTP server on 127.0.0.1 recording what it receives (see SMTPRecorder)."""
    with SMTPServer() as server:
        yield server


@pytest.fixture
def smtp_server_factory() -> Iterator[Callable[..., SMTPServer]]:
    """``smtp_server_factory(**options)`` starts a configured server (TLS, login, …)."""
    servers: list[SMTPServer] = []

    def start(**options: Any) -> SMTPServer:
        server = SMTPServer(**options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
