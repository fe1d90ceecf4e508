"""fetch_url against real local servers: redirects, retries, limits, deadlines."""

from __future__ import annotations

import asyncio
import resource
import time
from datetime import UTC, datetime

import httpx
import pytest

from claimdesk.fetch import FetchOptions, HostGate, fetch_url, make_client, retry_after_seconds
from claimdesk.netguard import AddressPolicy
from localserver import Handler, LocalServer, drip, endless, gzip_bomb, html_page

LOOPBACK = AddressPolicy.allowing(["127.0.0.0/8"])


class RecordingClock:
    """Real time, but sleeps are recorded and cut short so retry tests stay fast."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(0)


def options(**kw: object) -> FetchOptions:
    base: dict = {"policy": LOOPBACK, "timeout": 5.0, "backoff": 0.01}
    base.update(kw)
    return FetchOptions(**base)


async def fetch(url: str, opts: FetchOptions | None = None, **kw):
    opts = opts or options()
    async with make_client(opts) as client:
        return await fetch_url(url, client=client, options=opts, **kw)


@pytest.fixture
def server():
    page = html_page("Council budget", ["The council raised the budget by 4.5 per cent in March 2023."]).encode()
    routes = {
        "/page": lambda h: h.reply(200, page),
        "/r1": lambda h: h.redirect("/r2", 301),
        "/r2": lambda h: h.redirect("/r3", 302),
        "/r3": lambda h: h.redirect("/page", 307),
        "/loop-a": lambda h: h.redirect("/loop-b"),
        "/loop-b": lambda h: h.redirect("/loop-a"),
        "/short": lambda h: h.redirect("/r1", 301),
        "/500": lambda h: h.reply(500, b"oops"),
        "/endless": endless,
        "/drip": drip,
    }
    with LocalServer(routes) as s:
        yield s


@pytest.mark.asyncio
async def test_plain_page_has_body_headers_and_user_agent(server):
    result = await fetch(server.url("/page"))
    assert result.error is None and result.status_code == 200
    assert b"Council budget" in result.body
    assert result.content_type == "text/html"
    assert result.final_url == server.url("/page")
    assert result.redirects == []
    ua = server.requests[-1][1]["User-Agent"]
    assert ua.startswith("claimdesk/") and "fact-checking archiver" in ua


@pytest.mark.asyncio
async def test_redirect_chain_records_every_hop(server):
    result = await fetch(server.url("/short"))
    assert result.error is None
    assert result.final_url == server.url("/page")
    assert [(h["url"], h["status_code"], h["location"]) for h in result.redirects] == [
        (server.url("/short"), 301, server.url("/r1")),
        (server.url("/r1"), 301, server.url("/r2")),
        (server.url("/r2"), 302, server.url("/r3")),
        (server.url("/r3"), 307, server.url("/page")),
    ]


@pytest.mark.asyncio
async def test_redirect_loop_is_too_many_redirects(server):
    result = await fetch(server.url("/loop-a"), options(max_redirects=10))
    assert result.error == "too_many_redirects"
    assert len(result.redirects) == 11
    assert server.hits("/loop-a") + server.hits("/loop-b") == 11


@pytest.mark.asyncio
async def test_retry_after_is_honoured_then_200():
    def flaky(h: Handler) -> None:
        if h.hits() == 1:
            h.reply(429, b"slow down", headers={"Retry-After": "2"})
        else:
            h.reply(200, b"<p>fine</p>")

    clock = RecordingClock()
    with LocalServer({"/flaky": flaky}) as s:
        result = await fetch(s.url("/flaky"), clock=clock)
        assert result.error is None and result.status_code == 200 and result.body == b"<p>fine</p>"
        assert clock.sleeps == [2.0]
        assert s.hits("/flaky") == 2 and result.attempts == 2


@pytest.mark.asyncio
async def test_retry_after_is_capped_and_5xx_backs_off_exponentially(server):
    clock = RecordingClock()
    result = await fetch(server.url("/500"), options(retries=3, backoff=0.5), clock=clock)
    assert result.error == "http_status" and result.status_code == 500
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert server.hits("/500") == 4
    assert retry_after_seconds("600", datetime.now(UTC)) == 600
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", datetime.now(UTC)) == 0


@pytest.mark.asyncio
async def test_connect_errors_are_retried_then_reported():
    with LocalServer() as s:
        url = s.url("/gone")
    clock = RecordingClock()  # the server is closed: nothing listens on that port any more
    result = await fetch(url, options(retries=2), clock=clock)
    assert result.error == "connect"
    assert len(clock.sleeps) == 2 and result.attempts == 3


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.asyncio
async def test_gzip_bomb_is_too_large_with_bounded_memory():
    bomb = gzip_bomb(400 << 20)  # 400 MiB of zeros in about 400 KB
    assert len(bomb) < 1_000_000

    def route(h: Handler) -> None:
        h.reply(200, bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})

    with LocalServer({"/bomb": route}) as s:
        before = _peak_rss_mb()
        result = await fetch(s.url("/bomb"), options(max_bytes=5_000_000))
        grown = _peak_rss_mb() - before
    assert result.error == "too_large" and result.body is None
    assert grown < 60, f"peak RSS grew by {grown:.0f} MB"


@pytest.mark.asyncio
async def test_gzip_body_within_the_cap_is_decoded():
    from localserver import serve_gzip

    with LocalServer({"/gz": serve_gzip(b"<p>hello gzip</p>" * 100)}) as s:
        result = await fetch(s.url("/gz"))
    assert result.error is None and result.body == b"<p>hello gzip</p>" * 100
    assert result.header("content-encoding") == "gzip"


@pytest.mark.asyncio
async def test_endless_body_is_too_large(server):
    result = await fetch(server.url("/endless"), options(max_bytes=2_000_000))
    assert result.error == "too_large"


@pytest.mark.asyncio
async def test_slow_drip_hits_the_deadline(server):
    started = time.monotonic()
    result = await fetch(server.url("/drip"), options(timeout=1.0))
    assert result.error == "timeout"
    assert time.monotonic() - started < 3
    assert 900 <= result.elapsed_ms < 3000


@pytest.mark.asyncio
async def test_invalid_and_non_http_urls():
    assert (await fetch("ftp://example.org/file")).error == "invalid_url"
    assert (await fetch("http://")).error == "invalid_url"
    assert (await fetch("not a url at all")).error == "invalid_url"


@pytest.mark.asyncio
async def test_per_host_limit_bounds_requests_in_flight():
    in_flight = 0
    peak = 0
    import threading

    lock = threading.Lock()

    def slow(h: Handler) -> None:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.1)
        with lock:
            in_flight -= 1
        h.reply(200, b"ok", content_type="text/plain")

    with LocalServer({"/slow": slow}) as s:
        opts = options()
        gate = HostGate(per_host=2)
        async with make_client(opts) as client:
            results = await asyncio.gather(
                *(fetch_url(s.url("/slow"), client=client, options=opts, gate=gate) for _ in range(6))
            )
    assert all(r.error is None for r in results)
    assert peak == 2


@pytest.mark.asyncio
async def test_per_host_delay_spaces_request_starts():
    starts: list[float] = []

    def stamp(h: Handler) -> None:
        starts.append(time.monotonic())
        h.reply(200, b"ok", content_type="text/plain")

    with LocalServer({"/p": stamp}) as s:
        opts = options()
        gate = HostGate(per_host=4, delay=0.15)
        async with make_client(opts) as client:
            await asyncio.gather(*(fetch_url(s.url("/p"), client=client, options=opts, gate=gate) for _ in range(3)))
    starts.sort()
    assert starts[1] - starts[0] >= 0.12 and starts[2] - starts[1] >= 0.12


@pytest.mark.asyncio
async def test_conditional_request_sends_validators_and_304_is_not_modified():
    from claimdesk.fetch import Conditional

    def etagged(h: Handler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            h.reply(304, b"", content_type=None, headers={"ETag": '"v1"'})
        else:
            h.reply(200, b"<p>v1</p>", headers={"ETag": '"v1"'})

    with LocalServer({"/e": etagged}) as s:
        first = await fetch(s.url("/e"))
        again = await fetch(s.url("/e"), conditional=Conditional(etag=first.header("etag")))
    assert first.status_code == 200 and first.header("etag") == '"v1"'
    assert again.not_modified and again.body is None and again.error is None


def test_mock_transport_client_still_refuses_blocked_hosts():
    """The guard holds even with a client that has no guarded transport (checked before sending)."""
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    async def go():
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return await fetch_url("http://127.0.0.1/x", client=client, options=FetchOptions())

    result = asyncio.run(go())
    assert result.error == "blocked_address" and sent == []
