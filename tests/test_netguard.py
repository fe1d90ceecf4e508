"""The address guard: refused ranges, refusal before any request, refusal on a redirect hop, pinning."""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from claimdesk.errors import FetchError
from claimdesk.fetch import FetchOptions, fetch_url, make_client
from claimdesk.netguard import AddressPolicy, GuardedBackend, refusal_reason, system_resolver
from localserver import LocalServer


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "224.0.0.251",
        "240.0.0.1",
        "255.255.255.255",
        "0.0.0.0",
        "192.0.0.8",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "2002:7f00:0001::",
        "2002:a9fe:a9fe::1",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b::7f00:1",
        "64:ff9b:1:7f00:0:100:808:808",  # local-use NAT64: the translator decides where it goes
        "fec0::1",  # deprecated site-local
        "2001:db8::1",
    ],
)
def test_refused_addresses(address):
    assert refusal_reason(ipaddress.ip_address(address)) is not None
    assert AddressPolicy().reason_to_refuse(address) is not None


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_pass(address):
    assert AddressPolicy().reason_to_refuse(address) is None


def test_policy_allowlist_and_allow_private():
    policy = AddressPolicy.allowing(["127.0.0.2/32"])
    assert policy.reason_to_refuse("127.0.0.2") is None
    assert policy.reason_to_refuse("127.0.0.1") == "loopback"
    assert AddressPolicy(allow_private=True).reason_to_refuse("10.0.0.1") is None


def test_a_host_is_refused_if_any_of_its_addresses_is():
    with pytest.raises(FetchError) as info:
        AddressPolicy().check("mixed.example", ["8.8.8.8", "10.0.0.1"])
    assert info.value.kind == "blocked_address"


@pytest.mark.asyncio
async def test_127_and_localhost_refused_and_nothing_sent():
    with LocalServer({"/": lambda h: h.reply(200, b"hi")}) as server:
        opts = FetchOptions(timeout=5)
        async with make_client(opts) as client:
            by_ip = await fetch_url(server.url("/"), client=client, options=opts)
            by_name = await fetch_url(server.url("/", host="localhost"), client=client, options=opts)
        assert by_ip.error == "blocked_address" and by_name.error == "blocked_address"
        assert "loopback" in by_name.error_detail
        assert server.requests == []


@pytest.mark.asyncio
async def test_allow_private_lifts_the_guard():
    with LocalServer({"/": lambda h: h.reply(200, b"hi")}) as server:
        opts = FetchOptions(timeout=5, policy=AddressPolicy(allow_private=True))
        async with make_client(opts) as client:
            result = await fetch_url(server.url("/", host="localhost"), client=client, options=opts)
        assert result.error is None and result.body == b"hi"


@pytest.mark.asyncio
async def test_redirect_to_a_refused_address_is_refused_at_that_hop():
    """127.0.0.2 is allowed, 127.0.0.1 is not: the second hop is refused and never sent."""
    with LocalServer({"/secret": lambda h: h.reply(200, b"internal")}, host="127.0.0.1") as inner:
        target = inner.url("/secret")
        with LocalServer({"/go": lambda h: h.redirect(target)}, host="127.0.0.2") as outer:
            opts = FetchOptions(timeout=5, policy=AddressPolicy.allowing(["127.0.0.2/32"]))
            async with make_client(opts) as client:
                result = await fetch_url(outer.url("/go"), client=client, options=opts)
            assert outer.hits("/go") == 1
        assert result.error == "blocked_address"
        assert result.redirects == [
            {**result.redirects[0], "url": outer.url("/go"), "status_code": 302, "location": target}
        ]
        assert inner.requests == []


@pytest.mark.asyncio
async def test_a_name_resolving_to_a_refused_address_is_refused():
    async def resolver(host: str, port: int) -> list[str]:
        return {"news.example": ["127.0.0.1"]}[host]

    with LocalServer({"/": lambda h: h.reply(200, b"hi")}) as server:
        opts = FetchOptions(timeout=5)
        async with make_client(opts, resolver) as client:
            result = await fetch_url(
                f"http://news.example:{server.port}/", client=client, options=opts, resolver=resolver
            )
        assert result.error == "blocked_address"
        assert server.requests == []


@pytest.mark.asyncio
async def test_transport_connects_to_the_checked_address_keeping_the_host_header():
    """DNS rebinding: the pre-check saw one answer, the connection resolves again and is checked again."""
    answers = {"count": 0}

    async def rebinding(host: str, port: int) -> list[str]:
        answers["count"] += 1
        return ["127.0.0.2"] if answers["count"] == 1 else ["127.0.0.1"]

    async def pinned(host: str, port: int) -> list[str]:
        return ["127.0.0.2"]

    with LocalServer({"/": lambda h: h.reply(200, h.headers["Host"].encode())}, host="127.0.0.2") as server:
        opts = FetchOptions(timeout=5, policy=AddressPolicy.allowing(["127.0.0.2/32"]))
        url = f"http://news.example:{server.port}/"
        async with make_client(opts, pinned) as client:
            ok = await fetch_url(url, client=client, options=opts, resolver=pinned)
        assert ok.error is None and ok.body == f"news.example:{server.port}".encode()
        async with make_client(opts, rebinding) as client:
            rebound = await fetch_url(url, client=client, options=opts, resolver=rebinding)
        assert rebound.error == "blocked_address"
        assert len(server.requests) == 1


@pytest.mark.asyncio
async def test_backend_refuses_unix_sockets_and_resolves_with_the_system():
    with pytest.raises(FetchError):
        await GuardedBackend(AddressPolicy()).connect_unix_socket("/tmp/x.sock")
    assert "127.0.0.1" in await system_resolver("localhost", 80)
    with pytest.raises(FetchError) as info:
        await system_resolver("no-such-host.invalid", 80)
    assert info.value.kind == "dns"


def test_guarded_transport_is_an_httpx_transport():
    from claimdesk.netguard import GuardedTransport

    assert isinstance(GuardedTransport(AddressPolicy()), httpx.AsyncHTTPTransport)


@pytest.mark.asyncio
async def test_unresolvable_host_is_a_dns_error_even_when_private_is_allowed():
    opts = FetchOptions(timeout=5, retries=0, policy=AddressPolicy(allow_private=True))
    async with make_client(opts) as client:
        result = await fetch_url("http://no-such-host.invalid/", client=client, options=opts)
    assert result.error == "dns"
