"""Which network addresses the harvester may connect to (a guard against SSRF).

A listing page is content from someone else: its links and its redirects must not turn the
harvester into a way of reaching the machines around it (the cloud metadata service at
169.254.169.254, an admin page on 10.0.0.1, a database on 127.0.0.1). The rule:

- a **public** address may always be reached;
- a **loopback** or **private** address (RFC 1918, the shared 100.64/10, IPv6 ULA fc00::/7) only
  when the configured source the request started from is in that same class, so a sample site
  or mirror on 127.0.0.1 works while a page on 127.0.0.1 still cannot send us to 10.0.0.1;
- **link-local** (169.254/16, fe80::/10: where cloud metadata lives), **unspecified** (0.0.0.0,
  ::) and **reserved** addresses (multicast, documentation, benchmarking, 240/4, broadcast) never;
- a host written as an IP address in **disguise** (an IPv4 address inside IPv6 notation such as
  ``[::ffff:127.0.0.1]``, or a decimal/octal/hex/short IPv4 such as ``2130706433``, ``0x7f.1``,
  ``127.1``) is refused whatever it points at: no real link is written that way, and these forms
  exist to slip past filters like this one.

Host names are resolved once per fetcher and every address they resolve to must pass (a name
that resolves to a private address counts as private). The fetcher then connects to the very
addresses checked, so a DNS answer that changes between check and connection (DNS rebinding)
changes nothing.

``classify`` and ``literal_host`` are pure; ``AddressGuard`` adds the resolver and the cache.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressClass = Literal["public", "loopback", "private", "link_local", "unspecified", "reserved"]
# Classes a configured source can lend to the requests that start from it.
LENDABLE: frozenset[AddressClass] = frozenset({"loopback", "private"})
PUBLIC_ONLY: frozenset[AddressClass] = frozenset({"public"})

_DESCRIPTIONS: dict[AddressClass, str] = {
    "public": "a public address",
    "loopback": "a loopback address (this machine)",
    "private": "a private network address",
    "link_local": "a link-local address (where cloud metadata services live)",
    "unspecified": "the unspecified address",
    "reserved": "a reserved or special-purpose address",
}

_net = ipaddress.ip_network
_UNSPECIFIED = (_net("0.0.0.0/8"), _net("::/128"))
_LOOPBACK = (_net("127.0.0.0/8"), _net("::1/128"))
_LINK_LOCAL = (_net("169.254.0.0/16"), _net("fe80::/10"))
_PRIVATE = (
    _net("10.0.0.0/8"),
    _net("172.16.0.0/12"),
    _net("192.168.0.0/16"),
    _net("100.64.0.0/10"),  # carrier-grade NAT: someone's internal network all the same
    _net("fc00::/7"),  # unique local addresses
    _net("fec0::/10"),  # site-local, deprecated but still routed inside some networks
)
# IPv6 forms that carry an IPv4 address: mapped, NAT64, 6to4, Teredo, compatible.
_MAPPED = _net("::ffff:0:0/96")
_NAT64 = _net("64:ff9b::/96")
_SIX_TO_FOUR = _net("2002::/16")
_TEREDO = _net("2001::/32")
_COMPATIBLE = _net("::/96")


class AddressRefused(Exception):
    """A host the harvester will not connect to; ``str()`` says why in one line."""

    def __init__(self, host: str, reason: str) -> None:
        self.host = host
        self.reason = reason
        super().__init__(reason)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64 or (address in _COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address; the server part is public anyway
    return None


def classify(address: IPAddress) -> AddressClass:
    """The class of an address; IPv6 forms that embed an IPv4 address take its class."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "link_local"  # only link-local addresses carry a zone
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return classify(embedded)
    if any(address in network for network in _UNSPECIFIED):
        return "unspecified"
    if any(address in network for network in _LOOPBACK):
        return "loopback"
    if any(address in network for network in _LINK_LOCAL):
        return "link_local"
    if any(address in network for network in _PRIVATE):
        return "private"
    if address.is_global and not address.is_multicast:
        return "public"
    return "reserved"


def describe(address_class: AddressClass) -> str:
    return _DESCRIPTIONS[address_class]


