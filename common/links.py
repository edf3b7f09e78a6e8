"""Links from outside: which survive, how they are shown, and how they are logged."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from common.text import INVISIBLE

SAFE_SCHEMES = ("http", "https")
# What may stay unescaped in a link's path, query and fragment: RFC 3986's reserved and
# unreserved characters, and "%" so existing escapes are kept as they are.
_URL_SAFE = "/?#[]@!$&'()*+,;=-._~:%"
_PASSWORD = re.compile(r"(//[^:/@\s]*:)[^@/\s]*@")


def web_link(url: object) -> str | None:
    """The address if it is an http(s) link with a host; anything else is never a link."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in SAFE_SCHEMES and parts.hostname else None


def ascii_link(href: object, base_url: str | None = None) -> str | None:
    """An absolute http(s) URL in plain ASCII, as it should be shown and followed, or None.

    ``href`` is resolved against ``base_url`` when given (a link scraped from a page).
    javascript:, data:, vbscript:, mailto: and the like never survive. What survives is shown
    as what it really is: a host in another script becomes its punycode form (the Cyrillic "о"
    of ``nspcc.оrg.uk`` turns the host into ``nspcc.xn--rg-...uk``, not a look-alike of the
    real one), any user name is dropped (``https://nspcc.org.uk@elsewhere.example/`` goes to
    ``elsewhere.example``, so says so), and other non-ASCII characters, bidi overrides
    included, are percent-encoded.
    """
    if not isinstance(href, str) or not href:
        return None
    if base_url is None and web_link(href) is None:
        return None  # a stored address must already be a whole http(s) link
    text = INVISIBLE.sub("", href).strip()
    try:
        if base_url is not None:
            text = urljoin(base_url, text)  # "http://[::1" is a ValueError on newer Pythons
        parts = urlsplit(text)
        port = parts.port  # ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return None
    host = parts.hostname
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None  # not a name any resolver would accept
    if ":" in host:
        host = f"[{host}]"
    return urlunsplit(
        (
            parts.scheme.lower(),
            host if port is None else f"{host}:{port}",
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


def foreign_host(url: str | None) -> str:
    """The host of ``url`` when it is an internationalised (``xn--``) one, else ""."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host if any(label.startswith("xn--") for label in host.split(".")) else ""


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***``, fit for messages and logs.

    Works on text that merely contains a URL too (an error message quoting one).
    """
    return _PASSWORD.sub(r"\1***@", url)
