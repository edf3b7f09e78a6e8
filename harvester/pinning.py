"""Connections that go only to the addresses ``harvester.addresses`` checked, and the requests
session built on them (the pattern of Advocate: an adapter whose pool manager makes pinned
connections).

urllib3 would resolve the name afresh for each new connection, and a name whose answer changes
between our check and that lookup (DNS rebinding) would slip through. A pinned connection keeps
the host name for everything else: the Host header, SNI and the certificate check, so pinning
never weakens TLS.
"""

from __future__ import annotations

import socket
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import Retry
from urllib3.util import connection as urllib3_connection

from harvester.addresses import AddressGuard

POOL_SIZE = 4  # connections kept per host


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


def pinned_pools(guard: AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
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


class PinnedAdapter(HTTPAdapter):
    """requests' adapter with a pool manager of pinned connections, sending each request once.

    ``max_retries`` allows none: urllib3's own loop would retry at once and sleep on
    ``time.sleep``, past our throttle, robots check and clock (see ``harvester.retry``).
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard  # before super().__init__, which builds the pool manager
        super().__init__(
            pool_maxsize=POOL_SIZE,
            max_retries=Retry(total=0, read=False, redirect=False, raise_on_status=False),
        )

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        manager: PoolManager = self.poolmanager
        manager.pool_classes_by_scheme = pinned_pools(self._guard)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)
        if verify is True:
            # Trust what the system trusts (its store, SSL_CERT_FILE), as urllib3 does, rather
            # than certifi's copy: a board office behind its own CA must work as it did.
            conn.ca_certs = None
            conn.ca_cert_dir = None


class _OwnRedirects(requests.Session):
    def get_redirect_target(self, resp: requests.Response) -> str | None:
        # Even with allow_redirects=False, requests reads a redirect's whole body (uncapped,
        # gunzipped, with no deadline) to prepare the request it would send next; our loop
        # follows redirects itself, so there is never a next request for requests to prepare.
        return None


def pinned_session(guard: AddressGuard, headers: dict[str, str]) -> requests.Session:
    """A session that sends exactly the requests it is given to the addresses ``guard`` checked.

    Nothing from the environment: proxies and .netrc would route around the pinning or add
    credentials (``trust_env``). No cookies kept, no headers of requests' own: each request is
    what it was before requests, ``headers`` and the conditional ones. One session serves every
    thread: what makes a Session unsafe to share is state that changes per request (cookies,
    settings merged from the environment), and this one has none; the pool manager is
    thread-safe.
    """
    session = _OwnRedirects()
    session.trust_env = False
    session.headers.clear()
    session.headers.update(headers)
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    adapter = PinnedAdapter(guard)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
