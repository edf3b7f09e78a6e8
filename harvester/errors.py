"""How a fetch fails: the one exception the fetcher raises, and the words it uses for the causes.

The reasons are recorded on pages and reports and shown to the board office, so they are short,
free of credentials and the same whichever layer (requests or urllib3 beneath it) raised.
"""

from __future__ import annotations

from typing import Literal

from requests.exceptions import InvalidSchema, InvalidURL, MissingSchema, RequestException
from urllib3.exceptions import (
    ConnectTimeoutError,
    LocationValueError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from common.links import redact_url

FetchErrorKind = Literal[
    "unreachable", "http", "too_large", "timeout", "robots", "scheme", "address"
]


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


def root_cause(error: Exception) -> Exception:
    """The urllib3 exception inside a requests one (and inside urllib3's MaxRetryError).

    requests wraps what urllib3 raised, sometimes twice (``ConnectionError(MaxRetryError(
    reason=NewConnectionError))``); the retry decision and the reasons are about the cause.
    """
    if isinstance(error, RequestException) and error.args:
        inner = error.args[0]
        if isinstance(inner, Exception):
            error = inner
    if isinstance(error, MaxRetryError) and error.reason is not None:
        error = error.reason
    return error


def describe_error(error: Exception) -> tuple[FetchErrorKind, str]:
    """The kind and a short, credential-free description of a network exception."""
    if isinstance(error, (InvalidURL, InvalidSchema, MissingSchema, LocationValueError)):
        return "scheme", "not a valid URL"
    error = root_cause(error)
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