def trusted_by(classes: Iterable[AddressClass]) -> frozenset[AddressClass]:
    """What a request may reach when it started from a source whose addresses are ``classes``."""
    return PUBLIC_ONLY | (frozenset(classes) & LENDABLE)


def literal_host(host: str) -> IPAddress | None:
    """The address when ``host`` (as in a URL, brackets allowed) is an IP literal, else None.

    Raises AddressRefused for an address in disguise (see the module's docstring).
    """
    bare = host.strip("[]")
    try:
        address = ipaddress.ip_address(bare)  # an IPv6 zone ("%eth0") is kept
    except ValueError:
        address = None
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            raise AddressRefused(
                host,
                f"{host} is an IPv4 address ({embedded}) written as IPv6: "
                "addresses in disguise are not fetched",
            )
        return address
    if address is not None:
        return address
    if _legacy_ipv4(bare) is not None:
        raise AddressRefused(
            host,
            f"{host} is an IPv4 address ({_legacy_ipv4(bare)}) in an unusual numeric form: "
            "addresses in disguise are not fetched",
        )
    return None


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """What inet_aton (and so the resolver) would make of "2130706433", "0x7f.1", "127.1"."""
    if not host or not all(ch in "0123456789abcdefxABCDEFX." for ch in host):
        return None
    if not host[0].isdigit():
        return None  # "abc.def" and friends are names, not numbers
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


Resolver = Callable[[str], list[IPAddress]]


def system_resolver(host: str) -> list[IPAddress]:
    """Every address the system resolver gives for ``host`` (raises socket.gaierror)."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    found: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
        if address not in found:
            found.append(address)
    return found


class AddressGuard:
    """Resolves each host once, checks its addresses, and hands the checked ones to connect to.

    ``allowing(classes)`` sets, for the calling thread, what the request about to be made may
    reach; a connection opened outside it may reach public addresses only. Thread-safe.
    """

    def __init__(self, resolver: Resolver = system_resolver) -> None:
        self._resolver = resolver
        self._lock = threading.Lock()
        self._resolved: dict[str, tuple[IPAddress, ...]] = {}
        self._local = threading.local()

    def addresses(self, host: str) -> tuple[IPAddress, ...]:
        """The host's addresses, resolved on first use (socket.gaierror when it cannot be)."""
        key = host.strip("[]").lower().rstrip(".")
        if not key:
            raise socket.gaierror(socket.EAI_NONAME, "no host name")
        with self._lock:
            known = self._resolved.get(key)
        if known is not None:
            return known
        literal = literal_host(key)
        found = (literal,) if literal is not None else tuple(self._resolver(key))
        if not found:
            raise socket.gaierror(socket.EAI_NONAME, f"no address for {key}")
        with self._lock:
            # Another thread may have resolved it meanwhile: keep the first answer, so
            # everyone connects to what was checked.
            return self._resolved.setdefault(key, found)

    def classes(self, host: str) -> frozenset[AddressClass]:
        """The classes of the host's addresses; empty when it cannot be resolved or is refused."""
        try:
            return frozenset(classify(address) for address in self.addresses(host))
        except (AddressRefused, OSError):
            return frozenset()

    def check(self, host: str, allowed: frozenset[AddressClass]) -> tuple[IPAddress, ...]:
        """The host's addresses if every one is in ``allowed``; AddressRefused otherwise."""
        addresses = self.addresses(host)
        for address in addresses:
            address_class = classify(address)
            if address_class in allowed:
                continue
            shown = host.strip("[]")
            what = f"{shown}" if shown == str(address) else f"{shown} ({address})"
            if address_class in LENDABLE:
                why = "not fetched, since the configured source is not on such a network"
            else:
                why = "not fetched, from any source"
            raise AddressRefused(host, f"{what} is {describe(address_class)}: {why}")
        return addresses

    @contextlib.contextmanager
    def allowing(self, allowed: frozenset[AddressClass]) -> Iterator[None]:
        previous = getattr(self._local, "allowed", None)
        self._local.allowed = allowed
        try:
            yield
        finally:
            self._local.allowed = previous

    def for_connection(self, host: str) -> tuple[IPAddress, ...]:
        """The addresses a new connection to ``host`` may use, checked for the current request."""
        allowed = getattr(self._local, "allowed", None) or PUBLIC_ONLY
        return self.check(host, allowed)
