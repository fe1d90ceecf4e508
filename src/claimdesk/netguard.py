"""The address guard: which hosts claimdesk may connect to, checked on the address it connects to.

A URL names a host; what matters is the address a connection actually goes to. The guard therefore
works in two places:

- ``check_url`` resolves a URL's host before a request is sent, so a refused URL becomes a
  ``blocked_address`` snapshot with nothing sent;
- ``GuardedBackend`` is an httpcore network backend that resolves the host again at connect time,
  checks every address and connects to the checked address itself (Host header and TLS SNI stay
  the hostname, since httpcore takes them from the request). A DNS answer that changes between the
  two lookups (rebinding) is refused at connect time.

Refused: loopback, private, link-local, shared address space (CGNAT 100.64/10), multicast,
reserved, unspecified and anything else Python does not call global, and the IPv6 forms that embed
such an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, NAT64); Teredo
is refused as Python's ``is_global`` refuses 2001::/23.

Tests and intranets loosen the policy with ``AddressPolicy(allow_private=True)`` (everything) or
``AddressPolicy(allow=[...networks...])`` (just those networks).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from claimdesk.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# host, port -> the addresses it resolves to, as strings
Resolver = Callable[[str, int], Awaitable[list[str]]]

SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
# IETF protocol assignments: not all of 192.0.0.0/24 is flagged by every Python version
PROTOCOL_ASSIGNMENTS = ipaddress.ip_network("192.0.0.0/24")
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"),)  # the /48 local-use prefix is in REFUSED_IPV6
ALLOWED_SCHEMES = ("http", "https")


class BlockedAddress(FetchError):
    """A host that resolves to an address the policy refuses."""

    def __init__(self, message: str):
        super().__init__("blocked_address", message)


class DNSFailure(FetchError):
    """A host name that does not resolve."""

    def __init__(self, message: str):
        super().__init__("dns", message)


class InvalidURL(FetchError):
    """A URL that cannot be fetched: not http(s), no host, unparsable."""

    def __init__(self, message: str):
        super().__init__("invalid_url", message)


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the event loop's getaddrinfo (the system resolver, off the loop thread)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise DNSFailure(f"{host}: {e}") from e
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in addresses:
            addresses.append(address)
    return addresses


# IPv6 ranges refused outright: the local-use NAT64 prefix (RFC 8215) maps into whatever the local
# translator chooses, with the IPv4 address at other bits than the well-known /96; and the
# deprecated site-local range, which some Python versions count as global.
REFUSED_IPV6 = (
    (ipaddress.IPv6Network("64:ff9b:1::/48"), "local-use NAT64 (RFC 8215)"),
    (ipaddress.IPv6Network("fec0::/10"), "site-local (deprecated)"),
)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, for the transition forms that carry one."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    for prefix in NAT64_PREFIXES:
        if address in prefix:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    packed = address.packed
    if packed[:12] == bytes(12) and int(address) > 1:
        # IPv4-compatible (::a.b.c.d, deprecated); :: and ::1 are handled as themselves
        return ipaddress.IPv4Address(packed[12:])
    return None


def refusal_reason(address: IPAddress) -> str | None:
    """Why the default policy refuses ``address``, or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        for network, why in REFUSED_IPV6:
            if address in network:
                return why
        inner = embedded_ipv4(address)
        if inner is not None:
            reason = refusal_reason(inner)
            return f"embeds {inner}: {reason}" if reason else None
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("shared address space (CGNAT)", address in SHARED_ADDRESS_SPACE),
        ("IETF protocol assignment", address in PROTOCOL_ASSIGNMENTS),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not globally routable", not address.is_global),
    )
    for reason, hit in checks:
        if hit:
            return reason
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be connected to.

    ``allow_private`` lifts the guard entirely; ``allow`` lists networks permitted even though the
    default rules refuse them (e.g. ``["127.0.0.2/32"]`` in a test, or an intranet range).
    """

    allow_private: bool = False
    allow: tuple[IPNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def allowing(cls, networks: Iterable[str]) -> AddressPolicy:
        return cls(allow=tuple(ipaddress.ip_network(n, strict=False) for n in networks))

    def reason_to_refuse(self, address: str | IPAddress) -> str | None:
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        if self.allow_private:
            return None
        if any(ip.version == net.version and ip in net for net in self.allow):
            return None
        return refusal_reason(ip)

    def check(self, host: str, addresses: Sequence[str]) -> None:
        """Raise BlockedAddress unless every address of ``host`` is allowed."""
        if not addresses:
            raise DNSFailure(f"{host}: no addresses")
        for address in addresses:
            reason = self.reason_to_refuse(address)
            if reason:
                raise BlockedAddress(f"{host} resolves to {address} ({reason})")


def ip_literal(host: str) -> str | None:
    """The address itself when ``host`` is an IP literal (brackets allowed), else None."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


async def resolve_checked(host: str, port: int, policy: AddressPolicy, resolver: Resolver) -> list[str]:
    """The addresses of ``host`` after the policy allowed every one of them."""
    literal = ip_literal(host)
    # resolved here even when everything is allowed, so a DNS failure is reported as one
    addresses = [literal] if literal is not None else await resolver(host, port)
    policy.check(host, addresses)
    return addresses


async def check_url(url: httpx.URL, policy: AddressPolicy, resolver: Resolver) -> list[str]:
    """Refuse a URL the guard would not connect to; return the host's checked addresses."""
    if url.scheme not in ALLOWED_SCHEMES:
        raise InvalidURL(f"not an http(s) URL: {url}")
    if not url.host:
        raise InvalidURL(f"no host in URL: {url}")
    return await resolve_checked(url.host, url.port or (443 if url.scheme == "https" else 80), policy, resolver)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that connects only to addresses the policy allows, resolved and checked here.

    httpcore hands ``connect_tcp`` the URL's host; this backend resolves it, checks all its
    addresses and opens the TCP connection to the first checked one that accepts it. TLS is started
    afterwards by httpcore with ``server_hostname`` taken from the request, so SNI and certificate
    checks still use the hostname.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        resolver: Resolver = system_resolver,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ):
        self.policy = policy
        self.resolver = resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve_checked(host, port, self.policy, self.resolver)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last_error = e
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


@functools.lru_cache(maxsize=2)
def shared_ssl_context(verify: bool) -> ssl.SSLContext:
    """One TLS context per verify setting: loading the CA bundle takes ~40 ms, and a context is
    safe to share between connections and transports."""
    return httpx.create_ssl_context(verify=verify, trust_env=False)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool built on ``GuardedBackend``.

    httpx has no public hook for the network backend, so the pool httpx built is replaced by an
    equivalent one that uses the guarded backend (``_pool`` is the attribute httpx sends through).
    Proxies are not supported: a proxy would connect on our behalf to unchecked addresses.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        resolver: Resolver = system_resolver,
        *,
        limits: httpx.Limits | None = None,
        verify: bool = True,
        retries: int = 0,
    ):
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        ssl_context = shared_ssl_context(verify)
        super().__init__(limits=limits, verify=ssl_context, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            retries=retries,
            network_backend=GuardedBackend(policy, resolver),
        )
